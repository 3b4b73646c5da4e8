"""The text against the tables: restated figures (N201/N301/N401), claims in words
(N302/N402), changes over the year (C203/C302/C402, in ``validate_series`` and the audit), the
set of report sentences they are measured on, and reading in linear time."""

from __future__ import annotations

import json
import time
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.audit import audit
from gov_disclosure.audit.work import report_from_state, report_state
from gov_disclosure.numbers import parse_chinese_number
from gov_disclosure.rules import narrative
from gov_disclosure.rules.narrative import claims, quotes
from gov_disclosure.testing import huaian_2024
from narrative_cases import reports, score


def said(report: gd.AnnualReport, *sentences: str) -> gd.AnnualReport:
    return attrs.evolve(report, overview=sentences)


def checked(report: gd.AnnualReport) -> list[tuple[str, str]]:
    return [(f.code, str(f.location)) for f in gd.validate(report, select=["N"])]


# --- the set of sentences ----------------------------------------------------------------------


def test_sentence_set_every_statement_checked_and_no_false_alarm() -> None:
    """Every restated figure, claim and change of the set is checked (a change to it is
    found) and no sentence that agrees with its tables, or speaks of another scope or year,
    gives a finding."""
    result = score()
    assert result.false_alarms == ()
    assert result.misses == ()
    assert result.statements == 68


def test_held_out_sentences_no_false_alarm() -> None:
    """The held-out sentences (written after the phrasings were settled): no false alarm; the
    one miss is a carry-over named by its year (``加上2023年结转的35件``), passed over as
    another year's figure."""
    result = score(held_out=True)
    assert result.false_alarms == ()
    assert result.misses == (
        "2024年度，市政府共接收政府信息公开申请3119件，加上2023年结转的35件。",
    )


# --- the kinds the phrasings were widened to -----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        (
            "本年新收3119件，上年结转34件，办理结果总计3050件，结转下年度继续办理103件。",
            ["received-new", "carried-over", "results-total", "carried-forward"],
        ),
        ("共收办政府信息公开申请案件1208件。", ["received"]),
        ("收到依申请信息公开19件。", ["received"]),
        ("全区共办理相关案件31件。", ["appeals-total"]),
        ("因本机关不掌握等原因无法提供96件。", ["unavailable"]),
        ("其中直接起诉26件，复议后起诉20件。", ["lawsuit-direct", "lawsuit-after-review"]),
    ],
)
def test_phrasings_recognised(sentence: str, names: list[str]) -> None:
    section = "四" if "案件31件" in sentence else "三"  # each table's own prose
    assert [q.phrase.name for q in quotes(section, 0, sentence, 2024)] == names


def test_sub_item_named_with_its_group_word() -> None:
    """``因本机关不掌握等原因无法提供769件`` restates （四）1 (769), not （四） in total (781):
    no finding; a wrong figure is located at the sub-item."""
    report = huaian_2024()
    assert checked(said(report, "全年收到申请3119件。因本机关不掌握等原因无法提供769件。")) == []
    assert checked(said(report, "全年收到申请3119件。因本机关不掌握等原因无法提供760件。")) == [
        ("N301", "三/三、本年度办理结果/（四）无法提供/1.本机关不掌握相关政府信息/总计")
    ]


def test_body_own_name_is_not_a_narrower_scope() -> None:
    """``某某街道共受理…`` in the report of 某某街道办事处 is compared; in another body's
    report it is a narrower scope and silent."""
    street = attrs.evolve(huaian_2024(), agency="某某街道办事处")
    sentence = "2024年某某街道共受理政府信息公开申请3000件。"
    assert checked(said(street, sentence)) == [("N301", "三/一、本年新收政府信息公开申请数量/总计")]
    assert checked(said(huaian_2024(), sentence)) == []


def test_appeals_in_total_across_table_four() -> None:
    """``相关案件`` after naming 复议 and 诉讼: 行政复议 + both 诉讼 groups (351 + 26 + 20)."""
    report = huaian_2024()
    text = "行政复议、行政诉讼方面，全市共办理相关案件{}件。"
    assert checked(said(report, text.format(397))) == []
    assert checked(said(report, text.format(390))) == [("N401", "四")]


# --- claims in words ----------------------------------------------------------------------------


def test_claims_name_the_cells_they_deny() -> None:
    report = huaian_2024()
    (finding,) = gd.validate(said(report, "本年度未发生行政诉讼。"), select=["N402"])
    assert str(finding.location) == "四/行政诉讼"
    assert "第一部分第1段第4字“本年度未发生行政诉讼。”" in finding.message
    assert "26" in finding.message
    assert "20" in finding.message
    (upheld,) = gd.validate(said(report, "行政复议案件均获维持。"), select=["N402"])
    assert str(upheld.location) == "四/行政复议"
    assert "结果纠正” 64" in upheld.message
    assert "尚未审结” 37" in upheld.message


