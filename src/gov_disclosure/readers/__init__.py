"""Read published reports: text, Markdown and HTML → :class:`Parsed`.

>>> import gov_disclosure as gd
>>> parsed = gd.parse("某县统计局2024年政府信息公开工作年度报告\\n\\n一、总体情况\\n\\n本年度依法公开。\\n")
>>> parsed.report.agency, parsed.report.year
('某县统计局', 2024)
>>> [f.code for f in parsed.findings][:2]
['R001', 'R001']

Each input form has a front end that turns it into blocks (:mod:`.blocks`): paragraphs and
grids of cell strings with their source positions. One reader (:mod:`.reader`) maps the blocks
to the statute by their labels. A new input form is one new front end.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import get_args

from .._files import read_regular
from .._i18n import N_, _, os_reason
from ..errors import ParseError
from ..model import AnnualReport
from ..serialize import DOCUMENT_SUFFIXES, load
from .blocks import Block, Grid
from .parsed import InputFormat, Parsed
from .scan import OcrPages, Progress

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "MAX_LINES",
    "OTHER_DOCUMENT_SUFFIXES",
    "SUFFIXES",
    "InputFormat",
    "Parsed",
    "parse",
    "read",
    "sniff",
]


FORMATS: tuple[InputFormat, ...] = get_args(InputFormat)
"""The published forms :func:`parse` reads; ``doc`` to ``ods`` through LibreOffice
(:mod:`.office`)."""

_BINARY: frozenset[str] = frozenset(FORMATS[3:])
"""The forms read from bytes only."""

MAX_BYTES = 64 * 1024 * 1024
"""The largest input :func:`parse` reads (64 MiB); a larger one raises ParseError. Only a
regular file is read: a device (``/dev/zero``), a named pipe or a socket, named directly or
through a symbolic link, raises ParseError before anything is read."""

MAX_LINES = 100_000
"""The most lines of text (or paragraphs and table rows of a page or document) :func:`parse`
reads; an annual report has a few hundred. More raises ParseError: time and memory stay
bounded whatever the input."""

SUFFIXES: Mapping[str, InputFormat] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".htm": "html",
    ".html": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".ofd": "ofd",
    ".doc": "doc",
    ".wps": "wps",
    ".rtf": "rtf",
    ".odt": "odt",
    ".xls": "xls",
    ".et": "et",
    ".ods": "ods",
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"), "image"),
}
"""The published forms by file suffix (a file of another suffix is sniffed)."""

OTHER_DOCUMENT_SUFFIXES: frozenset[str] = frozenset()
"""Suffixes of documents that may hold a report in a form no reader takes: none since .doc,
.wps, .xls, .xlsx and .ofd are read (kept for the audit and for code that names it)."""

_OTHER_FORMS: Mapping[str, str] = {}
"""Suffixes of files refused before they are read, with why (none now: images are read by
OCR)."""


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (
        _OLE,
        N_(
            "an Office 97-2003 file (.doc, .wps, .xls or .et), not text: give it its suffix, "
            'or format="doc" or "xls"'
        ),
    ),
)

_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")
"""The first bytes of the image forms sniffed as images (PNG, JPEG, GIF, TIFF; WebP too)."""


def _unreadable_form(data: bytes) -> str | None:
    """Why bytes are no form :func:`parse` reads (an old Word file, an image, …), or None."""
    for signature, why in _SIGNATURES:
        if data.startswith(signature):
            return why
    return None


def _sniff_binary(data: bytes) -> InputFormat | None:
    """The form of bytes that say it in their first bytes (PDF, zip packages, OLE, RTF)."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        head = data[:65536]
        if b"word/" in head:
            return "docx"
        if b"OFD.xml" in head:
            return "ofd"
        if b"xl/" in head:
            return "xlsx"
        if b"opendocument.spreadsheet" in head:
            return "ods"
        if b"opendocument.text" in head:
            return "odt"
        return None
    if data.startswith(_OLE):
        # the names of an OLE file's streams are UTF-16 in its directory
        book = "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data
        if book and "WordDocument".encode("utf-16-le") not in data:
            return "xls"
        return "doc"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(_IMAGES) or (data.startswith(b"RIFF") and data[8:12] == b"WEBP"):
        return "image"
    return None


def sniff(data: bytes | str) -> InputFormat:
    """The form of a published report from its first bytes: PDF and Word by their signatures,
    then HTML, Markdown or plain text."""
    if isinstance(data, bytes):
        binary = _sniff_binary(data)
        if binary is not None:
            return binary
    head = data[:4096] if isinstance(data, str) else data[:4096].decode("utf-8", "ignore")
    lowered = head.lstrip("\ufeff \t\r\n").lower()
    if lowered.startswith(("<!doctype html", "<html", "<?xml")) or any(
        tag in lowered for tag in ("<body", "<table", "<p>", "<p ", "<div", "<meta")
    ):
        return "html"
    lines = [line.strip() for line in head.splitlines()]
    if any(line.startswith("#") for line in lines) or any(
        line.startswith("|") and "---" in line for line in lines
    ):
        return "markdown"
    return "text"


def read(path: str | os.PathLike[str]) -> tuple[AnnualReport, Parsed | None, str]:
    """Any file the library reads: a TOML/JSON document (:func:`gov_disclosure.load`, by its
    suffix) or a published report (:func:`parse`). Returns the report, what reading met
    (None for a document) and the file's form (``toml``, ``json`` or one of :data:`FORMATS`).
    Raises what ``load`` or ``parse`` raise."""
    suffix = Path(path).suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        return load(Path(path)), None, DOCUMENT_SUFFIXES[suffix]
    parsed = parse(Path(path))
    return parsed.report, parsed, parsed.format


