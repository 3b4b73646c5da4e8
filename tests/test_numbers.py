"""Tests for gov_disclosure.numbers (Chinese number style)."""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure.numbers import (
    format_amount,
    format_compact,
    format_count,
    format_date,
    format_percent,
    format_signed,
    item_number,
    normalize_digits,
    parse_chinese_number,
    section_number,
    sub_item_number,
    to_capital_amount,
    to_chinese,
)

# --------------------------------------------------------------------------
# Test-local helpers
# --------------------------------------------------------------------------

_CAPITAL_DIGIT = "零壹贰叁肆伍陆柒捌玖"
_CAPITAL_TAIL_RE = re.compile(r"(?:([壹贰叁肆伍陆柒捌玖])角)?(零)?(?:([壹贰叁肆伍陆柒捌玖])分)?")
_COMPACT_UNITS = {"万亿": 10**12, "亿": 10**8, "万": 10**4}


def _parse_capital(text: str) -> Decimal:
    """Read a 大写金额 string back into an exact amount in 元."""
    negative = text.startswith("负")
    body = text[1:] if negative else text
    if body.endswith("整"):
        body = body[:-1]
        assert body.endswith("元"), text
    yuan = 0
    if "元" in body:
        head, body = body.split("元")
        yuan = 0 if head == "零" else parse_chinese_number(head)
        assert head == "零" or yuan > 0, text
    match = _CAPITAL_TAIL_RE.fullmatch(body)
    assert match is not None, text
    jiao_char, zero, fen_char = match.groups()
    jiao = _CAPITAL_DIGIT.index(jiao_char) if jiao_char else 0
    fen = _CAPITAL_DIGIT.index(fen_char) if fen_char else 0
    # 零 appears exactly when there are 元, no 角 and some 分.
    assert (zero is not None) == (yuan > 0 and jiao == 0 and fen > 0), text
    amount = Decimal(yuan * 100 + jiao * 10 + fen).scaleb(-2)
    return -amount if negative else amount


def _parse_compact(text: str) -> Decimal:
    """Turn a compact string such as ``398.5758万`` back into its exact value."""
    with decimal.localcontext() as ctx:
        ctx.prec = 200
        for suffix, factor in _COMPACT_UNITS.items():
            if text.endswith(suffix):
                return Decimal(text[: -len(suffix)]) * factor
        return Decimal(text)


def _half_up(value: Fraction, places: int) -> Fraction:
    """Round a rational half away from zero to *places* decimals, independently of decimal."""
    scale = 10**places
    magnitude = abs(value) * scale
    whole, remainder = divmod(magnitude.numerator, magnitude.denominator)
    if 2 * remainder >= magnitude.denominator:
        whole += 1
    result = Fraction(whole, scale)
    return -result if value < 0 else result


def _to_fullwidth(text: str) -> str:
    """Write ASCII digits, comma and minus in their full-width forms."""
    table = {ord(str(i)): chr(0xFF10 + i) for i in range(10)}
    table.update({ord(","): "，", ord("-"): "－"})
    return text.translate(table)


# Numbers made mostly of zeros exercise the 零 rules far more than uniform ints.
_sparse_ints = st.lists(st.sampled_from("0000129"), min_size=1, max_size=16).map(
    lambda digits: int("".join(digits))
)

_decimal_values = st.builds(
    lambda coefficient, exponent: Decimal(f"{coefficient}E{exponent}"),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=-30, max_value=30),
)

# --------------------------------------------------------------------------
# Counts
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "kwargs", "expected"),
    [
        (3985758, {}, "3985758"),
        (3985758, {"grouping": True}, "3,985,758"),
        (-8, {}, "-8"),
        (0, {"grouping": True}, "0"),
        (-3985758, {"grouping": True}, "-3,985,758"),
        (3985758, {"grouping": True, "locale": "de_DE"}, "3.985.758"),
        (3985758, {"grouping": True, "locale": "zh-CN"}, "3,985,758"),
        (10**40, {"grouping": True}, "10" + ",000" * 13),
    ],
)
def test_format_count(n: int, kwargs: dict[str, Any], expected: str) -> None:
    """format_count prints plain or grouped digits exactly."""
    assert format_count(n, **kwargs) == expected


