"""The Markdown renderer: golden files, the pipe-table structure, labels, values and escaping.

This module also holds the reports the renderer tests share (``edge_report`` and the
``rich_reports`` strategy); ``test_render_text`` imports them from here.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure import AnnualReport
from gov_disclosure.render.markdown import PATH_SEPARATOR, render_markdown
from gov_disclosure.statutory import T2_CONTENT_HEADER, T3_CAPTION, TABLE3_NOTE, TableSpec
from gov_disclosure.testing import hongze_2023, sample_report
from strategies import FAST, any_reports

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("GOV_DISCLOSURE_REGEN_GOLDEN") == "1"


# --- shared reports ------------------------------------------------------------------------------


def edge_report() -> AnnualReport:
    """A 2019 report with what the samples lack: a printed title with Markdown characters, a
    publication date, printed cell texts, blank cells, a negative change, a huge count, a
    paragraph with a line break and one long mixed paragraph, and table 四 missing."""
    report = sample_report("2019")
    report = (
        report.replace("proactive.licensing.change", -8)
        .replace("proactive.punishment.decisions", 1234567890)
        .replace("proactive.procurement.amount", Decimal("25.1000"))
        .replace("applications.received.research", None)
        .replace("applications.carried_forward.total", None)
    )
    return attrs.evolve(
        report,
        title="示例市统计局2020年政府信息公开工作年度报告 | 第 #1 版",
        published=datetime.date(2021, 1, 29),
        printed={
            "proactive.procurement.amount": "251000元",
            "applications.received.research": "——",
            "applications.granted.nonprofit": "2（含 1 件|补正）",
        },
        overview=(
            "- 本段以连字符开头，# 号、*星号*、_下划线_、`反引号`、<b>尖括号</b>、"
            "&amp; 与 $5 都应原样显示。",
            "第一行\n第二行以 1. 开头\n1. 这一行像有序列表",
            "本年度共收到申请 315 件（其中网上申请 240 件，信函申请 75 件），办理时限平均为 "
            "9.5 个工作日，较上年缩短 1.2 个工作日；公开目录共更新 1,024 条，访问量 "
            "38,016 人次，https://example.gov.cn/xxgk 页面同步更新。",
        ),
        reviews=None,
    )


_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_TRICKY = st.sampled_from(
    [
        "|",
        "\\|",
        "a|b",
        "\\",
        "# 标题",
        "- 列表",
        "1. 项",
        "**粗**",
        "<b>",
        "&amp;",
        "`x`",
        "\n\n",
        "=\n===",
        "\t",
        "\r\n",
        "\x1b[31m",
        "\u3000\u3000",
        "\u2028",
        "👨\u200d👩\u200d👧",
        "\u1100\u1100\u1100\u1100",
        "a\u0301",
        "96171.6",
        "——",
    ]
)
rich_text = st.lists(
    st.one_of(st.text(max_size=15), st.text(_CJK, min_size=30, max_size=160), _TRICKY),
    max_size=4,
).map("".join)
"""Text with long CJK runs, Markdown and grid characters, control characters, emoji."""


@st.composite
def rich_reports(draw: st.DrawFn) -> AnnualReport:
    """Any report (blanks, huge and negative counts, missing tables, mixed forms, printed
    texts) with long and tricky text in the title, every prose section and printed cells."""
    report = draw(any_reports())
    paragraphs = st.lists(rich_text, max_size=3).map(tuple)
    changes = {
        "title": draw(st.none() | rich_text),
        "overview": draw(paragraphs),
        "problems": draw(paragraphs),
        "other_matters": draw(paragraphs),
        "printed": {path: draw(rich_text) for path in report.printed},
    }
    for table in report.tables():
        changes[table.spec().attr] = attrs.evolve(table, prose=draw(paragraphs))
    return attrs.evolve(report, **changes)


def labels_of(spec: TableSpec) -> set[str]:
    """Every official label of a table form: rows, columns, blocks and header texts."""
    labels = {label for row in spec.rows for label in row.labels}
    labels |= {label for column in spec.columns for label in column.labels}
    labels |= {block.label for block in spec.blocks}
    if spec.blocks:
        labels.add(T2_CONTENT_HEADER)
    if spec.key == "三":
        labels |= {TABLE3_NOTE, T3_CAPTION}
    return labels


def expected_text(report: AnnualReport, path: str) -> str:
    """What a value cell should show, worked out here: the printed text, else the number."""
    if path in report.printed:
        return " ".join(report.printed[path].split())
    value = report.get(path)
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def check_golden(name: str, output: str) -> None:
    """Compare with a golden file (rewritten instead when GOV_DISCLOSURE_REGEN_GOLDEN=1)."""
    path = GOLDEN / name
    if REGENERATE:
        path.write_bytes(output.encode("utf-8"))
    assert path.is_file(), f"{path} is missing: run with GOV_DISCLOSURE_REGEN_GOLDEN=1"
    assert output == path.read_bytes().decode("utf-8")


REPORTS: dict[str, Callable[[], AnnualReport]] = {
    "sample-2019": lambda: sample_report("2019"),
    "sample-2021": lambda: sample_report("2021"),
    "mixed": hongze_2023,
    "edge": edge_report,
}


# --- reading Markdown back -------------------------------------------------------------------


def unescape(text: str) -> str:
    """Undo Markdown backslash escapes."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def split_row(line: str) -> list[str]:
    """The cells of a pipe-table line (a pipe after a backslash is text, as in GitHub's parser)."""
    assert line.startswith("|"), line
    assert line.endswith("|"), line
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line[1:-1])]


