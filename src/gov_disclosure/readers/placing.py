"""Placing: the figures printed in a table's rows read into its cells.

One pure stage shared by every statutory table: it takes the rows found (each with its cells
and the figures printed after its label) and returns the values, their sources and printed
texts, the cells the source lacks and the findings. A row with as many figures as columns is
read cell by cell; a row with fewer — digits run together, blank cells that left no trace —
goes to the placer (:mod:`~gov_disclosure.readers.placer`), and is read only when exactly one
placement satisfies the table's relations (R023); several give R022 with the candidates, none
R018 or R013, and no value.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from functools import cache

from attrs import define, field, frozen

from .._i18n import _f
from ..findings import Finding, Location, Source
from ..model import Cell
from ..rules import rule
from ..statutory import EDITIONS, CellSpec, Edition, RowSpec, TableSpec, table_spec
from .labels import Target
from .normalize import simplify
from .placer import Placement, Vector, placements, resolve, row_sums
from .rows import Row, split_row
from .values import looks_numeric, read_cell

__all__ = [
    "Entry",
    "Found",
    "Placed",
    "TableRead",
    "finding",
    "following_figures",
    "place_rows",
    "read_table",
    "repeated",
    "trimmed",
    "unknown",
]


@frozen
class TableRead:
    """What a table's stage read: the spec (form), the values by cell path in the table; by the
    report's path (``attr.path``) the printed texts, the sources and the cells the source lacks;
    the findings, and the indexes of the rows the stage consumed (no later stage reads them)."""

    spec: TableSpec
    values: Mapping[str, Cell]
    printed: Mapping[str, str]
    sources: Mapping[str, Source]
    absent: frozenset[str]
    findings: tuple[Finding, ...]
    consumed: frozenset[int]


@frozen
class Found:
    """A statutory row found by its label: the row it names, its figures, the row of text."""

    target: Target
    figures: tuple[str, ...]
    row: Row


def finding(code: str, location: Location, message: str, source: Source | None) -> Finding:
    """A reading finding with its rule's severity."""
    return Finding(code, rule(code).severity, message, location, source)


def label_of(row: Row) -> str:
    """The label text a row prints before its figures ('' for a row of bare figures)."""
    return " ".join(row.cells[i] for i in split_row(row)[0])


def shown(figures: Sequence[str]) -> str:
    """Figures as messages list them, a blank one named."""
    return _f(", ").join(f or _f("blank") for f in figures)


def unknown(key: str, found: Found, file: str | None) -> Finding:
    """R011: a row's label names no row of the table's form."""
    label = " ".join(c for c in found.row.cells if c and not looks_numeric(c))
    return finding(
        "R011",
        Location(key),
        _f("“{label}” is no row of this table's form: its figures ({figures}) are not read").format(
            label=label, figures=_f(", ").join(f for f in found.figures if f)
        ),
        found.row.source(file),
    )


def repeated(key: str, first: Found, again: Found, file: str | None) -> Finding:
    """R016 or R021: a statutory row printed twice (the first is read)."""
    spec_rows = {r.name: r for form in EDITIONS for r in table_spec(key, form).rows}
    row = spec_rows.get(first.target.name)
    location = Location(key, row.labels if row else ())
    if [f for f in first.figures if f] == [f for f in again.figures if f]:
        return finding(
            "R016",
            location,
            _f("the row is printed twice with the same figures: the first is read"),
            again.row.source(file),
        )
    return finding(
        "R021",
        location,
        _f("the row is printed twice with different figures ({figures}): the first is read").format(
            figures=shown(again.figures)
        ),
        again.row.source(file),
    )


def following_figures(
    rows: Sequence[Row], row: Row, width: int, taken: Collection[int]
) -> tuple[str, ...]:
    """The figures printed one per line right after ``row``'s label, in rows not ``taken``:
    exactly ``width`` of them, or none (a lone figure after a label is no row of figures).
    The rows they stand in are ``row.index + 1`` … ``row.index + width``."""
    figures: list[str] = []
    for nxt in rows[row.index + 1 : row.index + 1 + width]:
        cells = [c for c in nxt.cells if c]
        if len(cells) != 1 or not looks_numeric(cells[0]) or nxt.index in taken:
            break
        figures.append(cells[0])
    return tuple(figures) if len(figures) == width else ()


def read_table(
    spec: TableSpec,
    found: Sequence[Found],
    mentioned: Collection[str],
    file: str | None,
    findings: Sequence[Finding],
    consumed: Collection[int],
) -> TableRead:
    """A table's stage result: the rows ``found`` placed into ``spec``'s cells
    (:func:`place_rows`), the rows never ``mentioned`` reported missing (their cells absent),
    after the stage's own ``findings``."""
    by_row = _cells_by_row(spec)
    entries = [
        Entry(f.target.name, tuple(by_row[f.target.name]), f.figures, f.row)
        for f in found
        if f.target.name in by_row
    ]
    placed = place_rows(spec, entries, file)
    missing = [r for r in spec.rows if r.name not in mentioned]
    absent, lacking = _missing(spec, missing)
    return TableRead(
        spec,
        placed.values,
        placed.printed,
        placed.sources,
        frozenset(placed.absent | absent),
        (*findings, *placed.findings, *lacking),
        frozenset(consumed),
    )