@pytest.mark.parametrize(
    ("n", "expected"), [(1036, "+1036"), (-8, "-8"), (0, "0"), (12345, "+12345")]
)
def test_format_signed(n: int, expected: str) -> None:
    """format_signed gives an explicit sign except for zero."""
    assert format_signed(n) == expected


def test_format_signed_grouping() -> None:
    """format_signed passes grouping through to format_count."""
    assert format_signed(1036, grouping=True) == "+1,036"


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_grouped_count_parses_back(n: int) -> None:
    """A grouped count, in ASCII or full-width digits, parses back to the same int."""
    grouped = format_count(n, grouping=True)
    assert parse_chinese_number(grouped) == n
    assert parse_chinese_number(_to_fullwidth(grouped)) == n


# --------------------------------------------------------------------------
# Amounts
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (Decimal("96171.6"), {}, "96171.6"),
        (Decimal("40.1396"), {}, "40.1396"),
        (Decimal("1E+3"), {}, "1000"),
        (Decimal("1.50"), {}, "1.50"),
        (Decimal("1.0E-7"), {}, "0.00000010"),
        (Decimal("-0"), {}, "0"),
        (12, {}, "12"),
        (Decimal("40.1396"), {"places": 2}, "40.14"),
        (Decimal("2.345"), {"places": 2}, "2.35"),
        (Decimal("-2.345"), {"places": 2}, "-2.35"),
        (Decimal("2.345"), {"places": 2, "rounding": decimal.ROUND_HALF_EVEN}, "2.34"),
        (Decimal("2.349"), {"places": 2, "rounding": decimal.ROUND_DOWN}, "2.34"),
        (Decimal("-0.001"), {"places": 2}, "0.00"),
        (Decimal("96171.6"), {"places": 0}, "96172"),
        (123, {"places": 2}, "123.00"),
        (Decimal("1234567.891"), {"grouping": True}, "1,234,567.891"),
        (Decimal("-1234.5"), {"grouping": True}, "-1,234.5"),
        (Decimal("123.4"), {"grouping": True}, "123.4"),
        (Decimal("1234567.891"), {"grouping": True, "places": 2}, "1,234,567.89"),
        (Decimal("1" * 40 + ".5"), {"places": 0}, "1" * 39 + "2"),
    ],
)
def test_format_amount(value: Decimal | int, kwargs: dict[str, Any], expected: str) -> None:
    """format_amount keeps or quantizes digits exactly as documented."""
    assert format_amount(value, **kwargs) == expected


@given(_decimal_values)
def test_format_amount_round_trips(value: Decimal) -> None:
    """With places=None the text converts back to the same Decimal, grouped or not."""
    text = format_amount(value)
    assert "E" not in text
    assert Decimal(text) == value
    assert Decimal(format_amount(value, grouping=True).replace(",", "")) == value


@given(_decimal_values, st.integers(min_value=0, max_value=6))
def test_format_amount_places_half_up(value: Decimal, places: int) -> None:
    """With places the text has exactly that many decimals and is rounded half up."""
    text = format_amount(value, places=places)
    _, _, fraction = text.partition(".")
    assert len(fraction) == places
    assert Fraction(Decimal(text)) == _half_up(Fraction(value), places)


def test_format_amount_ignores_caller_context() -> None:
    """A narrow or trapping caller decimal context does not change the result."""
    value = Decimal("123456789012345678901234567890.125")
    with decimal.localcontext() as ctx:
        ctx.prec = 5
        ctx.traps[decimal.Inexact] = True
        assert format_amount(value, places=2) == "123456789012345678901234567890.13"
        assert format_count(10**30, grouping=True) == "1" + ",000" * 10


