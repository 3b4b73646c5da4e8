"""Tests for gov_disclosure.cells: to_cells, from_cells and complete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import AnnualReport, Edition
from gov_disclosure.cells import StatutoryCell, from_cells
from gov_disclosure.statutory import table_spec
from gov_disclosure.testing import blank_report, report_from_tables, sample_report
from strategies import FAST, any_reports, consistent_reports

Loader = Callable[[str], dict[str, Any]]


def mixed(t2: str, t3: str, edition: str = "2021") -> AnnualReport:
    """A blank report with table 二 in form ``t2`` and table 三 in form ``t3``."""
    specs = [table_spec("二", t2), table_spec("三", t3), table_spec("四")]
    return report_from_tables(
        [(s, [None] * len(s.cells)) for s in specs], agency="某局", year=2023, edition=edition
    )


def addresses(cells: Any) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(table, row, column) of every cell, as tuples."""
    return [(c["table"], tuple(c["row"]), tuple(c["column"])) for c in cells]


def as_cells(report: AnnualReport) -> list[tuple[str, tuple[str, ...], tuple[str, ...], Any]]:
    """The report's cells as 4-tuples (table, row, column, value)."""
    return [(c.table, c.row, c.column, c.value) for c in gd.to_cells(report)]


def without_prose(report: AnnualReport) -> AnnualReport:
    """The report with the prose of its tables removed (cells carry no prose)."""
    changes = {t.spec().attr: attrs.evolve(t, prose=()) for t in report.tables() if t.prose != ()}
    return attrs.evolve(report, **changes)


def fields_of(report: AnnualReport) -> dict[str, Any]:
    """The non-table fields of a report, for from_cells."""
    return {
        name: getattr(report, name)
        for name in ("title", "published", "overview", "problems", "other_matters", "printed")
    }


# --- to_cells ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("t2", "t3", "count"),
    [("2019", "2019", 198), ("2021", "2021", 200), ("2021", "2019", 186), ("2019", "2021", 212)],
)
def test_cell_counts_per_form(t2: str, t3: str, count: int) -> None:
    """to_cells yields 198/200 cells for the editions and 10+161+15 / 22+175+15 for the mixes."""
    cells = list(gd.to_cells(mixed(t2, t3)))
    assert len(cells) == count
    assert [c.table for c in cells].count("四") == 15


def test_missing_table_yields_no_cells() -> None:
    """A report without table 三 yields only the cells of 二 and 四."""
    report = attrs.evolve(sample_report("2021"), applications=None)
    assert [c.table for c in gd.to_cells(report)] == ["二"] * 10 + ["四"] * 15


def test_hand_picked_addresses_of_format_section_10() -> None:
    """A few addresses of docs/format.md (cell addresses) spelled out by hand, at their reading-order positions."""
    c2021 = list(gd.to_cells(blank_report("2021")))
    assert c2021[0][:3] == ("二", ("第二十条第（一）项", "规章"), ("本年制发件数",))
    assert c2021[9][:3] == (
        "二",
        ("第二十条第（八）项", "行政事业性收费"),
        ("本年收费金额（单位：万元）",),
    )
    assert c2021[10][:3] == ("三", ("一、本年新收政府信息公开申请数量",), ("自然人",))
    assert c2021[11][:3] == (
        "三",
        ("一、本年新收政府信息公开申请数量",),
        ("法人或其他组织", "商业企业"),
    )
    assert c2021[171][:3] == ("三", ("三、本年度办理结果", "（七）总计"), ("自然人",))
    assert c2021[164][:3] == (
        "三",
        ("三、本年度办理结果", "（六）其他处理", "3.其他"),
        ("自然人",),
    )
    assert c2021[199][:3] == ("四", (), ("行政诉讼", "复议后起诉", "总计"))
    c2019 = list(gd.to_cells(blank_report("2019")))
    assert c2019[7][:3] == ("二", ("第二十条第（五）项", "行政许可"), ("本年增/减",))
    assert c2019[21][:3] == ("二", ("第二十条第（九）项", "政府集中采购"), ("采购总金额",))
    assert c2019[162][:3] == ("三", ("三、本年度办理结果", "（六）其他处理"), ("自然人",))
    assert c2019[183][:3] == ("四", (), ("行政复议", "结果维持"))


