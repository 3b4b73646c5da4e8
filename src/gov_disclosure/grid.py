"""The official grid of each statutory table, with merged cells, derived from the layout.

HTML and Word lay the tables out as the official template does — merged header cells, row
groups spanning their sub-rows — and Markdown and plain text flatten the same :class:`Grid`:
every renderer reads its labels, spans and label paths from here. The grid is computed from
:mod:`gov_disclosure.statutory` (label paths decide every span), never typed by hand.

Reading a grid: :func:`place` gives the grid column of every cell and the position each cell
covers (with its top-left), :func:`expand` just the covering cells; :func:`column_paths`
gives the label path of each value column; :func:`block_rows` the body rows of each block of
a table drawn in blocks (table 二); :func:`label_cells` merges any label paths as the grid's
row labels are merged.

The module also holds the few fixed phrases the renderers print around the tables (the
metadata labels, the note for a missing table, the note for a table in another form), so the
readers of published reports recognise them from the same place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Literal

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
    "Slot",
    "block_rows",
    "cell_text",
    "column_paths",
    "expand",
    "form_note",
    "label_cells",
    "place",
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


def label_cells(paths: Sequence[tuple[str, ...]], label_columns: int) -> list[list[GridCell]]:
    """Label cells of rows given by their label paths, in ``label_columns`` columns: each
    row's own (last) label spans the columns left over, and a group label is one cell spanning
    the rows of its group, listed on the group's first row only."""
    out: list[list[GridCell]] = []
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
    labels = label_cells([r.labels for r in spec.rows], label_columns)
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


@frozen
class Slot:
    """One position of a placed grid: the cell covering it and the ``(row, column)`` of that
    cell's top-left position."""

    cell: GridCell
    origin: tuple[int, int]


def place(
    rows: Sequence[Sequence[GridCell]], width: int
) -> tuple[list[list[int]], list[list[Slot | None]]]:
    """Where the cells of ``rows`` (a grid's rows, merged cells listed once) stand in a grid
    ``width`` columns wide: the grid column of every cell, row by row, and the full rectangle
    of :class:`Slot` (positions nothing covers hold None). A cell that does not fit raises
    ``ValueError``."""
    matrix: list[list[Slot | None]] = [[None] * width for _ in rows]
    columns: list[list[int]] = []
    for i, row in enumerate(rows):
        j = 0
        starts: list[int] = []
        for cell in row:
            while j < width and matrix[i][j] is not None:
                j += 1
            if j + cell.colspan > width or i + cell.rowspan > len(rows):
                raise ValueError(f"table grid: a cell of row {i} does not fit the grid")
            slot = Slot(cell, (i, j))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    matrix[i + dr][j + dc] = slot
            starts.append(j)
            j += cell.colspan
        columns.append(starts)
    return columns, matrix


def expand(rows: Sequence[Sequence[GridCell]], width: int) -> list[list[GridCell | None]]:
    """Expand merged cells into a full rectangle: every position holds the cell covering it
    (the same object repeated over its span); positions nothing covers hold None."""
    _, matrix = place(rows, width)
    return [[None if slot is None else slot.cell for slot in line] for line in matrix]


def column_paths(grid: Grid) -> list[tuple[str, ...]]:
    """The label path of each value column, left to right (``("法人或其他组织", "商业企业")``),
    as the statutory specs of the value cells give it: the merged headers above a column read
    top to bottom, without the caption over them all. For grids whose value cells each take one
    column (tables 三 and 四); table 二's blocks have columns of their own (:func:`block_rows`).
    """
    columns, _ = place(grid.body, grid.width)
    paths: dict[int, tuple[str, ...]] = {}
    for row, starts in zip(grid.body, columns, strict=True):
        for cell, j in zip(row, starts, strict=True):
            if cell.spec is not None and cell.colspan == 1:
                paths.setdefault(j, cell.spec.column.labels)
    missing = [j for j in range(grid.label_columns, grid.width) if j not in paths]
    if missing:
        raise ValueError(f"table {grid.key}: grid columns {missing} have no single value column")
    return [paths[j] for j in range(grid.label_columns, grid.width)]


def block_rows(grid: Grid) -> list[range]:
    """The body rows of each block of a table drawn in blocks — table 二, whose 第二十条 blocks
    each begin with a header cell spanning the whole width — or [] for a table drawn whole."""
    starts = [
        i
        for i, row in enumerate(grid.body)
        if len(row) == 1 and row[0].role == "head" and row[0].colspan == grid.width
    ]
    if not starts:
        return []
    if starts[0] != 0:
        starts.insert(0, 0)
    return [range(a, b) for a, b in zip(starts, [*starts[1:], len(grid.body)], strict=True)]