# --------------------------------------------------------------------------
# Compact, percent, date
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fraction_digits", "expected"),
    [
        (3985758, 0, "399万"),
        (3985758, 1, "398.6万"),
        (3985758, 2, "398.58万"),
        (Decimal("3985758"), 0, "399万"),
        (9999, 1, "9999"),
        (10000, 1, "1万"),
        (15000, 0, "2万"),
        (25000, 0, "3万"),
        (99999, 1, "10万"),
        (99995000, 0, "1亿"),
        (99995000, 1, "9999.5万"),
        (123456789, 2, "1.23亿"),
        (10**12, 1, "1万亿"),
        (10**16, 1, "10000万亿"),
        (0, 1, "0"),
        (-3985758, 1, "-398.6万"),
        (Decimal("96171.6"), 1, "9.6万"),
        (Decimal("1234.5678"), 1, "1234.6"),
        (Decimal("1234.00"), 1, "1234"),
        (Decimal("9999.96"), 1, "1万"),
        (Decimal("-0.04"), 1, "0"),
        (
            Decimal("12345678901234567890123456789012345"),
            10,
            "12345678901234567890123.4567890123万亿",
        ),
    ],
)
def test_format_compact(value: int | Decimal, fraction_digits: int, expected: str) -> None:
    """format_compact reproduces babel's zh_CN compact forms with half-up rounding."""
    assert format_compact(value, fraction_digits=fraction_digits) == expected


def test_format_compact_default_and_rounding() -> None:
    """The default keeps one decimal; an explicit rounding mode is honoured."""
    assert format_compact(3985758) == "398.6万"
    assert format_compact(25000, fraction_digits=0, rounding=decimal.ROUND_HALF_EVEN) == "2万"


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_format_compact_exact_for_ints(n: int) -> None:
    """With enough fraction digits the compact form is exactly the input int."""
    assert _parse_compact(format_compact(n, fraction_digits=20)) == n


@given(_decimal_values)
def test_format_compact_exact_for_decimals(value: Decimal) -> None:
    """With enough fraction digits babel returns Decimal inputs exactly."""
    assert _parse_compact(format_compact(value, fraction_digits=50)) == value


@pytest.mark.parametrize(
    ("part", "whole", "places", "expected"),
    [
        (1, 3, 1, "33.3%"),
        (2, 3, 1, "66.7%"),
        (1, 8, 2, "12.50%"),
        (1, 8, 1, "12.5%"),
        (1, 400, 1, "0.3%"),
        (1, 2, 0, "50%"),
        (Decimal("0.5"), 3, 0, "17%"),
        (200, 1, 1, "20,000.0%"),
        (-1, 3, 1, "-33.3%"),
        (-1, 10000, 1, "0.0%"),
        (0, 5, 1, "0.0%"),
        (Decimal("96171.6"), Decimal("96171.6"), 1, "100.0%"),
    ],
)
def test_format_percent(
    part: int | Decimal, whole: int | Decimal, places: int, expected: str
) -> None:
    """format_percent rounds the exact ratio half up and renders it through babel."""
    assert format_percent(part, whole, places=places) == expected


def test_format_percent_rounding_mode() -> None:
    """An explicit rounding mode is applied to the exact ratio."""
    assert format_percent(1, 8, places=1, rounding=decimal.ROUND_HALF_EVEN) == "12.5%"
    assert format_percent(1, 800, places=2, rounding=decimal.ROUND_HALF_EVEN) == "0.12%"
    assert format_percent(1, 800, places=2) == "0.13%"


@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.integers(min_value=-(10**12), max_value=10**12).filter(bool),
    st.integers(min_value=0, max_value=4),
)
def test_format_percent_matches_exact_ratio(part: int, whole: int, places: int) -> None:
    """The printed percentage equals the exact ratio rounded half up."""
    text = format_percent(part, whole, places=places)
    assert text.endswith("%")
    number = text[:-1].replace(",", "")
    assert len(number.partition(".")[2]) == places
    assert Fraction(Decimal(number)) == _half_up(Fraction(part * 100, whole), places)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (datetime.date(2024, 1, 31), "2024年1月31日"),
        (datetime.date(2019, 12, 5), "2019年12月5日"),
        (datetime.datetime(2023, 3, 1, 23, 59), "2023年3月1日"),
    ],
)
def test_format_date(d: datetime.date, expected: str) -> None:
    """format_date prints 年月日 without zero padding."""
    assert format_date(d) == expected


