"""Table 三's non-statutory column and rows: a 法人或其他组织 小计 column, a 合计 row.

Some agencies print table 三 with eight value columns — 自然人, the five 法人或其他组织 columns
with a 小计 of them after (or before) the five, 总计 — or add a 合计 row. The statutory cells are
read by their headers, never by shifting a figure into a neighbouring column, and the extra
figures are checked against their parts: R027 where an extra column or row disagrees, nothing
where it agrees.

* **A header that names 小计** beside the five 法人或其他组织 columns places it
  (:func:`subtotal_position`); a row of eight figures then drops it and keeps the seven
  statutory ones.
* **Without such a header** (text, crawled pages) a row of eight figures is read only where the
  relations decide (:func:`narrow`): the 小计 before or after the five, each reading kept when
  小计 = the five and 总计 = 自然人 + the five; one statutory reading is taken, none or several
  give a finding and no value.
* **A 合计 row** is checked against the rows it sums (:func:`check_total_row`): 一 + 二 after
  二, the sub-items of its group after a sub-item, else any run of rows just above it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from itertools import combinations

from attrs import frozen

from .._i18n import _f
from ..findings import Finding, Location, Source
from ..model import Cell
from ..statutory import T3_COLUMNS, Edition, TableSpec, table_spec
from .normalize import label_key
from .placing import finding, trimmed
from .rows import Row
from .values import read_cell

__all__ = [
    "EXTRA_ROW_KEYS",
    "Narrowed",
    "check_total_row",
    "count_of",
    "narrow",
    "subtotal_position",
]

_LEGAL = T3_COLUMNS[1].labels[0]
_SUBTOTAL_KEYS = frozenset(label_key(t) for t in ("小计", "合计", f"{_LEGAL}小计", f"{_LEGAL}合计"))
EXTRA_ROW_KEYS = frozenset(label_key(t) for t in ("合计", "小计"))
"""The keys of a row label that names a non-statutory total row."""
_FIVE = tuple(label_key(c.label) for c in T3_COLUMNS[1:6])
_WIDTH = len(T3_COLUMNS)
_AFTER, _BEFORE = 6, 1
"""The positions of 小计 among eight value columns: after the five, or before them."""


def count_of(text: str) -> int | None:
    """A printed figure read as a count (None when blank or no count)."""
    value = read_cell(text, _COUNT_SPEC).value
    return value if isinstance(value, int) and not isinstance(value, bool) else None


_COUNT_SPEC = table_spec("三", Edition.latest()).cells[0]


def subtotal_position(rows: Sequence[Row], claimed: Collection[int]) -> int | None:
    """The position of a 小计 column among eight value columns, from a header row naming it
    beside at least two of the five 法人或其他组织 columns; None when no header does."""
    for row in rows:
        if row.prose or row.index in claimed or _SUBTOTAL_KEYS.isdisjoint(row.keys):
            continue
        subs = [i for i, k in enumerate(row.keys) if k in _SUBTOTAL_KEYS]
        five = [i for i, k in enumerate(row.keys) if k in _FIVE]
        if not subs or len(five) < 2:
            continue
        before = sum(1 for i in five if i < subs[0])
        if before == 0:
            return _BEFORE
        if before == len(five):
            return _AFTER
        if len(five) == 5:
            return 1 + before
    return None


@frozen
class Narrowed:
    """A row's statutory figures (None: not read) and the finding met, if any."""

    figures: tuple[str, ...] | None
    finding: Finding | None = None


def _drop(figures: Sequence[str], position: int) -> tuple[str, ...]:
    return (*figures[:position], *figures[position + 1 :])


def _legal_sum(statutory: Sequence[str]) -> int | None:
    """The sum of the five 法人或其他组织 figures (a blank counts 0), None when one is no count."""
    total = 0
    for text in statutory[1:6]:
        value = count_of(text)
        if value is None and text.strip():
            return None
        total += value or 0
    return total


def _holds(subtotal: str, statutory: Sequence[str]) -> bool:
    """Whether 小计 = the five (when printed) and 总计 = 自然人 + the five."""
    legal = _legal_sum(statutory)
    person, total = count_of(statutory[0]), count_of(statutory[-1])
    if legal is None or total is None or (person is None and statutory[0].strip()):
        return False
    sub = count_of(subtotal)
    if sub is None and subtotal.strip():
        return False
    return total == (person or 0) + legal and (sub is None or sub == legal)


