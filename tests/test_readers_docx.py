"""Tests for the Word front end (``gov_disclosure.readers.docx``)."""

from __future__ import annotations

import contextlib
import io
import random
import struct
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import AnnualReport, Edition
from gov_disclosure.errors import ParseError
from gov_disclosure.readers import parse
from gov_disclosure.readers.blocks import Block, Grid, Paragraph
from gov_disclosure.readers.normalize import label_key
from gov_disclosure.render import render
from gov_disclosure.statutory import table_spec
from gov_disclosure.testing import report_from_tables, sample_report

etree = pytest.importorskip("lxml.etree")
docx = pytest.importorskip("docx")

from gov_disclosure.readers import docx as front  # noqa: E402
from gov_disclosure.readers.docx import docx_blocks  # noqa: E402
from test_readers import readable_reports  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
TEMPLATE = CORPUS / "T1_zwgk-nianbao-muban_2021-format.docx"
NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{NS}}}"


def texts(blocks: Iterable[Block]) -> list[str]:
    """The paragraph texts of a block list."""
    return [b.text for b in blocks if isinstance(b, Paragraph)]


def grids(blocks: Iterable[Block]) -> list[Grid]:
    """The grids of a block list."""
    return [b for b in blocks if isinstance(b, Grid)]


def package(document: bytes | str, *, extra: Sequence[tuple[str, bytes]] = ()) -> bytes:
    """A minimal .docx holding ``document`` as word/document.xml."""
    if isinstance(document, str):
        document = document.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", document)
        for name, data in extra:
            archive.writestr(name, data)
    return out.getvalue()


def body(xml: str) -> bytes:
    """A .docx whose body is ``xml``."""
    return package(
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{NS}" xmlns:mc="http://schemas.openxmlformats.org/'
        f'markup-compatibility/2006"><w:body>{xml}</w:body></w:document>'
    )


def cells_of(report: AnnualReport, table: str | None = None) -> dict[str, Any]:
    """Statutory cells by path (of one table, or all)."""
    return {c.path: c.value for c in gd.to_cells(report) if table is None or c.table == table}


# ----------------------------------------------------------------------------- round trip

ROUND_TRIP = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@ROUND_TRIP
@given(report=readable_reports())
def test_render_then_parse_gives_the_report_back(report: AnnualReport) -> None:
    """parse(render(r, to="docx")) == r: metadata, values, blanks, printed text, forms and
    narrative, for reports of both editions and mixed forms."""
    parsed = parse(render(report, to="docx"), format="docx")
    assert parsed.report == report
    assert [f.code for f in parsed.findings if f.code != "R001"] == []


@pytest.mark.parametrize(
    ("agency", "title", "edition"),
    [("一一", "一一一一", "2019"), ("一一", None, "2021"), ("某市政务公开办公室", None, "2019")],
    ids=["title", "edition", "agency"],
)
def test_what_a_word_rendering_prints_reads_back(
    agency: str, title: str | None, edition: str
) -> None:
    """A custom title without a year, an edition no table shows, an agency whose name holds
    政务公开: the metadata line under the title carries them."""
    report = report_from_tables(
        [], agency=agency, year=2019, edition=Edition(edition), title=title, overview=["一一。"]
    )
    assert parse(render(report, to="docx"), format="docx").report == report


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_sample_reports_round_trip(edition: str, tmp_path: Path) -> None:
    """The sample reports read back exactly, from bytes and from a path (form by suffix)."""
    report = sample_report(edition)
    data = render(report, to="docx")
    assert parse(data, format="docx").report == report
    assert parse(data).format == "docx"  # sniffed
    path = tmp_path / "报告.docx"
    path.write_bytes(data)
    assert parse(path).report == report