def test_claim_of_no_correction_in_both_groups() -> None:
    """``未发生…行政复议被纠错或行政诉讼败诉…`` denies 结果纠正 in both groups (淮安: 64, 4 + 1)."""
    report = huaian_2024()
    text = "本年度未发生因政府信息公开被行政复议纠错或行政诉讼败诉的情况。"
    (finding,) = gd.validate(said(report, text), select=["N402"])
    assert str(finding.location) == "四"
    assert "“行政复议/结果纠正” 64" in finding.message
    assert "“行政诉讼/未经复议直接起诉/结果纠正” 4" in finding.message
    assert "“行政诉讼/复议后起诉/结果纠正” 1" in finding.message
    assert checked(said(reports()["quiet"], text)) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "各部门均未发生行政诉讼。",  # another scope
        "2023年未发生行政复议。",  # another year
        "力争未发生行政复议被纠错的情况。",  # an aim
        "全年未收取信息处理费。",  # （六）2 counts notices not paid: nothing was collected
    ],
)
def test_claims_silent_where_not_plain(sentence: str) -> None:
    assert checked(said(huaian_2024(), sentence)) == []


def test_claim_of_concluded_cases_only_denies_corrected() -> None:
    """``已审结的…均获维持`` says nothing of the pending cases."""
    report = reports()["quiet"].replace("reviews.review.pending", 2)
    assert checked(said(report, "行政复议已审结的案件均获维持。")) == []
    assert checked(said(report, "行政复议案件均获维持。")) == [("N402", "四/行政复议/尚未审结")]


def test_claims_of_a_blank_table_are_not_compared() -> None:
    report = huaian_2024()
    for path in ("reviews.review.total", "reviews.review.upheld", "reviews.review.corrected"):
        report = report.replace(path, None)
    report = report.replace("reviews.review.other", None).replace("reviews.review.pending", None)
    assert checked(said(report, "本年度未发生行政复议。")) == []


# --- changes over the year ------------------------------------------------------------------------


def test_change_over_the_year_in_series() -> None:
    """``较上年减少9件`` against the previous year's report: exact for counts, to the printed
    places for percentages; the finding names the later year, the sentence and the cell."""
    before, now = reports()["huaian-2023"], huaian_2024()
    good = said(now, "全年共收到政府信息公开申请3119件，同比增长2.4%，较上年增加73件。")
    assert gd.validate_series([before, good], select=["C302"]) == []
    bad = said(now, "全年共收到政府信息公开申请3119件，较上年减少9件。")
    (finding,) = gd.validate_series([bad, before], select=["C302"])
    assert finding.year == 2024
    assert str(finding.location) == "三/一、本年新收政府信息公开申请数量/总计"
    assert "较上年减少9件" in finding.message
    assert "3046" in finding.message
    assert "实为增加73件" in finding.message


@pytest.mark.parametrize(
    ("before", "now", "text", "agrees"),
    [
        (95, 86, "同比下降9.5%", True),  # 9.47 → 9.5
        (95, 86, "同比下降9.4%", True),  # cut, not rounded
        (95, 86, "同比下降9.47%", True),
        (95, 86, "同比下降9.6%", False),
        (95, 86, "同比增长9.5%", False),  # the wrong way
        (95, 86, "较上年减少9件", True),
        (95, 86, "较上年减少8件", False),
        (86, 86, "与上年持平", True),
        (85, 86, "与上年持平", False),
        (0, 86, "同比增长100%", True),  # a percentage of nothing: not compared
    ],
)
def test_change_arithmetic(before: int, now: int, text: str, agrees: bool) -> None:
    earlier = reports()["huaian-2023"].replace("applications.received.total", before)
    later = huaian_2024().replace("applications.received.total", now)
    report = said(later, f"全年共收到政府信息公开申请{now}件，{text}。")
    found = gd.validate_series([earlier, report], select=["C302"])
    assert (found == []) is agrees


def test_change_without_the_previous_cell_is_silent() -> None:
    earlier = reports()["huaian-2023"]
    for column in ("natural_person", "commercial", "research", "nonprofit", "legal_services"):
        earlier = earlier.replace(f"applications.received.{column}", None)
    earlier = earlier.replace("applications.received.other", None)
    earlier = earlier.replace("applications.received.total", None)
    report = said(huaian_2024(), "全年共收到政府信息公开申请3119件，较上年减少9件。")
    assert gd.validate_series([earlier, report], select=["C302"]) == []


def test_change_across_editions() -> None:
    """A 2019-form previous year: table 三's paths the two forms share are compared."""
    earlier = attrs.evolve(gd.load(Path(__file__).parents[1] / "examples/hongze-2023.json"))
    later = attrs.evolve(huaian_2024(), agency=earlier.agency).replace(
        "applications.received.total", 25
    )
    ok = said(later, "全年共受理政府信息公开申请25件，较上年增加4件。")
    assert gd.validate_series([earlier, ok], select=["C302"]) == []
    wrong = said(later, "全年共受理政府信息公开申请25件，较上年增加5件。")
    assert [f.code for f in gd.validate_series([earlier, wrong], select=["C302"])] == ["C302"]


