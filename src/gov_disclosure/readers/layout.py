"""Fixed-layout pages → blocks: characters with boxes (and rules) → lines, grids, paragraphs.

Geometry only, no PDF library: the PDF front end (:mod:`.pdf`, PDFium) and the OFD front end
(:mod:`.ofd`) find each page's characters, and any other fixed-layout front end (OCR) can do the
same and call :func:`layout_blocks`::

    layout_blocks(pages, rules=None, sides=None) -> list[Block]

* ``pages`` — one ``(chars, stacked, bottom, top)`` per page, in display coordinates (x to the
  right, y up, points): ``chars`` are the printed characters, each ``(text, left, right,
  bottom, top, spaced)`` (``spaced``: white space comes before it in the source; white space
  itself is left out); ``stacked`` the runs of vertical text, each one such tuple holding the
  run's text with the box of one character at the run's middle (a line of its own); ``bottom``
  and ``top`` the page's crop box.
* ``rules`` — optional, per page, the ruling lines drawn on it, each a segment
  ``(x0, y0, x1, y1)`` in the same coordinates (a thin filled rectangle is the segment along
  its middle). Where they draw a table (:mod:`.ruling`), its characters go into its cells and
  it becomes a :class:`~.blocks.Grid`; without rules, or where a region has none, the page is
  read as text, as ``pdftotext -layout`` lays it out.
* ``sides`` — optional, per page, the left and right of the page's crop box: a line is centred
  when its middle is within 1.5 em of the page's middle (without them, when it is indented
  about as much from the right text margin as from the left).

How a page becomes blocks:

* **lines** — a character joins a line when their boxes overlap vertically by at least 60 %
  of the lower one (small jitter and superscripts join; a row of figures centred between the
  two lines of a wrapped label does not); each line is sorted left to right, and a character
  drawn twice at almost the same place (bold simulation) is kept once.
* **cells and spaces** — a gap of at least 0.7 em (em: the box height) between two
  characters is a cell break, written as two spaces; measured on the corpus PDFs, gaps inside a
  cell reach 0.51 em and gaps between cells start at 0.83 em. A smaller gap next to an ASCII
  letter or digit is one space when the source has white space there or the gap is at least
  0.25 em (``hello world``, ``2024 年``); CJK characters are joined without spaces.
* **grids** — a character whose box's centre lies in a cell of a ruled table belongs to that
  cell; a cell's text is its lines joined (without a space, but for one between two ASCII
  letters or digits). Every row between two horizontal rules is a row of the grid, so a blank
  cell is an empty string where it stands and a row of blanks keeps its place; a merged cell
  appears at every position it covers with one id. A table continued on the next page is a
  grid on each page. The grid stands where its first line stood among the page's lines.
* **paragraphs** — the other lines form one :class:`~.blocks.Paragraph` per paragraph: a new
  block after vertical white space of more than 0.8 em, after a grid, and at a line of prose
  indented from the text margin (Chinese prose indents a paragraph's first line, never the
  lines after) under a line of prose, but not between two centred lines (a title in two
  lines). A paragraph that runs on from the foot of a page (its last line full, the next
  page's first line not indented) keeps the next page's lines in its block.
* **running headers and footers** — a line among the first or last two of a page, in the
  top or bottom 10 % of the page, repeated with the same text (digits aside) at the same
  height (± 3 pt) on at least 3 pages, is dropped. Page numbers the reader drops itself.

**Positions.** Every block has ``page``, 1-based. A paragraph's ``line`` is the 1-based number
of its first line among the lines of its page, counted from the top (a dropped header counts,
so does every line of a grid), except for the lines a paragraph carries over from the next
page, which count on from the previous page's lines; a grid's ``lines`` give each row the
number of its first line (None for a row of blanks).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from attrs import frozen

from .blocks import Block, Grid, Paragraph
from .ruling import Segment, Table, find_tables

__all__ = ["Char", "layout_blocks"]

CELL_GAP = 0.7
"""A horizontal gap of at least this many ems between two characters separates two cells."""
WORD_GAP = 0.25
"""A smaller gap of at least this many ems next to an ASCII letter or digit is a space (so is
white space in the source there)."""
LINE_OVERLAP = 0.6
"""A character joins a line when its box and the line's overlap vertically by this share of
the lower of the two."""
PARA_GAP = 0.8
"""Vertical white space of more than this many ems between two lines ends a paragraph."""
EDGE = 0.1
"""Share of the page height at the top and bottom where running headers and footers stand."""
RUNNING = 3
"""Pages a header or footer must repeat on to be dropped."""

Char = tuple[str, float, float, float, float, bool]
"""A character: its text, its box (left, right, bottom, top) in display coordinates (x to the
right, y up), and whether white space comes before it in the source."""

_DIGITS = re.compile(r"[0-9]+")


class _Line:
    __slots__ = ("bottom", "chars", "top")

    def __init__(self, char: Char) -> None:
        self.chars = [char]
        self.bottom = char[3]
        self.top = char[4]


class _Page:
    """A page's lines, top to bottom, with the grids of its ruled tables: ``starts`` maps a
    line's index to the grids standing there, ``inside`` holds the lines wholly in a grid."""

    __slots__ = ("bottom", "centre", "inside", "lines", "starts", "top")

    def __init__(self, lines: list[_Line], bottom: float, top: float, centre: float | None):
        self.lines = lines
        self.bottom = bottom
        self.top = top
        self.centre = centre
        self.starts: dict[int, list[Grid]] = {}
        self.inside: set[int] = set()


