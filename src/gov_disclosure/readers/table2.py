"""Table 二: the proactive disclosure figures, read from rows by label (see the reader).

Its rows are found by their labels under the 第二十条 block headers; the form is the spec, among
every edition's, that the column headers, the rows and the number of figures in each row fit
best.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from functools import cache

from ..findings import Finding
from ..statutory import EDITIONS, T2_CONTENT_HEADER, Edition, TableSpec, table_spec
from .labels import Target, annotated_label, header_labels, t2_index
from .normalize import label_key
from .placing import Found, TableRead, following_figures, read_table, repeated, unknown
from .rows import Row, split_row

__all__ = ["choose_form", "read_table2"]


def _widths(spec: TableSpec) -> dict[str, int]:
    """The number of columns of each row of a table-二 spec."""
    return {row.name: len(block.columns) for block in spec.blocks for row in block.rows}


@cache
def _form_widths() -> dict[Edition, dict[str, int]]:
    """:func:`_widths` of table 二 in every form."""
    return {form: _widths(table_spec("二", form)) for form in EDITIONS}


def choose_form(headers: Sequence[str], found: Sequence[Found], fallback: Edition) -> Edition:
    """The form the table fits best: a vote for every form that has a column header found, two
    for every form that has a row found that some form lacks, and for a row whose width differs
    between forms a vote for the narrowest forms that hold its figures; ``fallback`` (the form of
    the report's year) on a tie."""
    _rows, columns_by_key, _blocks = t2_index()
    widths = _form_widths()
    votes: Counter[Edition] = Counter()
    for column in headers:
        votes.update(columns_by_key[column][1])
    for p in found:
        name = p.target.name
        having = [form for form in EDITIONS if name in widths[form]]
        if len(having) < len(EDITIONS):
            for form in having:
                votes[form] += 2
            continue
        if len({widths[form][name] for form in having}) < 2:
            continue
        count = len([f for f in p.figures if f])
        holding = [form for form in having if widths[form][name] >= count]
        if count and holding:
            narrowest = min(widths[form][name] for form in holding)
            votes.update(form for form in holding if widths[form][name] == narrowest)
    best = max(votes.values(), default=0)
    tied = [form for form in EDITIONS if votes[form] == best]
    return fallback if fallback in tied else tied[0]


def read_table2(
    rows: Sequence[Row], claimed: Collection[int], file: str | None, fallback: Edition
) -> TableRead | None:
    """Table 二 from the rows not ``claimed`` by earlier stages, or None when neither a block
    header, its content header nor a row label is found; ``fallback`` is the form when the rows
    decide none."""
    rows_by_key, columns_by_key, blocks = t2_index()
    headers: list[str] = []
    found: list[Found] = []
    consumed: set[int] = set()
    anchor = False
    content = label_key(T2_CONTENT_HEADER)
    for row in rows:
        if row.prose or row.index in claimed or row.index in consumed:
            continue
        keys = [k for k in row.keys if k]
        if not keys:
            continue
        if keys[0] in blocks:  # a block header: 第二十条第（一）项
            anchor = True
            consumed.add(row.index)
            continue
        if keys[0].startswith(content):
            rest = [keys[0][len(content) :], *keys[1:]]
            headers.extend(header_labels(rest, columns_by_key))
            consumed.add(row.index)
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
        consumed.add(row.index)
        printed = tuple(figures)
        if not any(figures):
            printed = following_figures(rows, row, 3, set(claimed) | consumed)
            if printed:
                consumed |= set(range(row.index + 1, row.index + 4))
        found.append(Found(Target("二", name, 0, ()), printed, row))
    if not anchor:
        return None
    spec = table_spec("二", choose_form(headers, found, fallback))
    names = {r.name for r in spec.rows}
    taken: dict[str, Found] = {}
    placed: list[Found] = []
    findings: list[Finding] = []
    for p in found:
        if p.target.name not in names:
            findings.append(unknown("二", p, file))
            continue
        if p.target.name in taken:
            findings.append(repeated("二", taken[p.target.name], p, file))
            continue
        taken[p.target.name] = p
        placed.append(p)
    return read_table(spec, placed, set(taken), file, findings, consumed)
