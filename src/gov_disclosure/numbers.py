"""Chinese number style for 政府信息公开工作年度报告.

Counts, 万元 amounts, compact 万/亿 forms, percentages, dates, 中文数字,
序号 (``一、`` / ``（一）`` / ``1.``), 大写金额 and the reverse parse of
Chinese numerals.

Everything is exact: only :class:`int` and :class:`decimal.Decimal` are
accepted (``bool`` and ``float`` raise :class:`TypeError`), every rounding
step is explicit, and bad values raise :class:`ValueError` with a message
that names the offending input.  See ``docs/numbers.md`` for the
conventions (十 vs 一十, 二 vs 两, 壹拾, rounding).
"""

from __future__ import annotations

import datetime
import decimal
import functools
from decimal import Decimal
from fractions import Fraction

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_compact_decimal as _babel_format_compact_decimal
from babel.numbers import format_decimal as _babel_format_decimal
from babel.numbers import format_percent as _babel_format_percent

from ._numerals import (
    _check_int,
    _check_places,
    _check_rounding,
    _context,
    _group_plain,
    _plain,
    _round_fraction,
    _to_decimal,
    item_number,
    normalize_digits,
    parse_chinese_number,
    section_number,
    sub_item_number,
    to_capital_amount,
    to_chinese,
)

__all__ = [
    "format_amount",
    "format_compact",
    "format_count",
    "format_date",
    "format_percent",
    "format_signed",
    "item_number",
    "normalize_digits",
    "parse_chinese_number",
    "section_number",
    "sub_item_number",
    "to_capital_amount",
    "to_chinese",
]

# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _parse_locale(identifier: str) -> Locale:
    """Parse a locale once: babel's parsing dominates formatting a single number."""
    return Locale.parse(identifier)


