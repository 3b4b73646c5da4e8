"""Plain text: the report as wrapped paragraphs and aligned ASCII grids, at a fixed line width.

:func:`render_text` lays every line out within ``width`` display columns, measured with
wcwidth (a CJK character counts 2), so the output lines up in any monospaced terminal font:

* the title underlined with ``=``, the metadata lines, then the six sections, each heading
  underlined with ``-``; paragraphs wrapped by display width;
* the tables as ASCII grids (``+``, ``-``, ``=``, ``|`` only, so that no East Asian ambiguous
  width can break them), drawn by :func:`tabulate.tabulate` (``tablefmt="grid"``, wcwidth on)
  with two additions tabulate lacks: header cells spanning several columns (``申请人情况``,
  ``法人或其他组织``), with blank header cells merged down into the cell below as in the official
  template, and group rows spanning the whole table;
* table 二: one grid per 第二十条 block, the block label in a spanning first row;
* table 三: the value columns under their spanning group headers, the 勾稽关系 note in the
  corner cell (as in the official template); the row groups ``三、本年度办理结果`` and
  ``（三）`` … ``（六）`` as spanning rows, each row below them indented two columns per level;
* table 四: pivoted to one row per group (``行政复议``, and under the spanning row
  ``行政诉讼`` the rows ``未经复议直接起诉`` and ``复议后起诉``), one column per outcome, so
  its 15 cells fit in 80 columns.

Long labels and cell texts wrap inside their cells. When a width cannot hold a table even with
every header and value wrapped tightly, :func:`render_text` raises ``ValueError`` naming the
smallest width that works.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import tabulate as _tabulate
from attrs import frozen
from wcwidth import iter_graphemes, wcswidth

from ..grid import (
    MISSING_TABLE_NOTE,
    Grid,
    GridCell,
    block_rows,
    column_paths,
    label_cells,
    place,
    table_grid,
)
from ..model import AnnualReport, Table
from ..statutory import SECTIONS
from . import _form_note, _metadata, _normalise_text

__all__ = ["DEFAULT_WIDTH", "MIN_WIDTH", "render_text"]

DEFAULT_WIDTH = 100
"""The default line width, in display columns."""
MIN_WIDTH = 20
"""The narrowest width accepted at all (the tables need more: about 50 columns)."""

_INDENT = 2
"""Display columns of indentation per level of a row-label path."""

Align = Literal["left", "center"]


# --- measuring and wrapping ------------------------------------------------------------------


def _width(text: str) -> int:
    """Display width of one line of cleaned text (CJK counts 2)."""
    return max(wcswidth(text), 0)


def _tokens(line: str) -> list[str]:
    """Graphemes, with runs of printable ASCII (words, numbers such as ``96171.6``) kept whole."""
    tokens: list[str] = []
    word = ""
    for grapheme in iter_graphemes(line):
        if len(grapheme) == 1 and "!" <= grapheme <= "~":
            word += grapheme
            continue
        if word:
            tokens.append(word)
            word = ""
        tokens.append(grapheme)
    if word:
        tokens.append(word)
    return tokens


def _pieces(token: str, width: int) -> list[str]:
    """A token cut into pieces no wider than ``width`` (graphemes first, else code points)."""
    pieces: list[str] = []
    for grapheme in iter_graphemes(token):
        pieces.extend([grapheme] if _width(grapheme) <= width else list(grapheme))
    return pieces


_NO_START = frozenset("，。、；：？！）》」』】〕〉”’％,.;:?!)]}%·…—")
"""Closing punctuation that does not begin a line (避头): it takes a character down with it."""
_NO_END = frozenset("（《「『【〔〈“‘([{")
"""Opening punctuation that does not end a line (避尾): it moves down to the next line."""


def _break(current: str, token: str, width: int) -> tuple[str, str]:
    """Where to break before ``token``: the line to end and what the next line begins with.

    Moves an opening bracket at the end of ``current`` down, or — before closing punctuation —
    the last character of ``current``, provided what moves fits with ``token`` on a line.
    """
    graphemes = list(iter_graphemes(current.rstrip(" ")))
    carry = 0
    if token in _NO_START and len(graphemes) > 1:
        carry = 1
    while carry < len(graphemes) - 1 and graphemes[-1 - carry] in _NO_END:
        carry += 1
    if carry and len(graphemes) > carry:
        head, moved = "".join(graphemes[:-carry]), "".join(graphemes[-carry:])
        if _width(moved + token) <= width:
            return head, moved
    return current.rstrip(" "), ""


def _wrap(text: str, width: int) -> list[str]:
    """One line of text wrapped greedily into lines of at most ``width`` display columns.

    Breaks fall between graphemes (any two CJK characters), never inside a run of printable
    ASCII unless the run alone is wider than a line; ASCII spaces at a break are dropped; no
    line begins with closing punctuation or ends with an opening bracket when a character can
    move instead. Returns at least one line. ``width`` must be at least 2 (the widest
    character).
    """
    if _width(text) <= width and text == text.strip(" "):
        return [text]
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        if token == " " and not current:
            continue
        if _width(current + token) <= width:
            current += token
            continue
        head, current = _break(current, token, width) if current.strip(" ") else ("", "")
        if head:
            lines.append(head)
        if token == " ":
            continue
        if current:
            current += token
            continue
        if _width(token) <= width:
            current = token
            continue
        for piece in _pieces(token, width):
            if current and _width(current + piece) > width:
                lines.append(current)
                current = ""
            current += piece
    lines.append(current.rstrip(" "))
    return lines


def _wrap_balanced(text: str, width: int) -> list[str]:
    """Like :func:`_wrap`, but as narrow as possible without adding a line (for header cells,
    so that ``社会公益组织`` in 8 columns becomes ``社会公`` / ``益组织`` rather than a ragged pair)."""
    lines = _wrap(text, width)
    while width > 2:
        narrower = _wrap(text, width - 1)
        if len(narrower) > len(lines):
            break
        lines, width = narrower, width - 1
    return lines


def _pad(text: str, width: int, align: Align) -> str:
    """``text`` padded with spaces to ``width`` display columns."""
    gap = max(width - _width(text), 0)
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def _wrapped_paragraph(text: str, width: int) -> str | None:
    """A paragraph wrapped to ``width``; None when it holds nothing but spaces."""
    lines: list[str] = []
    for line in _normalise_text(text).split("\n"):
        line = line.strip(" ")
        if line:
            lines.extend(_wrap(line, width))
    return "\n".join(lines) if lines else None


def _one_line(text: str) -> str:
    """A cell text on one line (line breaks become spaces), trimmed."""
    return " ".join(_normalise_text(text).split("\n")).strip(" ")


# --- grids -----------------------------------------------------------------------------------


@frozen
class _Span:
    """A header or group cell spanning columns ``start`` … ``end - 1``."""

    start: int
    end: int
    text: str
    align: Align = "center"
    indent: int = 0


@frozen
class _Row:
    """A body row: its label (indented by its depth) and its value texts, or — with ``values``
    None — a group label spanning the whole table."""

    label: str
    indent: int
    values: tuple[str, ...] | None


@frozen
class _Grid:
    """A table ready to draw: spanning header rows, the header row, the body rows."""

    spans: tuple[tuple[_Span, ...], ...]
    header: tuple[str, ...]
    """The header row: the label column's header, then one header per value column."""
    rows: tuple[_Row, ...]


