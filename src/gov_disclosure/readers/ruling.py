"""Ruled tables from a page's drawing: rule segments → the cells of each table.

Geometry only (no PDF library): a fixed-layout front end gives the page's rules as segments
``(x0, y0, x1, y1)`` in display coordinates (y up), and :func:`find_tables` returns the tables
they draw, each as the boundaries of its rows and columns and, for every elementary cell (a
row × a column), the number of the printed cell covering it. :mod:`.layout` puts the characters
into the cells.

* **rules** — a segment is horizontal when its ends differ by at most :data:`TOLERANCE` in y,
  vertical when they differ by at most that in x; slanted ones (and dots) are not rules.
  Rules at the same height (or the same x) within :data:`TOLERANCE` are one line, and pieces of
  a line that touch or overlap (within :data:`TOLERANCE`) join, as Word draws each cell's border
  on its own.
* **tables** — rules that cross or touch form a table; a table needs at least two horizontal and
  two vertical lines, and at least two columns (a framed paragraph is no table; one row is: the
  last row of a table continued on the next page).
  Its outer edges are the extent of its rules, whether or not a border is drawn there.
* **cells** — the row boundaries are the table's horizontal lines, the column boundaries its
  vertical lines. Two neighbouring elementary cells are one printed cell (merged) when no rule
  runs between them at the middle of their shared side.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from attrs import frozen

__all__ = ["MAX_SEGMENTS", "TOLERANCE", "Segment", "Table", "find_tables"]

Segment = tuple[float, float, float, float]
"""A rule from (x0, y0) to (x1, y1), in display coordinates, y up."""

TOLERANCE = 2.0
"""Points: rules this close are one line; a segment this close to level is level."""
MAX_SEGMENTS = 5000
"""A page with more rules than this is a drawing, not a table: its rules are not used."""

# A line: its position across (y of a horizontal line, x of a vertical one) and its start
# and end along it.
_Rule = tuple[float, float, float]


@frozen
class Table:
    """A ruled table on a page.

    ``ys``: the row boundaries, top to bottom (y falls); ``xs``: the column boundaries, left
    to right. ``ids[i][j]``: the number of the printed cell covering row ``i``, column ``j``
    (numbered in reading order from 0; a merged cell has one number at every position).
    """

    ys: tuple[float, ...]
    xs: tuple[float, ...]
    ids: tuple[tuple[int, ...], ...]
    depths: tuple[float, ...]
    """``ys`` negated (rising), for bisection."""

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def locate(self, x: float, y: float) -> tuple[int, int] | None:
        """The (row, column) of the elementary cell holding the point, None outside."""
        xs, ys = self.xs, self.ys
        if not (xs[0] <= x <= xs[-1] and ys[-1] <= y <= ys[0]):
            return None
        column = min(bisect_right(xs, x), len(xs) - 1) - 1
        row = min(bisect_right(self.depths, -y), len(ys) - 1) - 1
        return max(row, 0), max(column, 0)


def _lines(pieces: list[tuple[float, float, float]]) -> list[_Rule]:
    """Pieces (across, start, end) gathered into lines: the same position across (within the
    tolerance), pieces joined where they touch; pieces apart stay lines of their own (two
    tables one above the other share the x of their borders, not their rules)."""
    pieces.sort()
    groups: list[list[tuple[float, float, float]]] = []
    for piece in pieces:
        if groups and piece[0] - groups[-1][0][0] <= TOLERANCE:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    out: list[_Rule] = []
    for group in groups:
        across = sum(p[0] for p in group) / len(group)
        spans: list[tuple[float, float]] = []
        for _, start, end in sorted(group, key=lambda p: p[1]):
            if spans and start <= spans[-1][1] + TOLERANCE:
                spans[-1] = (spans[-1][0], max(spans[-1][1], end))
            else:
                spans.append((start, end))
        out.extend((across, start, end) for start, end in spans)
    return out


def _covers(spans: list[tuple[float, float]], at: float) -> bool:
    return any(start - TOLERANCE <= at <= end + TOLERANCE for start, end in spans)


def find_tables(segments: Sequence[Segment]) -> list[Table]:
    """The ruled tables the segments draw, top to bottom."""
    if len(segments) > MAX_SEGMENTS:
        return []
    level: list[tuple[float, float, float]] = []
    upright: list[tuple[float, float, float]] = []
    for x0, y0, x1, y1 in segments:
        if abs(y1 - y0) <= TOLERANCE < abs(x1 - x0):
            level.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= TOLERANCE < abs(y1 - y0):
            upright.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    if len(level) < 2 or len(upright) < 2:
        return []
    hs, vs = _lines(level), _lines(upright)
    # rules that touch are one table: union-find over horizontal (k) and vertical (len + k)
    parent = list(range(len(hs) + len(vs)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    positions = [v[0] for v in vs]  # sorted
    for a, (y, start, end) in enumerate(hs):
        first = bisect_left(positions, start - TOLERANCE)
        for b in range(first, bisect_right(positions, end + TOLERANCE)):
            if vs[b][1] - TOLERANCE <= y <= vs[b][2] + TOLERANCE:
                parent[root(a)] = root(len(hs) + b)
    groups: dict[int, tuple[list[_Rule], list[_Rule]]] = {}
    for a, h in enumerate(hs):
        groups.setdefault(root(a), ([], []))[0].append(h)
    for b, v in enumerate(vs):
        groups.setdefault(root(len(hs) + b), ([], []))[1].append(v)
    tables = [t for h, v in groups.values() if (t := _table(h, v)) is not None]
    tables.sort(key=lambda t: -t.top)
    return tables


def _table(hs: list[_Rule], vs: list[_Rule]) -> Table | None:
    """The table of one group of touching rules, None when it has fewer than two columns."""
    if len(hs) < 2 or len(vs) < 2:
        return None
    left = min(h[1] for h in hs)
    right = max(h[2] for h in hs)
    bottom = min(v[1] for v in vs)
    top = max(v[2] for v in vs)
    xs = _bounds([left, right, *(v[0] for v in vs)])
    ys = _bounds([bottom, top, *(h[0] for h in hs)])[::-1]
    rows, columns = len(ys) - 1, len(xs) - 1
    if rows < 1 or columns < 2:
        return None
    parent = list(range(rows * columns))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    # the pieces of rule along each boundary
    across = [[(s, e) for x, s, e in vs if abs(x - bound) <= TOLERANCE] for bound in xs]
    along = [[(s, e) for y, s, e in hs if abs(y - bound) <= TOLERANCE] for bound in ys]
    for i in range(rows):
        middle_y = (ys[i] + ys[i + 1]) / 2
        for j in range(columns):
            middle_x = (xs[j] + xs[j + 1]) / 2
            if j + 1 < columns and not _covers(across[j + 1], middle_y):
                parent[root(i * columns + j + 1)] = root(i * columns + j)
            if i + 1 < rows and not _covers(along[i + 1], middle_x):
                parent[root((i + 1) * columns + j)] = root(i * columns + j)
    numbers: dict[int, int] = {}
    ids = tuple(
        tuple(numbers.setdefault(root(i * columns + j), len(numbers)) for j in range(columns))
        for i in range(rows)
    )
    return Table(tuple(ys), tuple(xs), ids, tuple(-y for y in ys))


def _bounds(values: list[float]) -> list[float]:
    """Positions sorted, those within the tolerance of the previous one dropped."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > TOLERANCE:
            out.append(value)
    return out
