"""Sums of reports: cell-by-cell addition, blanks, refusals, and what the sum preserves."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.cells import to_cells
from gov_disclosure.sums import Partial, Summed, sum_reports
from gov_disclosure.testing import blank_report, hongze_2023, huaian_2024, sample_report
from strategies import FAST, any_reports, consistent_reports

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def cells(report: gd.AnnualReport) -> list[tuple[str, object]]:
    """The report's cells as (path, value)."""
    return [(c.path, c.value) for c in to_cells(report)]


def arithmetic(report: gd.AnnualReport) -> list[gd.Finding]:
    """The arithmetic findings (A codes) of a report."""
    return gd.validate(report, select=["A"])


# --- examples ---------------------------------------------------------------------------------


def test_two_departments_add_up_cell_by_cell() -> None:
    """Two reports of one form add cell by cell: counts as int, amounts exactly as Decimal."""
    a = huaian_2024()
    b = a.replace("proactive.fees", Decimal("0.04")).replace("applications.received.other", 7)
    summed = sum_reports([a, b], agency="淮安市合计")
    report = summed.report
    assert summed.partial == ()
    assert report.agency == "淮安市合计"
    assert report.year == 2024
    assert report.edition is a.edition
    assert report.proactive is not None
    assert report.applications is not None
    assert report.proactive.fees == Decimal("96171.64")
    assert report.applications.received.other == 4 + 7
    assert report.applications.received.natural_person == 2 * 3001
    for (path, value), (_, left), (_, right) in zip(cells(report), cells(a), cells(b), strict=True):
        assert value == left + right, path  # type: ignore[operator]
        assert type(value) is type(left), path


def test_result_has_figures_only() -> None:
    """The sum has no title, date, narrative, table prose or printed text."""
    a = gd.load(EXAMPLES / "huaian-2024.toml")
    report = sum_reports([a, a]).report
    assert report.title is None
    assert report.published is None
    assert report.overview == report.problems == report.other_matters == ()
    assert all(t.prose == () for t in report.tables())
    assert dict(report.printed) == {}
    assert report.agency == a.agency  # the same body in every input


def test_mixed_forms_are_refused_naming_both_reports() -> None:
    """Table 三 in the 2019 form (洪泽) and in the 2021 form (淮安) cannot be added."""
    with pytest.raises(gd.SumError) as caught:
        sum_reports([huaian_2024(), hongze_2023()], names=["huaian.toml", "hongze.json"])
    error = caught.value
    assert error.problem == "form"
    assert error.table == "三"
    assert error.conflicts == (("huaian.toml", "2021"), ("hongze.json", "2019"))
    assert "huaian.toml" in str(error)
    assert "hongze.json" in str(error)
    assert isinstance(error, gd.GovDisclosureError)


def test_mixed_editions_are_refused() -> None:
    """Reports that declare different editions are refused, even before their years."""
    with pytest.raises(gd.SumError) as caught:
        sum_reports([sample_report("2019"), sample_report("2021")])
    assert caught.value.problem == "edition"
    assert caught.value.conflicts[0][1] == "2019"
    assert caught.value.conflicts[1][1] == "2021"
    assert "report 1" in str(caught.value)
    assert "report 2" in str(caught.value)


def test_mixed_years_need_year() -> None:
    """Different years are refused unless year= names the year of the sum."""
    a = huaian_2024()
    b = attrs.evolve(a, year=2023)
    with pytest.raises(gd.SumError) as caught:
        sum_reports([a, b])
    assert caught.value.problem == "year"
    assert sum_reports([a, b], year=2024).report.year == 2024


def test_different_bodies_need_agency() -> None:
    """Different agencies are refused unless agency= names the sum."""
    a = huaian_2024()
    b = attrs.evolve(a, agency="淮阴区人民政府")
    with pytest.raises(gd.SumError) as caught:
        sum_reports([a, b])
    assert caught.value.problem == "agency"
    assert sum_reports([a, b], agency="合计").report.agency == "合计"


def test_empty_input_is_an_error() -> None:
    """Nothing to add is a SumError; names that do not match the reports are misuse."""
    with pytest.raises(gd.SumError) as caught:
        sum_reports([])
    assert caught.value.problem == "empty"
    with pytest.raises(ValueError, match="names"):
        sum_reports([huaian_2024()], names=["a", "b"])


def test_blank_in_every_input_stays_blank() -> None:
    """A cell blank in every input is blank in the sum and not partial."""
    a = huaian_2024().replace("applications.received.research", None)
    summed = sum_reports([a, a])
    assert summed.report.get("applications.received.research") is None
    assert summed.partial == ()
    blank = blank_report("2021")
    summed = sum_reports([blank, blank])
    assert all(value is None for _, value in cells(summed.report))


def test_partly_blank_detail_counts_as_zero_and_is_listed() -> None:
    """A detail blank in one input is the sum of the others, listed with the blank input."""
    a = huaian_2024()
    b = a.replace("applications.received.natural_person", None)
    summed = sum_reports([a, b, a])
    assert summed.report.get("applications.received.natural_person") == 2 * 3001
    (partial,) = summed.partial
    assert partial == Partial(
        "applications.received.natural_person",
        gd.Location("三", ("一、本年新收政府信息公开申请数量",), ("自然人",)),
        (1,),
        total=False,
    )


def test_partly_blank_total_counts_as_its_parts() -> None:
    """A total blank in one input counts as the sum of that input's parts, so the sum's
    total agrees with its summed parts."""
    a = huaian_2024()
    b = a.replace("applications.received.total", None).replace("reviews.review.total", None)
    summed = sum_reports([a, b])
    assert summed.report.get("applications.received.total") == 2 * 3119
    assert summed.report.get("reviews.review.total") == 2 * 351
    assert [p.path for p in summed.partial] == [
        "applications.received.total",
        "reviews.review.total",
    ]
    assert all(p.total for p in summed.partial)
    assert arithmetic(summed.report) == []


