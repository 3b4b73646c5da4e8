"""The placer: figures placed into a row's columns by the table's relations, never guessed."""

from __future__ import annotations

import itertools
from typing import cast

from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure import Edition
from gov_disclosure.findings import Location
from gov_disclosure.model import Cell
from gov_disclosure.readers.grouped import _Grouped
from gov_disclosure.readers.placer import (
    LIMIT,
    MAX_DIGITS,
    RowSum,
    Vector,
    _narrow,
    placements,
    resolve,
    row_sums,
)
from gov_disclosure.readers.placing import Entry, place_rows
from gov_disclosure.readers.rows import Row
from gov_disclosure.statutory import Relation, RelationKind, TableSpec, table_spec
from strategies import FAST, consistent_tables

T3 = table_spec("三", Edition.E2021)
T4 = table_spec("四")
RECEIVED = row_sums(T3, [c.index for c in T3.cells if c.row.name == "received"])


def test_row_sums_come_from_the_relations() -> None:
    """Table 三's row has 总计 = the six applicants; table 四 has its three group sums."""
    assert row_sums(T3, range(7)) == (RowSum(6, (0, 1, 2, 3, 4, 5)),)
    groups = row_sums(T4, [c.index for c in T4.cells])
    assert [(g.total, g.parts) for g in groups] == [
        (4, (0, 1, 2, 3)),
        (9, (5, 6, 7, 8)),
        (14, (10, 11, 12, 13)),
    ]


def test_digits_run_together_split_by_the_row_sum() -> None:
    """The issue's example: one cut only gives 总计 = the parts."""
    found = placements(["300153006143119"], 7, RECEIVED, split=True, blanks=False)
    assert found.vectors == ((3001, 53, 0, 0, 61, 4, 3119),)
    assert not found.more


def test_no_leading_zero_unless_zero() -> None:
    found = placements(["10500000105"], 7, RECEIVED, split=True, blanks=False)
    assert found.vectors == ((105, 0, 0, 0, 0, 0, 105),)  # never 10, 05, …


def test_several_cuts_are_all_listed() -> None:
    """Table 四's 复议后起诉 group 12116 20: three cuts hold the group sum."""
    groups = row_sums(T4, [c.index for c in T4.cells])
    found = placements(["72641783735113481261211620"], 15, groups, split=True, blanks=False)
    tails = sorted(v[10:] for v in found.vectors)
    assert tails == [(1, 2, 1, 16, 20), (1, 2, 11, 6, 20), (12, 1, 1, 6, 20)]
    assert {v[:10] for v in found.vectors} == {(72, 64, 178, 37, 351, 13, 4, 8, 1, 26)}


def test_blank_cells_keep_the_printed_order() -> None:
    """Three figures for three columns need no placer; two leave three placements."""
    found = placements(["22", "235"], 3, (), split=False, blanks=True)
    assert found.vectors == ((22, 235, None), (22, None, 235), (None, 22, 235))


def test_a_placed_blank_total_holds_no_stated_parts() -> None:
    """A blank placed in a total counts as 0: beside stated parts it is no reading (a row
    whose first figure was lost would otherwise read shifted one column left)."""
    found = placements(["5", "3"], 3, (RowSum(2, (0, 1)),), split=False, blanks=True)
    assert found.vectors == ()  # 5 + 3 ≠ blank, 5 + blank ≠ 3, blank + 5 ≠ 3
    found = placements(["0", "0"], 3, (RowSum(2, (0, 1)),), split=False, blanks=True)
    assert set(found.vectors) == {(0, 0, None), (0, None, 0), (None, 0, 0)}
    found = placements(["5", "5"], 3, (RowSum(2, (0, 1)),), split=False, blanks=True)
    assert set(found.vectors) == {(5, None, 5), (None, 5, 5)}


def test_too_many_placements_are_counted_not_listed() -> None:
    found = placements(["1" * 20], 7, (), split=True, blanks=False)
    assert len(found.vectors) == LIMIT
    assert found.more


