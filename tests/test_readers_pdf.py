"""Tests for the PDF front end (``gov_disclosure.readers.pdf``): the corpus PDFs, reports
rendered to PDF with reportlab (ruled and unruled tables) read back, and hostile input."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import AnnualReport
from gov_disclosure.errors import ParseError
from gov_disclosure.grid import MISSING_TABLE_NOTE, place, table_grid
from gov_disclosure.readers import parse
from gov_disclosure.readers.blocks import Grid, Paragraph
from gov_disclosure.statutory import SECTIONS
from gov_disclosure.testing import sample_report
from strategies import blanked

pytest.importorskip("pypdfium2")
pytest.importorskip("reportlab")

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus import Paragraph as RLParagraph

from gov_disclosure.readers.pdf import MAX_PAGES, pdf_blocks
from gov_disclosure.render import _form_note, _metadata
from test_readers import readable_reports, wrong_cells

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
PDFS = sorted(CORPUS.glob("0[0-9]_*.pdf")) if CORPUS.is_dir() else []
NO_CORPUS = "../shared/corpus is not here"

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


# --- the corpus ------------------------------------------------------------------------------


@pytest.mark.skipif(not PDFS, reason=NO_CORPUS)
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_corpus_pdf_reads_to_every_expected_cell(path: Path) -> None:
    """Every statutory cell of a corpus PDF reads as the expected file gives it, and every
    cell's source names its page."""
    data = json.loads((CORPUS / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))
    parsed = parse(path)
    assert parsed.format == "pdf"
    assert parsed.report.year == data["year"]
    assert parsed.report.agency == data["agency"]
    assert wrong_cells(parsed.report, data) == []
    forms = {t.spec().key: t.form for t in parsed.report.tables()}
    assert str(forms.get("二")) == data["t2_form"]
    assert str(forms.get("三")) == data["t3_form"]
    # Rows of figures whose label is wrapped around them are placed (R019), nothing else.
    assert {f.code for f in parsed.findings} <= {"R019"}
    assert parsed.sources
    pages = {source.page for source in parsed.sources.values()}
    assert None not in pages
    assert pages <= set(range(1, 7))
    assert all(f.source is not None and f.source.page for f in parsed.findings)


@pytest.mark.skipif(not PDFS, reason=NO_CORPUS)
def test_corpus_published_error_in_table_4_is_read_as_printed() -> None:
    """02 prints 总计 0 under 行政复议 10 + 1: read as printed, then A401 with its page."""
    path = CORPUS / "02_hongze-quzhengfu_2023.pdf"
    found = [f for f in parse(path).validate() if f.code == "A401"]
    assert found
    assert all(f.source is not None and f.source.page == 4 for f in found)


@pytest.mark.skipif(not PDFS, reason=NO_CORPUS)
def test_corpus_blocks_carry_pages_and_lines() -> None:
    """02's ruled tables are grids (table 三 continues on page 4: a grid on each page), the rest
    paragraphs; every block has its page and line."""
    blocks = pdf_blocks((CORPUS / "02_hongze-quzhengfu_2023.pdf").read_bytes())
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    grids = [b for b in blocks if isinstance(b, Grid)]
    assert all(b.page and b.line for b in paragraphs)
    assert {b.page for b in blocks} == {1, 2, 3, 4, 5}
    assert [(g.number, g.page) for g in grids] == [(1, 2), (2, 3), (3, 3), (4, 4), (5, 4)]
    text = "\n".join(b.text for b in paragraphs)
    assert "五、存在的主要问题及改进情况" in text.splitlines()
    # The vertical 三、本年度办理结果 is one merged cell; figures stand in their own cells.
    table3 = grids[2]
    column = [row[0] for row in table3.rows]
    assert "三、本年度办理结果" in column
    assert len({table3.ids[i][0] for i, c in enumerate(column) if c == "三、本年度办理结果"}) == 1
    assert ("行政许可", "550", "550", "550") in grids[0].rows
    assert all(len(set(map(len, g.rows))) == 1 and len(g.lines) == len(g.rows) for g in grids)
    # Every row holds text, so every row has the number of its first line on the page.
    assert all(line is not None for g in grids for line in g.lines)
    # Table 四: 15 figures in 15 cells, the last row.
    assert grids[4].rows[-1] == ("10", "1", "0", "0", "0", *["0"] * 5, "5", *["0"] * 4)


