"""Tables: the statutory tables 二, 三 and 四 read from rows, by label (see the reader).

Each table's form comes from its shape; rows of figures without a label are placed only where a
gap between labelled rows leaves exactly as many statutory rows (R019); a row with fewer or more
figures than columns is not guessed at (R013, R014, R018). Whatever cannot be placed becomes a
reading finding with its source position.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from attrs import define, field, frozen

from .._i18n import _f
from ..findings import Finding, Location, Source
from ..model import Cell
from ..rules import rule
from ..statutory import (
    T2_CONTENT_HEADER,
    T3_CAPTION,
    T3_COLUMNS,
    TABLE3_NOTE,
    CellSpec,
    Edition,
    RowSpec,
    TableSpec,
    table_spec,
)
from .labels import (
    Target,
    annotated_label,
    header_labels,
    t2_index,
    t3_candidates,
    t3_targets,
)
from .normalize import label_key
from .placing import Entry, place_rows, trimmed
from .rows import Row, split_row
from .values import looks_numeric


@frozen
class ReadTable:
    """A statutory table as read: its spec (form) and the values placed, by cell path."""

    spec: TableSpec
    values: dict[str, Cell]


@define
class _Placed:
    target: Target
    figures: list[str]
    row: Row


@define
class TableReader:
    """Reads the statutory tables from a document's rows, collecting what reading met: the
    findings, the cells the source lacks, the source of each cell and the printed texts."""

    rows: list[Row]
    file: str | None
    findings: list[Finding] = field(factory=list)
    absent: set[str] = field(factory=set)
    sources: dict[str, Source] = field(factory=dict)
    printed: dict[str, str] = field(factory=dict)
    value_columns: dict[int, int] = field(factory=dict)
    """Table 三: the grid column its figures begin at, by grid (from the header 自然人)."""

    def report(self, code: str, location: Location, message: str, source: Source | None) -> None:
        r = rule(code)
        self.findings.append(Finding(code, r.severity, message, location, source))

    # --- table 三 ---

    def table3(self, year_form: Edition) -> ReadTable | None:
        targets = t3_targets()[0]
        anchor = None
        placed: list[_Placed] = []
        labelled: list[tuple[Row, list[Target]]] = []
        bare: list[Row] = []
        note_key, caption_key = label_key(TABLE3_NOTE), label_key(T3_CAPTION)
        first_column = label_key(T3_COLUMNS[0].label)
        for row in self.rows:
            if row.prose or row.used:  # a sentence, or a heading, the title, table 四
                continue
            if row.grid is not None and first_column in row.keys:
                # The header of the applicant columns: where a grid's figures begin.
                column = row.columns[row.keys.index(first_column)]
                self.value_columns.setdefault(row.grid, column)
            if caption_key in row.keys or any(len(k) > 10 and k in note_key for k in row.keys):
                anchor = anchor if anchor is not None else row.index
                row.used = True
                continue
            labels, figures = split_row(row)
            if not labels:
                if not row.used and any(figures):
                    bare.append(row)
                continue
            found = list(t3_candidates(tuple(row.keys[i] for i in labels)))
            if not found and any(figures) and labelled and labelled[-1][0].index == row.index - 1:
                # A label wrapped over lines with its figures on the last line ("一、本年新收政府
                # 信息公开申请" / "数量  50  47 …"): the two lines together name the row.
                above = labelled[-1][0]
                joined = t3_candidates(
                    tuple(above.keys[i] for i in split_row(above)[0])
                    + tuple(row.keys[i] for i in labels)
                )
                if not any(split_row(above)[1]) and set(joined) & set(labelled[-1][1]):
                    found = [t for t in joined if t in labelled[-1][1]]
                    labelled.pop()
            if found:
                labelled.append((row, found))
            elif not row.used and any(figures):
                # A label that names no statutory row (a misprint such as "2.其他法律行政止公开"):
                # its figures are placed like those of a row without a label.
                bare.append(row)
        if not labelled and anchor is None:
            return None
        start = min([r.index for r, _ in labelled] + ([anchor] if anchor is not None else []))
        stop = max(r.index for r, _ in labelled) if labelled else start
        bare = [b for b in bare if start < b.index]
        # Resolve each labelled row, in file order; ties by statutory order after the last.
        last = -1
        taken: dict[str, _Placed] = {}
        label_only: list[tuple[Row, Target]] = []
        for row, found in labelled:
            figures = self._figures(row)
            target = found[0]
            if len(found) > 1:
                free = [t for t in found if t.name not in taken]
                after = [t for t in free if t.order > last]
                target = (after or free or found)[0]
            row.used = True
            if not any(figures):
                label_only.append((row, target))
                continue
            last = target.order
            entry = _Placed(target, figures, row)
            if target.name in taken:
                self._repeated("三", taken[target.name], entry)
                continue
            taken[target.name] = entry
            placed.append(entry)
        # One figure per line after a label (a table printed one cell per line).
        for row, target in label_only:
            if target.name in taken:
                continue
            figures = self._following_figures(row, 7)
            if figures:
                entry = _Placed(target, figures, row)
                taken[target.name] = entry
                placed.append(entry)
        names = {t.name for t in targets}
        sub_items = {n for n in names if n.startswith("other.")}
        mentioned = {t.name for _, t in label_only} | set(taken)
        if sub_items & mentioned:
            form = Edition.E2021
        elif "other" in mentioned:
            form = Edition.E2019
        else:
            form = year_form
        spec = table_spec("三", form)
        order = [r.name for r in spec.rows]
        placed = [p for p in placed if p.target.name in order or self._unknown("三", p)]
        placed.sort(key=lambda p: p.row.index)
        placed = self._fill_gaps(spec, placed, bare, mentioned, stop)
        return self._build(spec, placed, mentioned)

    def _figures(self, row: Row) -> list[str]:
        """The figures of a row of table 三: under the applicant columns when its grid has
        their header and the row is laid out on it, else the cells after its label (a row
        continued from a split table lacks the group labels spanning into it, so its cells
        stand left of the header's columns)."""
        labels, figures = split_row(row)
        start = self.value_columns.get(row.grid) if row.grid is not None else None
        if start is None or row.prose:
            return figures
        first = labels[-1] + 1 if labels else 0  # never a label, whatever its column
        under = [
            c
            for c, column in zip(row.cells[first:], row.columns[first:], strict=True)
            if column >= start
        ]
        width = len(T3_COLUMNS)
        if len(under) < width and len(trimmed(figures, width)) == width:
            return figures
        return under

    def _following_figures(self, row: Row, width: int) -> list[str]:
        """The figures printed one per line right after a label: exactly ``width`` of them,
        or none (a lone figure after a label is no row of figures)."""
        following: list[Row] = []
        for nxt in self.rows[row.index + 1 : row.index + 1 + width]:
            cells = [c for c in nxt.cells if c]
            if len(cells) != 1 or not looks_numeric(cells[0]) or nxt.used:
                break
            following.append(nxt)
        if len(following) != width:
            return []
        for nxt in following:
            nxt.used = True
        return [nxt.cells[0] for nxt in following]

    def _unknown(self, key: str, placed: _Placed) -> bool:
        label = " ".join(c for c in placed.row.cells if c and not looks_numeric(c))
        self.report(
            "R011",
            Location(key),
            _f(
                "“{label}” is no row of this table's form: its figures ({figures}) are not read"
            ).format(label=label, figures=_f(", ").join(f for f in placed.figures if f)),
            placed.row.source(self.file),
        )
        return False

    def _repeated(self, key: str, first: _Placed, again: _Placed) -> None:
        spec_rows = {
            r.name: r
            for s in (table_spec(key, Edition.E2019), table_spec(key, Edition.E2021))
            for r in s.rows
        }
        row = spec_rows.get(first.target.name)
        location = Location(key, row.labels if row else ())
        if [f for f in first.figures if f] == [f for f in again.figures if f]:
            self.report(
                "R016",
                location,
                _f("the row is printed twice with the same figures: the first is read"),
                again.row.source(self.file),
            )
        else:
            self.report(
                "R021",
                location,
                _f(
                    "the row is printed twice with different figures ({figures}): the first is read"
                ).format(figures=_shown(again.figures)),
                again.row.source(self.file),
            )

    def _fill_gaps(
        self,
        spec: TableSpec,
        placed: list[_Placed],
        bare: list[Row],
        mentioned: set[str],
        stop: int,
    ) -> list[_Placed]:
        """Place rows of figures printed without a label (see the module documentation).

        Only full rows (as many figures as columns) fill a gap; a lone figure among the rows,
        or a row in a gap that does not leave exactly as many statutory rows, is reported.
        After the last labelled row only full rows count (the table may simply end)."""
        width = len(spec.columns)
        bare = [b for b in bare if not b.used]  # not figures read one per line after a label
        full = [b for b in bare if len(trimmed(self._figures(b), width)) == width]
        stray = [b for b in bare if b not in full and b.index < stop and not _label(b)]
        bare = full
        for brow in stray:
            brow.used = True
            figures = _f(", ").join(c for c in brow.cells if c)
            self.report(
                "R020",
                Location(spec.key),
                _f(
                    "figures in the table ({figures}) have no row label: their row is unknown, "
                    "they are not read"
                ).format(figures=figures),
                brow.source(self.file),
            )
        if not bare:
            return placed
        order = [r.name for r in spec.rows]
        position = {n: i for i, n in enumerate(order)}
        taken = {p.target.name for p in placed}
        targets = {t.name: t for t in t3_targets()[0]}
        out = list(placed)
        bounds = [(-1, -1)] + [(p.row.index, position[p.target.name]) for p in placed]
        bounds.append((len(self.rows), len(order)))
        left_over: list[Row] = []
        for (row_a, pos_a), (row_b, pos_b) in pairwise(bounds):
            rows_between = [b for b in bare if row_a < b.index < row_b and not b.used]
            if not rows_between:
                continue
            missing = [n for n in order[pos_a + 1 : pos_b] if n not in taken]
            if len(missing) == len(rows_between) and pos_b > pos_a:
                for name, brow in zip(missing, rows_between, strict=True):
                    brow.used = True
                    out.append(_Placed(targets[name], self._figures(brow), brow))
                    taken.add(name)
                    mentioned.add(name)
                    row = spec.rows[position[name]]
                    printed = _label(brow)
                    if printed:
                        why = _f("the row label is printed “{label}”, not a statutory label")
                    else:
                        why = _f("the row's figures are printed without a label")
                    self.report(
                        "R019",
                        Location("三", row.labels),
                        _f("{why}: read by its place between the labelled rows around it").format(
                            why=why.format(label=printed)
                        ),
                        brow.source(self.file),
                    )
            else:
                left_over.extend(rows_between)
        for brow in left_over:
            if brow.index > stop:
                continue
            brow.used = True
            printed = _label(brow)
            figures = _f(", ").join(c for c in self._figures(brow) if c)
            if printed:
                self.report(
                    "R011",
                    Location("三"),
                    _f(
                        "“{label}” is no row of this table's form: its figures ({figures}) are "
                        "not read"
                    ).format(label=printed, figures=figures),
                    brow.source(self.file),
                )
                continue
            self.report(
                "R020",
                Location("三"),
                _f(
                    "a row of figures in the table ({figures}) has no label: its row is unknown, "
                    "it is not read"
                ).format(figures=figures),
                brow.source(self.file),
            )
        return sorted(out, key=lambda p: p.row.index)

    # --- building a table ---

    def _build(self, spec: TableSpec, placed: list[_Placed], mentioned: set[str]) -> ReadTable:
        by_row: dict[str, list[CellSpec]] = {}
        for cell in spec.cells:
            by_row.setdefault(cell.row.name, []).append(cell)
        entries = [
            Entry(p.target.name, tuple(by_row[p.target.name]), tuple(p.figures), p.row)
            for p in placed
            if p.target.name in by_row
        ]
        values = self.place(spec, entries)
        missing = [r for r in spec.rows if r.name not in mentioned]
        self._missing(spec, missing)
        return ReadTable(spec, values)

    def place(self, spec: TableSpec, entries: Sequence[Entry]) -> dict[str, Cell]:
        """The rows' figures read into the table's cells (:func:`place_rows`), what it met
        kept with the reader's."""
        placed = place_rows(spec, entries, self.file)
        self.findings.extend(placed.findings)
        self.absent |= placed.absent
        self.sources.update(placed.sources)
        self.printed.update(placed.printed)
        return placed.values

    def _missing(self, spec: TableSpec, missing: list[RowSpec]) -> None:
        if not missing:
            return
        prefix = spec.attr + "."
        for row in missing:
            for cell in spec.cells:
                if cell.row.name == row.name:
                    self.absent.add(prefix + cell.path)
        names = [r.name for r in spec.rows]
        positions = sorted(names.index(r.name) for r in missing)
        tail = positions == list(range(len(names) - len(missing), len(names)))
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
            self.report(
                "R017",
                Location(spec.key),
                message.format(table=spec.key, count=len(missing), label=first.label or spec.key),
                None,
            )
            return
        for row in missing:
            self.report(
                "R012",
                Location(spec.key, row.labels),
                _f(
                    "the row is not found: its cells count as missing, the relations on them are "
                    "not checked"
                ),
                None,
            )

    # --- table 二 ---

    def table2(self, year_form: Edition) -> ReadTable | None:
        rows_by_key, columns_by_key, blocks = t2_index()
        votes: Counter[Edition] = Counter()
        header_columns: list[str] = []
        found: list[_Placed] = []
        anchor = False
        content = label_key(T2_CONTENT_HEADER)
        for row in self.rows:
            keys = [k for k in row.keys if k]
            if not keys or row.prose or row.used:
                continue
            if keys[0] in blocks:  # a block header: 第二十条第（一）项
                anchor = True
                row.used = True
                continue
            if keys[0].startswith(content):
                rest = [keys[0][len(content) :], *keys[1:]]
                header_columns = header_labels(rest, columns_by_key)
                for column in header_columns:
                    votes.update(columns_by_key[column][1])
                row.used = True
                anchor = True
                continue
            labels, figures = split_row(row)
            if not labels:
                continue
            key = row.keys[labels[-1]]
            name = rows_by_key.get(key) or annotated_label(key, rows_by_key)
            if name is None:
                continue
            anchor = True
            row.used = True
            if name in ("other_services", "procurement"):
                votes[Edition.E2019] += 2
            if not any(figures):
                figures = self._following_figures(row, 3)
            found.append(_Placed(Target("二", name, 0, ()), figures, row))
        if not anchor:
            return None
        for p in found:
            if p.target.name in ("licensing", "punishment", "enforcement"):
                count = len([f for f in p.figures if f])
                if count == 1:
                    votes[Edition.E2021] += 1
                elif count >= 2:
                    votes[Edition.E2019] += 1
        if votes[Edition.E2019] == votes[Edition.E2021]:
            form = year_form
        else:
            form = max(votes, key=lambda e: votes[e])
        spec = table_spec("二", form)
        names = {r.name for r in spec.rows}
        taken: dict[str, _Placed] = {}
        placed: list[_Placed] = []
        for p in found:
            if p.target.name not in names:
                self._unknown("二", p)
                continue
            if p.target.name in taken:
                self._repeated("二", taken[p.target.name], p)
                continue
            taken[p.target.name] = p
            placed.append(p)
        return self._build(spec, placed, set(taken))


def _label(row: Row) -> str:
    """The label text a row prints before its figures ('' for a row of bare figures)."""
    return " ".join(row.cells[i] for i in split_row(row)[0])


def _shown(figures: Sequence[str]) -> str:
    """Figures as messages list them, a blank one named."""
    return _f(", ").join(f or _f("blank") for f in figures)
