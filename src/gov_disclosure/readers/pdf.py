"""The PDF front end: a PDF's text layer → paragraph blocks of layout text, page by page.

A published PDF is read as ``pdftotext -layout`` would lay it out, from PDFium's text: every
printed line becomes one line of text whose cells (the label, each figure) are set apart by two
spaces, and the shared reader cuts lines into cells at runs of two or more spaces
(:mod:`.rows`). Ruling lines are not used: the reader reads the corpus PDFs to every expected
cell from the text alone, and nothing measured here needed them (but see *limits* below).

How a page becomes lines (PDFium through pypdfium2, imported only here):

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
* **lines** — a character joins a line when their boxes overlap vertically by at least 60 %
  of the lower one (small jitter and superscripts join; a row of figures centred between the
  two lines of a wrapped label does not); each line is sorted left to right, and a character
  drawn twice at almost the same place (bold simulation) is kept once.
* **cells and spaces** — a gap of at least 0.7 em (em: the box height) between two
  characters is a cell break; measured on the corpus, gaps inside a cell reach 0.51 em and
  gaps between cells start at 0.83 em, and every threshold from 0.6 to 1.2 reads all cells.
  A smaller gap next to an ASCII letter or digit is one space when the text layer has white
  space there or the gap is at least 0.25 em (``hello world``, ``2024 年``); CJK characters
  are joined without spaces.
* **blocks** — the lines of a page form one :class:`~.blocks.Paragraph` block per paragraph:
  a new block after vertical white space of more than 0.8 em and at a line of prose indented
  from the text margin (Chinese prose indents a paragraph's first line, never the lines after)
  under a line of prose, but not between two centred lines (a title in two lines). A paragraph that runs on
  from the foot of a page (its last line full, the next page's first line not indented)
  keeps the next page's lines in its block, so the narrative is not cut at page breaks.
* **running headers and footers** — a line among the first or last two of a page, in the
  top or bottom 10 % of the page, repeated with the same text (digits aside) at the same
  height (± 3 pt) on at least 3 pages, is dropped. Page numbers (``— 2 —``, ``第2页``) the
  reader drops itself.

Characters are not normalised here: the reader's label keys apply NFKC (Kangxi radicals,
compatibility ideographs) and map the CJK Radicals Supplement characters PDF fonts carry.

**Positions.** Every block has ``page``, 1-based. ``line`` is the 1-based number of the block's
first line among the lines of its page, counted from the top (a dropped header counts), so a
row's line is ``block.line`` plus its offset in the block — except for the lines a paragraph
carries over from the next page, which count on from the previous page's lines.

**Limits.** At most :data:`MAX_PAGES` pages (500) and :data:`MAX_CHARS` characters (2,000,000)
over all pages, else :class:`~gov_disclosure.ParseError` (``parse`` also refuses inputs over
64 MiB). A PDF with pages but no characters raises ParseError (scanned: no text layer; OCR is
not done); so do a password-protected, malformed or unreadable PDF. A truncated PDF that PDFium
can repair is read as far as it goes. PDFium is not thread-safe, so every call into it holds one
lock (ctypes releases the GIL around each call, so other Python threads run meanwhile);
documents, pages and text pages are closed in ``finally`` blocks. What the text layer cannot
say: an **empty cell** leaves no trace (its row has fewer figures than columns: the reader
reports it, R013, and does not guess); text drawn at an angle other than vertical is read
character by character. Found with reportlab: PDFium drops a string of a single CJK character
in a font with a predefined UCS-2 CMap (not embedded, as reportlab's ``STSong-Light``); the
embedded Identity-H fonts of Word and WPS are not affected. PDFium also drops a text object
identical to one drawn just before it less than about a line away (its filter for bold drawn
twice): two identical short lines of prose, each drawn as one string, come out as one.

**Speed** (``benchmarks/bench_parse.py --pdf-only``, 2 shared cores, CPython 3.11, pypdfium2
5.15, PDFium 159): ``parse`` of the corpus PDFs 01–03 takes 4.3–4.7 ms per page including the
reader, 1.44–1.48× the floor (PDFium's characters with their boxes alone, 3.0–3.3 ms per page);
reports rendered with reportlab 2.0–2.3 ms per page, 1.8–1.9× their floor. Targets: ≤ 25 ms
per page, ≤ 3.5× the floor.
"""

