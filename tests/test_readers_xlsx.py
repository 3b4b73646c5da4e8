"""The Excel (.xlsx) front end: reports written as workbooks read back (merged cells expanded,
numbers as Excel shows them), sheets and rows as positions, and hostile workbooks."""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import ParseError, parse
from gov_disclosure.readers.blocks import Grid, Paragraph
from gov_disclosure.readers.html import html_blocks
from gov_disclosure.readers.xlsx import xlsx_blocks
from gov_disclosure.render import render
from gov_disclosure.testing import hongze_2023, huaian_2024, sample_report

Cell = str | int
Merge = tuple[int, int, int, int]  # top, left, bottom, right (1-based)


def _letters(column: int) -> str:
    out = ""
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def sheet_xml(rows: Sequence[Sequence[Cell | None]], merges: Sequence[Merge] = ()) -> str:
    """A worksheet: strings inline, ints as numbers; ``None`` leaves the cell out."""
    out = [
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    ]
    for r, row in enumerate(rows, start=1):
        out.append(f'<row r="{r}">')
        for c, value in enumerate(row, start=1):
            ref = f"{_letters(c)}{r}"
            if value is None:
                continue
            if isinstance(value, int):
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        out.append("</row>")
    out.append("</sheetData>")
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">')
        for top, left, bottom, right in merges:
            ref = f"{_letters(left)}{top}:{_letters(right)}{bottom}"
            out.append(f'<mergeCell ref="{ref}"/>')
        out.append("</mergeCells>")
    out.append("</worksheet>")
    return "".join(out)


def workbook(
    sheets: Sequence[tuple[str, str]],
    *,
    hidden: Sequence[str] = (),
    shared: Sequence[str] = (),
) -> bytes:
    """An .xlsx of the given (name, worksheet XML) sheets."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    sheet_list = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"'
        + (' state="hidden"' if name in hidden else "")
        + "/>"
        for i, (name, _) in enumerate(sheets, start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "xl/workbook.xml", f"<workbook {ns} {rel}><sheets>{sheet_list}</sheets></workbook>"
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>",
        )
        if shared:
            items = "".join(f"<si><t>{escape(s)}</t></si>" for s in shared)
            z.writestr("xl/sharedStrings.xml", f"<sst {ns}>{items}</sst>")
        for i, (_, xml) in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
    return out.getvalue()


def report_workbook(report: gd.AnnualReport) -> bytes:
    """The report as one sheet laid out as its web page is: each paragraph in column A, each
    table with its merged cells as merged ranges, an empty row between blocks."""
    rows: list[list[Cell | None]] = []
    merges: list[Merge] = []
    for block in html_blocks(render(report, to="html")):  # type: ignore[arg-type]
        if isinstance(block, Paragraph):
            rows.append([block.text])
        else:
            top = len(rows) + 1
            seen: dict[int, list[int]] = {}
            for r, (texts, ids) in enumerate(zip(block.rows, block.ids, strict=True)):
                row: list[Cell | None] = []
                for c, (text, ident) in enumerate(zip(texts, ids, strict=True)):
                    box = seen.get(ident)
                    if box is None:
                        seen[ident] = [r, c, r, c]
                        row.append(int(text) if text.isdigit() and len(text) < 10 else text)
                    else:
                        box[2], box[3] = max(box[2], r), max(box[3], c)
                        row.append(None)
                rows.append(row)
            merges += [
                (top + a, 1 + b, top + c, 1 + d) for a, b, c, d in seen.values() if (a, b) != (c, d)
            ]
        rows.append([])
    return workbook([("报告", sheet_xml(rows, merges))])


def cells(report: gd.AnnualReport) -> dict[str, object]:
    return {c.path: c.value for c in gd.to_cells(report)}


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_sample_report_reads_back(edition: str) -> None:
    report = sample_report(edition)  # type: ignore[arg-type]
    parsed = parse(report_workbook(report), format="xlsx")
    assert parsed.format == "xlsx"
    assert cells(parsed.report) == cells(report)
    assert (parsed.report.agency, parsed.report.year) == (report.agency, report.year)
    assert parsed.report.overview == report.overview
    assert all(s.page == 1 and s.line for s in parsed.sources.values())


@pytest.mark.parametrize("sample", [huaian_2024, hongze_2023], ids=["huaian", "hongze"])
def test_real_reports_read_back(sample: Callable[[], gd.AnnualReport]) -> None:
    """Every cell of the corpus reports' figures written as a workbook reads back as it was."""
    report = sample()
    assert cells(parse(report_workbook(report), format="xlsx").report) == cells(report)