@pytest.mark.skipif(not PDFS, reason=NO_CORPUS)
@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9, 0.99])
def test_truncated_corpus_pdf(cut: float) -> None:
    data = (CORPUS / "01_huaian-shizhengfu_2024.pdf").read_bytes()
    try:
        blocks = pdf_blocks(data[: int(len(data) * cut)])
    except ParseError:
        return
    assert all(isinstance(b, (Paragraph, Grid)) and b.page for b in blocks)


# --- reports rendered to PDF with reportlab ----------------------------------------------------


def _style(name: str, size: float, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=FONT, fontSize=size, leading=size * 1.25, wordWrap="CJK", **kw
    )


def _cell_paragraph(text: str, role: str, size: float) -> RLParagraph:
    align = TA_RIGHT if role == "value" else TA_CENTER if role == "head" else TA_LEFT
    if len(text) == 1 and not text.isascii():
        # PDFium loses a string of one CJK character in a font with a predefined UCS-2 CMap
        # (reportlab's STSong-Light): neither its text page nor FPDFTextObj_GetText gives it
        # (pdftotext does). Real reports embed their fonts (Identity-H), where it does not
        # happen; a no-break space after the character makes the string two characters.
        text += "\u00a0"
    return RLParagraph(escape(text), _style(f"cell-{role}", size, alignment=align))


def _cells(grid: Any) -> tuple[list[list[Any]], int]:
    """The cells of a grid as drawn here, by row: ``(text, role, rowspan, colspan)`` at each
    cell's top-left position, None elsewhere; and the number of label columns.

    Table 三's group labels (三、本年度办理结果, （三）不予公开, …) become rows of their own above
    their groups and every row label takes one column, as the text renderer draws them: a cell
    spanning many rows would keep reportlab from breaking the table across pages.
    """
    rows = [*grid.head, *grid.body]
    _, matrix = place(rows, grid.width)
    labels = grid.label_columns
    out: list[list[Any]] = []
    width = grid.width - max(labels - 1, 0)

    def shifted(j: int) -> int:
        return j - max(labels - 1, 0) if j >= labels else 0

    for i, line in enumerate(matrix):
        head = i < len(grid.head)
        drawn: list[Any] = [None] * width
        for j, slot in enumerate(line):
            if slot is None or slot.origin != (i, j):
                continue
            cell = slot.cell
            covers_leaf = j + cell.colspan >= labels
            if j < labels and not head and not covers_leaf:
                group: list[Any] = [None] * width
                group[0] = (cell.text, "label", 1, width)
                out.append(group)
                continue
            colspan = cell.colspan if j >= labels else 1
            drawn[shifted(j)] = (cell.text, cell.role, cell.rowspan, colspan)
        out.append(drawn)
    return out, min(labels, 1)


def _table(table: Any, report: AnnualReport, ruled: bool, size: float) -> Table:
    """The official grid of a table as a reportlab table: merged cells spanned, labels in a
    column 14 characters wide (longer ones wrap), value columns as wide as their widest text."""
    grid = table_grid(table, printed=report.printed)
    cells, labels = _cells(grid)
    width = len(cells[0])
    data: list[list[object]] = [[""] * width for _ in cells]
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP" if ruled else "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), size * 0.6),
        ("RIGHTPADDING", (0, 0), (-1, -1), size * 0.6),
    ]
    widths = [size * 6] * width
    spanning: list[tuple[int, int, float]] = []
    for i, line in enumerate(cells):
        for j, cell in enumerate(line):
            if cell is None:
                continue
            text, role, rowspan, colspan = cell
            data[i][j] = _cell_paragraph(text, role, size)
            if rowspan > 1 or colspan > 1:
                commands.append(("SPAN", (j, i), (j + colspan - 1, i + rowspan - 1)))
            if role == "value":  # figures never wrap: a wrapped figure is no figure in text
                need = pdfmetrics.stringWidth(text, FONT, size) + size * 2
                if colspan == 1:
                    widths[j] = max(widths[j], need)
                else:
                    spanning.append((j, colspan, need))
    for j, colspan, need in spanning:
        short = need - sum(widths[j : j + colspan])
        if short > 0:
            widths[j + colspan - 1] += short
    if labels:
        # ruled: labels wrap at 14 characters, figures on the label's first line; unruled:
        # at 17, figures in the middle of the label (the reader places the figures between
        # the halves of a wrapped label by position, R019, where only one such row stands
        # between two labelled rows)
        widths[0] = size * (14 if ruled else 17) + size * 1.2
    if ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
    return Table(data, colWidths=widths, style=TableStyle(commands), repeatRows=0)


def _page_number(c: canvas.Canvas, doc: Any) -> None:
    c.saveState()
    c.setFont(FONT, 9)
    width, _ = doc.pagesize
    c.drawCentredString(width / 2, 20, f"- {doc.page} -")
    c.restoreState()


