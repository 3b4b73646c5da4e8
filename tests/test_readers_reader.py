"""The reader of published reports: label-anchored rows, forms, cells and every reading finding."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

import pytest

import gov_disclosure as gd
from gov_disclosure import Edition
from gov_disclosure.errors import ParseError
from gov_disclosure.readers import Parsed, parse
from gov_disclosure.statutory import table_spec
from test_readers_scan import _as_scan  # a report read as if from a scan

T3 = {form: table_spec("三", form) for form in Edition}
T2_2021 = [
    "第二十条第（一）项",
    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
    "规章\t1\t0\t5",
    "行政规范性文件\t2\t1\t9",
    "第二十条第（五）项",
    "信息内容\t本年处理决定数量",
    "行政许可\t97",
    "第二十条第（六）项",
    "信息内容\t本年处理决定数量",
    "行政处罚\t3",
    "行政强制\t0",
    "第二十条第（八）项",
    "信息内容\t本年收费金额（单位：万元）",
    "行政事业性收费\t1.5",
]
T4_HEADER = "行政复议\t\t\t\t\t行政诉讼"
T4_ROW = "\t".join(["1", "0", "0", "0", "1", "0", "1", "0", "0", "1", "0", "0", "0", "0", "0"])


def t3_row(name: str, form: Edition = Edition.E2021) -> list[int]:
    """Figures of a row of table 三, distinct per row and keeping every relation: outcome row
    i holds i in 自然人 and 总计; （七）总计 their sum; 一 + 二 = （七） + 四."""
    names = [r.name for r in T3[form].rows]
    outcomes = [
        n for n in names if n not in ("received", "carried_over", "total", "carried_forward")
    ]
    total = sum(range(1, len(outcomes) + 1))
    value = {"carried_over": 3, "carried_forward": 2, "total": total, "received": total - 1}
    n = value.get(name, outcomes.index(name) + 1 if name in outcomes else 0)
    return [n, 0, 0, 0, 0, 0, n]


def t3_lines(
    form: Edition = Edition.E2021,
    *,
    skip: Sequence[str] = (),
    figures: dict[str, Sequence[str]] | None = None,
    sep: str = "\t",
) -> list[str]:
    """Table 三 as tab-separated lines, each row with its innermost label."""
    figures = figures or {}
    lines = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况"]
    for row in T3[form].rows:
        if row.name in skip:
            continue
        values = figures.get(row.name, [str(v) for v in t3_row(row.name, form)])
        lines.append(sep.join([row.label, *values]))
    return lines


def document(
    *,
    t2: Sequence[str] = tuple(T2_2021),
    t3: Sequence[str] | None = None,
    t4: Sequence[str] = (T4_HEADER, T4_ROW),
    title: str = "某县统计局2024年政府信息公开工作年度报告",
    sections: Sequence[int] = (1, 2, 3, 4, 5, 6),
) -> str:
    parts = [title, ""]
    bodies = {
        1: ["一、总体情况", "", "本年度依法做好政府信息公开工作。"],
        2: ["二、主动公开政府信息情况", "", *t2],
        3: ["三、收到和处理政府信息公开申请情况", "", *(t3 if t3 is not None else t3_lines())],
        4: ["四、政府信息公开行政复议、行政诉讼情况", "", *t4],
        5: ["五、存在的主要问题及改进情况", "", "信息发布的及时性仍需提高。下一步将完善发布流程。"],
        6: [
            "六、其他需要报告的事项",
            "",
            "本年度未收取信息处理费。",
            "",
            "某县统计局",
            "2025年1月20日",
        ],
    }
    for number in sections:
        parts.extend([*bodies[number], ""])
    return "\n".join(parts)


def read(text: str) -> Parsed:
    return parse(text, format="text", file="report.txt")


def codes(parsed: Parsed) -> list[str]:
    return [f.code for f in parsed.findings]


# --- a whole report --------------------------------------------------------------------------


def test_a_clean_report_reads_without_findings() -> None:
    """A well-formed report reads every table, section and the metadata, with no finding."""
    parsed = read(document())
    report = parsed.report
    assert codes(parsed) == []
    assert (report.agency, report.year, report.edition) == ("某县统计局", 2024, Edition.E2021)
    assert report.title is None  # the standard title
    assert report.published == datetime.date(2025, 1, 20)
    assert report.proactive is not None
    assert report.proactive.licensing == 97
    assert report.proactive.fees == Decimal("1.5")
    assert report.applications is not None
    assert report.applications.refused.state_secret.natural_person == 3
    assert report.reviews is not None
    assert report.reviews.review.total == 1
    assert report.overview == ("本年度依法做好政府信息公开工作。",)
    assert report.other_matters == ("本年度未收取信息处理费。",)
    assert gd.validate(report) == []
    assert parsed.validate() == []


def test_sources_name_the_line_of_each_cell() -> None:
    """Every cell read has a source: the file, its line and its place in the row."""
    text = document()
    parsed = read(text)
    source = parsed.sources["proactive.licensing"]
    line = text.split("\n")[source.line - 1] if source.line else ""
    assert source.file == "report.txt"
    assert line.startswith("行政许可")


def test_not_a_report_raises_parse_error() -> None:
    """Text with no section heading and no statutory table is no report."""
    with pytest.raises(ParseError, match="no annual report"):
        read("今天天气很好。\n\n明天也很好。\n")


# --- label variants --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("(三) 不 予 公 开\t1. 属于国家秘密", "refused.state_secret"),  # half-width, spaced
        ("1、属于国家秘密", "refused.state_secret"),  # 1、 numbering
        ("1．属于国家秘密", "refused.state_secret"),  # full-width full stop
        ("1.屬於國家祕密", "refused.state_secret"),  # traditional characters
        ('3.危及"三安全一稳定"', "refused.endangers_safety"),  # straight quotes
        ("⼀、本年新收政府信息公开申请数量", "received"),  # Kangxi radical ⼀
        ("三、本年度办理结果\t（五）不予处理\t2.重复申请", "not_processed.repeated"),
        ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处", "other.unpaid_fees"),  # cut short
    ],
)
def test_row_labels_are_matched_in_their_variants(printed: str, name: str) -> None:
    """A statutory row is found by its label however the label is printed."""
    lines = t3_lines(skip=[name])
    index = [r.name for r in T3[Edition.E2021].rows].index(name)
    lines.insert(index + 1, "\t".join([printed, "7", "0", "0", "0", "0", "0", "7"]))
    parsed = read(document(t3=lines))
    assert parsed.report.get(f"applications.{name}.natural_person") == 7
    assert "R012" not in codes(parsed)


def test_a_missing_row_shifts_nothing() -> None:
    """One row left out: every other row keeps its own figures, and the gap is reported."""
    parsed = read(document(t3=t3_lines(skip=["refused.third_party"])))
    report = parsed.report
    for row in T3[Edition.E2021].rows:
        value = report.get(f"applications.{row.name}.natural_person")
        if row.name == "refused.third_party":
            assert value is None
        else:
            assert value == t3_row(row.name)[0]
    assert codes(parsed) == ["R012"]
    assert str(parsed.findings[0].location).endswith("4.保护第三方合法权益")


def test_the_arithmetic_rules_skip_what_the_source_lacks() -> None:
    """A row missing from the source makes no false arithmetic error about its column sums."""
    parsed = read(document(t3=t3_lines(skip=["refused.third_party"])))
    assert [f.code for f in gd.validate(parsed.report) if f.code.startswith("A")]  # raw: errors
    assert not [f for f in parsed.validate() if f.code.startswith("A")]


def test_stacked_and_spaced_headers_and_labels() -> None:
    """Header text broken into single characters and labels with spaces inside still match."""
    lines = t3_lines()
    lines.insert(1, "三、 本 年 度 办 理 结 果")
    parsed = read(document(t3=lines))
    assert codes(parsed) == []


def test_cells_separated_by_spaces() -> None:
    """Cells separated by runs of spaces read as cells (a table printed with spaces)."""
    parsed = read(document(t3=t3_lines(sep="   ")))
    assert codes(parsed) == []
    assert parsed.report.get("applications.total.total") == t3_row("total")[6]


def test_one_cell_per_line() -> None:
    """A row printed one cell per line after its label reads as that row."""
    lines = t3_lines(skip=["granted"])
    lines.insert(3, "（一）予以公开")
    lines[4:4] = ["4", "1", "0", "0", "0", "0", "5"]
    parsed = read(document(t3=lines))
    assert [
        parsed.report.get(f"applications.granted.{c.name}") for c in T3[Edition.E2021].columns
    ] == [4, 1, 0, 0, 0, 0, 5]


def test_table_two_rows_printed_as_text_lines() -> None:
    """``行政许可 97`` on a line of its own reads as the row and its figure."""
    t2 = [line.replace("\t", " ") for line in T2_2021]
    parsed = read(document(t2=t2))
    assert parsed.report.proactive is not None
    assert parsed.report.proactive.licensing == 97
    assert parsed.report.proactive.regulations.in_force == 5


# --- forms -------------------------------------------------------------------------------


def test_forms_come_from_each_table_shape() -> None:
    """Table 二 of 2021 with table 三 of 2019 reads as a mixed report (S003)."""
    parsed = read(document(t3=t3_lines(Edition.E2019)))
    report = parsed.report
    assert report.proactive is not None
    assert report.proactive.form is Edition.E2021
    assert report.applications is not None
    assert report.applications.form is Edition.E2019
    assert report.edition is Edition.E2021  # the edition of the year
    assert "S003" in [f.code for f in gd.validate(report)]


def test_table_two_of_2019_by_its_columns() -> None:
    """The 2019 columns (本年新制作数量 …) make table 二 a 2019 table."""
    t2 = [
        "第二十条第（一）项",
        "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量",
        "规章\t0\t0\t0",
        "规范性文件\t1\t1\t3",
        "第二十条第（五）项",
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量",
        "行政许可\t4\t+2\t6",
        "第二十条第（九）项",
        "信息内容\t采购项目数量\t采购总金额",
        "政府集中采购\t15\t251000元",
    ]
    parsed = read(
        document(
            t2=t2, t3=t3_lines(Edition.E2019), title="某县统计局2020年政府信息公开工作年度报告"
        )
    )
    proactive = parsed.report.proactive
    assert proactive is not None
    assert proactive.form is Edition.E2019
    assert proactive.licensing.change == 2
    assert parsed.report.printed["proactive.licensing.change"] == "+2"
    assert proactive.procurement.amount == Decimal("25.1")
    assert parsed.report.printed["proactive.procurement.amount"] == "251000元"


# --- every reading finding -------------------------------------------------------------------


def _findings_of(code: str, parsed: Parsed) -> list[str]:
    return [str(f.location) for f in parsed.findings if f.code == code]


def test_r001_section_not_found() -> None:
    parsed = read(document(sections=(1, 2, 3, 4, 6)))
    assert _findings_of("R001", parsed) == ["五"]


def test_r002_agency_completed_from_the_text() -> None:
    text = document(title="统计局2024年度政府信息公开工作报告").replace(
        "本年度依法", "2024年，某县统计局依法"
    )
    parsed = read(text)
    assert parsed.report.agency == "某县统计局"
    assert _findings_of("R002", parsed) == ["报告"]


def test_r003_year_not_found() -> None:
    parsed = read(document(title="某县统计局政府信息公开工作年度报告").replace("2025年1月20日", ""))
    assert _findings_of("R003", parsed) == ["报告"]
    assert parsed.report.year == Edition.E2021.first_year


def test_r004_section_under_another() -> None:
    parsed = read(document().replace("五、存在的主要问题及改进情况", "（一）存在的主要问题"))
    assert _findings_of("R004", parsed) == ["五"]
    assert "R001" not in codes(parsed)


def test_r005_fragment() -> None:
    parsed = parse("\n".join(t3_lines()), format="text", year=2024, agency="某县统计局")
    assert _findings_of("R005", parsed) == ["报告"]


def test_r006_metadata_differs() -> None:
    parsed = parse(document(), format="text", year=2023)
    assert _findings_of("R006", parsed) == ["报告"]
    assert parsed.report.year == 2023


def test_r011_unknown_row() -> None:
    t2 = [*T2_2021, "其他对外管理服务事项\t5"]
    parsed = read(document(t2=t2))
    assert _findings_of("R011", parsed) == ["二"]


def test_r012_row_missing() -> None:
    parsed = read(document(t3=t3_lines(skip=["granted"])))
    assert _findings_of("R012", parsed) == ["三/三、本年度办理结果/（一）予以公开"]


def test_r013_fewer_figures_than_columns() -> None:
    t2 = [line if not line.startswith("规章") else "规章\t—\t235" for line in T2_2021]
    parsed = read(document(t2=t2))
    assert _findings_of("R013", parsed) == ["二/第二十条第（一）项/规章"]
    assert parsed.report.get("proactive.regulations.issued") is None
    assert "proactive.regulations.issued" in parsed.absent


def test_r014_more_figures_than_columns() -> None:
    parsed = read(document(t3=t3_lines(figures={"received": ["1"] * 9})))
    assert _findings_of("R014", parsed) == ["三/一、本年新收政府信息公开申请数量"]


def test_r015_unreadable_cell() -> None:
    figures = {"received": ["1", "0", "0", "0", "0", "0", "见附表"]}
    parsed = read(document(t3=t3_lines(figures=figures)))
    assert _findings_of("R015", parsed) == ["三/一、本年新收政府信息公开申请数量/总计"]
    assert parsed.report.printed["applications.received.total"] == "见附表"


def test_r016_table_repeated() -> None:
    lines = t3_lines()
    parsed = read(document(t3=lines + lines[1:]))
    assert len(_findings_of("R016", parsed)) == len(T3[Edition.E2021].rows)
    assert "R021" not in codes(parsed)


def test_r017_table_cut_off() -> None:
    parsed = read(document(t3=t3_lines(skip=["total", "carried_forward"])))
    assert _findings_of("R017", parsed) == ["三"]
    assert not [f for f in parsed.validate() if f.code.startswith("A")]


def test_r018_digits_run_together() -> None:
    figures = {"received": ["12300060"]}  # no cut gives 总计 = the six applicants
    parsed = read(document(t3=t3_lines(figures=figures)))
    assert _findings_of("R018", parsed) == ["三/一、本年新收政府信息公开申请数量"]
    assert parsed.report.get("applications.received.natural_person") is None
    assert "applications.received.total" in parsed.absent


def test_r022_placement_ambiguous() -> None:
    t2 = [line if not line.startswith("规章") else "规章\t22\t235" for line in T2_2021]
    parsed = read(document(t2=t2))
    assert _findings_of("R022", parsed) == ["二/第二十条第（一）项/规章"]
    (message,) = [f.message for f in parsed.findings if f.code == "R022"]
    assert "22、235、空；22、空、235；空、22、235" in message
    assert parsed.report.get("proactive.regulations.issued") is None
    assert "proactive.regulations.issued" in parsed.absent


def test_r023_placed_by_relations() -> None:
    row = t3_row("received")
    figures = {"received": ["".join(str(v) for v in row)]}  # 5400000054 for 54, 0, …, 54
    parsed = read(document(t3=t3_lines(figures=figures)))
    assert _findings_of("R023", parsed) == ["三/一、本年新收政府信息公开申请数量"]
    assert parsed.report.get("applications.received.natural_person") == row[0]
    assert parsed.report.get("applications.received.total") == row[-1]
    assert "applications.received.total" not in parsed.absent


def test_r023_blank_cells_placed_by_the_column_relations() -> None:
    """Blank cells that left no trace: the flow and the results rows place the figures."""
    row = t3_row("received")
    figures = {"received": [str(row[0]), str(row[-1])]}
    parsed = read(document(t3=t3_lines(figures=figures)))
    assert _findings_of("R023", parsed) == ["三/一、本年新收政府信息公开申请数量"]
    assert parsed.report.get("applications.received.natural_person") == row[0]
    assert parsed.report.get("applications.received.commercial") is None
    assert parsed.report.get("applications.received.total") == row[-1]


def test_r027_extra_total_disagrees() -> None:
    lines = t3_lines()
    lines.insert(3, "合计\t" + "\t".join(["99"] * 7))  # after 二: 一 + 二 it is not
    parsed = read(document(t3=lines))
    assert _findings_of("R027", parsed) == ["三/合计"]
    assert codes(parsed) == ["R027"]
    assert parsed.report.get("applications.received.total") == t3_row("received")[6]


def test_r028_read_by_position() -> None:
    """One cell per line, the label column lost: read in order, every relation holding."""
    lines = ["申请人情况"]
    for row in T3[Edition.E2021].rows:
        lines += [str(v) for v in t3_row(row.name)]
    parsed = read(document(t3=lines))
    assert codes(parsed) == ["R028"]
    for row in T3[Edition.E2021].rows:
        assert parsed.report.get(f"applications.{row.name}.total") == t3_row(row.name)[6]


def test_r029_position_refused() -> None:
    lines = ["申请人情况"]
    for row in T3[Edition.E2021].rows:
        figures = t3_row(row.name)
        if row.name == "granted":
            figures = [figures[0] + 1, *figures[1:]]  # its row sum breaks
        lines += [str(v) for v in figures]
    parsed = read(document(t3=lines))
    assert "R029" in codes(parsed)
    assert "R028" not in codes(parsed)
    assert parsed.report.applications is None or all(
        parsed.report.get(f"applications.{row.name}.total") is None
        for row in T3[Edition.E2021].rows
    )


def test_r019_row_placed_between_labels() -> None:
    lines = t3_lines()
    index = [r.name for r in T3[Edition.E2021].rows].index("partially_granted") + 1
    lines[index] = "\t".join(lines[index].split("\t")[1:])  # the label left out
    parsed = read(document(t3=lines))
    assert _findings_of("R019", parsed) == [
        "三/三、本年度办理结果/（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    ]
    assert (
        parsed.report.get("applications.partially_granted.natural_person")
        == t3_row("partially_granted")[0]
    )


def test_r020_figures_not_placed() -> None:
    lines = t3_lines()
    lines.insert(5, "17")
    parsed = read(document(t3=lines))
    assert _findings_of("R020", parsed) == ["三"]
    assert codes(parsed) == ["R020"]


def test_r021_row_conflict() -> None:
    lines = t3_lines()
    lines.append("（一）予以公开\t9\t9\t9\t9\t9\t9\t54")
    parsed = read(document(t3=lines))
    assert _findings_of("R021", parsed) == ["三/三、本年度办理结果/（一）予以公开"]
    assert parsed.report.get("applications.granted.natural_person") == t3_row("granted")[0]


def test_every_reading_code_has_a_test_here() -> None:
    """Each reading code of the registry is triggered by a test of this module."""
    names = set(globals())
    for r in gd.RULES:
        if r.scope == "reading":
            assert any(n.startswith(f"test_{r.code.lower()}_") for n in names), r.code


# --- table 四 -------------------------------------------------------------------------------


def test_table_four_one_row_per_group() -> None:
    """Table 四 printed as three rows (one per group) reads as the same 15 cells."""
    t4 = [
        "\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
        "行政复议\t1\t0\t0\t0\t1",
        "未经复议直接起诉\t0\t1\t0\t0\t1",
        "复议后起诉\t0\t0\t0\t0\t0",
    ]
    parsed = read(document(t4=t4))
    reviews = parsed.report.reviews
    assert reviews is not None
    assert list(reviews.values()) == [
        1,
        0,
        0,
        0,
        1,
        0,
        1,
        0,
        0,
        1,
        0,
        0,
        0,
        0,
        0,
    ]
    assert codes(parsed) == []


def test_table_four_header_only_is_blank() -> None:
    """A table 四 printed with its headers and no figures is present and blank."""
    parsed = read(document(t4=[T4_HEADER]))
    assert parsed.report.reviews is not None
    assert all(v is None for v in parsed.report.reviews.values())


def test_a_misprinted_label_is_placed_between_labelled_rows() -> None:
    """A label that names no statutory row (a misprint) is placed like a row without a label,
    and the finding quotes it."""
    lines = t3_lines()
    index = [r.name for r in T3[Edition.E2021].rows].index("refused.prohibited") + 1
    lines[index] = lines[index].replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
    parsed = read(document(t3=lines))
    assert (
        parsed.report.get("applications.refused.prohibited.total")
        == t3_row("refused.prohibited")[6]
    )
    messages = [f.message for f in parsed.findings if f.code == "R019"]
    assert len(messages) == 1
    assert "2.其他法律行政止公开" in messages[0]


def test_a_misprinted_label_that_fits_no_gap_is_reported() -> None:
    """A row under a label of no statutory row, with no gap to fill, is R011, never dropped."""
    lines = t3_lines()
    lines.insert(4, "\t".join(["9.其他情形", "1", "0", "0", "0", "0", "0", "1"]))
    parsed = read(document(t3=lines))
    assert [f.code for f in parsed.findings] == ["R011"]
    assert "9.其他情形" in parsed.findings[0].message


def test_layout_text_with_wrapped_labels() -> None:
    """Text laid out as a PDF prints it: a label wrapped over two lines with its figures on a
    line between them, figures separated by runs of spaces, the body's name above the title."""
    lines = [
        f"    {row.label}    " + "    ".join(str(v) for v in t3_row(row.name))
        for row in T3[Edition.E2021].rows
    ]
    index = [r.name for r in T3[Edition.E2021].rows].index("partially_granted")
    figures = "    ".join(str(v) for v in t3_row("partially_granted"))
    lines[index : index + 1] = [
        "      （二）部分公开（区分处理的，只计这一情",
        f"                            {figures}",
        "      形，不计其他情形）",
    ]
    text = document(t3=lines, title="     某县统计局\n  2024 年政府信息公开工作年度报告")
    parsed = read(text)
    assert (parsed.report.agency, parsed.report.year) == ("某县统计局", 2024)
    assert (
        parsed.report.get("applications.partially_granted.natural_person")
        == t3_row("partially_granted")[0]
    )
    assert [f.code for f in parsed.findings] == ["R019"]
    assert not [f for f in parsed.validate() if f.severity is gd.Severity.ERROR]


