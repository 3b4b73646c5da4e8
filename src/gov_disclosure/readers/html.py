"""HTML front end: a web page, a fragment or our own rendered page → blocks in document order.

It knows HTML and nothing of the statute: ``<p>``/``<div>``/``<li>``/… become
:class:`~gov_disclosure.readers.blocks.Paragraph` blocks, data ``<table>`` elements become
:class:`~gov_disclosure.readers.blocks.Grid` blocks with ``rowspan``/``colspan`` expanded, and on a
whole web page only the report is kept (site chrome dropped, the main content container chosen).

Parser choice (measured on this machine, 2 shared cores, Python 3.11, best of many runs;
parse only, on the decoded text)::

    input                                  selectolax/Lexbor   lxml (libxml2 2.14)   html.parser
    our rendered page, 15 KB                     0.12 ms             0.30 ms              2.4 ms
    corpus page 08, 66 KB                        0.34 ms             0.85 ms              5.1 ms
    page 08 with its body repeated 50x, 1.2 MB   9.0 ms              13 ms                75 ms
    '<div>' * 10_000 / * 40_000                  68 ms / 3.6 s       0.6 ms (stops)
    '<ul><li>' * 10_000 / * 40_000               0.5 s / 16 s        0.6 ms (stops)
    '<div>'*2000 + '</p>'*1e6 (4 MB)             2.8 s               2.4 s (huge_tree)
    50 MB single text node                       62 ms               44 ms (huge_tree)

Lexbor is the fastest but quadratic in nesting depth (its HTML5 tree builder scans the stack
of open elements), has no source line numbers and no depth limit; guarding it would need a
Python pre-scan of every tag (slower than the parse itself and easy to fool).  libxml2 is linear
because its depth is capped (2048 with ``huge_tree``, which also lifts the 10 MB text-node
limit), gives ``sourceline`` for paragraphs and rows, and *reports* when it stops: "Excessive
depth" is a fatal error in the parser's log, which we turn into :class:`ParseError` instead of
returning a silently truncated document.  So: **lxml** (``lxml>=6.0``), optional dependency,
imported only here.  Its other weak point, dropping everything after a top-level ``</html>``,
is avoided by deleting ``</html>``/``</body>`` end tags before parsing (HTML5 ignores them too).

Whole call / lxml parse alone: our page 0.95 ms / 0.30 ms (≈3.2x: 300 table cells are Python
work), page 08 1.8 ms / 0.85 ms (≈2.1x), the 1.2 MB page ≈2.9x, 50 MB of it 5.4 s.  Worst case
(crafted input kept ~2000 levels deep, e.g. stray end tags): libxml2 itself ≈1.2 µs per byte.

How a page is read: one iterative walk over ``<body>`` makes paragraphs, skips chrome (by
tag, role, id/class words, hidden styles) and notes which blocks each container element holds;
a table without nested tables is read as a grid in one go.  Then, only if chrome was found
(a whole page, not a fragment), the report is located: the biggest ``<article>``/``<main>``/
CMS-named container (``#zoom``, ``.TRS_Editor``, ``.article_content``…) holding ≥40% of the
text, else ``<body>``, then descending while one child holds all but a little of the text
(never into a data table or an ``<article>``, never leaving the ``<h1>`` behind).

No recursion follows the document's nesting: every walk is ``iterwalk`` with explicit stacks.
"""

from __future__ import annotations

import bisect
import codecs
import re
from typing import Any

from gov_disclosure._i18n import N_, _
from gov_disclosure.errors import ParseError
from gov_disclosure.readers.blocks import Block, Grid, Paragraph

__all__ = ["html_blocks", "html_parser"]

_INSTALL_HINT = N_("reading HTML needs lxml: pip install 'gov-disclosure[html]'")

# ----------------------------------------------------------------------------------- decoding

_SNIFF_BYTES = 8192
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,2048}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE
)
_GB = frozenset(
    {
        "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "csgb2312", "euc-cn",
        "gb_2312-80", "chinese", "iso-ir-58", "csiso58gb231280",
    }
)  # fmt: skip


