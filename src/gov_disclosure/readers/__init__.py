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
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import cast

from .._files import read_regular
from .._i18n import N_, _, os_reason
from ..errors import ParseError
from ..model import AnnualReport
from ..serialize import DOCUMENT_SUFFIXES, load
from .blocks import Block, Grid
from .frontends import FRONT_ENDS, MAX_LINES, OLE, FormNames, FrontEnd, SuffixMap, register
from .frontends import sniff as _sniff
from .parsed import InputFormat, Parsed
from .progress import Progress
from .scan import OcrPages, recording

__all__ = [
    "FORMATS",
    "FRONT_ENDS",
    "MAX_BYTES",
    "MAX_LINES",
    "OTHER_DOCUMENT_SUFFIXES",
    "SUFFIXES",
    "FrontEnd",
    "InputFormat",
    "Parsed",
    "parse",
    "read",
    "register",
    "sniff",
]


FORMATS: Sequence[InputFormat] = FormNames()
"""The published forms :func:`parse` reads, as the registry holds them now
(:data:`.frontends.FRONT_ENDS`, whose keys :func:`parse` takes; a form registered later is
in it): a sequence equal to the tuple of their names; ``doc`` to ``ods`` through LibreOffice
(:mod:`.office`)."""

MAX_BYTES = 64 * 1024 * 1024
"""The largest input :func:`parse` reads (64 MiB); a larger one raises ParseError. Only a
regular file is read: a device (``/dev/zero``), a named pipe or a socket, named directly or
through a symbolic link, raises ParseError before anything is read."""

SUFFIXES: Mapping[str, InputFormat] = SuffixMap()
"""The published forms by file suffix (a file of another suffix is sniffed), as the
registry holds them."""

OTHER_DOCUMENT_SUFFIXES: frozenset[str] = frozenset()
"""Suffixes of documents that may hold a report in a form no reader takes: none since .doc,
.wps, .xls, .xlsx and .ofd are read (kept for the audit and for code that names it)."""

_OTHER_FORMS: Mapping[str, str] = {
    **dict.fromkeys(
        (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp"),
        N_("an image: a scanned report holds no text to read; OCR is not done"),
    ),
}


_OLE = OLE

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (
        _OLE,
        N_(
            "an Office 97-2003 file (.doc, .wps, .xls or .et), not text: give it its suffix, "
            'or format="doc" or "xls"'
        ),
    ),
    (b"\x89PNG", N_("an image (PNG): a scanned report holds no text to read; OCR is not done")),
    (
        b"\xff\xd8\xff",
        N_("an image (JPEG): a scanned report holds no text to read; OCR is not done"),
    ),
    (b"GIF8", N_("an image (GIF): a scanned report holds no text to read; OCR is not done")),
    (b"II*\x00", N_("an image (TIFF): a scanned report holds no text to read; OCR is not done")),
    (b"MM\x00*", N_("an image (TIFF): a scanned report holds no text to read; OCR is not done")),
)


def _unreadable_form(data: bytes) -> str | None:
    """Why bytes are no form :func:`parse` reads (an old Word file, an image, …), or None."""
    for signature, why in _SIGNATURES:
        if data.startswith(signature):
            return why
    return None


def sniff(data: bytes | str) -> InputFormat:
    """The form of a published report from its first bytes: PDF and Word by their signatures,
    then HTML, Markdown or plain text (each front end's ``sniff``, :mod:`.frontends`)."""
    return cast(InputFormat, _sniff(data))


def read(
    path: str | os.PathLike[str], *, agency: str | None = None, year: int | None = None
) -> tuple[AnnualReport, Parsed | None, str]:
    """Any file the library reads: a TOML/JSON document (:func:`gov_disclosure.load`, by its
    suffix) or a published report (:func:`parse`, with ``agency`` and ``year`` when given; a
    document holds its own and ignores them). Returns the report, what reading met (None for
    a document) and the file's form (``toml``, ``json`` or one of :data:`FORMATS`). Raises
    what ``load`` or ``parse`` raise."""
    suffix = Path(path).suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        return load(Path(path)), None, DOCUMENT_SUFFIXES[suffix]
    parsed = parse(Path(path), agency=agency, year=year)
    return parsed.report, parsed, parsed.format