def test_chinese_numerals_in_a_row() -> None:
    """Figures printed as Chinese numerals after a label read as numbers, the text kept."""
    figures = {"granted": ["十二", "零", "〇", "0", "0", "0", "十二"]}
    parsed = read(document(t3=t3_lines(figures=figures)))
    report = parsed.report
    assert report.get("applications.granted.natural_person") == 12
    assert report.get("applications.granted.total") == 12
    assert report.printed["applications.granted.natural_person"] == "十二"
    assert "R013" not in codes(parsed)


def test_too_many_lines_is_no_report() -> None:
    """An input of more lines than any report has raises ParseError at once."""
    from gov_disclosure.readers import MAX_LINES

    with pytest.raises(ParseError, match="lines"):
        read("2024年\n" + "1\n" * (MAX_LINES + 1))


def _wrapped(name: str, split: int, where: str) -> list[str]:
    """A row of table 三 whose label wraps after ``split`` characters, its figures on the
    label's last line or on a line between the label's two lines."""
    row = next(r for r in T3[Edition.E2021].rows if r.name == name)
    figures = "  ".join(str(v) for v in t3_row(name))
    head, tail = row.label[:split], row.label[split:]
    if where == "last":
        return [head, f"{tail}  {figures}"]
    return [head, figures, tail]


