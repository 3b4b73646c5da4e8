"""Table 四: the review and litigation figures, read by its header and group labels.

Its figures come from the rows labelled ``行政复议``, ``未经复议直接起诉`` and ``复议后起诉`` (one row
per group), or, without such labels, from the first row (or rows) of figures after its header in
the header's section: fifteen figures, placed by
:func:`~gov_disclosure.readers.placing.place_rows` (the group sums decide figures run together).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..statutory import T4_COLUMNS, table_spec
from .labels import t4_header
from .normalize import label_key
from .placing import Entry, TableRead, place_rows
from .rows import Row, split_row

__all__ = ["read_table4"]


def read_table4(
    rows: Sequence[Row], claimed: Collection[int], sections: Sequence[int], file: str | None
) -> TableRead | None:
    """Table 四 from the rows not ``claimed`` by earlier stages, or None when neither its header
    nor a group label is found. ``sections[i]`` is the section row ``i`` stands in: rows of
    figures after the header are read within its section only."""
    spec = table_spec("四")
    anchor: Row | None = None
    groups: dict[str, tuple[list[str], Row]] = {}
    consumed: set[int] = set()
    # Each group's own label (行政复议, 未经复议直接起诉, 复议后起诉) names its row when
    # table 四 is printed one row per group.
    group_keys = {
        label_key(column.labels[-2]): column.name.split(".")[0] for column in spec.columns
    }
    for row in rows:
        if row.index in claimed:  # a heading or the title
            continue
        labels, figures = split_row(row)
        keys = [row.keys[i] for i in labels]
        group = group_keys.get(keys[-1]) if keys else None
        if group is not None and any(figures):
            # Table 四 printed one row per group (行政复议, 未经复议直接起诉, 复议后起诉).
            if group not in groups:
                groups[group] = (figures, row)
                consumed.add(row.index)
                anchor = anchor or row
            continue
        if keys and not any(figures) and all(t4_header(k) for k in keys):
            anchor = anchor or row
            consumed.add(row.index)
    if anchor is None:
        return None
    absent: set[str] = set()
    if groups:
        entries = [
            Entry(
                group,
                tuple(c for c in spec.cells if c.path.startswith(group + ".")),
                tuple(figures),
                row,
            )
            for group, (figures, row) in groups.items()
        ]
        for group in group_keys.values():
            if group not in groups:
                absent |= {
                    "reviews." + c.path for c in spec.cells if c.path.startswith(group + ".")
                }
    else:
        data = figures_after(rows, anchor, sections)
        if data is None:
            return TableRead(spec, {}, {}, {}, frozenset(), (), frozenset(consumed))
        after, first, used = data
        consumed |= used
        entries = [Entry("", spec.cells, after, first)]
    placed = place_rows(spec, entries, file)
    return TableRead(
        spec,
        placed.values,
        placed.printed,
        placed.sources,
        frozenset(placed.absent | absent),
        tuple(placed.findings),
        frozenset(consumed),
    )


def figures_after(
    rows: Sequence[Row], anchor: Row, sections: Sequence[int]
) -> tuple[tuple[str, ...], Row, frozenset[int]] | None:
    """The figures of the first row (or rows of text, up to fifteen figures) of bare figures
    after the header row ``anchor`` in its section, the first of those rows and their indexes;
    None when there is none."""
    figures: list[str] = []
    first: Row | None = None
    used: set[int] = set()
    for row in rows[anchor.index + 1 :]:
        if sections[row.index] != sections[anchor.index]:
            break
        labels, cells = split_row(row)
        if labels:
            if figures:
                break
            continue
        if not any(cells):
            continue
        first = first or row
        used.add(row.index)
        figures.extend(cells if row.grid is not None else [c for c in cells if c])
        if len([f for f in figures if f]) >= len(T4_COLUMNS) or row.grid is not None:
            break
    return (tuple(figures), first, frozenset(used)) if first is not None else None
