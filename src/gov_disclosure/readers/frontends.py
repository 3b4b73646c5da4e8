"""The front ends of :func:`~gov_disclosure.parse`: one :class:`FrontEnd` per input form, in
one registry (:data:`FRONT_ENDS`).

A front end turns the bytes (or text) of a document into blocks (:mod:`.blocks`); the reader
does the rest. The forms :func:`~gov_disclosure.parse` takes, the suffixes it knows, how it
sniffs a form from content and which front end reads it all come from the registry, so a new
input form is one module with its ``…_blocks`` function and one line here (or one
:func:`register` call outside the library).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import cast, overload

from attrs import frozen

from .._i18n import _
from ..errors import ParseError
from .blocks import Block
from .parsed import InputFormat

__all__ = ["FRONT_ENDS", "MAX_LINES", "FormNames", "FrontEnd", "register", "sniff"]

MAX_LINES = 100_000
"""The most lines of text (or paragraphs and table rows of a page or document) :func:`parse`
reads; an annual report has a few hundred. More raises ParseError: time and memory stay
bounded whatever the input."""


@frozen
class FrontEnd:
    """One input form: its name, its file suffixes, how to tell it from its first bytes, and
    the function that turns a document in it into blocks."""

    name: str
    suffixes: tuple[str, ...]
    """Lower-case file suffixes with their dot (``.txt``)."""
    blocks: Callable[[bytes | str, str | None], list[Block]]
    """``blocks(data, file)``: the document's blocks; ParseError (naming ``file``) for one
    that cannot be read. A ``binary`` form is given bytes only."""
    sniff: Callable[[bytes | str], bool] | None = None
    """Whether content is in this form, by its first bytes (None: never sniffed). Binary forms
    are tried first, then text forms, each in the registry's order; plain text is the rest."""
    binary: bool = False
    """Read from bytes only (a ``str`` is refused)."""
    office: bool = False
    """Converted by LibreOffice: a file of its suffix that holds a form with a signature of its
    own (a PDF served as ``.doc``) is read as what it holds."""


FRONT_ENDS: dict[str, FrontEnd] = {}
"""The front ends by name, in the order of :data:`~gov_disclosure.readers.FORMATS`."""


def register(front_end: FrontEnd) -> None:
    """Add an input form (replacing one of the same name)."""
    FRONT_ENDS[front_end.name] = front_end


def sniff(data: bytes | str) -> str:
    """The form of a document from its first bytes: the first binary front end whose ``sniff``
    says so, then the first text one, else plain text."""
    ordered = sorted(FRONT_ENDS.values(), key=lambda f: not f.binary)  # stable: binary first
    for front_end in ordered:
        if front_end.sniff is None or (front_end.binary and isinstance(data, str)):
            continue
        if front_end.sniff(data):
            return front_end.name
    return "text"


class SuffixMap(Mapping[str, InputFormat]):
    """The forms by file suffix, as the registry holds them now."""

    def _items(self) -> dict[str, InputFormat]:
        out: dict[str, InputFormat] = {}
        for front_end in FRONT_ENDS.values():
            out.update(dict.fromkeys(front_end.suffixes, cast(InputFormat, front_end.name)))
        return out

    def __getitem__(self, suffix: str) -> InputFormat:
        return self._items()[suffix]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())


class FormNames(Sequence[InputFormat]):
    """The names of the forms, in the registry's order, as it holds them now: a form
    registered after the library was imported is in it. Equal to the tuple of the names."""

    def _names(self) -> tuple[InputFormat, ...]:
        return cast(tuple[InputFormat, ...], tuple(FRONT_ENDS))

    @overload
    def __getitem__(self, index: int) -> InputFormat: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[InputFormat, ...]: ...

    def __getitem__(self, index: int | slice) -> InputFormat | tuple[InputFormat, ...]:
        return self._names()[index]

    def __len__(self) -> int:
        return len(FRONT_ENDS)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FormNames | tuple | list):
            return list(self._names()) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self._names())


# --- the library's front ends: thin wrappers of each form's module ----------------------------


def _head(data: bytes | str) -> str:
    return data[:4096] if isinstance(data, str) else data[:4096].decode("utf-8", "ignore")


def _html_like(data: bytes | str) -> bool:
    lowered = _head(data).lstrip("\ufeff \t\r\n").lower()
    return lowered.startswith(("<!doctype html", "<html", "<?xml")) or any(
        tag in lowered for tag in ("<body", "<table", "<p>", "<p ", "<div", "<meta")
    )


