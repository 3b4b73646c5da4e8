"""Cross-year checks over reports of one body (docs/format.md, "Cross-year links")."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from operator import attrgetter
from typing import Any

from .._i18n import _f
from ..agency import same_body
from ..cells import Effective, effective_values
from ..findings import Location
from ..model import AnnualReport
from ..statutory import CROSS_YEAR, TABLE_ATTRS, CrossYearLink, TableSpec
from .narrative import (
    Quote,
    alternatives,
    change_agrees,
    expand,
    label,
    location,
    previous_values,
    report_statements,
    where,
)

__all__ = [
    "SeriesHit",
    "blank_links",
    "changes",
    "check_agency",
    "check_duplicate_year",
    "check_gap",
    "links",
]

SeriesHit = tuple[Location, str, int]
"""A location, a message, and the year of the report the location refers to."""


def check_agency(reports: Sequence[AnnualReport]) -> Iterator[SeriesHit]:
    """C001: the reports name different bodies (a name printed with or without its parents'
    names, or with 人民政府 shortened to 政府, is the same body: :func:`~gov_disclosure.agency.same_body`)."""
    first = reports[0]
    for report in reports[1:]:
        if not same_body(report.agency, first.agency):
            yield (
                Location(),
                _f(
                    "the body of the report on {year}, “{agency}”, is not that of {first}, “{first_agency}”"
                ).format(
                    year=report.year,
                    agency=report.agency,
                    first=first.year,
                    first_agency=first.agency,
                ),
                report.year,
            )


def check_duplicate_year(reports: Sequence[AnnualReport]) -> Iterator[SeriesHit]:
    """C002: two reports of the same year."""
    seen: set[int] = set()
    for report in reports:
        if report.year in seen:
            yield (
                Location(),
                _f("more than one report on {year}: cross-year checks skip that year").format(
                    year=report.year
                ),
                report.year,
            )
        seen.add(report.year)


def check_gap(reports: Sequence[AnnualReport]) -> Iterator[SeriesHit]:
    """C003: a year is missing between two reports, so they are not compared."""
    years = sorted({r.year for r in reports})
    for previous, year in pairwise(years):
        if year - previous > 1:
            missing = f"{previous + 1}" if year - previous == 2 else f"{previous + 1}–{year - 1}"
            yield (
                Location(),
                _f("no report on {missing}: {year} is not checked across years").format(
                    missing=missing, year=year
                ),
                year,
            )


def pairs(reports: Sequence[AnnualReport]) -> Iterator[tuple[AnnualReport, AnnualReport]]:
    """Consecutive (year t−1, year t) pairs of a series sorted by year, skipping repeated years."""
    by_year: dict[int, list[AnnualReport]] = {}
    for report in reports:
        by_year.setdefault(report.year, []).append(report)
    for year in sorted(by_year):
        previous = by_year.get(year - 1)
        current = by_year[year]
        if previous and len(previous) == 1 and len(current) == 1:
            yield previous[0], current[0]


_Resolved = tuple[Any, dict[str, tuple[Any, bool]]]

_RESOLVED: dict[tuple[int, str], tuple[AnnualReport, _Resolved | None]] = {}
"""The resolved tables of the reports last checked, by (id, table attribute): every link of
every series rule reads them, so each is resolved once. Each entry holds its report, so an
id is never taken for another report's; the cache is emptied when it grows past 256."""


def _resolved(report: AnnualReport, attr: str) -> _Resolved | None:
    key = (id(report), attr)
    hit = _RESOLVED.get(key)
    if hit is not None and hit[0] is report:
        return hit[1]
    table = getattr(report, attr)
    result: _Resolved | None = None
    if table is not None:
        spec = table.spec()
        eff = effective_values(spec, table.values())
        result = table, {c.path: (eff.values[c.index], eff.known[c.index]) for c in spec.cells}
    if len(_RESOLVED) >= 256:
        _RESOLVED.clear()
    _RESOLVED[key] = (report, result)
    return result


def links(code: str, reports: Sequence[AnnualReport]) -> Iterator[SeriesHit]:
    """Check every cross-year link of ``code`` between consecutive reports."""
    selected = [link for link in CROSS_YEAR if link.code == code]
    for previous, current in pairs(reports):
        for link in selected:
            hit = _check_link(link, previous, current)
            if hit is not None:
                yield hit


def _sides(
    link: CrossYearLink, previous: AnnualReport, current: AnnualReport
) -> tuple[Any, dict[str, tuple[Any, bool]], Any, dict[str, tuple[Any, bool]]] | None:
    """Both tables of a link with their resolved values, or None where the link does not
    apply (a table missing, or in another form)."""
    attr = TABLE_ATTRS[link.table]
    before, now = _resolved(previous, attr), _resolved(current, attr)
    if before is None or now is None:
        return None
    (t0, v0), (t1, v1) = before, now
    if link.form is not None and (t0.form is not link.form or t1.form is not link.form):
        return None
    if link.current not in v1:
        return None
    return t0, v0, t1, v1


def blank_links(reports: Sequence[AnnualReport]) -> Iterator[SeriesHit]:
    """C004: a cross-year link not checked because a cell on one side is blank."""
    for previous, current in pairs(reports):
        for link in CROSS_YEAR:
            sides = _sides(link, previous, current)
            if sides is None:
                continue
            t0, v0, t1, v1 = sides
            spec0, spec1 = t0.spec(), t1.spec()
            cells = [(previous.year, spec0.by_path[p], v0[p][1]) for p in link.previous_plus]
            cells += [
                (current.year, spec1.by_path[p], v1[p][1])
                for p in (link.current, *link.current_plus, *link.current_minus)
            ]
            blank = [(year, c) for year, c, known in cells if not known]
            if not blank or len(blank) == len(cells):
                continue  # all stated (checked by the link's rule) or nothing stated at all
            cell = spec1.by_path[link.current]
            names = _f(", ").join(_cell_name(year, c) for year, c in blank)
            yield (
                Location(spec1.key, cell.row.labels, cell.column.labels),
                _f("{cells} blank: {code} ({year} against {previous}) cannot be checked").format(
                    cells=names, code=link.code, year=current.year, previous=previous.year
                ),
                current.year,
            )


