"""Tests for the HTML front end (``gov_disclosure.readers.html``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gov_disclosure.errors import ParseError
from gov_disclosure.readers.blocks import Grid, Paragraph
from gov_disclosure.readers.html import html_blocks

pytest.importorskip("lxml")

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
PAGE_08 = CORPUS / "08_pingtan-difangshuiwuju_2013.html"


def texts(blocks: list[Paragraph | Grid]) -> list[str]:
    """The paragraph texts of a block list."""
    return [b.text for b in blocks if isinstance(b, Paragraph)]


def grids(blocks: list[Paragraph | Grid]) -> list[Grid]:
    """The grids of a block list."""
    return [b for b in blocks if isinstance(b, Grid)]


SPAN_TABLE = """
<table border="1">
  <tr><th rowspan="2">（一）予以公开</th><td>自然人</td><td colspan="3">法人或其他组织</td></tr>
  <tr><td>5</td><td>1</td><td>2</td><td>3</td></tr>
</table>
"""


# ------------------------------------------------------------------------------ paragraphs


def test_paragraphs_in_document_order_with_whitespace_collapsed() -> None:
    """Block elements become paragraphs; &nbsp;, U+3000 and runs of spaces collapse to one."""
    html = (
        "<h2>一、总体情况</h2><p>本机关&nbsp;&nbsp;围绕\u3000\u3000主动公开   工作。</p><li>甲</li>"
    )
    assert texts(html_blocks(html)) == ["一、总体情况", "本机关 围绕 主动公开 工作。", "甲"]


def test_inline_markup_does_not_split_text() -> None:
    """Spans, fonts and bold nested several levels deep, digits in their own span, stay one."""
    html = (
        "<p><span><font><b><span style='mso-bidi-font-size:16pt'>本年度收到申请"
        "<span>2013</span>年</span></b></font></span><span>共<span>12</span>件。</span></p>"
    )
    assert texts(html_blocks(html)) == ["本年度收到申请2013年共12件。"]


def test_br_splits_a_paragraph() -> None:
    """A <br> inside a paragraph makes two paragraphs."""
    assert texts(html_blocks("<p>第一行<br>第二行<br/>第三行</p>")) == [
        "第一行",
        "第二行",
        "第三行",
    ]


def test_source_line_break_between_chinese_characters_is_not_a_space() -> None:
    """Word wraps source lines inside Chinese text; the break must not become a space."""
    html = "<p>推进政府信息\n   公开工作，2013\nyear</p>"
    assert texts(html_blocks(html)) == ["推进政府信息公开工作，2013 year"]


def test_paragraph_lines_are_source_lines() -> None:
    """Paragraph.line is the source line where its text starts."""
    blocks = html_blocks("<html><body>\n<p>一</p>\n\n<p>二</p>\n</body></html>")
    assert [(b.text, b.line) for b in blocks if isinstance(b, Paragraph)] == [
        ("一", 2),
        ("二", 4),
    ]


def test_word_pasted_markup_leaks_no_text() -> None:
    """Conditional comments, <xml> islands, <o:p>, mso styles and hidden text are ignored."""
    html = """
    <!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml>
    <![endif]-->
    <xml><o:DocumentProperties><o:Author>作者</o:Author></o:DocumentProperties></xml>
    <p class=MsoNormal style='mso-pagination:widow-orphan'><span lang=EN-US
    style='font-size:16.0pt;mso-fareast-font-family:仿宋_GB2312'>（一）主动公开情况<o:p></o:p></span></p>
    <p class=MsoNormal><span style='mso-hide:all'>隐藏</span>“三安全一稳定”<o:p>&nbsp;</o:p></p>
    <!--[if !supportLists]--><p>结束</p><!--[endif]-->
    """
    assert texts(html_blocks(html)) == ["（一）主动公开情况", "“三安全一稳定”", "结束"]


def test_scripts_styles_forms_and_comments_are_skipped() -> None:
    """Non-content elements contribute no text."""
    html = """
    <style>p { color: red }</style><script>var x = function() { return "<p>x</p>"; };</script>
    <noscript>请启用脚本</noscript><template><p>模板</p></template>
    <form><select><option>选项</option></select><button>提交</button><input value="值">
    <textarea>文本框</textarea></form><iframe>框架</iframe><svg><text>图</text></svg>
    <!-- 注释 --><p>正文</p>
    """
    assert texts(html_blocks(html)) == ["正文"]


def test_empty_and_blank_documents_give_no_blocks() -> None:
    """Nothing to read is not an error."""
    cases: list[str | bytes] = [
        "",
        "   ",
        "<!-- only -->",
        "<html><head><title>x</title></head></html>",
        b"",
    ]
    for html in cases:
        assert html_blocks(html) == []


# ---------------------------------------------------------------------------------- tables


def test_rowspan_and_colspan_are_expanded_with_shared_ids() -> None:
    """A spanning cell appears at every position it covers, all with one id."""
    (grid,) = grids(html_blocks(SPAN_TABLE))
    assert grid.rows == (
        ("（一）予以公开", "自然人", "法人或其他组织", "法人或其他组织", "法人或其他组织"),
        ("（一）予以公开", "5", "1", "2", "3"),
    )
    assert grid.ids[0][0] == grid.ids[1][0]
    assert grid.ids[0][2] == grid.ids[0][3] == grid.ids[0][4]
    distinct = {grid.ids[0][0], grid.ids[0][1], grid.ids[0][2], *grid.ids[1][1:]}
    assert len(distinct) == 7
    assert grid.number == 1
    assert grid.lines == (3, 4)
    assert grid.page is None


def test_th_td_thead_tbody_tfoot_rows_in_document_order() -> None:
    """Header and footer rows keep their place in the source."""
    html = """<table><thead><tr><th>项目</th><th>数量</th></tr></thead>
    <tbody><tr><td>规章</td><td>3</td></tr></tbody>
    <tfoot><tr><td>总计</td><td>3</td></tr></tfoot></table>"""
    (grid,) = grids(html_blocks(html))
    assert grid.rows == (("项目", "数量"), ("规章", "3"), ("总计", "3"))


def test_rowspan_is_clipped_to_its_row_group() -> None:
    """A rowspan never reaches into the next <tbody> (nor beyond the table)."""
    html = """<table><tbody><tr><th rowspan="9">甲</th><td>1</td></tr>
    <tr><td>2</td></tr></tbody><tbody><tr><td>乙</td><td>3</td></tr></tbody></table>"""
    (grid,) = grids(html_blocks(html))
    assert grid.rows == (("甲", "1"), ("甲", "2"), ("乙", "3"))


@pytest.mark.parametrize(
    ("attrs", "width"),
    [
        ('colspan="0"', 1),
        ('colspan="-3"', 1),
        ('colspan="abc"', 1),
        ('colspan=" 2px"', 2),
        ('colspan="99999999999999999999"', 1000),
        ('colspan="1000000"', 1000),
    ],
)
def test_bad_span_values_are_clamped(attrs: str, width: int) -> None:
    """Zero, negative, non-numeric and huge spans are clamped (colspan ≤ 1000)."""
    html = f"<table><tr><td {attrs}>宽</td><td>末</td></tr></table>"
    (grid,) = grids(html_blocks(html))
    assert len(grid.rows[0]) == width + 1
    assert grid.rows[0][-1] == "末"


def test_huge_rowspan_stops_at_the_last_row() -> None:
    """rowspan=0 and rowspan=65534 span the remaining rows only."""
    for value in ("0", "65534", "4294967297"):
        html = f"<table><tr><td rowspan='{value}'>甲</td><td>1</td></tr><tr><td>2</td></tr></table>"
        (grid,) = grids(html_blocks(html))
        assert grid.rows == (("甲", "1"), ("甲", "2"))


def test_holes_left_by_spans_are_empty_cells_of_their_own() -> None:
    """A position no cell covers is an empty string with a fresh id."""
    html = "<table><tr><td>a</td><td>b</td><td rowspan=2>c</td></tr><tr></tr></table>"
    (grid,) = grids(html_blocks(html))
    assert grid.rows == (("a", "b", "c"), ("", "", "c"))
    assert len(set(grid.ids[1][:2]) | set(grid.ids[0])) == 5


def test_br_and_paragraphs_in_a_cell_become_newlines() -> None:
    """Inside a cell, <br> and <p> boundaries are newlines; other whitespace collapses."""
    html = """<table><tr><td><p>本年新收政府信息</p><p>公开申请数量</p></td>
    <td>1.属于<br>国家秘密&nbsp;&nbsp; </td><td><span>1</span><span>2</span></td></tr></table>"""
    (grid,) = grids(html_blocks(html))
    assert grid.rows == (("本年新收政府信息\n公开申请数量", "1.属于\n国家秘密", "12"),)


def test_layout_table_is_read_as_blocks_and_its_inner_table_as_a_grid() -> None:
    """A table holding a table is layout: its cells give paragraphs, the inner table a grid."""
    html = f"""<table><tr><td><p>二、主动公开政府信息情况</p>{SPAN_TABLE}<p>说明</p></td>
    <td>旁注</td></tr></table><table><tr><td>x</td><td>y</td></tr></table>"""
    blocks = html_blocks(html)
    assert [type(b).__name__ for b in blocks] == [
        "Paragraph",
        "Grid",
        "Paragraph",
        "Paragraph",
        "Grid",
    ]
    assert texts(blocks) == ["二、主动公开政府信息情况", "说明", "旁注"]
    assert [g.number for g in grids(blocks)] == [1, 2]
    assert grids(blocks)[1].rows == (("x", "y"),)


def test_one_column_table_is_a_layout_box() -> None:
    """A one-column table (a framed body) gives paragraphs, not a grid."""
    html = "<table><tr><td>标题</td></tr><tr><td><p>第一段</p><p>第二段</p></td></tr></table>"
    assert html_blocks(html) == [
        Paragraph("标题", 1),
        Paragraph("第一段", 1),
        Paragraph("第二段", 1),
    ]


def test_split_table_gives_two_grids_and_caption_comes_first() -> None:
    """Table three split over two <table>s is two grids; a caption is a paragraph before."""
    html = """<table><caption>表三　收到和处理政府信息公开申请情况</caption>
    <tr><td>一、本年新收政府信息公开申请数量</td><td>1</td></tr></table>
    <p>续表</p><table><tr><td>四、结转下年度继续办理</td><td>0</td></tr></table>"""
    blocks = html_blocks(html)
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].text == "表三 收到和处理政府信息公开申请情况"
    first, second = grids(blocks)
    assert (first.number, second.number) == (1, 2)
    assert second.rows == (("四、结转下年度继续办理", "0"),)


def test_text_outside_cells_is_kept_before_the_grid() -> None:
    """Stray text inside a table (outside any cell) is not dropped silently."""
    blocks = html_blocks("<table>注：<tr><td>a</td><td>b</td></tr></table>")
    assert texts(blocks) == ["注："]
    assert len(grids(blocks)) == 1


# ---------------------------------------------------------------------------- whole pages

CHROME_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>报告</title>
<script>window.onload = function() { track(); };</script></head><body>
<div class="header"><div class="logo">某某市人民政府</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>
<div class="search-box"><input name="q"><span>搜索</span></div>
<nav><a href="/">网站导航</a></nav>
<div class="main">
  <div class="breadcrumb">当前位置：首页 &gt; 政府信息公开 &gt; 年报</div>
  <div class="left-menu"><p>机构概况</p><p>政策文件</p></div>
  <div id="zoom">
    <p>某某市统计局2023年政府信息公开工作年度报告</p>
    <p>一、总体情况</p>
    <p>2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进政务公开工作。</p>
    <p>二、主动公开政府信息情况</p>
    <table><tr><td>规章</td><td>0</td></tr><tr><td>行政规范性文件</td><td>2</td></tr></table>
    <p>三、收到和处理政府信息公开申请情况</p>
    <p>本年度共收到政府信息公开申请12件，均已按期答复。</p>
  </div>
  <div class="share"><span>分享到：</span><a href="#">微信</a><a href="#">微博</a></div>
  <div class="related-links"><h3>相关链接</h3><a href="/1">2022年报告</a></div>
</div>
<div class="footer"><p>版权所有：某某市人民政府办公室</p><p>网站标识码：1234567890</p></div>
<footer><p>技术支持：某公司</p></footer>
</body></html>"""


