"""Cells in canonical form: ``to_cells``, effective values of blank totals, and ``complete``.

How blanks count (the convention every rule follows):

* a blank *detail* cell counts as 0 in a sum;
* a blank *total* (a cell that the statute defines as a sum of others, e.g. 总计) is not
  compared with anything: its value is recomputed from its parts wherever a relation needs
  it, and :func:`complete` can fill it in — but only when at least one of its parts is
  stated, so that a table left entirely blank stays blank (it is not turned into zeros).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import attrs

from .findings import Location
from .model import AnnualReport, Cell, build_table
from .statutory import Edition, Relation, TableSpec, all_table_specs

__all__ = [
    "Effective",
    "StatutoryCell",
    "complete",
    "effective_values",
    "from_cells",
    "location_paths",
    "sum_relations",
    "to_cells",
]


@functools.cache
def location_paths() -> Mapping[Location, str]:
    """The report-level path (``applications.received.total``) of the statutory cell at each
    finding location (``Location("三", row, column)``), over every form of every table."""
    paths: dict[Location, str] = {}
    for spec in all_table_specs():
        for cell in spec.cells:
            paths.setdefault(
                Location(spec.key, cell.row.labels, cell.column.labels), f"{spec.attr}.{cell.path}"
            )
    return paths


class StatutoryCell(NamedTuple):
    """One statutory cell with its canonical address (docs/format.md, "Cell addresses")."""

    table: str
    """``二``, ``三`` or ``四``."""
    row: tuple[str, ...]
    """Row labels, outermost first (empty for table 四)."""
    column: tuple[str, ...]
    """Column labels, outermost first."""
    value: Cell
    """``int`` count, ``Decimal`` amount in 万元, or None for a blank."""
    path: str
    """The cell's path in the model, e.g. ``applications.received.total``."""


def to_cells(report: AnnualReport) -> Iterator[StatutoryCell]:
    """Every statutory cell of the report's tables, in reading order (二, 三, 四).

    A report in one edition yields 198 (2019) or 200 (2021) cells; a report that mixes forms
    yields the cells of each table's own form; a missing table yields none.
    """
    for table in report.tables():
        spec = table.spec()
        prefix = spec.attr + "."
        for cell, value in zip(spec.cells, table.values(), strict=True):
            yield StatutoryCell(
                spec.key, cell.row.labels, cell.column.labels, value, prefix + cell.path
            )


class Effective(NamedTuple):
    """Values of a table with blanks resolved (see the module documentation)."""

    values: list[Any]
    """Stated values; blank details as 0; blank totals recomputed from their parts."""
    known: list[bool]
    """Whether each value is stated, or computed from at least one stated part."""


def effective_values(spec: TableSpec, values: Sequence[Cell]) -> Effective:
    """Resolve the blanks of one table's values (in reading order).

    A blank total takes the sum of the first relation (in declaration order, pass after pass)
    whose parts are all resolved.
    """
    if values.count(None) == len(values):  # a table left entirely blank: nothing is known
        return Effective([0] * len(values), [False] * len(values))
    eff: list[Any] = [0 if v is None else v for v in values]
    known = [v is not None for v in values]
    pending = [r for r in sum_relations(spec) if values[r.left[0]] is None]
    unresolved = {r.left[0] for r in pending}
    get_value, get_known = eff.__getitem__, known.__getitem__
    while pending:
        waiting = []
        for relation in pending:
            total = relation.left[0]
            if total not in unresolved:
                continue
            if not unresolved.isdisjoint(relation.right):
                waiting.append(relation)
                continue
            eff[total] = sum(map(get_value, relation.right), start=0)
            known[total] = any(map(get_known, relation.right))
            unresolved.discard(total)
        if len(waiting) == len(pending):  # pragma: no cover - relations have no cycles
            break
        pending = waiting
    return Effective(eff, known)


def sum_relations(spec: TableSpec) -> tuple[Relation, ...]:
    """The sum relations of a table form, in declaration order (a total, ``left[0]``, and its
    parts, ``right``): :attr:`TableSpec.sum_relations <gov_disclosure.statutory.TableSpec.sum_relations>`."""
    return spec.sum_relations


def complete(report: AnnualReport) -> AnnualReport:
    """A copy of the report with every blank total filled from its parts.

    A stated value is never overwritten (even a wrong one: :func:`validate` reports it), and a
    total whose parts are all blank stays blank.
    """
    changes: dict[str, Any] = {}
    for table in report.tables():
        spec = table.spec()
        values = table.values()
        eff = effective_values(spec, values)
        filled = {
            cell.path: eff.values[cell.index]
            for cell in spec.cells
            if values[cell.index] is None and cell.index in spec.totals and eff.known[cell.index]
        }
        if filled:
            stated = {c.path: v for c, v in zip(spec.cells, values, strict=True) if v is not None}
            changes[spec.attr] = build_table(
                spec.key, spec.form, stated | filled, prose=table.prose
            )
    return attrs.evolve(report, **changes) if changes else report


Address = tuple[str, tuple[str, ...], tuple[str, ...]]


def _address_index() -> dict[Address, list[tuple[TableSpec, str]]]:
    index: dict[Address, list[tuple[TableSpec, str]]] = {}
    for spec in all_table_specs():
        for cell in spec.cells:
            index.setdefault((spec.key, cell.row.labels, cell.column.labels), []).append(
                (spec, cell.path)
            )
    return index


_ADDRESSES = _address_index()


def from_cells(
    cells: Iterable[tuple[str, Sequence[str], Sequence[str], Cell] | StatutoryCell],
    *,
    agency: str,
    year: int,
    edition: Edition | str,
    **fields: Any,
) -> AnnualReport:
    """Build a report from canonically addressed cells ``(table, row, column, value)``.

    The inverse of :func:`to_cells` (whose records it takes as they come). Each table takes the form whose layout holds every
    address given for it (the report's edition when both do); a table with no cell given is
    missing (None). ``fields`` are further :class:`AnnualReport` fields (title, overview, …).
    An address no form knows raises ``KeyError``.
    """
    ed = Edition(edition)
    by_table: dict[str, list[tuple[list[tuple[TableSpec, str]], Cell]]] = {}
    for cell in cells:
        table, row, column, value = cell[:4]
        address = (table, tuple(row), tuple(column))
        places = _ADDRESSES.get(address)
        if places is None:
            raise KeyError(f"no statutory cell at {table}/{'/'.join(row)}/{'/'.join(column)}")
        by_table.setdefault(table, []).append((places, value))
    tables: dict[str, Any] = {}
    for key, entries in by_table.items():
        forms = {spec.form for spec, _ in entries[0][0]}
        for places, _ in entries[1:]:
            forms &= {spec.form for spec, _ in places}
        if not forms:
            raise KeyError(f"the cells given for table {key} mix both forms")
        form = ed if ed in forms else next(iter(sorted(forms, key=str)))
        values: dict[str, Cell] = {}
        for places, value in entries:
            spec, path = next((s, p) for s, p in places if s.form == form)
            values[path] = value
        spec = next(s for s, _ in entries[0][0] if s.form == form)
        prose = fields.pop(f"{spec.attr}_prose", ())
        tables[spec.attr] = build_table(key, form, values, prose=prose)
    return AnnualReport(agency=agency, year=year, edition=ed, **tables, **fields)