def test_state_keeps_only_the_paragraphs_with_a_change() -> None:
    """The audit's cross-year state keeps the paragraphs that may state a change, in place."""
    report = said(huaian_2024(), "本年度工作稳步推进。", "共受理申请3119件，同比增长2.4%。")
    back = report_from_state(report_state(report))
    assert back.overview == ("", "共受理申请3119件，同比增长2.4%。")
    assert back.problems == ()
    assert back.applications is not None
    assert back.applications.prose == ()


def test_audit_year_pairs_check_changes(tmp_path: Path) -> None:
    """The audit's year pairs give the change findings, on the later year's file."""
    root = tmp_path / "reports"
    root.mkdir()
    gd.dump(reports()["huaian-2023"], root / "2023.toml")
    later = said(
        huaian_2024(), "本年度工作稳步推进。", "全年共收到政府信息公开申请3119件，较上年减少9件。"
    )
    gd.dump(later, root / "2024.toml")
    audit([root], tmp_path / "out", jobs=1)
    lines = (tmp_path / "out" / "findings.jsonl").read_text("utf-8").splitlines()
    found = [json.loads(line) for line in lines]
    changes = [f for f in found if f["code"] == "C302"]
    assert len(changes) == 1
    assert changes[0]["file"].endswith("2024.toml")
    assert "第一部分第2段" in changes[0]["message"]


# --- linear time, once per report --------------------------------------------------------------------


def _cpu(report: gd.AnnualReport) -> float:
    start = time.process_time()
    gd.validate(report, select=["N"])
    return time.process_time() - start


@pytest.mark.parametrize(
    "unit",
    [
        "全年共受理政府信息公开申请3119件。",  # many sentences
        "全年共受理政府信息公开申请3119件，",  # one long sentence
        "受理申请3119件予以公开一二三四五",  # no punctuation at all
        "未发生行政诉讼，行政复议均获维持，",  # claims
    ],
)
def test_reading_grows_linearly(unit: str) -> None:
    """Doubling a paragraph (to about 60 KB) about doubles the work; quadratic work (4×, as
    before) fails. CPU time, the best of three runs of each size taken in turns, measured up to
    three times, so that a busy machine does not decide."""
    n = 30_000 // len(unit)
    small, large = said(huaian_2024(), unit * n), said(huaian_2024(), unit * 2 * n)
    ratios = []
    for _ in range(3):
        times = [(_cpu(small), _cpu(large)) for _ in range(3)]
        ratios.append(min(t for _, t in times) / min(t for t, _ in times))
        if ratios[-1] < 3:
            return
    pytest.fail(f"doubling the text multiplied the time by {ratios}")


def test_statements_collected_once_per_report(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[gd.AnnualReport] = []
    collect = narrative.report_statements

    def counted(
        report: gd.AnnualReport,
    ) -> tuple[list[narrative.Quote], list[narrative.ClaimQuote]]:
        calls.append(report)
        return collect(report)

    monkeypatch.setattr(narrative, "report_statements", counted)
    gd.validate(said(huaian_2024(), "全年共收到政府信息公开申请3000件。"))
    assert len(calls) == 1


# --- any text ------------------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "受理",
        "申请",
        "共",
        "件",
        "条",
        "，",
        "。",
        "其中",
        "各部门",
        "2023年",
        "未发生",
        "行政复议",
        "行政诉讼",
        "均获维持",
        "无法提供",
        "不掌握",
        "同比增长",
        "%",
        "较上年减少",
        "3119",
        "一百",
        "余",
        "本年新收",
        "相关案件",
        "结转",
        "下年度",
        " ",
        "１２",
        "第",
        "3,1",
        "近",
    ]
)


@given(st.lists(_WORDS, max_size=40).map("".join))
def test_any_text_is_read_without_error(text: str) -> None:
    """Any text: no exception; every figure's offset is where its number starts."""
    for q in quotes("一", 0, text, 2024):
        start = text[q.offset :]
        assert start[:1].isdigit() or start[:1] in "零〇一二两三四五六七八九十百千万"
        assert isinstance(q.value, int)
    for c in claims("四", 0, text, 2024):
        assert 0 <= c.offset < len(text)
    gd.validate(said(huaian_2024(), text))


def test_chinese_numerals_parse_as_the_figure() -> None:
    (q,) = quotes("一", 0, "全年共收到政府信息公开申请三千一百一十九件。", 2024)
    assert q.value == parse_chinese_number("三千一百一十九") == 3119


def test_the_quoted_figures_are_collected_once_per_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """validate reads the report's text once for all the narrative rules (one per table and the
    claims), not once per rule."""
    from gov_disclosure.rules import narrative
    from gov_disclosure.rules.narrative import ClaimQuote, Quote

    calls: list[object] = []
    collect = narrative.report_statements

    def counted(report: gd.AnnualReport) -> tuple[list[Quote], list[ClaimQuote]]:
        calls.append(report)
        return collect(report)

    monkeypatch.setattr(narrative, "report_statements", counted)
    report = gd.load(Path(__file__).resolve().parents[1] / "examples" / "huaian-2024.toml")
    assert report.overview
    assert gd.validate(report) == []
    assert len(calls) == 1
    wrong = report.replace("applications.received.total", 3118)
    assert any(f.code.startswith("N") for f in gd.validate(wrong))
    assert len(calls) == 2
