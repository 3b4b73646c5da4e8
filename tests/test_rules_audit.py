"""The checks auditors make by hand (issue 10): narrative against tables (N201/N301/N401),
table 二 plausibility (P201/P202), section content (S009/S501), the publication deadline (S010),
blank totals and blank cross-year links (B003/C004), an empty agency and no figure (S007/S008)."""

from __future__ import annotations

import datetime
import importlib.util
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import gov_disclosure as gd
from gov_disclosure import AnnualReport, Severity
from gov_disclosure.rules.narrative import quotes
from gov_disclosure.testing import huaian_2024, sample_report
from strategies import follow

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
REPORTS = sorted(CORPUS.glob("0[0-5]_*")) if CORPUS.is_dir() else []
NO_CORPUS = "../shared/corpus is not here"
HAS_PDF = (
    importlib.util.find_spec("pypdfium2") is not None
    or importlib.util.find_spec("pdfplumber") is not None
)


def said(*sentences: str, report: AnnualReport | None = None) -> AnnualReport:
    base = report if report is not None else sample_report("2021")
    return attrs.evolve(base, overview=sentences)


def narrative(report: AnnualReport) -> list[gd.Finding]:
    return gd.validate(report, select=["N"])


def codes(findings: list[gd.Finding]) -> list[str]:
    return [f.code for f in findings]


# --- narrative: the figures agree or the sentence restates no cell ----------------------------


def test_huaian_narrative_agrees_with_its_tables() -> None:
    """淮安 2024: 受理 3119, 办结 3050, 上年结转 34, 103 结转下一年度 — all restate their cells."""
    report = huaian_2024()
    recognised = [q.phrase.name for q in quotes("一", 0, report.overview[0], 2024)]
    assert recognised == ["received", "carried-over", "results-total", "carried-forward-after"]
    assert narrative(report) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # 一 + 二 (3119 + 34) rather than 一: an alternative reading of 共受理
        "2024年全市共受理政府信息公开申请3153件。",
        # 答复…（含上年度结转）restates （七）总计, the 34 restates 二, the 103 restates 四
        "全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复）。",
        # 行政诉讼 = 直接起诉 + 复议后起诉 (26 + 20); the parts sum over both groups
        "政府信息公开行政诉讼46件，其中结果维持25件，结果纠正5件，其他结果9件，尚未审结7件。",
        "政府信息公开行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，尚未审结37件。",
        # Chinese numerals
        "全年共收到政府信息公开申请三千一百一十九件。",
    ],
)
def test_agreeing_sentences_give_no_finding(sentence: str) -> None:
    report = said(sentence, report=huaian_2024())
    assert [q for q in quotes("一", 0, sentence, 2024)]  # recognised, and compared
    assert narrative(report) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # a narrower scope: the office on behalf of the government (洪泽区 2024: 17 vs 95)
        "2024年，区政府办代表区政府受理政府信息公开申请17件，均已在法定期限内予以答复。",
        "全年备案各部门行政复议案件8件。",
        "各部门共受理政府信息公开申请500件。",
        # part of the work
        "全年共受理政府信息公开申请3119件，其中通过网络办结11件。",
        # approximate, another year, a comparison
        "全年主动公开政府信息5500余条。",
        "2023年共受理政府信息公开申请2000件。",
        "全年受理政府信息公开申请同比增长20%，达4000件。",
        # restates no cell
        "全年主动公开政府信息1136条。",
        "其他处理319件（含申请人主动撤回157件）。",
    ],
)
def test_silent_sentences(sentence: str) -> None:
    """Sentences about another scope, part of the work, another year, or no cell: silent."""
    report = said("全年收到的申请见下表。", sentence, report=huaian_2024())
    assert narrative(report) == []


def test_disagreeing_figure_names_sentence_and_cell() -> None:
    """A wrong restated figure gives N301 at the cell, naming section, paragraph and offset."""
    report = said(
        "本年度工作稳步推进。", "2024年，全市共受理政府信息公开申请3000件。", report=huaian_2024()
    )
    (finding,) = narrative(report)
    assert finding.code == "N301"
    assert finding.severity is Severity.WARNING
    assert str(finding.location) == "三/一、本年新收政府信息公开申请数量/总计"
    assert "第一部分第2段第20字" in finding.message
    assert "3000件" in finding.message
    assert "3119" in finding.message
    assert "3153" in finding.message  # the other reading (一 + 二) is named too


