"""Tests for gov_disclosure.rules: validate, validate_series, is_valid and the registry."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import AnnualReport, Edition, Finding, Location, Severity
from gov_disclosure.statutory import RelationKind, TableSpec, table_spec
from gov_disclosure.testing import (
    consistent_values,
    hongze_2023,
    huaian_2024,
    make_consistent,
    sample_report,
)
from strategies import FAST, consistent_reports, consistent_series, follow

ROW_1 = "一、本年新收政府信息公开申请数量"
ROW_2 = "二、上年结转政府信息公开申请数量"
ROW_4 = "四、结转下年度继续办理"


def pairs(findings: list[Finding]) -> set[tuple[str, str]]:
    """The (code, location) pairs of some findings."""
    return {(f.code, str(f.location)) for f in findings}


def relation_sums(spec: TableSpec, values: tuple[gd.model.Cell, ...]) -> list[tuple[int, int]]:
    """Both sides of every relation of a table, summed directly (no library code involved)."""
    return [
        (sum(values[i] for i in r.left), sum(values[i] for i in r.right))  # type: ignore[misc]
        for r in spec.relations
    ]


# --- consistent reports ------------------------------------------------------------------


@FAST
@given(consistent_reports())
def test_strategy_builds_reports_where_every_relation_holds(report: AnnualReport) -> None:
    """The consistent strategy states every cell and satisfies every relation, by direct sums."""
    for table in report.tables():
        values = table.values()
        assert None not in values
        for left, right in relation_sums(table.spec(), values):
            assert left == right


@FAST
@given(consistent_reports("2021"))
def test_consistent_2021_report_has_no_findings(report: AnnualReport) -> None:
    """A consistent 2021 report with every cell stated gets no finding of any kind."""
    assert gd.validate(report) == []
    assert gd.is_valid(report)


@FAST
@given(consistent_reports("2019"))
def test_consistent_2019_report_has_no_findings(report: AnnualReport) -> None:
    """A consistent 2019 report (negative 本年增/减 included) gets no finding of any kind."""
    assert gd.validate(report) == []


@FAST
@given(consistent_reports(mixed=True))
def test_consistent_mixed_report_gets_only_the_mixed_form_warning(report: AnnualReport) -> None:
    """A consistent report mixing forms gets exactly one S003 at the table in the other form."""
    other = next(t for t in report.tables() if t.form not in (None, report.edition))
    findings = gd.validate(report)
    assert pairs(findings) == {("S003", other.spec().key)}
    assert findings[0].severity is Severity.WARNING


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_sample_reports_have_no_findings(edition: str) -> None:
    """The public sample report of each edition is free of findings."""
    assert gd.validate(sample_report(edition)) == []


def test_huaian_2024_has_no_findings() -> None:
    """The real 淮安 2024 figures satisfy every invariant."""
    assert gd.validate(huaian_2024()) == []


# --- one cell changed ------------------------------------------------------------------------


@FAST
@given(consistent_reports(), st.sampled_from(["applications", "reviews"]), st.data())
def test_one_changed_cell_breaks_exactly_its_relations(
    report: AnnualReport, attr: str, data: st.DataObject
) -> None:
    """Raising one count of table 三/四 yields one finding per relation holding that cell."""
    table = getattr(report, attr)
    spec = table.spec()
    cell = data.draw(st.sampled_from(spec.cells), label="cell")
    delta = data.draw(st.integers(1, 1000), label="delta")
    value = table.values()[cell.index]
    changed = report.replace(f"{attr}.{cell.path}", value + delta)
    expected = {
        (r.code, str(Location(spec.key, r.row, r.column)))
        for r in spec.relations
        if cell.index in (*r.left, *r.right)
    }
    findings = gd.validate(changed)
    assert expected  # every cell of tables 三 and 四 takes part in some relation
    assert pairs(findings) == expected
    assert len(findings) == len(expected)
    assert all("≠" in f.message and f.severity is Severity.ERROR for f in findings)


def test_changing_row_one_natural_person_gives_row_and_flow_findings() -> None:
    """三 row 一 自然人 + 1 breaks its row's 总计 (A301) and the 自然人 column's flow (A303)."""
    report = sample_report("2021")
    app = report.applications
    assert app is not None
    before = app.received.natural_person
    assert before is not None
    changed = report.replace("applications.received.natural_person", before + 1)
    findings = {f.code: f for f in gd.validate(changed)}
    assert set(findings) == {"A301", "A303"}
    row = findings["A301"]
    assert str(row.location) == f"三/{ROW_1}/总计"
    total = app.received.total
    assert f"{total} ≠" in row.message
    assert str(total + 1) in row.message  # type: ignore[operator]
    flow = findings["A303"]
    assert str(flow.location) == "三/自然人"
    left = before + 1 + app.carried_over.natural_person  # type: ignore[operator]
    right = app.total.natural_person + app.carried_forward.natural_person  # type: ignore[operator]
    assert f"{left}" in flow.message
    assert f"{right}" in flow.message
    assert "≠" in flow.message


def test_changing_a_review_part_gives_the_group_total_finding() -> None:
    """Table 四 行政复议 结果维持 + 2 gives one A401 at 四/行政复议/总计 naming both figures."""
    report = sample_report("2019")
    assert report.reviews is not None
    group = report.reviews.review
    changed = report.replace("reviews.review.upheld", group.upheld + 2)  # type: ignore[operator]
    (finding,) = gd.validate(changed)
    assert (finding.code, str(finding.location)) == ("A401", "四/行政复议/总计")
    assert f"{group.total} ≠" in finding.message
    assert str(group.total + 2) in finding.message  # type: ignore[operator]


def test_relation_catalogue_matches_the_format() -> None:
    """The layout declares the relations of docs/format.md (row sums, results, flows, 四 sums)."""
    for form, rows, outcome_rows in (("2019", 23, 19), ("2021", 25, 21)):
        spec = table_spec("三", form)
        codes = [r.code for r in spec.relations]
        assert codes.count("A301") == rows
        assert codes.count("A302") == 7
        assert codes.count("A303") == 7
        a302 = next(r for r in spec.relations if r.code == "A302")
        assert len(a302.right) == outcome_rows
        flow = next(r for r in spec.relations if r.code == "A303")
        assert flow.kind is RelationKind.FLOW
        labels = [spec.cells[i].row.labels[-1] for i in (*flow.left, *flow.right)]
        assert labels == [ROW_1, ROW_2, "（七）总计", ROW_4]
    four = table_spec("四")
    assert [(r.code, len(r.right)) for r in four.relations] == [("A401", 4)] * 3
    assert table_spec("二", "2021").relations == ()
    assert table_spec("二", "2019").relations == ()


# --- one fixture per rule ----------------------------------------------------------------------


def _t2021(**changes: object) -> AnnualReport:
    return attrs.evolve(sample_report("2021"), **changes)


def _replaced(report: AnnualReport, path: str, value: gd.model.Cell) -> AnnualReport:
    return report.replace(path, value)


def _bump(report: AnnualReport, path: str, delta: int = 1) -> AnnualReport:
    value = report.get(path)
    assert isinstance(value, int)
    return report.replace(path, value + delta)


def _pair(edition: str, first_year: int) -> tuple[AnnualReport, AnnualReport]:
    return follow(
        sample_report(edition, year=first_year), sample_report(edition, year=first_year + 1)
    )


def _c201() -> list[AnnualReport]:
    a, b = _pair("2021", 2023)
    return [a, _bump(b, "proactive.regulations.in_force")]


def _c202() -> list[AnnualReport]:
    a, b = _pair("2019", 2019)
    return [a, _bump(b, "proactive.licensing.previous", 3)]


def _c301() -> list[AnnualReport]:
    a, b = _pair("2021", 2023)
    return [a, _bump(b, "applications.carried_over.natural_person")]


def _changed(edition: str, sentence: str) -> list[AnnualReport]:
    """A consistent pair of years whose later report states a change over the year."""
    a, b = _pair(edition, 2023)
    return [a, attrs.evolve(b, overview=(*b.overview, sentence))]


def _c001() -> list[AnnualReport]:
    a, b = _pair("2021", 2023)
    return [a, attrs.evolve(b, agency="另一个机关")]


def _c005() -> list[AnnualReport]:
    a, b = _pair("2021", 2023)
    return [a, b, _bump(b, "applications.received.natural_person")]


def _c003() -> list[AnnualReport]:
    return [sample_report("2021", year=2022), sample_report("2021", year=2024)]


def _c004() -> list[AnnualReport]:
    a, b = _pair("2021", 2023)
    return [a, _replaced(b, "applications.carried_over.natural_person", None)]


def _said(*sentences: str) -> AnnualReport:
    """The 2021 sample report with sentences added to its section 一."""
    report = sample_report("2021")
    return attrs.evolve(report, overview=(*report.overview, *sentences))


def _late() -> tuple[AnnualReport, gd.ValidationOptions]:
    report = attrs.evolve(sample_report("2021"), published=datetime.date(2025, 2, 10))
    return report, gd.ValidationOptions(body="department")


T2_FEES = "二/第二十条第（八）项/行政事业性收费/本年收费金额（单位：万元）"

TRIGGERS: dict[str, tuple[Callable[[], object], str]] = {
    "S001": (lambda: _t2021(problems=()), "五"),
    "S002": (lambda: _t2021(reviews=None), "四"),
    "S003": (hongze_2023, "三"),
    "S004": (
        lambda: attrs.evolve(
            _replaced(sample_report("2021"), "applications.received.natural_person", None),
            printed={"applications.received.natural_person": "——"},
        ),
        f"三/{ROW_1}/自然人",
    ),
    "S005": (
        lambda: _t2021(printed={"proactive.regulations.issued": "3（其中修订 1 件）"}),
        "二/第二十条第（一）项/规章/本年制发件数",
    ),
    "S006": (lambda: sample_report("2019", year=2023), "报告"),
    "S007": (lambda: _t2021(agency=""), "报告"),
    "S008": (lambda: gd.AnnualReport.blank(agency="某局", year=2024), "报告"),
    "S009": (lambda: _t2021(title="某局2023年政府信息公开工作年度报告"), "报告"),
    "S010": (_late, "报告"),
    "S501": (lambda: _t2021(problems=("无。",)), "五"),
    "A301": (
        lambda: _bump(sample_report("2021"), "applications.refused.third_party.total"),
        "三/三、本年度办理结果/（三）不予公开/4.保护第三方合法权益/总计",
    ),
    "A302": (
        lambda: _bump(sample_report("2019"), "applications.total.research"),
        "三/三、本年度办理结果/（七）总计/法人或其他组织/科研机构",
    ),
    "A303": (
        lambda: _bump(sample_report("2021"), "applications.carried_forward.commercial"),
        "三/法人或其他组织/商业企业",
    ),
    "A401": (
        lambda: _bump(sample_report("2021"), "reviews.lawsuit_direct.pending"),
        "四/行政诉讼/未经复议直接起诉/总计",
    ),
    "P001": (
        lambda: _replaced(sample_report("2021"), "proactive.licensing", -1),
        "二/第二十条第（五）项/行政许可/本年处理决定数量",
    ),
    "P002": (lambda: _replaced(sample_report("2021"), "proactive.fees", Decimal("-0.5")), T2_FEES),
    "P003": (
        lambda: _replaced(sample_report("2021"), "proactive.fees", Decimal("1.1234567")),
        T2_FEES,
    ),
    "P004": (
        lambda: _replaced(sample_report("2019"), "proactive.regulations.published", 99),
        "二/第二十条第（一）项/规章/本年新公开数量",
    ),
    "P201": (
        lambda: _replaced(sample_report("2019"), "proactive.licensing.change", -10),
        "二/第二十条第（五）项/行政许可/本年增/减",
    ),
    "P202": (
        lambda: _replaced(sample_report("2019"), "proactive.procurement.amount", Decimal(0)),
        "二/第二十条第（九）项/政府集中采购/采购总金额",
    ),
    "B001": (
        lambda: _replaced(sample_report("2021"), "reviews.review.other", None),
        "四",
    ),
    "B002": (
        lambda: _replaced(sample_report("2021"), "applications.received.total", None),
        f"三/{ROW_1}/总计",
    ),
    "B003": (
        lambda: _replaced(sample_report("2021"), "applications.total.total", None),
        "三/三、本年度办理结果/（七）总计/总计",
    ),
    "N201": (lambda: _said("本年度公开规章99件。"), "二/第二十条第（一）项/规章/本年制发件数"),
    "N301": (lambda: _said("本年度共收到政府信息公开申请999件。"), f"三/{ROW_1}/总计"),
    "N302": (
        lambda: _said("本年度未发出收费通知。"),
        "三/三、本年度办理结果/（六）其他处理/"
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请/总计",
    ),
    "N401": (lambda: _said("本年度被申请行政复议99件。"), "四/行政复议/总计"),
    "N402": (lambda: _said("本年度未发生行政复议。"), "四/行政复议/总计"),
    "C001": (_c001, "报告"),
    "C003": (_c003, "报告"),
    "C201": (_c201, "二/第二十条第（一）项/规章/现行有效件数"),
    "C202": (_c202, "二/第二十条第（五）项/行政许可/上一年项目数量"),
    "C203": (
        lambda: _changed("2021", "本年度公开规章3件，同比增加2件。"),
        "二/第二十条第（一）项/规章/本年制发件数",
    ),
    "C301": (_c301, f"三/{ROW_2}/自然人"),
    "C302": (
        lambda: _changed("2021", "本年度共收到政府信息公开申请315件，同比增长10%。"),
        f"三/{ROW_1}/总计",
    ),
    "C402": (
        lambda: _changed("2021", "本年度被申请行政复议12件，同比下降20%。"),
        "四/行政复议/总计",
    ),
    "C004": (_c004, f"三/{ROW_2}/自然人"),
    "C005": (_c005, f"三/{ROW_1}/自然人"),
}
"""For every rule code: a fixture that triggers it, and the location of the finding."""


@pytest.mark.parametrize("code", [r.code for r in gd.RULES if r.scope != "reading"])
def test_every_rule_has_a_fixture_that_triggers_it(code: str) -> None:
    """Each registered rule fires, with its severity, at the expected location of its fixture."""
    assert code in TRIGGERS, f"rule {code} has no triggering fixture in TRIGGERS"
    make, location = TRIGGERS[code]
    rule = gd.rule(code)
    subject = make()
    options = None
    if isinstance(subject, tuple):  # a report and the options its rule needs
        subject, options = subject
    if rule.scope == "report":
        assert isinstance(subject, AnnualReport)
        findings = gd.validate(subject, options=options)
        selected = gd.validate(subject, select=[code], options=options)
    else:
        assert isinstance(subject, list)
        findings = gd.validate_series(subject)
        selected = gd.validate_series(subject, select=[code])
    hits = [f for f in findings if f.code == code]
    assert [str(f.location) for f in hits] == [location]
    assert hits[0].severity is rule.severity
    assert hits[0].message
    assert selected == hits


def test_every_fixture_names_a_registered_rule() -> None:
    """No fixture is left over for a code that is not (or no longer) in RULES."""
    assert set(TRIGGERS) == {r.code for r in gd.RULES if r.scope != "reading"}


def test_registry_codes_are_unique_and_well_formed() -> None:
    """Codes are unique, a letter of S/A/P/B/C/N/R and three digits; every rule is documented;
    only reading codes (R, reported by the reader) have no check."""
    codes = [r.code for r in gd.RULES]
    assert len(codes) == len(set(codes))
    for r in gd.RULES:
        assert r.code[0] in "SAPBCNR"
        assert (r.code[0] == "R") == (r.scope == "reading") == (r.check is None)
        assert r.code[1:].isdigit()
        assert len(r.code) == 4
        assert r.title
        assert r.summary
        assert r.basis
        assert r.name
        assert r.scope in ("report", "series", "reading")
        assert gd.rule(r.code) is r
    with pytest.raises(KeyError):
        gd.rule("Z999")


def test_series_finding_names_the_later_year() -> None:
    """A cross-year finding carries the year of the report its location refers to."""
    a, b = _c301()
    (finding,) = gd.validate_series([b, a])  # any order
    assert finding.year == b.year
    assert str(a.get("applications.carried_forward.natural_person")) in finding.message


def test_gap_message_names_the_missing_years() -> None:
    """C003 names the missing year once, or the missing range when several are missing."""
    (one,) = gd.validate_series(_c003())
    assert "缺少2023年度报告" in one.message
    assert one.year == 2024
    (many,) = gd.validate_series(
        [sample_report("2021", year=2021), sample_report("2021", year=2024)]
    )
    assert "缺少2022–2023年度报告" in many.message


@FAST
@given(consistent_series())
def test_consistent_series_has_no_findings(series: tuple[AnnualReport, AnnualReport]) -> None:
    """Two consistent consecutive reports whose links hold give no series finding."""
    assert gd.validate_series(list(series)) == []
    assert all(gd.validate(r) == [] for r in series)


@FAST
@given(consistent_series("2021"), st.sampled_from(range(7)), st.integers(1, 50))
def test_changed_carry_over_gives_one_c301(
    series: tuple[AnnualReport, AnnualReport], column: int, delta: int
) -> None:
    """Changing one detail of 二、上年结转 in the later year gives C301 at exactly that column."""
    a, b = series
    spec = table_spec("三", Edition.E2021)
    cell = spec.cell("carried_over", spec.columns[column].name)
    path = f"applications.{cell.path}"
    changed = _bump(b, path, delta)
    expected = {("C301", str(Location("三", cell.row.labels, cell.column.labels)))}
    assert pairs(gd.validate_series([a, changed])) == expected


# --- select / ignore / is_valid ------------------------------------------------------------


def _many_findings() -> AnnualReport:
    report = _bump(sample_report("2021"), "applications.received.natural_person")
    report = _replaced(report, "reviews.review.total", None)
    return attrs.evolve(report, problems=())


def test_select_and_ignore_take_code_prefixes() -> None:
    """select keeps and ignore drops findings by code prefix; both combine."""
    report = _many_findings()
    codes = {f.code for f in gd.validate(report)}
    assert codes == {"S001", "A301", "A303", "B001", "B002"}
    assert {f.code for f in gd.validate(report, select=["A"])} == {"A301", "A303"}
    assert {f.code for f in gd.validate(report, select=["A30"])} == {"A301", "A303"}
    assert {f.code for f in gd.validate(report, select=["A301", "S"])} == {"A301", "S001"}
    assert {f.code for f in gd.validate(report, ignore=["B"])} == {"S001", "A301", "A303"}
    assert {f.code for f in gd.validate(report, select=["A", "B"], ignore=["A303", "B001"])} == {
        "A301",
        "B002",
    }
    assert gd.validate(report, select=[]) == []


@pytest.mark.parametrize("prefix", ["Z", "A9", "S0010", "C9"])
def test_unknown_prefix_raises_value_error(prefix: str) -> None:
    """A prefix that starts no rule code is a ValueError, in select and ignore, for both APIs."""
    report = sample_report("2021")
    for call in (
        lambda: gd.validate(report, select=[prefix]),
        lambda: gd.validate(report, ignore=[prefix]),
        lambda: gd.validate_series([report], select=[prefix]),
        lambda: gd.validate_series([report], ignore=[prefix]),
    ):
        with pytest.raises(ValueError, match="no rule code"):
            call()


def test_series_scope_and_report_scope_are_separate() -> None:
    """validate runs only report rules and validate_series only series rules."""
    report = sample_report("2021")
    assert gd.validate(report, select=["C"]) == []
    assert gd.validate_series([report], select=["A"]) == []
    assert gd.validate_series([]) == []


def test_is_valid_ignores_warnings_and_info_but_not_errors() -> None:
    """is_valid is False for an error finding and True when only warnings/info remain."""
    assert gd.is_valid(sample_report("2021"))
    warned = _t2021(problems=(), other_matters=())
    assert {f.severity for f in gd.validate(warned)} == {Severity.WARNING}
    assert gd.is_valid(warned)
    assert gd.is_valid(gd.AnnualReport.blank(agency="某局", year=2024))
    assert not gd.is_valid(_bump(sample_report("2021"), "reviews.review.total"))


def test_findings_are_deterministic_and_in_registry_order() -> None:
    """validate returns the same list every time, ordered by registry then reading order."""
    report = _many_findings()
    first = gd.validate(report)
    assert first == gd.validate(report)
    order = [r.code for r in gd.RULES]
    positions = [order.index(f.code) for f in first]
    assert positions == sorted(positions)


def test_money_precision_limit_is_an_option() -> None:
    """P003 follows ValidationOptions.money_places."""
    report = _replaced(sample_report("2021"), "proactive.fees", Decimal("1.123"))
    assert gd.validate(report) == []
    strict = gd.ValidationOptions(money_places=2)
    (finding,) = gd.validate(report, options=strict)
    assert finding.code == "P003"
    assert "1.123" in finding.message


# --- blanks --------------------------------------------------------------------------------


def test_blank_detail_counts_as_zero() -> None:
    """A blank detail counts as 0: its row sum and its column's flow are checked without it."""
    report = sample_report("2021")
    old = report.get("applications.received.natural_person")
    total = report.get("applications.received.total")
    carried = report.get("applications.carried_over.natural_person")
    assert isinstance(old, int)
    assert isinstance(total, int)
    assert old > 0
    blanked = report.replace("applications.received.natural_person", None)
    findings = {(f.code, str(f.location)): f for f in gd.validate(blanked)}
    assert set(findings) == {
        ("B001", f"三/{ROW_1}"),
        ("A301", f"三/{ROW_1}/总计"),
        ("A303", "三/自然人"),
    }
    row = findings[("A301", f"三/{ROW_1}/总计")].message
    assert f"{total} ≠" in row
    assert row.endswith(str(total - old))
    assert f"（0 + {carried}）" in findings[("A303", "三/自然人")].message


