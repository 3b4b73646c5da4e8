"""Reading published reports end to end: the shared corpus, round trips, forms, robustness."""

from __future__ import annotations

import contextlib
import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import AnnualReport, CellKind, Edition
from gov_disclosure.errors import ParseError
from gov_disclosure.grid import cell_text
from gov_disclosure.readers import parse, sniff
from gov_disclosure.render import render
from gov_disclosure.statutory import table_spec
from gov_disclosure.testing import report_from_tables, sample_report

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
READ_FORMS = (".txt", ".md", ".html", ".htm")


_READING_CODES = {
    "00_huzhu-tongjiju_2023": {"R002"},  # the agency completed from the text
    "04_shanghai-shikewei_2024": {"R004", "R019", "R020"},  # 五 under 四; bare rows
    "05_shanghai-shizhengfu-bgt_2025": {"R004", "R019", "R020", "R022"},  # 2 figures for 3
}


def _expected() -> list[Path]:
    if not (CORPUS / "expected").is_dir():
        return []
    return [
        p
        for p in sorted((CORPUS / "expected").glob("*.json"))
        if Path(json.loads(p.read_text(encoding="utf-8"))["source"]).suffix in READ_FORMS
    ]


def _number(value: object) -> object:
    return None if value is None else Decimal(str(value))


def wrong_cells(report: AnnualReport, expected: dict[str, Any]) -> list[tuple[object, ...]]:
    """The cells of ``report`` that differ from an expected file of the corpus (its rows marked
    ambiguous left out): (address, expected, read)."""
    ambiguous = {(a["table"], tuple(a["row"])) for a in expected.get("ambiguous", [])}
    got = {(c.table, c.row, c.column): c.value for c in gd.to_cells(report)}
    wrong: list[tuple[object, ...]] = []
    for cell in expected["cells"]:
        key = (cell["table"], tuple(cell["row"]), tuple(cell["column"]))
        if (key[0], key[1]) in ambiguous:
            continue
        if key not in got or _number(got[key]) != _number(cell["value"]):
            wrong.append((key, cell["value"], got.get(key, "missing")))
    return wrong