def _cells_by_row(spec: TableSpec) -> dict[str, tuple[CellSpec, ...]]:
    """A spec's cells by row name, in column order."""
    return _cells_of(spec.key, spec.form)


@cache
def _cells_of(key: str, form: Edition | None) -> dict[str, tuple[CellSpec, ...]]:
    by_row: dict[str, list[CellSpec]] = {}
    for cell in table_spec(key, form).cells:
        by_row.setdefault(cell.row.name, []).append(cell)
    return {name: tuple(cells) for name, cells in by_row.items()}


def _missing(spec: TableSpec, missing: Sequence[RowSpec]) -> tuple[set[str], list[Finding]]:
    """The cells of the rows not found, and the findings saying so: one R017 for a table cut
    short (its first or last rows), else one R012 per row."""
    if not missing:
        return set(), []
    prefix = spec.attr + "."
    names = {r.name for r in missing}
    absent = {prefix + c.path for c in spec.cells if c.row.name in names}
    order = [r.name for r in spec.rows]
    positions = sorted(order.index(r.name) for r in missing)
    tail = positions == list(range(len(order) - len(missing), len(order)))
    head = positions == list(range(len(missing)))
    if (tail or head) and len(missing) > 1:
        if tail:
            message = _f(
                "table {table} lacks its last {count} rows (from “{label}”): the table may be "
                "cut short; the relations on them are not checked"
            )
        else:
            message = _f(
                "table {table} lacks its first {count} rows (to “{label}”): the table may be "
                "cut short; the relations on them are not checked"
            )
        first = missing[0] if tail else missing[-1]
        text = message.format(table=spec.key, count=len(missing), label=first.label or spec.key)
        return absent, [finding("R017", Location(spec.key), text, None)]
    return absent, [
        finding(
            "R012",
            Location(spec.key, row.labels),
            _f(
                "the row is not found: its cells count as missing, the relations on them are "
                "not checked"
            ),
            None,
        )
        for row in missing
    ]


@frozen
class Entry:
    """A row of a table to place: a key naming it (the statutory row, or table 四's group),
    its cells in column order, the figures printed after its label, and the row they came
    from."""

    key: str
    cells: tuple[CellSpec, ...]
    figures: tuple[str, ...]
    row: Row


@define
class Placed:
    """What placing read and met: values by cell path in the table, and by the report's path
    (``attr.path``) the sources, printed texts and absent cells; the findings."""

    values: dict[str, Cell] = field(factory=dict)
    sources: dict[str, Source] = field(factory=dict)
    printed: dict[str, str] = field(factory=dict)
    absent: set[str] = field(factory=set)
    findings: list[Finding] = field(factory=list)

    def report(self, code: str, location: Location, message: str, source: Source | None) -> None:
        self.findings.append(Finding(code, rule(code).severity, message, location, source))


def trimmed(figures: Sequence[str], width: int) -> list[str]:
    """Figures without the blank padding cells a row may carry beyond its ``width``."""
    out = list(figures)
    while len(out) > width and not out[0]:  # label columns left empty
        out.pop(0)
    while len(out) > width and not out[-1]:  # padding after the last column
        out.pop()
    return out


def _show(vector: Vector) -> str:
    return _f(", ").join(_f("blank") if v is None else str(v) for v in vector)


def _split(figures: Sequence[str], width: int) -> bool:
    """Whether a row's figures are taken for digits run together: one run of digits with at
    least as many digits as columns. Else they are whole figures with blank cells between."""
    return len(figures) == 1 and len(figures[0]) >= width


def _options(spec: TableSpec, entry: Entry, figures: list[str]) -> Placement:
    """The placements of a row with fewer figures than columns (see :func:`_split`)."""
    width = len(entry.cells)
    sums = row_sums(spec, [c.index for c in entry.cells])
    split = _split(figures, width)
    return placements(figures, width, sums, split=split, blanks=not split)