def _charset(label: bytes) -> str | None:
    """A Python codec for a declared charset label, or None if unknown."""
    name = label.decode("ascii", "replace").strip().lower()
    if name in _GB:
        return "gb18030"
    if name in {"utf-16", "utf-16le", "utf-16be", "utf-32"}:
        return "utf-8"  # a declaration read as ASCII cannot be UTF-16 (WHATWG does the same)
    if name in {"iso-8859-1", "latin1", "latin-1", "ascii", "us-ascii", "windows-1252"}:
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode(data: bytes) -> str:
    """Bytes → text: BOM, declared charset, UTF-8, GB18030, then UTF-8 with replacement.

    One exception to that order: bytes that are valid UTF-8 are read as UTF-8 whatever the page
    declares (CMS templates often say gb2312 over UTF-8 content; GBK text that happens to be
    valid UTF-8 does not occur in practice).
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates: list[str] = []
    match = _META_CHARSET.search(data, 0, _SNIFF_BYTES)
    if match:
        declared = _charset(match.group(1))
        if declared:
            candidates.append(declared)
    candidates.append("gb18030")
    for codec in candidates:
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", "replace")


# ------------------------------------------------------------------------------ normalisation

_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
# A source line break between two CJK characters is not a space (CSS Text 3 segment break
# transformation).  The first class excludes newlines, so the match is unambiguous: linear.
_SEGMENT_BREAK = re.compile(f"(?<=[{_CJK}])[ \\t\\f]*[\\r\\n][ \\t\\r\\n\\f]*(?=[{_CJK}])")
_BREAK = "\x00"  # marks <br>/<p> boundaries inside a table cell; libxml2 never yields NUL


def _clean(text: str) -> str:
    """Collapse whitespace (NBSP, U+3000, newlines, runs of spaces) to one space and strip."""
    if "\n" in text or "\r" in text:
        text = _SEGMENT_BREAK.sub("", text)
    return " ".join(text.split())


def _cell_text(pieces: list[str]) -> str:
    """A cell's pieces → text with a newline at each ``<br>``/block boundary."""
    lines = (_clean(part) for part in "".join(pieces).split(_BREAK))
    return "\n".join(line for line in lines if line)


# --------------------------------------------------------------------------- element classes

