"""The generated reading of a complete table document gives what reading it place by place
gives: the same report, or a SchemaError with the same issues (paths, messages, kinds)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import serialize
from gov_disclosure.testing import huaian_2024

_DOCUMENT = gd.to_dict(huaian_2024())
_TABLES = ("proactive", "applications", "reviews")


def _objects(data: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The path of every object (a dict) inside a table document."""
    found = [path]
    for key, value in data.items():
        if isinstance(value, dict):
            found += _objects(value, (*path, key))
    return found


_PLACES = [(table, path) for table in _TABLES for path in _objects(_DOCUMENT[table])]
_VALUES = st.one_of(
    st.none(),
    st.integers(-(2**60), 2**60),
    st.sampled_from(["12", "96171.6", 1.5, True, [], {}, {"x": 1}]),
)


@st.composite
def _documents(draw: st.DrawFn) -> dict[str, Any]:
    """The full document with a few objects of its tables changed: a key dropped, a key added,
    a value replaced, an object replaced by something else."""
    data = copy.deepcopy(_DOCUMENT)
    for _ in range(draw(st.integers(0, 3))):
        table, path = draw(st.sampled_from(_PLACES))
        node = data[table]
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, dict) or not node:
            continue
        key = draw(st.sampled_from(sorted(node)))
        change = draw(st.sampled_from(["drop", "add", "value", "object"]))
        if change == "drop":
            del node[key]
        elif change == "add":
            node[draw(st.sampled_from(["extra", "total", "natural_person", key]))] = draw(_VALUES)
        elif change == "value":
            node[key] = draw(_VALUES)
        else:
            node[key] = draw(st.sampled_from([[], "row", 3, {"x": 1}, {}]))
    return data


def _outcome(data: dict[str, Any]) -> object:
    try:
        return gd.from_dict(copy.deepcopy(data))
    except gd.SchemaError as exc:
        return [(i.path, i.message, i.expected) for i in exc.issues]


@settings(max_examples=300)
@given(_documents())
def test_the_generated_reading_is_the_reading_place_by_place(
    data: dict[str, Any],
) -> None:
    fast = _outcome(data)
    with pytest.MonkeyPatch.context() as patch:
        for loader in serialize._LOADERS.values():

            def refuse(_data: dict[str, Any]) -> tuple[Any, ...]:
                raise KeyError("read place by place")

            patch.setattr(loader, "complete", refuse)
        slow = _outcome(data)
    assert fast == slow


def test_a_complete_document_is_read_by_the_generated_code() -> None:
    report = huaian_2024()
    loaders = {loader.cls: loader for loader in serialize._LOADERS.values()}
    for attr in _TABLES:
        table = getattr(report, attr)
        read = loaders[type(table)].complete(_DOCUMENT[attr])  # amounts still as written
        assert [str(v) for v in read] == [str(v) for v in table.values()]
