"""The classes of the statutory layout: the kinds of cell, and section, table, block, row,
column, cell, relation and cross-year specs.

:mod:`gov_disclosure.statutory` holds the data built from them (the editions, the six sections,
the tables of every edition) and re-exports every public name here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING

from attrs import field, frozen

if TYPE_CHECKING:
    from .statutory import Edition

__all__ = [
    "BlockSpec",
    "CellKind",
    "CellSpec",
    "ColumnSpec",
    "CrossYearLink",
    "Relation",
    "RelationKind",
    "RowSpec",
    "SectionSpec",
    "TableSpec",
]


class CellKind(str, enum.Enum):
    """What a statutory cell may hold."""

    COUNT = "count"
    """A whole number of items or cases; never negative in a correct report."""
    SIGNED = "signed"
    """A whole number that may be negative (only the 2019 ``本年增/减`` column)."""
    MONEY = "money"
    """An exact decimal amount in 万元."""


@frozen
class SectionSpec:
    """One of the six numbered sections of the report."""

    number: int
    key: str
    """The attribute of :class:`~gov_disclosure.AnnualReport` that holds the section."""
    title: str
    """The official heading, e.g. ``一、总体情况``."""
    table: str | None
    """The statutory table of the section (``二``/``三``/``四``), or None for a narrative."""


@frozen
class ColumnSpec:
    """A value column: its ASCII name and its canonical label path (outermost first)."""

    name: str
    labels: tuple[str, ...]
    kind: CellKind = CellKind.COUNT

    @property
    def label(self) -> str:
        """The innermost label, as printed in the column's own header cell."""
        return self.labels[-1]


@frozen
class RowSpec:
    """A value row: its dotted ASCII path in the table and its canonical label path."""

    name: str
    labels: tuple[str, ...]

    @property
    def label(self) -> str:
        """The innermost label, as printed in the row's own label cell ('' for table 四)."""
        return self.labels[-1] if self.labels else ""


@frozen
class CellSpec:
    """One statutory cell, addressed canonically as in docs/format.md, "Cell addresses"."""

    table: str
    index: int
    """Position of the cell in the table's reading order (0-based)."""
    path: str
    """Dotted attribute path of the cell inside its table object."""
    row: RowSpec
    column: ColumnSpec

    @property
    def kind(self) -> CellKind:
        """What the cell may hold."""
        return self.column.kind


@frozen
class BlockSpec:
    """A block of table 二: one 第二十条 item with its own columns and rows."""

    item: str
    """The item number, e.g. ``（一）``."""
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]

    @property
    def label(self) -> str:
        """The block header, e.g. ``第二十条第（一）项``."""
        return f"第二十条第{self.item}项"


class RelationKind(str, enum.Enum):
    """How the two sides of a relation are read."""

    SUM = "sum"
    """``left`` is one total cell; ``right`` its parts."""
    FLOW = "flow"
    """Both sides are sums of cells (一 + 二 = 三（七） + 四)."""


@frozen
class Relation:
    """An arithmetic relation between cells of one table: Σ left = Σ right."""

    code: str
    """The code of the rule that checks it."""
    table: str
    kind: RelationKind
    left: tuple[int, ...]
    right: tuple[int, ...]
    row: tuple[str, ...]
    """Row labels of the location a finding is reported at (empty for a whole column)."""
    column: tuple[str, ...]
    """Column labels of that location."""


@frozen(cache_hash=True)
class TableSpec:
    """A statutory table in one form: its rows, columns, cells and relations.

    What is derived from a spec is kept on it (``functools.cached_property``); its hash is
    computed once, so a spec is a cheap key of a cache of what other modules derive from it.
    """

    key: str
    """``二``, ``三`` or ``四``."""
    attr: str
    """The attribute of the report that holds the table."""
    form: Edition | None
    """The form of the table; None for table 四, which is the same in both editions."""
    title: str
    blocks: tuple[BlockSpec, ...]
    """Table 二 only: its 第二十条 blocks. Empty for tables 三 and 四."""
    rows: tuple[RowSpec, ...]
    columns: tuple[ColumnSpec, ...]
    """For table 二 the union of its blocks' columns; else the value columns."""
    cells: tuple[CellSpec, ...]
    relations: tuple[Relation, ...] = field(default=(), eq=False)
    inequalities: tuple[tuple[int, int], ...] = field(default=(), eq=False)
    """Pairs (a, b) of cells where a ≤ b is plausible (2019 table 二)."""

    @cached_property
    def by_path(self) -> Mapping[str, CellSpec]:
        """Cells by their dotted path inside the table."""
        return {c.path: c for c in self.cells}

    @cached_property
    def sum_relations(self) -> tuple[Relation, ...]:
        """The sum relations, in declaration order (a total, ``left[0]``, and its parts,
        ``right``)."""
        return tuple(r for r in self.relations if r.kind is RelationKind.SUM)

    @cached_property
    def totals(self) -> frozenset[int]:
        """Indexes of the cells that are totals of other cells."""
        return frozenset(r.left[0] for r in self.relations if r.kind is RelationKind.SUM)

    def cell(self, row: str, column: str) -> CellSpec:
        """The cell at a row path and a column name, e.g. ``cell("refused.state_secret", "total")``."""
        for c in self.cells:
            if c.row.name == row and c.column.name == column:
                return c
        raise KeyError(f"table {self.key} ({self.form}) has no cell {row}/{column}")

    def __iter__(self) -> Iterator[CellSpec]:
        return iter(self.cells)


@frozen
class CrossYearLink:
    """A relation between a cell of year t and cells of year t−1 of the same body.

    ``current`` (in the report of year t) should equal Σ ``previous_plus`` − Σ ``previous_minus``
    of year t−1 plus Σ ``current_plus`` − Σ ``current_minus`` of year t.
    """

    code: str
    table: str
    form: Edition | None
    current: str
    previous_plus: tuple[str, ...] = ()
    current_plus: tuple[str, ...] = ()
    current_minus: tuple[str, ...] = ()
