"""The placer: figures placed into a row's columns by the statute's own relations.

Where labels alone do not place a row's figures — digits of neighbouring cells run together
(``300153006143119``), blank cells that left no trace (fewer figures than columns) — the
relations of the table decide. Two pure stages:

* :func:`placements` — for one row, every placement of its printed figures into its columns
  that the relations *within the row* allow (总计 = its parts; table 四's group sums). Digits run
  together are cut by a search over positions with memoised states (position in the text,
  column, the open sums), so the work grows with the length of the text and the number of
  distinct partial sums, never with the number of ways to cut it; a number has no leading zero
  unless it is ``0``, and at most :data:`LIMIT` placements are listed.
* :func:`resolve` — the placements of every row of a table narrowed by the relations *across*
  rows (the flow 一 + 二 = 三（七） + 四, the results rows summing to （七）总计): a placement is
  dropped only when no choice of the other rows' placements satisfies a relation with it.

The reader takes a row's placement only when exactly one survives; otherwise it reports the
candidates and reads no value. A placed blank counts as 0, a total too: the placer never leaves
a total blank beside stated parts (that reading would shift every figure of a row whose first
figure was lost one column left and pass unchecked); a blank printed in
a row read directly may be anything, so a relation through it is never used to drop a
placement. Dropping only what contradicts a relation keeps the truth of a consistent table
among the survivors: the placer may fail to decide, it never picks a wrong figure there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from types import MappingProxyType

from attrs import frozen

from ..serialize import MAX_COUNT
from ..statutory import Relation, RelationKind, TableSpec
from .grouped import (
    _NUMBER_DIGITS,
    BUDGET,
    RowSum,
    Vector,
    _Exhausted,
    _Grouped,
    _groups,
    _least,
)

__all__ = ["LIMIT", "Placement", "RowSum", "Vector", "placements", "resolve", "row_sums"]

LIMIT = 24
"""The most placements of one row that are listed; beyond it the row is reported as such."""
MAX_DIGITS = 64
"""The longest run of digits (all figures of a row together) the placer takes on."""
_SUMSET_LIMIT = 4096
"""The most distinct partial sums kept when testing a relation across rows (beyond: no drop)."""


@frozen
class Placement:
    """The placements of one row, and whether there were more than :data:`LIMIT`."""

    vectors: tuple[Vector, ...]
    more: bool = False


def row_sums(spec: TableSpec, indexes: Sequence[int]) -> tuple[RowSum, ...]:
    """The sum relations of ``spec`` whose cells all lie among ``indexes`` (a row's cells, in
    the row's order), by position in the row."""
    return _row_sums(spec, tuple(indexes))


@lru_cache(maxsize=1024)
def _row_sums(spec: TableSpec, indexes: tuple[int, ...]) -> tuple[RowSum, ...]:
    # Cached: a table's rows are the same in every report, and the scan covers every relation.
    position = {index: k for k, index in enumerate(indexes)}
    out: list[RowSum] = []
    for r in spec.relations:
        if r.kind is not RelationKind.SUM:
            continue
        cells = (*r.left, *r.right)
        if all(c in position for c in cells):
            out.append(RowSum(position[r.left[0]], tuple(position[c] for c in r.right)))
    return tuple(out)


def placements(
    figures: Sequence[str],
    width: int,
    sums: Sequence[RowSum] = (),
    *,
    split: bool,
    blanks: bool,
    limit: int = LIMIT,
    fast: bool = True,
) -> Placement:
    """Every placement of ``figures`` (strings of digits, in printed order) into ``width``
    columns that satisfies ``sums``.

    With ``split`` a figure may hold several numbers run together; with ``blanks`` columns may
    be left blank between them. Order is kept: the figures fill the columns left to right.
    ``fast=False`` takes the general search where the fast path (:class:`_Grouped`) applies
    (for comparing the two).
    """
    if not figures or not all(f.isascii() and f.isdigit() for f in figures):
        return Placement(())
    if sum(len(f) for f in figures) > MAX_DIGITS or width > MAX_DIGITS:
        return Placement((), more=True)
    groups = (
        _groups(width, tuple(sums)) if fast and split and not blanks and len(figures) == 1 else None
    )
    try:
        if groups is not None:
            found = _Grouped(figures[0], groups, limit + 1).all()
        else:
            found = _search(tuple(figures), width, tuple(sums), split, blanks, limit + 1)
    except _Exhausted:
        return Placement((), more=True)
    return Placement(tuple(found[:limit]), more=len(found) > limit)


def _search(
    figures: tuple[str, ...],
    width: int,
    sums: tuple[RowSum, ...],
    split: bool,
    blanks: bool,
    cap: int,
) -> list[Vector]:
    first = [min(s.total, *s.parts) for s in sums]
    last = [max(s.total, *s.parts) for s in sums]
    role: list[list[tuple[int, bool]]] = [[] for _ in range(width)]
    for k, s in enumerate(sums):
        role[s.total].append((k, True))
        for p in s.parts:
            role[p].append((k, False))
    tail_digits = [0] * (len(figures) + 1)
    for i in range(len(figures) - 1, -1, -1):
        tail_digits[i] = tail_digits[i + 1] + len(figures[i])
    # Digits run together: each sum's total gets a length when the sum opens (its first cell),
    # tried from 1 to the longest count; no part is longer (no part exceeds its total), which
    # keeps the partial sums few. Figures kept whole need no such bound.
    lengths = range(1, _NUMBER_DIGITS + 1) if split else range(0, 1)

    # A sum's state: (balance Σ parts − total so far; the length of its total, 0 when not chosen; the total itself where the
    # length tells it — a total printed last in one run of digits — else -1). Closed sums are
    # (0, 0, -1).
    Sum = tuple[int | None, int, int]
    State = tuple[Sum, ...]

    def longest(state: State, column: int) -> tuple[int, bool]:
        """The most digits the cell may take, and whether it must take exactly that many."""
        most, exact = _NUMBER_DIGITS, False
        for k, is_total in role[column]:
            length = state[k][1]
            if length:
                most = min(most, length)
                exact = exact or is_total
        return most, exact

    def room(state: State, column: int) -> int:
        return sum(longest(state, c)[0] for c in range(column, width))

    def step(state: State, column: int, value: int | None) -> State | None:
        new = list(state)
        for k, is_total in role[column]:
            balance, length, target = new[k]
            if balance is not None:
                if value is None:
                    pass  # a placed blank counts as 0, a total too: never beside stated parts
                else:
                    balance = balance - value if is_total else balance + value
                if balance is not None and length and balance >= 10**length:
                    return None  # the parts already exceed any total of that length
                if balance is not None and target >= 0 and balance > target:
                    return None
            if column == last[k]:
                if balance not in (0, None):
                    return None
                new[k] = (0, 0, -1)
            else:
                new[k] = (balance, length, target)
        return tuple(new)

    def short(state: State, column: int, digits: int) -> bool:
        """Whether some open sum can no longer reach a total of its length with ``digits``
        digits left: the parts still to come take fewer than ``digits`` − length digits."""
        for k, (balance, length, target) in enumerate(state):
            if not length or balance is None or sums[k].total <= column:
                continue
            more = sum(1 for p in sums[k].parts if p > column)
            if target >= 0 and more == sums[k].total - column - 1:
                # The cells up to the total are this sum's parts, in the run before the total.
                start, end = len(figures[0]) - digits, len(figures[0]) - length
                low, high = _extremes(figures[0], start, end, more)
                if not low <= target - balance <= high:
                    return True
                continue
            bound = more * 10 ** max(digits - length - more + 1, 0) if more else 0
            if balance + bound < (target if target >= 0 else _least(length)):
                return True
        return False

    def opened(state: State, column: int) -> list[State]:
        opening = [k for k in range(len(sums)) if first[k] == column]
        out = [state]
        for k in opening:
            out = [(*s[:k], (s[k][0], n, total(k, n)), *s[k + 1 :]) for s in out for n in lengths]
        return [s for s in out if all(entry[2] != -2 for entry in s)]

    def total(k: int, length: int) -> int:
        """The total of sum ``k`` when its length tells it (-2 where it cannot be)."""
        if not split or blanks or len(figures) != 1 or sums[k].total != width - 1:
            return -1
        text = figures[0][-length:]
        if len(text) < length or (length > 1 and text[0] == "0"):
            return -2
        return int(text)

    visited = [0]

    @cache
    def walk(figure: int, offset: int, column: int, state: State) -> tuple[Vector, ...]:
        visited[0] += 1
        if visited[0] > BUDGET:
            raise _Exhausted
        cells_left = width - column
        if figure == len(figures):
            if cells_left == 0:
                return ((),)
            if not blanks:
                return ()
            after: State | None = state
            for c in range(column, width):
                after = step(after, c, None) if after is not None else None
            return ((None,) * cells_left,) if after is not None else ()
        figures_left = len(figures) - figure
        if cells_left < figures_left:
            return ()
        if not split and not blanks and cells_left != figures_left:
            return ()
        digits_left = tail_digits[figure + 1] + len(figures[figure]) - offset
        if split and not blanks and (cells_left > digits_left or room(state, column) < digits_left):
            return ()
        out: list[Vector] = []
        text = figures[figure]
        for variant in opened(state, column):
            most, exact = longest(variant, column)
            if split:
                ends: range | list[int] = range(offset + 1, min(len(text), offset + most) + 1)
            else:
                ends = [len(text)] if len(text) <= most else []
            for end in ends:
                piece = text[offset:end]
                if len(piece) > 1 and piece[0] == "0":
                    break
                if exact and len(piece) != most:
                    continue
                value = int(piece)
                if value > MAX_COUNT:
                    break
                nxt = step(variant, column, value)
                if nxt is None or (split and short(nxt, column, digits_left - len(piece))):
                    continue
                after_figure = (figure + 1, 0) if end == len(text) else (figure, end)
                for rest in walk(*after_figure, column + 1, nxt):
                    out.append((value, *rest))
                    if len(out) >= cap:
                        return tuple(out)
            if blanks:
                nxt = step(variant, column, None)
                if nxt is not None:
                    for rest in walk(figure, offset, column + 1, nxt):
                        out.append((None, *rest))
                        if len(out) >= cap:
                            return tuple(out)
        return tuple(out)

    start: State = ((0, 0, -1),) * len(sums)
    try:
        return list(walk(0, 0, 0, start))
    finally:
        walk.cache_clear()


@lru_cache(maxsize=4096)
def _extremes(text: str, start: int, end: int, parts: int) -> tuple[int, int]:
    """The least and the greatest sum of ``text[start:end]`` cut into ``parts`` numbers with
    no leading zero ((1, 0) where it cannot be cut so)."""
    if parts == 0:
        return (0, 0) if start == end else (1, 0)
    low, high = -1, -1
    for stop in range(start + 1, min(end, start + _NUMBER_DIGITS) + 1):
        piece = text[start:stop]
        if len(piece) > 1 and piece[0] == "0":
            break
        rest_low, rest_high = _extremes(text, stop, end, parts - 1)
        if rest_low > rest_high:
            continue
        value = int(piece)
        low = value + rest_low if low < 0 else min(low, value + rest_low)
        high = max(high, value + rest_high)
    return (low, high) if low >= 0 else (1, 0)


def resolve(
    spec: TableSpec,
    rows: Mapping[str, Sequence[int]],
    options: Mapping[str, Sequence[Vector]],
    direct: frozenset[str] = frozenset(),
) -> dict[str, tuple[Vector, ...]]:
    """The placements of each row that the relations across rows leave.

    ``rows`` gives each row's cell indexes in ``spec`` (in column order), ``options`` its
    placements; a row in ``direct`` was read cell by cell, so its blanks may be anything. A
    relation with a cell in a row not given is not used. A relation is used to drop a
    placement only when no choice of the other rows' placements satisfies it; this repeats
    until nothing changes.
    """
    layout = tuple((name, tuple(indexes)) for name, indexes in rows.items())
    where, relations = _across(spec, layout, frozenset(options))
    current = {name: tuple(dict.fromkeys(vs)) for name, vs in options.items()}
    changed = True
    rounds = 0
    while changed and rounds < 50:
        changed = False
        rounds += 1
        for r, names in relations:
            if all(len(current[n]) == 1 for n in names):
                continue  # nothing left to decide in this relation
            narrowed = _narrow(r.kind, r.left, r.right, where, current, direct)
            for name, vectors in narrowed.items():
                if len(vectors) < len(current[name]):
                    current[name] = vectors
                    changed = True
    return current


@lru_cache(maxsize=256)
def _across(
    spec: TableSpec, layout: tuple[tuple[str, tuple[int, ...]], ...], present: frozenset[str]
) -> tuple[Mapping[int, tuple[str, int]], tuple[tuple[Relation, tuple[str, ...]], ...]]:
    """Where each cell of the rows of ``layout`` (name, cell indexes) stands (row, position),
    and the relations of ``spec`` across two or more of those rows that are all ``present``,
    each with the rows it spans. Cached: a table's rows are laid out alike in most reports."""
    where: dict[int, tuple[str, int]] = {}
    for name, indexes in layout:
        for k, index in enumerate(indexes):
            where[index] = (name, k)
    relations = []
    for r in spec.relations:
        cells = (*r.left, *r.right)
        if any(c not in where for c in cells):
            continue
        names = tuple(dict.fromkeys(where[c][0] for c in cells))
        if len(names) < 2 or any(n not in present for n in names):
            continue  # a relation inside one row: the row's own placements hold it already
        relations.append((r, names))
    return MappingProxyType(where), tuple(relations)


_SKIP = object()


def _narrow(
    kind: RelationKind,
    left: tuple[int, ...],
    right: tuple[int, ...],
    where: Mapping[int, tuple[str, int]],
    current: Mapping[str, tuple[Vector, ...]],
    direct: frozenset[str],
) -> dict[str, tuple[Vector, ...]]:
    """The placements of the rows in one relation (Σ left = Σ right) that some choice of the
    other rows' placements satisfies."""
    terms: dict[str, list[tuple[int, int]]] = {}
    for sign, cells in ((1, left), (-1, right)):
        for c in cells:
            name, k = where[c]
            terms.setdefault(name, []).append((sign, k))
    totals = set(left) if kind is RelationKind.SUM else set()
    total_terms = {where[c] for c in totals}

    def contribution(name: str, vector: Vector) -> int | object:
        value = 0
        for sign, k in terms[name]:
            v = vector[k]
            if v is None:
                if name in direct or kind is RelationKind.FLOW or (name, k) in total_terms:
                    return _SKIP  # anything, or a relation the rules would not check
                continue
            value += sign * v
        return value

    contributions = {name: [contribution(name, v) for v in current[name]] for name in terms}
    names = list(terms)
    skipping = [n for n in names if _SKIP in contributions[n]]
    if len(skipping) > 1:
        return {}  # for every row, some choice of another leaves the relation unchecked
    values = {n: {c for c in contributions[n] if isinstance(c, int)} for n in names}
    # The other rows' sums, built row by row in order (as a set of sums plus a shift: a row
    # with one value only shifts them). A row with one value takes the sums of every row but
    # itself, the same for all such rows but for the shift: built once.
    whole = _others(names, values, None) if not skipping else ({0}, None)
    out: dict[str, tuple[Vector, ...]] = {}
    for name in names:
        if skipping and skipping != [name]:
            continue  # some choice of another row leaves the relation unchecked
        if len(values[name]) == 1 and name not in skipping:
            (own,) = values[name]
            sums, shift = whole[0], None if whole[1] is None else whole[1] - own
        else:
            sums, shift = _others(names, values, name)
        if shift is None:
            continue  # too many sums to tell
        out[name] = tuple(
            v
            for v, c in zip(current[name], contributions[name], strict=True)
            if c is _SKIP or (isinstance(c, int) and -c - shift in sums)
        )
    return out


def _others(
    names: Sequence[str], values: Mapping[str, set[int]], but: str | None
) -> tuple[set[int], int | None]:
    """The sums of one value of each row of ``names`` but ``but``, as a set and a shift to
    add to each (the shift None where the set grew beyond :data:`_SUMSET_LIMIT`)."""
    sums: set[int] = {0}
    shift = 0
    for n in names:
        if n == but:
            continue
        row = values[n]
        if not row:
            return set(), shift  # a row with no placement: no sum at all, whatever follows
        if len(row) == 1:
            (value,) = row
            shift += value
            continue
        sums = {s + v for s in sums for v in row}
        if len(sums) > _SUMSET_LIMIT:
            return sums, None
    return sums, shift