from __future__ import annotations

import ctypes
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from attrs import frozen

from .._i18n import N_, _
from ..errors import ParseError
from .blocks import Block, Paragraph

if TYPE_CHECKING:
    from .scan import OcrPages

__all__ = ["MAX_CHARS", "MAX_PAGES", "layout_blocks", "pdf_blocks"]

MAX_PAGES = 500
"""The most pages read; a longer PDF raises ParseError (a report has 3 to 30)."""
MAX_CHARS = 2_000_000
"""The most characters read over all pages; more raises ParseError."""

_INSTALL_HINT = N_("reading PDF needs pypdfium2: pip install 'gov-disclosure[pdf]'")

CELL_GAP = 0.7
"""A horizontal gap of at least this many ems between two characters separates two cells."""
WORD_GAP = 0.25
"""A smaller gap of at least this many ems next to an ASCII letter or digit is a space (so is
white space in the text layer there)."""
LINE_OVERLAP = 0.6
"""A character joins a line when its box and the line's overlap vertically by this share of
the lower of the two."""
PARA_GAP = 0.8
"""Vertical white space of more than this many ems between two lines ends a paragraph."""
EDGE = 0.1
"""Share of the page height at the top and bottom where running headers and footers stand."""
RUNNING = 3
"""Pages a header or footer must repeat on to be dropped."""

_LOCK = threading.Lock()
"""PDFium is not thread-safe (any two calls, even on different documents); ctypes releases
the GIL during each call, so every use of it here holds this lock."""

# A character: its text, its box in display coordinates (x to the right, y up), and whether
# white space comes before it in the text layer (a space the PDF holds or PDFium put there).
_Char = tuple[str, float, float, float, float, bool]


class _Line:
    __slots__ = ("bottom", "chars", "top")

    def __init__(self, char: _Char) -> None:
        self.chars = [char]
        self.bottom = char[3]
        self.top = char[4]


def _pdfium() -> Any:
    try:
        import pypdfium2  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise ParseError(_(_INSTALL_HINT)) from None
    return pypdfium2


def _page_chars(
    raw: Any, textpage: Any, count: int, rotation: int
) -> tuple[list[_Char], list[_Line]]:
    """The printed characters of a page with their boxes (white space and the characters
    PDFium generates left out: the gaps between boxes say where spaces are), and the lines of
    vertical text, already made."""
    get_unicode = raw.FPDFText_GetUnicode
    get_box = raw.FPDFText_GetLooseCharBox
    rect = raw.FS_RECTF()
    chars: list[_Char] = []
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
    raw: Any, textpage: Any, chars: list[_Char], indexes: list[int], rotation: int
) -> list[_Line]:
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
    stacked: list[_Line] = []
    drop: set[int] = set()
    for run in runs:
        if len(run) < 2:
            continue
        first, last = chars[run[0]], chars[run[-1]]
        middle = (first[4] + last[3]) / 2
        half = (first[4] - first[3]) / 2
        text = "".join(chars[k][0] for k in run)
        stacked.append(_Line((text, first[1], first[2], middle - half, middle + half, False)))
        drop.update(run)
    if drop:
        chars[:] = [c for k, c in enumerate(chars) if k not in drop]
    return stacked


def _lines(chars: list[_Char], stacked: list[_Line]) -> list[_Line]:
    """Characters grouped into lines, top to bottom, each line's characters left to right;
    ``stacked`` (lines of vertical text) put in among them, by height."""
    chars.sort(key=lambda c: -(c[3] + c[4]))
    lines: list[_Line] = []
    line: _Line | None = None
    for char in chars:
        if line is not None:
            height = char[4] - char[3]
            band = line.top - line.bottom
            overlap = min(line.top, char[4]) - max(line.bottom, char[3])
            if overlap >= LINE_OVERLAP * min(height, band):
                line.chars.append(char)
                if height > band:
                    line.bottom, line.top = char[3], char[4]
                continue
        line = _Line(char)
        lines.append(line)
    for line in lines:
        line.chars.sort(key=lambda c: c[1])
        line.chars = _undoubled(line.chars)
    if stacked:
        lines.extend(stacked)
        lines.sort(key=lambda ln: -(ln.top + ln.bottom))
    return lines