def test_cells_carry_their_model_paths() -> None:
    """Each cell's path reads back the same value through report.get."""
    report = sample_report("2019")
    for cell in gd.to_cells(report):
        assert isinstance(cell, StatutoryCell)
        assert report.get(cell.path) == cell.value
    assert len({c.path for c in gd.to_cells(report)}) == 198


@pytest.mark.parametrize(
    ("stem", "t2", "t3"),
    [
        ("00_huzhu-tongjiju_2023", "2019", "2019"),
        ("01_huaian-shizhengfu_2024", "2021", "2021"),
        ("02_hongze-quzhengfu_2023", "2021", "2019"),
    ],
)
def test_addresses_follow_the_expected_files(
    load_expected: Loader, stem: str, t2: str, t3: str
) -> None:
    """to_cells lists the addresses of docs/format.md (cell addresses) in the order of the corpus's expected files."""
    expected = load_expected(stem)
    assert (expected["t2_form"], expected["t3_form"]) == (t2, t3)
    got = [c[:3] for c in gd.to_cells(mixed(t2, t3))]
    assert got == addresses(expected["cells"])


def test_other_mix_addresses_combine_the_two_editions(load_expected: Loader) -> None:
    """二 of 2019 with 三 of 2021 lists 00's 二 addresses, then 01's 三 and 四 addresses."""
    e2019 = addresses(load_expected("00_huzhu-tongjiju_2023")["cells"])
    e2021 = addresses(load_expected("01_huaian-shizhengfu_2024")["cells"])
    expected = [a for a in e2019 if a[0] == "二"] + [a for a in e2021 if a[0] != "二"]
    assert [c[:3] for c in gd.to_cells(mixed("2019", "2021"))] == expected


# --- from_cells ------------------------------------------------------------------------------


def test_from_cells_accepts_to_cells_output() -> None:
    """from_cells is the inverse of to_cells: it takes the StatutoryCell records as they come."""
    report = sample_report("2021")
    rebuilt = from_cells(
        gd.to_cells(report),
        agency=report.agency,
        year=report.year,
        edition=report.edition,
        **fields_of(report),
    )
    assert rebuilt == without_prose(report)


@FAST
@given(any_reports())
def test_from_cells_inverts_to_cells(report: AnnualReport) -> None:
    """from_cells(to_cells(r)) rebuilds every table in its own form (blanks, mixes, negatives)."""
    rebuilt = from_cells(
        as_cells(report),
        agency=report.agency,
        year=report.year,
        edition=report.edition,
        **fields_of(report),
    )
    assert rebuilt == without_prose(report)
    assert [type(t) for t in rebuilt.tables()] == [type(t) for t in report.tables()]


def test_from_cells_picks_the_form_holding_every_address() -> None:
    """A table whose addresses exist only in the 2019 form is built in that form."""
    report = mixed("2021", "2019", edition="2021")
    rebuilt = from_cells(as_cells(report), agency="某局", year=2023, edition="2021")
    assert type(rebuilt.applications) is gd.Applications2019
    assert type(rebuilt.proactive) is gd.Proactive2021


def test_from_cells_prefers_the_edition_when_both_forms_fit() -> None:
    """Cells common to both forms (row 一 of table 三) take the report's edition's form."""
    cells = [
        c for c in as_cells(sample_report("2021")) if c[1] == ("一、本年新收政府信息公开申请数量",)
    ]
    for edition, cls in (("2019", gd.Applications2019), ("2021", gd.Applications2021)):
        report = from_cells(cells, agency="某局", year=2020, edition=edition)
        assert type(report.applications) is cls
        assert report.proactive is None
        assert report.reviews is None


def test_from_cells_rejects_unknown_and_mixed_addresses() -> None:
    """An address of no form, or a table mixing both forms' addresses, is a KeyError."""
    with pytest.raises(KeyError, match="no statutory cell"):
        from_cells([("三", ("不存在",), ("自然人",), 1)], agency="某局", year=2024, edition="2021")
    c2019 = [c for c in as_cells(blank_report("2019")) if c[0] == "三"]
    c2021 = [c for c in as_cells(blank_report("2021")) if c[0] == "三"]
    only_2019 = [c for c in c2019 if c not in c2021]
    only_2021 = [c for c in c2021 if c not in c2019]
    with pytest.raises(KeyError, match="mix"):
        from_cells(only_2019 + only_2021, agency="某局", year=2024, edition="2021")