def report_pdf(report: AnnualReport, *, ruled: bool) -> bytes:
    """The report rendered to PDF: title, metadata lines, the six sections with their prose,
    form notes and tables.

    ``ruled``: tables with grid lines, paragraphs set apart by white space, each table section
    on a new page under a running header, A4-high pages. Otherwise: no lines, paragraphs only
    indented (no space between them), short pages, so that paragraphs and tables break across
    pages.
    """
    size = 10.0 if ruled else 9.0
    body = _style(
        "body",
        size,
        spaceAfter=size * 1.2 if ruled else 0,
        firstLineIndent=0 if ruled else 2 * size,
    )
    heading = _style("heading", size * 1.2, spaceBefore=size, spaceAfter=size * 0.6)
    title = _style("title", size * 1.6, alignment=TA_CENTER, spaceAfter=size * 2)
    story: list[Any] = [RLParagraph(escape(report.display_title), title)]
    story += [RLParagraph(escape(line), body) for line in _metadata(report)]
    tables = {t.spec().key: t for t in report.tables()}
    flowable_tables = []
    for section in SECTIONS:
        if ruled and section.table is not None:
            story.append(PageBreak())
        story.append(RLParagraph(escape(section.title), heading))
        if section.table is None:
            story += [RLParagraph(escape(p), body) for p in getattr(report, section.key)]
            continue
        shown = tables.get(section.table)
        if shown is None:
            story.append(RLParagraph(escape(MISSING_TABLE_NOTE), body))
            continue
        story += [RLParagraph(escape(p), body) for p in shown.prose]
        note = _form_note(shown, report)
        if note is not None:
            story.append(RLParagraph(escape(note), body))
        table = _table(shown, report, ruled, size)
        flowable_tables.append(table)
        story += [Spacer(1, size), table, Spacer(1, size)]
    table_width = max((sum(t._colWidths) for t in flowable_tables), default=0)
    width = max(420.0, table_width + 80)
    height = 842.0 if ruled else 420.0
    out = io.BytesIO()

    def running_header(c: canvas.Canvas, doc: Any) -> None:
        _page_number(c, doc)
        c.saveState()
        c.setFont(FONT, 8)
        c.drawString(40, height - 24, "政府信息公开工作年度报告（示例）")
        c.restoreState()

    doc = SimpleDocTemplate(
        out,
        pagesize=(width, height),
        leftMargin=40,
        rightMargin=40,
        topMargin=40,
        bottomMargin=40,
        # prose wraps at about 40 characters (the tables take the page's full width)
    )
    frame_prose = 40 * size
    for flowable in story:
        if isinstance(flowable, RLParagraph) and flowable.style.name == "body":
            flowable.style = _style(
                "body",
                size,
                spaceAfter=body.spaceAfter,
                firstLineIndent=body.firstLineIndent,
                rightIndent=max(0.0, width - 80 - frame_prose),
            )
    page = running_header if ruled else _page_number
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return out.getvalue()


def _narrative(report: AnnualReport) -> dict[str, tuple[str, ...]]:
    return {
        "overview": report.overview,
        "problems": report.problems,
        "other_matters": report.other_matters,
        **{t.spec().attr: t.prose for t in report.tables()},
    }


def _assert_read_back(report: AnnualReport, data: bytes) -> None:
    parsed = parse(data, format="pdf")
    got = parsed.report
    assert {c.path: c.value for c in gd.to_cells(got)} == {
        c.path: c.value for c in gd.to_cells(report)
    }
    assert dict(got.printed) == dict(report.printed)
    assert (got.agency, got.year) == (report.agency, report.year)
    assert _narrative(got) == _narrative(report)
    assert all(s.page for s in parsed.sources.values())


PDF_ROUND_TRIP = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_sample_report_round_trip(edition: str, ruled: bool) -> None:
    report = sample_report(edition)
    _assert_read_back(report, report_pdf(report, ruled=ruled))


def visible_blanks(report: AnnualReport) -> AnnualReport:
    """The report with a placeholder (``/``) printed in every blank cell that prints nothing.

    A PDF's text layer holds no trace of an empty cell: a row with an empty cell is a line
    with fewer figures than columns, which the reader reports (R013) rather than guess which
    cell is empty. Published tables print 0 or a placeholder there; so do these.
    """
    printed = dict(report.printed)
    for table in report.tables():
        spec = table.spec()
        for cell, value in zip(spec.cells, table.values(), strict=True):
            path = f"{spec.attr}.{cell.path}"
            if value is None and path not in printed:
                printed[path] = "/"
    return attrs.evolve(report, printed=printed)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@PDF_ROUND_TRIP
