"""Rows: every line of text and every row of a grid as a row of cells, for the reader.

A text line is cut into cells at tabs and runs of two or more spaces, and figures printed
after a label become cells of their own (``行政许可 97``); a cell spanning several grid columns
counts once. Page numbers and rules drawn under headings are no rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from attrs import define, field

from ..findings import Source
from .blocks import Block, Grid, Paragraph
from .normalize import clean_text, label_key
from .running import unrun
from .values import looks_numeric


@define
class Row:
    """A row of the document as the reader sees it. Nothing in it changes once the rows are
    built: the stages record the rows they read in sets of :attr:`index`, never on the row."""

    cells: list[str]
    keys: list[str]
    line: int | None
    page: int | None
    grid: int | None
    index: int
    """Position of the row in the document's row stream."""
    para: int | None = None
    """For a line of text: the paragraph it belongs to."""
    raw: str = ""
    """For a line of text: the line as printed (spaces cleaned)."""
    columns: list[int] = field(factory=list)
    """For a row of a grid: the grid column of each cell (a cell spanning columns counts at
    its first column)."""
    prose: bool = field(init=False)
    """A sentence (it holds a full stop 。): never a label or header of a table."""
    text: str = field(init=False)
    """The row's cells joined by spaces (blank cells left out)."""
    split: tuple[list[int], list[str]] = field(init=False)
    """The row's label cells and figures (:func:`split_row`)."""

    def __attrs_post_init__(self) -> None:
        self.text = " ".join(filter(None, self.cells))
        self.prose = "。" in self.text
        self.split = _split_cells(self.cells, self.prose)

    def source(self, file: str | None) -> Source:
        """Where the row stands in the source: file, page, line, and grid when in one."""
        cell = f"表格{self.grid}" if self.grid is not None else None
        return Source(file=file, page=self.page, line=self.line, cell=cell)


_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万]+")
"""A cell that is a Chinese numeral and nothing else."""
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－_]+\s*[0-9]{1,4}\s*[-—–－_]+|第\s*[0-9]{1,4}\s*页(?:\s*[,，/]?\s*共\s*[0-9]{1,4}\s*页)?)\s*$"
)
"""A page number printed as a line of its own (``— 2 —``, ``- 2 -``, ``第 2 页``)."""
_RULE_LINE = re.compile(r"^\s*[-=_*~]{3,}\s*$")
"""A line drawn under a title or heading (``=====``, ``-----``)."""
_CELL_SPLIT = re.compile(r"[ \u00a0]{2,}|\u3000+")
_TOKEN = re.compile(r"\S+")
_EDGE = " \t\u00a0\u3000\r\n\f\v"


def _split_line(line: str) -> list[str]:
    """A line of text as cells: tabs and runs of spaces separate cells, and figures printed
    after a label (``行政许可 97``, ``规章 22 235``) become cells of their own. An empty field
    between two tabs is a blank cell (``''``) where it stands: the gap never closes.

    A line with no space or tab inside (most lines of Chinese prose) is one cell; every other
    line is cut by :func:`_split_fields`."""
    whole = clean_text(line)
    if " " not in whole:  # no white space inside the line: nothing to cut at
        return [whole]
    return _split_fields(line)


def _split_fields(line: str) -> list[str]:
    """:func:`_split_line` of any line, field by field."""
    parts: list[str] = []
    for field_ in line.strip(_EDGE).split("\t"):
        pieces = [p for p in (clean_text(x) for x in _CELL_SPLIT.split(field_)) if p]
        parts.extend(pieces or [""])
    out: list[str] = []
    for part in parts:
        if not part:
            out.append(part)
            continue
        tokens = _TOKEN.findall(part)
        k = len(tokens)
        while k > 0 and looks_numeric(tokens[k - 1]):
            k -= 1
        if k == len(tokens) or (k > 0 and len("".join(tokens[:k])) > 60):
            out.append(part)
            continue
        if k:
            out.append(" ".join(tokens[:k]))
        out.extend(tokens[k:])
    return out