# --------------------------------------------------------------------------
# Chinese numerals
# --------------------------------------------------------------------------

KNOWN_CHINESE = [
    (0, "零"),
    (1, "一"),
    (10, "十"),
    (11, "十一"),
    (15, "十五"),
    (20, "二十"),
    (110, "一百一十"),
    (1001, "一千零一"),
    (1010, "一千零一十"),
    (1100, "一千一百"),
    (2023, "二千零二十三"),
    (10300, "一万零三百"),
    (100010, "十万零一十"),
    (107000, "十万七千"),
    (110010, "十一万零一十"),
    (10003000, "一千万三千"),
    (10**8, "一亿"),
    (100000001, "一亿零一"),
    (100100000, "一亿零一十万"),
    (1000010000, "十亿零一万"),
    (1234567890, "十二亿三千四百五十六万七千八百九十"),
    (10**12 - 1, "九千九百九十九亿九千九百九十九万九千九百九十九"),
    (10**12, "一万亿"),
    (-5, "负五"),
    (-(10**12), "负一万亿"),
]


@pytest.mark.parametrize(("n", "expected"), KNOWN_CHINESE)
def test_to_chinese_known(n: int, expected: str) -> None:
    """to_chinese matches a table of known 中文数字."""
    assert to_chinese(n) == expected


@pytest.mark.parametrize(("n", "expected"), KNOWN_CHINESE)
def test_parse_chinese_known(n: int, expected: str) -> None:
    """parse_chinese_number reads every known 中文数字 back."""
    assert parse_chinese_number(expected) == n


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (2, "二"),
        (20, "二十"),
        (22, "二十二"),
        (222, "两百二十二"),
        (2023, "两千零二十三"),
        (1200, "一千两百"),
        (20000, "两万"),
        (220000, "二十二万"),
        (200000000, "两亿"),
        (100020000, "一亿零两万"),
    ],
)
def test_to_chinese_liang(n: int, expected: str) -> None:
    """With liang=True, 两 is used only in the 百/千 places and for a bare 万/亿 section."""
    assert to_chinese(n, liang=True) == expected


@given(
    st.one_of(
        st.integers(min_value=-(10**12), max_value=10**12),
        _sparse_ints.filter(lambda n: n <= 10**12),
    ),
    st.booleans(),
)
def test_to_chinese_round_trip(n: int, liang: bool) -> None:
    """parse_chinese_number inverts to_chinese over the whole range."""
    text = to_chinese(n, liang=liang)
    assert parse_chinese_number(text) == n
    assert "零零" not in text
    assert n == 0 or not text.endswith("零")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一万零三百", 10300),
        ("十五", 15),
        ("一十五", 15),
        ("二〇二三", 2023),
        ("〇〇七", 7),
        ("二千〇二十三", 2023),
        ("两千", 2000),
        ("两万两千", 22000),
        ("壹拾万", 100000),
        ("壹仟零肆", 1004),
        ("壹仟万叁仟", 10003000),
        ("123", 123),
        ("１２３", 123),
        ("3,985,758", 3985758),
        ("３，９８５，７５８", 3985758),
        ("-8", -8),
        ("－８", -8),
        ("+1036", 1036),
        ("负十", -10),
        (" 十 ", 10),
        ("零", 0),
    ],
)
def test_parse_chinese_number(text: str, expected: int) -> None:
    """parse_chinese_number accepts 小写, 大写, digit-by-digit and Arabic forms."""
    assert parse_chinese_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "-",
        "负",
        "百",
        "万",
        "亿",
        "十十",
        "一千一",
        "一万三百",
        "一百零十",
        "一百零一十",
        "一万万",
        "一亿亿",
        "一二百",
        "一百一千",
        "一零万",
        "一百零",
        "一千零零一",
        "3万",
        "1.5",
        "12,34",
        "1,2345",
        "--5",
        "abc",
        "一 百",
    ],
)
def test_parse_chinese_number_rejects(text: str) -> None:
    """Malformed numerals raise ValueError naming the text."""
    with pytest.raises(ValueError, match="cannot parse"):
        parse_chinese_number(text)