# Elements whose content is never report text (stripped from the tree before anything else).
_SKIP = (
    "script", "style", "noscript", "template", "head", "title", "select", "option", "optgroup",
    "datalist", "button", "input", "textarea", "iframe", "frame", "frameset", "noframes", "svg",
    "math", "object", "embed", "applet", "canvas", "audio", "video", "map", "xml", "meta",
    "link", "base", "param", "source", "track", "noembed",
)  # fmt: skip
# Elements that start and end a paragraph.
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
        "legend", "li", "listing", "main", "menu", "nav", "ol", "p", "plaintext", "pre",
        "search", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
        "ul", "xmp", "br",
    }
)  # fmt: skip
# Elements the content search may descend into or pick (others are leaves for it).
_CONTAINER = frozenset(
    {
        "body", "div", "section", "article", "main", "center", "form", "table", "tbody",
        "thead", "tfoot", "tr", "td", "th", "blockquote", "dd", "li", "figure", "details",
    }
)  # fmt: skip
_ROW_GROUPS = frozenset({"tbody", "thead", "tfoot"})
_LAYOUT_ROLES = frozenset({"presentation", "none"})
_CHROME_TAGS = frozenset({"nav", "aside", "menu"})
_CHROME_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar"}
)
# Words of an id/class that mark navigation and other site furniture (incl. common pinyin).
_CHROME_WORDS = frozenset(
    {
        "nav", "navbar", "navi", "navigation", "menu", "menubar", "submenu", "breadcrumb",
        "breadcrumbs", "crumb", "crumbs", "copyright", "share", "sharing", "bdshare", "jiathis",
        "search", "searchbox", "login", "logon", "register", "related", "relate", "sidebar",
        "sitemap", "toolbar", "topbar", "advert", "ads", "banner", "qrcode", "erweima", "ewm",
        "weather", "pagination", "pager", "friendlink", "friendlinks", "links", "skip",
        "daohang", "mianbaoxie", "fenxiang", "banquan", "sousuo", "youqing", "yqlj", "xglj",
        "dqwz", "weizhi",
    }
)  # fmt: skip
# Page header/footer words: chrome unless inside an <article> (there they are its own header).
_EDGE_WORDS = frozenset({"header", "footer", "foot"})
# Usual names (full class token or id, lowercased) of a CMS's content container.
_CONTENT_NAMES = frozenset(
    {
        "article_content", "article-content", "articlecontent", "article_con", "article-con",
        "article_body", "article-body", "articlebody", "content", "contents", "main_content",
        "main-content", "maincontent", "zoom", "trs_editor", "detail", "details",
        "detail_content", "detail-content", "news_content", "news-content", "newscontent",
        "xxgk_content", "info_content", "zhengwen", "zw", "entry-content", "post-content",
        "custom_unionstyle", "bt_content", "pages_content", "content_text", "contenttext",
        "article", "con", "wzcon", "text", "txt", "view",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-z]+")
_SPAN = re.compile(r"\s*\+?([0-9]+)")
_END_ROOT = re.compile(r"</(?:html|body)\b[^<>]*>", re.IGNORECASE)

_MAX_COLSPAN = 1000
_MAX_ROWSPAN = 65534
_MAX_LINE = 65535  # libxml2 (as lxml calls it) reports this for every later line


def _span(value: str, limit: int) -> int:
    """A rowspan/colspan attribute → int in 0..limit (HTML's non-negative integer rules)."""
    if value.isascii() and value.isdigit() and len(value) < 9:
        return min(int(value), limit)
    match = _SPAN.match(value)
    if not match:
        return 1
    digits = match.group(1)
    return limit if len(digits) > 9 else min(int(digits), limit)


def _line(el: Any) -> int | None:
    line: int | None = el.sourceline
    return line if line is not None and line < _MAX_LINE else None


_IS_CHROME, _IS_EDGE, _IS_CONTENT = 1, 2, 4


def _name_kind(value: str) -> int:
    """What a class or id value says: chrome, page header/footer, content container (bits)."""
    lowered = value.lower()
    words = set(_WORD.findall(lowered))
    kind = _IS_CHROME if not words.isdisjoint(_CHROME_WORDS) else 0
    if not words.isdisjoint(_EDGE_WORDS):
        kind |= _IS_EDGE
    if not _CONTENT_NAMES.isdisjoint(lowered.split()):
        kind |= _IS_CONTENT
    return kind


def _is_hidden(style: str) -> bool:
    flat = style.lower().replace(" ", "")
    return "display:none" in flat or "visibility:hidden" in flat or "mso-hide:all" in flat


class _Page:
    """Everything one walk over ``<body>`` found."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, int | None] | Grid] = []
        self.weights: list[int] = []  # text length of each block, link text excluded
        self.containers: dict[Any, list[int]] = {}  # el -> [first block, end block, order, data]
        self.named: list[Any] = []  # <article>, <main> and CMS-named content containers
        self.h1: list[int] = []  # index of the first block of each <h1>
        self.skipped: list[Any] = []  # outermost chrome elements left out
        self.budget = 0


def _walk(etree: Any, body: Any, spared: set[Any], budget: int) -> _Page:
    """Read ``body`` into blocks, leaving chrome out and noting each container's blocks.

    Paragraphs are ``(text, line)`` tuples here (made into :class:`Paragraph` only for the
    blocks finally returned); a piece of text starts a paragraph only if it is not blank, so
    blank runs between tags cost nothing.
    """
    page = _Page()
    page.budget = budget
    blocks, weights, containers = page.blocks, page.weights, page.containers
    kinds: dict[str, int] = {}
    styles: dict[str, bool] = {}
    buf: list[str] = []
    line: int | None = None
    link_chars = 0

    def flush() -> None:
        nonlocal buf, link_chars
        text = _clean("".join(buf))
        buf = []
        if text:
            blocks.append((text, line))
            weights.append(len(text) - link_chars if link_chars < len(text) else 0)
        link_chars = 0

    def add_pre(text: str, el: Any) -> None:
        nonlocal line
        for k, part in enumerate(text.split("\n")):
            if k and buf:
                flush()
            if buf or not part.isspace():
                if not buf:
                    line = _line(el)
                buf.append(part)

    links = articles = pre = order = 0
    h1_start = -1
    skipping = False
    walker = etree.iterwalk(body, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            order += 1
            chrome = tag in _CHROME_TAGS or ((tag == "header" or tag == "footer") and not articles)
            named = layout_role = False
            for key, value in el.items():
                if key == "class" or key == "id":
                    kind = kinds.get(value)
                    if kind is None:
                        kind = kinds[value] = _name_kind(value)
                    if kind & _IS_CHROME or (kind & _IS_EDGE and not articles):
                        chrome = True
                    elif kind & _IS_CONTENT:
                        named = True
                elif key == "style":
                    hidden = styles.get(value)
                    if hidden is None:
                        hidden = styles[value] = _is_hidden(value)
                    chrome = chrome or hidden
                elif key == "role":
                    role = value.strip().lower()
                    if role in _CHROME_ROLES:
                        chrome = True
                    elif role in _LAYOUT_ROLES:
                        layout_role = True
                elif key == "hidden" or (key == "aria-hidden" and value == "true"):
                    chrome = True
            if chrome and el is not body and el not in spared:
                walker.skip_subtree()
                skipping = True
                page.skipped.append(el)
                if buf and tag in _BLOCK:
                    flush()
                continue
            if tag in _BLOCK:
                if buf:
                    flush()
                if tag in _CONTAINER:
                    containers[el] = [len(blocks), -1, order, 0]
                    if named or tag == "article" or tag == "main":
                        page.named.append(el)
                if tag == "table":
                    if (
                        not layout_role
                        and next(el.iterdescendants("table"), None) is None
                        and _read_table(etree, el, kinds, styles, page)
                    ):
                        containers[el][1] = len(blocks)
                        containers[el][3] = 1
                        walker.skip_subtree()
                        skipping = True
                        continue
                elif tag == "pre":
                    pre += 1
                elif tag == "h1":
                    h1_start = len(blocks)
                elif tag == "article":
                    articles += 1
            elif tag == "a":
                links += 1
            text = el.text
        else:
            if skipping:
                skipping = False
            elif el is body:
                break
            elif tag in _BLOCK:
                if buf:
                    flush()
                entry = containers.get(el)
                if entry is not None:
                    entry[1] = len(blocks)
                if tag == "pre":
                    pre -= 1
                elif tag == "h1":
                    if 0 <= h1_start < len(blocks):
                        page.h1.append(h1_start)
                    h1_start = -1
                elif tag == "article":
                    articles -= 1
            elif tag == "a":
                links -= 1
            text = el.tail
        if text:
            if pre:
                add_pre(text, el)
            elif buf:
                buf.append(text)
                if links:
                    link_chars += len(text)
            elif not text.isspace():
                line = _line(el)
                buf.append(text)
                if links:
                    link_chars += len(text)
    if buf:
        flush()
    containers[body] = [0, len(blocks), 0, 0]
    return page


def _dropped(el: Any, kinds: dict[str, int], styles: dict[str, bool]) -> bool:
    """Whether an element inside a table cell is chrome or hidden."""
    for key, value in el.items():
        if key == "class" or key == "id":
            kind = kinds.get(value)
            if kind is None:
                kind = kinds[value] = _name_kind(value)
            if kind & _IS_CHROME:
                return True
        elif key == "style":
            hidden = styles.get(value)
            if hidden is None:
                hidden = styles[value] = _is_hidden(value)
            if hidden:
                return True
        elif key == "hidden" or (key == "aria-hidden" and value == "true"):
            return True
    return False


def _cell(etree: Any, cell: Any, kinds: dict[str, int], styles: dict[str, bool]) -> str:
    """A cell's text: whitespace collapsed, a newline at each ``<br>`` or block boundary."""
    if not len(cell):
        return _clean(cell.text) if cell.text else ""
    pieces: list[str] = []
    skipping = False
    walker = etree.iterwalk(cell, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            if el is not cell:
                if _dropped(el, kinds, styles):
                    walker.skip_subtree()
                    skipping = True
                    pieces.append(_BREAK)
                    continue
                if el.tag in _BLOCK:
                    pieces.append(_BREAK)
            text = el.text
        else:
            if skipping:
                skipping = False
            elif el is cell:
                break
            elif el.tag in _BLOCK:
                pieces.append(_BREAK)
            text = el.tail
        if text:
            pieces.append(text)
    return _cell_text(pieces)


def _cell_of(
    etree: Any, el: Any, kinds: dict[str, int], styles: dict[str, bool]
) -> tuple[str, int, int]:
    """A ``<td>``/``<th>`` → (text, rowspan, colspan)."""
    if len(el):
        text = _cell(etree, el, kinds, styles)
    else:
        text = el.text
        text = _clean(text) if text else ""
    rowspan = el.get("rowspan")
    colspan = el.get("colspan")
    return (
        text,
        1 if rowspan is None else _span(rowspan, _MAX_ROWSPAN),
        1 if colspan is None else max(_span(colspan, _MAX_COLSPAN), 1),
    )


def _read_table(
    etree: Any, table: Any, kinds: dict[str, int], styles: dict[str, bool], page: _Page
) -> bool:
    """Read a table without nested tables as a grid, its caption and any stray text (outside
    cells) as paragraphs before it.  Return False, reading nothing, if it has one column or no
    text: a layout box, whose cells the caller reads as blocks."""
    rows: list[tuple[int | None, int, list[tuple[str, int, int]]]] = []
    captions: list[tuple[str, int | None]] = []
    stray: list[str] = []
    group = 0

    def other(el: Any) -> None:
        stray.append(_BREAK)
        if not _dropped(el, kinds, styles):
            stray.append(etree.tostring(el, method="text", encoding="unicode", with_tail=False))
        stray.append(_BREAK)

    def scan(parent: Any, top: bool) -> None:
        """The rows of the table (``top``) or of one of its row groups (fixed depth 2)."""
        nonlocal group
        implicit: list[tuple[str, int, int]] | None = None  # cells outside any <tr>
        if parent.text:
            stray.append(parent.text)
        for el in parent:
            tag = el.tag
            if tag == "tr":
                implicit = None
                row: list[tuple[str, int, int]] = []
                rows.append((_line(el), group, row))
                if el.text:
                    stray.append(el.text)
                for item in el:
                    itag = item.tag
                    if itag == "td" or itag == "th":
                        row.append(_cell_of(etree, item, kinds, styles))
                    else:
                        other(item)
                    if item.tail:
                        stray.append(item.tail)
            elif tag == "td" or tag == "th":
                if implicit is None:
                    implicit = []
                    rows.append((_line(el), group, implicit))
                implicit.append(_cell_of(etree, el, kinds, styles))
            elif tag == "caption":
                text = _cell(etree, el, kinds, styles)
                captions.extend((part, _line(el)) for part in text.split("\n") if part)
            elif top and tag in _ROW_GROUPS:
                implicit = None
                group += 1
                scan(el, False)
                group += 1
            elif tag != "colgroup" and tag != "col":
                other(el)
            if el.tail:
                stray.append(el.tail)

    scan(table, True)
    if not any(len(cells) > 1 for _l, _g, cells in rows):
        return False
    if not any(text for _l, _g, cells in rows for text, _r, _c in cells):
        return False
    blocks, weights = page.blocks, page.weights
    for text, line in captions:
        blocks.append((text, line))
        weights.append(len(text))
    for text in _cell_text(stray).split("\n"):
        if text:
            blocks.append((text, _line(table)))
            weights.append(len(text))
    page.budget = _expand(rows, blocks, page.budget)
    weights.append(sum(len(text) for _l, _g, row in rows for text, _r, _c in row))
    return True


def _expand(
    rows: list[tuple[int | None, int, list[tuple[str, int, int]]]],
    blocks: list[tuple[str, int | None] | Grid],
    budget: int,
) -> int:
    """Lay cells out on a grid (HTML's table model, rowspans clipped to their row group),
    append it to ``blocks`` and return what is left of the budget of grid positions."""
    count = len(rows)
    group_end = [count - 1] * count
    for i in range(count - 2, -1, -1):
        group_end[i] = group_end[i + 1] if rows[i + 1][1] == rows[i][1] else i
    grid: list[list[tuple[str, int] | None]] = [[] for _ in rows]
    next_id = 0
    for r, (_line_no, _group, cells) in enumerate(rows):
        own = grid[r]
        end = group_end[r]
        c = 0
        for text, rowspan, colspan in cells:
            size = len(own)
            while c < size and own[c] is not None:
                c += 1
            value = (text, next_id)
            next_id += 1
            if rowspan == 1 and c == size:  # the usual cell: it ends its own row so far
                budget -= colspan
                if colspan == 1:
                    own.append(value)
                else:
                    if budget < 0:
                        raise _TooBig
                    own.extend([value] * colspan)
                c += colspan
                continue
            last = end if rowspan == 0 or r + rowspan - 1 > end else r + rowspan - 1
            budget -= (last - r + 1) * colspan
            if budget < 0:
                raise _TooBig
            for i in range(r, last + 1):
                target = grid[i]
                size = len(target)
                if size <= c:  # the row ends here
                    if size < c:
                        target.extend([None] * (c - size))
                    target.extend([value] * colspan)
                    continue
                if size < c + colspan:
                    target.extend([None] * (c + colspan - size))
                for j in range(c, c + colspan):
                    if target[j] is None:
                        target[j] = value
            c += colspan
        if budget < 0:
            raise _TooBig
    texts: list[tuple[str, ...]] = []
    ids: list[tuple[int, ...]] = []
    lines: list[int | None] = []
    for (line_no, _group, _cells), positions in zip(rows, grid, strict=True):
        if not positions:
            continue
        if None in positions:  # holes left by the spans: empty cells of their own
            for k, position in enumerate(positions):
                if position is None:
                    positions[k] = ("", next_id)
                    next_id += 1
        texts.append(tuple([position[0] for position in positions]))  # type: ignore[index]
        ids.append(tuple([position[1] for position in positions]))  # type: ignore[index]
        lines.append(line_no)
    blocks.append(Grid(tuple(texts), tuple(ids), tuple(lines), 0))
    return budget


class _TooBig(Exception):
    pass


def _choose(page: _Page, body: Any) -> tuple[int, int, int]:
    """The report's blocks: ``(start, end, title)``; ``title`` is a block index or -1."""
    containers = page.containers
    prefix = [0]
    total = 0
    for weight in page.weights:
        total += weight
        prefix.append(total)

    def kept(entry: list[int]) -> int:
        return prefix[entry[1]] - prefix[entry[0]] if entry[1] >= entry[0] else 0

    def has_h1(entry: list[int]) -> bool:
        i = bisect.bisect_left(page.h1, entry[0])
        return i < len(page.h1) and page.h1[i] < entry[1]

    if not page.skipped:  # no site chrome: a fragment or a plain page, read it whole
        return 0, containers[body][1], -1
    current = body
    best = 0
    for el in page.named:
        entry = containers.get(el)
        if entry is not None and entry[1] >= 0 and not entry[3]:
            amount = kept(entry)
            if amount > best and amount >= 0.4 * total:
                current, best = el, amount
    while current.tag != "article":
        entry = containers[current]
        amount = kept(entry)
        if amount <= 0:
            break
        choice: Any = None
        choice_entry: list[int] = []
        choice_amount = -1
        for child in current:
            child_entry = containers.get(child)
            if child_entry is not None and child_entry[1] >= 0:
                child_amount = kept(child_entry)
                if child_amount > choice_amount:
                    choice, choice_entry, choice_amount = child, child_entry, child_amount
        if choice is None or choice_amount <= 0 or choice_entry[3]:
            break  # nothing below, or a data table: its parent holds the report
        if amount - choice_amount > min(0.25 * amount, 300):
            break  # descending would drop real text
        if has_h1(entry) and not has_h1(choice_entry):
            break  # keep the title
        current = choice
    start, end = containers[current][:2]
    title = -1
    if current is not body and page.h1 and page.h1[0] < start:
        title = page.h1[0]
    return start, end, title


def _raw_length(etree: Any, el: Any) -> int:
    """Non-blank characters of an element's text (for the chrome safety net)."""
    text = etree.tostring(el, method="text", encoding="unicode", with_tail=False)
    return len("".join(text.split()))


def _lxml() -> Any:
    try:
        from lxml import etree  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(_(_INSTALL_HINT)) from exc
    return etree


def html_parser() -> Any:
    """The lxml parser the front end reads every page with (UTF-8 bytes, huge text nodes
    allowed, comments and processing instructions dropped, no network). Benchmarks time it
    alone as the floor."""
    etree = _lxml()
    return etree.HTMLParser(
        encoding="utf-8",
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        collect_ids=False,
    )


def _parse(etree: Any, text: str, file: str | None) -> Any:
    """Text → the lxml root element, or None for a document without any content."""
    if text.startswith("\ufeff"):
        text = text[1:]
    raw = _END_ROOT.sub("", text).encode("utf-8", "replace")
    if not raw.strip():
        return None
    parser = html_parser()
    try:
        root = etree.fromstring(raw, parser)
    except etree.ParserError:  # "Document is empty"
        return None
    except (etree.LxmlError, ValueError) as exc:
        raise ParseError(_("unreadable HTML: {exc}").format(exc=exc), file=file) from exc
    for error in parser.error_log.filter_from_fatals():
        raise ParseError(
            _("HTML parser gave up: {strip}").format(strip=error.message.strip()), file=file
        )
    return root


def html_blocks(data: bytes | str, *, file: str | None = None) -> list[Block]:
    """An HTML document (a whole web page, a fragment or our renderer's page) → blocks.

    Bytes are decoded from their BOM, their ``<meta>`` charset, UTF-8 or GB18030.  On a whole
    page, site chrome (navigation, breadcrumbs, header/footer, share/search boxes, …) is
    dropped and only the main content container is read.  Paragraph text has its whitespace
    collapsed; table cells keep ``<br>``/paragraph boundaries as ``\\n``.  Tables that hold
    other tables are layout: their cells are read as blocks.  Raises
    :class:`~gov_disclosure.errors.ParseError` (with ``file``) when the document cannot be read
    (lxml missing, nested deeper than the parser allows, tables absurdly large).
    """
    if isinstance(data, (bytes, bytearray, memoryview)):
        text = _decode(bytes(data))
    elif isinstance(data, str):
        text = data
    else:
        raise TypeError(f"html_blocks() takes bytes or str, not {type(data).__name__}")
    try:
        etree = _lxml()
    except ImportError as exc:
        raise ParseError(str(exc), file=file) from None
    root = _parse(etree, text, file)
    if root is None or not isinstance(root.tag, str):
        return []
    etree.strip_elements(root, *_SKIP, with_tail=False)
    body = root.find("body")
    if body is None:
        body = root
    budget = 1_000_000 + len(text) // 2
    try:
        page = _walk(etree, body, set(), budget)
        found = sum(page.weights)
        if page.skipped and found < 2000:  # did chrome names swallow the report?
            raw = _raw_length(etree, body)
            if found < 0.2 * raw:
                spared = {el for el in page.skipped if _raw_length(etree, el) >= 0.5 * raw}
                if spared:
                    page = _walk(etree, body, spared, budget)
    except _TooBig:
        raise ParseError(_("tables too large once merged cells are expanded"), file=file) from None
    start, end, title = _choose(page, body)
    picked = page.blocks[start:end]
    if title >= 0:
        picked.insert(0, page.blocks[title])
    chosen: list[Block] = []
    number = 0
    for block in picked:
        if isinstance(block, Grid):
            number += 1
            chosen.append(Grid(block.rows, block.ids, block.lines, number))
        else:
            chosen.append(Paragraph(block[0], block[1]))
    return chosen
