"""The official grid of each statutory table, with merged cells, derived from the layout.

HTML and Word lay the tables out as the official template does — merged header cells, row
groups spanning their sub-rows — and both read the same :class:`Grid`. The grid is computed
from :mod:`gov_disclosure.statutory` (label paths decide every span), never typed by hand.

The module also holds the few fixed phrases the renderers print around the tables (the
metadata labels, the note for a missing table, the note for a table in another form), so the
readers of published reports recognise them from the same place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

from attrs import frozen

from .model import Cell, Table
from .numbers import format_amount, format_count
from .statutory import (
    T2_CONTENT_HEADER,
    T3_CAPTION,
    TABLE3_NOTE,
    CellKind,
    CellSpec,
    Edition,
    TableSpec,
    table_spec,
)

__all__ = [
    "META_AGENCY",
    "META_EDITION",
    "META_PUBLISHED",
    "META_YEAR",
    "MISSING_TABLE_NOTE",
    "Grid",
    "GridCell",
    "cell_text",
    "expand",
    "form_note",
    "table_caption",
    "table_grid",
]

META_AGENCY = "报告机关："
"""Label of the metadata line naming the reporting body."""
META_YEAR = "报告年度："
"""Label of the metadata line giving the year reported on (``报告年度：2024年``)."""
META_EDITION = "格式："
"""Label of the metadata line citing the notice of the report's edition."""
META_PUBLISHED = "发布日期："
"""Label of the metadata line giving the publication date."""

MISSING_TABLE_NOTE = "（本报告未提供此表。）"
"""The note printed in place of a table the report does not have."""


def table_caption(key: str) -> str:
    """The caption of a statutory table: ``表二　主动公开政府信息情况``."""
    spec = table_spec(key, Edition.E2021)
    _, sep, rest = spec.title.partition("、")
    return f"表{key}　{rest if sep else spec.title}"


def form_note(form: Edition) -> str:
    """The note printed above a table laid out in another form than the report's edition."""
    return f"（本表为{form.value}年格式（{form.document}），与报告格式不同。）"


Role = Literal["corner", "head", "label", "value"]


@frozen
class GridCell:
    """One cell of the drawn grid (a merged cell counts once, at its top-left position)."""

    text: str
    role: Role
    rowspan: int = 1
    colspan: int = 1
    path: str | None = None
    """For a value cell: its report-level path (``applications.received.total``)."""
    spec: CellSpec | None = None
    """For a value cell: its statutory spec."""


@frozen
class Grid:
    """A table as drawn: header rows and body rows of :class:`GridCell`, ``width`` columns."""

    key: str
    width: int
    head: tuple[tuple[GridCell, ...], ...]
    body: tuple[tuple[GridCell, ...], ...]
    label_columns: int
    """How many leading columns hold row labels."""


def cell_text(spec: CellSpec, value: Cell, printed: str | None = None) -> str:
    """How a value cell is printed: the printed text if the report kept one, else the number
    (counts as published tables print them, amounts with their own digits), else ''."""
    if printed is not None:
        return printed
    if value is None:
        return ""
    if spec.kind is CellKind.MONEY and isinstance(value, Decimal):
        return format_amount(value)
    assert isinstance(value, int)
    return format_count(value)


Formatter = Callable[[CellSpec, Cell, "str | None"], str]


def table_grid(
    table: Table,
    *,
    printed: Mapping[str, str] | None = None,
    fmt: Formatter = cell_text,
) -> Grid:
    """The official grid of a table object of the model."""
    spec = table.spec()
    values = table.values()
    printed = printed or {}
    prefix = spec.attr + "."

    def value_cell(cell: CellSpec, colspan: int = 1) -> GridCell:
        path = prefix + cell.path
        return GridCell(
            fmt(cell, values[cell.index], printed.get(path)),
            "value",
            colspan=colspan,
            path=path,
            spec=cell,
        )

    if spec.key == "二":
        return _table2(spec, value_cell)
    if spec.key == "三":
        return _table3(spec, value_cell)
    return _table4(spec, value_cell)


def _spans(n: int, width: int) -> list[int]:
    """Spread ``n`` value cells over ``width`` grid columns (the last one takes the rest)."""
    return [1] * (n - 1) + [width - (n - 1)]


