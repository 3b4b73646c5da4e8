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

Where the time goes (rendered reports, ~17 KB, 285 table cells; CPU time, best of many runs
interleaved): the lxml parse ≈0.5 ms, the walk ≈0.8 ms, of which the three tables ≈0.6 ms and
lxml's own accessors (``text``, ``tail``, ``get``, ``len``: a Python string or proxy each)
≈0.2 ms of that.  So the walk touches each element once, reads a plain cell in a handful of
operations and builds no object per cell but its ``(text, rowspan, colspan)`` tuple.  Worst
case (crafted input kept ~2000 levels deep, e.g. stray end tags): libxml2 itself ≈1.2 µs per
byte.

How a page is read: one iterative walk over ``<body>`` makes paragraphs, skips chrome (by
tag, role, id/class words, hidden styles) and notes which blocks each container element holds;
a table without nested tables is read as a grid in one go (:mod:`.html_tables`: element
kinds, cell text, ``rowspan``/``colspan`` expansion).  Then, only if chrome was found
(a whole page, not a fragment), the report is located: the biggest ``<article>``/``<main>``/
CMS-named container (``#zoom``, ``.TRS_Editor``, ``.article_content``…) holding ≥40% of the
text, else ``<body>``, then descending while one child holds all but a little of the text
(never into a data table or an ``<article>``, never leaving the ``<h1>`` behind).

No recursion follows the document's nesting: every walk keeps an explicit stack of child
iterators (lxml's ``iterwalk`` costs several times more per element).
"""

from __future__ import annotations

import bisect
import codecs
import re
from typing import Any

from gov_disclosure._i18n import N_, _
from gov_disclosure.errors import ParseError
from gov_disclosure.readers.blocks import Block, Grid, Paragraph
from gov_disclosure.readers.html_tables import (
    _BLOCK,
    _CHROME_ROLES,
    _CHROME_TAGS,
    _CONTAINER,
    _END_ROOT,
    _IS_CHROME,
    _IS_CONTENT,
    _IS_EDGE,
    _LAYOUT_ROLES,
    _SKIP,
    _clean,
    _is_hidden,
    _line,
    _name_kind,
    _Page,
    _read_table,
    _TooBig,
)

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


def _walk(body: Any, spared: set[Any], budget: int) -> _Page:
    """Read ``body`` into blocks, leaving chrome out and noting each container's blocks.

    Paragraphs are ``(text, line)`` tuples here (made into :class:`Paragraph` only for the
    blocks finally returned); a piece of text starts a paragraph only if it is not blank, so
    blank runs between tags cost nothing.  One pass over the elements with a stack of child
    iterators (lxml's ``iterwalk`` costs several times more per element).
    """
    page = _Page()
    page.budget = budget
    blocks, weights, containers = page.blocks, page.weights, page.containers
    buf: list[str] = []
    line: int | None = None
    link_chars = links = articles = pre = 0
    h1_start = -1

    def flush() -> None:
        nonlocal buf, link_chars
        text = _clean("".join(buf))
        buf = []
        if text:
            blocks.append((text, line))
            weights.append(len(text) - link_chars if link_chars < len(text) else 0)
        link_chars = 0

    def feed(text: str, el: Any) -> None:
        """Text (an element's text or tail; not empty) into the paragraph being built."""
        nonlocal line, link_chars
        if pre:
            for k, part in enumerate(text.split("\n")):
                if k and buf:
                    flush()
                if buf or not part.isspace():
                    if not buf:
                        line = _line(el)
                    buf.append(part)
            return
        if not buf:
            if text.isspace():
                return
            line = _line(el)
        buf.append(text)
        if links:
            link_chars += len(text)

    stack: list[tuple[Any, Any]] = []
    parent: Any = None
    children: Any = iter((body,))
    while True:
        el = next(children, None)
        if el is None:  # the end of ``parent``
            if not stack or parent is body:
                break
            el = parent
            tag = el.tag
            parent, children = stack.pop()
        else:
            tag = el.tag
            chrome = tag in _CHROME_TAGS or ((tag == "header" or tag == "footer") and not articles)
            named = layout_role = False
            for key, value in el.items():
                if key == "class" or key == "id":
                    kind = _name_kind(value)
                    if kind & _IS_CHROME or (kind & _IS_EDGE and not articles):
                        chrome = True
                    elif kind & _IS_CONTENT:
                        named = True
                elif key == "style":
                    chrome = chrome or _is_hidden(value)
                elif key == "role":
                    role = value.strip().lower()
                    if role in _CHROME_ROLES:
                        chrome = True
                    elif role in _LAYOUT_ROLES:
                        layout_role = True
                elif key == "hidden" or (key == "aria-hidden" and value == "true"):
                    chrome = True
            if chrome and el is not body and el not in spared:
                page.skipped.append(el)
                if buf and tag in _BLOCK:
                    flush()
                text = el.tail
                if text:
                    feed(text, el)
                continue
            if tag in _BLOCK:
                if buf:
                    flush()
                if tag in _CONTAINER:
                    containers[el] = [len(blocks), -1, 0]
                    if named or tag == "article" or tag == "main":
                        page.named.append(el)
                if tag == "table":
                    if (
                        not layout_role
                        and next(el.iterdescendants("table"), None) is None
                        and _read_table(el, page)
                    ):
                        containers[el][1:] = [len(blocks), 1]
                        text = el.tail
                        if text:
                            feed(text, el)
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
            if text:
                feed(text, el)
            if len(el):
                stack.append((parent, children))
                parent, children = el, iter(el)
                continue
            if el is body:
                break
        # the end of ``el``
        if tag in _BLOCK:
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
            feed(text, el)
    if buf:
        flush()
    containers[body] = [0, len(blocks), 0]
    return page


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
        if entry is not None and entry[1] >= 0 and not entry[2]:
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
        if choice is None or choice_amount <= 0 or choice_entry[2]:
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
        from lxml import etree
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
        page = _walk(body, set(), budget)
        found = sum(page.weights)
        if page.skipped and found < 2000:  # did chrome names swallow the report?
            raw = _raw_length(etree, body)
            if found < 0.2 * raw:
                spared = {el for el in page.skipped if _raw_length(etree, el) >= 0.5 * raw}
                if spared:
                    page = _walk(body, spared, budget)
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
