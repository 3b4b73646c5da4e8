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
from collections.abc import Sequence

from attrs import frozen

from .findings import Location
from .model import AnnualReport, Cell

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


def _cells(report: AnnualReport) -> dict[_Address, tuple[str, Cell]]:
    """The cells the report read, by address: (path, value)."""
    out: dict[_Address, tuple[str, Cell]] = {}
    printed = report.printed
    for table in report.tables():
        spec = table.spec()
        prefix = spec.attr + "."
        for cell, value in zip(spec.cells, table.values(), strict=True):
            path = prefix + cell.path
            if printed and unread(report, path, value):
                continue
            out[(spec.key, cell.row.labels, cell.column.labels)] = (path, value)
    return out


def cells_read(report: AnnualReport) -> int:
    """How many statutory cells the report holds a reading of (a number or a blank)."""
    return len(_cells(report))


def differences(reports: Sequence[AnnualReport]) -> tuple[CopyDifference, ...]:
    """The cells on which copies of one report disagree, in the reading order of the first
    copy that has each cell (see the module documentation for what is compared)."""
    read = [_cells(r) for r in reports]
    order: dict[_Address, str] = {}
    for cells in read:
        for address, (path, _value) in cells.items():
            order.setdefault(address, path)
    found: list[CopyDifference] = []
    for address, path in order.items():
        present = tuple(address in cells for cells in read)
        if sum(present) < 2:
            continue
        values = tuple(cells[address][1] if address in cells else None for cells in read)
        stated = [v for v, here in zip(values, present, strict=True) if here]
        if any(v != stated[0] for v in stated[1:]):  # None != 0: a blank is not a zero
            found.append(CopyDifference(*address, path, values, present))
    return tuple(found)


def representative(reports: Sequence[AnnualReport]) -> int:
    """The index of the copy that read the most cells (the first such copy on a tie)."""
    counts = [cells_read(r) for r in reports]
    return counts.index(max(counts))
