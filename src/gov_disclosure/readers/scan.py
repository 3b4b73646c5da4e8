"""The scan front end: image-only PDF pages and images → OCR text boxes → the PDF layout stage.

A scanned report is read on the same path as a PDF with a text layer: each page image goes
through RapidOCR (``rapidocr`` on ``onnxruntime``, CPU; imported only here, from the ``ocr``
extra), whose text boxes become characters with boxes — each box's width split over its
characters, wide (CJK) characters twice as wide as narrow ones —, and
:func:`.pdf.layout_blocks` makes the paragraph blocks the one reader reads.

* **Models.** RapidOCR 3.4.2's own PP-OCRv4 detection and recognition models and its
  PP-OCR mobile v2.0 direction classifier (:data:`MODELS`; not run: it turns a lone 9 upside
  down), shipped inside its wheel, named by path: nothing is downloaded. Loaded once a process.
* **Pages.** A PDF page without characters but with an image is rendered with PDFium at
  144 dpi, at 216 dpi when it holds a ruled table (:mod:`.scan_pages`), and recognised once;
  pages with a text layer are read from it, so a mixed PDF is recognised only where it must
  be. An image file (PNG, JPEG, TIFF with all its pages, …) is recognised page by page; its
  pixels are taken at the resolution it states (else 144 dpi).
* **Deskew.** A page turned by a small angle (a scan put slightly askew) is turned back: the
  median slope of the long text boxes is taken out of every box's position before lines are
  formed (boxes of one printed line then share their height).
* **Vertical text.** A box much taller than wide holding several characters (the stacked
  ``三、本年度办理结果`` of table 三) becomes a line of its own, as in a PDF.
* **Confidence.** Every box keeps its printed text and RapidOCR's confidence, as an integer
  per mille (:class:`OcrBox`); the reader's cells are mapped back to the boxes they were read
  from after reading (:func:`review`).
* **Bounds.** At most :data:`MAX_PAGES` recognised pages, :data:`MAX_PIXELS` pixels a page
  (a larger image, a decompression bomb included, raises ParseError naming the file) and
  :data:`MAX_SECONDS` of recognition a file.
* **Tables** are grids from the image's ruling lines, their cells read alone where detection
  missed them (:mod:`.scan_grid`).
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import re
import statistics
import threading
import time
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from .._i18n import N_, _
from ..errors import ParseError
from . import scan_pages
from .blocks import Block
from .progress import Progress, terminal_bar
from .ruling import Segment

__all__ = [
    "MAX_PAGES",
    "MAX_PIXELS",
    "MAX_SECONDS",
    "MODELS",
    "OcrBox",
    "OcrPages",
    "current",
    "image_blocks",
    "image_pages",
    "ocr_pdf_pages",
]

MAX_PAGES = 200
"""The most pages recognised in one file; more raises ParseError."""
MAX_PIXELS = 40_000_000
"""The most pixels of one page image (an A4 page at 600 dpi has 35 million); more raises
ParseError."""
MAX_SECONDS = 1800.0
"""The most seconds of recognition for one file; a file still being recognised then raises
ParseError."""
MAX_SIDE = 3200
"""A page image with a longer side is scaled down to it before recognition, and RapidOCR's
detection is given images up to this side unscaled (its default scales them down to 2,000
pixels: on the corpus scans that loses a fifth of the lone ``0`` cells)."""
MODELS = (
    "ch_PP-OCRv4_det_infer.onnx",
    "ch_PP-OCRv4_rec_infer.onnx",
    "ch_ppocr_mobile_v2.0_cls_infer.onnx",
)
"""The RapidOCR models used (detection, recognition, direction), from its wheel."""

_INSTALL_HINT = N_("reading a scan needs OCR: pip install 'gov-disclosure[ocr]'")

# A character as pdf.layout_blocks takes it: text, left, right, bottom, top (display
# coordinates, y up), whether white space comes before it.
_Char = tuple[str, float, float, float, float, bool]


@frozen
class OcrBox:
    """One text box a page's recognition found: its text as recognised, its confidence in
    per mille (0–1000) and its box in points, display coordinates (x right, y up, origin at
    the page's bottom left): (left, bottom, right, top)."""

    page: int
    """1-based page of the file."""
    line: int
    """1-based line among the lines the layout stage formed on that page (a row's ``line``)."""
    text: str
    confidence: int
    box: tuple[int, int, int, int]


class OcrPages:
    """What recognition found in one file: the boxes of every recognised page."""

    def __init__(self) -> None:
        self.boxes: list[OcrBox] = []
        self.pages: list[int] = []
        """1-based pages recognised."""
        self.skipped: list[int] = []
        """1-based image-only pages not recognised (the ``ocr`` extra missing)."""
        self.rules: dict[int, list[Segment]] = {}
        """By 1-based page, the ruling lines found in its image (:mod:`.scan_grid`)."""


_CURRENT: contextvars.ContextVar[tuple[OcrPages, Progress | None] | None] = contextvars.ContextVar(
    "gov_disclosure_ocr", default=None
)
"""Where the front ends record what recognition found during one :func:`parse` (front ends
take only the data and the file name)."""


@contextlib.contextmanager
def recording(record: OcrPages, progress: Progress | None) -> Iterator[None]:
    """Within the block, recognition records its boxes in ``record`` and tells ``progress``."""
    token = _CURRENT.set((record, progress))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current(record: OcrPages | None, progress: Progress | None) -> tuple[OcrPages, Progress | None]:
    """The record and progress callback given, else those of the :func:`recording` block."""
    if record is not None:
        return record, progress
    found = _CURRENT.get()
    if found is not None:
        return found[0], progress or found[1]
    return OcrPages(), progress


def image_blocks(data: bytes, *, file: str | None = None) -> list[Block]:
    """The front end of the ``image`` form: an image file's pages recognised, as blocks."""
    from .pdf import layout_blocks

    record, progress = current(None, None)
    pages = image_pages(data, record, file=file, progress=progress)
    return layout_blocks(pages, rules=[record.rules.get(n, []) for n in range(1, len(pages) + 1)])


_ENGINE: Any = None
_ENGINE_LOCK = threading.Lock()


def available() -> bool:
    """Whether the ``ocr`` extra is installed."""
    try:
        import rapidocr  # noqa: F401
    except ImportError:
        return False
    return True


def engine(file: str | None = None) -> Any:
    """The RapidOCR engine, loaded once per process, with the models of its wheel named.
    Raises ParseError (naming ``file``) without the ``ocr`` extra."""
    global _ENGINE
    with _ENGINE_LOCK:
        if _ENGINE is None:
            try:
                import rapidocr
            except ImportError:
                raise ParseError(_(_INSTALL_HINT), file=file) from None
            models = Path(rapidocr.__file__).parent / "models"
            det, rec, cls = (str(models / name) for name in MODELS)
            params = {
                "Global.log_level": "error",
                "Global.max_side_len": MAX_SIDE,
                "Global.use_cls": False,  # it turns a lone 9 upside down: read as 6
                # only a drawing of the results would use the font: naming one keeps RapidOCR
                # from fetching its own
                "Global.font_path": str(models / "unused.ttf"),
                "Det.model_path": det,
                "Rec.model_path": rec,
                "Cls.model_path": cls,
            }
            _ENGINE = rapidocr.RapidOCR(params=params)
        return _ENGINE


# A recognised box: its four corners in pixels (y down), its text and its confidence.
_Raw = tuple[list[tuple[float, float]], str, float]


def recognise(image: Any) -> list[_Raw]:
    """RapidOCR's boxes for a page image (a NumPy array): detection and recognition (not the
    direction classifier: it turns a lone 9 upside down, read as 6)."""
    result = engine()(image, use_det=True, use_cls=False, use_rec=True)
    if result.boxes is None or result.txts is None:
        return []
    out: list[_Raw] = []
    for quad, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
        if text.strip():
            out.append(([(float(x), float(y)) for x, y in quad], str(text), float(score)))
    return out


def _skew(raws: Sequence[_Raw]) -> float:
    """The median slope (radians) of the long horizontal boxes' top edges; 0 if none."""
    angles = []
    for quad, text, _score in raws:
        (x0, y0), (x1, y1) = quad[0], quad[1]
        height = math.dist(quad[0], quad[3])
        if len(text) >= 4 and x1 - x0 > 4 * height:
            angles.append(math.atan2(y1 - y0, x1 - x0))
    return statistics.median(angles) if angles else 0.0


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


_FOLIO = re.compile(r"^[-—–－_~]*\s*[0-9]{1,4}\s*[-—–－_~]*$")


def _folio(quad: Sequence[tuple[float, float]], text: str, width: float, height: float) -> bool:
    """Whether a box is a page number: a number alone (dashes around it allowed), centred,
    in the top or bottom 8 % of the page (pixels)."""
    if not _FOLIO.match(text.strip()):
        return False
    xs = [x for x, _y in quad]
    ys = [y for _x, y in quad]
    centred = abs((min(xs) + max(xs)) / 2 - width / 2) < 0.1 * width
    return centred and (max(ys) < 0.08 * height or min(ys) > 0.92 * height)


def page_chars(
    raws: Sequence[_Raw], per_point: float, width: float, height: float
) -> tuple[list[_Char], list[_Char], dict[int, int]]:
    """Characters with boxes in points (y up) from one page's recognised boxes (of a page
    ``width`` by ``height`` points), deskewed; runs of vertical text; and, by ``id`` of each
    character tuple, the index of its box. Page numbers are left out."""
    angle = _skew(raws)
    cos, sin = math.cos(-angle), math.sin(-angle)
    chars: list[_Char] = []
    stacked: list[_Char] = []
    owner: dict[int, int] = {}
    for index, (quad, text, _score) in enumerate(raws):
        if _folio(quad, text, width * per_point, height * per_point):
            continue
        # turn the page back by the skew: x' = x cos − y sin, y' = x sin + y cos
        xs = [x * cos - y * sin for x, y in quad]
        ys = [x * sin + y * cos for x, y in quad]
        left, right = min(xs) / per_point, max(xs) / per_point
        top, bottom = height - min(ys) / per_point, height - max(ys) / per_point
        text = text.strip()
        glyphs = [c for c in text if not c.isspace()]
        if right - left <= 0 or top - bottom <= 0 or not glyphs:
            continue
        if len(glyphs) >= 2 and all(map(_wide, glyphs)) and top - bottom > 1.5 * (right - left):
            middle, half = (top + bottom) / 2, (right - left) / 2
            run = ("".join(glyphs), left, right, middle - half, middle + half, False)
            stacked.append(run)
            owner[id(run)] = index
            continue
        weights = [0.5 if c.isspace() else 1.0 if _wide(c) else 0.55 for c in text]
        unit = (right - left) / sum(weights)
        x = left
        spaced = False
        for char, weight in zip(text, weights, strict=True):
            width = weight * unit
            if char.isspace():
                spaced = True
            else:
                item = (char, x, x + width, bottom, top, spaced)
                chars.append(item)
                owner[id(item)] = index
                spaced = False
            x += width
    return chars, stacked, owner


def _boxes(
    page: int,
    raws: Sequence[_Raw],
    chars: list[_Char],
    stacked: list[_Char],
    owner: dict[int, int],
    per_point: float,
    height: float,
) -> list[OcrBox]:
    """The page's boxes, each with the layout line its characters fall on."""
    from .layout import _Line, _lines

    lines = _lines(list(chars), [_Line(run) for run in stacked])
    line_of: dict[int, int] = {}
    for number, line in enumerate(lines, start=1):
        for char in line.chars:
            index = owner.get(id(char))
            if index is not None:
                line_of.setdefault(index, number)
    out = []
    for index, (quad, text, score) in enumerate(raws):
        if index not in line_of:
            continue
        xs = [x for x, _y in quad]
        ys = [y for _x, y in quad]
        box = (
            round(min(xs) / per_point),
            round(height - max(ys) / per_point),
            round(max(xs) / per_point),
            round(height - min(ys) / per_point),
        )
        confidence = max(0, min(1000, round(score * 1000)))
        out.append(OcrBox(page, line_of[index], text.strip(), confidence, box))
    return out


class _Clock:
    def __init__(self, file: str | None) -> None:
        self.start = time.monotonic()
        self.file = file

    def check(self) -> None:
        if time.monotonic() - self.start > MAX_SECONDS:
            raise ParseError(
                _("recognising the scan took more than {seconds:.0f} s, the most allowed").format(
                    seconds=MAX_SECONDS
                ),
                file=self.file,
            )


def _check_pixels(width: int, height: int, page: int, file: str | None) -> None:
    if width * height > MAX_PIXELS:
        raise ParseError(
            _(
                "page {page} is an image of {width} × {height} pixels: more than {most:,}, "
                "the most read"
            ).format(page=page, width=width, height=height, most=MAX_PIXELS),
            file=file,
        )


def _too_many(count: int, file: str | None) -> ParseError:
    return ParseError(
        _("{count} pages to recognise: more than {most}, the most read").format(
            count=count, most=MAX_PAGES
        ),
        file=file,
    )


def _page(
    array: Any, page: int, per_point: float, record: OcrPages
) -> tuple[list[_Char], list[_Char]]:
    """Recognise one page image; its characters and vertical runs, its boxes recorded."""
    from .scan_grid import with_grid

    height = array.shape[0] / per_point
    raws = with_grid(array, recognise(array), page, per_point, height, record)
    chars, stacked, owner = page_chars(raws, per_point, array.shape[1] / per_point, height)
    record.boxes.extend(_boxes(page, raws, chars, stacked, owner, per_point, height))
    record.pages.append(page)
    return chars, stacked


def ocr_pdf_pages(
    pdfium: Any,
    lock: threading.Lock,
    data: bytes,
    indexes: Sequence[int],
    record: OcrPages,
    *,
    file: str | None = None,
    progress: Progress | None = None,
) -> Iterator[tuple[int, list[_Char], list[_Char]]]:
    """For each 0-based page index of a PDF whose page holds an image but no characters:
    (index, characters, vertical runs) as recognised. Pages without an image are left out.
    Without the ``ocr`` extra, the pages are listed in ``record.skipped`` and nothing is
    yielded."""
    wanted = scan_pages.image_only(pdfium, lock, data, indexes)
    if not wanted:
        return
    if not available():
        record.skipped.extend(i + 1 for i in wanted)
        return
    if len(wanted) > MAX_PAGES:
        raise _too_many(len(wanted), file)
    engine(file)
    progress = progress or terminal_bar(file)
    clock = _Clock(file)
    for done, index in enumerate(wanted):
        if progress is not None:
            progress(done, len(wanted))

        def check(width: int, height: int, page: int = index + 1) -> None:
            _check_pixels(width, height, page, file)

        array, scale = scan_pages.render(
            pdfium, lock, data, index, scan_pages.TEXT_SCALE, MAX_SIDE, check
        )
        if scan_pages.TABLE_SCALE != scan_pages.TEXT_SCALE and scan_pages.ruled(array):
            array, scale = scan_pages.render(
                pdfium, lock, data, index, scan_pages.TABLE_SCALE, MAX_SIDE, check
            )
        chars, stacked = _page(array, index + 1, scale, record)
        yield index, chars, stacked
        clock.check()
    if progress is not None:
        progress(len(wanted), len(wanted))


def image_pages(
    data: bytes,
    record: OcrPages,
    *,
    file: str | None = None,
    progress: Progress | None = None,
) -> list[tuple[list[_Char], list[_Char], float, float]]:
    """The pages of an image file (every frame of a multi-page TIFF), recognised: pages as
    :func:`.pdf.layout_blocks` takes them."""
    try:
        import numpy
        from PIL import Image, ImageSequence, UnidentifiedImageError
    except ImportError:
        raise ParseError(_(_INSTALL_HINT), file=file) from None
    import io
    import warnings

    engine(file)
    progress = progress or terminal_bar(file)
    pages: list[tuple[list[_Char], list[_Char], float, float]] = []
    clock = _Clock(file)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            count = getattr(image, "n_frames", 1)
            if count > MAX_PAGES:
                raise _too_many(count, file)
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                if progress is not None:
                    progress(number - 1, count)
                _check_pixels(frame.width, frame.height, number, file)
                dpi = frame.info.get("dpi", (144, 144))[0] or 144
                per_point = max(float(dpi), 36.0) / 72
                rgb = frame.convert("RGB")
                longest = max(rgb.width, rgb.height)
                if longest > MAX_SIDE:
                    shrink = MAX_SIDE / longest
                    rgb = rgb.resize((round(rgb.width * shrink), round(rgb.height * shrink)))
                    per_point *= shrink
                height = rgb.height / per_point
                array = numpy.array(rgb)[:, :, ::-1].copy()
                chars, stacked = _page(array, number, per_point, record)
                pages.append((chars, stacked, 0.0, height))
                clock.check()
        except ParseError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ParseError(
                _("an image too large to read: {exc}").format(exc=exc), file=file
            ) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise ParseError(_("not a readable image ({exc})").format(exc=exc), file=file) from None
    if progress is not None:
        progress(len(pages), len(pages))
    return pages
