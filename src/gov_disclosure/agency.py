"""Agency names: one body printed in several ways, and the series of its reports.

A body's reports do not always print its name the same way: one year says ``海东市互助县统计局``,
the next ``互助县统计局``; ``某县人民政府办公室`` is also printed ``某县政府办公室``; spaces and
full-width letters come and go; ``上海市科委`` is ``上海市科学技术委员会``. :func:`agency_key`
folds what never tells two bodies apart, and the short forms of the words that end a name
(``科委``, ``人社局``, ``政府办``: a table that is data, ``data/agency_aliases.toml``);
:class:`Aliases` adds a user's own table of names (a body renamed or merged: name → canonical
name). :class:`AgencyIndex` pairs the names of a whole collection, where a name printed with
its parents' names (places ending in 省, 市, 区, 县, …) is the same body as the shorter name —
when the shorter one is unambiguous (``朝阳区统计局`` stays apart when both ``北京市朝阳区统计局``
and ``长春市朝阳区统计局`` are in the collection).

>>> from gov_disclosure.agency import AgencyIndex, agency_key
>>> agency_key(" 互助县人民政府办公室 ")
'互助县政府办公室'
>>> agency_key("上海市科委"), agency_key("某县政府办")
('上海市科学技术委员会', '某县政府办公室')
>>> index = AgencyIndex(["海东市互助县统计局", "互助县统计局", "西宁市统计局"])
>>> index.series("海东市互助县统计局") == index.series("互助县统计局")
True
>>> index.series("西宁市统计局") == index.series("互助县统计局")
False
"""

from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path

from .errors import DecodeError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "AgencyIndex",
    "Aliases",
    "agency_key",
    "load_aliases",
    "parent_stripped",
    "same_body",
    "short_forms",
]

_SPACE = re.compile(r"[\s\u3000·•・]+")

_DIVISION = "省|自治区|特别行政区|市|自治州|州(?![市省])|地区|盟|区|县|自治县|旗|自治旗|林区|特区"
"""The words that end the name of an administrative division (a parent of a body). 州 ends
one (恩施土家族苗族自治州, 某州) except inside a city's or province's own name (湖州市, 贵州省)."""

_PARENT = re.compile(rf"^(?:\S{{1,12}}?(?:{_DIVISION}))")
"""A leading place name: the shortest run of characters ending in a division word."""

_BODY_MIN = 4
"""The fewest characters a name may keep once a parent is stripped (``互助县统计局`` has 6):
shorter remainders (``某局``) name no body by themselves."""


_PLACES = re.compile(rf"(?:\S{{1,12}}?(?:{_DIVISION}))+")
"""One or more place names, the whole of a string (the prefix a short form may follow)."""


def _fold(name: str) -> str:
    text = _SPACE.sub("", unicodedata.normalize("NFKC", name))
    return text.replace("人民政府", "政府")


@cache
def short_forms() -> Mapping[str, str]:
    """The packaged table of short forms (``科委`` → ``科学技术委员会``), keys folded as
    :func:`agency_key` folds a name, longest first."""
    text = resources.files(__package__).joinpath("data/agency_aliases.toml").read_text("utf-8")
    table = tomllib.loads(text)["suffixes"]
    pairs = {_fold(short): _fold(full) for short, full in table.items()}
    return dict(sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0])))


def _expand(key: str) -> str:
    """The key with a short form at its end written in full, when what precedes the short
    form is nothing or place names only (``上海市科委``; not ``某市教科委``)."""
    for short, full in short_forms().items():
        if key.endswith(short):
            head = key[: len(key) - len(short)]
            if head == "" or _PLACES.fullmatch(head):
                return head + full
            return key
    return key


def agency_key(name: str, aliases: Aliases | None = None) -> str:
    """The name with what never tells two bodies apart folded away.

    Unicode NFKC (full-width letters and digits), spaces and middle dots removed, ``人民政府``
    written ``政府`` (the same body is printed either way), ``（` ``）`` brackets as printed, a
    short form at the end written in full (:func:`short_forms`); then, with ``aliases``, the
    canonical name the user's table gives the result.
    """
    key = _expand(_fold(name))
    return aliases.canonical_key(key) if aliases is not None else key


class Aliases:
    """A user's table of agency names: each name (a body's old name, a merged body) → the
    canonical name of the body it is now. Names are compared folded (:func:`agency_key`);
    a chain (A → B, B → C) leads to its end.

    >>> aliases = Aliases({"某市科技局": "某市科学技术委员会"})
    >>> agency_key("某市科技局", aliases) == agency_key("某市科委")
    True
    """

    def __init__(self, mapping: Mapping[str, str]) -> None:
        folded = {agency_key(k): agency_key(v) for k, v in mapping.items()}
        self._canonical: dict[str, str] = {}
        for key in folded:
            end, seen = key, {key}
            while end in folded and folded[end] not in seen:
                end = folded[end]
                seen.add(end)
            self._canonical[key] = end
        self._names: dict[str, str] = {}
        for canonical in mapping.values():
            self._names.setdefault(agency_key(canonical), _SPACE.sub("", canonical))

    def __len__(self) -> int:
        return len(self._canonical)

    def canonical_key(self, key: str) -> str:
        """The folded canonical name of a folded name (the name itself when not in the table)."""
        return self._canonical.get(key, key)

    def canonical_name(self, key: str) -> str | None:
        """The canonical name as the table writes it, for a folded canonical key (None when
        the table has none)."""
        return self._names.get(key)


