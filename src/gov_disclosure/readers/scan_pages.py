"""The scan front end's page loop: which PDF pages are recognised, their images, and how.

* **Which pages.** A PDF page is recognised when it holds an image and no characters
  (:func:`image_only`); every such page is recognised, once.
* **Resolution.** A page is rendered at :data:`TEXT_SCALE` (144 dpi); a page whose image holds
  a ruled table (:func:`ruled`: long horizontal and vertical lines, found by OpenCV on that
  image in milliseconds) is rendered again at :data:`TABLE_SCALE` and recognised at that
  resolution, where the detector finds the small, lone figures of a table's cells.
* **Direction.** RapidOCR's direction classifier turns each text box the right way up; on an
  upright page it changes nothing. :func:`recognise` classifies a sample of the page's widest
  boxes first (:data:`UPRIGHT_SAMPLE`), and classifies every box only when one of them reads
  upside down.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

__all__ = [
    "TABLE_SCALE",
    "TEXT_SCALE",
    "UPRIGHT_SAMPLE",
    "image_only",
    "recognise",
    "render",
    "ruled",
]

TEXT_SCALE = 2.0
"""A page is first rendered at this many pixels a point (144 dpi)."""
TABLE_SCALE = 3.0
"""A page holding a ruled table is recognised at this many pixels a point (216 dpi)."""
UPRIGHT_SAMPLE = 6
"""The widest boxes of a page classified by direction before the rest (one batch)."""

# A recognised box: its four corners in pixels (y down), its text and its confidence.
Raw = tuple[list[tuple[float, float]], str, float]


def image_only(pdfium: Any, lock: threading.Lock, data: bytes, indexes: Sequence[int]) -> list[int]:
    """The 0-based pages among ``indexes`` (pages without characters) that hold an image."""
    image_type = pdfium.raw.FPDF_PAGEOBJ_IMAGE
    wanted = []
    with lock:
        doc = pdfium.PdfDocument(data)
        try:
            for index in indexes:
                page = doc[index]
                try:
                    if any(True for _ in page.get_objects(filter=(image_type,))):
                        wanted.append(index)
                finally:
                    page.close()
        finally:
            doc.close()
    return wanted


def render(
    pdfium: Any,
    lock: threading.Lock,
    data: bytes,
    index: int,
    scale: float,
    longest: int,
    check: Callable[[int, int], None],
) -> tuple[Any, float]:
    """Page ``index`` rendered at ``scale`` pixels a point, or less so that no side is longer
    than ``longest`` pixels: the image (BGR, as RapidOCR takes it) and the scale used.
    ``check`` is given the image's width and height before it is rendered."""
    import numpy

    with lock:
        doc = pdfium.PdfDocument(data)
        try:
            page = doc[index]
            try:
                width, height = page.get_size()
                scale = min(scale, longest / max(width, height, 1.0))
                check(round(width * scale), round(height * scale))
                bitmap = page.render(scale=scale, rotation=0)
                try:
                    array = numpy.array(bitmap.to_numpy()[:, :, :3][:, :, ::-1])
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            doc.close()
    return array, scale


def ruled(image: Any) -> bool:
    """Whether a page image (BGR) holds a ruled table: ink in horizontal lines at least twice
    the page's width long and in vertical lines at least half its height long, counting
    only straight runs of a thirtieth of the page or more (no stroke of a printed character
    is that long). Measured on the corpus scans at 144 dpi: table pages have 12–35 widths and
    2–14 half-heights of lines, text pages at most 0.4 widths (a title's rule) and none."""
    import cv2

    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    _threshold, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    height, width = ink.shape
    across = cv2.getStructuringElement(cv2.MORPH_RECT, (max(width // 30, 2), 1))
    down = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(height // 30, 2)))
    horizontal = cv2.countNonZero(cv2.morphologyEx(ink, cv2.MORPH_OPEN, across))
    vertical = cv2.countNonZero(cv2.morphologyEx(ink, cv2.MORPH_OPEN, down))
    return bool(horizontal >= 2 * width and vertical >= height // 2)


def recognise(engine: Any, image: Any) -> list[Raw]:
    """RapidOCR's boxes for a page image (BGR): detection, direction only where the page is
    not upright (see the module), recognition; boxes with no text or a confidence under
    RapidOCR's own threshold left out, as RapidOCR does."""
    import numpy
    from rapidocr.ch_ppocr_rec import TextRecInput
    from rapidocr.utils.process_img import get_rotate_crop_image

    try:
        found = engine(image, use_det=True, use_cls=False, use_rec=False)
    finally:  # RapidOCR keeps a call's steps as its own: the next call runs them all
        engine.use_det = engine.use_cls = engine.use_rec = True
    if found.boxes is None or not len(found.boxes):
        return []
    quads = [numpy.asarray(quad, dtype=numpy.float32) for quad in found.boxes]
    crops = [get_rotate_crop_image(image, quad.copy()) for quad in quads]
    widest = sorted(range(len(crops)), key=lambda i: -crops[i].shape[1] / crops[i].shape[0])
    sample = engine.text_cls([crops[i] for i in widest[:UPRIGHT_SAMPLE]])
    threshold = engine.text_cls.cls_thresh
    if any("180" in label and score > threshold for label, score in sample.cls_res):
        crops = engine.text_cls(crops).img_list
    read = engine.text_rec(TextRecInput(img=crops))
    least = engine.text_score
    out: list[Raw] = []
    for quad, text, score in zip(quads, read.txts or (), read.scores or (), strict=True):
        if text.strip() and score >= least:
            out.append(([(float(x), float(y)) for x, y in quad], str(text), float(score)))
    return out