def test_figures_other_than_digits_are_not_placed() -> None:
    assert placements(["12", "—"], 3, (), split=False, blanks=True).vectors == ()


def test_long_runs_are_cut() -> None:
    """A run of four-digit counts with its row sum is cut within the search's budget (its
    speed is measured in benchmarks/bench_parse.py, not here)."""
    row = [1234, 2345, 3456, 4567, 5678, 6789]
    text = "".join(str(v) for v in row) + str(sum(row))
    found = placements([text], 7, RECEIVED, split=True, blanks=False)
    assert not found.more
    assert (*row, sum(row)) in found.vectors


def test_the_search_is_bounded() -> None:
    """A run too long to search within the budget is reported as undecided, never cut."""
    row = [123456, 234567, 345678, 456789, 567890, 678901]
    text = "".join(str(v) for v in row) + str(sum(row))
    found = placements([text], 7, RECEIVED, split=True, blanks=False)
    assert found.more or (*row, sum(row)) in found.vectors
    assert placements(["1" * (MAX_DIGITS + 1)], 7, RECEIVED, split=True, blanks=False).more


def test_resolve_uses_the_flow_and_the_results() -> None:
    """一 + 二 = （七） + 四 per column decides between two cuts of 一."""
    rows = {r.name: [c.index for c in T3.cells if c.row.name == r.name] for r in T3.rows}
    options = {name: [(0,) * 7] for name in rows}
    options["received"] = [(1, 0, 0, 0, 0, 0, 1), (0, 1, 0, 0, 0, 0, 1)]
    options["granted"] = [(1, 0, 0, 0, 0, 0, 1)]
    options["total"] = [(1, 0, 0, 0, 0, 0, 1)]
    left = resolve(T3, rows, options, frozenset(rows) - {"received"})
    assert left["received"] == ((1, 0, 0, 0, 0, 0, 1),)


def _row() -> Row:
    return Row(["行"], ["行"], 1, None, None, 0)


def _rows_of(spec: TableSpec) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for cell in spec.cells:
        out.setdefault(cell.row.name, []).append(cell.index)
    return out


@st.composite
def _printed(draw: st.DrawFn, spec: TableSpec) -> tuple[tuple[Cell, ...], list[Entry]]:
    """A consistent table printed with some rows' digits run together and some rows' zero
    cells left blank with no trace (the relations hold with a blank part as 0)."""
    values = draw(consistent_tables(spec))
    entries: list[Entry] = []
    truth = list(values)
    for name, indexes in _rows_of(spec).items():
        cells = tuple(spec.cells[i] for i in indexes)
        how = draw(st.sampled_from(["plain", "run", "blanks"]))
        row_values = [values[i] for i in indexes]
        if how == "run":
            figures: tuple[str, ...] = ("".join(str(v) for v in row_values),)
        elif how == "blanks":
            drop = [
                k
                for k, v in enumerate(row_values)
                if v == 0 and indexes[k] not in spec.totals and draw(st.booleans())
            ]
            for k in drop:
                truth[indexes[k]] = None
            figures = tuple(str(v) for k, v in enumerate(row_values) if k not in drop)
        else:
            figures = tuple(str(v) for v in row_values)
        entries.append(Entry(name, cells, figures, _row()))
    return tuple(truth), entries


def _check(spec: TableSpec, truth: tuple[Cell, ...], entries: list[Entry]) -> None:
    placed = place_rows(spec, entries, "x.txt")
    reported = {str(f.location) for f in placed.findings if f.code in ("R013", "R018", "R022")}
    for cell in spec.cells:
        if cell.path in placed.values:
            assert placed.values[cell.path] == truth[cell.index], cell.path
        else:
            assert str(Location(spec.key, cell.row.labels)) in reported, cell.path
            assert spec.attr + "." + cell.path in placed.absent


