"""Cross-year checks over reports of one body (docs/format.md, "Cross-year links").

The checks read a :class:`Series`: the reports in year order, what the caller calls each one
(file names), and for each year the one report the year-to-year links read — the only report
of the year, or of several copies of one report the one that read the most cells
(:mod:`gov_disclosure.copies`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from typing import Any

from attrs import field, frozen

from .._i18n import _f
from ..agency import Aliases, same_body
from ..cells import Effective, effective_values
from ..copies import CopyDifference, differences, representative
from ..findings import Location
from ..model import AnnualReport, Cell, decimal_text
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

# An implementation module (docs/reference/api.md): __all__ lists only the names a public module re-exports.
__all__: list[str] = []

SeriesHit = tuple[Location, str, int]
"""A location, a message, and the year of the report the location refers to."""


_Resolved = tuple[Any, dict[str, tuple[Any, bool]]]
"""A table and its values by path, blank totals resolved: ``(value, known)``."""


@frozen
class Series:
    """The reports of one body for the cross-year checks."""

    reports: tuple[AnnualReport, ...]
    """In year order (stable: the copies of a year in the order given)."""
    names: tuple[str, ...]
    """What the caller calls each report (``第1份``, … when it named none)."""
    aliases: Aliases | None = None
    """The user's table of agency names (C001 takes its pairs as one body)."""
    years: dict[int, tuple[int, ...]] = field(init=False)
    """The indices of each year's reports."""
    chosen: tuple[int, ...] = field(init=False)
    """For each year, in order, the index of the report the links read."""
    _differences: dict[int, tuple[CopyDifference, ...]] = field(
        init=False, factory=dict, eq=False, repr=False
    )
    _resolved: dict[tuple[int, str], _Resolved | None] = field(
        init=False, factory=dict, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        years: dict[int, list[int]] = {}
        for i, report in enumerate(self.reports):
            years.setdefault(report.year, []).append(i)
        object.__setattr__(self, "years", {y: tuple(ix) for y, ix in years.items()})
        chosen = tuple(
            ix[0] if len(ix) == 1 else ix[representative([self.reports[i] for i in ix])]
            for ix in years.values()
        )
        object.__setattr__(self, "chosen", chosen)

    @classmethod
    def of(
        cls,
        reports: Sequence[AnnualReport],
        names: Sequence[str] | None = None,
        aliases: Aliases | None = None,
    ) -> Series:
        """The series of ``reports`` in any order (sorted by year here, stably)."""
        labels = (
            list(names)
            if names is not None
            else [_f("report {i}").format(i=i) for i in range(1, len(reports) + 1)]
        )
        if len(labels) != len(reports):
            raise ValueError(f"validate_series: {len(labels)} names for {len(reports)} reports")
        pairs = sorted(zip(reports, labels, strict=True), key=lambda p: p[0].year)
        return cls(tuple(r for r, _ in pairs), tuple(n for _, n in pairs), aliases)

    def differences(self, year: int) -> tuple[CopyDifference, ...]:
        """The cells on which the copies of ``year`` disagree (computed once)."""
        found = self._differences.get(year)
        if found is None:
            indices = self.years.get(year, ())
            found = differences([self.reports[i] for i in indices]) if len(indices) > 1 else ()
            self._differences[year] = found
        return found

    def resolved(self, report: AnnualReport, attr: str) -> _Resolved | None:
        """The table ``attr`` of ``report`` (the report a year's links read) and its values by
        path with blank totals resolved, ``(value, known)``; None without the table. Every link
        of every series rule reads them, so each is resolved once per series."""
        key = (report.year, attr)  # the links read one report a year
        if key in self._resolved:
            return self._resolved[key]
        table = getattr(report, attr)
        result: _Resolved | None = None
        if table is not None:
            spec = table.spec()
            eff = effective_values(spec, table.values())
            result = table, {c.path: (eff.values[c.index], eff.known[c.index]) for c in spec.cells}
        self._resolved[key] = result
        return result

    @property
    def one_per_year(self) -> list[AnnualReport]:
        """The report each year's links read, in year order."""
        return [self.reports[i] for i in self.chosen]


def check_agency(series: Series) -> Iterator[SeriesHit]:
    """C001: the reports name different bodies (a name printed with or without its parents'
    names, with 人民政府 shortened to 政府, or a short form such as 科委, is the same body, and so
    are the names the user's table pairs: :func:`~gov_disclosure.agency.same_body`)."""
    first = series.reports[0]
    for report in series.reports[1:]:
        if not same_body(report.agency, first.agency, series.aliases):
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


def _shown(value: Cell, present: bool) -> str:
    if not present:
        return _f("(no such cell)")
    if value is None:
        return _f("blank")
    return decimal_text(value) if isinstance(value, Decimal) else str(value)


def check_copies(series: Series) -> Iterator[SeriesHit]:
    """C005: reports of one year (copies of one report) whose statutory cells disagree; the
    finding names every differing cell with each copy's value, and the copy the cross-year
    checks read."""
    for year, indices in series.years.items():
        found = series.differences(year)
        if not found:
            continue
        names = [series.names[i] for i in indices]
        chosen = next(series.names[i] for i in series.chosen if i in indices)
        cells = _f("; ").join(
            f"{d.location} "
            + _f(", ").join(
                f"{name} {_shown(v, here)}"
                for name, v, here in zip(names, d.values, d.present, strict=True)
            )
            for d in found
        )
        yield (
            found[0].location,
            _f(
                "the {n} reports on {year} ({names}) disagree on {cells_n} cells: {cells}; the "
                "cross-year checks read {chosen}"
            ).format(
                n=len(indices),
                year=year,
                names=_f(", ").join(names),
                cells_n=len(found),
                cells=cells,
                chosen=chosen,
            ),
            year,
        )


def check_gap(series: Series) -> Iterator[SeriesHit]:
    """C003: a year is missing between two reports, so they are not compared."""
    years = sorted(series.years)
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


def pairs(series: Series) -> Iterator[tuple[AnnualReport, AnnualReport]]:
    """Consecutive (year t−1, year t) pairs of a series, each year read from the report the
    series chose for it."""
    for previous, current in pairwise(series.one_per_year):
        if current.year - previous.year == 1:
            yield previous, current


def links(code: str, series: Series) -> Iterator[SeriesHit]:
    """Check every cross-year link of ``code`` between consecutive reports."""
    selected = [link for link in CROSS_YEAR if link.code == code]
    for previous, current in pairs(series):
        for link in selected:
            hit = _check_link(link, previous, current, series)
            if hit is not None:
                yield hit


def _sides(
    link: CrossYearLink, previous: AnnualReport, current: AnnualReport, series: Series
) -> tuple[Any, dict[str, tuple[Any, bool]], Any, dict[str, tuple[Any, bool]]] | None:
    """Both tables of a link with their resolved values, or None where the link does not
    apply (a table missing, or in another form)."""
    attr = TABLE_ATTRS[link.table]
    before, now = series.resolved(previous, attr), series.resolved(current, attr)
    if before is None or now is None:
        return None
    (t0, v0), (t1, v1) = before, now
    if link.form is not None and (t0.form is not link.form or t1.form is not link.form):
        return None
    if link.current not in v1:
        return None
    return t0, v0, t1, v1


def blank_links(series: Series) -> Iterator[SeriesHit]:
    """C004: a cross-year link not checked because a cell on one side is blank."""
    for previous, current in pairs(series):
        for link in CROSS_YEAR:
            sides = _sides(link, previous, current, series)
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
    link: CrossYearLink, previous: AnnualReport, current: AnnualReport, series: Series
) -> SeriesHit | None:
    sides = _sides(link, previous, current, series)
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


@lru_cache(maxsize=16)
def _changes(report: AnnualReport) -> tuple[Quote, ...]:
    """The restated figures of a report followed by a change over the year, read once for the
    three rules (C203, C302, C402) that check them."""
    return tuple(q for q in report_statements(report)[0] if q.change is not None)


def changes(key: str, series: Series) -> Iterator[SeriesHit]:
    """C203, C302, C402: a change over the year stated after a restated figure of table
    ``key`` (``共收到申请86件，较上年减少9件``, ``同比增长2.4%``) against the previous year's
    report: counts exactly, percentages to their printed places. Silent where the previous
    year's cells are blank or any reading of the figure agrees."""
    for previous, current in pairs(series):
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
