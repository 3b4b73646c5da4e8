"""HTML elements and tables for the HTML front end (:mod:`.html`): the text of an element,
the kind of an element by its tag, role, id and class (chrome, page edge, content), and a data
``<table>`` read as a :class:`~gov_disclosure.readers.blocks.Grid` with ``rowspan``/``colspan``
expanded (within bounds: at most 1,000 columns and 65,534 rows a span).

It knows HTML and nothing of the statute; lxml is passed in by the caller (imported only by the
front end).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from gov_disclosure.readers.blocks import Grid

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


def _kind_of(value: str) -> int:
    lowered = value.lower()
    words = set(_WORD.findall(lowered))
    kind = _IS_CHROME if not words.isdisjoint(_CHROME_WORDS) else 0
    if not words.isdisjoint(_EDGE_WORDS):
        kind |= _IS_EDGE
    if not _CONTENT_NAMES.isdisjoint(lowered.split()):
        kind |= _IS_CONTENT
    return kind


def _hides(style: str) -> bool:
    flat = style.lower().replace(" ", "")
    return "display:none" in flat or "visibility:hidden" in flat or "mso-hide:all" in flat


_cached_kind = lru_cache(maxsize=4096)(_kind_of)
_cached_hides = lru_cache(maxsize=4096)(_hides)
_CACHED = 256
"""Longest attribute value whose verdict is kept across pages (the caches stay small)."""


def _name_kind(value: str) -> int:
    """What a class or id value says: chrome, page header/footer, content container (bits)."""
    return _cached_kind(value) if len(value) <= _CACHED else _kind_of(value)


def _is_hidden(style: str) -> bool:
    """Whether a ``style`` attribute hides its element."""
    return _cached_hides(style) if len(style) <= _CACHED else _hides(style)


class _Page:
    """Everything one walk over ``<body>`` found."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, int | None] | Grid] = []
        self.weights: list[int] = []  # text length of each block, link text excluded
        self.containers: dict[Any, list[int]] = {}  # el -> [first block, end block, data]
        self.named: list[Any] = []  # <article>, <main> and CMS-named content containers
        self.h1: list[int] = []  # index of the first block of each <h1>
        self.skipped: list[Any] = []  # outermost chrome elements left out
        self.budget = 0


def _dropped(el: Any) -> bool:
    """Whether an element inside a table cell is chrome or hidden."""
    for key, value in el.items():
        if key == "class" or key == "id":
            if _name_kind(value) & _IS_CHROME:
                return True
        elif key == "style":
            if _is_hidden(value):
                return True
        elif key == "hidden" or (key == "aria-hidden" and value == "true"):
            return True
    return False


def _cleaned(text: str | None) -> str:
    """:func:`_clean` with a fast way for the usual cell: a single word or figure."""
    if not text:
        return ""
    parts = text.split()
    if len(parts) == 1:  # no space inside: nothing for the segment-break rule to join
        return parts[0]
    return _clean(text) if parts else ""


def _cell(cell: Any) -> str:
    """A cell's text: whitespace collapsed, a newline at each ``<br>`` or block boundary."""
    if not len(cell):
        return _cleaned(cell.text)
    pieces: list[str] = []
    if cell.text:
        pieces.append(cell.text)
    stack: list[tuple[Any, Any]] = []
    parent, children = cell, iter(cell)
    while True:
        el = next(children, None)
        if el is None:  # the end of ``parent``
            if not stack:
                break
            if parent.tag in _BLOCK:
                pieces.append(_BREAK)
            text = parent.tail
            parent, children = stack.pop()
        elif _dropped(el):
            pieces.append(_BREAK)
            text = el.tail
        else:
            if el.tag in _BLOCK:
                pieces.append(_BREAK)
            if el.text:
                pieces.append(el.text)
            if len(el):
                stack.append((parent, children))
                parent, children = el, iter(el)
                continue
            if el.tag in _BLOCK:
                pieces.append(_BREAK)
            text = el.tail
        if text:
            pieces.append(text)
    return _cell_text(pieces)


