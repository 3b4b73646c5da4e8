"""The fast path for clean reports agrees with running every rule."""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.rules import RULES, ValidationOptions, run_rules
from gov_disclosure.rules.clean import is_clean
from gov_disclosure.testing import huaian_2024, sample_report
from strategies import any_reports, consistent_reports

REPORT_RULES = tuple(r for r in RULES if r.scope == "report")
OPTIONS = ValidationOptions()


@settings(max_examples=200)
@given(any_reports())
def test_clean_means_no_finding_for_any_report(report: gd.AnnualReport) -> None:
    """Whenever the fast path calls a report clean, no rule finds anything in it."""
    full = run_rules(report, REPORT_RULES, OPTIONS)
    if is_clean(report, OPTIONS):
        assert full == []
    assert gd.validate(report) == full


@given(consistent_reports(), st.data())
def test_one_changed_cell_is_never_clean(report: gd.AnnualReport, data: st.DataObject) -> None:
    """A consistent report with one count raised is not clean, and validate finds what the rules find."""
    table = data.draw(st.sampled_from([t for t in (report.applications, report.reviews) if t]))
    spec = table.spec()
    cell = data.draw(st.sampled_from(spec.cells))
    value = table.values()[cell.index]
    changed = report.replace(f"{spec.attr}.{cell.path}", value + data.draw(st.integers(1, 9)))
    assert not is_clean(changed, OPTIONS)
    assert gd.validate(changed) == run_rules(changed, REPORT_RULES, OPTIONS)
    assert gd.validate(changed) != []


def test_real_and_sample_reports_take_the_fast_path() -> None:
    """A clean real report and the clean samples are recognised as clean."""
    for report in (huaian_2024(), sample_report("2021"), sample_report("2019")):
        assert gd.validate(report) == []
        assert is_clean(report, OPTIONS) == (run_rules(report, REPORT_RULES, OPTIONS) == [])


def test_each_report_level_condition_defeats_the_fast_path() -> None:
    """Printed text, a missing narrative, a missing table, a mixed form and a wrong year each
    make the report unclean, matching the rule that fires."""
    base = huaian_2024()
    assert is_clean(base, OPTIONS)
    variants = {
        "S005": attrs.evolve(base, printed={"reviews.review.total": "351"}),
        "S001": attrs.evolve(base, problems=("  ",)),
        "S002": attrs.evolve(base, reviews=None),
        "S003": attrs.evolve(base, applications=gd.Applications2019()),
        "S006": attrs.evolve(base, year=2020),
    }
    for code, report in variants.items():
        assert not is_clean(report, OPTIONS), code
        assert code in {f.code for f in gd.validate(report)}, code


def test_money_places_option_is_respected() -> None:
    """The precision limit of P003 is read by the fast path too."""
    report = huaian_2024()  # 本年收费金额 96171.6 has one decimal place
    assert is_clean(report, ValidationOptions(money_places=1))
    assert not is_clean(report, ValidationOptions(money_places=0))
    assert [f.code for f in gd.validate(report, options=ValidationOptions(money_places=0))] == [
        "P003"
    ]