def _text_row(line: str, number: int | None, page: int | None, para: int) -> Row:
    cells = _split_line(line)
    return Row(
        cells, list(map(label_key, cells)), number, page, None, 0, para, raw=clean_text(line)
    )


def rows_of(blocks: Iterable[Block]) -> list[Row]:
    """Every line of text and every row of a grid as a row, in document order; a label with
    its cells printed one per line after it as one row
    (:func:`~gov_disclosure.readers.cell_lines.join_cell_lines`)."""
    from .cell_lines import join_cell_lines, spacing  # it reads rows: imported when used

    rows: list[Row] = []
    gaps: list[int] = []
    """The empty lines printed before each row (the first line of a plain-text paragraph)."""
    sizes: list[int] = []
    befores: list[int] = []
    para = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            para += 1
            lines = block.text.split("\n")
            sizes.append(len(lines))
            befores.append(block.blank_before)
            gap = block.blank_before
            for offset, line in enumerate(lines):
                pieces = unrun(line)
                if pieces is not None:  # a report run together on one line
                    row_line = block.line + offset if block.line is not None else None
                    for piece in pieces:
                        para += 1
                        rows.append(_text_row(piece, row_line, block.page, para))
                        gaps.append(gap)
                        gap = 0
                    continue
                cells = _split_line(line)
                if not any(cells) or _PAGE_NUMBER.match(line) or _RULE_LINE.match(line):
                    continue
                row_line = block.line + offset if block.line is not None else None
                rows.append(
                    Row(
                        cells,
                        list(map(label_key, cells)),
                        row_line,
                        block.page,
                        None,
                        0,
                        para,
                        raw=clean_text(line),
                    )
                )
                gaps.append(gap)
                gap = 0  # the lines of a paragraph follow each other
            continue
        assert isinstance(block, Grid)
        for r, (texts, ids, row_line) in enumerate(
            zip(block.rows, block.ids, block.lines, strict=False)
        ):
            grid_cells, columns = _grid_cells(texts, ids)
            if not any(grid_cells):
                continue
            rows.append(
                Row(
                    grid_cells,
                    list(map(label_key, grid_cells)),
                    row_line,
                    block.page,
                    block.number,
                    r + 1,
                    columns=columns,
                )
            )
            gaps.append(0)
    rows = join_cell_lines(rows, gaps, spacing(sizes, befores))
    for i, row in enumerate(rows):
        row.index = i
    return rows


def _grid_cells(texts: Sequence[str], ids: Sequence[int]) -> tuple[list[str], list[int]]:
    """A grid row's cells, cleaned, and the grid column of each: a cell spanning columns
    counts once, at its first column."""
    n = min(len(texts), len(ids))
    if len(set(ids[:n])) == n:  # no cell spans columns: every position is a cell
        return list(map(clean_text, texts[:n])), list(range(n))
    return _spanning_cells(texts, ids)


def _spanning_cells(texts: Sequence[str], ids: Sequence[int]) -> tuple[list[str], list[int]]:
    """:func:`_grid_cells` of any grid row, position by position."""
    cells: list[str] = []
    columns: list[int] = []
    last: int | None = None
    for column, (text, ident) in enumerate(zip(texts, ids, strict=False)):
        if ident != last:
            cells.append(clean_text(text))
            columns.append(column)
        last = ident
    return cells, columns


def split_row(row: Row) -> tuple[list[int], list[str]]:
    """Indexes of the row's label cells (the text cells before its first figure), and the
    cells after the last label (its figures, blanks and unreadable text included)."""
    return row.split


def _split_cells(cells: list[str], prose: bool) -> tuple[list[int], list[str]]:
    """:func:`split_row` of a row's cells (a sentence has neither labels nor figures)."""
    labels: list[int] = []
    if prose:
        return labels, []
    for i, cell in enumerate(cells):
        if cell and (looks_numeric(cell) or (labels and _NUMERAL.fullmatch(cell))):
            break  # a figure (a Chinese numeral after a label is a figure too: 十二)
        if cell:
            labels.append(i)
    start = labels[-1] + 1 if labels else 0
    return labels, cells[start:]
