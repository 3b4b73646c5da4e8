"""The OFD front end: the corpus OFD to every expected cell, reports printed to PDF and written
as OFD read as the PDF reads, the text codes' forms (DeltaX ``g``, CTM, vertical runs, runs
sharing a boundary), refusals (encrypted, signed images, no text) and mutated files."""

from __future__ import annotations

import io
import itertools
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import ParseError, parse
from gov_disclosure.readers.blocks import Paragraph
from gov_disclosure.readers.ofd import _deltas, ofd_blocks
from gov_disclosure.readers.pdf import pdf_blocks
from gov_disclosure.testing import sample_report

pdfium = pytest.importorskip("pypdfium2")
pytest.importorskip("reportlab")

from gov_disclosure.readers import pdf as pdf_module  # noqa: E402
from gov_disclosure.readers.pdf import _page_chars  # noqa: E402
from test_readers_pdf import report_pdf  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
OFD = CORPUS / "layouts" / "ofd_03_hongze-quzhengfu_2024.ofd"
MM = 25.4 / 72
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def package(
    pages: Sequence[str],
    *,
    entry_extra: str = "",
    files: dict[str, bytes] | None = None,
    boxes: Sequence[tuple[float, float]] = (),
) -> bytes:
    """An OFD package of page contents (the inside of ``ofd:Layer``); ``boxes``: each page's
    width and height in mm, where it has its own (else A4, the document's)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "OFD.xml",
            f'<ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo/>'
            f"<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>{entry_extra}</ofd:DocBody></ofd:OFD>",
        )
        refs = "".join(
            f'<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
            for i in range(len(pages))
        )
        z.writestr(
            "Doc_0/Document.xml",
            f"<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>1</ofd:MaxUnitID><ofd:PageArea>"
            f"<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
            f"<ofd:Pages>{refs}</ofd:Pages></ofd:Document>",
        )
        for i, content in enumerate(pages):
            area = ""
            if i < len(boxes):
                w, h = boxes[i]
                area = (
                    f"<ofd:Area><ofd:PhysicalBox>0 0 {w:.5f} {h:.5f}</ofd:PhysicalBox></ofd:Area>"
                )
            z.writestr(
                f"Doc_0/Pages/Page_{i}/Content.xml",
                f'<ofd:Page {NS}>{area}<ofd:Content><ofd:Layer ID="1">{content}</ofd:Layer>'
                "</ofd:Content></ofd:Page>",
            )
        for name, data in (files or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def text_object(
    text: str,
    x: float,
    y: float,
    size: float,
    deltas: str = "",
    *,
    ctm: str = "",
    start: float = 0.0,
) -> str:
    """A text object of one code, its boundary's top-left at (x, y) mm, one line high."""
    width = size * max(len(text), 1)
    extra = f' CTM="{ctm}"' if ctm else ""
    delta = f' DeltaX="{deltas}"' if deltas else ""
    return (
        f'<ofd:TextObject ID="1" Font="1" Size="{size:.4f}" Boundary="{x:.4f} {y:.4f} '
        f'{width:.4f} {size:.4f}"{extra}><ofd:TextCode X="{start:.4f}" Y="{0.88 * size:.4f}"'
        f"{delta}>{escape(text)}</ofd:TextCode></ofd:TextObject>"
    )


def _steps(steps: list[float]) -> str:
    """DeltaX text: runs of equal steps in the ``g n d`` form, the others as plain numbers."""
    out: list[str] = []
    i = 0
    while i < len(steps):
        j = i
        while j + 1 < len(steps) and abs(steps[j + 1] - steps[i]) < 1e-6:
            j += 1
        if j > i:
            out.append(f"g {j - i + 1} {steps[i]:.5f}")
        else:
            out.append(f"{steps[i]:.5f}")
        i = j + 1
    return " ".join(out)