def _blocks(data: bytes | str, form: str, file: str | None) -> list[Block]:
    front_end = FRONT_ENDS[form]
    if front_end.binary and isinstance(data, str):
        raise ParseError(
            _("a {form} document is binary: give its path or its bytes").format(form=form),
            file=file,
        )
    return front_end.blocks(data, file)


def parse(
    source: str | bytes | os.PathLike[str],
    *,
    format: InputFormat | None = None,
    file: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    progress: Progress | None = None,
) -> Parsed:
    """Read a published report: a path, the bytes of a file, or its text.

    A ``str`` is a path when it names an existing file, otherwise the text itself. The form is
    ``format`` when given, else taken from the file's suffix, else sniffed from the content.
    ``agency`` and ``year``, when given, are the report's whatever is printed (a finding, R006,
    notes a printed one that differs): for a fragment or a page whose title is cut off.
    Raises :class:`~gov_disclosure.ParseError` for input that holds no report (or that cannot
    be read at all); everything else the reader meets becomes a finding of :class:`Parsed`.

    A scan (an image, or PDF pages without a text layer) is read by OCR (the ``ocr`` extra);
    ``progress``, when given, is called with (pages done, pages to recognise) as it goes.
    """
    if format is not None and format not in FRONT_ENDS:
        known = ", ".join(FRONT_ENDS)
        raise ValueError(f"parse: format must be one of {known}, not {format!r}")
    if agency is not None and (type(agency) is not str or not agency.strip()):
        raise ValueError(f"parse: agency must be a non-empty str, not {agency!r}")
    if year is not None and (type(year) is not int or not 1000 <= year <= 9999):
        raise ValueError(f"parse: year must be a four-digit int, not {year!r}")
    data: bytes | str
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and "\n" not in source and len(source) < 4096 and _is_file(source)
    ):
        path = Path(source)
        file = file or str(path)
        suffix = path.suffix.lower()
        if format is None and suffix in _OTHER_FORMS and suffix not in SUFFIXES:
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
    if isinstance(data, bytes) and not FRONT_ENDS[form].binary:
        why = _unreadable_form(data)
        if why is not None:
            raise ParseError(_(why), file=file)
    from .reader import read_blocks  # imported on first use: `import gov_disclosure` stays light

    ocr = OcrPages()
    with recording(ocr, progress):
        blocks = _blocks(data, form, file)
    if sum(len(b.rows) if isinstance(b, Grid) else 1 for b in blocks) > MAX_LINES:
        raise ParseError(
            _(
                "more than {max_lines} paragraphs and table rows: no annual report is that long"
            ).format(max_lines=MAX_LINES),
            file=file,
        )
    parsed = read_blocks(
        blocks,
        file=file,
        format=form,
        agency=agency.strip() if agency is not None else None,
        year=year,
    )
    if ocr.pages or ocr.skipped:
        from .ocr_review import review

        parsed = review(parsed, ocr, file=file)
    return parsed


def _by_suffix(form: InputFormat | None, data: bytes) -> InputFormat | None:
    """The form a file's suffix gives, unless a suffix of LibreOffice's forms is put on a file
    whose first bytes say it is a PDF, a Word, Excel or OFD package or a web page (sites serve
    those as ``.doc`` or ``.xls``): then the form it holds."""
    if form is None or not FRONT_ENDS[form].office:
        return form
    if data.startswith(_OLE) or data.startswith(b"{\\rtf"):
        return form
    held = sniff(data)
    return held if held not in ("text", "markdown") and not FRONT_ENDS[held].office else form


def _is_file(text: str) -> bool:
    """Whether ``text`` names a file (of any kind: a device or a pipe is refused when read)."""
    try:
        return not os.path.isdir(text) and (os.path.exists(text) or os.path.islink(text))
    except (OSError, ValueError):
        return False