def load_aliases(path: str | Path) -> Aliases:
    """Read a table of names (:class:`Aliases`) from a TOML or CSV file.

    TOML: ``"old name" = "canonical name"`` lines (at the top, or under ``[aliases]``). CSV
    (UTF-8, a BOM allowed): two columns, name and canonical name, one pair a row; a first row
    ``name,canonical`` (or ``名称,规范名称``) is a header; blank rows and rows starting ``#`` are
    skipped. Raises :class:`~gov_disclosure.errors.DecodeError` naming the file and line of
    anything else, and ``OSError`` when the file cannot be read.
    """
    file = str(path)
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DecodeError("not UTF-8 text", file=file, not_utf8=True) from None
    if Path(path).suffix.lower() == ".toml":
        return Aliases(_toml_pairs(text, file))
    return Aliases(_csv_pairs(text, file))


_TOML_AT = re.compile(r"\s*\(at line (\d+), column \d+\)")


def _toml_pairs(text: str, file: str) -> dict[str, str]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_AT.search(str(exc))
        line = int(found.group(1)) if found else None
        reason = _TOML_AT.sub("", str(exc)).strip()
        raise DecodeError(f"not valid TOML: {reason}", file=file, line=line) from None
    table = data["aliases"] if isinstance(data.get("aliases"), dict) else data
    pairs: dict[str, str] = {}
    for name, canonical in table.items():
        if not isinstance(canonical, str) or not canonical.strip() or not name.strip():
            raise DecodeError(
                f"{name!r}: expected a canonical agency name (a non-empty string)",
                file=file,
            )
        pairs[name] = canonical
    return pairs


_HEADERS = ({"name", "canonical"}, {"名称", "规范名称"})


def _csv_pairs(text: str, file: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), 1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and {c.lower() for c in cells} in _HEADERS:
            continue
        if len(cells) != 2 or not all(cells):
            raise DecodeError(
                f"expected two columns, a name and its canonical name; got {','.join(row)}",
                file=file,
                line=number,
            )
        pairs[cells[0]] = cells[1]
    return pairs


def parent_stripped(key: str) -> Iterator[str]:
    """The names left once leading place names are removed one at a time (longest first).

    ``海东市互助县统计局`` → ``互助县统计局``; nothing shorter than four characters, and only
    names that still begin with a place (``统计局`` names no body by itself).
    """
    rest = key
    while True:
        match = _PARENT.match(rest)
        if match is None:
            return
        rest = rest[match.end() :]
        if len(rest) < _BODY_MIN or _PARENT.match(rest) is None:
            return
        yield rest


def same_body(a: str, b: str, aliases: Aliases | None = None) -> bool:
    """Whether two printed names can be the same body: equal keys (with ``aliases``, the
    canonical names of the user's table), or one is the other printed with its parents' names.
    (Within a collection, :class:`AgencyIndex` also rules out a short name that several longer
    names end with.)"""
    ka, kb = agency_key(a, aliases), agency_key(b, aliases)
    if ka == kb:
        return True
    longer, shorter = (ka, kb) if len(ka) > len(kb) else (kb, ka)
    return shorter in parent_stripped(longer)


class AgencyIndex:
    """The bodies of a collection of reports: which printed names are one body.

    Build it from every agency name of the collection (repeats are fine) and, if any, the
    user's table of names; :meth:`series` gives each name the key of its body (the shortest
    unambiguous form of the name present in the collection), :meth:`body` the name to show
    for that body."""

    def __init__(self, names: Iterable[str], aliases: Aliases | None = None) -> None:
        self.aliases = aliases
        printed: dict[str, set[str]] = {}
        for name in names:
            printed.setdefault(agency_key(name, aliases), set()).add(name)
        keys = set(printed)
        # For every name present, the longer names that end with it once their parents go.
        longer: dict[str, set[str]] = {}
        for key in keys:
            for rest in parent_stripped(key):
                if rest in keys:
                    longer.setdefault(rest, set()).add(key)
        self._parent: dict[str, str] = {}
        ambiguous: set[str] = set()
        for short, owners in longer.items():
            # One body when the longer names form one chain (某省海东市… ⊃ 海东市…); several
            # bodies otherwise (北京市朝阳区… and 长春市朝阳区…).
            nearest = min(owners, key=len)
            if all(k == nearest or nearest in set(parent_stripped(k)) for k in owners):
                for owner in owners:
                    self._join(owner, short)
            else:
                ambiguous.add(short)
        self.ambiguous: frozenset[str] = frozenset(ambiguous)
        """Names that several bodies' longer names end with: kept apart from all of them."""
        self._bodies: dict[str, tuple[int, int, int, str]] = {}
        for key, names_of_key in printed.items():
            root = self._find(key)
            given = aliases.canonical_name(key) if aliases is not None else None
            # The user's canonical name, else the fullest printed name (with its parents, in
            # full), then the first in code-point order.
            ranks = [(0, 0, 0, given)] if given else []
            ranks += [(1, -len(key), -len(n), n) for n in names_of_key]
            best = min(ranks)
            if root not in self._bodies or best < self._bodies[root]:
                self._bodies[root] = best

    def _find(self, key: str) -> str:
        root = key
        while root in self._parent:
            root = self._parent[root]
        return root

    def _join(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return
        # The shorter name (then the smaller) stands for the body.
        keep, drop = sorted((ra, rb), key=lambda k: (len(k), k))
        self._parent[drop] = keep

    def series(self, name: str) -> str:
        """The key of the body that printed ``name``."""
        return self._find(agency_key(name, self.aliases))

    def body(self, name: str) -> str:
        """The name to show for the body that printed ``name``: the canonical name of the
        user's table where it gives one, else the fullest name the collection prints for the
        body (with its parents' names, short forms in full), else ``name``."""
        best = self._bodies.get(self.series(name))
        return name if best is None else best[3]
