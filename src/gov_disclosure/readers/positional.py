"""Table 三 by position, only where every relation of the table proves the order.

Some layouts defeat the labels: Word-template PDFs whose long labels wrap over lines so that no
part of them matches, a fragment whose labels were mangled, a table printed one cell per line.
When table 三's rows cannot all be placed by label, a run of rows of figures holding exactly the
statutory count of figures (rows × 7, as the form of an edition prints them) is read row after
row in statutory order — but only when the values satisfy **every** relation of the table (each
row's 总计 = its parts, the results rows summing to （七）总计, 一 + 二 = 三（七） + 四 per column)
and agree with every row read by its label (R028). A run of that size that breaks a relation is
not read; R029 lists the relations it breaks. Several runs that read differently are not read
either. A positional reading is thus never a guess: a shifted or reordered table breaks the
relations, and a table whose relations cannot tell (all figures equal) reads the same either way.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

import attrs

from .._i18n import _f
from ..findings import Finding, Location, Source
from ..model import Cell
from ..statutory import EDITIONS, Relation, TableSpec, table_spec
from .placing import TableRead, finding, trimmed
from .rows import Row
from .values import read_cell

__all__ = ["broken_relations", "by_position"]

_SHOWN = 5
"""The most broken relations a finding lists."""


def broken_relations(spec: TableSpec, values: Sequence[Cell]) -> list[Relation]:
    """The relations of ``spec`` that ``values`` (in reading order) break; a blank counts 0,
    a value that is no count breaks every relation it is in."""
    out: list[Relation] = []
    for relation in spec.relations:
        sides: list[int | None] = []
        for cells in (relation.left, relation.right):
            total: int | None = 0
            for c in cells:
                v = values[c]
                if v is not None and (not isinstance(v, int) or isinstance(v, bool)):
                    total = None
                    break
                total = None if total is None else total + (v or 0)
            sides.append(total)
        if sides[0] is None or sides[0] != sides[1]:
            out.append(relation)
    return out


@attrs.frozen
class _Run:
    """A run of rows holding a table's count of figures: the figures, where each came from."""

    figures: tuple[str, ...]
    rows: tuple[Row, ...]
    origin: tuple[Row, ...]
    """For each figure, the row it was printed in."""


def _runs(figure_rows: Sequence[tuple[Row, list[str]]], width: int, count: int) -> list[_Run]:
    """The runs of consecutive rows of figures — each row whole rows of ``width`` figures
    starting a row of the table (a label's cells joined with the figures after it), or one
    figure a line — that no such row extends on either
    side, holding exactly ``count`` figures (a table with a row more or less is no run)."""
    out: list[_Run] = []
    figures: list[str] = []
    origin: list[Row] = []
    used: list[Row] = []

    def close() -> None:
        if len(figures) == count:
            out.append(_Run(tuple(figures), tuple(used), tuple(origin)))
        figures.clear()
        origin.clear()
        used.clear()

    for row, tokens in figure_rows:
        whole = len(tokens) % width == 0
        if not whole and len(tokens) != 1:
            close()
            continue
        if whole and len(figures) % width:
            close()  # whole rows that would start inside a row of the table
        figures.extend(tokens)
        origin.extend([row] * len(tokens))
        used.append(row)
    close()
    return out