def _table2(spec: TableSpec, value_cell: Callable[..., GridCell]) -> Grid:
    values_width = max(len(b.columns) for b in spec.blocks)
    width = 1 + values_width
    body: list[tuple[GridCell, ...]] = []
    by_row: dict[str, list[CellSpec]] = {}
    for cell in spec.cells:
        by_row.setdefault(cell.row.name, []).append(cell)
    for block in spec.blocks:
        spans = _spans(len(block.columns), values_width)
        body.append((GridCell(block.label, "head", colspan=width),))
        body.append(
            (
                GridCell(T2_CONTENT_HEADER, "head"),
                *(
                    GridCell(c.label, "head", colspan=s)
                    for c, s in zip(block.columns, spans, strict=True)
                ),
            )
        )
        for row in block.rows:
            cells = by_row[row.name]
            body.append(
                (
                    GridCell(row.label, "label"),
                    *(value_cell(c, s) for c, s in zip(cells, spans, strict=True)),
                )
            )
    return Grid(spec.key, width, (), tuple(body), 1)


def _header(columns: Sequence[tuple[str, ...]]) -> list[list[GridCell]]:
    """Header rows for value columns given by label paths (merged where paths share a prefix)."""
    depth = max(len(c) for c in columns)
    rows: list[list[GridCell]] = [[] for _ in range(depth)]
    for d in range(depth):
        j = 0
        while j < len(columns):
            path = columns[j]
            if len(path) <= d:
                j += 1
                continue
            k = j + 1
            while k < len(columns) and len(columns[k]) > d and columns[k][: d + 1] == path[: d + 1]:
                k += 1
            last = d == len(path) - 1
            rowspan = depth - d if last else 1
            rows[d].append(GridCell(path[d], "head", rowspan=rowspan, colspan=k - j))
            j = k
    return rows


def _row_labels(specs: Sequence[Any], label_columns: int) -> list[list[GridCell]]:
    """Label cells of each body row, merging a group label over the rows it spans."""
    out: list[list[GridCell]] = []
    paths = [r.labels for r in specs]
    for i, labels in enumerate(paths):
        cells: list[GridCell] = []
        for d, label in enumerate(labels):
            if i > 0 and paths[i - 1][: d + 1] == labels[: d + 1] and d < len(labels) - 1:
                continue  # covered by the group label of an earlier row
            last = d == len(labels) - 1
            rowspan = 1
            if not last:
                while i + rowspan < len(paths) and paths[i + rowspan][: d + 1] == labels[: d + 1]:
                    rowspan += 1
            colspan = label_columns - d if last else 1
            cells.append(GridCell(label, "label", rowspan=rowspan, colspan=colspan))
        out.append(cells)
    return out


def _table3(spec: TableSpec, value_cell: Callable[..., GridCell]) -> Grid:
    label_columns = max(len(r.labels) for r in spec.rows)
    columns = [c.labels for c in spec.columns]
    header = _header(columns)
    head_rows = len(header) + 1
    head: list[tuple[GridCell, ...]] = [
        (
            GridCell(TABLE3_NOTE, "corner", rowspan=head_rows, colspan=label_columns),
            GridCell(T3_CAPTION, "head", colspan=len(columns)),
        ),
        *(tuple(r) for r in header),
    ]
    labels = _row_labels(spec.rows, label_columns)
    width = len(spec.columns)
    body = [
        (*labels[i], *(value_cell(spec.cells[i * width + j]) for j in range(width)))
        for i in range(len(spec.rows))
    ]
    return Grid(spec.key, label_columns + width, tuple(head), tuple(body), label_columns)


def _table4(spec: TableSpec, value_cell: Callable[..., GridCell]) -> Grid:
    header = _header([c.labels for c in spec.columns])
    body = (tuple(value_cell(c) for c in spec.cells),)
    return Grid(spec.key, len(spec.columns), tuple(tuple(r) for r in header), body, 0)


def expand(rows: Sequence[Sequence[GridCell]], width: int) -> list[list[GridCell | None]]:
    """Expand merged cells into a full rectangle: every position holds the cell covering it
    (the same object repeated over its span); positions nothing covers hold None."""
    grid: list[list[GridCell | None]] = []
    pending: dict[tuple[int, int], GridCell] = {}
    for i, row in enumerate(rows):
        line: list[GridCell | None] = [None] * width
        for (r, c), cell in list(pending.items()):
            if r == i:
                line[c] = cell
                del pending[(r, c)]
        j = 0
        for cell in row:
            while j < width and line[j] is not None:
                j += 1
            if j >= width:
                raise ValueError(f"row {i} overflows the grid width {width}")
            for dc in range(cell.colspan):
                line[j + dc] = cell
                for dr in range(1, cell.rowspan):
                    pending[(i + dr, j + dc)] = cell
            j += cell.colspan
        grid.append(line)
    return grid