def _undoubled(chars: list[_Char]) -> list[_Char]:
    """Characters without the copies bold simulation draws over them (the same character
    again at almost the same place)."""
    out = [chars[0]]
    for char in chars[1:]:
        last = out[-1]
        if (
            char[0] == last[0]
            and abs(char[1] - last[1]) < 0.3 * max(last[2] - last[1], 1e-6)
            and abs(char[3] - last[3]) < 0.3 * (last[4] - last[3])
        ):
            continue
        out.append(char)
    return out


def _is_word(text: str) -> bool:
    return text.isascii() and text.isalnum()


def _text(chars: Sequence[_Char]) -> str:
    """A line's characters as text: two spaces between cells, one between ASCII words."""
    parts = [chars[0][0]]
    prev = chars[0]
    for char in chars[1:]:
        em = max(prev[4] - prev[3], char[4] - char[3])
        gap = char[1] - prev[2]
        if gap >= CELL_GAP * em:
            parts.append("  ")
        elif (char[5] or gap >= WORD_GAP * em) and (_is_word(prev[0]) or _is_word(char[0])):
            parts.append(" ")
        parts.append(char[0])
        prev = char
    return "".join(parts)


_DIGITS = re.compile(r"[0-9]+")


def pdf_blocks(
    data: bytes,
    *,
    file: str | None = None,
    ocr: OcrPages | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Block]:
    """The blocks of a PDF document: :class:`Paragraph` blocks of layout text, page by page.

    Each line of a block is one printed line, its cells set apart by two spaces; ``page`` is
    the block's 1-based page and ``line`` the 1-based number of its first line among the lines
    of that page, counted from the top (running headers and footers included). A paragraph
    that runs on from the foot of a page keeps its lines of the next page in its block. Raises
    :class:`ParseError` for anything that is no readable PDF with a text layer.

    Pages with an image and no characters are recognised by OCR (:mod:`.scan`, the ``ocr``
    extra): its boxes are added to ``ocr`` when given, ``progress`` is told of its pages.
    """
    pdfium = _pdfium()
    raw = pdfium.raw
    pages: list[tuple[list[_Char], list[_Line], float, float]] = []
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
                    bottom, top = _vertical_box(page.get_bbox(), rotation)
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
            height = pages[i][3] - pages[i][2]  # the page image's coordinates: y from 0
            pages[i] = (chars, [_Line(run) for run in runs], 0.0, height)
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
    return _blocks([(_lines(chars, stacked), bottom, top) for chars, stacked, bottom, top in pages])


def layout_blocks(
    pages: Sequence[tuple[list[_Char], list[_Char], float, float]],
) -> list[Block]:
    """Paragraph blocks of layout text from pages of characters with boxes, as
    :func:`pdf_blocks` makes them from a PDF's: for other fixed-layout forms (OFD).

    A page is its characters — (text, left, right, bottom, top, whether white space comes
    before it), in display coordinates with y up —, its runs of vertical text (each one such
    tuple holding the run's text, with the box of one character at the run's middle: a line of
    its own), and the bottom and top of the page."""
    return _blocks(
        [
            (_lines(list(chars), [_Line(run) for run in stacked]), bottom, top)
            for chars, stacked, bottom, top in pages
        ]
    )


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