@given(report=readable_reports())
def test_rendered_pdf_reads_back(ruled: bool, report: AnnualReport) -> None:
    """A report rendered to PDF reads back: cells, printed text, agency, year, narrative.

    Ruled tables are read from their grid, a blank cell as blank; without rules a blank cell
    leaves no trace in the text layer, so there every blank cell prints a placeholder."""
    if not ruled:
        report = visible_blanks(report)
    _assert_read_back(report, report_pdf(report, ruled=ruled))


BLANKS = {
    # table 二: a row with one blank, a row with all its figures blank, the last cell
    "proactive": [1, 3, 4, 5, -1],
    # table 四 (review, lawsuit_direct, lawsuit_after_review: 5 each): blanks in both
    # litigation groups, one of them wholly blank
    "reviews": [3, 5, 6, 7, 8, 9, 11],
}


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_blank_cells_of_a_ruled_table_read_as_blank(edition: str) -> None:
    """A ruled table's blank cells leave no text, but their cells are drawn: each reads as
    blank where it stands, every figure in its own cell, no row lost."""
    report = blanked(sample_report(edition), BLANKS)
    parsed = parse(report_pdf(report, ruled=True), format="pdf")
    got = {c.path: c.value for c in gd.to_cells(parsed.report)}
    want = {c.path: c.value for c in gd.to_cells(report)}
    assert got == want
    assert sum(value is None for value in want.values()) >= 12
    assert not [f for f in parsed.findings if f.code.startswith("R")]


def test_blank_cell_of_an_unruled_table_is_reported_not_guessed() -> None:
    """Without rules an empty cell leaves no trace: its row is reported, not misread."""
    report = blanked(sample_report("2021"), {"reviews": [3]})
    parsed = parse(report_pdf(report, ruled=False), format="pdf")
    assert parsed.report.reviews is None or all(v is None for v in parsed.report.reviews.values())
    assert any(f.code.startswith("R") and f.source and f.source.page for f in parsed.findings)


# --- what is no report ---------------------------------------------------------------------


def _one_page(draw: Any) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(300, 300))
    draw(c)
    c.showPage()
    c.save()
    return out.getvalue()


def test_scanned_pdf_has_no_text_layer() -> None:
    def image_like(c: canvas.Canvas) -> None:
        c.rect(20, 20, 200, 200, fill=1)
        c.line(0, 0, 300, 300)

    with pytest.raises(ParseError, match="no text layer"):
        pdf_blocks(_one_page(image_like), file="scan.pdf")
    with pytest.raises(ParseError, match=r"scan\.pdf: .*no text layer"):
        parse(_one_page(image_like), format="pdf", file="scan.pdf")


def test_scanned_pdf_with_an_image() -> None:
    from reportlab.lib.utils import ImageReader

    png = _tiny_png()

    def image(c: canvas.Canvas) -> None:
        c.drawImage(ImageReader(io.BytesIO(png)), 10, 10, 200, 200)

    with pytest.raises(ParseError, match="OCR"):
        pdf_blocks(_one_page(image))


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + b"\x80\x40\x20" * 8 for _ in range(8))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_password_protected_pdf() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt=StandardEncryption("secret", canPrint=0))
    c.setFont(FONT, 12)
    c.drawString(50, 700, "某县统计局2024年政府信息公开工作年度报告")
    c.showPage()
    c.save()
    with pytest.raises(ParseError, match="password"):
        pdf_blocks(out.getvalue())