@FAST
@given(st.data())
def test_table3_placed_right_or_reported(data: st.DataObject) -> None:
    """Run together or blanks vanished: every cell read is the truth, or its row reported."""
    form = data.draw(st.sampled_from(list(Edition)))
    spec = table_spec("三", form)
    truth, entries = data.draw(_printed(spec))
    _check(spec, truth, entries)


@FAST
@given(st.data())
def test_table4_placed_right_or_reported(data: st.DataObject) -> None:
    truth, entries = data.draw(_printed(T4))
    _check(T4, truth, entries)


T4_SUMS = row_sums(T4, [c.index for c in T4.cells])


@given(
    st.lists(st.integers(1, 5), min_size=1, max_size=3).flatmap(
        lambda sizes: st.tuples(
            st.just(sizes), st.lists(st.integers(0, 999), min_size=sum(sizes), max_size=sum(sizes))
        )
    ),
    st.booleans(),
)
def test_fast_path_lists_what_the_plain_search_lists(
    shape: tuple[list[int], list[int]], consistent: bool
) -> None:
    """Groups of parts then their total, run together: the fast path (group by group) lists the
    same placements, in the same order, as the general search wherever that one finishes."""
    sizes, values = shape
    sums: list[RowSum] = []
    row: list[int] = []
    taken = 0
    for size in sizes:  # each group: its parts, then their total
        parts = values[taken : taken + size]
        taken += size
        sums.append(RowSum(len(row) + size, tuple(range(len(row), len(row) + size))))
        row += [*parts, sum(parts) + (0 if consistent else 1)]
    text = "".join(str(v) for v in row)
    fast = placements([text], len(row), sums, split=True, blanks=False)
    plain = placements([text], len(row), sums, split=True, blanks=False, fast=False)
    if not plain.more:
        assert fast == plain
    if consistent and not fast.more:
        assert tuple(row) in fast.vectors


def test_fast_path_agrees_on_table4_rows() -> None:
    """Table 四's three groups: the fast path and the plain search give the same placements."""
    row = [3, 10, 2, 0, 15, 1, 20, 0, 4, 25, 0, 3, 1, 0, 4]
    text = "".join(str(v) for v in row)
    fast = placements([text], 15, T4_SUMS, split=True, blanks=False)
    assert fast == placements([text], 15, T4_SUMS, split=True, blanks=False, fast=False)
    assert tuple(row) in fast.vectors


def test_a_group_of_zeros_is_placed_on_both_paths() -> None:
    """A total of 0 before the last group (one digit, no least value 1) is a total."""
    sums = [RowSum(1, (0,)), RowSum(3, (2,))]
    for fast in (True, False):
        found = placements(["0000"], 4, sums, split=True, blanks=False, fast=fast)
        assert found.vectors == ((0, 0, 0, 0),)


def _narrowed_by_hand(
    relation: Relation,
    where: dict[int, tuple[str, int]],
    current: dict[str, tuple[Vector, ...]],
    direct: frozenset[str],
) -> dict[str, tuple[Vector, ...]]:
    """What one relation leaves of each row's placements, by trying every choice of the other
    rows' placements (the definition :func:`resolve` implements with sets of sums)."""
    totals = {where[c] for c in relation.left} if relation.kind is RelationKind.SUM else set()
    terms: dict[str, list[tuple[int, int]]] = {}
    for sign, cells in ((1, relation.left), (-1, relation.right)):
        for c in cells:
            name, k = where[c]
            terms.setdefault(name, []).append((sign, k))

    def contribution(name: str, vector: Vector) -> int | None:
        value = 0
        for sign, k in terms[name]:
            v = vector[k]
            if v is None:
                if name in direct or relation.kind is RelationKind.FLOW or (name, k) in totals:
                    return None  # unchecked: the relation cannot drop anything through it
                continue
            value += sign * v
        return value

    out: dict[str, tuple[Vector, ...]] = {}
    for name in terms:
        others = [n for n in terms if n != name]
        choices = [[contribution(n, v) for v in current[n]] for n in others]
        if any(None in c for c in choices):
            continue
        reachable = {sum(c) for c in itertools.product(*choices) if None not in c}
        out[name] = tuple(
            v
            for v in current[name]
            if contribution(name, v) is None or -cast(int, contribution(name, v)) in reachable
        )
    return out