def test_chrome_is_dropped_and_the_content_container_read() -> None:
    """Navigation, breadcrumbs, search, share, related links and footers are dropped."""
    blocks = html_blocks(CHROME_PAGE)
    found = texts(blocks)
    assert found[0] == "某某市统计局2023年政府信息公开工作年度报告"
    assert found[-1] == "本年度共收到政府信息公开申请12件，均已按期答复。"
    joined = "\n".join(found)
    for chrome in ["首页", "网站导航", "搜索", "当前位置", "分享", "相关链接", "版权", "技术支持"]:
        assert chrome not in joined
    assert "机构概况" not in joined  # a side menu outside the content container
    (grid,) = grids(blocks)
    assert grid.rows == (("规章", "0"), ("行政规范性文件", "2"))


def test_article_header_is_kept_but_page_header_is_not() -> None:
    """<header> inside <article> is the report's own title; the page's <header> is chrome."""
    html = """<body><header><h1>某某市人民政府门户网站</h1></header><article><header>
    <h1>2023年政府信息公开工作年度报告</h1><p class="meta">报告机关：某某市统计局</p></header>
    <section><h2>一、总体情况</h2><p>正文。</p></section></article></body>"""
    assert texts(html_blocks(html)) == [
        "2023年政府信息公开工作年度报告",
        "报告机关：某某市统计局",
        "一、总体情况",
        "正文。",
    ]