@pytest.mark.skipif(not (CORPUS / "expected").is_dir(), reason="../shared/corpus is not here")
@pytest.mark.parametrize("expected", _expected(), ids=lambda p: p.stem)
def test_corpus_reads_to_every_expected_cell(expected: Path) -> None:
    """Every statutory cell of a corpus report (text, Markdown, HTML) reads as expected,
    except the rows the expected file marks ambiguous."""
    data = json.loads(expected.read_text(encoding="utf-8"))
    parsed = parse(CORPUS / data["source"])
    assert parsed.report.year == data["year"]
    assert wrong_cells(parsed.report, data) == []
    # What reading met in each file (see expected/README.md): nothing beyond these codes.
    assert {f.code for f in parsed.findings} <= _READING_CODES.get(expected.stem, set())
    forms = {t.spec().key: t.form for t in parsed.report.tables()}
    assert str(forms.get("二")) == data["t2_form"]
    assert str(forms.get("三")) == data["t3_form"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_corpus_agencies_and_titles() -> None:
    """The title line gives agency and year; a truncated agency is completed from the text."""
    for expected in _expected():
        data = json.loads(expected.read_text(encoding="utf-8"))
        report = parse(CORPUS / data["source"]).report
        assert report.agency == data["agency"]
        assert (report.title or report.display_title).replace(" ", "") == data["title"].replace(
            " ", ""
        )


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_corpus_published_error_is_read_as_printed_then_checked() -> None:
    """Placed figures keep their sources; an unlabelled row is reported, never dropped silently."""
    parsed = parse(CORPUS / "04_shanghai-shikewei_2024.md")
    placed = [f for f in parsed.findings if f.code == "R019"]
    assert len(placed) == 10
    assert all(f.source is not None and f.source.line for f in placed)
    assert [f.code for f in parsed.findings if f.code == "R020"] == ["R020"]  # the lone "1"


# --- round trips ---------------------------------------------------------------------------

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
sentences = st.text(CJK, min_size=5, max_size=60).map(lambda t: t + "。")
"""Prose as reports write it: sentences of Chinese, one paragraph a line."""
ANNOTATIONS = st.text(CJK, min_size=1, max_size=6).map(lambda t: f"（其中{t}）")
PLACEHOLDERS = st.sampled_from(["——", "-", "/", "无"])


def _value(kind: CellKind) -> st.SearchStrategy[object]:
    if kind is CellKind.MONEY:
        return st.builds(
            lambda n, places: Decimal(n).scaleb(-places), st.integers(0, 10**9), st.integers(0, 4)
        )
    if kind is CellKind.SIGNED:
        return st.integers(-(10**4), 10**4)
    return st.integers(0, 10**7)


@st.composite
def readable_reports(draw: st.DrawFn) -> AnnualReport:
    """Reports of either edition, mixed forms now and then, blank cells, placeholders and
    annotated cells, a missing table now and then: what published reports hold."""
    edition = draw(st.sampled_from(list(Edition)))
    forms = {"二": edition, "三": edition}
    if draw(st.booleans()):
        forms[draw(st.sampled_from(["二", "三"]))] = draw(st.sampled_from(list(Edition)))
    tables = []
    printed: dict[str, str] = {}
    for key in ("二", "三", "四"):
        if draw(st.integers(0, 7)) == 0:
            continue
        spec = table_spec(key, forms.get(key))
        values = []
        for cell in spec.cells:
            choice = draw(st.integers(0, 9))
            path = f"{spec.attr}.{cell.path}"
            if choice == 0:
                values.append(None)
                if draw(st.booleans()):
                    printed[path] = draw(PLACEHOLDERS)
                continue
            value = draw(_value(cell.kind))
            values.append(value)
            if choice == 1:
                printed[path] = cell_text(cell, value) + draw(ANNOTATIONS)
        tables.append((spec, values))
    report = report_from_tables(
        tables,
        agency=draw(st.text(CJK, min_size=2, max_size=10)),
        year=draw(st.integers(2019, 2030)),
        edition=edition,
        title=draw(st.none() | st.text(CJK, min_size=4, max_size=20)),
        published=draw(
            st.none() | st.dates(datetime.date(1900, 1, 1), datetime.date(2199, 12, 31))
        ),
        prose={spec.attr: tuple(draw(st.lists(sentences, max_size=2))) for spec, _ in tables},
        overview=draw(st.lists(sentences, min_size=1, max_size=3)),
        problems=draw(st.lists(sentences, max_size=2)),
        other_matters=draw(st.lists(sentences, max_size=2)),
    )
    present = {spec.attr for spec, _ in tables}
    return attrs.evolve(
        report, printed={k: v for k, v in printed.items() if k.split(".")[0] in present}
    )


ROUND_TRIP = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("form", ["text", "markdown", "html"])
@ROUND_TRIP
@given(report=readable_reports())
def test_render_then_parse_gives_the_report_back(form: str, report: AnnualReport) -> None:
    """parse(render(r)) == r: values, blanks, printed text, forms, metadata and narrative."""
    parsed = parse(render(report, to=form), format=form)  # type: ignore[arg-type]
    assert parsed.report == report
    assert [f.code for f in parsed.findings if f.code != "R001"] == []


@pytest.mark.parametrize("form", ["text", "markdown", "html"])
@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_sample_reports_round_trip(form: str, edition: str) -> None:
    """The library's sample reports read back exactly from the library's own output."""
    report = sample_report(edition)
    assert parse(render(report, to=form), format=form).report == report  # type: ignore[arg-type]


def test_render_then_parse_with_a_narrow_text_width() -> None:
    """Labels and figures wrapped inside their cells still read back."""
    report = sample_report("2021")
    assert parse(render(report, to="text", width=60), format="text").report == report


# --- forms, files and errors ----------------------------------------------------------------


def test_sniff() -> None:
    """HTML by its tags, Markdown by headings or pipe tables, else plain text."""
    assert sniff("<!DOCTYPE html><html><body><p>x</p>") == "html"
    assert sniff(b"\xef\xbb\xbf<html>") == "html"
    assert sniff("# 标题\n\n正文") == "markdown"
    assert sniff("| a | b |\n|---|---|\n") == "markdown"
    assert sniff("一、总体情况\n\n正文") == "text"


def test_parse_reads_paths_bytes_and_gbk(tmp_path: Path) -> None:
    """A path, bytes and GBK-encoded bytes all read; the suffix gives the form."""
    text = render(sample_report("2021"), to="text")
    path = tmp_path / "报告.txt"
    path.write_bytes(text.encode("gb18030"))
    by_path = parse(path)
    assert by_path.report == sample_report("2021")
    assert by_path.format == "text"
    assert parse(str(path)).report == by_path.report
    assert parse(text.encode("utf-8")).report == by_path.report


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".xls", ".xlsx", ".ofd", ".png", ".jpg"])
def test_other_forms_raise_parse_error_naming_them(tmp_path: Path, suffix: str) -> None:
    """A file of these forms that is not what its suffix says raises ParseError naming it."""
    path = tmp_path / f"report{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    with pytest.raises(ParseError) as caught:
        parse(path)
    assert str(path) in str(caught.value)