def _read_table(table: Any, page: _Page) -> bool:
    """Read a table without nested tables as a grid, its caption and any stray text (outside
    cells) as paragraphs before it.  Return False, reading nothing, if it has one column or no
    text: a layout box, whose cells the caller reads as blocks."""
    rows: list[tuple[int | None, int, list[tuple[str, int, int]]]] = []
    captions: list[tuple[str, int | None]] = []
    stray: list[str] = []
    group = chars = 0
    spanned = False  # a cell with a rowspan other than 1

    def other(el: Any) -> None:
        stray.append(_BREAK)
        if not _dropped(el):
            stray.append("".join(el.itertext()))
        stray.append(_BREAK)

    def cells(els: Any, row: list[tuple[str, int, int]], in_row: bool) -> None:
        """The cells of a ``<tr>`` (``in_row``), or one cell outside any, at the end of
        ``row``: (text, rowspan, colspan)."""
        nonlocal chars, spanned
        count = 0  # characters
        for el in els:
            tag = el.tag
            if tag == "td" or tag == "th":
                if len(el):
                    text = _cell(el)
                else:
                    text = el.text or ""
                    parts = text.split()  # usually one word or figure: nothing to clean
                    text = parts[0] if len(parts) == 1 else _clean(text) if parts else ""
                count += len(text)
                rowspan = el.get("rowspan")
                colspan = el.get("colspan")
                across = 1 if colspan is None else max(_span(colspan, _MAX_COLSPAN), 1)
                if rowspan is None:
                    row.append((text, 1, across))
                else:
                    down = _span(rowspan, _MAX_ROWSPAN)
                    if down != 1:
                        spanned = True
                    row.append((text, down, across))
            else:
                other(el)
            if in_row:
                tail = el.tail
                if tail:
                    stray.append(tail)
        chars += count

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
                line = el.sourceline
                rows.append((line if line is not None and line < _MAX_LINE else None, group, row))
                if el.text:
                    stray.append(el.text)
                cells(el, row, True)
            elif tag == "td" or tag == "th":
                if implicit is None:
                    implicit = []
                    rows.append((_line(el), group, implicit))
                cells((el,), implicit, False)
            elif tag == "caption":
                text = _cell(el)
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
    if not chars or not any(len(cells) > 1 for _l, _g, cells in rows):
        return False
    blocks, weights = page.blocks, page.weights
    for text, line in captions:
        blocks.append((text, line))
        weights.append(len(text))
    joined = "".join(stray)
    if joined and not joined.isspace():
        for text in _cell_text([joined]).split("\n"):
            if text:
                blocks.append((text, _line(table)))
                weights.append(len(text))
    page.budget = _expand(rows, blocks, page.budget, spanned)
    weights.append(chars)
    return True


def _expand(
    rows: list[tuple[int | None, int, list[tuple[str, int, int]]]],
    blocks: list[tuple[str, int | None] | Grid],
    budget: int,
    spanned: bool,
) -> int:
    """Lay cells out on a grid (HTML's table model, rowspans clipped to their row group),
    append it to ``blocks`` and return what is left of the budget of grid positions.
    ``spanned``: some cell has a rowspan other than 1 (else each row is laid out alone)."""
    texts: list[tuple[str, ...]] = []
    ids: list[tuple[int, ...]] = []
    lines: list[int | None] = []
    next_id = 0
    if not spanned:
        for line_no, _group, cells in rows:
            if not cells:
                continue
            row_texts: list[str] = []
            row_ids: list[int] = []
            for text, _rowspan, colspan in cells:
                budget -= colspan
                if colspan == 1:
                    row_texts.append(text)
                    row_ids.append(next_id)
                else:
                    if budget < 0:
                        raise _TooBig
                    row_texts.extend([text] * colspan)
                    row_ids.extend([next_id] * colspan)
                next_id += 1
            if budget < 0:
                raise _TooBig
            texts.append(tuple(row_texts))
            ids.append(tuple(row_ids))
            lines.append(line_no)
        blocks.append(Grid(tuple(texts), tuple(ids), tuple(lines), 0))
        return budget
    count = len(rows)
    group_end = [count - 1] * count
    for i in range(count - 2, -1, -1):
        group_end[i] = group_end[i + 1] if rows[i + 1][1] == rows[i][1] else i
    grid_texts: list[list[str]] = [[] for _ in rows]
    grid_ids: list[list[int | None]] = [[] for _ in rows]  # None: a hole left by the spans
    for r, (_line_no, _group, cells) in enumerate(rows):
        own_texts, own_ids = grid_texts[r], grid_ids[r]
        end = group_end[r]
        c = 0
        for text, rowspan, colspan in cells:
            size = len(own_ids)
            while c < size and own_ids[c] is not None:
                c += 1
            ident = next_id
            next_id += 1
            if rowspan == 1 and c == size:  # the usual cell: it ends its own row so far
                budget -= colspan
                if colspan == 1:
                    own_texts.append(text)
                    own_ids.append(ident)
                else:
                    if budget < 0:
                        raise _TooBig
                    own_texts.extend([text] * colspan)
                    own_ids.extend([ident] * colspan)
                c += colspan
                continue
            last = end if rowspan == 0 or r + rowspan - 1 > end else r + rowspan - 1
            budget -= (last - r + 1) * colspan
            if budget < 0:
                raise _TooBig
            for i in range(r, last + 1):
                target_texts, target_ids = grid_texts[i], grid_ids[i]
                size = len(target_ids)
                if size <= c:  # the row ends here
                    if size < c:
                        target_texts.extend([""] * (c - size))
                        target_ids.extend([None] * (c - size))
                    target_texts.extend([text] * colspan)
                    target_ids.extend([ident] * colspan)
                    continue
                if size < c + colspan:
                    target_texts.extend([""] * (c + colspan - size))
                    target_ids.extend([None] * (c + colspan - size))
                for j in range(c, c + colspan):
                    if target_ids[j] is None:
                        target_ids[j] = ident
                        target_texts[j] = text
            c += colspan
        if budget < 0:
            raise _TooBig
    for (line_no, _group, _cells), row_texts, positions in zip(
        rows, grid_texts, grid_ids, strict=True
    ):
        if not positions:
            continue
        if None in positions:  # holes left by the spans: empty cells of their own
            for k, position in enumerate(positions):
                if position is None:
                    positions[k] = next_id
                    next_id += 1
        texts.append(tuple(row_texts))
        ids.append(tuple(positions))  # type: ignore[arg-type]
        lines.append(line_no)
    blocks.append(Grid(tuple(texts), tuple(ids), tuple(lines), 0))
    return budget


class _TooBig(Exception):
    pass
