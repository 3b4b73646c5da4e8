"""Patterns that must end where a text ends, matched backwards: the speed layer of reading the
words before a figure (:mod:`.narrative`).

Searching ``(?:words)$`` tries the pattern at every position of the text; matching the
*reversed* pattern at the start of the reversed text tries it once. :func:`reverse` writes
the pattern of the reversed language for the plain regular expressions the phrasings use
(characters, escapes, classes, groups, alternatives, bounded or open repetitions and ``^``);
anything else (a lookaround, a back reference, ``$``) raises ``ValueError``, and the caller
searches the pattern as written. :class:`LastOf` finds, among several such patterns, the first
(in their order) that ends a text, trying only those that may end with its last character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# An implementation module (docs/reference/api.md): nothing here is re-exported.
__all__: list[str] = []

_QUANTIFIER = re.compile(r"[?*+]\??|\{[0-9]*(?:,[0-9]*)?\}\??")
_OPTIONAL = re.compile(r"[?*]|\{0*(?:,|\}|0*,)")
"""A quantifier that allows no repetition (``?``, ``*``, ``{0,n}``, ``{,n}``)."""

Ends = frozenset[str] | None
"""The characters a pattern's match may end with (None: it cannot be told, any may)."""


def reverse(pattern: str) -> str:
    """The pattern of every text whose reversal ``pattern`` matches (groups do not capture)."""
    return _reversed(pattern)[0]


def _reversed(pattern: str) -> tuple[str, Ends, bool]:
    """The reversed pattern, the characters a match may end with, whether it may be empty."""
    reversed_, end, ends, empty = _sequence(pattern, 0)
    if end != len(pattern):
        raise ValueError(f"unbalanced ')' at {end} in {pattern!r}")
    return reversed_, ends, empty


class _Branches:
    """The alternatives of one sequence, reversed, as they are read."""

    def __init__(self) -> None:
        self.reversed: list[str] = []
        self.ends: Ends = frozenset()
        self.empty = False
        self.atoms: list[tuple[str, Ends, bool]] = []

    def close(self) -> None:
        """End the current alternative: its atoms in reverse order; the characters it may end
        with are those of its atoms from the last back to the first one it requires."""
        self.reversed.append("".join(atom for atom, _, _ in reversed(self.atoms)))
        last: Ends = frozenset()
        for _, ends, empty in reversed(self.atoms):
            last = None if last is None or ends is None else last | ends
            if not empty:
                break
        else:
            self.empty = True
        self.ends = None if self.ends is None or last is None else self.ends | last
        self.atoms = []


def _sequence(pattern: str, i: int) -> tuple[str, int, Ends, bool]:
    """The reversed alternatives from ``i`` up to a closing ``)`` (or the end), where that
    is, the characters they may end with and whether they may match nothing."""
    branches = _Branches()
    while i < len(pattern) and pattern[i] != ")":
        char = pattern[i]
        if char == "|":
            branches.close()
            i += 1
            continue
        ends: Ends = None
        empty = False
        if char == "(":
            atom, i, ends, empty = _group(pattern, i)
        elif char == "[":
            atom, i = _class(pattern, i)
            ends = _members(atom)
        elif char == "\\":
            atom, i = _escape(pattern, i)
        elif char == "^":
            atom, i, ends, empty = r"\Z", i + 1, frozenset(), True
        elif char == "$" or char in "?*+{":
            raise ValueError(f"cannot reverse {char!r} at {i} in {pattern!r}")
        else:
            atom, i, ends = re.escape(char), i + 1, frozenset(char)
        quantifier = _QUANTIFIER.match(pattern, i)
        if quantifier is not None:
            atom = f"(?:{atom}){quantifier.group()}"
            empty = empty or _OPTIONAL.match(quantifier.group()) is not None
            i = quantifier.end()
        branches.atoms.append((atom, ends, empty))
    branches.close()
    return "|".join(branches.reversed), i, branches.ends, branches.empty