def pipe_tables(markdown: str) -> list[list[list[str]]]:
    """Every pipe table: its lines' cells (header, delimiter, body rows), checked for shape."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in markdown.split("\n"):
        if line.startswith("|"):
            if current is None:
                current = []
                tables.append(current)
            current.append(split_row(line))
        else:
            current = None
    return tables


def table_cells(markdown: str) -> dict[tuple[str, tuple[str, ...]], str]:
    """Value cells of every pipe table by (innermost row label, column label path); label
    columns are the left-aligned ones, value columns the right-aligned ones."""
    out: dict[tuple[str, tuple[str, ...]], str] = {}
    for header, delimiter, *rows in pipe_tables(markdown):
        columns = [tuple(unescape(h).split(PATH_SEPARATOR)) for h in header]
        values = [j for j, d in enumerate(delimiter) if d.endswith(":")]
        for row in rows:
            labels = [unescape(row[j]) for j in range(len(row)) if j not in values and row[j]]
            for j in values:
                out[(labels[-1] if labels else "", columns[j])] = unescape(row[j])
    return out


# --- tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_golden(name: str) -> None:
    """Each reference report renders exactly as its golden Markdown file."""
    check_golden(f"{name}.md", render_markdown(REPORTS[name]()))


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_pipe_tables_are_well_formed(name: str) -> None:
    """Every table line starts and ends with a pipe and has as many cells as its header row."""
    tables = pipe_tables(render_markdown(REPORTS[name]()))
    assert tables
    for header, delimiter, *rows in tables:
        assert len(delimiter) == len(header)
        assert all(re.fullmatch(r":?-+:?", cell) for cell in delimiter)
        assert rows
        assert all(len(row) == len(header) for row in rows)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_label_appears(name: str) -> None:
    """Every official label of the report's table forms appears verbatim."""
    report = REPORTS[name]()
    output = render_markdown(report)
    for table in report.tables():
        for label in labels_of(table.spec()):
            assert label in output, label


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_values_read_back(name: str) -> None:
    """Every value cell shows the report's value (or its printed text); blanks stay empty."""
    report = REPORTS[name]()
    cells = table_cells(render_markdown(report))
    for table in report.tables():
        spec = table.spec()
        for cell in spec.cells:
            row = cell.row.labels[-1] if cell.row.labels else ""
            path = f"{spec.attr}.{cell.path}"
            assert cells[(row, cell.column.labels)] == expected_text(report, path), path


def test_sections_in_order_with_headings() -> None:
    """The six section headings appear as level-2 headings, in order, after the title."""
    output = render_markdown(sample_report("2021"))
    headings = [line for line in output.split("\n") if line.startswith("#")]
    assert headings[0] == "# 示例市统计局2024年政府信息公开工作年度报告"
    assert headings[1:] == [
        "## 一、总体情况",
        "## 二、主动公开政府信息情况",
        "## 三、收到和处理政府信息公开申请情况",
        "## 四、政府信息公开行政复议、行政诉讼情况",
        "## 五、存在的主要问题及改进情况",
        "## 六、其他需要报告的事项",
    ]


def test_metadata_lines() -> None:
    """The metadata list names the agency, the year, the format's notice and the date."""
    output = render_markdown(edge_report())
    assert "- 报告机关：示例市统计局\n" in output
    assert "- 报告年度：2020年\n" in output
    assert "- 格式：国办公开办函〔2019〕60号\n" in output
    assert "- 发布日期：2021年1月29日\n" in output


