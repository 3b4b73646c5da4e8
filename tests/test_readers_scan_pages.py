"""The scan front end's page loop: ruled tables found on the page image, the resolution each
page is recognised at, and the engine loaded once per process."""

from __future__ import annotations

import io
from typing import Any

import pytest

from gov_disclosure.readers import scan, scan_pages
from test_readers_scan import _image_pdf, _text_image, needs_ocr

cv2 = pytest.importorskip("cv2")
numpy = pytest.importorskip("numpy")


def _ruled_image(rows: int, columns: int, *, skew: float = 0.0) -> Any:
    """A white 144 dpi A4 page (BGR) with a ruled grid of ``rows`` × ``columns`` cells over
    its lower half, turned by ``skew`` degrees, and a line of text-like strokes above it."""
    image = numpy.full((1684, 1190, 3), 255, dtype=numpy.uint8)
    left, right, top, bottom = 100, 1090, 842, 1500
    for i in range(rows + 1):
        y = top + (bottom - top) * i // rows
        cv2.line(image, (left, y), (right, y), (0, 0, 0), 2)
    for j in range(columns + 1):
        x = left + (right - left) * j // columns
        cv2.line(image, (x, top), (x, bottom), (0, 0, 0), 2)
    for k in range(30):  # strokes the size of printed characters
        cv2.line(image, (100 + 30 * k, 300), (120 + 30 * k, 300), (0, 0, 0), 2)
        cv2.line(image, (110 + 30 * k, 290), (110 + 30 * k, 315), (0, 0, 0), 2)
    if skew:
        turn = cv2.getRotationMatrix2D((595, 842), skew, 1.0)
        image = cv2.warpAffine(image, turn, (1190, 1684), borderValue=(255, 255, 255))
    return image


@pytest.mark.parametrize("skew", [0.0, 1.5])
def test_a_ruled_table_is_found_on_the_page_image(skew: float) -> None:
    assert scan_pages.ruled(_ruled_image(8, 6, skew=skew))


def test_text_alone_or_a_rule_under_a_title_is_no_table() -> None:
    page = numpy.array(_text_image(["某县统计局2024年政府信息公开工作年度报告", "一、总体情况"]))
    assert not scan_pages.ruled(page[:, :, ::-1].copy())
    cv2.line(page, (100, 140), (1090, 140), (0, 0, 0), 2)
    assert not scan_pages.ruled(page)
    assert not scan_pages.ruled(numpy.full((1684, 1190, 3), 255, dtype=numpy.uint8))


@needs_ocr
def test_pages_with_a_ruled_table_are_recognised_at_the_table_resolution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PIL import Image

    title = _text_image(["某县统计局2024年政府信息公开工作年度报告"])
    table = Image.fromarray(_ruled_image(4, 3)[:, :, ::-1])
    rendered: list[tuple[int, float]] = []
    render = scan_pages.render

    def spy(*args: Any, **kwargs: Any) -> tuple[Any, float]:
        array, scale = render(*args, **kwargs)
        rendered.append((args[3], scale))
        return array, scale

    monkeypatch.setattr(scan_pages, "render", spy)
    from gov_disclosure.readers.pdf import pdf_blocks
    from gov_disclosure.readers.scan import OcrPages

    record = OcrPages()
    pdf_blocks(_image_pdf([title, table]), ocr=record)
    text, table_scale = scan_pages.TEXT_SCALE, scan_pages.TABLE_SCALE
    assert rendered == [(0, text), (1, text), (1, table_scale)]
    assert record.pages == [1, 2]


@needs_ocr
def test_the_engine_is_loaded_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import rapidocr

    loads: list[int] = []
    real = rapidocr.RapidOCR

    def counting(*args: Any, **kwargs: Any) -> Any:
        loads.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(scan, "_ENGINE", None)
    monkeypatch.setattr(rapidocr, "RapidOCR", counting)
    from gov_disclosure.readers.pdf import pdf_blocks

    image = _text_image(["某县统计局2024年政府信息公开工作年度报告"])
    png = io.BytesIO()
    image.save(png, format="PNG")
    page = _image_pdf([image])
    for _ in range(2):
        assert pdf_blocks(page)
        assert scan.image_pages(png.getvalue(), scan.OcrPages())
    assert loads == [1]
