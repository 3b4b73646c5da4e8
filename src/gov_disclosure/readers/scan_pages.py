"""The scan front end's page loop: which PDF pages are recognised, and their images.

* **Which pages.** A PDF page is recognised when it holds an image and no characters
  (:func:`image_only`); every such page is recognised, once.
* **Resolution.** A page is rendered at :data:`TEXT_SCALE` (144 dpi); a page whose image holds
  a ruled table (:func:`ruled`: long horizontal and vertical lines, found by OpenCV on that
  image in milliseconds) is rendered again at :data:`TABLE_SCALE` and recognised at that
  resolution, where the detector finds the small, lone figures of a table's cells.
* **Direction.** RapidOCR's direction classifier is kept on every box: it costs about 1 % of a
  scan's time, and on the upright corpus scans it still turns some boxes of the table pages
  (2 of scan 01's page 5, 13 of scan 02's page 3), so leaving it out would change readings.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

__all__ = [
    "TABLE_SCALE",
    "TEXT_SCALE",
    "image_only",
    "render",
    "ruled",
]

TEXT_SCALE = 2.0
"""A page is first rendered at this many pixels a point (144 dpi)."""
TABLE_SCALE = 3.0
"""A page holding a ruled table is recognised at this many pixels a point (216 dpi). Measured on
the corpus scans (150 dpi images): all pages at 144 dpi read 74 of scan 01's 200 cells, against
161 at 216 dpi; on its page 4, RapidOCR's detection found 42 lone ``0`` cells at 144 dpi and 53
at 216 dpi."""


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
