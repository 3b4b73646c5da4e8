"""Table 三: the handling of applications, read from rows by label (see the reader).

A statutory row is found by its label; rows of figures without a label are placed only where a
gap between labelled rows leaves exactly as many statutory rows (R019); a row with fewer or more
figures than columns goes to the placer (R022, R023) or is not read (R013, R014, R018). The
form is the spec, among every edition's, whose rows the labels found name the most. A 小计
column and a 合计 row are read and checked by :mod:`.t3extra`; rows no label places are taken
in order only when every relation holds (:mod:`.positional`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from itertools import pairwise

import attrs
from attrs import frozen

from .._i18n import _f
from ..findings import Finding, Location
from ..statutory import EDITIONS, T3_CAPTION, T3_COLUMNS, TABLE3_NOTE, Edition, TableSpec
from ..statutory import table_spec as _spec
from .labels import Target, t3_candidates, t3_targets
from .normalize import label_key
from .placing import (
    Found,
    TableRead,
    finding,
    following_figures,
    label_of,
    read_table,
    repeated,
    trimmed,
    unknown,
)
from .positional import by_position
from .rows import Row, split_row
from .t3extra import EXTRA_ROW_KEYS, check_total_row, narrow, subtotal_position

__all__ = ["choose_form", "fill_gaps", "read_table3", "value_columns"]


def value_columns(rows: Sequence[Row], claimed: Collection[int]) -> dict[int, int]:
    """By grid, the grid column table 三's figures begin at: that of its header ``自然人``."""
    first_column = label_key(T3_COLUMNS[0].label)
    out: dict[int, int] = {}
    for row in rows:
        if row.prose or row.index in claimed or row.grid is None:
            continue
        if first_column in row.keys:
            out.setdefault(row.grid, row.columns[row.keys.index(first_column)])
    return out


def figures_of(row: Row, columns: Mapping[int, int]) -> tuple[str, ...]:
    """The figures of a row of table 三: under the applicant columns when its grid has their
    header and the row is laid out on it, else the cells after its label (a row continued
    from a split table lacks the group labels spanning into it, so its cells stand left of the
    header's columns)."""
    labels, figures = split_row(row)
    start = columns.get(row.grid) if row.grid is not None else None
    if start is None or row.prose:
        return tuple(figures)
    first = labels[-1] + 1 if labels else 0  # never a label, whatever its column
    under = [
        c
        for c, column in zip(row.cells[first:], row.columns[first:], strict=True)
        if column >= start
    ]
    width = len(T3_COLUMNS)
    if len(under) < width and len(trimmed(figures, width)) == width:
        return tuple(figures)
    return tuple(under)


def choose_form(mentioned: Collection[str], fallback: Edition) -> Edition:
    """The form whose rows the labels found name the most; ``fallback`` (the form of the
    report's year) where several do equally (only rows every form has were found)."""
    score = {
        form: len(set(mentioned) & {r.name for r in _spec("三", form).rows}) for form in EDITIONS
    }
    best = max(score.values(), default=0)
    tied = [form for form, n in score.items() if n == best]
    return fallback if fallback in tied else tied[0]