def place_rows(spec: TableSpec, entries: Sequence[Entry], file: str | None) -> Placed:
    """Read ``entries`` into the cells of ``spec`` (see the module documentation)."""
    out = Placed()
    prefix = spec.attr + "."
    direct: dict[str, list[str]] = {}
    options: dict[str, tuple[Vector, ...]] = {}
    more: set[str] = set()
    printed_figures: dict[str, list[str]] = {}
    by_key = {e.key: e for e in entries}
    for entry in entries:
        width = len(entry.cells)
        figures = trimmed(entry.figures, width)
        if not any(figures):
            continue  # a row printed with every cell blank
        if len(figures) == width:
            direct[entry.key] = figures
            continue
        location = Location(spec.key, entry.cells[0].row.labels)
        for cell in entry.cells:
            out.absent.add(prefix + cell.path)
        shown = _f(", ").join(f or _f("blank") for f in figures)
        if len(figures) > width:
            out.report(
                "R014",
                location,
                _f(
                    "the row is printed with {count} cells ({figures}) instead of {width}: not read"
                ).format(count=len(figures), figures=shown, width=width),
                entry.row.source(file),
            )
            continue
        tokens = [simplify(f).strip() for f in figures if f.strip()]
        found = _options(spec, entry, tokens)
        printed_figures[entry.key] = tokens
        if found.more:
            more.add(entry.key)
        options[entry.key] = found.vectors
    # The relations across rows narrow the placements; rows read cell by cell take part.
    known: dict[str, tuple[Vector, ...]] = dict(options)
    for key, figures in direct.items() if options else ():
        cells = by_key[key].cells
        values = tuple(
            _int_or_none(read_cell(t, c).value) for t, c in zip(figures, cells, strict=True)
        )
        known[key] = (values,)
    rows = {e.key: tuple(c.index for c in e.cells) for e in entries if e.key in known}
    narrowed = resolve(spec, rows, known, frozenset(direct)) if options else known
    if any(not narrowed[k] for k in narrowed if known[k]):
        narrowed = dict(options)  # the figures break a relation: the relations decide nothing
    for key, figures in direct.items():
        _read_direct(spec, by_key[key], figures, file, out)
    for key, listed in options.items():
        # A row with more placements than listed is never read, whatever the relations leave.
        left = narrowed.get(key, listed)
        _read_placed(spec, by_key[key], printed_figures[key], left, key in more, file, out)
    return out


def _int_or_none(value: Cell) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _read_direct(
    spec: TableSpec, entry: Entry, figures: list[str], file: str | None, out: Placed
) -> None:
    prefix = spec.attr + "."
    source = entry.row.source(file)
    values, sources, printed = out.values, out.sources, out.printed
    for cell, text in zip(entry.cells, figures, strict=True):
        path = prefix + cell.path
        reading = read_cell(text, cell)
        sources[path] = source
        values[cell.path] = reading.value
        if reading.printed is not None:
            printed[path] = reading.printed
        if reading.unreadable:
            out.report(
                "R015",
                Location(spec.key, cell.row.labels, cell.column.labels),
                _f("the cell is printed “{text}”: no number can be read, read as blank").format(
                    text=reading.printed
                ),
                out.sources[path],
            )


def _read_placed(
    spec: TableSpec,
    entry: Entry,
    figures: list[str],
    left: tuple[Vector, ...],
    more: bool,
    file: str | None,
    out: Placed,
) -> None:
    prefix = spec.attr + "."
    width = len(entry.cells)
    location = Location(spec.key, entry.cells[0].row.labels)
    source = entry.row.source(file)
    shown = _f(", ").join(figures)
    run = _split(figures, width)
    what = (
        _f("the row's figures “{figures}” look like neighbouring cells' digits run together")
        if run
        else _f("the row is printed with only {count} figures ({figures}) for {width} columns")
    ).format(figures=shown, count=len(figures), width=width)
    if len(left) == 1 and not more:
        (vector,) = left
        for cell, value in zip(entry.cells, vector, strict=True):
            path = prefix + cell.path
            out.absent.discard(path)
            # A figure of digits read as its cell reads it (an amount in 万元 is a Decimal).
            out.values[cell.path] = None if value is None else read_cell(str(value), cell).value
            out.sources[path] = source
        out.report(
            "R023",
            location,
            _f("{what}; one reading alone satisfies the relations, read as: {reading}").format(
                what=what, reading=_show(vector)
            ),
            source,
        )
        return
    if more and not left:
        out.report(
            "R022",
            location,
            _f(
                "{what}; too many readings to check against the relations: undecided, not read"
            ).format(what=what),
            source,
        )
        return
    if not left:
        digits = all(f.isascii() and f.isdigit() for f in figures)
        why = (
            _f("no reading satisfies the relations") if digits else _f("some of it is not a figure")
        )
        out.report(
            "R018" if run and digits else "R013",
            location,
            _f("{what}; {why}: which column each belongs to is unknown, not read").format(
                what=what, why=why
            ),
            source,
        )
        return
    listed = _f("; ").join(_show(v) for v in left[:5])
    if len(left) > 5 or more:
        listed = _f("{readings} …").format(readings=listed)
    count = (_f("more than {n} readings") if more else _f("{n} readings")).format(n=len(left))
    out.report(
        "R022",
        location,
        _f("{what}; {count} satisfy the relations: {readings}; undecided, not read").format(
            what=what, count=count, readings=listed
        ),
        source,
    )