def test_merged_ranges_expand_and_parts_split_at_empty_rows() -> None:
    rows: list[list[Cell | None]] = [
        ["标题"],
        [],
        ["说明", None, None],
        ["信息内容", "本年", "累计"],
        ["规章", 1, None],
        ["合并", None, 3],
    ]
    blocks = xlsx_blocks(workbook([("s", sheet_xml(rows, [(6, 1, 6, 2)]))]))
    assert blocks[0] == Paragraph("标题", line=1, page=1)
    assert blocks[1] == Paragraph("说明", line=3, page=1)
    grid = blocks[2]
    assert isinstance(grid, Grid)
    assert grid.rows == (("信息内容", "本年", "累计"), ("规章", "1", ""), ("合并", "合并", "3"))
    assert grid.ids[2][0] == grid.ids[2][1] != grid.ids[1][0]
    assert grid.lines == (4, 5, 6)
    assert (grid.page, grid.number) == (1, 1)


def test_numbers_are_shown_as_excel_shows_them() -> None:
    xml = sheet_xml([["a", "b", "c", "d", "e"]]).replace(
        "</sheetData>",
        '<row r="2"><c r="A2"><v>96171.600000000006</v></c><c r="B2"><v>0.30000000000000004</v></c>'
        '<c r="C2"><v>1E3</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="s"><v>0</v></c></row>'
        "</sheetData>",
    )
    grid = xlsx_blocks(workbook([("s", xml)], shared=["共享"]))[0]
    assert isinstance(grid, Grid)
    assert grid.rows[1] == ("96171.6", "0.3", "1000", "TRUE", "共享")


def test_hidden_sheets_are_left_out_and_sheets_are_pages() -> None:
    one = sheet_xml([["甲", "乙"], ["1", "2"]])
    two = sheet_xml([["丙", "丁"], ["3", "4"]])
    blocks = xlsx_blocks(workbook([("a", one), ("secret", one), ("b", two)], hidden=["secret"]))
    assert [(b.page, b.number) for b in blocks if isinstance(b, Grid)] == [(1, 1), (2, 2)]


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (sheet_xml([["x"]]).replace('r="A1"', 'r="A0"'), "not a cell reference"),
        (sheet_xml([["x", "y"]], [(1, 1, 1_048_576, 16_384)]), "once merged ranges are expanded"),
        (
            '<!DOCTYPE x [<!ENTITY a "aaaa">]>' + sheet_xml([["&a;"]]),
            "declares a DTD or entities",
        ),
        (
            sheet_xml([["x"]]).replace('t="inlineStr"><is><t>x</t></is>', 't="s"><v>7</v>'),
            "shared string",
        ),
        ("<worksheet><sheetData>", "not well-formed XML"),
    ],
    ids=["bad-reference", "huge-merge", "dtd", "missing-shared-string", "bad-xml"],
)
def test_hostile_sheets_raise_parse_error(xml: str, message: str) -> None:
    with pytest.raises(ParseError, match=message) as caught:
        parse(workbook([("s", xml)]), format="xlsx", file="bad.xlsx")
    assert str(caught.value).startswith("bad.xlsx: ")


def test_not_a_workbook() -> None:
    with pytest.raises(ParseError, match="not an Excel workbook"):
        parse(b"PK\x03\x04 not really a workbook", format="xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/other.xml", "<x/>")
    with pytest.raises(ParseError, match="without a worksheet"):
        parse(buffer.getvalue(), format="xlsx")


_SMALL = report_workbook(sample_report("2021"))


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(_SMALL) - 1), st.integers(0, 255), st.booleans()),
        min_size=1,
        max_size=8,
    ),
    cut=st.none() | st.integers(0, len(_SMALL)),
)
def test_mutated_workbook_gives_a_report_or_parse_error(
    edits: list[tuple[int, int, bool]], cut: int | None
) -> None:
    data = bytearray(_SMALL)
    for position, byte, insert in edits:
        if insert:
            data.insert(position, byte)
        else:
            data[position] = byte
    if cut is not None:
        del data[cut:]
    try:
        parsed = parse(bytes(data), format="xlsx")
    except ParseError:
        return
    assert parsed.format == "xlsx"


def test_mutated_sheet_xml_gives_a_report_or_parse_error() -> None:
    """Every single-character change of the sheet's XML (zipped again, so the zip is sound)
    ends in a report or ParseError."""
    xml = sheet_xml([["信息内容", "本年"], ["规章", 3]], [(1, 1, 1, 2)])
    for i in range(0, len(xml), 3):
        for ch in ('"', "<", "9", "A", ":"):
            with contextlib.suppress(ParseError):
                xlsx_blocks(workbook([("s", xml[:i] + ch + xml[i + 1 :])]))


def test_cells_without_references_follow_the_cell_before() -> None:
    """A cell without ``r`` is the column after the one before it, also after an empty styled
    cell that has a reference (such cells are otherwise skipped)."""
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c><c r="C1" s="1"/>'
        '<c t="inlineStr"><is><t>乙</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>丙</t></is></c><c><v>5</v></c></row>'
        "</sheetData></worksheet>"
    )
    grid = xlsx_blocks(workbook([("s", xml)]))[0]
    assert isinstance(grid, Grid)
    assert grid.rows == (("甲", "", "", "乙"), ("丙", "5", "", ""))
    assert grid.lines == (1, 2)