def read_table3(
    rows: Sequence[Row], claimed: Collection[int], file: str | None, fallback: Edition
) -> TableRead | None:
    """Table 三 from the rows not ``claimed`` by earlier stages, or None when neither its
    caption nor a row label is found; ``fallback`` is the form when the rows decide none."""
    columns = value_columns(rows, claimed)
    subtotal = subtotal_position(rows, claimed)
    anchor: int | None = None
    consumed: set[int] = set()
    labelled: list[tuple[Row, list[Target]]] = []
    bare: list[Row] = []
    total_rows: list[Row] = []  # 合计 rows, no statutory row
    note_key, caption_key = label_key(TABLE3_NOTE), label_key(T3_CAPTION)
    for row in rows:
        if row.prose or row.index in claimed:  # a sentence, or a heading, the title, table 四
            continue
        if caption_key in row.keys or any(len(k) > 10 and k in note_key for k in row.keys):
            anchor = anchor if anchor is not None else row.index
            consumed.add(row.index)
            continue
        labels, figures = split_row(row)
        if not labels:
            if any(figures):
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
        elif any(figures) and "".join(row.keys[i] for i in labels) in EXTRA_ROW_KEYS:
            total_rows.append(row)
        elif any(figures):
            # A label that names no statutory row (a misprint such as "2.其他法律行政止公开"):
            # its figures are placed like those of a row without a label.
            bare.append(row)
    if not labelled and anchor is None:
        return by_position(rows, claimed, None, lambda r: figures_of(r, columns), file)
    start = min([r.index for r, _ in labelled] + ([anchor] if anchor is not None else []))
    stop = max(r.index for r, _ in labelled) if labelled else start
    bare = [b for b in bare if start < b.index]
    findings: list[Finding] = []
    # Resolve each labelled row, in file order; ties by statutory order after the last.
    last = -1
    taken: dict[str, Found] = {}
    placed: list[Found] = []
    label_only: list[tuple[Row, Target]] = []
    consumed |= {row.index for row, _ in labelled}
    unread: set[str] = set()  # rows of eight figures the relations do not decide
    for row, found in labelled:
        target = found[0]
        if len(found) > 1:
            free = [t for t in found if t.name not in taken]
            after = [t for t in free if t.order > last]
            target = (after or free or found)[0]
        printed = figures_of(row, columns)
        if not any(printed):
            label_only.append((row, target))
            continue
        last = target.order
        narrowed = narrow(
            printed,
            subtotal,
            _labels_of(target, fallback),
            row.source(file),
            text=row.grid is None,
        )
        if narrowed.finding is not None:
            findings.append(narrowed.finding)
        if narrowed.figures is None:
            unread.add(target.name)
            taken.setdefault(target.name, Found(target, (), row))
            continue
        entry = Found(target, narrowed.figures, row)
        if target.name in taken:
            findings.append(repeated("三", taken[target.name], entry, file))
            continue
        taken[target.name] = entry
        placed.append(entry)
    # One figure per line after a label (a table printed one cell per line).
    width = len(T3_COLUMNS)
    for row, target in label_only:
        if target.name in taken:
            continue
        printed = following_figures(rows, row, width, set(claimed) | consumed)
        if printed:
            consumed |= set(range(row.index + 1, row.index + 1 + width))
            entry = Found(target, printed, row)
            taken[target.name] = entry
            placed.append(entry)
    mentioned = {t.name for _, t in label_only} | set(taken)
    spec = _spec("三", choose_form(mentioned, fallback))
    order = {r.name for r in spec.rows}
    for p in placed:
        if p.target.name not in order:
            findings.append(unknown("三", p, file))
    placed = sorted((p for p in placed if p.target.name in order), key=lambda p: p.row.index)
    bare = [b for b in bare if b.index not in consumed]  # not figures read one per line
    gaps = fill_gaps(spec, placed, bare, stop, len(rows), columns, file)
    placed = sorted([*placed, *gaps.placed], key=lambda p: p.row.index)
    mentioned |= {p.target.name for p in gaps.placed}
    read = read_table(
        spec, placed, mentioned, file, (*findings, *gaps.findings), consumed | gaps.consumed
    )
    prefix = spec.attr + "."
    absent = {prefix + c.path for c in spec.cells if c.row.name in unread} if unread else set()
    checks: list[Finding] = []
    for extra in total_rows:
        before = [p.target.name for p in placed if p.row.index < extra.index]
        shown = narrow(
            figures_of(extra, columns),
            subtotal,
            ("合计",),
            extra.source(file),
            text=extra.grid is None,
        )
        if shown.finding is not None:
            checks.append(shown.finding)
            continue
        check = check_total_row(
            spec,
            trimmed(shown.figures or (), width),
            before[-1] if before else None,
            read.values,
            extra.source(file),
        )
        if check is not None:
            checks.append(check)
    read = attrs.evolve(
        read,
        absent=read.absent | absent,
        findings=(*read.findings, *checks),
        consumed=read.consumed | {r.index for r in total_rows},
    )
    return by_position(rows, claimed, read, lambda r: figures_of(r, columns), file)