def _check_locale(value: object) -> Locale:
    """Parse a locale identifier such as ``zh_CN`` (``zh-CN`` is accepted too)."""
    if not isinstance(value, str):
        raise TypeError(f"locale must be a str, not {type(value).__name__} ({value!r})")
    if not value.strip():
        raise ValueError("locale must be a non-empty locale identifier such as 'zh_CN'")
    try:
        return _parse_locale(value.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise ValueError(f"unknown locale {value!r}: {exc}") from exc


# --------------------------------------------------------------------------
# Counts and amounts
# --------------------------------------------------------------------------


def format_count(n: int, *, grouping: bool = False, locale: str = "zh_CN") -> str:
    """Format an integer count as the published tables print it.

    Without grouping the plain digits are returned (``3985758``, ``-8``);
    with ``grouping=True`` babel's ``format_decimal`` inserts the locale's
    group separator (``3,985,758`` for ``zh_CN``).

    >>> format_count(3985758)
    '3985758'
    >>> format_count(3985758, grouping=True)
    '3,985,758'
    """
    value = _check_int(n, "n")
    parsed_locale = _check_locale(locale)
    if not grouping:
        return str(value)
    exact = Decimal(value)
    with decimal.localcontext(_context(exact, 0, decimal.ROUND_HALF_EVEN)):
        return _babel_format_decimal(exact, locale=parsed_locale)


def format_signed(n: int, *, grouping: bool = False, locale: str = "zh_CN") -> str:
    """Format a change (本年增/减) with an explicit sign: ``+1036``, ``-8``, ``0``.

    Zero carries no sign.  ``grouping`` and ``locale`` are as in
    :func:`format_count`.

    >>> format_signed(1036), format_signed(-8), format_signed(0)
    ('+1036', '-8', '0')
    """
    value = _check_int(n, "n")
    text = format_count(value, grouping=grouping, locale=locale)
    return "+" + text if value > 0 else text


def format_amount(
    value: Decimal | int,
    *,
    places: int | None = None,
    grouping: bool = False,
    rounding: str = decimal.ROUND_HALF_UP,
) -> str:
    """Format a 万元 amount exactly, never through float and never in scientific notation.

    ``places=None`` keeps the value's own digits (``Decimal("96171.6")`` ->
    ``96171.6``, ``Decimal("1E+3")`` -> ``1000``); an int ``places`` quantizes
    to that many decimals with *rounding* (default ``ROUND_HALF_UP``, i.e.
    四舍五入).  ``grouping=True`` inserts ``,`` every three integer digits,
    working on the exact digit string.  A zero result is written without a
    sign.

    >>> format_amount(Decimal("40.1396"))
    '40.1396'
    >>> format_amount(Decimal("40.1396"), places=2)
    '40.14'
    >>> format_amount(Decimal("96171.6"), grouping=True)
    '96,171.6'
    """
    exact = _to_decimal(value, "value")
    mode = _check_rounding(rounding)
    if places is not None:
        digits = _check_places(places, "places")
        with decimal.localcontext(_context(exact, digits, mode)):
            exact = exact.quantize(Decimal(1).scaleb(-digits))
    text = _plain(exact)
    return _group_plain(text) if grouping else text


def format_compact(
    value: int | Decimal,
    *,
    fraction_digits: int = 1,
    rounding: str = decimal.ROUND_HALF_UP,
) -> str:
    """Format a number in the compact 万 / 亿 / 万亿 style of ``zh_CN``.

    Uses babel's ``format_compact_decimal(..., locale="zh_CN")``; the scaled
    value is rounded to at most *fraction_digits* decimals with *rounding*
    (default ``ROUND_HALF_UP``) and trailing zeros are dropped.  Values below
    10 000 have no compact unit: babel would print all their digits, so they
    are rounded here the same way first.  The work is done in a private
    decimal context wide enough for the whole value, so Decimal inputs are
    handled exactly.

    >>> format_compact(3985758)
    '398.6万'
    >>> format_compact(3985758, fraction_digits=0)
    '399万'
    >>> format_compact(123456789, fraction_digits=2)
    '1.23亿'
    """
    exact = _to_decimal(value, "value")
    digits = _check_places(fraction_digits, "fraction_digits")
    mode = _check_rounding(rounding)
    with decimal.localcontext(_context(exact, digits, mode)):
        if abs(exact) < 10000:
            exact = exact.quantize(Decimal(1).scaleb(-digits))
            exact = Decimal(0) if exact.is_zero() else exact.normalize()
        return _babel_format_compact_decimal(exact, locale="zh_CN", fraction_digits=digits)


def format_percent(
    part: int | Decimal,
    whole: int | Decimal,
    *,
    places: int = 1,
    rounding: str = decimal.ROUND_HALF_UP,
) -> str:
    """Format ``part / whole`` as a percentage with exactly *places* decimals.

    The ratio is computed exactly (rational arithmetic), rounded once to
    *places* decimals of a percent with *rounding* (default
    ``ROUND_HALF_UP``), and rendered by babel's ``format_percent`` for
    ``zh_CN``.  ``whole == 0`` raises :class:`ValueError`.

    >>> format_percent(1, 3)
    '33.3%'
    >>> format_percent(1, 8, places=2)
    '12.50%'
    """
    numerator = _to_decimal(part, "part")
    denominator = _to_decimal(whole, "whole")
    digits = _check_places(places, "places")
    mode = _check_rounding(rounding)
    if denominator.is_zero():
        raise ValueError(f"cannot compute a percentage of a zero whole (part={part!r})")
    ratio = Fraction(numerator) / Fraction(denominator) * 100
    percent = _round_fraction(ratio, digits, mode)
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    with decimal.localcontext(_context(percent, digits + 2, mode)):
        return _babel_format_percent(percent.scaleb(-2), format=pattern, locale="zh_CN")


def format_date(d: datetime.date) -> str:
    """Format a date the way the reports print it: ``2024年1月31日``.

    Uses babel's ``format_date`` with the explicit CLDR pattern
    ``y年M月d日`` for ``zh_CN`` (no zero padding, no weekday).  A
    :class:`datetime.datetime` is accepted and its time is ignored.

    >>> format_date(datetime.date(2024, 1, 31))
    '2024年1月31日'
    """
    if not isinstance(d, datetime.date):
        raise TypeError(f"d must be a datetime.date, not {type(d).__name__} ({d!r})")
    day = d.date() if isinstance(d, datetime.datetime) else d
    return _babel_format_date(day, format="y年M月d日", locale="zh_CN")


# --------------------------------------------------------------------------