def test_rendered_tables_are_grids_with_merged_cells() -> None:
    """The renderer's merged cells come back as positions sharing one id and one text."""
    blocks = docx_blocks(render(sample_report("2021"), to="docx"))
    two, three, four = grids(blocks)
    assert [g.number for g in (two, three, four)] == [1, 2, 3]
    assert two.rows[0] == ("第二十条第（一）项",) * 4
    assert len(set(two.ids[0])) == 1
    # table 三: the corner note spans 3 columns and 3 rows
    assert {three.ids[r][c] for r in range(3) for c in range(3)} == {three.ids[0][0]}
    assert three.rows[1][3] == three.rows[2][3] == "自然人"
    assert three.ids[1][3] == three.ids[2][3]
    assert all(len(row) == 10 for row in three.rows)
    assert all(len(row) == 15 for row in four.rows)
    assert texts(blocks)[0] == sample_report("2021").display_title


# ------------------------------------------------------------------------ the official template


def _template() -> bytes:
    if not TEMPLATE.is_file():
        pytest.skip(f"the official template is not available at {TEMPLATE}")
    return TEMPLATE.read_bytes()


def _tc_text(tc: Any) -> str:
    return "".join(t.text or "" for t in tc.iter(f"{W}t"))


def _continues(tc: Any) -> bool:
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    return merge is not None and merge.get(f"{W}val") != "restart"


def _put(tc: Any, text: str) -> None:
    """Write ``text`` into an empty cell (into its first paragraph)."""
    paragraph = tc.find(f"{W}p")
    if paragraph is None:
        paragraph = etree.SubElement(tc, f"{W}p")
    run = etree.SubElement(paragraph, f"{W}r")
    etree.SubElement(run, f"{W}t").text = text


def _set_paragraph(p: Any, text: str) -> None:
    """Replace a paragraph's runs by one run of ``text``."""
    for run in p.findall(f"{W}r"):
        p.remove(run)
    _put_run = etree.SubElement(p, f"{W}r")
    etree.SubElement(_put_run, f"{W}t").text = text