def by_position(
    rows: Sequence[Row],
    claimed: Collection[int],
    read: TableRead | None,
    figures_of: Callable[[Row], tuple[str, ...]],
    file: str | None,
) -> TableRead | None:
    """``read`` (table 三 as read by label, None when nothing named it), or the table read by
    position where ``read`` lacks rows (see the module documentation)."""
    if read is not None and not read.absent:
        return read
    first = min(read.consumed, default=0) if read is not None else 0
    width = len(table_spec("三", next(iter(EDITIONS))).columns)
    figure_rows: list[tuple[Row, list[str]]] = []
    for row in rows[first:]:
        if row.prose or row.index in claimed:
            continue
        tokens = trimmed(figures_of(row), width)
        if any(tokens):
            figure_rows.append((row, tokens))
    forms = [read.spec] if read is not None else [table_spec("三", f) for f in EDITIONS]
    good: list[tuple[TableSpec, _Run, list[Cell]]] = []
    bad: list[tuple[TableSpec, _Run, list[Relation]]] = []
    for spec in forms:
        for run in _runs(figure_rows, width, len(spec.cells)):
            values = [read_cell(t, c).value for t, c in zip(run.figures, spec.cells, strict=True)]
            broken = broken_relations(spec, values)
            if read is not None:
                broken += _disagreeing(spec, values, read)
            if broken:
                bad.append((spec, run, broken))
            else:
                good.append((spec, run, values))
    readings = {tuple(v) for _, _, v in good}
    if len(readings) == 1:
        spec, run, values = good[0]
        return _read(spec, run, values, read, file)
    if read is None:
        return None  # nothing names table 三 and no run reads as it
    if len(readings) > 1:
        message = _f(
            "the rows of table 三 are not all found by label, and {count} runs of rows of "
            "figures read in statutory order satisfy every relation differently: not read by "
            "position"
        ).format(count=len(readings))
        return _with(read, finding("R029", Location("三"), message, None))
    if bad:
        spec, run, broken = min(bad, key=lambda b: len(b[2]))
        listed = _f("; ").join(_relation(spec, r) for r in broken[:_SHOWN])
        if len(broken) > _SHOWN:
            listed = _f("{readings} …").format(readings=listed)
        message = _f(
            "the rows of table 三 are not all found by label; its {count} figures in statutory "
            "order (from line {line}) break {broken} relations ({listed}): not read by position"
        ).format(
            count=len(run.figures),
            line=run.rows[0].line if run.rows[0].line is not None else "?",
            broken=len(broken),
            listed=listed,
        )
        return _with(read, finding("R029", Location("三"), message, run.rows[0].source(file)))
    return read


def _disagreeing(spec: TableSpec, values: Sequence[Cell], read: TableRead) -> list[Relation]:
    """A pseudo-relation per row read by label whose values the positional reading changes."""
    out: list[Relation] = []
    seen: set[str] = set()
    for cell, value in zip(spec.cells, values, strict=True):
        differs = cell.path in read.values and read.values[cell.path] != value
        if differs and cell.row.name not in seen:
            seen.add(cell.row.name)
            out.append(Relation("R028", "三", spec.relations[0].kind, (), (), cell.row.labels, ()))
    return out


def _relation(spec: TableSpec, relation: Relation) -> str:
    """A broken relation as a finding lists it: its rule code and where it stands."""
    if relation.code == "R028":
        return _f("“{row}” read by its label differs").format(row=relation.row[-1])
    where = relation.row[-1] if relation.row else "/".join(relation.column)
    return f"{relation.code} {where}"


def _with(read: TableRead, extra: Finding) -> TableRead:
    return attrs.evolve(read, findings=(*read.findings, extra))


def _read(
    spec: TableSpec, run: _Run, values: Sequence[Cell], read: TableRead | None, file: str | None
) -> TableRead:
    """The table read by position (R028), replacing what the labels gave."""
    prefix = spec.attr + "."
    printed: dict[str, str] = {}
    sources: dict[str, Source] = {}
    for cell, text, row in zip(spec.cells, run.figures, run.origin, strict=True):
        reading = read_cell(text, cell)
        if reading.printed is not None:
            printed[prefix + cell.path] = reading.printed
        sources[prefix + cell.path] = row.source(file)
    rows_count = len(spec.rows)
    message = _f(
        "the labels of table 三's rows could not all be matched; its {rows} rows of figures "
        "are read in statutory order, every relation of the table holding"
    ).format(rows=rows_count)
    first = run.rows[0].source(file)
    kept = tuple(f for f in read.findings if f.code == "R027") if read is not None else ()
    consumed = frozenset(r.index for r in run.rows) | (read.consumed if read else frozenset())
    return TableRead(
        spec,
        {c.path: v for c, v in zip(spec.cells, values, strict=True)},
        printed,
        sources,
        frozenset(),
        (finding("R028", Location("三"), message, first), *kept),
        consumed,
    )
