"""Table 四: the review and litigation figures, read by its header and group labels.

Its figures come from the rows labelled ``行政复议``, ``未经复议直接起诉`` and ``复议后起诉`` (one row
per group), or, without such labels, from the first row (or rows) of figures after its header:
fifteen figures, placed by :func:`~gov_disclosure.readers.placing.place_rows` (the group sums
decide figures run together).
"""

from __future__ import annotations

from ..statutory import T4_COLUMNS, table_spec
from .labels import t4_header
from .normalize import label_key
from .placing import Entry
from .rows import Row, split_row
from .tables import ReadTable, TableReader

__all__ = ["read_table4"]


def read_table4(reader: TableReader) -> ReadTable | None:
    """Table 四: by its ``行政复议`` header, its figures from the rows labelled by group or
    the first row(s) of figures after the header."""
    spec = table_spec("四")
    anchor: Row | None = None
    groups: dict[str, tuple[list[str], Row]] = {}
    # Each group's own label (行政复议, 未经复议直接起诉, 复议后起诉) names its row when
    # table 四 is printed one row per group.
    group_keys = {
        label_key(column.labels[-2]): column.name.split(".")[0] for column in spec.columns
    }
    for row in reader.rows:
        if row.used:  # a heading or the title
            continue
        labels, figures = split_row(row)
        keys = [row.keys[i] for i in labels]
        group = group_keys.get(keys[-1]) if keys else None
        if group is not None and any(figures):
            # Table 四 printed one row per group (行政复议, 未经复议直接起诉, 复议后起诉).
            if group not in groups:
                groups[group] = (figures, row)
                row.used = True
                anchor = anchor or row
            continue
        if keys and not any(figures) and all(t4_header(k) for k in keys):
            anchor = anchor or row
            row.used = True
    if anchor is None:
        return None
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
        values = reader.place(spec, entries)
        for group in group_keys.values():
            if group not in groups:
                for c in spec.cells:
                    if c.path.startswith(group + "."):
                        reader.absent.add("reviews." + c.path)
        return ReadTable(spec, values)
    data = _t4_data(reader, anchor)
    if data is None:
        return ReadTable(spec, {})
    figures, row = data
    return ReadTable(spec, reader.place(spec, [Entry("", spec.cells, tuple(figures), row)]))


def _t4_data(reader: TableReader, anchor: Row) -> tuple[list[str], Row] | None:
    figures: list[str] = []
    first: Row | None = None
    for row in reader.rows[anchor.index + 1 :]:
        if row.section != anchor.section:
            break
        labels, cells = split_row(row)
        if labels:
            if figures:
                break
            continue
        if not any(cells):
            continue
        first = first or row
        row.used = True
        figures.extend(cells if row.grid is not None else [c for c in cells if c])
        if len([f for f in figures if f]) >= len(T4_COLUMNS) or row.grid is not None:
            break
    return (figures, first) if first is not None else None
