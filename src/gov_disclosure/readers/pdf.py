"""The PDF front end: a PDF's text layer and drawing → grid and paragraph blocks, page by page.

PDFium (through pypdfium2, imported only here) gives each page's characters with their boxes
and its ruling lines; :func:`.layout.layout_blocks` (geometry, no PDF library) makes the
blocks: a :class:`~.blocks.Grid` for each ruled table (a blank cell is an empty string where it
stands), and for the rest the text laid out as ``pdftotext -layout`` would (every printed line
one line of text, its cells set apart by two spaces).

* **characters** — each character's code point and font box (``FPDFText_GetUnicode``,
  ``FPDFText_GetLooseCharBox``: advance width by ascent–descent, so every character of a line
  has the same height). White space is left out; it only marks where a space stood. Measured
  on the corpus PDFs (ms per page, best of 5): these two calls per character 3.0–3.4; adding
  the glyph box, origin and font size 4.0; PDFium's rectangles with their text
  (``count_rects/get_rect/get_text_bounded``) 7.9–9.2, as WPS writes one text object per
  character.
* **vertical text** — PDFium gives characters written vertically (the stacked
  ``三、本年度办理结果`` of table 三) font boxes many times too large: a box more than 3× the
  page's median height is replaced by the glyph's own box, and a run of such characters
  stacked top to bottom becomes one line of its own, at the run's middle.
* **rules** — the page's path objects (in Form XObjects too): a path whose bounds are at most
  2 pt thin (a stroked line; Word's, WPS's and Chromium's cell borders, thin filled
  rectangles) is the segment along its middle; a wider stroked path gives its straight level
  and upright sides (a rectangle's four); white or transparent paths and wide filled ones
  (cell and row shading) are no rules. :mod:`.ruling` makes tables of them.

Characters are not normalised here: the reader's label keys apply NFKC (Kangxi radicals,
compatibility ideographs) and map the CJK Radicals Supplement characters PDF fonts carry.

**Limits.** At most :data:`MAX_PAGES` pages (500) and :data:`MAX_CHARS` characters (2,000,000)
over all pages, else :class:`~gov_disclosure.ParseError` (``parse`` also refuses inputs over
64 MiB). A PDF with pages but no characters raises ParseError (scanned: no text layer; OCR is
not done); so do a password-protected, malformed or unreadable PDF. A truncated PDF that PDFium
can repair is read as far as it goes. PDFium is not thread-safe, so every call into it holds one
lock (ctypes releases the GIL around each call, so other Python threads run meanwhile);
documents, pages and text pages are closed in ``finally`` blocks. What the text layer cannot
say: in a table **without rules** an empty cell leaves no trace (its row has fewer figures than
columns: the reader reports it, R013, and does not guess); text drawn at an angle other than
vertical is read character by character. Found with reportlab: PDFium drops a string of a
single CJK character in a font with a predefined UCS-2 CMap (not embedded, as reportlab's
``STSong-Light``); the embedded Identity-H fonts of Word and WPS are not affected. PDFium also
drops a text object identical to one drawn just before it less than about a line away (its
filter for bold drawn twice).

**Speed** (``benchmarks/bench_parse.py --pdf-only``, 2 shared cores, CPython 3.11, pypdfium2
5.15, PDFium 159): ``parse`` of the corpus PDFs 01–03 takes 4.3–4.7 ms per page including the
reader, 1.44–1.48× the floor (PDFium's characters with their boxes alone, 3.0–3.3 ms per page);
reports rendered with reportlab 2.0–2.3 ms per page, 1.8–1.9× their floor. Targets: ≤ 25 ms
per page, ≤ 3.5× the floor. The rules cost about 1 ms per page (every page object is asked its
type: WPS writes one text object per character), making tables of them and filling the cells
about 0.6 ms per ruled page (CPU time on the corpus PDFs, the machine loaded); measured with
``bench_parse.py`` on a loaded machine, ``parse`` stays 1.45× the floor on corpus 01 and 03.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .._i18n import N_, _
from ..errors import ParseError
from .blocks import Block
from .layout import Char, layout_blocks
from .ruling import MAX_SEGMENTS, TOLERANCE, Segment

if TYPE_CHECKING:
    from .scan import OcrPages

__all__ = ["MAX_CHARS", "MAX_PAGES", "layout_blocks", "pdf_blocks"]  # layout_blocks: for .ofd

MAX_PAGES = 500
"""The most pages read; a longer PDF raises ParseError (a report has 3 to 30)."""
MAX_CHARS = 2_000_000
"""The most characters read over all pages; more raises ParseError."""

_INSTALL_HINT = N_("reading PDF needs pypdfium2: pip install 'gov-disclosure[pdf]'")

_LOCK = threading.Lock()
"""PDFium is not thread-safe (any two calls, even on different documents); ctypes releases
the GIL during each call, so every use of it here holds this lock."""


def _pdfium() -> Any:
    try:
        import pypdfium2
    except ImportError:
        raise ParseError(_(_INSTALL_HINT)) from None
    return pypdfium2


def _page_chars(
    raw: Any, textpage: Any, count: int, rotation: int
) -> tuple[list[Char], list[Char]]:
    """The printed characters of a page with their boxes (white space and the characters
    PDFium generates left out: the gaps between boxes say where spaces are), and the lines of
    vertical text, already made."""
    get_unicode = raw.FPDFText_GetUnicode
    get_box = raw.FPDFText_GetLooseCharBox
    rect = raw.FS_RECTF()
    chars: list[Char] = []
    indexes: list[int] = []
    spaced = False
    for i in range(count):
        code = get_unicode(textpage, i)
        if code <= 0x20 or code > 0x10FFFF or 0x7F <= code <= 0xA0:
            spaced = spaced or code in (0x20, 0xA0)
            continue
        text = chr(code)
        if text.isspace():
            spaced = True
            continue
        if not get_box(textpage, i, rect):
            continue
        x0, x1, y0, y1 = _rotated(rotation, rect.left, rect.right, rect.bottom, rect.top)
        if y1 - y0 <= 0:
            continue
        chars.append((text, x0, x1, y0, y1, spaced))
        indexes.append(i)
        spaced = False
    if not chars:
        return chars, []
    return chars, _fix_boxes(raw, textpage, chars, indexes, rotation)


def _rotated(
    rotation: int, x0: float, x1: float, y0: float, y1: float
) -> tuple[float, float, float, float]:
    """A box in page space as displayed (the page's /Rotate applied)."""
    if rotation == 90:
        return y0, y1, -x1, -x0
    if rotation == 180:
        return -x1, -x0, -y1, -y0
    if rotation == 270:
        return -y1, -y0, x0, x1
    return x0, x1, y0, y1


def _fix_boxes(
    raw: Any, textpage: Any, chars: list[Char], indexes: list[int], rotation: int
) -> list[Char]:
    """Characters whose font box PDFium gets wrong (in vertical writing it ignores the
    transformation: boxes many times the size of the other characters) take their glyph's
    box, as a square; runs of them stacked top to bottom become lines of their own."""
    heights = sorted(c[4] - c[3] for c in chars)
    limit = 3 * heights[len(heights) // 2]
    odd = [k for k, c in enumerate(chars) if c[4] - c[3] > limit or c[2] - c[1] > limit]
    if not odd:
        return []
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    get_box = raw.FPDFText_GetCharBox
    for k in odd:
        if not get_box(textpage, indexes[k], left, right, bottom, top):
            continue
        x0, x1, y0, y1 = _rotated(rotation, left.value, right.value, bottom.value, top.value)
        size = max(x1 - x0, y1 - y0, 1.0) / 2
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        chars[k] = (chars[k][0], cx - size, cx + size, cy - size, cy + size, False)
    runs: list[list[int]] = []
    for k in odd:
        c = chars[k]
        if runs:
            last = chars[runs[-1][-1]]
            size = max(last[4] - last[3], c[4] - c[3])
            if (
                abs((c[1] + c[2]) - (last[1] + last[2])) < size
                and 0 < (last[3] + last[4]) - (c[3] + c[4]) < 5 * size
            ):
                runs[-1].append(k)
                continue
        runs.append([k])
    stacked: list[Char] = []
    drop: set[int] = set()
    for run in runs:
        if len(run) < 2:
            continue
        first, last = chars[run[0]], chars[run[-1]]
        middle = (first[4] + last[3]) / 2
        half = (first[4] - first[3]) / 2
        text = "".join(chars[k][0] for k in run)
        stacked.append((text, first[1], first[2], middle - half, middle + half, False))
        drop.update(run)
    if drop:
        chars[:] = [c for k, c in enumerate(chars) if k not in drop]
    return stacked


def pdf_blocks(
    data: bytes,
    *,
    file: str | None = None,
    ocr: OcrPages | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Block]:
    """The blocks of a PDF document, page by page: a :class:`~.blocks.Grid` for each ruled
    table, :class:`~.blocks.Paragraph` blocks of layout text for the rest (see :mod:`.layout`).

    Each line of a paragraph is one printed line, its cells set apart by two spaces; ``page``
    is the block's 1-based page and ``line`` the 1-based number of its first line among the
    lines of that page, counted from the top (running headers and footers included). A
    paragraph that runs on from the foot of a page keeps its lines of the next page in its
    block. Raises :class:`ParseError` for anything that is no readable PDF with a text layer.

    Pages with an image and no characters are recognised by OCR (:mod:`.scan`, the ``ocr``
    extra): its boxes are added to ``ocr`` when given, ``progress`` is told of its pages.
    """
    pdfium = _pdfium()
    raw = pdfium.raw
    pages: list[tuple[list[Char], list[Char], float, float]] = []
    rules: list[list[Segment]] = []
    sides: list[tuple[float, float]] = []
    total = 0
    with _LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except (pdfium.PdfiumError, ValueError, OSError) as exc:
            raise ParseError(_why(str(exc)), file=file) from None
        try:
            count = len(doc)
            if count > MAX_PAGES:
                raise ParseError(
                    _("{count} pages: more than {max_pages}, the most read").format(
                        count=count, max_pages=MAX_PAGES
                    ),
                    file=file,
                )
            for index in range(count):
                page = doc[index]
                try:
                    rotation = page.get_rotation() % 360
                    box = page.get_bbox()
                    bottom, top = _vertical_box(box, rotation)
                    rules.append(_page_rules(raw, page.raw, rotation))
                    textpage = page.get_textpage()
                    try:
                        n = raw.FPDFText_CountChars(textpage.raw)
                        total += max(n, 0)
                        if total > MAX_CHARS:
                            raise ParseError(
                                _("more than {max_chars:,} characters, the most read").format(
                                    max_chars=MAX_CHARS
                                ),
                                file=file,
                            )
                        chars, stacked = _page_chars(raw, textpage.raw, n, rotation)
                    finally:
                        textpage.close()
                finally:
                    page.close()
                pages.append((chars, stacked, bottom, top))
                sides.append(_sides(box, rotation))
        except ParseError:
            raise
        except (pdfium.PdfiumError, ValueError, OSError) as exc:
            raise ParseError(_("unreadable PDF: {exc}").format(exc=exc), file=file) from None
        finally:
            doc.close()
    if not pages:
        raise ParseError(_("a PDF without pages"), file=file)
    empty = [i for i, (chars, stacked, _, _) in enumerate(pages) if not chars and not stacked]
    if empty:  # scanned pages: recognised by OCR (.scan)
        from .scan import current, ocr_pdf_pages

        record, progress = current(ocr, progress)
        for i, chars, runs in ocr_pdf_pages(
            pdfium, _LOCK, data, empty, record, file=file, progress=progress
        ):
            # The page image's coordinates: x and y from 0, in points; its rules from the image.
            height = pages[i][3] - pages[i][2]
            pages[i] = (chars, runs, 0.0, height)
            rules[i] = record.rules.get(i + 1, [])
            sides[i] = (0.0, sides[i][1] - sides[i][0])
        if not any(chars or stacked for chars, stacked, _, _ in pages):
            raise ParseError(
                _(
                    "the PDF has pages but no characters: scanned (no text layer), and "
                    "OCR found no text"
                )
                if record.pages
                else _(
                    "the PDF has pages but no characters: scanned (no text layer); reading a "
                    "scan needs OCR: pip install 'gov-disclosure[ocr]'"
                )
                if record.skipped
                else _("the PDF has pages but no characters: scanned (no text layer)"),
                file=file,
            )
    return layout_blocks(pages, rules=rules, sides=sides)


def _why(message: str) -> str:
    if "password" in message.lower():
        return _(
            "the PDF is password-protected: remove the password (print or save it as a new PDF) "
            "first"
        )
    return _("not a readable PDF ({message})").format(message=message)


def _vertical_box(box: tuple[float, float, float, float], rotation: int) -> tuple[float, float]:
    """The bottom and top of a page's crop box, as displayed."""
    left, bottom, right, top = box
    if rotation == 90:
        return -right, -left
    if rotation == 180:
        return -top, -bottom
    if rotation == 270:
        return left, right
    return bottom, top


def _sides(box: tuple[float, float, float, float], rotation: int) -> tuple[float, float]:
    """The left and right of a page's crop box, as displayed."""
    left, bottom, right, top = box
    if rotation == 90:
        return bottom, top
    if rotation == 180:
        return -right, -left
    if rotation == 270:
        return -top, -bottom
    return left, right


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _then(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """The matrix applying ``inner``, then ``outer``."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E,
            e * B + f * D + F)  # fmt: skip


def _page_rules(raw: Any, page: Any, rotation: int) -> list[Segment]:
    """The rules drawn on a page, as segments in display coordinates: thin paths (a line, a
    thin filled rectangle: the segment along its middle) and the straight sides of stroked
    paths (a rectangle's four), inside Form XObjects too; white or transparent ones left out."""
    out: list[Segment] = []
    get = raw.FPDFPage_GetObject
    objects = (get(page, k) for k in range(raw.FPDFPage_CountObjects(page)))
    _rules(raw, objects, _IDENTITY, rotation, out, 0)
    return out if len(out) <= MAX_SEGMENTS else []


def _rules(
    raw: Any, objects: Iterable[Any], matrix: _Matrix, rotation: int, out: list[Segment], depth: int
) -> None:
    path, form = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    get_type = raw.FPDFPageObj_GetType
    for obj in objects:
        if len(out) > MAX_SEGMENTS:
            return  # a drawing, not a table (see .ruling)
        kind = get_type(obj)
        if kind == form and depth < 3:
            m = raw.FS_MATRIX()
            if raw.FPDFPageObj_GetMatrix(obj, m):
                inner = (m.a, m.b, m.c, m.d, m.e, m.f)
                count = raw.FPDFFormObj_CountObjects(obj)
                kids = (raw.FPDFFormObj_GetObject(obj, k) for k in range(max(count, 0)))
                _rules(raw, kids, _then(inner, matrix), rotation, out, depth + 1)
            continue
        if kind != path or not raw.FPDFPath_GetDrawMode(obj, fill, stroke):
            continue
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, y0 = _point(matrix, rotation, left.value, bottom.value)
        x1, y1 = _point(matrix, rotation, right.value, top.value)
        thin = abs(x1 - x0) <= TOLERANCE or abs(y1 - y0) <= TOLERANCE
        if thin and (fill.value or stroke.value) and _inked(raw, obj, bool(stroke.value)):
            if abs(y1 - y0) <= TOLERANCE:
                out.append((x0, (y0 + y1) / 2, x1, (y0 + y1) / 2))
            else:
                out.append(((x0 + x1) / 2, y0, (x0 + x1) / 2, y1))
        elif not thin and stroke.value and _inked(raw, obj, True):
            _sides_of(raw, obj, matrix, rotation, out)


def _inked(raw: Any, obj: Any, stroked: bool) -> bool:
    """Whether a path shows: its stroke (or fill) colour neither white nor transparent."""
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    get = raw.FPDFPageObj_GetStrokeColor if stroked else raw.FPDFPageObj_GetFillColor
    if not get(obj, r, g, b, a):
        return True
    return a.value > 0 and min(r.value, g.value, b.value) < 240


def _sides_of(raw: Any, obj: Any, matrix: _Matrix, rotation: int, out: list[Segment]) -> None:
    """The straight level or upright pieces of a stroked path."""
    m = raw.FS_MATRIX()
    if raw.FPDFPageObj_GetMatrix(obj, m):
        matrix = _then((m.a, m.b, m.c, m.d, m.e, m.f), matrix)
    x, y = ctypes.c_float(), ctypes.c_float()
    start: tuple[float, float] | None = None
    last: tuple[float, float] | None = None
    for k in range(min(raw.FPDFPath_CountSegments(obj), 1000)):
        segment = raw.FPDFPath_GetPathSegment(obj, k)
        if not segment or not raw.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = _point(matrix, rotation, x.value, y.value)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_LINETO and last is not None:
            out.append((*last, *point))
        elif kind == raw.FPDF_SEGMENT_MOVETO:
            start = point
        last = point
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            out.append((*point, *start))
            last = start


def _point(matrix: _Matrix, rotation: int, x: float, y: float) -> tuple[float, float]:
    """A point of a path in display coordinates (its matrix, then the page's /Rotate)."""
    a, b, c, d, e, f = matrix
    x, y = a * x + c * y + e, b * x + d * y + f
    if rotation == 90:
        return y, -x
    if rotation == 180:
        return -x, -y
    if rotation == 270:
        return -y, x
    return x, y