def test_binary_text_raises_parse_error() -> None:
    """NUL bytes: not a text document."""
    with pytest.raises(ParseError, match="binary"):
        parse(b"\x00\x01\x02" * 100, format="text")


def test_bad_format_argument() -> None:
    """An unknown format is a usage error."""
    with pytest.raises(ValueError, match="format"):
        parse("x", format="pptx")  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(data=st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode))
def test_any_bytes_give_a_report_or_parse_error(data: bytes) -> None:
    """Arbitrary bytes never raise anything but ParseError."""
    for form in ("text", "markdown", "html"):
        with contextlib.suppress(ParseError):
            parse(data, format=form)  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None, derandomize=True)
@given(
    lines=st.lists(
        st.sampled_from(
            [
                "一、总体情况",
                "三、收到和处理政府信息公开申请情况",
                "（三）不予公开\t1.属于国家秘密\t1\t0\t0\t0\t0\t0\t1",
                "行政许可 97",
                "| 规章 | 1 | 2 |",
                "+----+----+",
                "| 行政复议 | 1 |",
                "2024年1月20日",
                "1\t2\t3",
                "——",
                "",
                "某县统计局2024年政府信息公开工作年度报告",
                "信息内容\t本年制发件数",
                "行政复议\t\t行政诉讼",
            ]
        ),
        max_size=40,
    )
)
def test_shuffled_report_fragments_never_crash(lines: list[str]) -> None:
    """Report-like fragments in any order: a report with findings, or ParseError."""
    try:
        parsed = parse("\n".join(lines), format="text")
    except ParseError:
        return
    parsed.validate()


def test_pathological_whitespace_and_long_lines() -> None:
    """Huge lines and runs of spaces read in bounded time (linear patterns only)."""
    text = "一、总体情况\n" + (" " * 200_000) + "\n" + ("1 " * 100_000) + "\n" + ("\t" * 50_000)
    assert "R003" in {f.code for f in parse(text, format="text").findings}  # no year
    parsed = parse("2024年\n" + text, format="text")
    assert parsed.report.year == 2024


def _cms_page(body: str) -> str:
    """A government site's page around a report body: navigation, breadcrumbs, a share bar,
    scripts and a footer, in an old-style layout table, declared as GB2312."""
    return (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" '
        'content="text/html; charset=gb2312"><title>政府信息公开</title>'
        "<script>var nav = ['首页', '政务公开'];</script></head><body>"
        '<div class="nav"><a href="/">首页</a><a href="/zwgk">政务公开</a></div>'
        '<div class="breadcrumb">当前位置：首页 &gt; 政府信息公开年报</div>'
        '<table width="100%"><tr><td><div class="article_content">'
        f"{body}"
        '</div></td></tr></table><div class="share">分享到：微信 微博</div>'
        '<div class="footer">主办单位：示例市人民政府办公室 版权所有 ICP备案号 12345678</div>'
        "<script>document.write('统计代码');</script></body></html>"
    )


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_a_whole_web_page_in_gbk(edition: str) -> None:
    """A report inside a GB2312-declared site page with its chrome reads as the report alone."""
    report = sample_report(edition)
    page = render(report, to="html")
    body = page[page.index("<article") : page.index("</article>") + len("</article>")]
    data = _cms_page(body)
    parsed = parse(data.encode("gb18030"), file="page.html")
    assert parsed.format == "html"
    assert parsed.report == report
    assert parsed.findings == ()


