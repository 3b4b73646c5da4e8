"""Cell values: their types, their shape checks, and the text of an amount.

A statutory cell holds a count (``int``), an amount in 万元 (a finite ``Decimal``) or None
for a blank, distinct from 0. Negative counts are representable (the validator reports them).
"""

from __future__ import annotations

import reprlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeAlias

from ..statutory import CellKind, CellSpec

# An implementation module (docs/reference/api.md): __all__ lists only the names a public module re-exports.
__all__: list[str] = []

Cell: TypeAlias = int | Decimal | None
"""The value of a statutory cell: a count, an amount in 万元, or None for a blank."""

Count: TypeAlias = int | None
Money: TypeAlias = Decimal | None

_NONE = type(None)
_COUNT_TYPES = frozenset({int, _NONE})


def decimal_text(value: Decimal) -> str:
    """An amount in plain notation (``1E+3`` → ``1000``): how documents and exports write it."""
    return format(value, "f")


_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxstring = _REPR.maxother = 60
_DIGIT_BITS = 3.3219280948873626
"""Bits per decimal digit: an int of n bits has about n / 3.32 digits."""


def short_repr(value: object) -> str:
    """The repr of a bad value in a message: a few levels, a few dozen characters, whatever
    the value (a list nested a thousand deep, an integer of a million digits)."""
    if type(value) is int and value.bit_length() > 128:
        return f"<an integer of about {round(value.bit_length() / _DIGIT_BITS)} digits>"
    try:
        return _REPR.repr(value)
    except (RecursionError, ValueError):  # a repr that recurses or converts too much
        return f"<{type(value).__name__}>"


def bad_count(owner: str, name: str, value: object) -> TypeError:
    """The error for a value that is not a count."""
    return TypeError(
        f"{owner}.{name}: expected a whole number (int) or None, "
        f"got {type(value).__name__} {short_repr(value)}"
    )


def check_count(owner: str, name: str, value: object) -> None:
    """Raise ``TypeError`` unless ``value`` is an ``int`` (not a bool) or None."""
    if value is not None and type(value) is not int:
        raise bad_count(owner, name, value)


def check_money(owner: str, name: str, value: object) -> None:
    """Raise ``TypeError`` unless ``value`` is a finite ``Decimal`` or None."""
    if value is None:
        return
    if type(value) is not Decimal or not value.is_finite():
        raise TypeError(
            f"{owner}.{name}: expected a finite Decimal amount in 万元 or None, "
            f"got {type(value).__name__} {short_repr(value)}"
        )


class CellTypeError(TypeError):
    """Values of a table whose type does not fit their cells; ``positions`` lists every one."""

    def __init__(self, message: str, positions: Sequence[int]) -> None:
        super().__init__(message)
        self.positions = tuple(positions)


def _is_money(value: object) -> bool:
    return value is None or (type(value) is Decimal and value.is_finite())


class ValuesCheck:
    """The shape check of a table's values in reading order: their number, each one's type.

    Counts are checked together (one pass over their types); amounts one by one.
    """

    __slots__ = ("cells", "counts", "money", "owner", "size")

    def __init__(self, owner: str, cells: Sequence[CellSpec]) -> None:
        self.owner = owner
        self.cells = tuple(cells)
        self.size = len(self.cells)
        self.money = tuple(c.index for c in cells if c.kind is CellKind.MONEY)
        self.counts = tuple(c.index for c in cells if c.kind is not CellKind.MONEY)

    def __call__(self, values: Sequence[Any]) -> bool:
        """Raise ``ValueError`` for a wrong number of values, :class:`CellTypeError` (listing
        every bad position) for values of the wrong type; else say whether any is blank."""
        if len(values) != self.size:
            raise ValueError(f"{self.owner}: expected {self.size} cells, got {len(values)}")
        money = self.money
        if not money:
            types = set(map(type, values))
            if types <= _COUNT_TYPES:
                return _NONE in types
        else:
            types = set(map(type, [values[i] for i in self.counts]))
            if types <= _COUNT_TYPES:
                blank = _NONE in types
                for i in money:
                    value = values[i]
                    if value is None:
                        blank = True
                    elif not _is_money(value):
                        break
                else:
                    return blank
        bad = [i for i in self.counts if type(values[i]) not in _COUNT_TYPES]
        bad += [i for i in money if not _is_money(values[i])]
        bad.sort()
        first = bad[0]
        name = self.cells[first].path
        if first in money:
            try:
                check_money(self.owner, name, values[first])
            except TypeError as exc:
                raise CellTypeError(str(exc), bad) from None
        raise CellTypeError(str(bad_count(self.owner, name, values[first])), bad)