def layout_blocks(
    pages: Sequence[tuple[Sequence[Char], Sequence[Char], float, float]],
    *,
    rules: Sequence[Sequence[Segment]] | None = None,
    sides: Sequence[tuple[float, float]] | None = None,
) -> list[Block]:
    """Paragraph and grid blocks from pages of characters with boxes (see the module)."""
    made: list[_Page] = []
    for p, (chars, stacked, bottom, top) in enumerate(pages):
        lines = _lines(list(chars), [_Line(run) for run in stacked])
        centre = (sides[p][0] + sides[p][1]) / 2 if sides is not None else None
        page = _Page(lines, bottom, top, centre)
        if rules is not None and rules[p]:
            _grids(page, find_tables(rules[p]), p + 1)
        made.append(page)
    return _blocks(made)


def _lines(chars: list[Char], stacked: list[_Line]) -> list[_Line]:
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


def _undoubled(chars: list[Char]) -> list[Char]:
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


def _text(chars: Sequence[Char]) -> str:
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


def _grids(page: _Page, tables: list[Table], number: int) -> None:
    """Put the page's characters into the cells of its ruled tables: each table becomes a
    grid standing at its first line; lines wholly inside tables leave the text."""
    if not tables:
        return
    # per table: cell id -> the cell's characters, line by line; row -> its first line
    cells: list[dict[int, dict[int, list[Char]]]] = [{} for _ in tables]
    first_lines: list[dict[int, int]] = [{} for _ in tables]
    starts: dict[int, int] = {}
    for n, line in enumerate(page.lines):
        near = [
            (t, table)
            for t, table in enumerate(tables)
            if table.bottom <= line.top and line.bottom <= table.top
        ]
        if not near:
            continue
        free: list[Char] = []
        for char in line.chars:
            x, y = (char[1] + char[2]) / 2, (char[3] + char[4]) / 2
            for t, table in near:
                spot = table.locate(x, y)
                if spot is not None:
                    ident = table.ids[spot[0]][spot[1]]
                    cells[t].setdefault(ident, {}).setdefault(n, []).append(char)
                    first_lines[t].setdefault(spot[0], n)
                    starts.setdefault(t, n)
                    break
            else:
                free.append(char)
        if not free:
            page.inside.add(n)
        elif len(free) < len(line.chars):
            line.chars = free
    for t, table in enumerate(tables):
        if t not in starts:
            continue  # an empty ruled frame
        texts = {ident: _cell_text(parts.values()) for ident, parts in cells[t].items()}
        rows = tuple(tuple(texts.get(ident, "") for ident in row) for row in table.ids)
        lines = tuple(
            first_lines[t][i] + 1 if i in first_lines[t] else None for i in range(len(rows))
        )
        page.starts.setdefault(starts[t], []).append(Grid(rows, table.ids, lines, 0, number))


