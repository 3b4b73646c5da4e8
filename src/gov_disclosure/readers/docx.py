"""Word (.docx) front end: the main document part of a Word file → blocks in document order.

It knows WordprocessingML and nothing of the statute: every ``w:p`` of ``w:body`` becomes a
:class:`~gov_disclosure.readers.blocks.Paragraph`, every ``w:tbl`` a
:class:`~gov_disclosure.readers.blocks.Grid` with ``w:gridSpan``/``w:vMerge`` expanded.

The package is read by :class:`~gov_disclosure.readers.package.Package` (the bounded zip
reading and hardened XML parsing the .xlsx and OFD front ends share) and only
``word/document.xml`` is parsed (one lxml ``fromstring`` of the bounded bytes, then one
iterative ``iterwalk``); python-docx's object
model is not used: it loads every part of the package (a 1 MB file was measured at 2 GB of
memory) and its ``row.cells`` repeats a merged cell across its span.  Headers, footers,
footnotes, comments, embedded ``w:altChunk`` parts and pictures are not read.

What is read:

* paragraph text is the text of its runs: ``w:t``; ``w:tab``/``w:ptab`` as a tab (the reader
  cuts a line into cells at tabs); ``w:br``/``w:cr`` as ``\\n``; ``w:noBreakHyphen`` as ``-``;
  ``w:softHyphen``, ``w:sym`` and drawings dropped.  Fields: the text of ``w:fldSimple`` and the
  result of a complex field (between ``fldChar separate`` and ``end``) is kept, the
  instructions (``w:instrText``, and anything between ``begin`` and ``separate``) dropped.
  Tracked changes as accepted: ``w:del``/``w:moveFrom`` (and a row marked deleted) dropped,
  ``w:ins``/``w:moveTo`` kept.  Content controls (``w:sdt``), hyperlinks, smart tags and custom
  XML are descended into; of an ``mc:AlternateContent`` the ``mc:Fallback`` is skipped.  Text
  boxes are read as paragraphs of their own, just before the paragraph that anchors them.
  Blank paragraphs are skipped; whitespace is kept as written (the reader normalises it).
* a table is a grid: rows ``w:tr``, cells ``w:tc``; a cell spanning ``w:gridSpan`` columns and
  the cells a ``w:vMerge`` (without ``restart``) continues from the cell above in the same
  grid column — or an old-style ``w:hMerge`` continues from the left — get the same id and
  text; ``w:gridBefore``/``w:gridAfter`` give empty positions of their own.  A cell's
  paragraphs are joined with ``\\n``.  A table that holds another table is layout: its cells'
  paragraphs are read as paragraphs and the inner tables as grids (as the HTML front end
  does); so is a table with at most one cell in every row.  A table without any text gives
  nothing.  Header rows repeated on later pages (``w:tblHeader``) are in the XML once.
* positions: Word files have no source lines or pages; ``line``/``lines``/``page`` are None.
* Strict Open XML documents (``purl.oclc.org`` namespace) read like transitional ones.

Limits (a .docx is a zip of XML from strangers; everything beyond raises
:class:`~gov_disclosure.errors.ParseError` in bounded time and memory — never a zipfile or lxml
exception):

* the zip's central directory: at most :data:`MAX_ENTRIES` (10,000) entries and 4 MiB,
  checked from its end record *before* :mod:`zipfile` reads it;
* ``word/document.xml``: at most :data:`MAX_XML_BYTES` (64 MiB) uncompressed, both as declared
  and as actually inflated (read in 1 MiB chunks, stopped past the limit), and above 1 MiB at
  most :data:`MAX_RATIO` (100) times its compressed size (real documents: 15–30x; a zip bomb of
  zeros: ~1000x);
* no DTD: a document containing ``<!DOCTYPE`` or ``<!ENTITY`` (in UTF-8 or UTF-16) is refused
  before parsing (billion laughs, external entities), and the parser is built with
  ``resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False`` — which also
  caps the element nesting at libxml2's 256 levels and a text node at 10 MB;
* at most 4,000,000 tags (``<``) in ``word/document.xml``, counted before parsing: this bounds
  the tree (measured worst case, 4 million empty paragraphs in 22 MB of XML: 460 MB and 3.5 s;
  real Word XML has ~26 bytes an element, so the bound is met only past ~50 MB of it);
* at most ``MAX_LINES`` (100,000) paragraphs and table rows, stopped as soon as passed (the
  reader refuses more anyway);
* merged cells expanded: at most 1,000 columns per span, and 1,000,000 grid positions plus
  one per two bytes of XML in all.

Hidden text (``w:vanish``) is read like any other text: the renderer writes none, and a
report's figures are never hidden.

Speed (this machine, 2 shared cores under other work, Python 3.11, lxml 6.1 / libxml2 2.14, one
process, best of 5×200; the library's own rendering of ``sample_report("2021")``, a 26 KB .docx
holding 114 KB of XML and 4,429 elements): ``parse(data, format="docx")`` takes 5.6 ms,
**≈175 reports/s**.  Of that, ``docx_blocks`` 4.3 ms — inflating the XML 0.15 ms, libxml2's
``fromstring`` 1.6 ms (the document's 20 namespace declarations make every element's lookup
cost), the walk 2.3 ms (lxml's ``iterwalk`` itself 0.7 ms for the 2,008 events it reports,
filtered in C to paragraphs, text, tables, rows and cells; reading each cell's span and merge
marks ~0.6 ms; the rest Python bookkeeping) — and the shared reader 1.0 ms.  The official
template (T1, 250 KB of XML, 7,592 elements) takes 8 ms in ``docx_blocks`` (``fromstring``
4.2 ms).  ``iterparse`` measured slower than one ``fromstring`` (3.1 ms just to iterate the
sample's end events, against 1.6 ms); ``find`` on cell properties cost ~10 µs a cell through
ElementPath, so properties are scanned as children.

No recursion follows the document's nesting: the walk is one ``iterwalk`` with explicit stacks.
"""

