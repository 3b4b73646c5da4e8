"""Hypothesis strategies that build reports for the tests.

* :func:`consistent_reports` — every cell stated, every relation of the layout holding, the year
  matching the edition, text in every section: ``validate`` must find nothing in them.
  ``mixed=True`` gives reports whose tables 二 and 三 are in different forms.
* :func:`consistent_series` — two consecutive years of one body whose cross-year links hold.
* :func:`any_reports` — anything the model can hold: blanks, negative counts, missing tables,
  mixed forms, printed text, dates; for round trips, not for validation.
* :func:`blanked` — a report with the cells named left blank (the readers' blank-cell tests).

Tables are drawn generically from :func:`gov_disclosure.statutory.table_spec`: the detail cells
are drawn by their kind, and :func:`gov_disclosure.testing.make_consistent` derives every total
and balances every flow from ``spec.relations``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from gov_disclosure import AnnualReport, CellKind, Edition
from gov_disclosure.model import Cell
from gov_disclosure.statutory import CROSS_YEAR, TableSpec, table_spec
from gov_disclosure.testing import make_consistent, report_from_tables

__all__ = [
    "FAST",
    "TABLE_ATTRS",
    "any_reports",
    "consistent_reports",
    "consistent_series",
    "consistent_tables",
    "follow",
    "money",
    "paragraphs",
]

FAST = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""Settings for properties over whole reports (each example holds ~200 cells)."""

TABLE_ATTRS = ("proactive", "applications", "reviews")
EDITIONS = st.sampled_from(list(Edition))
YEARS = {Edition.E2019: st.integers(2019, 2020), Edition.E2021: st.integers(2021, 2035)}
"""Years an edition applies to (so that S006 stays silent)."""

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
short_text = st.text(CJK, min_size=1, max_size=12)
paragraphs = st.lists(short_text, min_size=1, max_size=3)
agencies = st.text(CJK, min_size=2, max_size=10)
problem_paragraphs = st.lists(
    st.tuples(short_text, short_text).map(lambda t: f"{t[0]}。{t[1]}。"), min_size=1, max_size=2
)
"""Section 五: at least two sentences in each paragraph (a single short sentence is S501)."""
money = st.builds(
    lambda n, places: Decimal(n).scaleb(-places), st.integers(0, 10**9), st.integers(0, 4)
)
"""Amounts in 万元: non-negative, at most four decimal places."""

_VALUES: dict[CellKind, st.SearchStrategy[Any]] = {
    CellKind.COUNT: st.integers(0, 40),
    CellKind.SIGNED: st.integers(-40, 40),
    CellKind.MONEY: money,
}
_ANY_VALUES: dict[CellKind, st.SearchStrategy[Any]] = {
    CellKind.COUNT: st.integers(-5, 10**12),
    CellKind.SIGNED: st.integers(-(10**6), 10**6),
    CellKind.MONEY: st.builds(
        lambda n, places: Decimal(n).scaleb(-places),
        st.integers(-(10**6), 10**12),
        st.integers(0, 4),
    ),
}


def consistent_tables(spec: TableSpec) -> st.SearchStrategy[tuple[Cell, ...]]:
    """Values (reading order) of one table that satisfy every relation of ``spec``."""
    totals = spec.totals
    parts = [st.none() if c.index in totals else _VALUES[c.kind] for c in spec.cells]
    return st.tuples(*parts).map(lambda values: _plausible(spec, make_consistent(spec, values)))


def _plausible(spec: TableSpec, values: tuple[Cell, ...]) -> tuple[Cell, ...]:
    """2019 table 二 made plausible (P201, P202): 上一年项目数量 + 本年增/减 ≥ 0, and 采购项目数量
    and 采购总金额 both zero or both non-zero."""
    if spec.key != "二" or "procurement.projects" not in spec.by_path:
        return values
    out = list(values)
    for cell in spec.cells:
        change = spec.by_path.get(f"{cell.row.name}.change")
        if cell.column.name == "previous" and change is not None:
            out[change.index] = max(out[change.index], -out[cell.index])  # type: ignore[type-var,operator]
    projects = spec.by_path["procurement.projects"].index
    amount = spec.by_path["procurement.amount"].index
    if (out[projects] == 0) != (out[amount] == 0):
        out[projects], out[amount] = (
            (0, Decimal(0)) if out[projects] == 0 else (out[projects], Decimal(1))
        )
    return tuple(out)


def _forms(draw: st.DrawFn, edition: Edition, mixed: bool) -> tuple[Edition, Edition]:
    if not mixed:
        return edition, edition
    t2 = draw(EDITIONS)
    return t2, Edition.E2019 if t2 is Edition.E2021 else Edition.E2021


def _specs(t2: Edition, t3: Edition) -> list[TableSpec]:
    return [table_spec("二", t2), table_spec("三", t3), table_spec("四")]


def _build(
    draw: st.DrawFn,
    tables: Sequence[tuple[TableSpec, Sequence[Cell]]],
    *,
    agency: str,
    year: int,
    edition: Edition,
) -> AnnualReport:
    return report_from_tables(
        tables,
        agency=agency,
        year=year,
        edition=edition,
        prose={attr: tuple(draw(st.lists(short_text, max_size=2))) for attr in TABLE_ATTRS},
        overview=draw(paragraphs),
        problems=draw(problem_paragraphs),
        other_matters=draw(paragraphs),
    )


@st.composite
def consistent_reports(
    draw: st.DrawFn, edition: Edition | str | None = None, *, mixed: bool = False
) -> AnnualReport:
    """A report with every cell stated and every relation holding (see the module doc)."""
    ed = Edition(edition) if edition is not None else draw(EDITIONS)
    specs = _specs(*_forms(draw, ed, mixed))
    tables = [(spec, draw(consistent_tables(spec))) for spec in specs]
    return _build(draw, tables, agency=draw(agencies), year=draw(YEARS[ed]), edition=ed)