def ofd_from_pdf(data: bytes) -> bytes:
    """A PDF's text layer written as OFD: each run of touching characters of one height one
    text object (positions in mm, y down), its steps in DeltaX; a space before a run is a
    space character at its start."""
    doc = pdfium.PdfDocument(data)
    pages: list[str] = []
    boxes: list[tuple[float, float]] = []
    try:
        for page in doc:
            width, height = page.get_size()
            boxes.append((width * MM, height * MM))
            textpage = page.get_textpage()
            count = pdfium.raw.FPDFText_CountChars(textpage.raw)
            chars, stacked = _page_chars(pdfium.raw, textpage.raw, count, 0)
            assert not stacked
            runs: list[list[tuple[str, float, float, float, float, bool]]] = []
            for char in chars:
                if runs:
                    last = runs[-1][-1]
                    same = abs(char[3] - last[3]) < 0.01 and abs(char[4] - last[4]) < 0.01
                    if same and not char[5] and abs(char[1] - last[2]) < 0.05:
                        runs[-1].append(char)
                        continue
                runs.append([char])
            objects: list[str] = []
            previous_end: float | None = None
            for run in runs:
                first = run[0]
                size = (first[4] - first[3]) * MM
                steps = [(b[1] - a[1]) * MM for a, b in itertools.pairwise(run)]
                text = "".join(c[0] for c in run)
                start = 0.0
                if first[5]:
                    gap = (first[1] - previous_end) * MM if previous_end is not None else 0.0
                    gap = gap if 0 < gap < size else 0.25 * size
                    text, start, steps = " " + text, -gap, [gap, *steps]
                span = (run[-1][2] - first[1]) * MM
                objects.append(
                    f'<ofd:TextObject ID="1" Font="1" Size="{size:.5f}" '
                    f'Boundary="{first[1] * MM:.5f} {(height - first[4]) * MM:.5f} {span:.5f} '
                    f'{size:.5f}"><ofd:TextCode X="{start:.5f}" Y="{0.88 * size:.5f}" '
                    f'DeltaX="{_steps(steps)}">{escape(text)}</ofd:TextCode></ofd:TextObject>'
                )
                previous_end = run[-1][2]
            textpage.close()
            pages.append("".join(objects))
    finally:
        doc.close()
    return package(pages, boxes=boxes)


def cells(report: gd.AnnualReport) -> dict[str, object]:
    return {c.path: c.value for c in gd.to_cells(report)}


# --- the corpus ------------------------------------------------------------------------------


@pytest.mark.skipif(not OFD.is_file(), reason="../shared/corpus is not here")
def test_corpus_ofd_reads_to_every_expected_cell() -> None:
    """The corpus OFD (PDF 03 converted with its text layer) reads to every expected cell,
    and every cell's source names its page."""
    expected = json.loads(
        (CORPUS / "layouts" / "expected" / f"{OFD.stem}.json").read_text(encoding="utf-8")
    )
    parsed = parse(OFD)
    assert parsed.format == "ofd"
    report = parsed.report
    assert (report.agency, report.year) == (expected["agency"], expected["year"])
    got = {(c.table, tuple(c.row), tuple(c.column)): c.value for c in gd.to_cells(report)}
    for cell in expected["cells"]:
        key = (cell["table"], tuple(cell["row"]), tuple(cell["column"]))
        value = cell["value"]  # money as a decimal string
        assert (str(got[key]) if isinstance(value, str) else got[key]) == value, key
    assert len(got) == len(expected["cells"])
    assert all(s.page and s.file == str(OFD) for s in parsed.sources.values())


@pytest.mark.skipif(not OFD.is_file(), reason="../shared/corpus is not here")
def test_corpus_ofd_lays_out_as_its_pdf() -> None:
    """The OFD's lines of table 三 are the PDF's: the vertical heading a line of its own, the
    numbered labels whole, the figures on their label's line."""
    texts = [b.text for b in ofd_blocks(OFD.read_bytes()) if isinstance(b, Paragraph)]
    joined = "\n".join(texts)
    assert "1.属于国家秘密  0  0  0  0  0  0  0" in joined
    assert "\n三、本年度办理结果\n" in joined
    assert "只计这一情形，不  9  0  0  0  0  0  9" in joined


