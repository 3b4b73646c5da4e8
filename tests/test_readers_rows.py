"""The rows stage: tabs keep positions, cells printed one per line join into one row."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure.readers import parse
from gov_disclosure.readers.blocks import Grid, Paragraph
from gov_disclosure.readers.cell_lines import join_cell_lines, spacing
from gov_disclosure.readers.reader import read_blocks
from gov_disclosure.readers.rows import Row, _split_line, rows_of
from gov_disclosure.readers.text import text_blocks
from gov_disclosure.testing import huaian_2024
from strategies import FAST

T3_ROW = "一、本年新收政府信息公开申请数量"


def cells(text: str) -> list[list[str]]:
    return [row.cells for row in rows_of(text_blocks(text))]


# --------------------------------------------------------------------------------------- tabs


def test_an_empty_field_between_tabs_is_a_blank_where_it_stands() -> None:
    assert _split_line("行政许可\t97\t\t3") == ["行政许可", "97", "", "3"]
    assert _split_line("行政许可\t\t\t3") == ["行政许可", "", "", "3"]
    assert _split_line("行政许可\t97\t \t3") == ["行政许可", "97", "", "3"]  # spaces only


def test_tabs_at_the_ends_and_runs_of_spaces() -> None:
    assert _split_line("\t行政许可\t97\t\t") == ["行政许可", "97"]  # indent and trailing tabs
    assert _split_line("规章  22 235\t\t7") == ["规章", "22", "235", "", "7"]
    assert _split_line("规章  22    235") == ["规章", "22", "235"]  # spaces never a blank


@given(st.lists(st.sampled_from(["", "0", "12", "3001"]), min_size=1, max_size=15))
@FAST
def test_tab_fields_keep_their_count_and_order(fields: list[str]) -> None:
    """A label and any fields: every field between the label and the last figure stands at
    its own position."""
    while fields and not fields[-1]:
        fields.pop()  # trailing tabs are no cells
    assert _split_line("\t".join(["规章", *fields])) == ["规章", *fields]


def test_a_text_tab_row_keeps_its_trailing_empty_fields() -> None:
    (grid,) = text_blocks("规章\t1\t\t")
    assert isinstance(grid, Grid)
    assert grid.rows == (("规章", "1", "", ""),)


def test_a_paragraph_with_tabs_reads_the_blank_where_it_stands() -> None:
    """A Word paragraph printed with tab stops (``w:tab``): no figure moves left."""
    blocks = [Paragraph(line) for line in _t3_text(f"{T3_ROW}\t5\t\t0\t0\t1\t0\t6").split("\n")]
    values = read_blocks(blocks).report.applications.received.values()
    assert values == (5, None, 0, 0, 1, 0, 6)


def test_a_pipe_table_cell_left_empty_is_a_blank_where_it_stands() -> None:
    row = f"| {T3_ROW} | 5 |  | 0 | 0 | 1 | 0 | 6 |"
    parsed = parse(_t3_text(row).replace("\t", " | "), format="markdown")
    assert parsed.report.applications.received.values() == (5, None, 0, 0, 1, 0, 6)


def _t3_text(row: str) -> str:
    title = "示例市统计局2024年政府信息公开工作年度报告"
    return "\n".join(
        [title, "三、收到和处理政府信息公开申请情况", "自然人\t商业企业\t科研机构", row]
    )


# ------------------------------------------------------------------------ one cell per line


def test_blank_lines_are_counted_before_each_paragraph() -> None:
    blocks = text_blocks("甲\n乙\n\n丙\n\n\n丁")
    assert [(b.text, b.blank_before) for b in blocks if isinstance(b, Paragraph)] == [
        ("甲\n乙", 0),
        ("丙", 1),
        ("丁", 2),
    ]
    grid_then_text = text_blocks("规章\t1\n\n行政许可")
    assert isinstance(grid_then_text[1], Paragraph)
    assert grid_then_text[1].blank_before == 1


def test_a_label_and_its_figures_one_per_line_are_one_row() -> None:
    assert cells("规章\n1\n0\n11\n行政许可\n97") == [["规章", "1", "0", "11"], ["行政许可", "97"]]


def test_an_empty_line_among_the_figures_is_a_blank_cell() -> None:
    assert cells("规章\n1\n\n11\n\n行政许可\n\n\n97") == [
        ["规章", "1", "", "11"],
        ["行政许可", "", "", "97"],
    ]


def test_empty_lines_after_the_last_figure_are_no_cells() -> None:
    """Blanks at the end leave no trace that can be told from the break before the next row:
    the row is shorter, for the placer to decide."""
    assert cells("规章\n1\n\n\n\n行政许可\n97") == [["规章", "1"], ["行政许可", "97"]]


def test_a_double_spaced_text_counts_blanks_in_its_own_unit() -> None:
    """Every line a paragraph with one empty line between: a blank cell takes two more."""
    text = "二、主动公开政府信息情况\n\n规章\n\n1\n\n\n\n11\n\n行政许可\n\n97"
    assert cells(text)[1:] == [["规章", "1", "", "11"], ["行政许可", "97"]]
    odd = "二、主动公开政府信息情况\n\n规章\n\n1\n\n\n11"  # two empty lines: no whole blank
    assert cells(odd)[1:] == [["规章"], ["1"], ["11"]]


def test_spacing() -> None:
    assert spacing([2, 1], [0, 3]) == 0  # a paragraph of two lines: single spaced
    assert spacing([1, 1, 1], [0, 2, 1]) == 1
    assert spacing([1], [0]) == 0
    assert spacing([1, 1], [4, 0]) == 0  # the first paragraph's count does not count


def test_what_is_left_alone() -> None:
    assert cells("总计\n1\n0") == [["总计"], ["1"], ["0"]]  # table 四's header reads its own
    assert cells("本年度共办理。\n1\n2") == [["本年度共办理。"], ["1"], ["2"]]  # a sentence
    assert cells("规章  1\n2") == [["规章", "1"], ["2"]]  # a row with figures already
    # A lone figure before a grid row of figures: a cell wrapped out of its table.
    assert cells("信息公开申请\n1\n| 0 | 0 |") == [["信息公开申请"], ["1"], ["0", "0"]]
    assert cells("行政处罚\n0\n行政强制\t0") == [["行政处罚", "0"], ["行政强制", "0"]]


def test_rows_on_another_page_are_not_joined() -> None:
    rows = [_row(["规章"], page=1), _row(["1"], page=2)]
    assert [r.cells for r in join_cell_lines(rows, [0, 0])] == [["规章"], ["1"]]


def _row(cells: list[str], page: int | None = None) -> Row:
    return Row(cells, cells, None, page, None, 0)


def test_a_table_printed_one_cell_per_line_reads_with_its_blanks() -> None:
    report = huaian_2024()
    lines = []
    for line in _render_lines(report):
        lines.extend(line)
    parsed = parse("\n".join(lines), format="text")
    assert parsed.report.proactive == report.proactive
    received = parsed.report.applications.received.values()
    assert received == (3001, 53, None, 0, 61, 4, 3119)
    unread = {"R013", "R014", "R018", "R020", "R022", "R023"}
    assert not [f for f in parsed.findings if f.code in unread]


def _render_lines(report: object) -> list[list[str]]:
    """Huaian's table 二 and the first row of table 三 one cell per line, 科研机构 blank."""
    t2 = [
        ["二、主动公开政府信息情况", "第二十条第（一）项", "信息内容", "本年制发件数"],
        ["本年废止件数", "现行有效件数"],
        ["规章", "1", "0", "11"],
        ["行政规范性文件", "8", "26", "66"],
        ["第二十条第（五）项", "信息内容", "本年处理决定数量", "行政许可", "447228"],
        ["第二十条第（六）项", "信息内容", "本年处理决定数量", "行政处罚", "3985758"],
        ["行政强制", "88283"],
        ["第二十条第（八）项", "信息内容", "本年收费金额（单位：万元）"],
        ["行政事业性收费", "96171.6"],
    ]
    t3 = [
        ["三、收到和处理政府信息公开申请情况", "自然人", "商业企业", "科研机构"],
        ["社会公益组织", "法律服务机构", "其他", "总计"],
        [T3_ROW, "3001", "53", "", "0", "61", "4", "3119"],
    ]
    title = [["淮安市人民政府2024年政府信息公开工作年度报告", "一、总体情况", "本年度概况。"]]
    return title + t2 + t3
