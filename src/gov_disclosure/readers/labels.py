"""Labels: the statutory rows and columns, found by their keys.

A statutory row is found by its label's key (:func:`~gov_disclosure.readers.normalize.label_key`),
in any cell of the row, the innermost label winning; a label cut short or split over cells is
matched by a unique part of it (at least :data:`MIN_PART` characters), and where two rows share
that part the reader decides by their order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

from attrs import frozen

from ..statutory import (
    EDITIONS,
    LABEL_VARIANTS,
    T4_COLUMNS,
    Edition,
    table_spec,
)
from .normalize import label_key

NUMERALS = "一二三四五六"
"""The section numbers, in order."""


@frozen
class Target:
    """A statutory row the reader can place figures in."""

    table: str
    name: str
    order: int
    forms: tuple[Edition | None, ...]


def _body(key: str) -> str:
    """A key without its leading numbering (``(三)``, ``1.``, ``一、``)."""
    return re.sub(r"^(?:\([一二三四五六七八九十]+\)|[0-9]{1,2}\.|[一二三四五六七八九十]+)", "", key)


@cache
def t3_targets() -> tuple[tuple[Target, ...], dict[str, list[Target]]]:
    """Table 三's rows of every form, in statutory order (:func:`_merged_order`), by key and by
    key without number."""
    rows: list[tuple[str, str, Edition]] = []
    for form in EDITIONS:
        for row in table_spec("三", form).rows:
            rows.append((row.name, row.label, form))
    ordered: dict[str, Target] = {}
    for order, name in enumerate(_merged_order("三")):
        forms = tuple(f for n, _, f in rows if n == name)
        ordered[name] = Target("三", name, order, forms)
    index: dict[str, list[Target]] = {}
    for name, label, _form in rows:
        target = ordered[name]
        key = label_key(label)
        for k in {key, _body(key)}:
            if (k == key or len(k) >= _MIN_PART) and target not in index.setdefault(k, []):
                index[k].append(target)
    return tuple(ordered.values()), index


def _merged_order(key: str) -> list[str]:
    """The row names of table ``key`` in every form, in one statutory order: the latest form's
    rows, and each row an earlier form alone has right after the row it follows there."""
    forms = sorted(EDITIONS, key=lambda form: EDITIONS[form].first_year, reverse=True)
    order: list[str] = []
    for form in forms:
        previous: str | None = None
        for row in table_spec(key, form).rows:
            if row.name not in order:
                order.insert(order.index(previous) + 1 if previous is not None else 0, row.name)
            previous = row.name
    return order


_MIN_PART = 4
"""The fewest characters of a label's key a cut-off or split label is matched by."""
_RUN_IN = 12
"""The most characters of other text a label run into its neighbours may carry."""


@lru_cache(maxsize=4096)
def t3_candidates(keys: tuple[str, ...]) -> tuple[Target, ...]:
    """:func:`_candidates` in table 三's index (the same label cells recur across reports)."""
    return tuple(_candidates(keys, t3_targets()[1]))


def _candidates(keys: Sequence[str], index: Mapping[str, list[Target]]) -> list[Target]:
    """The rows a row's label cells may name, innermost label first; exact keys win."""
    for key in reversed(keys):
        if key in index:
            return list(index[key])
        body = _body(key)
        if body != key and body in index:
            return list(index[body])
    found: list[Target] = []
    for key in reversed(keys):
        body = _body(key)
        if len(body) < _MIN_PART:
            continue
        number = key[: len(key) - len(body)]  # a numbered part names a row of that number only
        hits = [
            t
            for k, ts in index.items()
            if len(k) >= _MIN_PART and body in k and k.startswith(number)
            for t in ts
        ]
        hits = list(dict.fromkeys(hits))
        if hits:
            if len(hits) == 1:
                return hits
            found = found or hits
    if found:
        return found
    body = _body("".join(keys))
    if len(body) >= _MIN_PART:
        # A label with fragments of its neighbours run into it ("予处理4.无正当理由…"): a
        # known label inside a short text, never inside a sentence of the narrative.
        hits = [
            t
            for k, ts in index.items()
            if len(k) >= _MIN_PART and k in body and len(body) <= len(k) + _RUN_IN
            for t in ts
        ]
        return list(dict.fromkeys(hits))
    return []


@cache
def _t4_words() -> tuple[str, ...]:
    words = {label_key(label) for column in T4_COLUMNS for label in column.labels}
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4096)
def t4_header(key: str) -> bool:
    """Whether a cell holds nothing but table-四 header words (``行政复议行政诉讼``,
    ``结果维持``), possibly run together."""
    rest = key
    while rest:
        rest = rest.lstrip("/")  # the library's Markdown joins header paths with " / "
        if not rest:
            break
        word = next((w for w in _t4_words() if rest.startswith(w)), None)
        if word is None:
            return False
        rest = rest[len(word) :]
    return bool(key)


@cache
def t2_index() -> tuple[dict[str, str], dict[str, tuple[str, tuple[Edition, ...]]], set[str]]:
    rows: dict[str, str] = {}
    columns: dict[str, tuple[str, tuple[Edition, ...]]] = {}
    items: set[str] = set()
    for form in EDITIONS:
        spec = table_spec("二", form)
        for block in spec.blocks:
            items.add(label_key(block.label))
            for row in block.rows:
                rows[label_key(row.label)] = row.name
            for column in block.columns:
                for label in (column.label, *LABEL_VARIANTS.get(column.label, ())):
                    key = label_key(label)
                    name, forms = columns.get(key, (column.name, ()))
                    if form not in forms:
                        forms = (*forms, form)
                    columns[key] = (name, forms)
    return rows, columns, items


def annotated_label(key: str, rows_by_key: Mapping[str, str]) -> str | None:
    """A table-二 row label with a note after it (``规章(设区的市…)``)."""
    if "(" not in key:
        return None
    for label, name in rows_by_key.items():
        if key.startswith(label + "("):
            return name
    return None


def header_labels(keys: Sequence[str], columns: Mapping[str, Any]) -> list[str]:
    """Column labels of a table-二 header row, its cells possibly run together."""
    out: list[str] = []
    known = sorted(columns, key=len, reverse=True)
    for key in keys:
        rest = key
        while rest:
            hit = next((k for k in known if rest.startswith(k)), None)
            if hit is None:
                break
            out.append(hit)
            rest = rest[len(hit) :]
            rest = re.sub(r"^\([^)]*\)", "", rest)
    return out