def _group(pattern: str, i: int) -> tuple[str, int, Ends, bool]:
    if pattern.startswith("(?:", i):
        start = i + 3
    elif pattern.startswith("(?P<", i):
        start = pattern.index(">", i) + 1
    elif pattern.startswith("(?", i):
        raise ValueError(f"cannot reverse the group at {i} in {pattern!r}")
    else:
        start = i + 1
    inner, end, ends, empty = _sequence(pattern, start)
    if end >= len(pattern):
        raise ValueError(f"missing ')' in {pattern!r}")
    return f"(?:{inner})", end + 1, ends, empty


def _class(pattern: str, i: int) -> tuple[str, int]:
    j = i + 1
    if pattern.startswith("^", j):
        j += 1
    if pattern.startswith("]", j):
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    if j >= len(pattern):
        raise ValueError(f"missing ']' in {pattern!r}")
    return pattern[i : j + 1], j + 1


def _members(cls: str) -> Ends:
    """The characters of a class of plain characters (``[市区县省]``); None for any other."""
    inner = cls[1:-1]
    if not inner or inner[0] == "^" or any(c in "\\-[]" for c in inner):
        return None
    return frozenset(inner)


def _escape(pattern: str, i: int) -> tuple[str, int]:
    escaped = pattern[i + 1 : i + 2]
    if not escaped or escaped.isdigit() or escaped in "AZbBgNuUx":
        raise ValueError(f"cannot reverse the escape at {i} in {pattern!r}")
    return pattern[i : i + 2], i + 2


class LastOf:
    """The first of several patterns (in their order) that matches the end of a text, trailing
    white space allowed: what searching each ``(?:pattern)\\s*$`` in turn finds.

    Matched backwards, only the patterns that may end with the text's last character are
    tried; a text that ends with white space is matched against all of them at once.
    """

    __slots__ = ("_all", "_always", "_by_last", "_chars", "_forwards", "_reversed")

    def __init__(self, patterns: Sequence[str]) -> None:
        self._forwards = tuple(re.compile(f"(?:{p})\\s*$") for p in patterns)
        self._all: re.Pattern[str] | None = None
        self._reversed: list[tuple[str, Ends, bool]] = []
        self._by_last: dict[str, tuple[re.Pattern[str], tuple[int, ...]]] = {}
        self._chars: frozenset[str] = frozenset()
        try:
            self._reversed = [_reversed(p) for p in patterns]
        except ValueError:
            return
        self._all = self._combined(range(len(self._reversed)))[0]
        self._chars = frozenset(c for _, ends, _ in self._reversed for c in ends or ())
        self._always = self._combined(
            [n for n, (_, ends, empty) in enumerate(self._reversed) if ends is None or empty]
        )

    def _combined(self, numbers: Sequence[int]) -> tuple[re.Pattern[str], tuple[int, ...]]:
        """The patterns ``numbers`` reversed, one group each, in one pattern."""
        branches = "|".join(f"({self._reversed[n][0]})" for n in numbers)
        return re.compile(rf"\s*(?:{branches})"), tuple(numbers)

    def _ending(self, char: str) -> tuple[re.Pattern[str], tuple[int, ...]]:
        """The patterns that may end with ``char``, in one pattern (built when first needed:
        a phrase's words end with a few dozen characters)."""
        if char not in self._chars:
            return self._always
        found = self._by_last.get(char)
        if found is None:
            found = self._by_last[char] = self._combined(
                [
                    n
                    for n, (_, ends, empty) in enumerate(self._reversed)
                    if ends is None or empty or char in ends
                ]
            )
        return found

    @property
    def backwards(self) -> bool:
        """Whether the patterns are matched backwards (else searched in turn)."""
        return self._all is not None

    def first(self, text: str) -> int | None:
        """The position of the first pattern that ends ``text``, or None."""
        if self._all is None:
            for n, pattern in enumerate(self._forwards):
                if pattern.search(text) is not None:
                    return n
            return None
        if not text or text[-1].isspace():
            pattern, numbers = self._all, tuple(range(len(self._reversed)))
        else:
            pattern, numbers = self._ending(text[-1])
        m = pattern.match(text[::-1])
        return None if m is None or m.lastindex is None else numbers[m.lastindex - 1]
