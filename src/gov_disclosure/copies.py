"""Copies of one report: the same year of one body, found more than once in a corpus.

A report is published as a web page and as a PDF or Word attachment, re-posted on a county
portal, scanned beside its text version. Such copies are one report when their statutory cells
agree. They are compared cell by cell (:func:`differences`):

* values are compared as numbers, and a blank cell and a placeholder (``-``, ``/``, ``无``, …)
  read alike (both are blank); a blank is not a zero;
* a cell one copy lacks — a table it does not have (a fragment, a table not read, a table in
  another form) or a cell whose printed text could not be read as a number — does not count
  against the others.

The copy the cross-year checks read is the one that read the most cells
(:func:`representative`; the audit breaks ties further by reading findings, form and name).

>>> from gov_disclosure.testing import sample_report
>>> web = sample_report("2021")
>>> pdf = web.replace("applications.received.natural_person", None)   # a cell printed "-"
>>> [str(d.location) for d in differences([web, pdf])]
['三/一、本年新收政府信息公开申请数量/自然人']
>>> differences([web, web.replace("proactive", None)])                  # a fragment agrees
()
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence

from attrs import frozen

from .findings import Location
from .model import AnnualReport, Cell, Table
from .statutory import TABLE_ATTRS, TableSpec

__all__ = ["CopyDifference", "cells_read", "differences", "representative", "unread"]

_Address = tuple[str, tuple[str, ...], tuple[str, ...]]


@frozen
class CopyDifference:
    """A statutory cell on which copies of one report disagree."""

    table: str
    row: tuple[str, ...]
    column: tuple[str, ...]
    path: str
    """The cell's path in the model (``applications.received.total``)."""
    values: tuple[Cell, ...]
    """Each copy's value, in the order the copies were given (None: blank, or lacking)."""
    present: tuple[bool, ...]
    """Whether each copy has the cell (False: the copy lacks it, and it is not compared)."""

    @property
    def location(self) -> Location:
        """The cell's address as a finding location."""
        return Location(self.table, self.row, self.column)


def unread(report: AnnualReport, path: str, value: Cell) -> bool:
    """Whether the cell at ``path`` holds printed text that is neither a number nor a
    placeholder (a cell the reader could not read)."""
    if value is not None:
        return False
    text = report.printed.get(path)
    if text is None:
        return False
    # The readers' placeholders; imported here, as the readers import the rules, which
    # import this module.
    from .readers.values import PLACEHOLDERS

    return unicodedata.normalize("NFKC", text).strip() not in PLACEHOLDERS


def _unread_paths(report: AnnualReport) -> frozenset[str]:
    """The paths of the cells the reader could not read (printed text, no value)."""
    printed = report.printed
    if not printed:
        return frozenset()
    return frozenset(p for p in printed if unread(report, p, report.get(p)))


def cells_read(report: AnnualReport) -> int:
    """How many statutory cells the report holds a reading of (a number or a blank)."""
    cells = sum(len(table.spec().cells) for table in report.tables())
    return cells - len(_unread_paths(report))


def _table_cells(table: Table, unread_paths: frozenset[str]) -> dict[_Address, tuple[str, Cell]]:
    """A table's cells by address: (path, value), without the cells not read."""
    spec = table.spec()
    prefix = spec.attr + "."
    out: dict[_Address, tuple[str, Cell]] = {}
    for cell, value in zip(spec.cells, table.values(), strict=True):
        path = prefix + cell.path
        if path not in unread_paths:
            out[(spec.key, cell.row.labels, cell.column.labels)] = (path, value)
    return out


def differences(reports: Sequence[AnnualReport]) -> tuple[CopyDifference, ...]:
    """The cells on which copies of one report disagree, table by table, in the reading order
    of the first copy that has each cell (see the module documentation for what is compared)."""
    unread_paths = [_unread_paths(r) for r in reports]
    found: list[CopyDifference] = []
    for attr in TABLE_ATTRS.values():
        tables: list[Table | None] = [getattr(r, attr) for r in reports]
        present = [t for t in tables if t is not None]
        if len(present) < 2:
            continue
        spec = present[0].spec()
        if all(t.spec() is spec for t in present):
            found.extend(_same_form(spec, tables, unread_paths))
        else:
            found.extend(_by_address(tables, unread_paths))
    return tuple(found)


def _same_form(
    spec: TableSpec, tables: Sequence[Table | None], unread_paths: Sequence[frozenset[str]]
) -> Iterator[CopyDifference]:
    """The differing cells of one table that every copy having it has in the same form."""
    prefix = spec.attr + "."
    columns = [t.values() if t is not None else None for t in tables]
    stated = [v for v in columns if v is not None]
    if all(v == stated[0] for v in stated[1:]) and not any(
        p.startswith(prefix) for skip in unread_paths for p in skip
    ):
        return  # the common case: copies that agree on every cell of the table
    for cell in spec.cells:
        path = prefix + cell.path
        present = tuple(
            values is not None and path not in skip
            for values, skip in zip(columns, unread_paths, strict=True)
        )
        if sum(present) < 2:
            continue
        values = tuple(
            v[cell.index] if v is not None and here else None
            for v, here in zip(columns, present, strict=True)
        )
        seen = [v for v, here in zip(values, present, strict=True) if here]
        if any(v != seen[0] for v in seen[1:]):  # None != 0: a blank is not a zero
            yield CopyDifference(
                spec.key, cell.row.labels, cell.column.labels, path, values, present
            )


def _by_address(
    tables: Sequence[Table | None], unread_paths: Sequence[frozenset[str]]
) -> Iterator[CopyDifference]:
    """The differing cells of one table printed in different forms: matched by address."""
    read = [
        _table_cells(t, skip) if t is not None else {}
        for t, skip in zip(tables, unread_paths, strict=True)
    ]
    order: dict[_Address, str] = {}
    for cells in read:
        for address, (path, _value) in cells.items():
            order.setdefault(address, path)
    for address, path in order.items():
        present = tuple(address in cells for cells in read)
        if sum(present) < 2:
            continue
        values = tuple(cells[address][1] if address in cells else None for cells in read)
        stated = [v for v, here in zip(values, present, strict=True) if here]
        if any(v != stated[0] for v in stated[1:]):
            yield CopyDifference(*address, path, values, present)


def representative(reports: Sequence[AnnualReport]) -> int:
    """The index of the copy that read the most cells (the first such copy on a tie)."""
    counts = [cells_read(r) for r in reports]
    return counts.index(max(counts))