def test_h1_title_before_the_content_container_is_kept() -> None:
    """The page's <h1> title outside the content div comes first."""
    html = CHROME_PAGE.replace(
        '<div id="zoom">',
        '<h1>某某市统计局2023年年报</h1><div class="date">发布时间：2024-01-31</div><div id="zoom">',
    )
    found = texts(html_blocks(html))
    assert found[0] == "某某市统计局2023年年报"
    assert "某某市统计局2023年政府信息公开工作年度报告" in found


def test_chrome_named_wrapper_does_not_swallow_the_report() -> None:
    """A wrapper whose class merely mentions 'nav' is not allowed to hide the whole report."""
    body = "".join(
        f"<p>第{i}段：本机关依法公开政府信息，做好依申请公开工作。</p>" for i in range(30)
    )
    html = f"<html><body><div class='main-nav-wrapper'>{body}</div></body></html>"
    assert len(texts(html_blocks(html))) == 30


def test_content_after_closing_html_tag_is_kept() -> None:
    """Text after a premature </body></html> is not lost (libxml2 would drop it)."""
    html = "<html><body><p>甲</p></body></html><p>乙</p>"
    assert texts(html_blocks(html)) == ["甲", "乙"]


# -------------------------------------------------------------------------------- decoding


def test_gbk_bytes_with_meta_charset() -> None:
    """GBK bytes declared in <meta charset> decode right."""
    html = (
        '<html><head><meta charset="gbk"></head><body><p>政府信息公开“年度报告”</p></body></html>'
    )
    assert texts(html_blocks(html.encode("gbk"))) == ["政府信息公开“年度报告”"]