def _decode_text(data: bytes, file: str | None) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace")


def _blocks(
    data: bytes | str,
    form: InputFormat,
    file: str | None,
    ocr: OcrPages,
    progress: Progress | None = None,
) -> list[Block]:
    if form in _BINARY:
        if isinstance(data, str):
            raise ParseError(
                _("a {form} document is binary: give its path or its bytes").format(form=form),
                file=file,
            )
        if form == "docx":
            from .docx import docx_blocks

            return docx_blocks(data, file=file)
        if form == "pdf":
            from .pdf import pdf_blocks

            return pdf_blocks(data, file=file, ocr=ocr, progress=progress)
        if form == "image":
            from .pdf import layout_blocks
            from .scan import image_pages

            return layout_blocks(image_pages(data, ocr, file=file, progress=progress))
        if form == "xlsx":
            from .xlsx import xlsx_blocks

            return xlsx_blocks(data, file=file)
        if form == "ofd":
            from .ofd import ofd_blocks

            return ofd_blocks(data, file=file)
        from .office import office_blocks

        return office_blocks(data, form, file=file)
    if form == "html":
        from .html import html_blocks

        blocks: list[Block] = html_blocks(data, file=file)
        return blocks
    from .text import text_blocks

    text = data if isinstance(data, str) else _decode_text(data, file)
    if "\x00" in text[:4096]:
        raise ParseError(_("binary content: this is not a text document"), file=file)
    if text.count("\n") > MAX_LINES:
        raise ParseError(
            _("more than {max_lines} lines: no annual report is that long").format(
                max_lines=MAX_LINES
            ),
            file=file,
        )
    return text_blocks(text, markdown=form == "markdown")


def parse(
    source: str | bytes | os.PathLike[str],
    *,
    format: InputFormat | None = None,
    file: str | None = None,
    progress: Progress | None = None,
) -> Parsed:
    """Read a published report: a path, the bytes of a file, or its text.

    A ``str`` is a path when it names an existing file, otherwise the text itself. The form is
    ``format`` when given, else taken from the file's suffix, else sniffed from the content.
    Raises :class:`~gov_disclosure.ParseError` for input that holds no report (or that cannot
    be read at all); everything else the reader meets becomes a finding of :class:`Parsed`.

    A scan (an image, or PDF pages without a text layer) is read by OCR (the ``ocr`` extra);
    ``progress``, when given, is called with (pages done, pages to recognise) as it goes.
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"parse: format must be one of {', '.join(FORMATS)}, not {format!r}")
    data: bytes | str
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and "\n" not in source and len(source) < 4096 and _is_file(source)
    ):
        path = Path(source)
        file = file or str(path)
        suffix = path.suffix.lower()
        if format is None and suffix in _OTHER_FORMS:
            raise ParseError(_(_OTHER_FORMS[suffix]), file=file)
        name = file
        try:
            data = read_regular(path, MAX_BYTES, lambda why: ParseError(why, file=name))
        except OSError as exc:
            raise ParseError(
                _("cannot read the file: {reason}").format(reason=os_reason(exc)), file=file
            ) from None
        form = format or _by_suffix(SUFFIXES.get(suffix), data) or sniff(data)
    elif isinstance(source, (str, bytes)):
        data = source
        if len(data) > MAX_BYTES:
            raise ParseError(
                _("larger than {max_bytes} MiB").format(max_bytes=MAX_BYTES // (1024 * 1024)),
                file=file,
            )
        form = format or sniff(data)
    else:
        raise TypeError(f"parse: expected a path, bytes or str, got {type(source).__name__}")
    if isinstance(data, bytes) and form not in _BINARY:
        why = _unreadable_form(data)
        if why is not None:
            raise ParseError(_(why), file=file)
    from .reader import read_blocks  # imported on first use: `import gov_disclosure` stays light

    ocr = OcrPages()
    blocks = _blocks(data, form, file, ocr, progress)
    if sum(len(b.rows) if isinstance(b, Grid) else 1 for b in blocks) > MAX_LINES:
        raise ParseError(
            _(
                "more than {max_lines} paragraphs and table rows: no annual report is that long"
            ).format(max_lines=MAX_LINES),
            file=file,
        )
    parsed = read_blocks(blocks, file=file, format=form)
    if ocr.pages or ocr.skipped:
        from .ocr_review import review

        parsed = review(parsed, ocr, file=file)
    return parsed


def _by_suffix(form: InputFormat | None, data: bytes) -> InputFormat | None:
    """The form a file's suffix gives, unless a suffix of LibreOffice's forms is put on a file
    whose first bytes say it is a PDF, a Word, Excel or OFD package or a web page (sites serve
    those as ``.doc`` or ``.xls``): then the form it holds."""
    if form is None or form in ("text", "markdown", "html", "docx", "pdf", "xlsx", "ofd"):
        return form
    if data.startswith(_OLE) or data.startswith(b"{\\rtf"):
        return form
    held = sniff(data)
    return held if held in ("pdf", "docx", "xlsx", "ofd", "html") else form


def _is_file(text: str) -> bool:
    """Whether ``text`` names a file (of any kind: a device or a pipe is refused when read)."""
    try:
        return not os.path.isdir(text) and (os.path.exists(text) or os.path.islink(text))
    except (OSError, ValueError):
        return False