# --- complete -------------------------------------------------------------------------------


def _total_paths(report: AnnualReport) -> list[str]:
    return [
        f"{t.spec().attr}.{t.spec().cells[i].path}"
        for t in report.tables()
        for i in t.spec().totals
    ]


@FAST
@given(consistent_reports(), st.data())
def test_complete_restores_blanked_totals(report: AnnualReport, data: st.DataObject) -> None:
    """Blanking any totals of a consistent report and completing it gives the report back."""
    paths = data.draw(st.lists(st.sampled_from(_total_paths(report)), unique=True), label="blank")
    blanked = report
    for path in paths:
        blanked = blanked.replace(path, None)
    completed = gd.complete(blanked)
    assert completed == report
    assert gd.validate(completed) == []
    assert not [f for f in gd.validate(blanked) if f.code.startswith("A")]


def test_complete_fills_totals_from_stated_parts_only() -> None:
    """complete() fills a blank total with the sum of its stated parts, blank parts as 0."""
    report = blank_report("2021")
    report = report.replace("applications.received.natural_person", 3)
    report = report.replace("applications.received.other", 4)
    report = report.replace("reviews.review.upheld", 2)
    completed = gd.complete(report)
    assert completed.get("applications.received.total") == 7
    assert completed.get("reviews.review.total") == 2
    assert completed.get("applications.total.natural_person") is None  # no outcome stated
    assert completed.get("applications.received.commercial") is None  # details stay blank
    assert completed.get("reviews.lawsuit_direct.total") is None


def test_complete_never_overwrites_a_stated_total() -> None:
    """A stated total is kept even when it is wrong; validate still reports it."""
    report = sample_report("2021")
    wrong = report.get("reviews.review.total") + 5  # type: ignore[operator]
    report = report.replace("reviews.review.total", wrong)
    report = report.replace("applications.received.total", None)
    completed = gd.complete(report)
    assert completed.get("reviews.review.total") == wrong
    assert completed.get("applications.received.total") is not None
    assert {f.code for f in gd.validate(completed)} == {"A401"}


def test_complete_leaves_an_all_blank_row_blank() -> None:
    """A row whose cells are all blank stays blank; a blank report is unchanged."""
    report = sample_report("2021")
    for column in table_spec("三", Edition.E2021).columns:
        report = report.replace(f"applications.refused.third_party.{column.name}", None)
    completed = gd.complete(report)
    assert completed.applications is not None
    assert completed.applications.refused.third_party == gd.ApplicantCounts()
    blank = blank_report("2019")
    assert gd.complete(blank) == blank


def test_complete_keeps_prose_and_metadata() -> None:
    """complete() changes only blank totals: prose, printed text and metadata survive."""
    report = sample_report("2019").replace("applications.total.total", None)
    report = attrs.evolve(report, printed={"applications.total.total": "-"})
    completed = gd.complete(report)
    assert completed == attrs.evolve(
        sample_report("2019"), printed={"applications.total.total": "-"}
    )


def test_complete_then_validate_has_no_arithmetic_findings() -> None:
    """A report whose only defect was blank totals has no A-finding once completed."""
    report = sample_report("2021")
    for path in ("applications.total.total", "applications.received.total", "reviews.review.total"):
        report = report.replace(path, None)
    # a blank （七）总计 with results also warns (B003)
    assert {f.code for f in gd.validate(report)} == {"B001", "B002", "B003"}
    assert gd.validate(gd.complete(report)) == []


def test_sum_relations_are_kept_on_the_spec() -> None:
    """The sum relations of a table form are derived once and kept on its spec (no cache keyed
    by the spec's identity): the same tuple every time, the SUM relations in declaration order,
    and an equal spec built anew derives its own."""
    from gov_disclosure.cells import sum_relations
    from gov_disclosure.statutory import RelationKind, all_table_specs

    for spec in all_table_specs():
        found = sum_relations(spec)
        assert found is spec.sum_relations is sum_relations(spec)
        assert found == tuple(r for r in spec.relations if r.kind is RelationKind.SUM)
        assert bool(found) is (spec.key != "二")  # table 二 has no totals
        again = attrs.evolve(spec)
        assert again == spec
        assert hash(again) == hash(spec)
        assert sum_relations(again) == found
        assert sum_relations(again) is not found or not found  # () is a singleton