def test_gb2312_declared_in_http_equiv() -> None:
    """The http-equiv Content-Type form is read too."""
    html = (
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>（一）予以公开</p>'
    )
    assert texts(html_blocks(html.encode("gb18030"))) == ["（一）予以公开"]


def test_gbk_bytes_without_declaration() -> None:
    """Undeclared bytes that are not UTF-8 are read as GB18030."""
    assert texts(html_blocks("<p>行政复议、行政诉讼</p>".encode("gbk"))) == ["行政复议、行政诉讼"]


def test_utf8_bom_and_utf16() -> None:
    """A BOM wins over everything."""
    html = '<meta charset="gbk"><p>总计</p>'
    assert texts(html_blocks(b"\xef\xbb\xbf" + html.encode("utf-8"))) == ["总计"]
    assert texts(html_blocks(html.encode("utf-16"))) == ["总计"]


def test_wrong_declaration_falls_back_to_what_decodes() -> None:
    """A page that says gb2312 but is UTF-8 (common) is still read right."""
    html = '<meta charset="gb2312"><p>政务公开</p>'
    assert texts(html_blocks(html.encode("utf-8"))) == ["政务公开"]


def test_str_with_xml_declaration_and_bom() -> None:
    """An XHTML page given as text (with an encoding declaration) is fine."""
    html = '\ufeff<?xml version="1.0" encoding="gbk"?><html><body><p>甲</p></body></html>'
    assert texts(html_blocks(html)) == ["甲"]


# ------------------------------------------------------------------------- real documents


@pytest.mark.skipif(not PAGE_08.exists(), reason="shared corpus not available")
def test_corpus_page_08() -> None:
    """The report body of a real government page comes out without its chrome or scripts."""
    blocks = html_blocks(PAGE_08.read_bytes(), file=PAGE_08.name)
    found = texts(blocks)
    joined = "\n".join(found)
    assert len(found) > 20
    assert "2013" in found[0]
    assert "政府信息公开" in joined
    assert any(text.startswith("一、") for text in found)
    assert any(text.startswith("六、") for text in found)
    for leak in ["function(", "var ", "window.", "{{", "当前位置", "网站标识码", "国务院"]:
        assert leak not in joined, leak
    assert all(b.line is not None for b in blocks if isinstance(b, Paragraph))


def test_our_rendered_page() -> None:
    """Our renderer's page: title and metadata kept, three or more grids with the values."""
    from gov_disclosure.render import render
    from gov_disclosure.testing import sample_report

    report = sample_report("2021")
    page = render(report, to="html")
    assert isinstance(page, str)
    blocks = html_blocks(page)
    found = texts(blocks)
    assert found[0] == report_title(page)
    assert any("报告机关" in text for text in found)
    tables = grids(blocks)
    assert len(tables) >= 3
    assert [g.number for g in tables] == list(range(1, len(tables) + 1))
    cells = {cell for g in tables for row in g.rows for cell in row}
    assert {"规章", "行政许可", "（一）予以公开", "结果维持", "315", "12.5"} <= cells
    for g in tables:
        assert len(g.rows) == len(g.ids) == len(g.lines)
        assert all(len(r) == len(i) for r, i in zip(g.rows, g.ids, strict=True))