def _word_cell(text: str, tag: str, cell: object) -> str:
    """A table cell as Word saves it as a web page: a MsoNormal paragraph, the text split over
    styled spans, an <o:p>, &nbsp; for an empty cell."""
    spans = f"<td rowspan={cell.rowspan} colspan={cell.colspan} style='border:solid windowtext .5pt;mso-border-alt:solid windowtext .5pt'>"  # type: ignore[attr-defined]
    if not text:
        return f"{spans}<p class=MsoNormal align=center><span lang=EN-US>&nbsp;<o:p></o:p></span></p></{tag}>"
    half = len(text) // 2
    return (
        f"{spans}<p class=MsoNormal align=center style='text-align:center'>"
        f"<span style='font-size:10.5pt;font-family:宋体;mso-ascii-font-family:Calibri'>{text[:half]}</span>"
        f"<span lang=EN-US style='font-size:10.5pt'>{text[half:]}<o:p></o:p></span></p></{tag}>"
    )


def _word_page(report: AnnualReport) -> str:
    """A report as Word's "save as web page" writes it: MsoNormal paragraphs, conditional
    comments, the official grids with their merged cells."""
    from gov_disclosure.grid import table_grid
    from gov_disclosure.statutory import SECTIONS

    parts = [
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head>"
        "<meta http-equiv=Content-Type content='text/html; charset=utf-8'>"
        "<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>办公室</o:Author>"
        "</o:DocumentProperties></xml><![endif]--></head><body lang=ZH-CN>",
        "<p class=MsoNormal align=center><b><span style='font-size:22pt'>"
        f"{report.agency}{report.year}年政府信息公开工作年度报告</span></b></p>",
    ]
    tables = {t.spec().key: t for t in report.tables()}
    for section in SECTIONS:
        parts.append(f"<p class=MsoNormal><b><span>{section.title}<o:p></o:p></span></b></p>")
        texts = getattr(report, section.key) if section.table is None else ()
        table = tables.get(section.table or "")
        if table is not None:
            texts = table.prose
        parts.extend(
            f"<p class=MsoNormal style='text-indent:2em'><span>{t}</span></p>" for t in texts
        )
        if table is None:
            continue
        grid = table_grid(table, printed=dict(report.printed))
        parts.append("<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>")
        for row in (*grid.head, *grid.body):
            parts.append("<tr>" + "".join(_word_cell(c.text, "td", c) for c in row) + "</tr>")
        parts.append("</table><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>")
    parts.append("</body></html>")
    return "\n".join(parts)


@ROUND_TRIP
@given(report=readable_reports())
def test_a_word_saved_web_page(report: AnnualReport) -> None:
    """Word's web page of a report (MsoNormal markup, merged cells) reads back to the report's
    cells, printed text and narrative."""
    parsed = parse(_word_page(report), format="html")
    assert list(gd.to_cells(parsed.report)) == list(gd.to_cells(report))
    assert parsed.report.printed == report.printed
    assert parsed.report.overview == report.overview
    assert (parsed.report.agency, parsed.report.year) == (report.agency, report.year)


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_table_three_split_in_two_html_tables_with_its_header_repeated(edition: str) -> None:
    """Table 三 printed as two <table> elements, the second repeating the header and lacking
    the row-group labels that span into it (as a page break splits it), reads whole."""
    report = sample_report(edition)
    page = render(report, to="html")
    start = page.index("<table", page.index("table-三") - 40)
    end = page.index("</table>", start)
    table = page[start:end]
    head = table[table.index("<thead") : table.index("</thead>") + len("</thead>")]
    rows = table.split("<tr")
    middle = len(rows) // 2
    split = (
        "<tr".join(rows[:middle])
        + '</tbody></table>\n<table class="statutory">'
        + head
        + "<tbody><tr"
        + "<tr".join(rows[middle:])
    )
    parsed = parse(page[:start] + split + page[end:], format="html")
    assert parsed.report == report
    assert parsed.findings == ()
