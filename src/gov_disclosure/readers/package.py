"""Zip packages of XML parts from strangers (.xlsx, OFD), read within the Word front end's bounds.

:class:`Package` opens the bytes of a zip archive and gives the parts it is asked for, parsed
as hardened XML (the Word front end reads its document part here too): at most
:data:`MAX_ENTRIES` entries and a 4 MiB central
directory, checked before :mod:`zipfile` reads it; every part at most
:data:`MAX_XML_BYTES` uncompressed, declared and as inflated, and above 1 MiB at most
:data:`MAX_RATIO` times its compressed size; at most :data:`MAX_TOTAL` bytes inflated
over all the parts read; no DTD or entity (refused before parsing), lxml's parser without
entity resolution, network, DTD loading or huge trees, and at most 4,000,000 tags a part.
Every failure is a :class:`~gov_disclosure.ParseError` that names the file and the part;
nothing of zipfile, zlib or lxml escapes.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
from typing import Any

from .._i18n import _
from ..errors import ParseError

__all__ = [
    "MAX_ENTRIES",
    "MAX_RATIO",
    "MAX_TOTAL",
    "MAX_XML_BYTES",
    "Package",
    "join",
    "local",
    "parse_xml",
]

MAX_ENTRIES = 10_000
"""The most zip entries a package may have."""
MAX_XML_BYTES = 64 * 1024 * 1024
"""The largest part read (``word/document.xml``, a sheet), uncompressed (64 MiB)."""
MAX_RATIO = 100
"""The largest ratio of uncompressed to compressed size of a part above 1 MiB."""

_MAX_DIRECTORY = 4 * 1024 * 1024  # bytes of the zip's central directory
_RATIO_FLOOR = 1024 * 1024  # below this size any compression ratio is fine
_CHUNK = 1024 * 1024
_MAX_TAGS = 4_000_000  # "<" in a part: bounds the tree (~150 bytes an element)
_FORBIDDEN = tuple(
    word.encode(codec)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be")
)

MAX_TOTAL = 256 * 1024 * 1024
"""The most bytes inflated over all the parts read from one package (256 MiB)."""


def _end_record(data: bytes) -> tuple[int, int]:
    """(entries, size of the central directory) from the zip's end record, found the way
    :mod:`zipfile` finds it (so the bound holds for what zipfile will read)."""
    size = len(data)
    pos = size - 22
    if not (pos >= 0 and data[pos : pos + 4] == b"PK\x05\x06" and data[-2:] == b"\x00\x00"):
        pos = data.rfind(b"PK\x05\x06", max(0, size - 22 - 65535))
        if pos < 0 or pos + 22 > size:
            raise ValueError("no zip end record")
    fields = struct.unpack("<4s4H2LH", data[pos : pos + 22])
    entries, directory = fields[4], fields[5]
    if entries == 0xFFFF or directory == 0xFFFFFFFF or fields[6] == 0xFFFFFFFF:
        locator = pos - 20
        if locator < 56 or data[locator : locator + 4] != b"PK\x06\x07":
            raise ValueError("bad zip64 end record")
        record = struct.unpack("<4sQ2H2L4Q", data[locator - 56 : locator])
        if record[0] != b"PK\x06\x06":
            raise ValueError("bad zip64 end record")
        entries, directory = record[7], record[8]
    return entries, directory


def local(tag: object) -> str:
    """An element's local name (its tag without the namespace); '' for comments and the like."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