def test_blank_detail_of_zero_value_gives_only_b001() -> None:
    """Blanking a detail whose value was 0 changes no sum: the only finding is B001."""
    report = sample_report("2021")
    report = report.replace("reviews.review.other", 0)
    report = report.replace(
        "reviews.review.total",
        sum(report.get(f"reviews.review.{k}") for k in ("upheld", "corrected", "pending")),  # type: ignore[misc]
    )
    assert gd.validate(report) == []
    blanked = report.replace("reviews.review.other", None)
    assert pairs(gd.validate(blanked)) == {("B001", "四")}


def test_blank_total_is_not_compared_and_b002_gives_its_value() -> None:
    """A blank 总计 is not compared even when its parts changed; B002 states the recomputed sum."""
    report = sample_report("2021")
    parts = sum(
        report.get(f"reviews.lawsuit_after_review.{k}")
        for k in ("upheld", "corrected", "other", "pending")
    )  # type: ignore[misc]
    blanked = report.replace("reviews.lawsuit_after_review.total", None)
    findings = gd.validate(blanked)
    assert pairs(findings) == {
        ("B001", "四"),
        ("B002", "四/行政诉讼/复议后起诉/总计"),
    }
    b002 = next(f for f in findings if f.code == "B002")
    assert str(parts) in b002.message
    assert b002.severity is Severity.INFO


