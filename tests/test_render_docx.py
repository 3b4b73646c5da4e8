"""Tests of the Word renderer: layout, merged cells, fonts, page setup, determinism, golden text."""

from __future__ import annotations

import datetime
import io
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from gov_disclosure import AnnualReport
from gov_disclosure.grid import expand, table_grid
from gov_disclosure.render import _metadata
from gov_disclosure.render import docx as docx_module
from gov_disclosure.render.docx import DocxFonts, render_docx
from gov_disclosure.statutory import SECTIONS
from gov_disclosure.testing import blank_report, hongze_2023, huaian_2024, sample_report
from strategies import any_reports

docx = pytest.importorskip("docx", reason="python-docx (the docx extra) is not installed")
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt  # noqa: E402
from docx.table import Table  # noqa: E402
from docx.text.paragraph import Paragraph  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "golden"
REGEN = os.environ.get("GOV_DISCLOSURE_REGEN_GOLDEN") == "1"

HEADINGS = [section.title for section in SECTIONS]


def _read(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def _render(report: AnnualReport, **options: Any) -> Any:
    return _read(render_docx(report, **options))


def _headings(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def _grid_cells(table: Any) -> list[list[Any]]:
    return [list(row.cells) for row in table.rows]


def _word_text(text: str) -> str:
    """What Word keeps of a text: no control characters but tab and line breaks, no U+FFFE or
    U+FFFF, and a carriage return read back as a line feed."""
    kept = "".join(c for c in text if (c >= " " or c in "\t\n\r") and c not in "\ufffe\uffff")
    return kept.replace("\r", "\n")


def _value_text(report: AnnualReport, path: str) -> str:
    """The text a value cell must show, computed here from the model value."""
    if path in report.printed:
        return _word_text(report.printed[path])
    value = report.get(path)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _east_asian(run: Any) -> str | None:
    rfonts = run._r.rPr.find(qn("w:rFonts"))
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def _check_tables(report: AnnualReport, document: Any) -> None:
    """Assert that every table of ``document`` has the official grid of the report's table:
    the same shape, the same merges, the labels of the layout and the values of the model."""
    tables = list(report.tables())
    assert len(document.tables) == len(tables)
    for model_table, table in zip(tables, document.tables, strict=True):
        grid = table_grid(model_table, printed=report.printed)
        layout = expand([*grid.head, *grid.body], grid.width)
        cells = _grid_cells(table)
        assert len(cells) == len(layout)
        for i, (line, row) in enumerate(zip(layout, cells, strict=True)):
            assert len(row) == grid.width
            for j, (expected, cell) in enumerate(zip(line, row, strict=True)):
                assert expected is not None
                if expected.role == "value":
                    assert expected.path is not None
                    assert cell.text == _value_text(report, expected.path), (grid.key, i, j)
                else:
                    assert cell.text == expected.text, (grid.key, i, j)
                # Same grid cell ⇔ same Word cell, left and above.
                if j > 0:
                    assert (line[j - 1] is expected) == (row[j - 1]._tc is cell._tc)
                if i > 0:
                    assert (layout[i - 1][j] is expected) == (cells[i - 1][j]._tc is cell._tc)


def document_text(document: Any) -> str:
    """The text content of a document: paragraphs, and tables row by row with merges marked
    (``←`` continues the cell on the left, ``↑`` the cell above)."""
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            style = block.style.name
            prefix = "" if style == "Normal" else f"[{style}] "
            lines.append(prefix + block.text)
            continue
        assert isinstance(block, Table)
        cells = _grid_cells(block)
        lines.append(f"[table {len(cells)}×{len(cells[0])}]")
        for i, row in enumerate(cells):
            texts = []
            for j, cell in enumerate(row):
                if j > 0 and row[j - 1]._tc is cell._tc:
                    texts.append("←")
                elif i > 0 and cells[i - 1][j]._tc is cell._tc:
                    texts.append("↑")
                else:
                    texts.append(cell.text)
            lines.append(" | ".join(texts))
        lines.append("[/table]")
    return "\n".join(lines) + "\n"


# --- structure ---------------------------------------------------------------------------------


def test_title_and_six_headings_in_order(report: AnnualReport) -> None:
    """The document opens with the centred title and has the six official headings in order."""
    document = _render(report)
    first = document.paragraphs[0]
    assert first.style.name == "Title"
    assert (
        first.text == report.display_title == f"示例市统计局{report.year}年政府信息公开工作年度报告"
    )
    assert first.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert _headings(document) == HEADINGS


def test_sections_hold_their_prose_then_their_table(report: AnnualReport) -> None:
    """Each section is its heading, its paragraphs, then its table (sections 二–四)."""
    document = _render(report)
    expected: list[str] = [f"title:{report.display_title}", f"p:{'　'.join(_metadata(report))}"]
    for heading, key in zip(
        HEADINGS,
        ("overview", "proactive", "applications", "reviews", "problems", "other_matters"),
        strict=True,
    ):
        expected.append(f"heading:{heading}")
        content = getattr(report, key)
        if isinstance(content, tuple):
            expected += [f"p:{t}" for t in content]
        else:
            expected += [f"p:{t}" for t in content.prose]
            expected.append("table")
    seen: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            seen.append("table")
        elif block.style.name == "Title":
            seen.append(f"title:{block.text}")
        elif block.style.name == "Heading 1":
            seen.append(f"heading:{block.text}")
        else:
            seen.append(f"p:{block.text}")
    assert seen == expected


def test_prose_is_body_text_with_two_character_indent(report: AnnualReport) -> None:
    """Prose paragraphs are 三号 (16 pt) with a first-line indent of two characters (32 pt)."""
    document = _render(report)
    prose = [p for p in document.paragraphs if p.text in report.overview + report.problems]
    assert len(prose) == len(report.overview) + len(report.problems)
    for paragraph in prose:
        assert paragraph.paragraph_format.first_line_indent == Pt(32)
        assert all(run.font.size == Pt(16) for run in paragraph.runs)


@pytest.mark.parametrize(
    "make",
    [sample_report, blank_report, lambda edition: huaian_2024()],
    ids=["sample", "blank", "huaian-2024"],
)
def test_table_cells_match_the_official_grid(make: Any, edition: str) -> None:
    """Every docx table has the grid's shape, merges and texts: labels as in the layout,
    values as in the model."""
    report = make(edition)
    _check_tables(report, _render(report))


def test_published_figures_appear_in_their_cells() -> None:
    """Figures of a real report land in the cells the statute names."""
    document = _render(huaian_2024())
    t2, t3, t4 = document.tables
    rows = {row.cells[0].text: row for row in t2.rows}
    assert rows["行政事业性收费"].cells[-1].text == "96171.6"
    assert rows["行政处罚"].cells[1].text == "3985758"
    labels = {row.cells[1].text: row for row in t3.rows}
    assert [c.text for c in labels["（七）总计"].cells[3:]] == [
        "2932",
        "53",
        "0",
        "0",
        "61",
        "4",
        "3050",
    ]
    first = {row.cells[0].text: row for row in t3.rows}
    assert first["一、本年新收政府信息公开申请数量"].cells[-1].text == "3119"
    assert [c.text for c in t4.rows[-1].cells][:5] == ["72", "64", "178", "37", "351"]


@pytest.mark.parametrize(("edition", "span"), [("2019", 20), ("2021", 22)])
def test_table3_merges(edition: str, span: int) -> None:
    """Table 三: the corner note spans 3×3, 申请人情况 seven columns, and the row group
    三、本年度办理结果 spans its 20 (2019) or 22 (2021) rows in the narrow first column."""
    table = _render(sample_report(edition)).tables[1]
    cells = _grid_cells(table)
    corner = cells[0][0]
    assert corner.text.startswith("（本列数据的勾稽关系为")
    assert all(cells[i][j]._tc is corner._tc for i in range(3) for j in range(3))
    assert cells[0][3].text == "申请人情况"
    assert cells[0][3]._tc.tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "7"
    assert cells[1][4].text == "法人或其他组织"
    group = [i for i, row in enumerate(cells) if row[0].text == "三、本年度办理结果"]
    assert len({id(cells[i][0]._tc) for i in group}) == 1
    assert len(group) == span
    top = cells[group[0]][0]._tc
    assert top.tcPr.find(qn("w:vMerge")).get(qn("w:val")) == "restart"
    for i in group[1:]:  # the raw continuation cells below the group label
        merge = table._tbl.tr_lst[i].tc_lst[0].tcPr.find(qn("w:vMerge"))
        assert merge is not None
        assert merge.get(qn("w:val")) in (None, "continue")
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[2] > widths[1] > widths[0]
    assert widths[0] < widths[3] * 1.5
    assert widths[2] > 3 * widths[3]


def test_table4_and_table2_merges(report: AnnualReport) -> None:
    """Table 四's 行政诉讼 spans ten columns; table 二's block headers span the whole table."""
    document = _render(report)
    t2, _, t4 = document.tables
    cells = _grid_cells(t4)
    assert [cells[0][0].text, cells[0][5].text] == ["行政复议", "行政诉讼"]
    assert cells[0][5]._tc.tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "10"
    assert all(cells[0][j]._tc is cells[0][5]._tc for j in range(5, 15))
    assert all(cells[1][j]._tc is cells[2][j]._tc for j in range(5))  # vertical merges
    blocks = [row for row in _grid_cells(t2) if row[0].text.startswith("第二十条第")]
    assert [b[0].text for b in blocks][:2] == ["第二十条第（一）项", "第二十条第（五）项"]
    assert all(len({id(c._tc) for c in b}) == 1 for b in blocks)


def test_printed_text_is_shown_in_place_of_the_number() -> None:
    """A cell's printed text (e.g. ——) is what the Word cell shows."""
    report = attrs.evolve(
        sample_report("2021"), printed={"proactive.fees": "——", "reviews.review.total": "/"}
    )
    t2, _, t4 = _render(report).tables
    assert {row.cells[0].text: row.cells[-1].text for row in t2.rows}["行政事业性收费"] == "——"
    assert t4.rows[-1].cells[4].text == "/"


def test_missing_table_renders_without_it() -> None:
    """A report without table 三 still has all six headings, a note where the table would be,
    and the other two tables."""
    report = attrs.evolve(sample_report("2021"), applications=None)
    document = _render(report)
    assert _headings(document) == HEADINGS
    texts = [p.text for p in document.paragraphs]
    note = texts.index("三、收到和处理政府信息公开申请情况") + 1
    assert texts[note] == "（本报告未提供此表。）"
    assert len(document.tables) == 2
    assert document.tables[1].rows[0].cells[0].text == "行政复议"


def test_table_in_the_other_form_is_noted() -> None:
    """A table laid out in the other edition's form is preceded by a note saying so, and the
    document's subject names the format the report declares."""
    data = render_docx(hongze_2023())
    document = _read(data)
    texts = [p.text for p in document.paragraphs]
    note = texts.index("三、收到和处理政府信息公开申请情况") + 1
    assert texts[note] == "（本表为2019年格式（国办公开办函〔2019〕60号），与报告格式不同。）"
    assert sum("与报告格式不同" in t for t in texts) == 1
    assert document.core_properties.subject == "国办公开办函〔2021〕30号"
    _check_tables(hongze_2023(), document)


def test_signature_when_published() -> None:
    """A published date adds the agency and the date, right-aligned, at the end."""
    report = attrs.evolve(sample_report("2021"), published=datetime.date(2025, 1, 20))
    paragraphs = _render(report).paragraphs
    assert [p.text for p in paragraphs[-2:]] == ["示例市统计局", "2025年1月20日"]
    assert all(p.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT for p in paragraphs[-2:])
    assert "2025年1月20日" not in [p.text for p in _render(sample_report("2021")).paragraphs]


# --- page and type -----------------------------------------------------------------------------


def test_a4_portrait_with_official_margins(report: AnnualReport) -> None:
    """The page is A4 portrait with margins 3.7 / 3.5 / 2.8 / 2.6 cm (top/bottom/left/right)."""
    section = _render(report).sections[0]
    assert section.orientation == docx.enum.section.WD_ORIENT.PORTRAIT
    measured = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(m.cm, 2) for m in measured] == [21.0, 29.7, 3.7, 3.5, 2.8, 2.6]


def test_tables_fit_the_text_width(report: AnnualReport) -> None:
    """Every table has a fixed layout whose columns add up to the text width (15.6 cm)."""
    document = _render(report)
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
        total = sum(int(c.get(qn("w:w"))) for c in grid)
        assert abs(total * 635 - text_width) <= 635  # within one twip
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None
        assert layout.get(qn("w:type")) == "fixed"


def test_east_asian_fonts_on_every_run(report: AnnualReport) -> None:
    """Title, headings, prose and table runs carry their East Asian font in w:eastAsia."""
    document = _render(report)
    title, *rest = document.paragraphs
    assert {_east_asian(r) for r in title.runs} == {"方正小标宋简体"}
    assert {r.font.size for r in title.runs} == {Pt(22)}
    for paragraph in rest:
        expected = "黑体" if paragraph.style.name == "Heading 1" else "仿宋_GB2312"
        assert {_east_asian(r) for r in paragraph.runs} <= {expected}
        assert all(r.font.name == "Times New Roman" for r in paragraph.runs)
    for table in document.tables:
        for run in table._tbl.iter(qn("w:r")):
            assert run.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert document.tables[2].rows[-1].cells[0].paragraphs[0].runs[0].font.size == Pt(9)


def test_fonts_are_parameters() -> None:
    """DocxFonts replaces the faces everywhere, and the font table lists them."""
    fonts = DocxFonts(title="宋体", body="楷体_GB2312", heading="微软雅黑", latin="Arial")
    data = render_docx(sample_report("2021"), fonts=fonts)
    document = _read(data)
    assert _east_asian(document.paragraphs[0].runs[0]) == "宋体"
    heading = next(p for p in document.paragraphs if p.style.name == "Heading 1")
    assert _east_asian(heading.runs[0]) == "微软雅黑"
    assert _east_asian(document.paragraphs[1].runs[0]) == "楷体_GB2312"  # the metadata line
    assert _east_asian(document.paragraphs[3].runs[0]) == "楷体_GB2312"  # prose
    font_table = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode()
    assert 'w:name="楷体_GB2312"' in font_table
    assert '<w:altName w:val="楷体"/>' in font_table
    with pytest.raises(ValueError, match="title"):
        DocxFonts(title="")


def test_headers_bold_centred_values_centred(report: AnnualReport) -> None:
    """Header cells are bold and centred; value cells centred and not bold."""
    document = _render(report)
    t3 = document.tables[1]
    center = docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    header = t3.rows[2].cells[4]
    assert header.text == "商业企业"
    assert header.paragraphs[0].alignment == center
    assert all(r.font.bold for r in header.paragraphs[0].runs)
    value = t3.rows[3].cells[-1]
    assert value.text == str(report.applications.received.total)
    assert value.paragraphs[0].alignment == center
    assert not any(r.font.bold for r in value.paragraphs[0].runs)


def test_borders_on_every_cell(report: AnnualReport) -> None:
    """Tables use Table Grid and state single borders on all six edges."""
    for table in _render(report).tables:
        assert table.style.name == "Table Grid"
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        edges = {el.tag.split("}")[1]: el.get(qn("w:val")) for el in borders}
        assert edges == dict.fromkeys(
            ("top", "left", "bottom", "right", "insideH", "insideV"), "single"
        )


def test_page_number_footer() -> None:
    """The footer holds a PAGE field."""
    footer = _render(sample_report("2021")).sections[0].footer
    instr = footer._element.findall(f".//{qn('w:instrText')}")
    assert [i.text.strip() for i in instr] == ["PAGE"]


# --- robustness --------------------------------------------------------------------------------


def test_characters_xml_cannot_hold_are_dropped() -> None:
    """Control characters in text are dropped instead of failing the whole document."""
    report = attrs.evolve(sample_report("2021"), overview=("甲\x00乙\x0b丙",), title="标\x1f题")
    report = attrs.evolve(report, printed={"proactive.fees": "约\r12\x01\ufffe万"})
    document = _render(report)
    assert document.paragraphs[0].text == "标题"
    assert "甲乙丙" in [p.text for p in document.paragraphs]
    fees = {row.cells[0].text: row.cells[-1].text for row in document.tables[0].rows}
    assert fees["行政事业性收费"] == "约\n12万"


def test_very_long_agency_name_renders() -> None:
    """An agency name longer than a document property may hold is cut in the properties only."""
    agency = "某" * 300
    document = _render(attrs.evolve(sample_report("2021"), agency=agency))
    assert document.paragraphs[0].text.startswith(agency)
    assert document.core_properties.author == "某" * 255


def test_wrong_arguments_raise_type_errors() -> None:
    """Misuse raises TypeError naming what was expected."""
    with pytest.raises(TypeError, match="AnnualReport"):
        render_docx("report")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="DocxFonts"):
        render_docx(sample_report("2021"), fonts="宋体")  # type: ignore[arg-type]