def _many_pages(count: int) -> bytes:
    """A valid PDF of ``count`` empty 10 x 10 pages, written by hand (fast)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
        + b"] /Count %d >>" % count,
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"] * count,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_too_many_pages() -> None:
    """10,000 pages: refused at the page count, before any page is loaded."""
    with pytest.raises(ParseError, match=f"more than {MAX_PAGES}"):
        pdf_blocks(_many_pages(10_000))
    with pytest.raises(ParseError, match="no text layer"):
        pdf_blocks(_many_pages(3))


def test_not_a_pdf() -> None:
    for data in (b"", b"%PDF-1.7\n", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", b"hello" * 100):
        with pytest.raises(ParseError):
            pdf_blocks(data)
    with pytest.raises(ParseError):
        parse(b"%PDF-1.4 garbage", file="x.pdf")
    with pytest.raises(ParseError, match="binary"):
        parse("text", format="pdf")


@settings(max_examples=60, deadline=None, derandomize=True)
@given(data=st.binary(max_size=4000))
def test_random_bytes_give_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError):
        pdf_blocks(data)


_SMALL = _one_page(lambda c: (c.setFont(FONT, 12), c.drawString(20, 200, "行政许可    12")))


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(_SMALL) - 1), st.integers(0, 255), st.booleans()),
        min_size=1,
        max_size=8,
    ),
    cut=st.none() | st.integers(0, len(_SMALL)),
)
def test_mutated_pdf_gives_blocks_or_parse_error(
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
        blocks = pdf_blocks(bytes(data))
    except ParseError:
        return
    assert all(isinstance(b, Paragraph) and b.page for b in blocks)


def test_small_pdf_lines() -> None:
    """Cells apart by more than about an em are cut with two spaces; words keep one."""

    def draw(c: canvas.Canvas) -> None:
        c.setFont(FONT, 12)
        c.drawString(20, 250, "行政许可")
        c.drawString(150, 250, "12")
        c.drawString(200, 250, "3")
        c.drawString(20, 200, "hello world 2024年")
        c.setFont(FONT, 12)
        c.drawString(20, 147, "见表一")
        c.setFont(FONT, 7)  # a superscript, raised by a third of the line's em
        c.drawString(56, 151, "注1")

    blocks = pdf_blocks(_one_page(draw))
    lines = [line for b in blocks if isinstance(b, Paragraph) for line in b.text.split("\n")]
    assert lines == ["行政许可  12  3", "hello world 2024年", "见表一注1"]


def test_bold_simulation_doubles_are_removed() -> None:
    def draw(c: canvas.Canvas) -> None:
        c.setFont(FONT, 12)
        for dx in (0, 0.3):
            c.drawString(20 + dx, 250, "行政许可")
            c.drawString(150 + dx, 250, "11")

    blocks = pdf_blocks(_one_page(draw))
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["行政许可  11"]


def test_running_header_and_page_numbers_are_dropped() -> None:
    """The ruled layout prints a running header and a page number on every page (5 pages)."""
    blocks = pdf_blocks(report_pdf(sample_report("2021"), ruled=True))
    text = "\n".join(b.text for b in blocks if isinstance(b, Paragraph))
    assert "（示例）" not in text
    assert "- 2 -" not in text.splitlines()
    assert {b.page for b in blocks} >= {1, 2, 3, 4}


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_identical_one_line_paragraphs_stay_apart(ruled: bool) -> None:
    """Indented one-line paragraphs repeating one line word for word, opening a page (the
    unruled layout has no space between paragraphs): centred is measured against the page's
    middle, so they are paragraphs, not a title's lines."""
    line = "本年度没有发生相关情况。"
    report = attrs.evolve(
        sample_report("2021"), problems=(line, line), other_matters=(line, line, line)
    )
    parsed = parse(report_pdf(report, ruled=ruled), format="pdf")
    assert parsed.report.problems == (line, line)
    assert parsed.report.other_matters == (line, line, line)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_rules_in_a_form_xobject_on_a_rotated_page_make_a_grid(rotation: int) -> None:
    """Rules drawn by a Form XObject placed with a translation, on a page with /Rotate: the
    grid's cells are where the page shows them; a blank cell is blank, white rules are none."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(300, 300))
    c.setPageRotation(rotation)
    c.beginForm("grid")
    for y in (0, 20, 40):
        c.line(0, y, 150, y)
    for x in (0, 100, 150):
        c.line(x, 0, x, 40)
    c.endForm()
    c.saveState()
    c.translate(50, 150)
    c.doForm("grid")
    c.restoreState()
    c.setStrokeColorRGB(1, 1, 1)  # a white rule splits nothing
    c.line(75, 150, 75, 190)
    c.setFont(FONT, 10)
    c.drawString(55, 175, "行政许可")
    c.drawString(170, 175, "12")
    c.drawString(55, 155, "行政处罚")
    c.showPage()
    c.save()
    blocks = pdf_blocks(out.getvalue())
    if rotation:
        # turned: the rows and columns as shown, the blank cell where it shows, the text (now
        # vertical or upside down) read character by character
        (grid,) = blocks
        assert isinstance(grid, Grid)
        shown = {
            90: (("行政处罚", "行政许可"), ("", "1 2")),
            180: (("", "罚处政行"), ("21", "可许政行")),
            270: (("2 1", ""), ("可许政行", "罚处政行")),
        }
        assert grid.rows == shown[rotation]
        return
    assert blocks == [Grid.of([["行政许可", "12"], ["行政处罚", ""]], lines=[1, 2], page=1)]
