"""Patterns that must end where a text ends, matched backwards: the speed layer of reading the
words before a figure (:mod:`.narrative`).

Searching ``(?:words)$`` tries the pattern at every position of the text; matching the
*reversed* pattern at the start of the reversed text tries it once. :func:`reverse` writes
the pattern of the reversed language for the plain regular expressions the phrasings use
(characters, escapes, classes, groups, alternatives, bounded or open repetitions and ``^``);
anything else (a lookaround, a back reference, ``$``) raises ``ValueError``, and the caller
searches the pattern as written. :class:`LastOf` finds, among several such patterns, the first
(in their order) that ends a text: one match call, whatever their number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# An implementation module (docs/reference/api.md): nothing here is re-exported.
__all__: list[str] = []

_QUANTIFIER = re.compile(r"[?*+]\??|\{[0-9]*(?:,[0-9]*)?\}\??")


def reverse(pattern: str) -> str:
    """The pattern of every text whose reversal ``pattern`` matches (groups do not capture)."""
    items, end = _sequence(pattern, 0)
    if end != len(pattern):
        raise ValueError(f"unbalanced ')' at {end} in {pattern!r}")
    return items


def _sequence(pattern: str, i: int) -> tuple[str, int]:
    """The reversed alternatives from ``i`` up to a closing ``)`` (or the end)."""
    branches: list[str] = []
    atoms: list[str] = []
    while i < len(pattern) and pattern[i] != ")":
        char = pattern[i]
        if char == "|":
            branches.append("".join(reversed(atoms)))
            atoms = []
            i += 1
            continue
        if char == "(":
            atom, i = _group(pattern, i)
        elif char == "[":
            atom, i = _class(pattern, i)
        elif char == "\\":
            atom, i = _escape(pattern, i)
        elif char == "^":
            atom, i = r"\Z", i + 1
        elif char == "$" or char in "?*+{":
            raise ValueError(f"cannot reverse {char!r} at {i} in {pattern!r}")
        else:
            atom, i = re.escape(char), i + 1
        quantifier = _QUANTIFIER.match(pattern, i)
        if quantifier is not None:
            atom = f"(?:{atom}){quantifier.group()}"
            i = quantifier.end()
        atoms.append(atom)
    branches.append("".join(reversed(atoms)))
    return "|".join(branches), i


def _group(pattern: str, i: int) -> tuple[str, int]:
    if pattern.startswith("(?:", i):
        start = i + 3
    elif pattern.startswith("(?P<", i):
        start = pattern.index(">", i) + 1
    elif pattern.startswith("(?", i):
        raise ValueError(f"cannot reverse the group at {i} in {pattern!r}")
    else:
        start = i + 1
    inner, end = _sequence(pattern, start)
    if end >= len(pattern):
        raise ValueError(f"missing ')' in {pattern!r}")
    return f"(?:{inner})", end + 1


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


def _escape(pattern: str, i: int) -> tuple[str, int]:
    escaped = pattern[i + 1 : i + 2]
    if not escaped or escaped.isdigit() or escaped in "AZbBgNuUx":
        raise ValueError(f"cannot reverse the escape at {i} in {pattern!r}")
    return pattern[i : i + 2], i + 2


class LastOf:
    """The first of several patterns (in their order) that matches the end of a text, trailing
    white space allowed: what searching each ``(?:pattern)\\s*$`` in turn finds."""

    __slots__ = ("_backwards", "_forwards")

    def __init__(self, patterns: Sequence[str]) -> None:
        self._forwards = tuple(re.compile(f"(?:{p})\\s*$") for p in patterns)
        try:
            backwards = "|".join(f"({reverse(p)})" for p in patterns)
        except ValueError:
            self._backwards: re.Pattern[str] | None = None
        else:
            self._backwards = re.compile(rf"\s*(?:{backwards})")

    @property
    def backwards(self) -> bool:
        """Whether the patterns are matched backwards (else searched in turn)."""
        return self._backwards is not None

    def first(self, text: str) -> int | None:
        """The position of the first pattern that ends ``text``, or None."""
        if self._backwards is None:
            for n, pattern in enumerate(self._forwards):
                if pattern.search(text) is not None:
                    return n
            return None
        m = self._backwards.match(text[::-1])
        return None if m is None or m.lastindex is None else m.lastindex - 1