def test_blank_row_total_is_recomputed_for_the_flow() -> None:
    """A blank 总计 of row 一 is recomputed from its row when the 总计 column's flow is checked."""
    report = sample_report("2021")
    blanked = report.replace("applications.received.total", None)
    blanked = _bump(blanked, "applications.received.other", 4)
    findings = pairs(gd.validate(blanked))
    assert ("A303", "三/总计") in findings
    assert ("A303", "三/法人或其他组织/其他") in findings
    assert not any(code == "A301" and ROW_1 in loc for code, loc in findings)


def test_all_blank_report_gets_only_structure_and_blank_findings() -> None:
    """A blank report has no arithmetic finding: nothing stated is nothing to compare; it is
    reported as stating no figure at all (S008)."""
    codes = {f.code for f in gd.validate(gd.AnnualReport.blank(agency="某局", year=2024))}
    assert codes == {"S001", "S008", "B001"}


# --- gov_disclosure.testing helpers ------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("key_form", [("二", "2019"), ("三", "2019"), ("三", "2021"), ("四", None)])
def test_consistent_values_satisfy_every_relation(seed: int, key_form: tuple[str, Any]) -> None:
    """consistent_values draws a table whose relations all hold and whose counts are not negative."""
    spec = table_spec(*key_form)
    values = consistent_values(spec, random.Random(seed), high=30)
    assert len(values) == len(spec.cells)
    for left, right in relation_sums(spec, values):
        assert left == right
    for cell, value in zip(spec.cells, values, strict=True):
        if cell.kind is gd.CellKind.COUNT:
            assert isinstance(value, int)
            assert value >= 0
    for a, b in spec.inequalities:
        assert values[a] <= values[b]  # type: ignore[operator]