def test_missing_table_counts_as_blank() -> None:
    """A table missing from one input: its cells are partial, summed over the others."""
    a = huaian_2024()
    b = attrs.evolve(a, reviews=None)
    summed = sum_reports([a, b])
    assert summed.report.reviews == a.reviews  # 2 inputs, one without table 四
    assert len(summed.partial) == len(a.reviews.values())  # type: ignore[union-attr]
    assert {p.blank for p in summed.partial} == {(1,)}
    none = sum_reports([b, b]).report
    assert none.reviews is None


def test_money_adds_exactly_beyond_context_precision() -> None:
    """Amounts add exactly however many digits they have (no 28-digit context rounding)."""
    a = sample_report("2021").replace("proactive.fees", Decimal("1E+30"))
    b = a.replace("proactive.fees", Decimal("0.0001"))
    got = sum_reports([a, b]).report.get("proactive.fees")
    assert got == Decimal("1000000000000000000000000000000.0001")
    c = a.replace("proactive.fees", None)
    got = sum_reports([b, c]).report.get("proactive.fees")
    assert got == Decimal("0.0001")
    assert type(got) is Decimal


def test_signed_2019_changes_add_with_their_sign() -> None:
    """2019 本年增/减 adds with its sign."""
    a = sample_report("2019").replace("proactive.licensing.change", -8)
    b = a.replace("proactive.licensing.change", 3)
    assert sum_reports([a, b]).report.get("proactive.licensing.change") == -5


def test_summed_metrics_are_ratios_of_the_sums() -> None:
    """The metrics of a sum are the ratios of the summed cells (not a mean of the rates)."""
    a = huaian_2024()
    b = sample_report("2021")
    report = sum_reports([a, attrs.evolve(b, year=a.year, agency=a.agency)]).report
    x, y = a.applications, b.applications
    assert x is not None
    assert y is not None
    top = x.granted.total + x.partially_granted.total + y.granted.total
    top += y.partially_granted.total
    bottom = x.total.total + y.total.total
    assert report.applications is not None
    assert report.applications.total.total == bottom
    expected = Decimal(top) / Decimal(bottom)
    assert gd.compute_metrics(report)["disclosure_rate"] == expected.quantize(Decimal("1E-6"))


# --- properties -------------------------------------------------------------------------------


@FAST
@given(any_reports())
def test_sum_of_one_report_is_that_report(report: gd.AnnualReport) -> None:
    """The sum of a single report has exactly its cells, agency, year and edition."""
    summed = sum_reports([report])
    assert summed.partial == ()
    assert cells(summed.report) == cells(report)
    assert [type(v) for _, v in cells(summed.report)] == [type(v) for _, v in cells(report)]
    assert (summed.report.agency, summed.report.year) == (report.agency, report.year)
    assert summed.report.edition is report.edition


def _same_body(reports: list[gd.AnnualReport]) -> list[gd.AnnualReport]:
    first = reports[0]
    return [attrs.evolve(r, agency=first.agency, year=first.year) for r in reports]


@st.composite
def blanked(draw: st.DrawFn, report: gd.AnnualReport) -> gd.AnnualReport:
    """The report with some totals blanked, some zero details blanked, now and then a table
    dropped: blanks that leave every arithmetic rule satisfied."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    for table in report.tables():
        spec = table.spec()
        for cell, value in zip(spec.cells, table.values(), strict=True):
            if (cell.index in spec.totals or value == 0) and rng.random() < 0.3:
                report = report.replace(f"{spec.attr}.{cell.path}", None)
    if rng.random() < 0.2:
        report = attrs.evolve(report, reviews=None)
    return report


def _reports(edition: str) -> st.SearchStrategy[list[gd.AnnualReport]]:
    return st.lists(consistent_reports(edition).flatmap(blanked), min_size=1, max_size=4).map(
        _same_body
    )


@FAST
@given(st.sampled_from(["2019", "2021"]).flatmap(_reports), st.randoms())
def test_sum_is_order_independent(reports: list[gd.AnnualReport], rnd: random.Random) -> None:
    """Adding the same reports in another order gives the same report and partial cells."""
    shuffled = list(reports)
    rnd.shuffle(shuffled)
    first, second = sum_reports(reports), sum_reports(shuffled)
    assert first.report == second.report
    assert [p.path for p in first.partial] == [p.path for p in second.partial]
    assert [len(p.blank) for p in first.partial] == [len(p.blank) for p in second.partial]


@FAST
@given(st.sampled_from(["2019", "2021"]).flatmap(_reports))
def test_sum_of_consistent_reports_is_consistent(reports: list[gd.AnnualReport]) -> None:
    """Reports satisfying every arithmetic rule (blanks included) add up to a report that
    satisfies them too."""
    for report in reports:
        assert arithmetic(report) == []  # the blanks were chosen to keep them so
    assert arithmetic(sum_reports(reports).report) == []


@FAST
@given(st.lists(consistent_reports("2021"), min_size=3, max_size=3).map(_same_body))
def test_sum_is_associative_on_stated_reports(reports: list[gd.AnnualReport]) -> None:
    """Adding a sum to a third report equals adding all three at once (every cell stated)."""
    a, b, c = reports
    assert sum_reports([sum_reports([a, b]).report, c]).report == sum_reports([a, b, c]).report


def test_summed_is_exported() -> None:
    """The result type and the error are public."""
    assert gd.Summed is Summed
    assert gd.sum_reports is sum_reports
    assert issubclass(gd.SumError, ValueError)
