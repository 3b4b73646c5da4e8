"""The placer's fast path: one run of digits cut into columns that form consecutive groups,
each its parts then their total (table 三's row, table 四's three groups).

:func:`~gov_disclosure.readers.placer.placements` takes it where the row's sums have that shape
and the general search otherwise; both list the same placements in the same order. The bounds
and digit sums here serve both.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from attrs import frozen

from ..serialize import MAX_COUNT

BUDGET = 8_000
"""The most search states one row may visit; a row that needs more is reported, not read."""
_NUMBER_DIGITS = len(str(MAX_COUNT))
_SETS = 3
"""The most numbers whose reachable sums :meth:`_Grouped.sums` lists (at most ``16**2`` sums
of three numbers of up to 16 digits per position)."""

Vector = tuple[int | None, ...]
"""A placement: one value per column of the row, None for a blank cell."""


@frozen
class RowSum:
    """A sum relation between cells of one row, by their positions in the row: total = Σ parts."""

    total: int
    parts: tuple[int, ...]


@lru_cache(maxsize=256)
def _groups(width: int, sums: tuple[RowSum, ...]) -> tuple[int, ...] | None:
    """The row's columns as groups for :class:`_Grouped`: the size of each group in column
    order, or None where the sums are not that shape. Cached: a table's rows are the same in
    every report."""
    sizes: list[int] = []
    column = 0
    for s in sorted(sums, key=lambda s: s.total):
        if not s.parts or sorted(s.parts) != list(range(column, s.total)):
            return None
        sizes.append(s.total - column + 1)
        column = s.total + 1
    return tuple(sizes) if sizes and column == width else None


class _Grouped:
    """The fast path of :func:`placements` for one run of digits cut into columns that form
    consecutive groups, each its parts then their total (table 三's row, table 四's three
    groups). It lists the same placements in the same order as the general search, the plain
    path (tests compare them), but searches group by group: a group's end and its total's
    length fix the total, so its parts are cut against a known sum (the least and greatest sum
    the remaining digits can make prune every branch) and a total is kept only where its digit
    sum and its parts' agree modulo 9 (a number is congruent to its digit sum, however the
    digits are cut). What follows a group is searched once per position it ends at. In a group
    of five parts or more the last three numbers of a cut are not searched one by one: the set
    of sums the digits left can make in three numbers (:meth:`sums`, kept per position) tells
    at once whether the rest of the target can be reached. The last two numbers are tried only
    where their last digits add up to the target's (:meth:`pairs`).
    """

    def __init__(self, text: str, sizes: Sequence[int], cap: int) -> None:
        self.text = text
        self.sizes = sizes
        self.cap = cap
        self.nines = _digit_sums(text)
        self.visited = 0
        self.rest: dict[tuple[int, int], list[Vector]] = {}
        self.reachable: dict[tuple[int, int, int, int], frozenset[int]] = {}

    def all(self) -> list[Vector]:
        return self.tail(0, 0)

    def tick(self) -> None:
        self.visited += 1
        if self.visited > BUDGET:
            raise _Exhausted

    def tail(self, group: int, start: int) -> list[Vector]:
        """The placements of groups ``group``… into ``text[start:]``, at most ``cap``."""
        key = (group, start)
        if key in self.rest:
            return self.rest[key]
        self.tick()
        text, n = self.text, len(self.text)
        out: list[Vector] = []
        if group == len(self.sizes):
            out = [()] if start == n else []
            self.rest[key] = out
            return out
        parts = self.sizes[group] - 1
        later = sum(self.sizes[group + 1 :])  # at least one digit per later column
        last = group == len(self.sizes) - 1
        sets = parts > _SETS + 1  # below, the sets cost more than the few cuts they spare
        for length in range(1, _NUMBER_DIGITS + 1):
            found: list[tuple[tuple[int, ...], Vector, int]] = []
            # The parts take 1 to ``length`` digits each, the later columns one at least.
            ends = (
                [n]
                if last
                else range(start + parts + length, min(n - later, start + (parts + 1) * length) + 1)
            )
            for end in ends:
                cut = end - length
                if cut - start < parts:
                    continue
                head = text[cut:end]
                if length > 1 and head[0] == "0":
                    continue
                if (self.nines[cut] - self.nines[start]) % 9 != (
                    self.nines[end] - self.nines[cut]
                ) % 9:
                    continue
                target = int(head)
                if target > MAX_COUNT:
                    continue
                for lengths, values in self.cuts(start, cut, parts, target, length, sets):
                    found.append((lengths, (*values, target), end))
            found.sort(key=lambda f: f[0])
            for _, vector, end in found:
                for rest in self.tail(group + 1, end):
                    out.append((*vector, *rest))
                    if len(out) >= self.cap:
                        self.rest[key] = out
                        return out
        self.rest[key] = out
        return out

    def cuts(
        self, start: int, end: int, parts: int, target: int, most: int, sets: bool
    ) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        """``text[start:end]`` cut into ``parts`` numbers of at most ``most`` digits summing
        to ``target``: (the numbers' lengths, the numbers), shortest first cell first. With
        ``sets`` the last numbers are checked against :meth:`sums` (the group's total is
        ``text[end:end + most]``)."""
        self.tick()
        text = self.text
        low, high = _bounds(end - start, parts, most)
        if not low <= target <= high:
            return []
        if sets and parts <= _SETS and target not in self.sums(start, end, parts, most):
            return []
        if parts == 1:
            piece = text[start:end]
            ok = 0 < len(piece) <= most and (len(piece) == 1 or piece[0] != "0")
            return [((len(piece),), (target,))] if ok and int(piece) == target else []
        first = max(start + 1, end - (parts - 1) * most)  # the rest no longer than that
        last = min(end - parts + 1, start + most)
        if parts == 2:
            return self.pairs(start, end, target, most, first, last)
        out: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
        for stop in range(first, last + 1):
            piece = text[start:stop]
            if len(piece) > 1 and piece[0] == "0":
                break
            value = int(piece)
            if value > target:
                break
            low, high = _bounds(end - stop, parts - 1, most)
            if not low <= target - value <= high:
                continue
            if (
                sets
                and parts <= _SETS + 1
                and target - value not in self.sums(stop, end, parts - 1, most)
            ):
                continue  # (checked here, not on entering the cut: no state spent on it)
            for lengths, values in self.cuts(stop, end, parts - 1, target - value, most, sets):
                out.append(((len(piece), *lengths), (value, *values)))
        return out

    def pairs(
        self, start: int, end: int, target: int, most: int, first: int, last: int
    ) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        """``text[start:end]`` cut into two numbers summing to ``target``, the cut between
        ``first`` and ``last``. The second number is what is left of the target, printed as
        such; and the last digits of the two add up to the target's last digit (modulo 10),
        so only the cuts after such a digit are tried."""
        text = self.text
        if text[start] == "0":  # a number of one digit: 0
            last = min(last, start + 1)
        digit = str((target - ord(text[end - 1]) + 48) % 10)
        out: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
        at = text.find(digit, first - 1, last)
        while at >= 0:
            stop = at + 1
            value = int(text[start:stop])
            if value > target:
                break
            rest = str(target - value)
            if len(rest) <= most and text[stop:end] == rest:
                out.append(((stop - start, len(rest)), (value, target - value)))
            at = text.find(digit, stop, last)
        return out

    def sums(self, start: int, end: int, parts: int, most: int) -> frozenset[int]:
        """Every sum of ``text[start:end]`` cut into ``parts`` numbers of at most ``most``
        digits with no leading zero, up to the group's total ``text[end:end + most]`` (empty
        where it cannot be cut so)."""
        key = (start, end, parts, most)
        found = self.reachable.get(key)
        if found is not None:
            return found
        text, digits = self.text, end - start
        bound = int(text[end : end + most])
        if not parts <= digits <= parts * most:
            found = frozenset()
        elif parts == 1:
            ok = (digits == 1 or text[start] != "0") and int(text[start:end]) <= bound
            found = frozenset((int(text[start:end]),)) if ok else frozenset()
        elif text[start] == "0":  # a number of one digit: 0
            found = self.sums(start + 1, end, parts - 1, most)
        else:
            out: set[int] = set()
            for length in range(
                max(1, digits - (parts - 1) * most), min(most, digits - parts + 1) + 1
            ):
                value = int(text[start : start + length])
                if value > bound:
                    break
                rest = self.sums(start + length, end, parts - 1, most)
                out.update([value + r for r in rest if value + r <= bound])
            found = frozenset(out)
        self.reachable[key] = found
        return found


class _Exhausted(Exception):
    """The search visited :data:`BUDGET` states."""


def _least(length: int) -> int:
    """The least number of ``length`` digits with no leading zero (0 for one digit)."""
    return 10 ** (length - 1) if length > 1 else 0


@cache
def _bounds(digits: int, parts: int, most: int) -> tuple[int, int]:
    """Bounds on the sum of ``digits`` digits cut into ``parts`` numbers of 1 to ``most``
    digits with no leading zero ((1, 0) where they cannot be cut so). A number of ``l`` digits
    lies between 10^(l-1) (0 for one digit) and 10^l − 1; both are convex in ``l``, so the
    least sum has the lengths as even as they can be, the greatest as uneven."""
    if not parts <= digits <= parts * most:
        return (1, 0)
    short, longer = divmod(digits, parts)  # ``longer`` numbers of short + 1 digits

    low = longer * _least(short + 1) + (parts - longer) * _least(short)
    if most == 1:
        return (low, 9 * parts)
    full, extra = divmod(digits - parts, most - 1)  # numbers of ``most`` digits, and one more
    if full >= parts:
        return (low, parts * (10**most - 1))
    high = full * (10**most - 1) + (10 ** (1 + extra) - 1) + (parts - full - 1) * 9
    return (low, high)


def _digit_sums(text: str) -> list[int]:
    """The sums of the digits of each prefix of ``text`` (``out[i]``: the first ``i``)."""
    out = [0]
    for char in text:
        out.append(out[-1] + ord(char) - 48)
    return out