from __future__ import annotations

from typing import Any

from gov_disclosure._i18n import N_, _
from gov_disclosure.errors import ParseError
from gov_disclosure.readers import MAX_LINES
from gov_disclosure.readers.blocks import Block, Grid, Paragraph
from gov_disclosure.readers.package import MAX_ENTRIES, MAX_RATIO, MAX_XML_BYTES, Package, parse_xml

__all__ = ["MAX_ENTRIES", "MAX_RATIO", "MAX_XML_BYTES", "docx_blocks"]

_INSTALL_HINT = N_("reading Word documents needs lxml: pip install 'gov-disclosure[docx]'")
_WHAT = N_("a Word document (.docx)")

_MAX_SPAN = 1000
_TOO_LONG = f"more than {MAX_LINES} paragraphs and table rows: no annual report is that long"
_DOCUMENT = "word/document.xml"

_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # Strict Open XML
)
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _document_xml(data: bytes, file: str | None) -> bytes:
    """The bytes of ``word/document.xml``, within the limits of the module documentation
    (the package is read by :class:`~gov_disclosure.readers.package.Package`)."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ParseError(
            _(
                "a password-protected .docx or an old Word 97-2003 .doc (an OLE file, not a zip): "
                "save it unprotected as .docx, or as .html, first"
            ),
            file=file,
        )
    with Package(data, what=_(_WHAT), file=file) as package:
        if not package.has(_DOCUMENT):
            raise ParseError(
                _("a zip archive without {document}: not a Word document (.docx)").format(
                    document=_DOCUMENT
                ),
                file=file,
            )
        return package.read(_DOCUMENT)


# ------------------------------------------------------------------------------ the XML


def _lxml() -> Any:
    try:
        from lxml import etree
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(_(_INSTALL_HINT)) from exc
    return etree


def _parse(xml: bytes, file: str | None) -> Any:
    """The root element of the document part (no DTD, no entities, bounded depth)."""
    return parse_xml(xml, name=_DOCUMENT, file=file)


# The elements the walk stops at, by local name (lxml filters the others out in C, so runs,
# properties and drawings cost no Python work); _SKIP are subtrees whose text is not read.
(_P, _T, _TAB, _BREAK, _HYPHEN, _FIELD, _TBL, _TR, _TC, _SKIP) = range(10)
_KIND_NAMES = {
    "p": _P,
    "t": _T,
    "tab": _TAB,
    "ptab": _TAB,
    "br": _BREAK,
    "cr": _BREAK,
    "noBreakHyphen": _HYPHEN,
    "fldChar": _FIELD,
    "tbl": _TBL,
    "tr": _TR,
    "tc": _TC,
    "del": _SKIP,
    "moveFrom": _SKIP,
}
_KINDS: dict[str, dict[str, int]] = {}


def _kinds(namespace: str) -> dict[str, int]:
    kinds = _KINDS.get(namespace)
    if kinds is None:
        kinds = {f"{{{namespace}}}{name}": kind for name, kind in _KIND_NAMES.items()}
        kinds[f"{_MC}Fallback"] = _SKIP
        _KINDS[namespace] = kinds
    return kinds


def _number(value: str | None, least: int) -> int:
    """A span or count attribute → int in least.._MAX_SPAN (junk → least)."""
    if value is not None and value.isascii() and value.isdigit():
        return max(least, min(int(value[:6]), _MAX_SPAN))
    return least


_CONTINUE, _RESTART = 1, 2


class _Table:
    """A table being read as a grid: rows of ``[before, after, cells]``, each cell
    ``[paragraphs, span, vmerge, hmerge]``."""

    __slots__ = ("rows",)

    def __init__(self) -> None:
        self.rows: list[list[Any]] = []


class _Refused(Exception):
    """A limit hit during the walk (turned into ParseError with the file name)."""


def _properties(el: Any, tag: str) -> Any:
    """The properties element (``w:trPr``, ``w:tcPr``) of a row or cell, or None: one of its
    first two children (after a ``w:tblPrEx``), as the schema places it.  (Not ``find``: it goes
    through ElementPath and cost ~10 µs a cell.)"""
    for child in el[:2]:
        if child.tag == tag:
            return child
    return None


def _row(tr: Any, w: str) -> list[Any] | None:
    """A new row record for a ``w:tr``, or None for a row deleted as a tracked change."""
    before = after = 0
    pr = _properties(tr, f"{w}trPr")
    if pr is not None:
        for el in pr:
            tag = el.tag
            if tag == f"{w}gridBefore":
                before = _number(el.get(f"{w}val"), 0)
            elif tag == f"{w}gridAfter":
                after = _number(el.get(f"{w}val"), 0)
            elif tag == f"{w}del":
                return None
    return [before, after, []]


def _cell(tc: Any, w: str) -> list[Any]:
    """A new cell record for a ``w:tc``: its span and merge marks."""
    span, vmerge, hmerge = 1, 0, 0
    pr = _properties(tc, f"{w}tcPr")
    if pr is not None:
        for el in pr:
            tag = el.tag
            if tag == f"{w}gridSpan":
                span = _number(el.get(f"{w}val"), 1)
            elif tag == f"{w}vMerge":
                vmerge = _RESTART if el.get(f"{w}val") == "restart" else _CONTINUE
            elif tag == f"{w}hMerge":
                hmerge = 0 if el.get(f"{w}val") == "restart" else _CONTINUE
    return [[], span, vmerge, hmerge]


def _finish(table: _Table, blocks: list[Block], number: int, budget: int) -> tuple[int, bool]:
    """Append a finished table to ``blocks`` — as grid ``number``, or as the paragraphs of its
    cells when it is a layout box (at most one cell per row) — and return what is left of the
    budget of grid positions and whether a grid was made."""
    if not any(len(cells) > 1 for _b, _a, cells in table.rows):
        for _b, _a, cells in table.rows:
            for paragraphs, _s, _v, _h in cells:
                blocks.extend(Paragraph(text) for text in paragraphs)
        return budget, False
    if not any(paragraphs for _b, _a, cells in table.rows for paragraphs, _s, _v, _h in cells):
        return budget, False
    rows: list[tuple[str, ...]] = []
    ids: list[tuple[int, ...]] = []
    above_texts: list[str] = []
    above_ids: list[int] = []
    next_id = 0
    for before, after, cells in table.rows:
        budget -= before + after + sum(cell[1] for cell in cells)
        if budget < 0:
            raise _Refused("tables too large once merged cells are expanded")
        texts: list[str] = []
        idents: list[int] = []
        for _blank in range(before):
            texts.append("")
            idents.append(next_id)
            next_id += 1
        for paragraphs, span, vmerge, hmerge in cells:
            if hmerge == _CONTINUE and texts:
                texts.extend([texts[-1]] * span)
                idents.extend([idents[-1]] * span)
                continue
            if vmerge == _CONTINUE:
                for column in range(len(texts), len(texts) + span):
                    if column < len(above_ids):
                        texts.append(above_texts[column])
                        idents.append(above_ids[column])
                    else:  # nothing above to continue: a cell of its own
                        texts.append("\n".join(paragraphs))
                        idents.append(next_id)
                        next_id += 1
                continue
            texts.extend(["\n".join(paragraphs)] * span)
            idents.extend([next_id] * span)
            next_id += 1
        for _blank in range(after):
            texts.append("")
            idents.append(next_id)
            next_id += 1
        if texts:
            rows.append(tuple(texts))
            ids.append(tuple(idents))
            above_texts, above_ids = texts, idents
    blocks.append(Grid(tuple(rows), tuple(ids), (None,) * len(rows), number))
    return budget, True


def _walk(etree: Any, body: Any, w: str, budget: int) -> list[Block]:
    """The blocks of ``w:body`` in document order (one iterative walk, explicit stacks)."""
    kinds = _kinds(w[1:-1])
    tbl_tag = f"{w}tbl"
    type_attr = f"{w}fldCharType"
    blocks: list[Block] = []
    paragraphs: list[list[str]] = []  # pieces of the open paragraphs (text boxes nest them)
    sinks: list[list[str] | None] = []  # per open cell: its paragraph list, None in layout
    tables: list[_Table | None] = []  # per open table: the grid read, None for layout
    rows: list[list[Any] | None] = []  # per open row: its record (None: layout or deleted)
    fields: list[bool] = []  # per open complex field: whether its result has started
    hidden = 0  # open fields still in their instructions
    grids = 0
    lines = 0  # paragraphs and grid rows made: the reader takes MAX_LINES at most
    tab_stops = f"{w}tabs"  # the w:tab of a paragraph's tab stops is no text
    walker = etree.iterwalk(body, events=("start", "end"), tag=list(kinds))
    for event, el in walker:
        kind = kinds[el.tag]
        if event == "start":
            if kind == _T:
                if paragraphs and not hidden:
                    text = el.text
                    if text:
                        paragraphs[-1].append(text)
            elif kind == _SKIP:
                walker.skip_subtree()
            elif kind == _P:
                paragraphs.append([])
            elif kind == _TAB:
                if paragraphs and not hidden and el.getparent().tag != tab_stops:
                    paragraphs[-1].append("\t")
            elif kind == _BREAK:
                if paragraphs and not hidden:
                    paragraphs[-1].append("\n")
            elif kind == _HYPHEN:
                if paragraphs and not hidden:
                    paragraphs[-1].append("-")
            elif kind == _FIELD:
                what = el.get(type_attr)
                if what == "begin":
                    fields.append(False)
                    hidden += 1
                elif what == "separate":
                    if fields and not fields[-1]:
                        fields[-1] = True
                        hidden -= 1
                elif what == "end" and fields and not fields.pop():
                    hidden -= 1
            elif kind == _TC:
                table = tables[-1] if tables else None
                row = rows[-1] if rows else None
                if table is not None and row is not None:
                    cell = _cell(el, w)
                    row[2].append(cell)
                    sinks.append(cell[0])
                else:
                    sinks.append(None)
            elif kind == _TR:
                table = tables[-1] if tables else None
                if table is None:
                    rows.append(None)
                else:
                    record = _row(el, w)
                    rows.append(record)
                    if record is None:  # deleted as a tracked change
                        walker.skip_subtree()
                    else:
                        table.rows.append(record)
                    if len(table.rows) > MAX_LINES:
                        raise _Refused(_TOO_LONG)
            elif kind == _TBL:
                nested = next(el.iterdescendants(tbl_tag), None) is not None
                tables.append(None if nested else _Table())
        else:
            if kind == _P:
                text = "".join(paragraphs.pop())
                if text and not text.isspace():
                    sink = sinks[-1] if sinks else None
                    if sink is None:
                        blocks.append(Paragraph(text))
                        lines += 1
                        if lines > MAX_LINES:
                            raise _Refused(_TOO_LONG)
                    else:
                        sink.append(text)
            elif kind == _TC:
                if sinks:
                    sinks.pop()
            elif kind == _TR:
                if rows:
                    rows.pop()
            elif kind == _TBL:
                table = tables.pop() if tables else None
                if table is not None:
                    made = len(blocks)
                    budget, grid = _finish(table, blocks, grids + 1, budget)
                    grids += grid
                    lines += len(blocks) - made + (len(table.rows) - 1 if grid else 0)
                    if lines > MAX_LINES:
                        raise _Refused(_TOO_LONG)
    return blocks


def docx_blocks(data: bytes, *, file: str | None = None) -> list[Block]:
    """A Word document (.docx bytes) → blocks (see the module documentation).

    Raises :class:`~gov_disclosure.errors.ParseError` (with ``file``) for anything that is not
    a readable Word document within the limits: not a zip, a damaged zip, no
    ``word/document.xml``, too many entries, too large or too well compressed, a DTD or entity,
    XML that is not well-formed or nested too deeply, tables too large, lxml missing.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"docx_blocks() takes bytes, not {type(data).__name__}")
    data = bytes(data)
    try:
        etree = _lxml()
    except ImportError as exc:
        raise ParseError(str(exc), file=file) from None
    xml = _document_xml(data, file)
    root = _parse(xml, file)
    tag = root.tag if isinstance(root.tag, str) else ""
    namespace = next((ns for ns in _W_NAMESPACES if tag == f"{{{ns}}}document"), None)
    if namespace is None:
        raise ParseError(
            _("{document} is not a WordprocessingML document").format(document=_DOCUMENT), file=file
        )
    w = f"{{{namespace}}}"
    body = root.find(f"{w}body")
    if body is None:
        return []
    try:
        return _walk(etree, body, w, 1_000_000 + len(xml) // 2)
    except _Refused as exc:
        raise ParseError(str(exc), file=file) from None
