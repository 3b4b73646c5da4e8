"""Sums of reports: several reports of one form added cell by cell into one (e.g. a county's
departments into the county's figures).

:func:`sum_reports` returns a :class:`Summed`: the combined report and the cells where some
inputs were blank and others were not (:class:`Partial`), so that the caller can say so.

The rules (docs/sums.md says the same with examples):

* Every input must declare the same edition, and every table must be in the same form in every
  input that has it; otherwise :class:`~gov_disclosure.SumError` names two reports that differ.
  A table missing from an input counts as that table with every cell blank.
* The years must agree unless ``year=`` is given; the agencies must agree unless ``agency=``
  is given (the sum of different bodies needs a name of its own).
* A cell blank in every input stays blank. A cell stated in every input is the sum of the
  stated values. A cell stated in some inputs and blank in others is the sum over all inputs
  of the value :func:`gov_disclosure.validate` reads for it (``cells.effective_values``): a
  blank detail counts as 0 and a blank total as the sum of its parts. Such a cell is listed in
  :attr:`Summed.partial` with the inputs that left it blank — a blank is never silently 0.
  Reading blank totals this way keeps the sum of consistent reports consistent.
* Counts add as ``int``; amounts in 万元 add exactly as ``Decimal`` (no rounding, whatever the
  number of digits); the 2019 ``本年增/减`` adds with its sign.
* The result has figures only: no title, no publication date, no narrative, no table prose
  and no printed cell text (those belong to the inputs).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs
from attrs import frozen

from ._i18n import _
from .cells import effective_values
from .errors import SumError
from .findings import Location
from .model import AnnualReport, Cell
from .statutory import TABLE_ATTRS, CellKind

__all__ = ["Partial", "Summed", "repeated_files", "sum_reports"]


@frozen
class Partial:
    """A cell of the sum that some inputs left blank and others stated."""

    path: str
    """The report-level cell path, e.g. ``applications.received.total``."""
    location: Location
    """Where the cell stands (table, row and column labels), as findings print it."""
    blank: tuple[int, ...]
    """The positions (0-based, in the order given) of the inputs that left it blank."""
    total: bool
    """Whether the cell is a total (a blank counted as the sum of its parts) or a detail (a
    blank counted as 0)."""

    def note(self, names: Sequence[str]) -> str:
        """How the sum counted the cell, naming the inputs (``names``, in order) that left it
        blank: ``blank in b.toml, counted there as 0``."""
        blank = ", ".join(names[i] for i in self.blank)
        if self.total:
            return _("blank in {files}, counted there as the sum of its parts").format(files=blank)
        return _("blank in {files}, counted there as 0").format(files=blank)


@frozen
class Summed:
    """The result of :func:`sum_reports`: the combined report and its partial cells."""

    report: AnnualReport
    partial: tuple[Partial, ...]
    """The cells stated in some inputs and blank in others, in reading order."""


def sum_reports(
    reports: Iterable[AnnualReport],
    *,
    agency: str | None = None,
    year: int | None = None,
    names: Sequence[str] | None = None,
) -> Summed:
    """Add ``reports`` of one form cell by cell into one report (see the module documentation).

    ``agency`` and ``year`` name the result (required when the inputs differ in them);
    ``names`` names the inputs in error messages (e.g. their files; default ``report 1
    (agency)``…). Raises :class:`~gov_disclosure.SumError` for no input, different editions or
    table forms, or different years or bodies without ``year=`` / ``agency=``.
    """
    inputs = list(reports)
    if names is None:
        labels = [f"report {i + 1} ({r.agency})" for i, r in enumerate(inputs)]
    else:
        labels = list(names)
        if len(labels) != len(inputs):
            raise ValueError(f"sum_reports: {len(inputs)} reports but {len(labels)} names")
    if not inputs:
        raise SumError(_("no reports to add up"), problem="empty")
    _same_edition(inputs, labels)
    present: list[str] = []
    for attr in TABLE_ATTRS.values():
        found = [(i, t) for i, r in enumerate(inputs) if (t := getattr(r, attr)) is not None]
        if found:
            _same_form(found, labels)
            present.append(attr)
    result_year = _common(inputs, labels, year, "year")
    result_agency = _common(inputs, labels, agency, "agency")
    tables: dict[str, Any] = {}
    partial: list[Partial] = []
    for attr in present:
        tables[attr] = _sum_table(attr, [getattr(r, attr) for r in inputs], partial)
    report = AnnualReport(
        agency=result_agency, year=result_year, edition=inputs[0].edition, **tables
    )
    return Summed(report, tuple(partial))


def repeated_files(files: Sequence[str]) -> list[list[str]]:
    """The names of each file given more than once (by the same name or another path), whose
    figures a sum would count more than once."""
    groups: dict[object, list[str]] = {}
    for file in files:
        try:
            info = os.stat(file)
            key: object = (info.st_dev, info.st_ino)
        except OSError:  # reading it will say why
            key = file
        groups.setdefault(key, []).append(file)
    return [names for names in groups.values() if len(names) > 1]


def _conflict(labels: Sequence[str], first: int, other: int, a: str, b: str) -> tuple[Any, ...]:
    return ((labels[first], a), (labels[other], b))


def _same_edition(inputs: Sequence[AnnualReport], labels: Sequence[str]) -> None:
    first = inputs[0].edition
    for i, r in enumerate(inputs):
        if r.edition is not first:
            conflicts = _conflict(labels, 0, i, first.value, r.edition.value)
            raise SumError(
                _(
                    "cannot add up reports of different editions: {a} is in the {edition_a} "
                    "edition, {b} in the {edition_b} edition"
                ).format(
                    a=labels[0], edition_a=first.value, b=labels[i], edition_b=r.edition.value
                ),
                problem="edition",
                conflicts=conflicts,
            )


def _same_form(present: Sequence[tuple[int, Any]], labels: Sequence[str]) -> None:
    first, table = present[0]
    spec = table.spec()
    for i, other in present[1:]:
        if other.spec().form != spec.form:
            form, form2 = str(spec.form), str(other.spec().form)
            raise SumError(
                _(
                    "cannot add up table {table} in different forms: {a} has it in the {form_a} "
                    "form, {b} in the {form_b} form"
                ).format(table=spec.key, a=labels[first], form_a=form, b=labels[i], form_b=form2),
                problem="form",
                table=spec.key,
                conflicts=_conflict(labels, first, i, form, form2),
            )


def _common(inputs: Sequence[AnnualReport], labels: Sequence[str], given: Any, field: str) -> Any:
    """The ``year`` or ``agency`` of the sum: the one given, else the one every input has."""
    if given is not None:
        return given
    first = getattr(inputs[0], field)
    for i, r in enumerate(inputs):
        value = getattr(r, field)
        if value != first:
            if field == "year":
                message = _("cannot add up reports of different years without year=")
            else:
                message = _("cannot add up reports of different bodies without agency=")
            raise SumError(
                _("{why}: {a} has {value_a}, {b} has {value_b}").format(
                    why=message, a=labels[0], value_a=repr(first), b=labels[i], value_b=repr(value)
                ),
                problem="year" if field == "year" else "agency",
                conflicts=_conflict(labels, 0, i, str(first), str(value)),
            )
    return first


def _sum_table(attr: str, tables: Sequence[Any], partial: list[Partial]) -> Any:
    """The table ``attr`` of the sum: its cells added (a missing table's cells are blank)."""
    model = next(t for t in tables if t is not None)
    spec = model.spec()
    width = len(spec.cells)
    values = [t.values() if t is not None else (None,) * width for t in tables]
    effective = [effective_values(spec, v).values for v in values]
    out: list[Cell] = []
    for cell in spec.cells:
        i = cell.index
        column = [v[i] for v in values]
        blank = tuple(k for k, v in enumerate(column) if v is None)
        if len(blank) == len(column):
            out.append(None)
            continue
        if blank:
            column = [e[i] for e in effective]
            location = Location(spec.key, cell.row.labels, cell.column.labels)
            total = i in spec.totals
            partial.append(Partial(f"{attr}.{cell.path}", location, blank, total))
        out.append(_add(column, money=cell.kind is CellKind.MONEY))
    return type(model).from_values(out)


def _add(values: Sequence[Any], *, money: bool) -> int | Decimal:
    """The exact sum of counts, or of amounts (``Decimal``, with ints as whole amounts)."""
    if len(values) == 1:
        only: int | Decimal = values[0]
        return only
    if not money and all(type(v) is int for v in values):
        total_count: int = sum(values)
        return total_count
    # Exact decimal addition at the smallest exponent, in integers (no context rounding).
    parts = [Decimal(v).as_tuple() if type(v) is int else v.as_tuple() for v in values]
    exponent = min(int(p.exponent) for p in parts)
    total = 0
    for p in parts:
        coefficient = int("".join(map(str, p.digits)) or "0")
        total += (-1 if p.sign else 1) * coefficient * 10 ** (int(p.exponent) - exponent)
    return Decimal(f"{total}E{exponent}")


for _cls in (Partial, Summed):
    attrs.resolve_types(_cls, globalns=globals())