def test_normalize_digits() -> None:
    """normalize_digits maps full-width digits, signs, comma and period to ASCII."""
    assert normalize_digits("０１２３４５６７８９") == "0123456789"
    assert normalize_digits("－１，２３４．５") == "-1,234.5"
    assert normalize_digits("＋７") == "+7"
    assert normalize_digits("\u22128") == "-8"
    assert normalize_digits("共３件。") == "共3件。"


# --------------------------------------------------------------------------
# 序号
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "section", "item", "sub"),
    [
        (1, "一、", "（一）", "1."),
        (2, "二、", "（二）", "2."),
        (10, "十、", "（十）", "10."),
        (11, "十一、", "（十一）", "11."),
        (12, "十二、", "（十二）", "12."),
        (21, "二十一、", "（二十一）", "21."),
        (110, "一百一十、", "（一百一十）", "110."),
    ],
)
def test_ordinals(n: int, section: str, item: str, sub: str) -> None:
    """The three 序号 levels use 、, full-width brackets and an ASCII full stop."""
    assert section_number(n) == section
    assert item_number(n) == item
    assert sub_item_number(n) == sub


@pytest.mark.parametrize("func", [section_number, item_number, sub_item_number])
@pytest.mark.parametrize("n", [0, -1])
def test_ordinals_reject_below_one(func: Callable[[int], str], n: int) -> None:
    """Ordinals start at 1."""
    with pytest.raises(ValueError, match="start at 1"):
        func(n)


# --------------------------------------------------------------------------
# 大写金额
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (100000, "壹拾万元整"),
        (0, "零元整"),
        (10, "壹拾元整"),
        (Decimal("1.05"), "壹元零伍分"),
        (Decimal("0.5"), "伍角"),
        (Decimal("0.05"), "伍分"),
        (Decimal("0.55"), "伍角伍分"),
        (Decimal("1004.10"), "壹仟零肆元壹角"),
        (Decimal("1004.1"), "壹仟零肆元壹角"),
        (Decimal("1234567.89"), "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
        (Decimal("1680.32"), "壹仟陆佰捌拾元叁角贰分"),
        (Decimal("10.05"), "壹拾元零伍分"),
        (Decimal("107000.53"), "壹拾万柒仟元伍角叁分"),
        (Decimal("100010"), "壹拾万零壹拾元整"),
        (Decimal("1.050"), "壹元零伍分"),
        (Decimal("1E+4"), "壹万元整"),
        (Decimal("-3.00"), "负叁元整"),
        (Decimal("-0.00"), "零元整"),
        (10**12, "壹万亿元整"),
        (10**16 - 1, "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整"),
    ],
)
def test_to_capital_amount(value: Decimal | int, expected: str) -> None:
    """to_capital_amount follows the 中国人民银行 writing rules."""
    assert to_capital_amount(value) == expected


def test_to_capital_amount_rounding() -> None:
    """More than two decimals need an explicit rounding mode."""
    with pytest.raises(ValueError, match="more than 2 decimal places"):
        to_capital_amount(Decimal("1.005"))
    assert to_capital_amount(Decimal("1.005"), rounding=decimal.ROUND_HALF_UP) == "壹元零壹分"
    assert to_capital_amount(Decimal("1.005"), rounding=decimal.ROUND_HALF_EVEN) == "壹元整"
    assert to_capital_amount(Decimal("-0.001"), rounding=decimal.ROUND_HALF_UP) == "零元整"
    with pytest.raises(ValueError, match="10\\*\\*16"):
        to_capital_amount(Decimal("9999999999999999.995"), rounding=decimal.ROUND_HALF_UP)


