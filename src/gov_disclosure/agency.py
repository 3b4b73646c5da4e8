"""Agency names: one body printed in several ways, and the series of its reports.

A body's reports do not always print its name the same way: one year says ``海东市互助县统计局``,
the next ``互助县统计局``; ``某县人民政府办公室`` is also printed ``某县政府办公室``; spaces and
full-width letters come and go. :func:`agency_key` folds what never tells two bodies apart;
:class:`AgencyIndex` pairs the names of a whole collection, where a name printed with its
parents' names (places ending in 省, 市, 区, 县, …) is the same body as the shorter name — when the
shorter one is unambiguous (``朝阳区统计局`` stays apart when both ``北京市朝阳区统计局`` and
``长春市朝阳区统计局`` are in the collection).

>>> from gov_disclosure.agency import AgencyIndex, agency_key
>>> agency_key(" 互助县人民政府办公室 ")
'互助县政府办公室'
>>> index = AgencyIndex(["海东市互助县统计局", "互助县统计局", "西宁市统计局"])
>>> index.series("海东市互助县统计局") == index.series("互助县统计局")
True
>>> index.series("西宁市统计局") == index.series("互助县统计局")
False
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

__all__ = ["AgencyIndex", "agency_key", "parent_stripped", "same_body"]

_SPACE = re.compile(r"[\s\u3000·•・]+")

_DIVISION = "省|自治区|特别行政区|市|自治州|州(?![市省])|地区|盟|区|县|自治县|旗|自治旗|林区|特区"
"""The words that end the name of an administrative division (a parent of a body). 州 ends
one (恩施土家族苗族自治州, 某州) except inside a city's or province's own name (湖州市, 贵州省)."""

_PARENT = re.compile(rf"^(?:\S{{1,12}}?(?:{_DIVISION}))")
"""A leading place name: the shortest run of characters ending in a division word."""

_BODY_MIN = 4
"""The fewest characters a name may keep once a parent is stripped (``互助县统计局`` has 6):
shorter remainders (``某局``) name no body by themselves."""


def agency_key(name: str) -> str:
    """The name with what never tells two bodies apart folded away.

    Unicode NFKC (full-width letters and digits), spaces and middle dots removed, ``人民政府``
    written ``政府`` (the same body is printed either way), and ``（` ``）`` brackets as printed.
    """
    text = _SPACE.sub("", unicodedata.normalize("NFKC", name))
    return text.replace("人民政府", "政府")


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


def same_body(a: str, b: str) -> bool:
    """Whether two printed names can be the same body: equal keys, or one is the other printed
    with its parents' names. (Within a collection, :class:`AgencyIndex` also rules out a short
    name that several longer names end with.)"""
    ka, kb = agency_key(a), agency_key(b)
    if ka == kb:
        return True
    longer, shorter = (ka, kb) if len(ka) > len(kb) else (kb, ka)
    return shorter in parent_stripped(longer)


class AgencyIndex:
    """The bodies of a collection of reports: which printed names are one body.

    Build it from every agency name of the collection (repeats are fine); :meth:`series` gives
    each name the key of its body (the shortest unambiguous form of the name present in the
    collection)."""

    def __init__(self, names: Iterable[str]) -> None:
        keys = {agency_key(n) for n in names}
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
        return self._find(agency_key(name))