def report_title(page: str) -> str:
    """The <h1> text of a rendered page."""
    return page.split("<h1>", 1)[1].split("</h1>", 1)[0]


# ------------------------------------------------------------------------------ robustness


def check(data: bytes | str) -> None:
    """html_blocks returns blocks or raises ParseError, nothing else."""
    failure: ParseError | None = None
    try:
        blocks = html_blocks(data, file="x.html")
    except ParseError as exc:
        failure, blocks = exc, []
    if failure is not None:
        assert failure.file == "x.html"
    for block in blocks:
        assert isinstance(block, Paragraph | Grid)
        if isinstance(block, Paragraph):
            assert block.text
            assert block.text == block.text.strip()
        else:
            assert len(block.rows) == len(block.ids) == len(block.lines)


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 100_000 + "尾",
        "<span>" * 100_000 + "尾",
        "<table><tr><td>" * 30_000 + "尾",
        "<ul><li>" * 50_000 + "尾",
        "<b><i>" * 50_000 + "尾",
        "<div>" * 2000 + "</p>" * 50_000,
        "<p>" + "长" * 12_000_000,
        '<a title="' * 10_000,
        "<" * 100_000,
        "</" * 100_000,
        "<!--" * 100_000,
        "<![if x]>" * 10_000,
        "<table>" + "<tr><td rowspan=65534 colspan=1000>x</td></tr>" * 200 + "</table>",
    ],
    ids=lambda html: repr(html[:20]),
)
def test_pathological_documents(html: str) -> None:
    """Deep nesting, unclosed tables, huge text nodes and span bombs: blocks or ParseError."""
    check(html)


def test_deep_nesting_is_a_parse_error_not_a_silent_truncation() -> None:
    """Beyond the parser's depth limit the document is refused, with the file name."""
    with pytest.raises(ParseError, match="depth") as info:
        html_blocks("<div>" * 100_000 + "<p>尾</p>", file="deep.html")
    assert info.value.file == "deep.html"


def test_moderately_deep_nesting_is_read() -> None:
    """A few hundred unclosed divs (broken templates) are still read."""
    assert texts(html_blocks("<div>" * 500 + "<p>尾</p>")) == ["尾"]


def test_five_megabyte_page() -> None:
    """A big page is read whole."""
    para = "<p>本机关依法公开政府信息，做好依申请公开工作。</p>\n"
    html = "<html><body>" + para * (5_000_000 // len(para.encode())) + "</body></html>"
    blocks = html_blocks(html)
    assert len(blocks) == 5_000_000 // len(para.encode())


def test_binary_junk() -> None:
    """Random-looking bytes do not crash the reader."""
    junk = bytes(range(256)) * 200 + b"\x00\xff\xfe<p>\x80\x81</p>"
    check(junk)


def test_wrong_type_is_a_type_error() -> None:
    """Misuse is not a parse error."""
    with pytest.raises(TypeError):
        html_blocks(123)  # type: ignore[arg-type]


FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    """Arbitrary bytes: blocks or ParseError."""
    check(data)


@FAST
@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    """Arbitrary text (lone surrogates, NULs, control characters): blocks or ParseError."""
    check(text)


TAGS = [
    "div", "p", "span", "table", "tr", "td", "th", "tbody", "br", "b", "li", "ul", "h1",
    "article", "nav", "footer", "header", "caption", "pre", "a", "o:p", "xml", "script",
]  # fmt: skip
ATTRS = ["", ' rowspan="2"', ' colspan="3"', ' colspan="0"', ' class="nav"', ' id="zoom"',
         ' style="display:none"', ' rowspan="-1"', ' role="presentation"']  # fmt: skip
PIECES = st.one_of(
    st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), st.sampled_from(ATTRS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    st.sampled_from(
        ["一、", "（一）", "2013", "&nbsp;", "\u3000", " ", "\n", "“三”", "<!--", "-->"]
    ),
    st.text(max_size=5),
)


@FAST
@given(st.lists(PIECES, max_size=80))
def test_random_tag_soup(pieces: list[str]) -> None:
    """Random nested tag soup: blocks or ParseError, grids well formed."""
    html = "".join(pieces)
    check(html)
    check(html.encode("gb18030", "replace"))