@given(
    st.one_of(
        st.integers(min_value=-(10**18) + 1, max_value=10**18 - 1),
        _sparse_ints.filter(lambda n: n < 10**18),
    )
)
def test_to_capital_amount_round_trip(cents: int) -> None:
    """Reading the 大写 string back gives the same amount: no digit is lost."""
    amount = Decimal(cents).scaleb(-2)
    text = to_capital_amount(amount)
    assert set(text) <= set("负零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
    assert _parse_capital(text) == amount


@given(st.integers(min_value=-(10**16) + 1, max_value=10**16 - 1))
def test_to_capital_amount_int_yuan(yuan: int) -> None:
    """Whole-yuan ints end in 元整 and read back to the same int."""
    text = to_capital_amount(yuan)
    assert text.endswith("元整")
    assert _parse_capital(text) == yuan


# --------------------------------------------------------------------------
# Type and range errors
# --------------------------------------------------------------------------


_Call = tuple[Callable[..., object], tuple[object, ...], dict[str, object]]

WRONG_TYPES: list[_Call] = [
    (format_count, (True,), {}),
    (format_count, (1.0,), {}),
    (format_count, (1,), {"locale": None}),
    (format_signed, (False,), {}),
    (format_amount, (1.5,), {}),
    (format_amount, (True,), {}),
    (format_amount, ("1.5",), {}),
    (format_amount, (Decimal(1),), {"places": True}),
    (format_amount, (1,), {"rounding": None}),
    (format_compact, (1.5,), {}),
    (format_percent, (1.0, 3), {}),
    (format_percent, (1, True), {}),
    (format_date, ("2024-01-31",), {}),
    (to_chinese, (True,), {}),
    (to_chinese, (1.0,), {}),
    (section_number, (1.0,), {}),
    (item_number, (True,), {}),
    (sub_item_number, (2.0,), {}),
    (to_capital_amount, (1.05,), {}),
    (to_capital_amount, (True,), {}),
    (parse_chinese_number, (123,), {}),
    (normalize_digits, (b"123",), {}),
]


@pytest.mark.parametrize(("func", "args", "kwargs"), WRONG_TYPES)
def test_wrong_types_raise_type_error(
    func: Callable[..., object], args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    """bool, float, str and other wrong types raise TypeError."""
    with pytest.raises(TypeError, match="must be"):
        func(*args, **kwargs)


BAD_VALUES: list[tuple[Callable[..., object], tuple[object, ...], dict[str, object], str]] = [
    (to_chinese, (10**12 + 1,), {}, "10\\*\\*12"),
    (to_chinese, (-(10**12) - 1,), {}, "10\\*\\*12"),
    (section_number, (10**12 + 1,), {}, "10\\*\\*12"),
    (to_capital_amount, (10**16,), {}, "10\\*\\*16"),
    (to_capital_amount, (Decimal("-1E+16"),), {}, "10\\*\\*16"),
    (to_capital_amount, (Decimal("NaN"),), {}, "finite"),
    (to_capital_amount, (1,), {"rounding": "nearest"}, "rounding"),
    (format_amount, (Decimal("Infinity"),), {}, "finite"),
    (format_amount, (Decimal("sNaN"),), {}, "finite"),
    (format_amount, (1,), {"places": -1}, ">= 0"),
    (format_amount, (1,), {"rounding": "HALF"}, "rounding"),
    (format_compact, (1,), {"fraction_digits": -1}, ">= 0"),
    (format_compact, (Decimal("-Infinity"),), {}, "finite"),
    (format_percent, (1, 0), {}, "zero"),
    (format_percent, (1, Decimal("0.00")), {}, "zero"),
    (format_percent, (1, 3), {"places": -1}, ">= 0"),
    (format_count, (1,), {"locale": "xx_YY"}, "locale"),
    (format_count, (1,), {"locale": ""}, "locale"),
    (format_count, (1,), {"grouping": True, "locale": "not a locale"}, "locale"),
]


@pytest.mark.parametrize(("func", "args", "kwargs", "message"), BAD_VALUES)
def test_bad_values_raise_value_error(
    func: Callable[..., object], args: tuple[object, ...], kwargs: dict[str, object], message: str
) -> None:
    """Out-of-range and invalid values raise ValueError with a clear message."""
    with pytest.raises(ValueError, match=message):
        func(*args, **kwargs)
