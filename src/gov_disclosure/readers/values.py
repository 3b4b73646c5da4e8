"""What one printed cell holds: a number, a blank, a placeholder, or text that is none of these.

:func:`read_cell` reads the text of one statutory cell for the kind of cell it is:

* blank (nothing but spaces) → ``None``;
* a placeholder (``-``, ``/``, ``——``, ``无``, …) → ``None``, the text kept as printed;
* a count: ``12``, ``1,234``, full-width ``１２``, a Chinese numeral ``十二``, a unit after it
  (``12件``) or an annotation (``22（其中修订16件）``) → the ``int``;
* a signed change (2019 ``本年增/减``): the same, with ``+``/``-``;
* an amount in 万元: ``40.1396``, ``40.1396 万元``, ``251000元`` (→ ``25.1``), ``1.2亿元`` —
  converted exactly, never through ``float``.

Whatever is not printed exactly as the library prints the value keeps its printed text (the
report's ``printed``), so nothing is lost. Text with no readable number — or a count beyond
:data:`~gov_disclosure.serialize.MAX_COUNT`, which no report document could hold — is
*unreadable*: its value is ``None``, its text is kept, and the reader reports it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from ..model import Cell
from ..numbers import format_amount, format_count, parse_chinese_number
from ..serialize import MAX_COUNT
from ..statutory import CellKind, CellSpec
from .normalize import clean_text, simplify

__all__ = ["PLACEHOLDERS", "Reading", "read_cell"]

PLACEHOLDERS = frozenset(
    {"-", "--", "—", "——", "―", "─", "-—", "/", "\\", "无", "空", "/ ", "x", "X", "×", "不适用"}
)
"""Printed texts that stand for "nothing to report" (after NFKC and stripping)."""


class Reading(NamedTuple):
    """The reading of one cell."""

    value: Cell
    printed: str | None
    """The printed text when it is not exactly how the library prints ``value``."""
    unreadable: bool
    """True when the cell holds text in which no number could be read."""


_BLANK = Reading(None, None, False)

# A number as printed: optional sign, digits with or without thousands separators, an
# optional fraction. Anchored, no nested quantifiers: linear time on any input.
_NUMBER = r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_UNITS = ("万元", "亿元", "元", "件", "条", "个", "项", "人次", "次", "人", "家", "宗", "起", "份")
_UNIT = re.compile(rf"({_NUMBER})\s*(万元|亿元|元|件|条|个|项|人次|次|人|家|宗|起|份)?")
_ANNOTATION_OPEN = frozenset("(（[【〔<《")
_CHINESE_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+")


def _amount(number: str, unit: str | None) -> Decimal:
    value = Decimal(number.replace(",", ""))
    if unit == "元":
        value = value.scaleb(-4)
    elif unit == "亿元":
        value = value.scaleb(4)
    else:
        return value
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _count(number: str) -> int | None:
    digits = number.replace(",", "")
    if "." in digits:
        whole, _, fraction = digits.partition(".")
        if fraction.strip("0"):
            return None
        digits = whole
    return int(digits)


def read_cell(text: str, spec: CellSpec) -> Reading:
    """Read the printed ``text`` of the statutory cell ``spec`` (see the module docs)."""
    return _read(text, spec.column.kind)


@lru_cache(maxsize=65536)
def _read(text: str, kind: CellKind) -> Reading:
    # Cached by text and kind: the same few texts ("0", "1", …) recur in every report.
    printed = clean_text(text)
    if not printed:
        return _BLANK
    normal = simplify(printed).replace("\n", " ").strip()
    if normal in PLACEHOLDERS:
        return Reading(None, printed, False)
    value = _value(normal, kind)
    if value is None or (isinstance(value, int) and abs(value) > MAX_COUNT):
        # No number, or a count beyond what a report document holds exactly: unreadable.
        return Reading(None, printed, True)
    plain = format_amount(value) if isinstance(value, Decimal) else format_count(value)
    return Reading(value, None if printed == plain else printed, False)


def _value(normal: str, kind: CellKind) -> Cell:
    match = _UNIT.match(normal)
    if match is None:
        return _numeral(normal) if kind is not CellKind.MONEY else None
    rest = normal[match.end() :].strip()
    if rest and rest[0] not in _ANNOTATION_OPEN:
        return None
    number, unit = match.group(1), match.group(2)
    if kind is CellKind.MONEY:
        if unit is not None and unit not in ("万元", "亿元", "元"):
            return None
        try:
            return _amount(number, unit)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return None
    if unit is not None and unit in ("万元", "亿元", "元"):
        return None
    if number.startswith("+") and kind is not CellKind.SIGNED:
        return None
    return _count(number)


def _numeral(normal: str) -> int | None:
    match = _CHINESE_NUMERAL.match(normal)
    if match is None:
        return None
    rest = normal[match.end() :].strip()
    if rest and rest not in _UNITS and rest[0] not in _ANNOTATION_OPEN:
        return None
    try:
        return parse_chinese_number(match.group(0))
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def looks_numeric(text: str) -> bool:
    """Whether a printed text reads as a value (a number, a placeholder) rather than a label."""
    normal = simplify(clean_text(text))
    if not normal:
        return False
    if normal in PLACEHOLDERS:
        return True
    match = _UNIT.match(normal)
    if match is None:
        return False
    rest = normal[match.end() :].strip()
    return not rest or rest[0] in _ANNOTATION_OPEN
