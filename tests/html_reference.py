"""The HTML front end's walk as it was before it was made faster: the reference the faster
walk is checked against (``tests/test_readers_html_walk.py``: same blocks on rendered reports,
tag soup and the corpus page).

It is the library's former ``_walk``/``_read_table`` code (the parts the faster walk changed),
kept here unchanged but for imports; everything it shares unchanged with the library (decoding,
parsing, cell-text clean-up, the element classes and the word lists) is imported from it. When the front end
is meant to read a page differently, change this reference in the same commit.
"""

from __future__ import annotations

import bisect
from typing import Any

from gov_disclosure._i18n import _
from gov_disclosure.errors import ParseError
from gov_disclosure.readers.blocks import Block, Grid, Paragraph
from gov_disclosure.readers.html import _decode, _lxml, _parse, _raw_length
from gov_disclosure.readers.html_tables import (
    _BLOCK,
    _BREAK,
    _CHROME_ROLES,
    _CHROME_TAGS,
    _CONTAINER,
    _IS_CHROME,
    _IS_CONTENT,
    _IS_EDGE,
    _LAYOUT_ROLES,
    _MAX_COLSPAN,
    _MAX_ROWSPAN,
    _ROW_GROUPS,
    _SKIP,
    _cell_text,
    _clean,
    _is_hidden,
    _line,
    _name_kind,
    _span,
    _TooBig,
)


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


def reference_blocks(data: bytes | str, *, file: str | None = None) -> list[Block]:
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