_CAPS: tuple[tuple[int | None, int | None], ...] = (
    (None, None),
    (12, 16),
    (8, 12),
    (6, 10),
    (4, 8),
    (4, 6),
    (2, 4),
)
"""(header, value) width caps tried in turn, most generous first (None: no cap)."""


def _column_width(header: str, values: Sequence[str], hcap: int | None, vcap: int | None) -> int:
    """The content width of a value column under the given caps."""
    value = max((_width(v) for v in values), default=0)
    if vcap is not None:
        value = min(value, vcap)
    full = _width(header)
    cap = full if hcap is None else min(full, max(hcap, value))
    head = max(_width(line) for line in _wrap_balanced(header, max(cap, 2)))
    return max(value, head, 2)


def _plan(grid: _Grid, width: int) -> tuple[int, list[int]] | int:
    """Content widths (label column, value columns) that fit ``width`` columns, or — when none
    does — the smallest width that would."""
    k = len(grid.header) - 1
    frame = 1 + 3 * (k + 1)
    data = [row for row in grid.rows if row.values is not None]
    need = max([_width(grid.header[0]), *(row.indent + _width(row.label) for row in data)])
    least = min(need, max([0, *(row.indent for row in data)]) + 4)
    want = min(need, max(16, width * 3 // 10))
    columns = [[row.values[j] for row in data if row.values is not None] for j in range(k)]
    widths: list[int] = []
    room = 0
    for hcap, vcap in _CAPS:
        widths = [_column_width(grid.header[1 + j], columns[j], hcap, vcap) for j in range(k)]
        room = width - frame - sum(widths)
        if room >= want:
            return min(need, room), widths
    if room >= least:
        return room, widths
    return frame + sum(widths) + least


def _lines(text: str, width: int, indent: int = 0) -> list[str]:
    """Cell lines: ``text`` wrapped to ``width`` after an indentation of ``indent`` columns."""
    return [" " * indent + line for line in _wrap(text, max(width - indent, 2))]


def _bottom(lines: list[str], height: int) -> list[str]:
    """Header-cell lines pushed down to the bottom of a cell ``height`` lines tall."""
    return [""] * (height - len(lines)) + lines


def _span_lines(spans: Sequence[_Span], bounds: Sequence[int]) -> list[str]:
    """The text lines of a row of spanning cells, given the grid's column boundaries."""
    cells: list[tuple[_Span, int, list[str]]] = []
    for span in spans:
        inner = bounds[span.end] - bounds[span.start] - 3
        cells.append((span, inner, _lines(span.text, inner, span.indent)))
    height = max(len(lines) for _, _, lines in cells)
    out = []
    for i in range(height):
        parts = ["|"]
        for span, inner, lines in cells:
            text = lines[i] if i < len(lines) else ""
            parts.append(f" {_pad(text, inner, span.align)} |")
        out.append("".join(parts))
    return out


def _rule(
    bounds: Sequence[int],
    above: set[int],
    below: set[int],
    fill: str,
    open_ranges: Sequence[tuple[int, int]] = (),
) -> str:
    """A horizontal rule between two rows whose vertical lines stand at ``above`` and
    ``below``; ``open_ranges`` (pairs of boundaries) are left blank, merging a cell down."""
    chars = [fill] * (bounds[-1] + 1)
    for left, right in open_ranges:
        chars[left + 1 : right] = " " * (right - left - 1)
    last = len(chars) - 1
    for p in sorted(above | below):
        horizontal = (p > 0 and chars[p - 1] != " ") or (p < last and chars[p + 1] != " ")
        chars[p] = "+" if horizontal else "|"
    return "".join(chars)


def _draw(grid: _Grid, label_width: int, widths: Sequence[int]) -> list[str]:
    """The lines of a grid whose column content widths are planned."""
    k = len(widths)
    body = [row for row in grid.rows if row.values is not None]
    label_cells = [_lines(row.label, label_width, row.indent) for row in body]
    value_cells = [
        [_lines(row.values[j], widths[j]) for row in body if row.values is not None]
        for j in range(k)
    ]
    head = [_lines(grid.header[0], label_width)] + [
        _wrap_balanced(grid.header[1 + j], widths[j]) for j in range(k)
    ]
    # Centre the headers in the columns as they will be drawn (never wider than planned).
    actual = [
        max(_width(line) for cell in [head[0], *label_cells] for line in cell),
        *(max(_width(line) for cell in [head[1 + j], *value_cells[j]] for line in cell)
          for j in range(k)),
    ]  # fmt: skip
    height = max(len(lines) for lines in head)
    header = [
        "\n".join(_pad(line, actual[j], "left" if j == 0 else "center") for line in cell)
        for j, cell in enumerate(_bottom(lines, height) for lines in head)
    ]
    rows = [header] + [
        ["\n".join(label_cells[i]), *("\n".join(value_cells[j][i]) for j in range(k))]
        for i in range(len(body))
    ]
    drawn: str = _tabulate.tabulate(
        rows,
        tablefmt="grid",
        colalign=("left",) + ("right",) * k,
        disable_numparse=True,
        preserve_whitespace=True,
    )
    lines = drawn.split("\n")
    bounds = [i for i, char in enumerate(lines[0]) if char == "+"]
    blocks: list[list[str]] = [[]]
    for line in lines[1:]:
        if line.startswith("+"):
            blocks.append([])
        else:
            blocks[-1].append(line)
    blocks.pop()  # after the bottom rule

    every = set(bounds)
    # Each drawn row: its lines, the boundaries of its cells, and its cells' extents.
    drawn_rows: list[tuple[list[str], set[int], list[tuple[int, int, bool]]]] = []
    for spans in grid.spans:
        extents = [(bounds[s.start], bounds[s.end], not s.text) for s in spans]
        edges = {bounds[s.start] for s in spans} | {bounds[-1]}
        drawn_rows.append((_span_lines(spans, bounds), edges, extents))
    cells = [(bounds[j], bounds[j + 1], False) for j in range(k + 1)]
    drawn_rows.append((blocks[0], every, cells))
    header_index = len(drawn_rows) - 1
    regular = iter(blocks[1:])
    for row in grid.rows:
        if row.values is None:
            span = _Span(0, k + 1, row.label, "left", row.indent)
            drawn_rows.append((_span_lines([span], bounds), {0, bounds[-1]}, []))
        else:
            drawn_rows.append((next(regular), every, cells))

    out = [_rule(bounds, set(), drawn_rows[0][1], "-")]
    for i, (row_lines, edges, extents) in enumerate(drawn_rows):
        out.extend(row_lines)
        if i + 1 == len(drawn_rows):
            out.append(_rule(bounds, edges, set(), "-"))
            break
        below_edges, below_extents = drawn_rows[i + 1][1], drawn_rows[i + 1][2]
        open_ranges = []
        if i < header_index:  # a blank header cell merges into the cell of the same extent
            below = {(left, right) for left, right, _ in below_extents}
            open_ranges = [(lt, rt) for lt, rt, blank in extents if blank and (lt, rt) in below]
        fill = "=" if i == header_index else "-"
        out.append(_rule(bounds, edges, below_edges, fill, open_ranges))
    return out


# --- the statutory tables as grids -----------------------------------------------------------


def _body_rows(rows: Sequence[Sequence[GridCell]], width: int) -> tuple[_Row, ...]:
    """Body rows from grid rows of label and value cells: a spanning group row for each group
    label that begins on a row, then the row's own (last) label with its values, each label
    indented by the grid column it stands in."""
    out: list[_Row] = []
    for row, starts in zip(rows, place(rows, width)[0], strict=True):
        labels = [
            (cell.text, j * _INDENT)
            for cell, j in zip(row, starts, strict=True)
            if cell.role == "label"
        ]
        *groups, (label, indent) = labels or [("", 0)]
        out.extend(_Row(text, at, None) for text, at in groups)
        out.append(_Row(label, indent, tuple(_one_line(c.text) for c in row if c.role == "value")))
    return tuple(out)


def _head(grid: Grid) -> tuple[tuple[tuple[_Span, ...], ...], tuple[str, ...]]:
    """The grid's header rows as spanning rows and the header row: the label columns drawn as
    one, each merged cell's text on its bottom row and blank (merged down) above."""
    columns = [0] * grid.label_columns + list(range(1, 1 + grid.width - grid.label_columns))
    _, matrix = place(grid.head, grid.width)
    rows: list[list[_Span]] = []
    for i, line in enumerate(matrix):
        spans: list[_Span] = []
        j = 0
        while j < grid.width:
            slot = line[j]
            end = j + 1
            while end < grid.width and slot is not None and line[end] is slot:
                end += 1
            bottom = slot is not None and slot.origin[0] + slot.cell.rowspan - 1 == i
            text = slot.cell.text if slot is not None and bottom else ""
            spans.append(_Span(columns[j], columns[end - 1] + 1, text))
            j = end
        rows.append(spans)
    *above, header = rows
    return tuple(tuple(r) for r in above), tuple(span.text for span in header)


def _block_grids(grid: Grid) -> list[_Grid]:
    """Table 二: one grid per block, the block label in a spanning first row."""
    out: list[_Grid] = []
    for rows in block_rows(grid):
        (title,), header, *body = (grid.body[i] for i in rows)
        out.append(
            _Grid(
                spans=((_Span(0, len(header), title.text, "left"),),),
                header=tuple(cell.text for cell in header),
                rows=_body_rows(body, grid.width),
            )
        )
    return out


def _drawn(grid: Grid) -> _Grid:
    """Table 三 as the grid draws it: rows by their label paths, the value columns under their
    spanning group headers."""
    spans, header = _head(grid)
    return _Grid(spans=spans, header=header, rows=_body_rows(grid.body, grid.width))


def _pivoted(grid: Grid) -> _Grid:
    """Table 四 (a single row of columns grouped by label path) pivoted: one row per column
    group, merged as the grid merges row labels, one column per innermost label."""
    groups: dict[tuple[str, ...], dict[str, str]] = {}
    inner: list[str] = []
    values = [cell for row in grid.body for cell in row if cell.role == "value"]
    for (*group, label), cell in zip(column_paths(grid), values, strict=True):
        groups.setdefault(tuple(group), {})[label] = cell.text
        if label not in inner:
            inner.append(label)
    depth = max(len(group) for group in groups)
    rows = [
        [*labels, *(GridCell(texts.get(label, ""), "value") for label in inner)]
        for labels, texts in zip(label_cells(list(groups), depth), groups.values(), strict=True)
    ]
    return _Grid(spans=(), header=("", *inner), rows=_body_rows(rows, depth + len(inner)))


def _grids(table: Table, printed: dict[str, str]) -> list[_Grid]:
    grid = table_grid(table, printed=printed)
    if block_rows(grid):
        return _block_grids(grid)
    return [_pivoted(grid) if grid.key == "四" else _drawn(grid)]


# --- the report --------------------------------------------------------------------------------


def _underlined(text: str, width: int, rule: str) -> str:
    lines = _wrap(" ".join(_normalise_text(text).split()) or " ", width)
    return "\n".join([*lines, rule * max(1, max(_width(line) for line in lines))])


def render_text(report: AnnualReport, *, width: int = DEFAULT_WIDTH) -> str:
    """The report as plain text no wider than ``width`` display columns (CJK counts 2).

    Every line fits ``width``; every line of a grid has the same width. ``width`` must be an
    int of at least :data:`MIN_WIDTH`; a width too narrow for a table raises ``ValueError``
    naming the smallest width that holds every table of the report (about 50 for a typical
    report; 80 and the default 100 are comfortable).
    """
    if not isinstance(report, AnnualReport):
        raise TypeError(f"render_text: expected an AnnualReport, got {type(report).__name__}")
    if not isinstance(width, int) or isinstance(width, bool):
        raise TypeError(f"render_text: width must be an int, got {type(width).__name__}")
    if width < MIN_WIDTH:
        raise ValueError(f"render_text: width must be at least {MIN_WIDTH}, got {width}")
    if not _tabulate.WIDE_CHARS_MODE:  # pragma: no cover - wcwidth is a dependency
        raise RuntimeError("render_text: tabulate cannot measure CJK text (wcwidth is missing)")

    printed = dict(report.printed)
    planned: dict[str, list[tuple[_Grid, int, list[int]]]] = {}
    too_narrow: dict[str, int] = {}
    for table in report.tables():
        key = table.spec().key
        planned[key] = []
        for grid in _grids(table, printed):
            plan = _plan(grid, width)
            if isinstance(plan, int):
                too_narrow[key] = max(too_narrow.get(key, 0), plan)
            else:
                planned[key].append((grid, *plan))
    if too_narrow:
        names = "、".join(f"表{key}" for key in too_narrow)
        raise ValueError(
            f"render_text: width {width} is too narrow for {names}; "
            f"use a width of at least {max(too_narrow.values())}"
        )

    blocks = [_underlined(report.display_title, width, "=")]
    blocks.append(
        "\n".join(line for item in _metadata(report) for line in _meta_lines(item, width))
    )
    tables = {t.spec().key: t for t in report.tables()}
    for section in SECTIONS:
        blocks.append(_underlined(section.title, width, "-"))
        if section.table is None:
            paragraphs: tuple[str, ...] = getattr(report, section.key)
            blocks.extend(p for p in (_wrapped_paragraph(t, width) for t in paragraphs) if p)
            continue
        shown = tables.get(section.table)
        if shown is None:
            blocks.append("\n".join(_wrap(MISSING_TABLE_NOTE, width)))
            continue
        blocks.extend(p for p in (_wrapped_paragraph(t, width) for t in shown.prose) if p)
        note = _form_note(shown, report)
        if note is not None:
            blocks.append("\n".join(_wrap(note, width)))
        for grid, label_width, widths in planned[section.table]:
            blocks.append("\n".join(_draw(grid, label_width, widths)))
    return "\n\n".join(blocks) + "\n"


def _meta_lines(item: str, width: int) -> list[str]:
    return _wrap(" ".join(_normalise_text(item).split()), width)