def _check_link(
    link: CrossYearLink, previous: AnnualReport, current: AnnualReport
) -> SeriesHit | None:
    sides = _sides(link, previous, current)
    if sides is None:
        return None
    _, v0, t1, v1 = sides
    needed = [v0[p] for p in link.previous_plus] + [
        v1[p] for p in (*link.current_plus, *link.current_minus)
    ]
    stated, known = v1[link.current]
    if not known or not all(k for _, k in needed):
        return None
    expected = sum((v0[p][0] for p in link.previous_plus), start=0)
    expected += sum((v1[p][0] for p in link.current_plus), start=0)
    expected -= sum((v1[p][0] for p in link.current_minus), start=0)
    if stated == expected:
        return None
    spec = t1.spec()
    cell = spec.by_path[link.current]
    location = Location(spec.key, cell.row.labels, cell.column.labels)
    return location, _message(link, spec, previous, current, stated, expected), current.year


def _message(
    link: CrossYearLink,
    spec: Any,
    previous: AnnualReport,
    current: AnnualReport,
    stated: Any,
    expected: Any,
) -> str:
    cell = spec.by_path[link.current]
    pspec = getattr(previous, TABLE_ATTRS[link.table]).spec()
    sources = _f(" + ").join(
        _cell_name(previous.year, pspec.by_path[p]) for p in link.previous_plus
    )
    plus = "".join(
        _f(" + “{label}”").format(label=spec.by_path[p].column.label) for p in link.current_plus
    )
    minus = "".join(
        _f(" − “{label}”").format(label=spec.by_path[p].column.label) for p in link.current_minus
    )
    return _f("{cell} {stated} ≠ {sources} = {expected}").format(
        cell=_cell_name(current.year, cell),
        stated=stated,
        sources=f"{sources}{plus}{minus}",
        expected=expected,
    )


def _cell_name(year: int, cell: Any) -> str:
    """A cell of a year's report, as messages name it (``2023年四、结转下年度继续办理总计``)."""
    return _f("{year} “{row}/{column}”").format(
        year=year, row=cell.row.label, column=cell.column.label
    )


def sort_series(reports: Sequence[AnnualReport]) -> list[AnnualReport]:
    """The reports sorted by year (stable)."""
    return sorted(reports, key=attrgetter("year"))


@lru_cache(maxsize=16)
def _changes(report: AnnualReport) -> tuple[Quote, ...]:
    """The restated figures of a report followed by a change over the year, read once for the
    three rules (C203, C302, C402) that check them."""
    return tuple(q for q in report_statements(report)[0] if q.change is not None)


def changes(key: str, reports: Sequence[AnnualReport]) -> Iterator[SeriesHit]:
    """C203, C302, C402: a change over the year stated after a restated figure of table
    ``key`` (``共收到申请86件，较上年减少9件``, ``同比增长2.4%``) against the previous year's
    report: counts exactly, percentages to their printed places. Silent where the previous
    year's cells are blank or any reading of the figure agrees."""
    for previous, current in pairs(reports):
        found = [q for q in _changes(current) if q.phrase.table == key]
        if not found:
            continue
        before = previous_values(previous, key)
        now = previous_values(current, key)
        if before is None:
            continue
        for quote in found:
            hit = _check_change(quote, before, now, previous.year)
            if hit is not None:
                yield hit[0], hit[1], current.year


def _check_change(
    quote: Quote,
    before: tuple[TableSpec, Effective],
    now: tuple[TableSpec, Effective] | None,
    year: int,
) -> tuple[Location, str] | None:
    change = quote.change
    assert change is not None
    spec0, eff0 = before
    earlier = alternatives(spec0, eff0, quote)
    if not earlier:
        return None
    stated: dict[int, set[int]] = {n: {quote.value} for n, _, _, _ in earlier}
    if now is not None:
        for n, _, total, _ in alternatives(now[0], now[1], quote):
            stated.setdefault(n, {quote.value}).add(total)
    verdicts = [
        change_agrees(change, value, total) for n, _, total, _ in earlier for value in stated[n]
    ]
    if any(v is None or v for v in verdicts):
        return None
    _, cells, total, listed = earlier[0]
    spec = now[0] if now is not None else spec0
    at = [c for path in quote.cells[earlier[0][0]] for c in expand(spec, path)] or cells
    message = _f(
        "{where} says “{value}{unit}” “{change}”, but table {table} of the report on {year} has "
        "“{label}” {total}: {actual}; check the text or the table"
    ).format(
        where=where(quote),
        value=quote.value,
        unit=quote.unit,
        change=change.text,
        year=year,
        table=spec0.key,
        label=label(spec0, cells, listed),
        total=total,
        actual=_actual(quote.value, total, quote.unit),
    )
    return location(spec, at), message


def _actual(now: int, before: int, unit: str) -> str:
    """The change from ``before`` to ``now`` in words."""
    if now == before:
        return _f("the same as the year before")
    if now > before:
        text = _f("in fact up by “{change}{unit}”")
    else:
        text = _f("in fact down by “{change}{unit}”")
    text = text.format(change=abs(now - before), unit=unit)
    if before:
        percent = (Decimal(abs(now - before)) * 100 / before).quantize(Decimal("0.1"))
        text += _f(" ({percent}%)").format(percent=percent)
    return text
