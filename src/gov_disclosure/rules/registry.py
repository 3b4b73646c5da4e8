"""The rule registry: one immutable tuple, every rule with a stable code.

Codes are a letter for the kind and three digits; the first digit names the section (0 for
the report as a whole): ``S`` structure, ``A`` arithmetic (勾稽关系), ``P`` plausibility,
``B`` blank cells, ``C`` consistency across years, ``N`` narrative (figures quoted in the text
against the tables). A code is never reused for another rule.
"""

from __future__ import annotations

from ..findings import Severity
from ..statutory import Edition
from . import checks, narrative, series, wording
from .reading import READING_RULES
from .rule import Rule

# An implementation module (docs/reference/api.md): __all__ lists only the names a public module re-exports.
__all__ = ["RETIRED", "RULES", "Rule", "rule"]

_REGULATION = "《中华人民共和国政府信息公开条例》"
_FORMAT = "《中华人民共和国政府信息公开工作年度报告格式》"


ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

_CHECKS: tuple[Rule, ...] = (
    Rule(
        "S001",
        "narrative-missing",
        "文字部分缺失",
        WARN,
        f"{_REGULATION}第五十条",
        "Sections 一 (总体情况), 五 (存在的主要问题及改进情况) and 六 (其他需要报告的事项) are "
        "required content of every report; a section with no text is reported.",
        "report",
        checks.check_narrative_missing,
    ),
    Rule(
        "S002",
        "table-missing",
        "统计表缺失",
        ERR,
        f"{_REGULATION}第五十条；{_FORMAT}",
        "Sections 二, 三 and 四 are reported as the statutory tables 二, 三 and 四 of the format; "
        "a report without one of them does not follow the format.",
        "report",
        checks.check_table_missing,
    ),
    Rule(
        "S003",
        "mixed-forms",
        "格式混用",
        WARN,
        _FORMAT,
        "Each table is stored in the form it was printed in. A table whose form differs from the "
        "report's edition (e.g. table 二 of 2021 with table 三 of 2019, as some published reports "
        "do) is representable and reported, never coerced.",
        "report",
        checks.check_mixed_forms,
    ),
    Rule(
        "S004",
        "cell-not-numeric",
        "单元格不是数字",
        WARN,
        _FORMAT,
        "Every statutory cell holds a number. A cell printed as a placeholder (“-”, “/”, “——”, "
        "“无”) or other text is kept as printed text with a blank value and reported.",
        "report",
        checks.check_placeholder,
    ),
    Rule(
        "S005",
        "cell-annotated",
        "单元格带附注",
        INFO,
        _FORMAT,
        "A cell printed with extra text around its number (“22（其中修订 16 件）”) keeps the "
        "number as its value and the whole text as printed; the annotation is reported.",
        "report",
        checks.check_annotated,
    ),
    Rule(
        "S006",
        "edition-year",
        "格式与年度不符",
        INFO,
        "；".join(e.document for e in Edition),
        "Each edition applies from the reports on its first year (the 2021 format from the 2021 "
        "reports, published early 2022). A report in an edition that does not apply to its year "
        "(e.g. a later report in the 2019 form, or an earlier one in the 2021 form) is reported.",
        "report",
        checks.check_edition_year,
    ),
    Rule(
        "S007",
        "agency-missing",
        "未写明机关",
        WARN,
        f"{_REGULATION}第四十九条、第五十条",
        "A report is the report of one body; a report whose 机关名称 is empty is reported. A "
        "warning: an empty agency in a read report is often the reader's (R002 says where).",
        "report",
        checks.check_agency_missing,
    ),
    Rule(
        "S008",
        "no-figures",
        "未填报任何数字",
        WARN,
        f"{_REGULATION}第五十条；{_FORMAT}",
        "A report in which no table states a single figure (every cell blank, or no table at "
        "all) reports nothing of sections 二–四. A warning, since B001 and S002 say the details.",
        "report",
        checks.check_no_figures,
    ),
    Rule(
        "S009",
        "year-mismatch",
        "年份不一致",
        WARN,
        f"{_REGULATION}第四十九条（上一年度报告）",
        "The year in the printed title and the statistics period printed in section 一 "
        "(“统计期限自2023年1月1日起至2023年12月31日止”) must be the report's year; one that "
        "is not (a template of the previous year left unchanged) is reported.",
        "report",
        wording.check_year_mismatch,
    ),
    Rule(
        "S010",
        "publication-deadline",
        "逾期公布",
        WARN,
        f"{_REGULATION}第四十九条",
        "Where the publication date is known and ValidationOptions.body names the kind of body, "
        'a report published after its deadline is reported: 县级以上人民政府部门 ("department") '
        'by 1月31日, 县级以上地方人民政府 ("government") by 3月31日 of the following year. '
        "Not checked by default (body None).",
        "report",
        wording.check_publication_deadline,
    ),
    Rule(
        "S501",
        "problems-too-short",
        "问题及改进情况过简",
        WARN,
        f"{_REGULATION}第五十条第（四）项",
        "Section 五 must name the main problems and how they are being improved. A section 五 that "
        "says only “无” (or 暂无, 没有) or a single sentence of fewer than 30 characters is "
        "reported.",
        "report",
        wording.check_problems_too_short,
    ),
    Rule(
        "A301",
        "t3-row-sum",
        "表三各行总计",
        ERR,
        f"{_FORMAT} 表三“总计”列",
        "In every row of table 三, 总计 equals the sum of the six applicant columns (自然人 and the "
        "five 法人或其他组织 columns). Blank applicant cells count as 0; a blank 总计 is not "
        "compared (B002 reports the value it would have).",
        "report",
        checks.arithmetic("A301"),
    ),
    Rule(
        "A302",
        "t3-results-sum",
        "表三办理结果总计",
        ERR,
        f"{_FORMAT} 表三“（七）总计”行",
        "In every column of table 三, （七）总计 equals the sum of all outcome rows: （一）, （二）, "
        "the sub-items of （三）, （四）, （五） and （六） (or the single （六） row of the 2019 form). "
        "Blank outcome cells count as 0; a blank （七）总计 is not compared.",
        "report",
        checks.arithmetic("A302"),
    ),
    Rule(
        "A303",
        "t3-flow",
        "表三列勾稽关系",
        ERR,
        f"{_FORMAT} 表三表头注“本列数据的勾稽关系”",
        "In every column of table 三: 一（本年新收） + 二（上年结转） = 三（七）总计 + 四（结转下年度"
        "继续办理）, as the note in the table header states. Blank cells count as 0 and a blank "
        "total is recomputed from its parts; a column with nothing stated is skipped.",
        "report",
        checks.arithmetic("A303"),
    ),
    Rule(
        "A401",
        "t4-sum",
        "表四总计",
        ERR,
        f"{_FORMAT} 表四",
        "For 行政复议, for 行政诉讼/未经复议直接起诉 and for 行政诉讼/复议后起诉: 总计 = 结果维持 + "
        "结果纠正 + 其他结果 + 尚未审结. Blank parts count as 0; a blank 总计 is not compared.",
        "report",
        checks.arithmetic("A401"),
    ),
    Rule(
        "P001",
        "negative-count",
        "数量为负",
        ERR,
        _FORMAT,
        "Counts of documents, decisions, requests and cases cannot be negative. Only the 2019 "
        "column 本年增/减 may hold a negative number (a decrease).",
        "report",
        checks.check_negative_count,
    ),
    Rule(
        "P002",
        "negative-amount",
        "金额为负",
        ERR,
        _FORMAT,
        "Amounts (2021 本年收费金额, 2019 采购总金额) cannot be negative.",
        "report",
        checks.check_negative_amount,
    ),
    Rule(
        "P003",
        "money-precision",
        "金额精度",
        WARN,
        "（格式未规定，可配置）",
        "Amounts are in 万元. An amount with more decimal places than ValidationOptions."
        "money_places (default 6, i.e. 1 分) is implausible and usually a unit mistake. The format "
        "fixes no precision, so the limit is a setting.",
        "report",
        checks.check_money_precision,
    ),
    Rule(
        "P004",
        "published-exceeds-total",
        "新公开数量超过总数量",
        WARN,
        "2019年格式 表二 第二十条第（一）项",
        "In the 2019 table 二, 本年新公开数量 should not exceed 对外公开总数量 for 规章 and 规范性文件.",
        "report",
        checks.check_published_exceeds_total,
    ),
    Rule(
        "P201",
        "t2-items-negative",
        "项目数量增减后为负",
        ERR,
        "2019年格式 表二",
        "2019 table 二: 上一年项目数量 + 本年增/减 is the number of items at the end of the year "
        "and cannot be negative (行政许可, 其他对外管理服务事项, 行政处罚, 行政强制, 行政事业性收费).",
        "report",
        checks.check_items_negative,
    ),
    Rule(
        "P202",
        "t2-procurement-mismatch",
        "采购项目数量与金额不匹配",
        WARN,
        "2019年格式 表二 第二十条第（九）项",
        "2019 table 二, 政府集中采购: 采购项目数量 and 采购总金额 are both zero or both non-zero; "
        "projects without an amount, or an amount without projects, is reported.",
        "report",
        checks.check_procurement_mismatch,
    ),
    Rule(
        "B001",
        "blank-cells",
        "空白单元格",
        INFO,
        "docs/format.md, Invariants (blank cells)",
        "A blank cell is not a zero: the model keeps it as None. Each table row with blank cells "
        "is reported once. In sums a blank detail counts as 0; a blank total is recomputed.",
        "report",
        checks.check_blank_cells,
    ),
    Rule(
        "B002",
        "blank-total",
        "总计可补全",
        INFO,
        "docs/format.md, Invariants (blank cells)",
        "A blank total cell whose parts are (at least partly) stated can be completed from them; "
        "gov_disclosure.complete() fills it. The finding gives the value it would take.",
        "report",
        checks.check_blank_total,
    ),
    Rule(
        "B003",
        "blank-results-total",
        "办理结果总计空白",
        WARN,
        f"{_FORMAT} 表三“（七）总计”行",
        "A blank （七）总计 of table 三 in a column whose outcome rows are not all zero: the "
        "report states results but not their total, which readers and the flow 一 + 二 = 三（七）"
        " + 四 rely on. A warning (B002 also gives the value it would take).",
        "report",
        checks.check_blank_results_total,
    ),
    Rule(
        "N201",
        "narrative-table-2",
        "文字与表二不符",
        WARN,
        f"{_REGULATION}第五十条",
        "A figure quoted in the text in a recognised phrasing (“公开规章X件”, “行政规范性文件X件”) "
        "differs from the table-二 cell it restates. See “Narrative against tables” below.",
        "report",
        narrative.narrative("二"),
    ),
    Rule(
        "N301",
        "narrative-table-3",
        "文字与表三不符",
        WARN,
        f"{_REGULATION}第五十条",
        "A figure quoted in the text in a recognised phrasing (“共收到政府信息公开申请X件”, "
        "“予以公开X件”, “结转下年度X件”, …) differs from every table-三 cell (or sum) it may "
        "restate. See “Narrative against tables” below.",
        "report",
        narrative.narrative("三"),
    ),
    Rule(
        "N302",
        "narrative-claim-table-3",
        "文字所述与表三不符",
        WARN,
        f"{_REGULATION}第五十条",
        "A claim in words that table 三 denies: “未发出收费通知” or “不收取信息处理费” while "
        "（六）2 (申请人逾期未按收费通知要求缴纳费用) counts requests. “未收取信息处理费” alone "
        "is not compared: the row counts fee notices not paid, so nothing was collected. See "
        "“Narrative against tables” below.",
        "report",
        narrative.claim_check("三"),
    ),
    Rule(
        "N401",
        "narrative-table-4",
        "文字与表四不符",
        WARN,
        f"{_REGULATION}第五十条",
        "A figure quoted in the text in a recognised phrasing (“被申请行政复议X件”, “行政诉讼X件” "
        "= 直接起诉 + 复议后起诉, “结果维持X件”, …) differs from the table-四 cell (or sum) it "
        "restates. See “Narrative against tables” below.",
        "report",
        narrative.narrative("四"),
    ),
    Rule(
        "N402",
        "narrative-claim-table-4",
        "文字所述与表四不符",
        WARN,
        f"{_REGULATION}第五十条",
        "A claim in words that table 四 denies: “未发生行政复议/行政诉讼” (or “均为零”) with a "
        "non-zero 总计 of the groups named; “均获维持” with 结果纠正 or 尚未审结 cases in the group "
        "the sentence names (“已审结的均获维持”: 结果纠正 only); “未发生…被纠错” with 结果纠正 "
        "cases. See “Narrative against tables” below.",
        "report",
        narrative.claim_check("四"),
    ),
    Rule(
        "C001",
        "series-agency",
        "机关不一致",
        WARN,
        "docs/format.md, Cross-year links",
        "Cross-year checks compare reports of one body. Reports whose 机关名称 name different "
        "bodies are still compared (a body may be renamed) but reported; a name printed with or "
        "without its parents' place names, spaces, or 人民政府 shortened to 政府 is the same body, "
        "and so is a name with a short form (上海市科委 for 上海市科学技术委员会) or one the "
        "user's table of names (--aliases) pairs with it.",
        "series",
        series.check_agency,
    ),
    Rule(
        "C003",
        "series-gap",
        "年度不连续",
        INFO,
        "docs/format.md, Cross-year links",
        "Cross-year relations link consecutive years only; a report whose previous year is "
        "missing from the series is not compared.",
        "series",
        series.check_gap,
    ),
    Rule(
        "C201",
        "t2-in-force-roll",
        "现行有效件数结转",
        WARN,
        "2021年格式 表二（第三方核对惯例）",
        "2021 table 二: 现行有效件数(t) = 现行有效件数(t−1) + 本年制发件数(t) − 本年废止件数(t), "
        "for 规章 and 行政规范性文件. It can legitimately break (机构改革, clean-ups), so it warns.",
        "series",
        lambda s: series.links("C201", s),
    ),
    Rule(
        "C202",
        "t2-items-roll",
        "上一年项目数量结转",
        WARN,
        "2019年格式 表二",
        "2019 table 二: 上一年项目数量(t) = 上一年项目数量(t−1) + 本年增/减(t−1) for 行政许可, "
        "其他对外管理服务事项, 行政处罚, 行政强制 and 行政事业性收费. A warning.",
        "series",
        lambda s: series.links("C202", s),
    ),
    Rule(
        "C203",
        "t2-narrative-change",
        "文字所述同比变化与上年表二不符",
        WARN,
        f"{_REGULATION}第五十条",
        "A change over the year stated right after a figure of table 二 restated in the text "
        "(“制发规范性文件12件，同比增加3件”) differs from the change from the previous year's report: counts exactly, "
        "percentages to their printed places (rounded or cut). Silent where the previous "
        "year's cells are blank or any reading of the figure agrees.",
        "series",
        lambda s: series.changes("二", s),
    ),
    Rule(
        "C301",
        "t3-carry-over",
        "上年结转与结转下年度",
        ERR,
        f"{_FORMAT} 表三",
        "Table 三: 二、上年结转政府信息公开申请数量 of year t equals 四、结转下年度继续办理 of year "
        "t−1, in every column, for the same body. Blank totals are recomputed; a cell with "
        "nothing stated on either side is skipped.",
        "series",
        lambda s: series.links("C301", s),
    ),
    Rule(
        "C302",
        "t3-narrative-change",
        "文字所述同比变化与上年表三不符",
        WARN,
        f"{_REGULATION}第五十条",
        "A change over the year stated right after a figure of table 三 restated in the text "
        "(“共收到申请86件，较上年减少9件”, “同比增长2.4%”) differs from the change from the previous year's report: counts exactly, "
        "percentages to their printed places (rounded or cut). Silent where the previous "
        "year's cells are blank or any reading of the figure agrees.",
        "series",
        lambda s: series.changes("三", s),
    ),
    Rule(
        "C402",
        "t4-narrative-change",
        "文字所述同比变化与上年表四不符",
        WARN,
        f"{_REGULATION}第五十条",
        "A change over the year stated right after a figure of table 四 restated in the text "
        "(“被申请行政复议12件，同比下降20%”) differs from the change from the previous year's report: counts exactly, "
        "percentages to their printed places (rounded or cut). Silent where the previous "
        "year's cells are blank or any reading of the figure agrees.",
        "series",
        lambda s: series.changes("四", s),
    ),
    Rule(
        "C004",
        "series-link-blank",
        "跨年核对一方空白",
        INFO,
        "docs/format.md, Cross-year links",
        "A cross-year link (C201, C202, C301) whose cells are stated on one side but blank (and "
        "not recomputable) on the other cannot be checked; it is reported rather than skipped "
        "silently. A link with nothing stated on either side is not reported.",
        "series",
        series.blank_links,
    ),
    Rule(
        "C005",
        "series-copies-differ",
        "同一年度报告副本不一致",
        ERR,
        "docs/format.md, Cross-year links",
        "Reports of one body and year are copies of one report (a web page and its PDF, a "
        "re-post): when their statutory cells agree they are one report, read once. Copies that "
        "disagree are reported once, naming every differing cell with each copy's value and "
        "the copy the cross-year checks read (the one that read the most cells). A blank and a "
        "placeholder read alike; a cell one copy lacks (a table it does not have, a cell it "
        "could not read) does not count against the others. Replaces C002.",
        "series",
        series.check_copies,
    ),
)

RULES: tuple[Rule, ...] = _CHECKS + READING_RULES
"""Every rule and reading code, in code order within each kind."""

_BY_CODE = {r.code: r for r in RULES}

RETIRED: dict[str, str] = {
    "C002": "series-duplicate-year: two reports of one year were an error and left out of the "
    "cross-year checks; copies of one report are now read once, and copies that disagree are "
    "C005",
}
"""Codes no rule has any more (never reused), with what became of each: ``select`` and
``ignore`` accept them and they select nothing."""


def rule(code: str) -> Rule:
    """The rule with this code."""
    try:
        return _BY_CODE[code]
    except KeyError:
        if code in RETIRED:
            raise KeyError(f"rule code {code!r} is retired ({RETIRED[code]})") from None
        raise KeyError(f"no rule with code {code!r}") from None
