"""The HTML front end reads every page into the same blocks as the reference walk
(``tests/html_reference.py``, the front end's former code): rendered reports, random tables
with merged cells, tag soup with chrome and content names, and the corpus page."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gov_disclosure import AnnualReport
from gov_disclosure.errors import ParseError
from gov_disclosure.readers.blocks import Block, Grid
from gov_disclosure.readers.html import html_blocks
from gov_disclosure.render import render
from gov_disclosure.testing import sample_report
from html_reference import reference_blocks
from strategies import any_reports, consistent_reports

pytest.importorskip("lxml")

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"

SOME = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(data: bytes | str, read: object) -> list[Block] | str:
    """The blocks ``read`` makes of ``data``, or the message of the ParseError it raises."""
    assert callable(read)
    try:
        blocks: list[Block] = read(data)
    except ParseError as exc:
        return f"ParseError: {exc}"
    return blocks


def assert_same(data: bytes | str) -> list[Block] | str:
    """The front end and the reference agree on ``data`` (as text and as UTF-8 bytes)."""
    got = outcome(data, html_blocks)
    assert got == outcome(data, reference_blocks)
    if isinstance(data, str):
        raw = data.encode("utf-8", "surrogatepass")
        assert outcome(raw, html_blocks) == outcome(raw, reference_blocks)
    return got


def page(report: AnnualReport) -> str:
    text = render(report, to="html")
    assert isinstance(text, str)
    return text


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_sample_reports(edition: str) -> None:
    """The rendered sample reports: three grids and their paragraphs, as before."""
    blocks = assert_same(page(sample_report(edition)))
    assert isinstance(blocks, list)
    assert sum(isinstance(b, Grid) for b in blocks) == 3


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
def test_corpus_pages() -> None:
    """Every HTML page of the corpus (a crawled page with site chrome)."""
    pages = sorted(CORPUS.glob("*.html"))
    assert pages
    for path in pages:
        blocks = assert_same(path.read_bytes())
        assert isinstance(blocks, list)
        assert blocks


@SOME
@given(consistent_reports())
def test_rendered_consistent_reports(report: AnnualReport) -> None:
    """Rendered reports with consistent random figures."""
    assert_same(page(report))


@SOME
@given(any_reports())
def test_rendered_any_reports(report: AnnualReport) -> None:
    """Rendered reports with any text (control characters, quotes, newlines) and blanks."""
    assert_same(page(report))


SPANS = ["", ' rowspan="2"', ' rowspan="3"', ' colspan="2"', ' colspan="3"', ' rowspan="0"',
         ' colspan="0"', ' rowspan="-1"', ' colspan=" +2x"', ' rowspan="2" colspan="2"',
         ' rowspan="99999999999"']  # fmt: skip
CELL_TEXT = st.sampled_from(
    ["", "3", " 12 ", "规章", "（一）予以公开", "本年\n新收", "a<br>b", "<p>甲</p><p>乙</p>",
     '<span style="display:none">隐</span>显', '<span class="share">分享</span>', "&nbsp;",
     "<b>粗</b>体", "<div>块</div>尾", "\u3000", "<table><tr><td>内</td></tr></table>"]
)  # fmt: skip


@st.composite
def tables(draw: st.DrawFn) -> str:
    """A table: row groups, captions, stray text, cells with spans and inner markup."""
    out = ["<table" + draw(st.sampled_from(["", ' role="presentation"', ' class="nav"'])) + ">"]
    if draw(st.booleans()):
        out.append(f"<caption>{draw(CELL_TEXT)}</caption>")
    for _ in range(draw(st.integers(0, 3))):
        group = draw(st.sampled_from(["", "thead", "tbody", "tfoot"]))
        if group:
            out.append(f"<{group}>")
        for _ in range(draw(st.integers(0, 5))):
            if draw(st.integers(0, 9)) > 0:
                out.append("<tr>")
            for _ in range(draw(st.integers(0, 5))):
                tag = draw(st.sampled_from(["td", "th"]))
                out.append(f"<{tag}{draw(st.sampled_from(SPANS))}>{draw(CELL_TEXT)}</{tag}>")
                out.append(draw(st.sampled_from(["", "\n", " ", "杂", "<span>杂</span>"])))
            out.append("</tr>\n")
        if group:
            out.append(f"</{group}>")
    out.append("</table>")
    return "".join(out)


@MANY
@given(st.lists(st.one_of(tables(), st.sampled_from(["<p>段</p>", "文\n字", "<h1>题</h1>"]))))
def test_random_tables(pieces: list[str]) -> None:
    """Tables with merged cells (clipped, zero, huge, overlapping), groups and inner markup."""
    assert_same("<html><body>" + "".join(pieces) + "</body></html>")


TAGS = [
    "div", "p", "span", "table", "tr", "td", "th", "tbody", "thead", "br", "b", "li", "ul",
    "h1", "article", "main", "section", "nav", "footer", "header", "caption", "pre", "a",
    "o:p", "xml", "script", "style", "body", "html", "aside",
]  # fmt: skip
ATTRS = [
    "", ' rowspan="2"', ' colspan="3"', ' colspan="0"', ' class="nav"', ' id="zoom"',
    ' class="TRS_Editor"', ' style="display: none"', ' rowspan="-1"', ' role="presentation"',
    ' role="navigation"', ' hidden', ' aria-hidden="true"', ' class="footer"', ' id="content"',
]  # fmt: skip
WORDS = ["一、", "（一）", "2013", "&nbsp;", "\u3000", " ", "\n", "“三”", "<!--", "-->",
         "本机关依法公开政府信息。" * 30, "中\n文", "\r\n", "\t"]  # fmt: skip
PIECES = st.one_of(
    st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), st.sampled_from(ATTRS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    st.sampled_from(WORDS),
    st.text(max_size=5),
)


@MANY
@given(st.lists(PIECES, max_size=120))
def test_random_tag_soup(pieces: list[str]) -> None:
    """Tag soup with chrome, content names, headings and long text (the content choice)."""
    assert_same("".join(pieces))


def test_long_attribute_values_are_judged_but_not_kept() -> None:
    """A class or style longer than the cache's limit is judged as a short one is (chrome,
    hidden) and not kept across pages."""
    from gov_disclosure.readers import html_tables

    pad = " x" * 200
    html = (
        f'<body><div class="nav{pad}">导航</div><p style="color:red;{pad}display: none">隐</p>'
        f'<div class="zoom{pad}"><p>正文</p></div></body>'
    )
    before = html_tables._cached_kind.cache_info().currsize
    blocks = assert_same(html)
    assert isinstance(blocks, list)
    assert [b.text for b in blocks if not isinstance(b, Grid)] == ["正文"]
    assert html_tables._cached_kind.cache_info().currsize == before
    assert not html_tables._is_hidden("color:red;" + pad)
    assert html_tables._is_hidden(pad + "display: none")