def _cell_text(parts: Iterable[list[Char]]) -> str:
    """A cell's lines as one text: joined without a space, but between ASCII words."""
    out = ""
    for chars in parts:
        text = _text(chars)
        if out and _is_word(out[-1]) and _is_word(text[0]):
            out += " "
        out += text
    return out


def _running(pages: list[_Page]) -> set[tuple[int, int]]:
    """(page, line) of the running headers and footers: the same text at the same height near
    the top or bottom edge on at least :data:`RUNNING` pages (digits may differ)."""
    if len(pages) < RUNNING:
        return set()
    seen: dict[str, list[tuple[int, int, float]]] = {}
    for p, page in enumerate(pages):
        lines = page.lines
        edge = EDGE * (page.top - page.bottom)
        for i in (0, 1, len(lines) - 2, len(lines) - 1):
            if 0 <= i < len(lines) and i not in page.inside and i not in page.starts:
                line = lines[i]
                if line.bottom >= page.top - edge or line.top <= page.bottom + edge:
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


def _blocks(pages: list[_Page]) -> list[Block]:
    """Paragraph and grid blocks, page by page: a new paragraph after vertical white space,
    after a grid, and at a line of prose indented from the text margin under a line of prose
    (not between two centred lines: a title); a paragraph running on from the foot of a page
    continues its block on the next page."""
    dropped = _running(pages)
    kept_pages = [
        [
            (i, ln, _text(ln.chars) if i not in page.inside else "")
            for i, ln in enumerate(page.lines)
            if (p, i) not in dropped
        ]
        for p, page in enumerate(pages)
    ]
    # The text margins: where most lines of prose start and end in the document; a page's own
    # outermost lines where they lie further out.
    single = [ln for kept in kept_pages for _, ln, t in kept if t and "  " not in t]
    doc_left = _margin(ln.chars[0][1] for ln in single)
    doc_right = _mode(ln.chars[-1][2] for ln in single)
    blocks: list[Block] = []
    grids = 0
    open_end = False  # whether the last block ends with a full-width line of prose
    for p, kept in enumerate(kept_pages):
        page = pages[p]
        single = [ln for _, ln, t in kept if t and "  " not in t]
        left = min((ln.chars[0][1] for ln in single), default=doc_left)
        right = max((ln.chars[-1][2] for ln in single), default=doc_right)
        left, right = min(left, doc_left), max(right, doc_right)
        texts: list[str] = []
        start = 0
        prev: tuple[int, _Line, _Shape] | None = None
        first_block = True
        for i, line, text in kept:
            for grid in page.starts.get(i, ()):
                if texts:
                    _flush(blocks, texts, start, p, first_block and open_end)
                    texts = []
                first_block, open_end, prev = False, False, None
                grids += 1
                blocks.append(Grid(grid.rows, grid.ids, grid.lines, grids, grid.page))
            if i in page.inside:
                continue
            shape = _shape(line, text, left, right, page.centre)
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
    """Indented, its middle within 1.5 em of the page's (or, without the page's sides,
    indented about as much from the right margin as from the left)."""


def _shape(line: _Line, text: str, left: float, right: float, centre: float | None) -> _Shape:
    em = line.top - line.bottom
    prose = "  " not in text
    start, end = line.chars[0][1], line.chars[-1][2]
    before = start - left
    after = right - end
    indented = prose and before >= 1.5 * em
    if centre is None:
        centred = abs(before - after) < 1.5 * em
    else:
        centred = abs((start + end) / 2 - centre) < 1.5 * em
    return _Shape(prose, indented, after >= 1.5 * em, indented and centred)


def _flush(blocks: list[Block], texts: list[str], start: int, page: int, join: bool) -> bool:
    """End a block (``join``: append its lines to the previous block, the end of a paragraph
    continued from the page before). Returns False."""
    last = blocks[-1] if blocks else None
    if join and isinstance(last, Paragraph):
        blocks[-1] = Paragraph("\n".join([last.text, *texts]), line=last.line, page=last.page)
    else:
        blocks.append(Paragraph("\n".join(texts), line=start + 1, page=page + 1))
    return False