@pytest.mark.parametrize(
    ("sentence", "code", "location"),
    [
        ("全年予以公开200件。本年共收到申请3119件。", None, None),
        (
            "全年收到申请3119件，予以公开200件。",
            "N301",
            "三/三、本年度办理结果/（一）予以公开/总计",
        ),
        (
            "全年收到申请3119件，不予公开一百件。",
            "N301",
            "三/三、本年度办理结果/（三）不予公开/总计",
        ),
        ("全年收到申请3119件，结转下年度继续办理100件。", "N301", "三/四、结转下年度继续办理/总计"),
        ("政府信息公开行政诉讼40件。", "N401", "四/行政诉讼"),
        ("被申请行政复议300件，其中结果纠正6件。", "N401", "四/行政复议/总计"),
        ("全年制发规章2件。", "N201", "二/第二十条第（一）项/规章/本年制发件数"),
    ],
)
def test_each_table_is_compared(sentence: str, code: str | None, location: str | None) -> None:
    found = narrative(said(sentence, report=huaian_2024()))
    if code is None:  # 予以公开 before any mention of 申请: not compared
        assert found == []
        return
    assert (found[0].code, str(found[0].location)) == (code, location)


def test_table_prose_and_other_sections_are_read() -> None:
    report = huaian_2024()
    assert report.applications is not None
    changed = attrs.evolve(
        report,
        applications=attrs.evolve(report.applications, prose=("全年共收到政府信息公开申请10件。",)),
    )
    (finding,) = narrative(changed)
    assert "第三部分第1段" in finding.message


def test_blank_cells_are_not_compared() -> None:
    report = huaian_2024().replace("applications.received.natural_person", None)
    report = report.replace("applications.received.total", None)
    report = report.replace("applications.carried_over.total", None)
    report = report.replace("applications.carried_over.natural_person", None)
    # 一 总计 recomputes from its stated parts: compared; 一 + 二 needs a blank detail: not
    found = narrative(said("全年共受理政府信息公开申请3119件。", report=report))
    assert codes(found) == ["N301"]


# --- the corpus ------------------------------------------------------------------------------


@pytest.mark.skipif(not REPORTS, reason=NO_CORPUS)
@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name[:2])
def test_corpus_narratives_give_no_false_finding(path: Path) -> None:
    """Every corpus report (00–05): its narrative agrees with its tables or is passed over."""
    if path.suffix == ".pdf" and not HAS_PDF:
        pytest.skip("the pdf extra is not installed")
    report = gd.parse(path).report
    assert narrative(report) == []


@pytest.mark.skipif(not REPORTS, reason=NO_CORPUS)
def test_corpus_hongze_2024_narrower_scope_is_silent() -> None:
    """洪泽区 2024: 区政府办代表区政府受理…17件 against 95 in table 三 is not a finding."""
    path = CORPUS / "03_hongze-quzhengfu_2024.pdf"
    if not HAS_PDF:
        pytest.skip("the pdf extra is not installed")
    report = gd.parse(path).report
    assert report.applications is not None
    assert report.applications.received.total == 95
    assert any("代表区政府受理政府信息公开申请 17 件" in p for p in report.overview)
    assert gd.validate(report, select=["N"]) == []


@pytest.mark.skipif(not REPORTS, reason=NO_CORPUS)
def test_corpus_huaian_figures_are_recognised_and_agree() -> None:
    """淮安 2024 as published: 15 figures recognised in section 一, every one agreeing."""
    if not HAS_PDF:
        pytest.skip("the pdf extra is not installed")
    report = gd.parse(CORPUS / "01_huaian-shizhengfu_2024.pdf").report
    found = [q for i, p in enumerate(report.overview) for q in quotes("一", i, p, 2024)]
    assert len(found) == 15
    assert narrative(report) == []


# --- S009, S501, S010 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("报告中所列数据统计期限自2023年1月1日起至2023年12月31日止。", True),
        ("本年度报告中所列数据的统计周期为 2023 年 1 月 1 日至 12 月 31 日。", True),
        ("统计期限自二〇二三年一月一日起至二〇二三年十二月三十一日止。", True),
        ("报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。", False),
        ("统计期限为 2024年 1 月 1 日至 12 月 31 日。", False),
    ],
)
def test_statistics_period_year(text: str, hit: bool) -> None:
    found = gd.validate(said(text), select=["S009"])
    assert [str(f.location) for f in found] == (["一"] if hit else [])


