"""Sentences as reports write them, with the tables they speak of: the measure of the narrative
checks (precision and recall), used by tests/test_narrative_cases.py and printed by
``python tests/narrative_cases.py``.

The tables are the figures of real reports (淮安市人民政府 2024: ``testing.huaian_2024``;
洪泽区人民政府 2023: ``examples/hongze-2023.json``) and variants of them; the sentences are
written for this set in the styles reports use (none is copied from a report).

* ``FIGURES``: sentences restating figures, each restated figure marked ``{3119}``. Stated as
  marked, a sentence must give no finding (a false alarm otherwise); with one marked figure
  changed (+1), a finding must name it (a miss otherwise).
* ``SILENT``: sentences about another scope or year, an approximate figure, part of the work,
  or an aim: their figures do not match the tables, and no finding may come of them.
* ``CLAIMS``: a claim in words, with a report where it holds (no finding) and one where the
  table denies it (a finding of ``code``).
* ``CHANGES``: a change over the year (marked ``{2.4}``) checked against a previous year's
  report: as marked, no finding; the marked amount changed, a finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path

import attrs

import gov_disclosure as gd
from gov_disclosure import AnnualReport
from gov_disclosure.testing import huaian_2024

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _set(report: AnnualReport, **cells: int | None) -> AnnualReport:
    for path, value in cells.items():
        report = report.replace(path.replace("__", "."), value)
    return report


@cache
def reports() -> dict[str, AnnualReport]:
    """The tables the sentences speak of, by name."""
    huaian = huaian_2024()
    hongze = gd.load(EXAMPLES / "hongze-2023.json")
    quiet = _set(  # 淮安 with table 四 all upheld, no lawsuit, no fee notice
        huaian,
        reviews__review__upheld=3,
        reviews__review__corrected=0,
        reviews__review__other=0,
        reviews__review__pending=0,
        reviews__review__total=3,
        reviews__lawsuit_direct__corrected=0,
        reviews__lawsuit_after_review__corrected=0,
        applications__other__unpaid_fees__total=0,
    )
    return {
        "huaian": huaian,
        "hongze": hongze,
        "street": attrs.evolve(huaian, agency="淮安市清江浦区某某街道办事处"),
        "quiet": quiet,
        "huaian-2023": _set(  # a previous year for the changes
            attrs.evolve(huaian, year=2023),
            applications__received__total=3046,
            reviews__review__total=390,
            proactive__normative_documents__issued=8,
            proactive__regulations__issued=2,
        ),
    }


# (report, section, sentence): section 一 is the overview, 三 and 四 the tables' own prose
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("huaian", "一", "2024年，全市共收到政府信息公开申请{3119}件，上年结转{34}件。"),
    (
        "huaian",
        "三",
        "本年新收{3119}件，上年结转{34}件，办理结果总计{3050}件，结转下年度继续办理{103}件。",
    ),
    ("huaian", "一", "全年共收办政府信息公开申请案件{3119}件，均在法定期限内答复。"),
    ("huaian", "一", "全年收到依申请信息公开{3119}件。"),
    (
        "huaian",
        "三",
        "从办理结果看，予以公开{1362}件，部分公开{454}件，不予公开{178}件，无法提供{781}件，"
        "不予处理{88}件，其他处理{187}件。",
    ),
    ("huaian", "三", "因本机关不掌握等原因无法提供{769}件。"),
    ("huaian", "三", "不予公开的申请中，属于国家秘密的{2}件，保护第三方合法权益的{6}件。"),
    ("huaian", "三", "不予处理的申请中，信访举报投诉类申请{62}件，重复申请{25}件。"),
    ("huaian", "三", "申请人逾期不补正的{71}件，逾期未缴纳信息处理费的{6}件。"),
    ("huaian", "一", "依申请公开工作中，予以公开及部分公开{1816}件，占办结总数的59.5%。"),
    ("huaian", "四", "全市共办理相关案件{397}件。"),
    ("huaian", "一", "全年行政复议和行政诉讼案件共{397}件。"),
    (
        "huaian",
        "一",
        "本年度被申请行政复议{351}件，其中结果维持{72}件、结果纠正{64}件、其他结果{178}件、"
        "尚未审结{37}件。",
    ),
    ("huaian", "四", "发生行政诉讼案件{46}件，其中直接起诉{26}件，复议后起诉{20}件。"),
    ("huaian", "一", "全年办结政府信息公开申请{3050}件，另有{103}件结转至2025年办理。"),
    ("huaian", "一", "2024年市政府制发行政规范性文件{8}件，出台规章{1}件。"),
    ("huaian", "一", "淮安市人民政府全年共受理政府信息公开申请{3119}件。"),
    ("huaian", "一", "我市全年新收申请{3119}件，加上上年结转的{34}件，共需办理{3153}件。"),
    ("huaian", "三", "本年度受理的申请中，予以公开{1362}件，同意部分公开{454}件。"),
    ("huaian", "一", "全年共答复政府信息公开申请{3050}件，{103}件顺延至下一年度答复。"),
    ("hongze", "一", "2023年，洪泽区人民政府共受理政府信息公开申请{21}件，全部按时答复。"),
    (
        "hongze",
        "三",
        "洪泽区政府全年新收依申请公开{21}件，部分公开{4}件，不予公开{3}件，无法提供{13}件，"
        "不予处理{1}件。",
    ),
    ("hongze", "三", "因本机关不掌握相关政府信息而无法提供的{10}件，需要另行制作的{3}件。"),
    ("street", "一", "2024年某某街道共受理政府信息公开申请{3119}件。"),
    ("street", "一", "某某街道办事处全年收到信息公开申请{3119}件。"),
)

# (report, sentence): about another scope or year, approximate, part of the work, or no cell
SILENT: tuple[tuple[str, str], ...] = (
    ("huaian", "全市各部门共受理政府信息公开申请500件。"),
    ("huaian", "区政府办代表区政府受理政府信息公开申请17件。"),
    ("huaian", "2023年共受理政府信息公开申请2000件。"),
    ("huaian", "上年度收到政府信息公开申请3046件。"),
    ("huaian", "全年共收到申请3119件，较上年减少9件。"),
    ("huaian", "全年主动公开政府信息约5500条。"),
    ("huaian", "各级行政机关共被申请行政复议120件。"),
    ("huaian", "街道、乡镇共收到政府信息公开申请300件。"),
    ("huaian", "截至2024年底，现行有效行政规范性文件60件。"),
    ("huaian", "指导下属单位办理政府信息公开申请40件。"),
    ("huaian", "全年共受理政府信息公开申请3119件，其中网上申请2500件，信函申请619件。"),
    ("huaian", "近三年累计受理政府信息公开申请9000件。"),
    ("huaian", "市信访局转办的政府信息公开申请12件。"),
    ("huaian", "全市各县区共受理政府信息公开申请8000件。"),
    ("huaian", "其中，涉及征地拆迁类申请1200件。"),
    ("huaian", "平均每月受理政府信息公开申请260件。"),
    ("huaian", "全年共受理政府信息公开申请3119件，其中当年办结3000件。"),
    ("huaian", "收到政府信息公开申请3100余件。"),
    ("huaian", "下一步，力争未发生行政复议被纠错的情况。"),
    ("huaian", "各部门均未发生行政诉讼。"),
    ("huaian", "2023年未发生行政复议。"),
    ("huaian", "全年未收取信息处理费。"),
    ("huaian", "全年受理政府信息公开申请同比增长20%，达4000件。"),
    ("huaian", "全年共收到政府信息公开申请3119件，较2023年的3046件有所增加。"),
    ("street", "辖区内各社区共受理政府信息公开申请50件。"),
)

# (report where it holds, report where the table denies it, sentence, code)
CLAIMS: tuple[tuple[str, str, str, str], ...] = (
    ("hongze", "huaian", "本年度未发生因政府信息公开引起的行政复议、行政诉讼。", "N402"),
    ("hongze", "huaian", "全年无政府信息公开行政复议和行政诉讼案件。", "N402"),
    ("hongze", "huaian", "政府信息公开行政复议、行政诉讼案件均为0件。", "N402"),
    ("quiet", "huaian", "本年度发生政府信息公开行政复议3件，均获维持。", "N402"),
    ("quiet", "huaian", "未发生行政诉讼败诉案件。", "N402"),
    ("quiet", "huaian", "本机关不收取信息处理费，未发出收费通知。", "N302"),
    ("hongze", "huaian", "未发生行政复议。", "N402"),
    ("quiet", "huaian", "行政复议已审结的案件均被维持。", "N402"),
)

# (previous report, current report, sentence, code): the marked amount is the change stated
CHANGES: tuple[tuple[str, str, str, str], ...] = (
    ("huaian-2023", "huaian", "全年共收到政府信息公开申请3119件，同比增长{2.4}%。", "C302"),
    ("huaian-2023", "huaian", "共受理政府信息公开申请3119件，较上年增加{73}件。", "C302"),
    ("huaian-2023", "huaian", "被申请行政复议351件，同比下降{10}%。", "C402"),
    ("huaian-2023", "huaian", "被申请行政复议351件，比上年减少{39}件。", "C402"),
    ("huaian-2023", "huaian", "全年受理政府信息公开申请3119件（同比增长{2.40}%）。", "C302"),
    ("huaian-2023", "huaian", "制发规章1件，同比减少{1}件。", "C203"),
)


# A second set, written after the phrasings above were settled and measured before any change
# to them (the numbers docs/rules.md gives as "held out"): the same kinds, other wordings.
HELD_OUT_FIGURES: tuple[tuple[str, str, str], ...] = (
    ("huaian", "一", "全年受理各类政府信息公开申请{3119}件，同比基本持平。"),
    ("huaian", "三", "2024年度，市政府共接收政府信息公开申请{3119}件，加上2023年结转的{34}件。"),
    ("huaian", "三", "全年已办结{3050}件，尚有{103}件结转到下一年度继续办理。"),
    ("huaian", "三", "在答复结果中，同意公开{1362}件，部分公开{454}件，无法提供{781}件。"),
    ("huaian", "三", "不予处理{88}件，其中信访举报投诉类申请{62}件。"),
    ("huaian", "三", "本机关不掌握相关政府信息的{769}件，没有现成信息需要另行制作的{11}件。"),
    ("huaian", "四", "本年度共发生政府信息公开行政复议案件{351}件，行政诉讼案件{46}件。"),
    ("huaian", "四", "行政复议案件中，结果维持{72}件，结果纠正{64}件。"),
    ("huaian", "四", "行政诉讼中，尚未审结{7}件。"),
    ("huaian", "一", "全年共收到政府信息公开申请{3,119}件。"),
    ("huaian", "一", "淮安市政府2024年受理政府信息公开申请{3119}件。"),
    ("huaian", "一", "全年新制发规范性文件{8}件。"),
    ("hongze", "三", "全年收到政府信息公开申请{21}件，无上年结转。"),
    ("hongze", "三", "其中部分公开{4}件，不予公开{3}件，无法提供{13}件，不予处理{1}件。"),
    ("street", "一", "某某街道本年度受理依申请公开{3119}件。"),
)

HELD_OUT_SILENT: tuple[tuple[str, str], ...] = (
    ("huaian", "全市政务公开系统共受理政府信息公开申请15000件。"),
    ("huaian", "自2008年以来共受理政府信息公开申请30000余件。"),
    ("huaian", "市政府办公室受理政府信息公开申请120件。"),
    ("huaian", "2025年预计受理政府信息公开申请3500件。"),
    ("huaian", "其中自然人申请2900件，法人或其他组织申请219件。"),
    ("huaian", "全市十个县区共受理政府信息公开申请6000件。"),
    ("huaian", "全年共受理政府信息公开申请3119件，其中予以公开1000件。"),
    ("huaian", "行政复议被纠错率同比下降5个百分点。"),
    ("huaian", "全年各地共发生行政诉讼100件，均获胜诉。"),
    ("huaian", "力争全年无行政诉讼败诉案件。"),
)

HELD_OUT_CLAIMS: tuple[tuple[str, str, str, str], ...] = (
    ("hongze", "huaian", "本年度本机关未发生政府信息公开行政复议和行政诉讼案件。", "N402"),
    ("quiet", "huaian", "全年行政复议案件全部维持原行政行为。", "N402"),
    ("hongze", "huaian", "本年度没有发生因政府信息公开被申请行政复议的情况。", "N402"),
    ("quiet", "huaian", "本年度无政府信息公开行政诉讼被纠错案件。", "N402"),
)

_MARK = re.compile(r"\{([0-9.,]+)\}")


@attrs.frozen
class Score:
    """What the checks found on the set."""

    statements: int
    """Restated figures, claims and changes to be checked (each one mutation)."""
    found: int
    """Of those, how many a finding named when the table or text disagreed."""
    findings: int
    """Findings on sentences that agree with their tables or restate none: false alarms."""
    misses: tuple[str, ...]
    false_alarms: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.found / self.statements

    @property
    def precision(self) -> float:
        return self.found / (self.found + self.findings) if self.found + self.findings else 1.0


_ATTRS = {"一": "overview", "三": "applications", "四": "reviews"}


def _said(report: AnnualReport, section: str, text: str) -> AnnualReport:
    attr = _ATTRS[section]
    if section == "一":
        return attrs.evolve(report, overview=(text,))
    table = getattr(report, attr)
    return attrs.evolve(report, **{attr: attrs.evolve(table, prose=(text,))})


def _variants(text: str) -> list[tuple[str, int]]:
    """The text with each marked figure changed, and the offset of the changed figure."""
    out = []
    for m in _MARK.finditer(text):
        value = Decimal(m.group(1).replace(",", ""))
        changed = str(value + (1 if value == value.to_integral() else Decimal("0.3")))
        before = _MARK.sub(r"\1", text[: m.start()])
        out.append((before + changed + _MARK.sub(r"\1", text[m.end() :]), len(before)))
    return out


def score(
    validate: Callable[[AnnualReport], list[gd.Finding]] | None = None,
    series: Callable[[list[AnnualReport]], list[gd.Finding]] | None = None,
    *,
    held_out: bool = False,
) -> Score:
    """Run the set, or the held-out set (with the library's ``validate(select=["N"])`` and
    ``validate_series`` unless others are given)."""
    figures, silent, claims, changes = (
        (HELD_OUT_FIGURES, HELD_OUT_SILENT, HELD_OUT_CLAIMS, ())
        if held_out
        else (FIGURES, SILENT, CLAIMS, CHANGES)
    )
    check = validate or (lambda r: gd.validate(r, select=["N"]))
    across = series or (lambda rs: gd.validate_series(rs, select=["C203", "C302", "C402"]))
    known = reports()
    statements = found = 0
    misses: list[str] = []
    alarms: list[str] = []
    for name, section, text in figures:
        plain = _MARK.sub(r"\1", text)
        if check(_said(known[name], section, plain)):
            alarms.append(plain)
        for changed, offset in _variants(text):
            statements += 1
            hits = [f for f in check(_said(known[name], section, changed)) if f.code[0] == "N"]
            if any(f"第{offset + 1}字" in f.message for f in hits):
                found += 1
            else:
                misses.append(changed)
    for name, text in silent:
        if check(_said(known[name], "一", text)):
            alarms.append(text)
    for good, bad, text, code in claims:
        statements += 1
        if check(_said(known[good], "一", text)):
            alarms.append(text)
        if any(f.code == code for f in check(_said(known[bad], "一", text))):
            found += 1
        else:
            misses.append(text)
    for before, now, text, code in changes:
        plain = _MARK.sub(r"\1", text)
        if across([known[before], _said(known[now], "一", plain)]):
            alarms.append(plain)
        for changed, _ in _variants(text):
            statements += 1
            if any(
                f.code == code for f in across([known[before], _said(known[now], "一", changed)])
            ):
                found += 1
            else:
                misses.append(changed)
    return Score(statements, found, len(alarms), tuple(misses), tuple(alarms))


if __name__ == "__main__":
    import sys

    result = score(held_out="--held-out" in sys.argv)
    print(f"statements {result.statements}, found {result.found}, false alarms {result.findings}")
    print(f"precision {result.precision:.3f}, recall {result.recall:.3f}")
    for miss in result.misses:
        print("missed:", miss)
    for alarm in result.false_alarms:
        print("false alarm:", alarm)