class Package:
    """The parts of a zip package, read on demand within the bounds (module documentation).

    ``what`` names the kind of document in messages (``an Excel workbook (.xlsx)``).
    Use it as a context manager, or call :meth:`close`."""

    def __init__(self, data: bytes, *, what: str, file: str | None) -> None:
        self.what = what
        self.file = file
        self._inflated = 0
        if not data.startswith(b"PK"):
            raise ParseError(_("not {what}: not a zip archive").format(what=what), file=file)
        try:
            entries, directory = _end_record(data)
        except (ValueError, struct.error):
            raise ParseError(
                _("not {what}: a damaged zip archive").format(what=what), file=file
            ) from None
        if entries > MAX_ENTRIES or directory > _MAX_DIRECTORY:
            raise ParseError(
                _("not {what}: a zip archive of more than {max_entries} entries").format(
                    what=what, max_entries=MAX_ENTRIES
                ),
                file=file,
            )
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except Exception as exc:  # zipfile raises many kinds on damaged input
            raise ParseError(
                _("not {what}: a damaged zip archive ({kind})").format(
                    what=what, kind=type(exc).__name__
                ),
                file=file,
            ) from None
        if len(infos) > MAX_ENTRIES:
            raise ParseError(
                _("not {what}: a zip archive of more than {max_entries} entries").format(
                    what=what, max_entries=MAX_ENTRIES
                ),
                file=file,
            )
        self._names: dict[str, zipfile.ZipInfo] = {}
        self._folded: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            self._names.setdefault(info.filename, info)
            self._folded.setdefault(info.filename.lower(), info)

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def has(self, name: str) -> bool:
        """Whether the package holds a part of this name (case aside)."""
        return self._info(name) is not None

    def names(self) -> list[str]:
        """The names of the package's entries, in the archive's order."""
        return list(self._names)

    def _info(self, name: str) -> zipfile.ZipInfo | None:
        name = name.lstrip("/")
        return self._names.get(name) or self._folded.get(name.lower())

    def read(self, name: str) -> bytes:
        """The bytes of the part ``name`` (a path inside the package; a leading ``/`` and the
        letter case do not matter). Raises ParseError when it is missing or out of bounds."""
        info = self._info(name)
        if info is None:
            raise ParseError(
                _("{what} without its part {name}").format(what=self.what, name=name),
                file=self.file,
            )
        mib = MAX_XML_BYTES // (1024 * 1024)
        if info.file_size > MAX_XML_BYTES:
            raise ParseError(
                _("{name} is larger than {mib} MiB uncompressed").format(name=name, mib=mib),
                file=self.file,
            )
        packed = max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * packed:
            raise ParseError(
                _("{name} is compressed suspiciously well (a zip bomb?)").format(name=name),
                file=self.file,
            )
        chunks: list[bytes] = []
        total = 0
        try:
            with self._zip.open(info) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        break
                    total += len(chunk)
                    self._inflated += len(chunk)
                    if total > MAX_XML_BYTES:
                        raise ParseError(
                            _("{name} is larger than {mib} MiB uncompressed").format(
                                name=name, mib=mib
                            ),
                            file=self.file,
                        )
                    if total > _RATIO_FLOOR and total > MAX_RATIO * packed:
                        raise ParseError(
                            _("{name} is compressed suspiciously well (a zip bomb?)").format(
                                name=name
                            ),
                            file=self.file,
                        )
                    if self._inflated > MAX_TOTAL:
                        raise ParseError(
                            _(
                                "more than {max_total} MiB inflated from the "
                                "archive: no annual report is that large"
                            ).format(max_total=MAX_TOTAL // (1024 * 1024)),
                            file=self.file,
                        )
                    chunks.append(chunk)
        except ParseError:
            raise
        except Exception as exc:  # zipfile/zlib/bz2/lzma raise many kinds on damaged input
            raise ParseError(
                _("{name}: a damaged zip entry ({kind})").format(
                    name=name, kind=type(exc).__name__
                ),
                file=self.file,
            ) from None
        return b"".join(chunks)

    def xml(self, name: str) -> Any:
        """The root element of the XML part ``name``, parsed hardened (module documentation)."""
        return parse_xml(self.read(name), name=name, file=self.file)


def parse_xml(xml: bytes, *, name: str, file: str | None) -> Any:
    """The root element of an XML part: no DTD, no entities, no network, bounded depth and
    size; ParseError (naming the part) for anything else."""
    try:
        from lxml import etree
    except ImportError:
        raise ParseError(
            _("reading this form needs lxml: pip install 'gov-disclosure[html]'"), file=file
        ) from None
    if xml.count(b"<") > _MAX_TAGS:
        raise ParseError(
            _("{name} has more than {max_tags:,} tags: no annual report is that long").format(
                name=name, max_tags=_MAX_TAGS
            ),
            file=file,
        )
    if any(word in xml for word in _FORBIDDEN):
        raise ParseError(
            _("{name} declares a DTD or entities: refused").format(name=name), file=file
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(xml, parser)
    except (etree.LxmlError, ValueError) as exc:
        message = str(exc).strip() or type(exc).__name__
        raise ParseError(
            _("{name} is not well-formed XML: {message}").format(name=name, message=message[:200]),
            file=file,
        ) from None
    if root is None or root.getroottree().docinfo.internalDTD is not None:
        raise ParseError(
            _("{name} declares a DTD or entities: refused").format(name=name), file=file
        )
    return root


def join(base: str, target: str) -> str:
    """A part's path from a reference in another part: ``target`` relative to the folder of
    ``base`` (absolute when it starts with ``/``), ``..`` resolved inside the package."""
    target = target.replace("\\", "/").strip()
    path = target if target.startswith("/") else posixpath.join(posixpath.dirname(base), target)
    return posixpath.normpath("/" + path).lstrip("/")