def _link_next_year(
    before: dict[str, tuple[TableSpec, list[Cell]]], after: dict[str, tuple[TableSpec, list[Cell]]]
) -> None:
    """Make the cross-year links of the layout (CROSS_YEAR) hold from ``before`` to ``after``,
    then settle ``after``'s own relations again without touching the linked cells."""
    for attr, (spec, values) in after.items():
        if attr not in before:
            continue
        prev_spec, prev_values = before[attr]
        links = [
            link
            for link in CROSS_YEAR
            if link.table == spec.key
            and (link.form is None or link.form is spec.form is prev_spec.form)
        ]
        keep: set[int] = set()
        for link in links:
            index = spec.by_path[link.current].index
            value = sum(
                (prev_values[prev_spec.by_path[p].index] or 0 for p in link.previous_plus), 0
            )
            value += sum((values[spec.by_path[p].index] or 0 for p in link.current_plus), 0)
            value -= sum((values[spec.by_path[p].index] or 0 for p in link.current_minus), 0)
            if value < 0 and link.current_plus:  # e.g. more repealed than ever in force
                values[spec.by_path[link.current_plus[0]].index] -= value  # type: ignore[operator]
                value = 0
            elif value < 0:  # a decrease larger than the items of the year before
                signed = next(
                    p for p in link.previous_plus if prev_spec.by_path[p].kind is CellKind.SIGNED
                )
                prev_values[prev_spec.by_path[signed].index] -= value  # type: ignore[operator]
                value = 0
            values[index] = value
            keep.add(index)
        after[attr] = (spec, list(_plausible(spec, make_consistent(spec, values, keep=keep))))


def _tables(report: AnnualReport) -> dict[str, tuple[TableSpec, list[Cell]]]:
    return {t.spec().attr: (t.spec(), list(t.values())) for t in report.tables()}


def _with_values(
    report: AnnualReport, tables: dict[str, tuple[TableSpec, list[Cell]]]
) -> AnnualReport:
    for attr, (spec, values) in tables.items():
        old = getattr(report, attr).values()
        for cell in spec.cells:
            if values[cell.index] != old[cell.index]:
                report = report.replace(f"{attr}.{cell.path}", values[cell.index])
    return report


def follow(previous: AnnualReport, current: AnnualReport) -> tuple[AnnualReport, AnnualReport]:
    """The two reports adjusted so that every cross-year link holds from ``previous`` to
    ``current`` while each stays consistent (``current``'s 二、上年结转 becomes ``previous``'s
    四、结转下年度 and its 一 or 四 is rebalanced; 现行有效件数 and 上一年项目数量 roll over)."""
    before, after = _tables(previous), _tables(current)
    _link_next_year(before, after)
    return _with_values(previous, before), _with_values(current, after)


@st.composite
def consistent_series(
    draw: st.DrawFn, edition: Edition | str | None = None
) -> tuple[AnnualReport, AnnualReport]:
    """Two consistent reports of one body for consecutive years whose cross-year links hold."""
    ed = Edition(edition) if edition is not None else draw(EDITIONS)
    agency = draw(agencies)
    year = draw(st.just(2019) if ed is Edition.E2019 else st.integers(2021, 2034))
    first = attrs.evolve(draw(consistent_reports(ed)), agency=agency, year=year)
    second = attrs.evolve(draw(consistent_reports(ed)), agency=agency, year=year + 1)
    return follow(first, second)


def _any_table(spec: TableSpec) -> st.SearchStrategy[tuple[Cell, ...]]:
    return st.tuples(*(st.none() | _ANY_VALUES[c.kind] for c in spec.cells))


any_text = st.text(max_size=15)
"""Any Unicode text (quotes, backslashes, newlines, control characters)."""


@st.composite
def any_reports(draw: st.DrawFn) -> AnnualReport:
    """Any report the model can hold: random blanks, negative and huge counts, missing tables,
    mixed forms, optional title and date, printed text for some cells."""
    ed = draw(EDITIONS)
    tables = []
    for key in ("二", "三", "四"):
        spec = table_spec(key, draw(EDITIONS))
        if draw(st.integers(0, 5)) > 0:  # a table is missing now and then
            tables.append((spec, draw(_any_table(spec))))
    report = report_from_tables(
        tables,
        agency=draw(any_text),
        year=draw(st.integers(1000, 9999)),
        edition=ed,
        title=draw(st.none() | any_text),
        published=draw(
            st.none() | st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31))
        ),
        prose={spec.attr: tuple(draw(st.lists(any_text, max_size=2))) for spec, _ in tables},
        overview=draw(st.lists(any_text, max_size=2)),
        problems=draw(st.lists(any_text, max_size=2)),
        other_matters=draw(st.lists(any_text, max_size=2)),
    )
    paths = [
        f"{table.spec().attr}.{cell.path}"
        for table in report.tables()
        for cell in table.spec().cells
    ]
    if paths:
        printed = draw(st.dictionaries(st.sampled_from(paths), any_text, max_size=3))
        report = attrs.evolve(report, printed=printed)
    return report


def blanked(report: AnnualReport, blanks: dict[str, list[int]]) -> AnnualReport:
    """The report with the cells named (table attribute → cell indexes) blank."""
    changes: dict[str, Any] = {}
    for table in report.tables():
        attr = table.spec().attr
        if attr in blanks:
            values = list(table.values())
            for index in blanks[attr]:
                values[index] = None
            changes[attr] = type(table)(values=tuple(values), prose=table.prose)
    return attrs.evolve(report, **changes)