def test_missing_python_docx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without python-docx the renderer raises ImportError telling how to install the extra."""
    monkeypatch.setitem(sys.modules, "docx", None)
    monkeypatch.setattr(docx_module, "_api", None)
    with pytest.raises(ImportError, match=r'pip install "gov-disclosure\[docx\]"'):
        render_docx(sample_report("2021"))


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(any_reports())
def test_any_report_renders(report: AnnualReport) -> None:
    """Any report the model holds renders to a document python-docx reads back, with its
    title, the six headings and every table cell in place."""
    document = _render(report)
    assert document.paragraphs[0].text == _word_text(report.display_title)
    assert _headings(document) == HEADINGS
    _check_tables(report, document)


# --- determinism -------------------------------------------------------------------------------


def test_byte_identical_output(report: AnnualReport) -> None:
    """Rendering the same report twice gives the same bytes, with fixed zip and core dates."""
    first = render_docx(report)
    assert render_docx(report) == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        stamps = {info.date_time for info in package.infolist()}
        assert stamps == {(report.year + 1, 1, 1, 0, 0, 0)}
        names = package.namelist()
        assert "docProps/thumbnail.jpeg" not in names
    props = _read(first).core_properties
    assert props.created == props.modified == props.last_printed
    assert props.created == datetime.datetime(report.year + 1, 1, 1, tzinfo=datetime.timezone.utc)
    assert props.revision == 1
    assert props.title == report.display_title


def test_published_date_is_the_document_date() -> None:
    """A published report is stamped with its publication date."""
    report = attrs.evolve(sample_report("2021"), published=datetime.date(2025, 1, 20))
    data = render_docx(report)
    assert _read(data).core_properties.created == datetime.datetime(
        2025, 1, 20, tzinfo=datetime.timezone.utc
    )
    stamps = {i.date_time for i in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert stamps == {(2025, 1, 20, 0, 0, 0)}


def test_byte_identical_across_processes() -> None:
    """Two interpreters with different hash seeds write the same bytes."""
    script = (
        "import sys, hashlib\n"
        "from gov_disclosure.testing import sample_report\n"
        "from gov_disclosure.render.docx import render_docx\n"
        "sys.stdout.write(hashlib.sha256(render_docx(sample_report('2019'))).hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        digests.add(result.stdout)
    assert len(digests) == 1


# --- golden text -------------------------------------------------------------------------------


def test_golden_text(edition: str) -> None:
    """The text content of the sample documents matches the golden files exactly."""
    text = document_text(_render(sample_report(edition)))
    path = GOLDEN / f"sample-{edition}.docx.txt"
    if REGEN:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} is missing; run with GOV_DISCLOSURE_REGEN_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")