def narrow(
    figures: Sequence[str],
    position: int | None,
    labels: tuple[str, ...],
    source: Source,
    *,
    text: bool = False,
) -> Narrowed:
    """The statutory figures of a row printed with eight figures (other rows unchanged).

    With ``position`` (from the header) the 小计 there is dropped and checked; without, the
    relations decide between 小计 after and before the five (see the module documentation).
    A row of ``text`` under a header of eight columns with fewer figures (blank cells leave no
    trace in text) is read only where one placement of its figures keeps the row's sums."""
    location = Location("三", labels)
    eight = trimmed(figures, _WIDTH + 1)
    if position is not None and text and len(eight) <= _WIDTH:
        return _vanished([f for f in figures if f.strip()], position, location, source)
    if len(eight) != _WIDTH + 1 or len(trimmed(figures, _WIDTH)) == _WIDTH:
        return Narrowed(tuple(figures))
    if position is not None:
        statutory = _drop(eight, position)
        sub, legal = count_of(eight[position]), _legal_sum(statutory)
        if sub is None or legal is None or sub == legal:
            return Narrowed(statutory)
        message = _f(
            "the {legal} 小计 column is printed {printed}, but the five {legal} columns sum to "
            "{sum}: the statutory cells are read, the 小计 is not kept"
        ).format(legal=_LEGAL, printed=eight[position], sum=legal)
        return Narrowed(statutory, finding("R027", location, message, source))
    readings = {_drop(eight, p): p for p in (_AFTER, _BEFORE) if _holds(eight[p], _drop(eight, p))}
    if len(readings) == 1:
        return Narrowed(next(iter(readings)))
    shown = _f(", ").join(f or _f("blank") for f in eight)
    if not readings:
        message = _f(
            "the row is printed with 8 figures ({figures}) for 7 columns; read with a {legal} 小计 "
            "column before or after the five, the row's sums do not hold: not read"
        ).format(figures=shown, legal=_LEGAL)
        return Narrowed(None, finding("R027", location, message, source))
    listed = _f("; ").join(_f(", ").join(f or _f("blank") for f in r) for r in readings)
    message = _f(
        "the row is printed with 8 figures ({figures}) for 7 columns; with a {legal} 小计 column "
        "before or after the five, both readings satisfy the relations: {readings}; undecided, "
        "not read"
    ).format(figures=shown, legal=_LEGAL, readings=listed)
    return Narrowed(None, finding("R022", location, message, source))


def _vanished(
    printed: Sequence[str], position: int, location: Location, source: Source
) -> Narrowed:
    """A text row with at most seven figures under a header of eight columns: the statutory
    readings, its figures in order with blank cells between them, that keep the row's sums."""
    readings: dict[tuple[str, ...], None] = {}
    for places in combinations(range(_WIDTH + 1), len(printed)):
        eight = [""] * (_WIDTH + 1)
        for place, figure in zip(places, printed, strict=True):
            eight[place] = figure
        if _holds(eight[position], _drop(eight, position)):
            readings[_drop(eight, position)] = None
    if len(readings) == 1:
        return Narrowed(next(iter(readings)))
    shown = _f(", ").join(printed)
    if not readings:
        message = _f(
            "the row is printed with {count} figures ({figures}) for the 8 columns its header "
            "names; no placement of them keeps the row's sums: not read"
        ).format(count=len(printed), figures=shown)
        return Narrowed(None, finding("R027", location, message, source))
    listed = _f("; ").join(_f(", ").join(f or _f("blank") for f in r) for r in list(readings)[:5])
    message = _f(
        "the row is printed with {count} figures ({figures}) for the 8 columns its header "
        "names; {n} readings keep the row's sums: {readings}; undecided, not read"
    ).format(count=len(printed), figures=shown, n=len(readings), readings=listed)
    return Narrowed(None, finding("R022", location, message, source))


def _summed_rows(spec: TableSpec, above: str) -> list[str] | None:
    """The rows a 合计 row printed right after the row ``above`` sums, by the statute's
    structure: 一 + 二 after 二; the sub-items of a group after one of them."""
    names = [r.name for r in spec.rows]
    if above == names[1]:
        return names[:2]
    if "." in above:
        prefix = above.split(".", 1)[0] + "."
        return [n for n in names if n.startswith(prefix)]
    return None


def _column_sums(
    spec: TableSpec, names: Sequence[str], values: Mapping[str, Cell]
) -> list[int | None]:
    """Per column, the sum of the rows ``names`` (a blank counts 0), None where a cell was not
    read."""
    out: list[int | None] = []
    for column in spec.columns:
        total: int | None = 0
        for name in names:
            path = f"{name}.{column.name}"
            if path not in values:
                total = None
                break
            value = values[path]
            if value is not None and not isinstance(value, int):
                total = None
                break
            total = None if total is None else total + (value or 0)
        out.append(total)
    return out


def _agrees(printed: Sequence[int | None], sums: Sequence[int | None]) -> bool:
    return all(p is None or s is None or p == s for p, s in zip(printed, sums, strict=True))


def check_total_row(
    spec: TableSpec,
    figures: Sequence[str],
    above: str | None,
    values: Mapping[str, Cell],
    source: Source,
) -> Finding | None:
    """R027 when a 合计 row printed after the statutory row ``above`` disagrees with the rows it
    sums (see :func:`_summed_rows`; else any run of two or more rows just above it), or cannot
    be read as one figure per column; None when it agrees."""
    location = Location("三", ("合计",))
    shown = _f(", ").join(f or _f("blank") for f in figures)
    if len(figures) != _WIDTH or above is None:
        message = _f(
            "a 合计 row, no statutory row, is printed with figures ({figures}) that cannot be "
            "checked against the rows it sums: not read"
        ).format(figures=shown)
        return finding("R027", location, message, source)
    printed = [count_of(f) for f in figures]
    names = [r.name for r in spec.rows]
    summed = _summed_rows(spec, above)
    if summed is not None:
        sums = _column_sums(spec, summed, values)
        if _agrees(printed, sums):
            return None
        what = _f(", ").join(spec.rows[names.index(n)].label for n in summed)
        message = _f(
            "a 合计 row, no statutory row, is printed {figures}, but the rows it sums ({rows}) "
            "give {sums}: it is not kept"
        ).format(
            figures=shown,
            rows=what,
            sums=_f(", ").join("—" if s is None else str(s) for s in sums),
        )
        return finding("R027", location, message, source)
    end = names.index(above) + 1
    for start in range(end - 2, -1, -1):
        if _agrees(printed, _column_sums(spec, names[start:end], values)):
            return None
    message = _f(
        "a 合计 row, no statutory row, is printed {figures}: no run of the rows above it sums "
        "to it; it is not kept"
    ).format(figures=shown)
    return finding("R027", location, message, source)