def _markdown_like(data: bytes | str) -> bool:
    if _html_like(data):
        return False
    lines = [line.strip() for line in _head(data).splitlines()]
    return any(line.startswith("#") for line in lines) or any(
        line.startswith("|") and "---" in line for line in lines
    )


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an Office 97-2003 file (OLE compound document)."""


def _package(data: bytes | str) -> str | None:
    """The kind of a zip package by the names in its first bytes."""
    if not isinstance(data, bytes) or not data.startswith(b"PK\x03\x04"):
        return None
    head = data[:65536]
    for marker, kind in (
        (b"word/", "docx"),
        (b"OFD.xml", "ofd"),
        (b"xl/", "xlsx"),
        (b"opendocument.spreadsheet", "ods"),
        (b"opendocument.text", "odt"),
    ):
        if marker in head:
            return kind
    return None


def _ole(data: bytes | str) -> str | None:
    """``xls`` or ``doc`` for an OLE file (the names of its streams are UTF-16 in its
    directory)."""
    if not isinstance(data, bytes) or not data.startswith(OLE):
        return None
    book = "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data
    return "xls" if book and "WordDocument".encode("utf-16-le") not in data else "doc"


def _decode_text(data: bytes) -> str:
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


def _text(markdown: bool) -> Callable[[bytes | str, str | None], list[Block]]:
    def blocks(data: bytes | str, file: str | None) -> list[Block]:
        from .text import text_blocks

        text = data if isinstance(data, str) else _decode_text(data)
        if "\x00" in text[:4096]:
            raise ParseError(_("binary content: this is not a text document"), file=file)
        if text.count("\n") > MAX_LINES:
            raise ParseError(
                _("more than {max_lines} lines: no annual report is that long").format(
                    max_lines=MAX_LINES
                ),
                file=file,
            )
        return text_blocks(text, markdown=markdown)

    return blocks


def _html(data: bytes | str, file: str | None) -> list[Block]:
    from .html import html_blocks

    blocks: list[Block] = html_blocks(data, file=file)
    return blocks


def _binary(module: str, function: str) -> Callable[[bytes | str, str | None], list[Block]]:
    """The front end of a binary form whose module (imported on first use) has a
    ``function(data, file=…)``."""

    def blocks(data: bytes | str, file: str | None) -> list[Block]:
        from importlib import import_module

        read: Callable[..., list[Block]] = getattr(import_module(module, __package__), function)
        return read(data, file=file)

    return blocks


def _office(form: str) -> Callable[[bytes | str, str | None], list[Block]]:
    def blocks(data: bytes | str, file: str | None) -> list[Block]:
        from .office import office_blocks

        assert isinstance(data, bytes)
        return office_blocks(data, form, file=file)

    return blocks


def _is(kind: Callable[[bytes | str], str | None], name: str) -> Callable[[bytes | str], bool]:
    return lambda data: kind(data) == name


def _pdf(data: bytes | str) -> bool:
    return isinstance(data, bytes) and data[:1024].lstrip().startswith(b"%PDF-")


def _image(data: bytes | str) -> bool:
    """PNG, JPEG, GIF, TIFF or WebP by their first bytes."""
    return isinstance(data, bytes) and (
        data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*"))
        or (data.startswith(b"RIFF") and data[8:12] == b"WEBP")
    )


def _rtf(data: bytes | str) -> bool:
    return isinstance(data, bytes) and data.startswith(b"{\\rtf")


for _front_end in (
    FrontEnd("text", (".txt", ".text"), _text(markdown=False)),
    FrontEnd("markdown", (".md", ".markdown"), _text(markdown=True), _markdown_like),
    FrontEnd("html", (".htm", ".html", ".shtml", ".xhtml"), _html, _html_like),
    FrontEnd("docx", (".docx",), _binary(".docx", "docx_blocks"), _is(_package, "docx"), True),
    FrontEnd("pdf", (".pdf",), _binary(".pdf", "pdf_blocks"), _pdf, True),
    FrontEnd("xlsx", (".xlsx",), _binary(".xlsx", "xlsx_blocks"), _is(_package, "xlsx"), True),
    FrontEnd("ofd", (".ofd",), _binary(".ofd", "ofd_blocks"), _is(_package, "ofd"), True),
    FrontEnd("doc", (".doc",), _office("doc"), _is(_ole, "doc"), True, True),
    FrontEnd("wps", (".wps",), _office("wps"), None, True, True),
    FrontEnd("rtf", (".rtf",), _office("rtf"), _rtf, True, True),
    FrontEnd("odt", (".odt",), _office("odt"), _is(_package, "odt"), True, True),
    FrontEnd("xls", (".xls",), _office("xls"), _is(_ole, "xls"), True, True),
    FrontEnd("et", (".et",), _office("et"), None, True, True),
    FrontEnd("ods", (".ods",), _office("ods"), _is(_package, "ods"), True, True),
    FrontEnd(
        "image",
        (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"),
        _binary(".scan", "image_blocks"),
        _image,
        True,
    ),
):
    register(_front_end)