@pytest.mark.parametrize("where", ["last", "middle"])
def test_labels_wrapped_around_their_figures(where: str) -> None:
    """Two rows in a row whose labels wrap over lines (as PDF text does), the figures on the
    label's last line or between its lines, read into their own rows."""
    lines = t3_lines(skip=["received", "carried_over"])
    lines[1:1] = [*_wrapped("received", 14, where), *_wrapped("carried_over", 14, where)]
    parsed = read(document(t3=lines))
    assert parsed.report.get("applications.received.total") == t3_row("received")[6]
    assert parsed.report.get("applications.carried_over.total") == t3_row("carried_over")[6]
    assert not [f for f in parsed.findings if f.code in ("R011", "R012", "R020")]


def test_r030_low_confidence_on_the_cell() -> None:
    from gov_disclosure.readers.ocr_review import review

    parsed, record = _as_scan(confidence=350)
    reviewed = review(parsed, record)
    low = [f for f in reviewed.findings if f.code == "R030"]
    assert {f.source for f in low} <= set(parsed.sources.values())
    assert len(low) == len(reviewed.ocr) > 0
    assert all("350‰" in f.message for f in low)


def test_r031_a_misread_digit_named() -> None:
    from gov_disclosure.readers.ocr_review import review
    from gov_disclosure.testing import sample_report

    path = "applications.received.total"
    true = sample_report().get(path)
    assert isinstance(true, int)
    assert "1" in str(true)
    misread = int(str(true).replace("1", "7", 1))
    parsed, record = _as_scan(change={path: misread})
    reviewed = review(parsed, record)
    named = [f for f in reviewed.findings if f.code == "R031"]
    assert [f.source for f in named] == [parsed.sources[path]]
    assert f"“{true}”" in named[0].message
    assert reviewed.report.get(path) == misread  # never changed


def test_r032_image_pages_not_read() -> None:
    from gov_disclosure.readers.ocr_review import review

    parsed, record = _as_scan()
    record.skipped.extend([4, 5])
    found = [f for f in review(parsed, record, file="scan.pdf").findings if f.code == "R032"]
    assert len(found) == 1
    assert "4, 5" in found[0].message
    assert (found[0].source.file, found[0].source.page) == ("scan.pdf", 4)