def _labels_of(target: Target, fallback: Edition) -> tuple[str, ...]:
    """The statutory labels of a row of table 三 (of the first form that has it)."""
    for form in (fallback, *EDITIONS):
        for row in _spec("三", form).rows:
            if row.name == target.name:
                return row.labels
    return ()


@frozen
class Gaps:
    """What :func:`fill_gaps` read: the rows placed by their gap, the findings, the rows
    consumed."""

    placed: tuple[Found, ...]
    findings: tuple[Finding, ...]
    consumed: frozenset[int]


def fill_gaps(
    spec: TableSpec,
    placed: Sequence[Found],
    bare: Sequence[Row],
    stop: int,
    end: int,
    columns: Mapping[int, int],
    file: str | None,
) -> Gaps:
    """Rows of figures printed without a label (``bare``) placed between the labelled rows
    ``placed`` (in row order), up to the row index ``end``.

    Only full rows (as many figures as columns) fill a gap, and only where the gap leaves exactly
    as many statutory rows (R019); a lone figure among the rows (R020), or a row in a gap that
    does not (R011 with a label, R020 without), is reported. After the last labelled row
    (``stop``) only full rows count (the table may simply end)."""
    width = len(spec.columns)
    findings: list[Finding] = []
    consumed: set[int] = set()
    full = [b for b in bare if len(trimmed(figures_of(b, columns), width)) == width]
    stray = [b for b in bare if b not in full and b.index < stop and not label_of(b)]
    for brow in stray:
        consumed.add(brow.index)
        findings.append(
            finding(
                "R020",
                Location(spec.key),
                _f(
                    "figures in the table ({figures}) have no row label: their row is unknown, "
                    "they are not read"
                ).format(figures=_f(", ").join(c for c in brow.cells if c)),
                brow.source(file),
            )
        )
    if not full:
        return Gaps((), tuple(findings), frozenset(consumed))
    order = [r.name for r in spec.rows]
    position = {n: i for i, n in enumerate(order)}
    taken = {p.target.name for p in placed}
    targets = {t.name: t for t in t3_targets()[0]}
    out: list[Found] = []
    bounds = [(-1, -1)] + [(p.row.index, position[p.target.name]) for p in placed]
    bounds.append((end, len(order)))
    left_over: list[Row] = []
    for (row_a, pos_a), (row_b, pos_b) in pairwise(bounds):
        between = [b for b in full if row_a < b.index < row_b]
        if not between:
            continue
        missing = [n for n in order[pos_a + 1 : pos_b] if n not in taken]
        if len(missing) != len(between) or pos_b <= pos_a:
            left_over.extend(between)
            continue
        for name, brow in zip(missing, between, strict=True):
            consumed.add(brow.index)
            out.append(Found(targets[name], figures_of(brow, columns), brow))
            taken.add(name)
            printed = label_of(brow)
            if printed:
                why = _f("the row label is printed “{label}”, not a statutory label")
            else:
                why = _f("the row's figures are printed without a label")
            findings.append(
                finding(
                    "R019",
                    Location("三", spec.rows[position[name]].labels),
                    _f("{why}: read by its place between the labelled rows around it").format(
                        why=why.format(label=printed)
                    ),
                    brow.source(file),
                )
            )
    for brow in left_over:
        if brow.index > stop:
            continue
        consumed.add(brow.index)
        printed = label_of(brow)
        figures = _f(", ").join(c for c in figures_of(brow, columns) if c)
        if printed:
            message = _f(
                "“{label}” is no row of this table's form: its figures ({figures}) are not read"
            ).format(label=printed, figures=figures)
            findings.append(finding("R011", Location("三"), message, brow.source(file)))
            continue
        message = _f(
            "a row of figures in the table ({figures}) has no label: its row is unknown, "
            "it is not read"
        ).format(figures=figures)
        findings.append(finding("R020", Location("三"), message, brow.source(file)))
    return Gaps(tuple(out), tuple(findings), frozenset(consumed))