def test_title_with_the_right_year_is_silent() -> None:
    report = attrs.evolve(sample_report("2021"), title="某局2024年政府信息公开工作年度报告")
    assert gd.validate(report, select=["S009"]) == []


@pytest.mark.parametrize(
    ("problems", "hit"),
    [
        (("无",), True),
        (("暂无。",), True),
        (("工作还有不足。",), True),
        (("政策解读的形式还不够丰富，政务新媒体运维管理还需加强，下一步将完善审核流程。",), False),
        (("解读不够。", "将增加图解。"), False),
    ],
)
def test_problems_section_content(problems: tuple[str, ...], hit: bool) -> None:
    found = gd.validate(attrs.evolve(sample_report("2021"), problems=problems), select=["S5"])
    assert codes(found) == (["S501"] if hit else [])


@pytest.mark.parametrize(
    ("body", "published", "hit"),
    [
        ("department", datetime.date(2025, 1, 31), False),
        ("department", datetime.date(2025, 2, 1), True),
        ("government", datetime.date(2025, 3, 31), False),
        ("government", datetime.date(2025, 4, 1), True),
        (None, datetime.date(2026, 1, 1), False),
        ("government", None, False),
    ],
)
def test_publication_deadline(body: str | None, published: datetime.date | None, hit: bool) -> None:
    report = attrs.evolve(sample_report("2021"), published=published)  # a 2024 report
    options = gd.ValidationOptions(body=body)  # type: ignore[arg-type]
    assert codes(gd.validate(report, options=options, select=["S010"])) == (["S010"] if hit else [])


def test_body_setting_is_checked() -> None:
    with pytest.raises(ValueError, match="body"):
        gd.ValidationOptions(body="ministry")  # type: ignore[arg-type]


# --- P201, P202, B003, C004, S007, S008 --------------------------------------------------------


def test_items_and_procurement_plausibility() -> None:
    report = sample_report("2019")
    assert gd.validate(report.replace("proactive.licensing.change", -3), select=["P2"]) == []
    assert gd.validate(report.replace("proactive.licensing.change", None), select=["P2"]) == []
    both_zero = report.replace("proactive.procurement.projects", 0).replace(
        "proactive.procurement.amount", Decimal(0)
    )
    assert gd.validate(both_zero, select=["P2"]) == []
    (finding,) = gd.validate(report.replace("proactive.procurement.projects", 0), select=["P2"])
    assert str(finding.location) == "二/第二十条第（九）项/政府集中采购/采购项目数量"


def test_blank_results_total_warns_only_with_results() -> None:
    report = gd.AnnualReport.blank(agency="某局", year=2024)
    assert gd.validate(report, select=["B003"]) == []
    report = report.replace("applications.granted.natural_person", 2)
    (finding,) = gd.validate(report, select=["B003"])
    assert str(finding.location) == "三/三、本年度办理结果/（七）总计/自然人"
    assert finding.severity is Severity.WARNING


def test_blank_cross_year_link_is_reported_unless_both_sides_are_blank() -> None:
    a, b = follow(sample_report("2021", year=2023), sample_report("2021", year=2024))
    assert gd.validate_series([a, b]) == []
    blank_before = a.replace("applications.carried_forward.natural_person", None)
    found = gd.validate_series([blank_before, b], select=["C004"])
    assert [str(f.location) for f in found] == ["三/二、上年结转政府信息公开申请数量/自然人"]
    assert "2023年四、结转下年度继续办理自然人为空" in found[0].message
    both = b.replace("applications.carried_over.natural_person", None)
    assert gd.validate_series([blank_before, both], select=["C004"]) == []


def test_empty_agency_and_no_figures() -> None:
    assert codes(gd.validate(attrs.evolve(sample_report("2021"), agency=" "), select=["S007"])) == [
        "S007"
    ]
    no_tables = attrs.evolve(sample_report("2021"), proactive=None, applications=None, reviews=None)
    (finding,) = gd.validate(no_tables, select=["S008"])
    assert "没有任何统计表" in finding.message