def _rewrite(data: bytes, document: bytes) -> bytes:
    """The package ``data`` with its word/document.xml replaced."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            body = document if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item, body)
    return out.getvalue()


def _fill_template(
    data: bytes,
    report: AnnualReport | None,
    *,
    title: str,
    prose: Sequence[str] = (),
) -> bytes:
    """The template with its title set, its ``（文字描述…）`` placeholders replaced by ``prose``
    (in order) and, given a report, its value cells filled with the report's figures: each
    statutory row located by its label text in the row's first cells, its figures written into
    the row's empty cells in order (cells continuing a vertical merge left alone)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    body_el = root.find(f"{W}body")
    paragraphs = [p for p in body_el.findall(f"{W}p") if _tc_text(p).strip()]
    _set_paragraph(paragraphs[0], title)
    placeholders = [p for p in paragraphs if _tc_text(p).startswith("（文字描述")]
    assert len(placeholders) == 3
    for p, text in zip(placeholders, prose, strict=False):
        _set_paragraph(p, text)
    if report is not None:
        tables = body_el.findall(f"{W}tbl")
        assert len(tables) == 3
        for key, table in zip(("二", "三", "四"), tables, strict=True):
            rows: dict[tuple[str, ...], list[Any]] = {}
            for cell in gd.to_cells(report):
                if cell.table == key:
                    rows.setdefault(cell.row, []).append(cell.value)
            trs = table.findall(f"{W}tr")
            for labels, values in rows.items():
                if labels:
                    wanted = label_key(labels[-1])
                    found = [
                        tr
                        for tr in trs
                        if any(label_key(_tc_text(tc)) == wanted for tc in tr.findall(f"{W}tc"))
                    ]
                else:  # table 四: the row without labels
                    found = [
                        tr for tr in trs if not any(_tc_text(tc) for tc in tr.findall(f"{W}tc"))
                    ]
                assert len(found) == 1, (key, labels)
                empty = [
                    tc
                    for tc in found[0].findall(f"{W}tc")
                    if not _tc_text(tc).strip() and not _continues(tc)
                ]
                assert len(empty) == len(values), (key, labels)
                for tc, value in zip(empty, values, strict=True):
                    if value is not None:
                        _put(tc, str(value))
    return _rewrite(data, etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def test_the_filled_template_reads_to_every_cell(tmp_path: Path) -> None:
    """The official template filled with a report's figures and prose reads back to every
    statutory cell, in the 2021 forms, with the prose in its sections."""
    report = sample_report("2021")
    prose = ["本年度依法推进政务公开，各项工作有序开展。", "解读工作仍需加强。", "无。"]
    path = tmp_path / "filled.docx"
    path.write_bytes(_fill_template(_template(), report, title=report.display_title, prose=prose))
    parsed = parse(path)
    assert parsed.format == "docx"
    got, want = cells_of(parsed.report), cells_of(report)
    right = sum(got.get(path) == value for path, value in want.items())
    assert (right, len(got)) == (len(want), len(want)), {
        p: (got.get(p), v) for p, v in want.items() if got.get(p) != v
    }
    assert parsed.report.edition.document == report.edition.document
    assert (parsed.report.agency, parsed.report.year) == (report.agency, report.year)
    assert parsed.report.overview == (prose[0],)
    assert parsed.report.problems == (prose[1],)
    assert parsed.report.other_matters == (prose[2],)


def test_the_unfilled_template_reads_to_blank_cells() -> None:
    """The empty template: three grids of labels and blank cells; with a year in its title it
    parses to every table present and every cell blank."""
    data = _template()
    blocks = docx_blocks(data)
    two, three, four = grids(blocks)
    assert two.rows[2] == ("规章", "", "", "")
    assert (len(three.rows), len(three.rows[0])) == (28, 10)
    assert three.rows[-1][0] == "四、结转下年度继续办理"
    assert four.rows[-1] == ("",) * 15
    assert "（文字描述）" in texts(blocks)
    unfilled = parse(data, format="docx")  # the template prints no year: R003, 2021 stands in
    assert unfilled.report.year == 2021
    assert {"R002", "R003"} <= {f.code for f in unfilled.findings}
    filled = _fill_template(data, None, title="某县人民政府2021年政府信息公开工作年度报告")
    parsed = parse(filled, format="docx")
    cells = list(gd.to_cells(parsed.report))
    assert {c.table for c in cells} == {"二", "三", "四"}
    assert len(cells) == 200
    assert all(c.value is None for c in cells)


# ----------------------------------------------------------------- tables built with python-docx


def _table3_rows(report: AnnualReport) -> tuple[list[tuple[str, ...]], list[list[Any]]]:
    """Table 三's row labels and their values, in reading order."""
    rows: dict[tuple[str, ...], list[Any]] = {}
    for cell in gd.to_cells(report):
        if cell.table == "三":
            rows.setdefault(cell.row, []).append(cell.value)
    return list(rows), list(rows.values())


def _document(
    report: AnnualReport, build: Any, *, heading: str = "三、收到和处理政府信息公开申请情况"
) -> bytes:
    """A python-docx document: a title, the heading of section 三, then ``build(doc)``."""
    doc = docx.Document()
    doc.add_paragraph(report.display_title)
    doc.add_paragraph(heading)
    build(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _head(table: Any, extra: int = 0) -> None:
    """Write table 三's three header rows into the first three rows of ``table`` (label column
    merged down the header, 自然人 and 总计 merged down two rows, 法人或其他组织 across five)."""
    columns = [c.column.labels for c in table_spec("三", "2021").cells[:7]]
    table.cell(0, 0).merge(table.cell(2, 0))
    table.cell(0, 1 + extra).merge(table.cell(0, 7 + extra)).text = "申请人情况"
    table.cell(1, 1 + extra).merge(table.cell(2, 1 + extra)).text = "自然人"
    table.cell(1, 2 + extra).merge(table.cell(1, 6 + extra)).text = "法人或其他组织"
    table.cell(1, 7 + extra).merge(table.cell(2, 7 + extra)).text = "总计"
    for j, labels in enumerate(columns[1:6]):
        table.cell(2, 2 + extra + j).text = labels[-1]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def test_a_table_three_with_its_labels_in_one_column() -> None:
    """Table 三 with one label column (the innermost label only), merged header cells."""
    report = sample_report("2021")
    labels, values = _table3_rows(report)

    def build(doc: Any) -> None:
        table = doc.add_table(rows=3 + len(labels), cols=8)
        _head(table)
        for i, (label, row) in enumerate(zip(labels, values, strict=True)):
            cells = table.rows[3 + i].cells
            cells[0].text = label[-1]
            for j, value in enumerate(row):
                cells[1 + j].text = _text(value)

    parsed = parse(_document(report, build), format="docx")
    assert cells_of(parsed.report, "三") == cells_of(report, "三")


def test_a_table_three_split_in_two_tables_with_a_blank_column() -> None:
    """Table 三 printed as two Word tables (the second without a header), with an extra blank
    column between labels and figures and the row groups merged down their rows."""
    report = sample_report("2021")
    labels, values = _table3_rows(report)
    cut = 12

    def rows_into(table: Any, first: int, part: range) -> None:
        for i, k in enumerate(part):
            cells = table.rows[first + i].cells
            label = labels[k]
            cells[0].text = label[0]
            cells[1].text = label[-1] if len(label) > 1 else ""
            for j, value in enumerate(values[k]):
                cells[3 + j].text = _text(value)
        groups: dict[str, list[int]] = {}
        for i, k in enumerate(part):
            groups.setdefault(labels[k][0], []).append(first + i)
        for rows in groups.values():
            if len(rows) > 1:
                top = table.cell(rows[0], 0)
                text = top.text
                top.merge(table.cell(rows[-1], 0)).text = text

    def build(doc: Any) -> None:
        first = doc.add_table(rows=3 + cut, cols=10)
        _head(first, extra=2)
        rows_into(first, 3, range(cut))
        doc.add_paragraph("")
        second = doc.add_table(rows=len(labels) - cut, cols=10)
        rows_into(second, 0, range(cut, len(labels)))

    data = _document(report, build)
    blocks = docx_blocks(data)
    assert len(grids(blocks)) == 2
    parsed = parse(data, format="docx")
    assert cells_of(parsed.report, "三") == cells_of(report, "三")


def test_merged_cells_built_with_python_docx() -> None:
    """cell.merge() across and down gives one id over the span, the text at every position."""

    def build(doc: Any) -> None:
        table = doc.add_table(rows=3, cols=3)
        table.cell(0, 0).merge(table.cell(1, 1)).text = "甲"
        table.cell(0, 2).text = "乙"
        table.cell(1, 2).text = "丙"
        table.cell(2, 0).text = "丁"
        table.cell(2, 1).merge(table.cell(2, 2)).text = "戊"

    (grid,) = grids(docx_blocks(_document(sample_report("2021"), build)))
    assert grid.rows == (("甲", "甲", "乙"), ("甲", "甲", "丙"), ("丁", "戊", "戊"))
    assert grid.ids[0][0] == grid.ids[0][1] == grid.ids[1][0] == grid.ids[1][1]
    assert len({grid.ids[0][0], grid.ids[0][2], grid.ids[1][2], grid.ids[2][0]}) == 4
    assert grid.ids[2][1] == grid.ids[2][2]


# ---------------------------------------------------------------------------- text of runs


def test_runs_fields_and_tracked_changes() -> None:
    """Text in several runs joins; field results are kept and instructions dropped; deleted
    text is dropped and inserted text kept; content controls are read; tabs and breaks kept."""
    xml = (
        "<w:p><w:pPr><w:tabs><w:tab w:val='left' w:pos='400'/></w:tabs></w:pPr>"
        "<w:r><w:t>本年度</w:t></w:r><w:r><w:t xml:space='preserve'>收到 </w:t></w:r>"
        "<w:fldSimple w:instr=' PAGE '><w:r><w:t>12</w:t></w:r></w:fldSimple>"
        "<w:r><w:t>件</w:t></w:r>"
        "<w:del w:id='1' w:author='x'><w:r><w:delText>删去</w:delText><w:tab/></w:r></w:del>"
        "<w:ins w:id='2' w:author='x'><w:r><w:t>，</w:t></w:r></w:ins>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> = 1 + 2 </w:instrText>"
        "</w:r><w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>3</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
        "<w:r><w:t>次</w:t><w:tab/><w:t>甲</w:t><w:br/><w:t>乙</w:t></w:r></w:p>"
        "<w:p/><w:p><w:r><w:t xml:space='preserve'>   </w:t></w:r></w:p>"
        "<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>控件</w:t></w:r><w:r><w:noBreakHyphen/><w:t>内</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
        "<w:p><w:moveFrom w:id='3' w:author='x'><w:r><w:t>旧</w:t></w:r></w:moveFrom>"
        "<w:moveTo w:id='4' w:author='x'><w:r><w:t>新</w:t></w:r></w:moveTo>"
        "<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>"
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><w:txbxContent>"
        "<w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        "<w:r><w:t>锚</w:t></w:r></w:p>"
    )
    assert texts(docx_blocks(body(xml))) == [
        "本年度收到 12件，3次\t甲\n乙",
        "控件-内",
        "新链接",
        "文本框",
        "锚",
    ]


def test_a_field_spanning_paragraphs_keeps_its_result() -> None:
    """A field begun in one paragraph and ended in a later one (a TOC) shows its result."""
    xml = (
        "<w:p><w:r><w:fldChar w:fldCharType='begin'/><w:instrText>TOC \\o</w:instrText>"
        "<w:fldChar w:fldCharType='separate'/><w:t>目录一</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>目录二</w:t><w:fldChar w:fldCharType='end'/></w:r></w:p>"
        "<w:p><w:r><w:t>正文</w:t></w:r></w:p>"
    )
    assert texts(docx_blocks(body(xml))) == ["目录一", "目录二", "正文"]


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_grid_spans_merges_and_skipped_columns() -> None:
    """gridSpan, vMerge (restart/continue), hMerge, gridBefore/gridAfter, cells of several
    paragraphs, a row deleted as a tracked change."""
    xml = (
        "<w:tbl><w:tblPr/><w:tblGrid/>"
        "<w:tr>" + _tc("甲", "<w:vMerge w:val='restart'/>") + _tc("乙", "<w:gridSpan w:val='2'/>")
        + "</w:tr>"
        "<w:tr>" + _tc("", "<w:vMerge/>") + _tc("丙") + _tc("丁") + "</w:tr>"
        "<w:tr><w:trPr><w:del w:id='1' w:author='x'/></w:trPr>" + _tc("删") + _tc("删") + "</w:tr>"
        "<w:tr><w:trPr><w:gridBefore w:val='1'/><w:gridAfter w:val='1'/></w:trPr>"
        "<w:tc><w:p><w:r><w:t>一</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>二</w:t></w:r></w:p>"
        "</w:tc></w:tr>"
        "<w:tr>" + _tc("戊", "<w:hMerge w:val='restart'/>") + _tc("", "<w:hMerge/>") + _tc("己")
        + "</w:tr>"
        "</w:tbl>"
    )  # fmt: skip
    (grid,) = docx_blocks(body(xml))
    assert isinstance(grid, Grid)
    assert grid.rows == (
        ("甲", "乙", "乙"),
        ("甲", "丙", "丁"),
        ("", "一\n二", ""),
        ("戊", "戊", "己"),
    )
    ids = grid.ids
    assert ids[0][0] == ids[1][0]
    assert ids[0][1] == ids[0][2]
    assert len({ids[2][0], ids[2][1], ids[2][2]}) == 3
    assert ids[3][0] == ids[3][1] != ids[3][2]
    assert grid.lines == (None,) * 4
    assert grid.number == 1


def test_a_layout_table_holding_a_table() -> None:
    """A table holding another is layout: its cells' paragraphs come out as paragraphs, the
    inner table as a grid, in order; a one-column box reads as paragraphs."""
    inner = "<w:tbl><w:tr>" + _tc("规章") + _tc("3") + "</w:tr></w:tbl>"
    xml = (
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>标题</w:t></w:r></w:p>"
        + inner
        + "<w:p><w:r><w:t>尾</w:t></w:r></w:p></w:tc>"
        + _tc("右")
        + "</w:tr></w:tbl>"
        + "<w:tbl><w:tr>"
        + _tc("框")
        + "</w:tr></w:tbl>"
        + "<w:tbl><w:tr>"
        + _tc("")
        + _tc("")
        + "</w:tr></w:tbl>"
    )
    blocks = docx_blocks(body(xml))
    assert [b.text if isinstance(b, Paragraph) else b.rows for b in blocks] == [
        "标题",
        (("规章", "3"),),
        "尾",
        "右",
        "框",
    ]


def test_strict_open_xml_and_part_names_in_other_case() -> None:
    """A Strict Open XML document reads like a transitional one; zip names ignore case."""
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    xml = (
        f'<w:document xmlns:w="{strict}"><w:body><w:p><w:r><w:t>严格</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    assert texts(docx_blocks(package(xml))) == ["严格"]
    renamed = package(xml).replace(b"word/document.xml", b"Word/Document.xml")
    assert texts(docx_blocks(renamed)) == ["严格"]


def test_a_missing_lxml_is_a_parse_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without lxml, reading a .docx says which extra to install."""

    def missing() -> Any:
        raise ImportError(front._INSTALL_HINT)

    monkeypatch.setattr(front, "_lxml", missing)
    with pytest.raises(ParseError, match=r"gov-disclosure\[docx\]"):
        docx_blocks(body("<w:p/>"), file="a.docx")


# ------------------------------------------------------------------------ safety and fuzzing


def _raises(data: bytes, match: str | None = None) -> ParseError:
    with pytest.raises(ParseError, match=match) as info:
        docx_blocks(data, file="x.docx")
    assert info.value.file == "x.docx" or "x.docx" in str(info.value)
    return info.value


def test_a_zip_bomb() -> None:
    """A document.xml of 200 MB of zeros (≈200 KB compressed) is refused unread."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as stream,
    ):
        chunk = b"\x00" * (1 << 20)
        for _ in range(200):
            stream.write(chunk)
    _raises(out.getvalue(), "larger than|compressed")


def test_a_bomb_that_lies_about_its_size() -> None:
    """A declared small size over 70 MB of XML stops at the limit, not after inflating it."""
    xml = b"<w:document xmlns:w='" + NS.encode() + b"'><w:body>" + b" " * (70 << 20)
    data = bytearray(package(xml))
    # patch the declared uncompressed size (central directory and local header) to 1000
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at : name_at + 17] == b"word/document.xml":
                data[start + offset : start + offset + 4] = struct.pack("<L", 1000)
            start += 4
    _raises(bytes(data))


def test_a_compressed_document_ratio() -> None:
    """A highly compressible but small document is fine; 8 MB of one character is not."""
    assert docx_blocks(body("<w:p><w:r><w:t>" + "甲" * 100_000 + "</w:t></w:r></w:p>"))
    _raises(body("<w:p><w:r><w:t>" + "a" * (8 << 20) + "</w:t></w:r></w:p>"), "compressed")


def test_too_many_entries() -> None:
    """A zip of more than 10,000 entries is refused before zipfile reads its directory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", b"<x/>")
        for i in range(10_001):
            archive.writestr(f"{i}", b"")
    _raises(out.getvalue(), "entries")


def test_a_billion_laughs() -> None:
    """A DTD with nested entities is refused without expanding anything."""
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        f'<w:document xmlns:w="{NS}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body>'
        "</w:document>"
    )
    _raises(package(xml), "DTD")
    _raises(package(xml.encode("utf-16")), "DTD")


def test_an_external_entity() -> None:
    """An external entity (XXE) is refused; the file it names is never read."""
    xml = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body>'
        "</w:document>"
    )
    _raises(package(xml), "DTD")


def test_broken_packages() -> None:
    """Truncated zips, random bytes, a zip without word/document.xml, a document.xml that is
    not XML or not WordprocessingML, an encrypted-looking entry: ParseError each."""
    real = render(sample_report("2021"), to="docx")
    for cut in (10, 100, len(real) // 2, len(real) - 30, len(real) - 1):
        _raises(real[:cut])
    _raises(bytes(random.Random(1).randrange(256) for _ in range(5000)))
    _raises(b"")
    _raises(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "password-protected")
    _raises(package(b"<x/>").replace(b"word/document.xml", b"word/other.xmlxx"), "document")
    _raises(package(b"<w:document"), "well-formed")
    _raises(package(b"<html><body><p>x</p></body></html>"), "WordprocessingML")
    _raises(package(b"\xff\xfe\x00"), "well-formed")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", b"x")
    _raises(out.getvalue(), "without word/document.xml")


def test_deeply_nested_tables() -> None:
    """Tables nested 2,000 deep raise ParseError (libxml2's depth limit); 60 deep read."""
    for depth, fails in ((2000, True), (60, False)):
        xml = "<w:tbl><w:tr><w:tc>" * depth + "<w:p><w:r><w:t>底</w:t></w:r></w:p>"
        xml += "</w:tc></w:tr></w:tbl>" * depth
        if fails:
            _raises(body(xml), "well-formed|depth")
        else:
            assert texts(docx_blocks(body(xml))) == ["底"]


def test_huge_spans_are_bounded() -> None:
    """Spans are capped and the positions of all grids are budgeted."""
    row = "<w:tr>" + _tc("甲", "<w:gridSpan w:val='999999999'/>") + _tc("乙") + "</w:tr>"
    (grid,) = docx_blocks(body("<w:tbl>" + row + "</w:tbl>"))
    assert len(grid.rows[0]) == 1001
    _raises(body("<w:tbl>" + row * 2000 + "</w:tbl>"), "too large")


FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_raise_only_parse_error(data: bytes) -> None:
    """Random bytes (and random bytes behind a zip signature) raise ParseError, nothing else."""
    for candidate in (data, b"PK\x03\x04" + data):
        with pytest.raises(ParseError):
            docx_blocks(candidate)


_REAL: list[bytes] = []


def _real() -> bytes:
    if not _REAL:
        _REAL.append(render(sample_report("2021"), to="docx"))
    return _REAL[0]


@FUZZ
@given(
    st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8
    )
)
def test_mutated_docx_bytes_raise_only_parse_error(edits: list[tuple[float, int]]) -> None:
    """A real .docx with a few bytes changed reads or raises ParseError, nothing else."""
    data = bytearray(_real())
    for where, value in edits:
        data[int(where * len(data))] = value
    with contextlib.suppress(ParseError):
        docx_blocks(bytes(data))


_XML: list[bytes] = []


@FUZZ
@given(
    st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.sampled_from(list(b"<>/=\"' &;:wx0\x00"))),
        min_size=1,
        max_size=6,
    )
)
def test_mutated_document_xml_raises_only_parse_error(edits: list[tuple[float, int]]) -> None:
    """A real document.xml with a few markup bytes changed reads or raises ParseError."""
    if not _XML:
        with zipfile.ZipFile(io.BytesIO(_real())) as archive:
            _XML.append(archive.read("word/document.xml"))
    xml = bytearray(_XML[0])
    for where, value in edits:
        xml[int(where * len(xml))] = value
    try:
        blocks = docx_blocks(package(bytes(xml)))
    except ParseError:
        return
    assert all(isinstance(b, (Paragraph, Grid)) for b in blocks)


def test_decimal_figures_read_back() -> None:
    """A money figure in a Word cell reads as the Decimal it prints."""
    report = sample_report("2021")
    parsed = parse(render(report, to="docx"), format="docx")
    assert parsed.report.proactive.fees == report.proactive.fees == Decimal("12.5")