def test_make_consistent_keeps_kept_cells_and_rejects_bad_input() -> None:
    """make_consistent balances a flow on a free cell, never a kept one, and checks its input."""
    spec = table_spec("三", Edition.E2021)
    received = spec.by_path["received.natural_person"].index
    carried = spec.by_path["carried_over.natural_person"].index
    granted = spec.by_path["granted.natural_person"].index
    values: list[Any] = [0] * len(spec.cells)
    values[granted] = 5
    free = make_consistent(spec, values)
    assert (free[received], free[carried]) == (0, 5)  # 二、上年结转 raised by default
    kept = make_consistent(spec, values, keep={carried})
    assert (kept[received], kept[carried]) == (5, 0)  # 一 raised when 二 is kept
    with pytest.raises(ValueError, match="kept"):
        make_consistent(spec, values, keep={received, carried})
    with pytest.raises(ValueError, match="cells"):
        make_consistent(spec, values[:-1])


# --- the rules are the only statement of their conditions -----------------------------------


def test_validate_applies_a_new_rule_to_every_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule added to the registry is run by validate on clean reports too (no fast path that
    could skip it)."""
    import gov_disclosure.rules as rules_module

    extra = gd.Rule(
        "X999",
        "always",
        "总是",
        Severity.INFO,
        "test",
        "fires on every report.",
        "report",
        lambda ctx: iter([(Location(), f"{ctx.report.year}")]),
    )
    monkeypatch.setattr(rules_module, "RULES", (*rules_module.RULES, extra))
    rules_module._selection.cache_clear()
    try:
        for report in (huaian_2024(), sample_report("2019")):
            assert [f.code for f in gd.validate(report)] == ["X999"]
    finally:
        rules_module._selection.cache_clear()


def test_every_relation_code_is_a_registered_rule() -> None:
    """The codes written next to the relations and cross-year links are rules of the registry,
    and every A-rule checks relations of the layout."""
    from gov_disclosure.statutory import CROSS_YEAR, all_table_specs

    codes = {r.code: r for r in gd.RULES}
    relation_codes = {r.code for s in all_table_specs() for r in s.relations}
    assert relation_codes <= codes.keys()
    assert {link.code for link in CROSS_YEAR} <= codes.keys()
    assert {c for c in codes if c.startswith("A")} == relation_codes
    assert all(codes[c].scope == "report" for c in relation_codes)


def test_generated_code_shows_its_source_in_tracebacks() -> None:
    """The straight-line relation checks are registered with linecache: a traceback through
    one shows the generated line."""
    import traceback

    from gov_disclosure.rules.checks import _plan

    spec = table_spec("四")
    with pytest.raises(TypeError) as info:
        _plan(spec).failing["A401"]([None] * len(spec.cells))
    text = "".join(traceback.format_exception(info.value))
    assert "<gov_disclosure generated" in text
    assert "if v[4] != v[0] + v[1] + v[2] + v[3]: bad.append(0)" in text


def test_code_is_generated_in_one_place_only() -> None:
    """Only gov_disclosure._codegen compiles source at run time (no other exec or compile)."""
    import re
    from pathlib import Path

    src = Path(gd.__file__).resolve().parent
    call = re.compile(r"(?<![\w.])(?:exec|eval|compile)\(")
    users = sorted(
        str(p.relative_to(src))
        for p in src.rglob("*.py")
        if call.search(p.read_text(encoding="utf-8"))
    )
    assert users == ["_codegen.py"]


def test_copies_that_agree_are_one_report() -> None:
    """Two copies of one year with the same figures give no finding, and the year is compared
    with the year before (here a broken carry-over is found once, not skipped)."""
    a, b = _pair("2021", 2023)
    broken = _bump(b, "applications.carried_over.natural_person")
    fragment = attrs.evolve(broken, proactive=None, reviews=None)  # a copy with table 三 only
    findings = gd.validate_series([a, broken, fragment, broken])
    assert [f.code for f in findings] == ["C301"]
    assert not gd.validate_series([a, b, b])


def test_copies_that_disagree_name_every_cell_and_copy() -> None:
    """One C005 finding for a year whose copies disagree: each differing cell with each copy's
    value, the names given, and the copy the cross-year checks read (the most cells read)."""
    a, b = _pair("2021", 2023)
    other = _bump(_bump(b, "applications.received.natural_person"), "reviews.review.upheld")
    short = attrs.evolve(other, proactive=None)
    (finding,) = gd.validate_series(
        [a, short, b], names=["a.toml", "b.pdf", "b.html"], select=["C005"]
    )
    assert finding.year == 2024
    assert str(finding.location) == f"三/{ROW_1}/自然人"
    n = b.get("applications.received.natural_person")
    upheld = b.get("reviews.review.upheld")
    assert f"b.pdf {n + 1}、b.html {n}" in finding.message
    assert f"b.pdf {upheld + 1}、b.html {upheld}" in finding.message
    assert "有2个单元格不一致" in finding.message
    assert finding.message.endswith("跨年核对按b.html进行")  # b.html read table 二 too


def test_copies_read_a_blank_and_a_placeholder_alike() -> None:
    """A cell printed "-" in one copy and left blank in the other agrees; an unreadable cell
    does not count against the copy that read a number there."""
    _, b = _pair("2021", 2023)
    path = "applications.received.natural_person"
    blank = b.replace(path, None)
    dash = attrs.evolve(blank, printed={path: "——"})
    unread = attrs.evolve(blank, printed={path: "12件（含转办）x"})
    assert not gd.validate_series([blank, dash], select=["C005"])
    assert not gd.validate_series([b, unread], select=["C005"])
    assert [f.code for f in gd.validate_series([b, dash], select=["C005"])] == ["C005"]
    assert [f.code for f in gd.validate_series([b, b.replace(path, 0), b])] == ["C005"]


def test_retired_code_is_accepted_and_selects_nothing() -> None:
    """C002 is retired: select and ignore accept it, rule() says what became of it."""
    a, b = _pair("2021", 2023)
    assert gd.validate_series([a, b, _bump(b, "reviews.review.upheld")], select=["C002"]) == []
    with pytest.raises(KeyError, match="retired"):
        gd.rule("C002")