_T3_ROWS = _rows_of(T3)
_ACROSS = [r for r in T3.relations if len({c // len(T3.columns) for c in (*r.left, *r.right)}) > 1]


@given(st.data())
def test_narrowing_keeps_what_some_choice_of_the_other_rows_allows(data: st.DataObject) -> None:
    """One relation across rows (the flow per column, the results rows against （七）总计)
    keeps a row's placement exactly when some choice of the other rows' placements satisfies
    it, whatever blanks, direct rows and single, several or no placements the rows have."""
    relation = data.draw(st.sampled_from(_ACROSS))
    where = {i: (name, k) for name, ixs in _T3_ROWS.items() for k, i in enumerate(ixs)}
    names = list(dict.fromkeys(where[c][0] for c in (*relation.left, *relation.right)))
    value = (
        st.one_of(st.none(), st.integers(0, 3)) if data.draw(st.booleans()) else st.integers(0, 3)
    )
    vector = st.tuples(*[value] * len(T3.columns))
    several = set(data.draw(st.lists(st.sampled_from(names), max_size=4)))
    current = {
        n: tuple(
            dict.fromkeys(
                data.draw(
                    st.lists(
                        vector, min_size=int(n not in several), max_size=3 if n in several else 1
                    )
                )
            )
        )
        for n in names
    }
    direct = frozenset(data.draw(st.lists(st.sampled_from(names), max_size=2)))
    got = _narrow(relation.kind, relation.left, relation.right, where, current, direct)
    assert got == _narrowed_by_hand(relation, where, current, direct)


@given(
    st.lists(st.integers(0, 120), min_size=6, max_size=7),
    st.integers(0, 2),
)
def test_fast_path_lists_what_the_plain_search_lists_for_table3_rows(
    parts: list[int], off: int
) -> None:
    """Six or seven parts then their total (table 三's row, with a 小计 column's width): the
    fast path, which checks the last three numbers against the sums the digits left can
    make, lists what the general search lists, in the same order."""
    row = [*parts, sum(parts) + off]
    sums = [RowSum(len(parts), tuple(range(len(parts))))]
    text = "".join(str(v) for v in row)
    fast = placements([text], len(row), sums, split=True, blanks=False)
    plain = placements([text], len(row), sums, split=True, blanks=False, fast=False)
    if not plain.more:
        assert fast == plain
    if not off and not fast.more:
        assert tuple(row) in fast.vectors


def _cuts_by_hand(text: str, parts: int, most: int) -> set[int]:
    """Every sum of ``text`` cut into ``parts`` numbers of 1 to ``most`` digits with no
    leading zero, by trying every cut."""
    out: set[int] = set()
    for stops in itertools.combinations(range(1, len(text)), parts - 1):
        pieces = [text[a:b] for a, b in itertools.pairwise((0, *stops, len(text)))]
        if all(len(p) <= most and (len(p) == 1 or p[0] != "0") for p in pieces):
            out.add(sum(int(p) for p in pieces))
    return out


@given(st.text("0123456789", min_size=2, max_size=14), st.integers(1, 3), st.integers(1, 4))
def test_the_sums_a_run_of_digits_can_make(digits: str, parts: int, most: int) -> None:
    """The fast path's sets: every sum of the digits cut into that many numbers, up to the
    group's total printed after them (a number no longer than the total: most digits)."""
    total = digits[-most:] if len(digits) > most else digits[-1:]
    cut = len(digits) - len(total)
    grouped = _Grouped(digits, [parts + 1], 25)
    want = {s for s in _cuts_by_hand(digits[:cut], parts, len(total)) if s <= int(total)}
    if cut >= 1:
        assert grouped.sums(0, cut, parts, len(total)) == want
