"""Cells printed one per line: a row label on one line, its figures on the lines after it.

Text copied from a table cell by cell (a spreadsheet pasted as text, a page whose cells are
paragraphs) prints a row as its label and then one figure a line; an empty line among them is a
blank cell. :func:`join_cell_lines` turns such a run back into one row of cells — the label, then
the figures with each blank where it stands — so the table reader gets ordinary rows.

What counts as an empty line depends on the document's spacing: where paragraphs follow each
other line after line (``unit`` 0), every empty line among the figures is a blank cell; in a
document printed with ``unit`` empty lines between all its lines, a blank cell takes ``unit + 1``
more. A gap that no whole number of blank cells explains leaves the run as it is (the table
reader then reports the figures it cannot place). Blank cells after the last figure leave no
trace that can be told from the break before the next row: such a row is shorter than the
table's columns and the placer decides, or reports the candidates.

A lone figure right before a grid row of figures without a label is left alone (a cell wrapped
out of the table, as PDF conversions print them).
Runs after table 四's header words (``总计`` ends its header) are left alone: table 四 reads its
figures after the header itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from .labels import t4_header
from .normalize import label_key
from .rows import Row, split_row
from .values import looks_numeric

__all__ = ["join_cell_lines", "spacing"]


def spacing(paragraph_lines: Sequence[int], blank_before: Sequence[int]) -> int:
    """The empty lines a document prints between its lines: 0 when some paragraph holds two
    lines or more (or follows another without an empty line), else the fewest empty lines
    between two paragraphs."""
    if any(n > 1 for n in paragraph_lines) or len(blank_before) < 2:
        return 0
    return min(blank_before[1:])


def _figure(row: Row) -> bool:
    """A line holding one figure and nothing else."""
    cells = [c for c in row.cells if c]
    return row.grid is None and len(cells) == 1 and looks_numeric(cells[0])


def _label(row: Row) -> bool:
    """A line holding a row label and no figure (never a sentence or table 四's header)."""
    if row.grid is not None or row.prose:
        return False
    labels, figures = split_row(row)
    if not labels or any(figures):
        return False
    return not all(t4_header(row.keys[i]) for i in labels)


def _blanks(gap: int, unit: int) -> int | None:
    """The blank cells ``gap`` empty lines stand for, None when no whole number does."""
    extra = gap - unit
    if extra <= 0:
        return 0
    if extra % (unit + 1):
        return None
    return extra // (unit + 1)


def join_cell_lines(rows: Sequence[Row], gaps: Sequence[int], unit: int = 0) -> list[Row]:
    """``rows`` with each label followed by figures one per line joined into one row.

    ``gaps[i]`` is the number of empty lines printed just before ``rows[i]`` (0 where the form
    has no lines); ``unit`` the document's own spacing (:func:`spacing`)."""
    out: list[Row] = []
    i = 0
    n = len(rows)
    while i < n:
        row = rows[i]
        if not _label(row):
            out.append(row)
            i += 1
            continue
        cells: list[str] = []
        j = i + 1
        while j < n and _figure(rows[j]) and rows[j].page == row.page:
            blanks = _blanks(gaps[j], unit)
            if blanks is None:
                cells = []  # the spacing explains no count of blank cells: left as printed
                break
            cells.extend([""] * blanks)
            cells.extend(c for c in rows[j].cells if c)
            j += 1
        if len(cells) == 1 and j < n and rows[j].grid is not None and not split_row(rows[j])[0]:
            cells = []  # a lone figure before a grid row of figures: no row of its own
        if not cells:
            out.append(row)
            i += 1
            continue
        keys = [*row.keys, *(label_key(c) for c in cells)]
        out.append(
            Row(
                [*row.cells, *cells],
                keys,
                row.line,
                row.page,
                row.grid,
                row.index,
                row.para,
                raw=row.raw,
                columns=row.columns,
            )
        )
        i = j
    return out