def test_table3_header_flattened() -> None:
    """Table 三's header joins each column's label path with ' / ', after three blank label cells."""
    header = next(
        t[0] for t in pipe_tables(render_markdown(sample_report("2021"))) if len(t[0]) == 10
    )
    assert header == [
        "",
        "",
        "",
        "自然人",
        "法人或其他组织 / 商业企业",
        "法人或其他组织 / 科研机构",
        "法人或其他组织 / 社会公益组织",
        "法人或其他组织 / 法律服务机构",
        "法人或其他组织 / 其他",
        "总计",
    ]


def test_group_labels_only_on_first_row() -> None:
    """A group label (三、本年度办理结果, （三）不予公开) is written once, on its first row."""
    output = render_markdown(sample_report("2021"))
    assert output.count("| 三、本年度办理结果") == 1
    assert output.count("（三）不予公开") == 1
    rows = next(t for t in pipe_tables(output) if len(t[0]) == 10)[2:]
    refused = [r for r in rows if r[2].startswith(("1.属于国家秘密", "2.其他法律行政法规禁止公开"))]
    assert [r[:2] for r in refused] == [["", "（三）不予公开"], ["", ""]]


def test_escaping_reads_back() -> None:
    """Prose with Markdown characters is escaped so that no line starts a block, and unescaping
    it gives the original text back; a line break inside a paragraph is a hard break."""
    report = edge_report()
    blocks = render_markdown(report).split("\n\n")
    first, second, _ = report.overview
    assert blocks[3].startswith("\\- 本段")
    assert "\\*星号\\*" in blocks[3]
    assert "\\<b\\>" in blocks[3]
    assert "\\&amp;" in blocks[3]
    assert unescape(blocks[3]) == first
    lines = blocks[4].split("\n")
    assert lines == ["第一行\\", "第二行以 1. 开头\\", "1\\. 这一行像有序列表"]
    assert [unescape(line.removesuffix("\\")) for line in lines] == second.split("\n")
    assert blocks[0] == "# 示例市统计局2020年政府信息公开工作年度报告 \\| 第 \\#1 版"


def test_pipe_in_cell_is_escaped() -> None:
    """A printed cell text with a pipe keeps its table row intact."""
    output = render_markdown(edge_report())
    assert "2（含 1 件\\|补正）" in output
    cells = table_cells(output)
    assert cells[("（一）予以公开", ("法人或其他组织", "社会公益组织"))] == "2（含 1 件|补正）"


def test_missing_table_note() -> None:
    """A missing table gives a one-line note under its heading, not a table."""
    output = render_markdown(edge_report())
    section = output.split("## 四、政府信息公开行政复议、行政诉讼情况\n\n")[1].split("\n\n")[0]
    assert section == "（本报告未提供此表。）"
    assert "行政复议 / 结果维持" not in output


def test_mixed_form_note() -> None:
    """A table in another form than the report's edition carries a note naming its form."""
    output = render_markdown(hongze_2023())
    assert "（本表为2019年格式（国办公开办函〔2019〕60号），与报告格式不同。）" in output
    assert output.count("与报告格式不同") == 1


def test_html_tables() -> None:
    """With html_tables=True each table is one HTML block (no blank line inside), in place of
    the pipe tables, and the prose is unchanged."""
    report = sample_report("2021")
    output = render_markdown(report, html_tables=True)
    assert not pipe_tables(output)
    assert output.count("<table") == 3
    blocks = [b for b in output.split("\n\n") if b.startswith("<table")]
    assert len(blocks) == 3
    assert all(b.endswith("</table>") for b in blocks)
    assert report.overview[0] in output
    assert output.index("<table") > output.index("## 二、主动公开政府信息情况")


def test_html_tables_type_checked() -> None:
    """html_tables must be a bool."""
    with pytest.raises(TypeError, match="html_tables"):
        render_markdown(sample_report("2021"), html_tables="yes")  # type: ignore[arg-type]


def test_not_a_report() -> None:
    """Anything but an AnnualReport is a TypeError."""
    with pytest.raises(TypeError, match="AnnualReport"):
        render_markdown({"agency": "x"})  # type: ignore[arg-type]


@FAST
@given(rich_reports())
def test_any_report_renders(report: AnnualReport) -> None:
    """Any report renders, deterministically, with well-formed tables and every label present."""
    output = render_markdown(report)
    assert output == render_markdown(report)
    assert output.endswith("\n")
    assert "\r" not in output
    for header, delimiter, *rows in pipe_tables(output):
        assert len(delimiter) == len(header)
        assert all(len(row) == len(header) for row in rows)
    for table in report.tables():
        for label in labels_of(table.spec()):
            assert label in output
    missing = 3 - len(list(report.tables()))
    assert output.count("（本报告未提供此表。）") == missing
