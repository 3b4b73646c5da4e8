"""Typed views: the statute's rows and groups read out of a table's tuple of values.

A table stores its values as one tuple in reading order (the fastest form to load, check and
compare). Each row, group or single cell the statute names is declared on the table class, once,
as a :class:`View` of a slice of that tuple: ``refused: View[Refused] = part()``. A view is built the first time it is read and then kept
on the table (the table is frozen, so it never goes stale): reading
``report.applications.refused.state_secret.natural_person`` again costs a few attribute look-ups.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, overload

import attrs

from .cell import Cell

# An implementation module (docs/reference/api.md): __all__ lists only the names a public module re-exports.
__all__: list[str] = []

_P = TypeVar("_P")

_Layout = tuple[tuple[str, type[Any] | None, int], ...]
_LAYOUTS: dict[type[Any], _Layout] = {}


class View(Generic[_P]):
    """A row, a group of rows or one cell of a table: a slice of its values.

    A non-data descriptor: once read, the view is stored in the table's ``__dict__`` under the
    same name, where later reads find it directly.
    """

    __slots__ = ("kind", "name", "start", "stop")

    def __init__(self) -> None:
        self.kind: type[Any] | None = None
        """The row or group class, or None for a single cell (set from the declaration)."""
        self.name = ""
        self.start = 0
        self.stop = 0

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> View[_P]: ...

    @overload
    def __get__(self, obj: object, owner: type[Any]) -> _P: ...

    def __get__(self, obj: Any, owner: type[Any]) -> _P | View[_P]:
        if obj is None:
            return self
        values = obj.values()[self.start : self.stop]
        view: _P = values[0] if self.kind is None else build(self.kind, values)
        obj.__dict__[self.name] = view
        return view

    if TYPE_CHECKING:  # to type checkers only: a table's constructor takes the row, or None

        def __set__(self, obj: object, value: _P | None) -> None: ...

    def flatten(self, owner: object, part: object) -> tuple[Cell, ...]:
        """The values of ``part`` (a row or group object, or one cell) in reading order."""
        if self.kind is None:
            return (cast(Cell, part),)
        if type(part) is not self.kind:
            raise TypeError(
                f"{type(owner).__name__}.{self.name}: expected {self.kind.__name__}, "
                f"got {type(part).__name__}"
            )
        return flatten(part)


def part() -> View[Any]:
    """Declare a row, a group or a single cell of a table: ``refused: View[Refused] = part()``
    (``View[int]`` a count cell, ``View[Decimal]`` an amount)."""
    return View()


def _layout(kind: type[Any]) -> _Layout:
    """Fields of a row or group class: (name, class or None for a cell, number of cells)."""
    found = _LAYOUTS.get(kind)
    if found is None:
        items = []
        for a in attrs.fields(kind):
            sub = a.type if isinstance(a.type, type) and attrs.has(a.type) else None
            width = sum(w for _, _, w in _layout(sub)) if sub is not None else 1
            items.append((a.name, sub, width))
        found = _LAYOUTS[kind] = tuple(items)
    return found


def build(kind: type[Any], values: Sequence[Cell]) -> Any:
    """A row or group object from its values in reading order."""
    kwargs: dict[str, Any] = {}
    at = 0
    for name, sub, width in _layout(kind):
        kwargs[name] = values[at] if sub is None else build(sub, values[at : at + width])
        at += width
    return kind(**kwargs)


def flatten(obj: Any) -> tuple[Cell, ...]:
    """The values of a row or group object in reading order."""
    out: list[Cell] = []
    for name, sub, _ in _layout(type(obj)):
        value = getattr(obj, name)
        if sub is None:
            out.append(value)
        else:
            out.extend(flatten(value))
    return tuple(out)


def paths(kind: type[Any], prefix: str) -> list[str]:
    """The dotted paths of the cells of a row or group class, under ``prefix``."""
    out: list[str] = []
    for name, sub, _ in _layout(kind):
        path = f"{prefix}.{name}"
        out.extend([path] if sub is None else paths(sub, path))
    return out