# --- reports printed to PDF and written as OFD -------------------------------------------------


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_rendered_report_reads_as_its_pdf(
    edition: str, ruled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report printed to PDF and written as OFD lays out line for line as the PDF's text
    (the OFD front end passes no rules), and reads back with every cell, the agency and the
    year."""
    report = sample_report(edition)  # type: ignore[arg-type]
    pdf = report_pdf(report, ruled=ruled)
    ofd = ofd_from_pdf(pdf)
    monkeypatch.setattr(pdf_module, "_page_rules", lambda *_: [])
    assert [b.text for b in ofd_blocks(ofd)] == [b.text for b in pdf_blocks(pdf)]  # type: ignore[union-attr]
    monkeypatch.undo()
    parsed = parse(ofd)
    assert parsed.format == "ofd"
    assert cells(parsed.report) == cells(report)
    assert (parsed.report.agency, parsed.report.year) == (report.agency, report.year)


# --- the text codes ----------------------------------------------------------------------------


def test_delta_forms() -> None:
    """Plain steps and ``g n d`` repeats, cut at the count asked for; junk ends the list."""
    assert _deltas("1 g 3 0.5 2", 10) == [1.0, 0.5, 0.5, 0.5, 2.0]
    assert _deltas("g 1000000000 1.5", 3) == [1.5, 1.5, 1.5]
    assert _deltas("1 x 2", 5) == [1.0]
    assert _deltas(None, 3) == []


def _lines(data: bytes) -> list[str]:
    return [
        line for b in ofd_blocks(data) if isinstance(b, Paragraph) for line in b.text.split("\n")
    ]


def test_a_line_of_objects_with_g_deltas_ctm_and_a_space() -> None:
    """Objects on one line become one line of cells: a DeltaX in the g form, a CTM that scales
    the object (its figures stay on the line), and a space inside a code."""
    content = (
        text_object("本年新收", 20, 50, 4, "g 3 4")
        + text_object("2024 年", 60, 50, 4, "2 2 2 2 2 4")
        + text_object("12", 120, 50, 2, "1", ctm="2 0 0 2 0 0")
    )
    assert _lines(package([content])) == ["本年新收  2024 年  12"]


def test_single_characters_stacked_are_a_vertical_line() -> None:
    """One-character objects stacked an em apart (vertical text) make one line of their own."""
    content = "".join(text_object(ch, 10, 50 + 4 * i, 4) for i, ch in enumerate("三、本年度"))
    content += text_object("（一）予以公开", 30, 58, 4) + text_object("5", 120, 58, 4)
    assert _lines(package([content])) == ["三、本年度", "（一）予以公开  5"]


def test_objects_sharing_a_boundary_follow_one_another() -> None:
    """Runs of one line in two fonts written over one boundary (each spread over all of it)
    are laid out one after the other across it."""
    boundary = 'Boundary="20 50 32 4"'
    content = (
        f'<ofd:TextObject ID="1" Font="1" Size="4" {boundary}><ofd:TextCode X="0" Y="4" '
        'DeltaX="g 1 16">1.</ofd:TextCode></ofd:TextObject>'
        f'<ofd:TextObject ID="2" Font="2" Size="4" {boundary}><ofd:TextCode X="0" Y="4" '
        'DeltaX="g 6 4.6">属于国家秘密</ofd:TextCode></ofd:TextObject>'
    ) + text_object("0", 80, 50, 4)
    assert _lines(package([content])) == ["1.属于国家秘密  0"]


# --- refusals ------------------------------------------------------------------------------------


def test_encrypted_ofd_is_refused() -> None:
    data = package(
        [text_object("文字", 10, 10, 4)], entry_extra="<ofd:Encryptions>E.xml</ofd:Encryptions>"
    )
    with pytest.raises(ParseError, match="an encrypted OFD document"):
        parse(data, format="ofd")
    data = package([text_object("文字", 10, 10, 4)], files={"Encryptions.xml": b"<x/>"})
    with pytest.raises(ParseError, match="an encrypted OFD document"):
        parse(data, format="ofd")


def test_ofd_without_text_is_refused_saying_whether_it_is_signed() -> None:
    image = '<ofd:ImageObject ID="3" Boundary="0 0 210 297" ResourceID="9"/>'
    with pytest.raises(ParseError, match=r"no text \(scanned pages or images\); OCR is not done"):
        parse(package([image]), format="ofd")
    signed = package([image], entry_extra="<ofd:Signatures>Signs/Signatures.xml</ofd:Signatures>")
    with pytest.raises(ParseError, match="signed but holds no text"):
        parse(signed, format="ofd")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 not an archive", "not an OFD document"),
        (package([]), "without pages"),
        (package(["<ofd:TextObject"]), "not well-formed XML"),
    ],
    ids=["not-a-zip", "no-pages", "bad-xml"],
)
def test_not_an_ofd(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse(data, format="ofd", file="x.ofd")


def test_a_zip_without_ofd_xml_is_not_sniffed_as_ofd() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("Doc_0/Document.xml", "<x/>")
    with pytest.raises(ParseError, match=r"without OFD\.xml"):
        parse(out.getvalue(), format="ofd")


_SMALL = package(
    [
        text_object("某县统计局2024年政府信息公开工作年度报告", 20, 20, 5, "g 20 5")
        + text_object("一、总体情况", 20, 40, 4)
        + text_object("行政许可", 20, 60, 4, "g 3 4")
        + text_object("12", 120, 60, 4, "2")
    ]
)


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
def test_mutated_ofd_gives_blocks_or_parse_error(
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
        blocks = ofd_blocks(bytes(data))
    except ParseError:
        return
    assert all(isinstance(b, Paragraph) and b.page for b in blocks)


def test_mutated_page_xml_gives_blocks_or_parse_error() -> None:
    """Every character of a page's XML changed (the zip sound): blocks or ParseError."""
    content = text_object("行政许可", 20, 60, 4, "g 3 4", ctm="1 0 0 1 0 0") + text_object(
        "12", 120, 60, 4, "2"
    )
    for i in range(0, len(content), 2):
        for ch in ('"', "<", "9", "-", "g", " "):
            try:
                ofd_blocks(package([content[:i] + ch + content[i + 1 :]]))
            except ParseError:
                continue