def _running(pages: list[tuple[list[_Line], float, float]]) -> set[tuple[int, int]]:
    """(page, line) of the running headers and footers: the same text at the same height near
    the top or bottom edge on at least :data:`RUNNING` pages (digits may differ)."""
    if len(pages) < RUNNING:
        return set()
    seen: dict[str, list[tuple[int, int, float]]] = {}
    for p, (lines, bottom, top) in enumerate(pages):
        edge = EDGE * (top - bottom)
        for i in (0, 1, len(lines) - 2, len(lines) - 1):
            if 0 <= i < len(lines):
                line = lines[i]
                if line.bottom >= top - edge or line.top <= bottom + edge:
                    key = _DIGITS.sub("0", _text(line.chars))
                    seen.setdefault(key, []).append((p, i, (line.top + line.bottom) / 2))
    out: set[tuple[int, int]] = set()
    for found in seen.values():
        if len({p for p, _, _ in found}) < RUNNING:
            continue
        ys = sorted(y for _, _, y in found)
        middle = ys[len(ys) // 2]
        same = [(p, i) for p, i, y in found if abs(y - middle) <= 3]
        if len({p for p, _ in same}) >= RUNNING:
            out.update(same)
    return out


def _blocks(pages: list[tuple[list[_Line], float, float]]) -> list[Block]:
    """Paragraph blocks, page by page: a new block after vertical white space, and at a line of
    prose indented from the text margin under a line of prose (not between two centred lines:
    a title); a paragraph running on from the foot of a page continues its block on the next
    page."""
    dropped = _running(pages)
    kept_pages = [
        [(i, ln, _text(ln.chars)) for i, ln in enumerate(page_lines) if (p, i) not in dropped]
        for p, (page_lines, _, _) in enumerate(pages)
    ]
    # The text margins: where most lines of prose start and end in the document; a page's own
    # outermost lines where they lie further out.
    single = [ln for kept in kept_pages for _, ln, t in kept if "  " not in t]
    doc_left = _margin(ln.chars[0][1] for ln in single)
    doc_right = _mode(ln.chars[-1][2] for ln in single)
    blocks: list[Block] = []
    open_end = False  # whether the last block ends with a full-width line of prose
    for p, kept in enumerate(kept_pages):
        single = [ln for _, ln, t in kept if "  " not in t]
        left = min((ln.chars[0][1] for ln in single), default=doc_left)
        right = max((ln.chars[-1][2] for ln in single), default=doc_right)
        left, right = min(left, doc_left), max(right, doc_right)
        texts: list[str] = []
        start = 0
        prev: tuple[int, _Line, _Shape] | None = None
        first_block = True
        for i, line, text in kept:
            shape = _shape(line, text, left, right)
            if texts and prev is not None:
                j, above, was = prev
                gap = above.bottom - line.top
                em = min(line.top - line.bottom, above.top - above.bottom)
                # Chinese prose indents the first line of a paragraph, never the lines after
                indent = shape.indented and was.prose and not (was.centred and shape.centred)
                if i != j + 1 or gap > PARA_GAP * em or indent:
                    open_end = _flush(blocks, texts, start, p, first_block and open_end)
                    first_block = False
                    texts = []
            if not texts:
                start = i
                if first_block and open_end and (not shape.prose or shape.indented):
                    open_end = False
            texts.append(text)
            prev = (i, line, shape)
        if texts:
            _flush(blocks, texts, start, p, first_block and open_end)
        open_end = prev is not None and prev[2].prose and not prev[2].short
    return blocks


def _margin(starts: Iterable[float]) -> float:
    """The left text margin: where most lines of prose start, or further left where two or
    more lines start (headings, a paragraph's later lines): in a document whose prose is all
    one-line paragraphs, most lines start at the first-line indent, not at the margin."""
    counts = Counter(round(v / 2) for v in starts)
    if not counts:
        return 0.0
    shared = [k for k, n in counts.items() if n >= 2]
    return 2.0 * min([counts.most_common(1)[0][0], *shared])


def _mode(values: Iterable[float]) -> float:
    """The most frequent of some positions, to 2 pt (the first such, on a tie); 0 if none."""
    counts = Counter(round(v / 2) for v in values)
    return 2.0 * counts.most_common(1)[0][0] if counts else 0.0


@frozen
class _Shape:
    prose: bool
    """One cell (no wide gap)."""
    indented: bool
    """Prose starting 1.5 em or more right of the page's text margin."""
    short: bool
    """Ending 1.5 em or more left of the right margin."""
    centred: bool
    """Indented about as much from the right margin as from the left."""


def _shape(line: _Line, text: str, left: float, right: float) -> _Shape:
    em = line.top - line.bottom
    prose = "  " not in text
    before = line.chars[0][1] - left
    after = right - line.chars[-1][2]
    indented = prose and before >= 1.5 * em
    return _Shape(prose, indented, after >= 1.5 * em, indented and abs(before - after) < 1.5 * em)


def _flush(blocks: list[Block], texts: list[str], start: int, page: int, join: bool) -> bool:
    """End a block (``join``: append its lines to the previous block, the end of a paragraph
    continued from the page before). Returns False."""
    last = blocks[-1] if blocks else None
    if join and isinstance(last, Paragraph):
        blocks[-1] = Paragraph("\n".join([last.text, *texts]), line=last.line, page=last.page)
    else:
        blocks.append(Paragraph("\n".join(texts), line=start + 1, page=page + 1))
    return False
