"""Exact number helpers and Chinese numerals behind :mod:`gov_disclosure.numbers`.

中文数字, 序号, 大写金额 and the reverse parse of Chinese numerals, with the validation and
exact-rounding helpers the formatters share. The public names are re-exported by
:mod:`gov_disclosure.numbers`; see ``docs/numbers.md``.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from fractions import Fraction

from .model.cell import decimal_text

# Constants
# --------------------------------------------------------------------------

#: Largest absolute value accepted by :func:`to_chinese` (一万亿).
_CHINESE_MAX = 10**12

#: Exclusive upper bound (in 元) of :func:`to_capital_amount` (一亿亿).
_CAPITAL_LIMIT = 10**16

_ROUNDING_MODES = frozenset(
    {
        decimal.ROUND_05UP,
        decimal.ROUND_CEILING,
        decimal.ROUND_DOWN,
        decimal.ROUND_FLOOR,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_HALF_UP,
        decimal.ROUND_UP,
    }
)

_LOWER_DIGITS = "零一二三四五六七八九"
_LOWER_UNITS = ("", "十", "百", "千")
_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CAPITAL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ((10**8, "亿"), (10**4, "万"))
_CENT = Decimal("0.01")

_FULLWIDTH_TABLE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "\uff0d": "-",  # FULLWIDTH HYPHEN-MINUS
        "\u2212": "-",  # MINUS SIGN
        "\uff0b": "+",  # FULLWIDTH PLUS SIGN
        "\uff0c": ",",  # FULLWIDTH COMMA
        "\uff0e": ".",  # FULLWIDTH FULL STOP
    }
)

_FULLWIDTH_PAIRS = tuple((chr(k), str(v)) for k, v in _FULLWIDTH_TABLE.items())

_PARSE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_PARSE_ZEROS = frozenset("零〇")
_PARSE_SMALL_UNITS = {"十": 1, "拾": 1, "百": 2, "佰": 2, "千": 3, "仟": 3}
_ASCII_INT_RE = re.compile(r"[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+")


# --------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------


def _check_int(value: object, name: str) -> int:
    """Return *value* if it is a real ``int`` (not ``bool``), else raise TypeError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__} ({value!r})")
    return value


def _check_places(value: object, name: str) -> int:
    """Return a non-negative ``int`` number of decimal places."""
    places = _check_int(value, name)
    if places < 0:
        raise ValueError(f"{name} must be >= 0, got {places}")
    return places


def _to_decimal(value: object, name: str) -> Decimal:
    """Convert an ``int`` or finite ``Decimal`` exactly; reject bool, float and others."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError(
            f"{name} must be an int or decimal.Decimal, not {type(value).__name__} ({value!r})"
        )
    if isinstance(value, int):
        return Decimal(value)
    if not value.is_finite():
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


def _check_rounding(value: object, name: str = "rounding") -> str:
    """Return *value* if it is one of the :mod:`decimal` rounding constants."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a decimal rounding mode string, not {value!r}")
    if value not in _ROUNDING_MODES:
        allowed = ", ".join(sorted(_ROUNDING_MODES))
        raise ValueError(f"{name} must be one of {allowed}; got {value!r}")
    return value


def _context(value: Decimal, extra_digits: int, rounding: str) -> decimal.Context:
    """Return an isolated decimal context precise enough to work on *value* exactly.

    The precision covers every digit of *value* written out in full plus
    *extra_digits*, so quantize/divide-by-power-of-ten never round silently,
    whatever the caller's own decimal context says.
    """
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"expected a finite number, got {value!r}")
    width = len(digits) + abs(exponent)
    return decimal.Context(
        prec=max(28, width + extra_digits + 4),
        rounding=rounding,
        Emin=decimal.MIN_EMIN,
        Emax=decimal.MAX_EMAX,
        traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
    )


def _plain(value: Decimal) -> str:
    """Write *value* in positional notation, never scientific; ``-0`` becomes ``0``."""
    if value.is_zero():
        value = value.copy_abs()
    return decimal_text(value)


def _group_plain(text: str, separator: str = ",") -> str:
    """Insert *separator* every three integer digits of a plain decimal string."""
    sign = "-" if text.startswith("-") else ""
    body = text[len(sign) :]
    integer, dot, fraction = body.partition(".")
    head = len(integer) % 3 or 3
    groups = [integer[:head]] + [integer[i : i + 3] for i in range(head, len(integer), 3)]
    return sign + separator.join(groups) + dot + fraction


def _round_fraction(value: Fraction, places: int, rounding: str) -> Decimal:
    """Round an exact rational to *places* decimals with the given decimal rounding mode.

    The discarded tail is replaced by a proxy (0, 0.25, 0.5 or 0.75) that
    compares to one half exactly like the true tail, so the result is what
    an infinitely precise quantize would return, for every rounding mode.
    """
    scaled = value * 10**places
    magnitude = abs(scaled)
    whole, remainder = divmod(magnitude.numerator, magnitude.denominator)
    if remainder == 0:
        tail = Decimal(0)
    elif 2 * remainder < magnitude.denominator:
        tail = Decimal("0.25")
    elif 2 * remainder == magnitude.denominator:
        tail = Decimal("0.5")
    else:
        tail = Decimal("0.75")
    approx = Decimal(whole)
    with decimal.localcontext(_context(approx, places + 4, rounding)):
        approx = approx + tail
        if scaled < 0:
            approx = -approx
        result = approx.quantize(Decimal(1)).scaleb(-places)
    return result.copy_abs() if result.is_zero() else result


# Chinese numerals
# --------------------------------------------------------------------------


def _section_words(
    n: int, *, leading: bool, digits: str, units: tuple[str, ...], bare_ten: bool, liang: bool
) -> str:
    """Write 1 <= n <= 9999 with 千百十 units, one 零 per internal run of zeros."""
    out: list[str] = []
    started = False
    zero_pending = False
    for position in (3, 2, 1, 0):
        digit = n // 10**position % 10
        if digit == 0:
            zero_pending = zero_pending or started
            continue
        if zero_pending:
            out.append(digits[0])
            zero_pending = False
        if position == 1 and digit == 1 and leading and not started and bare_ten:
            out.append(units[1])
        elif digit == 2 and liang and position >= 2:
            out.append("两" + units[position])
        else:
            out.append(digits[digit] + units[position])
        started = True
    return "".join(out)


def _int_words(
    n: int,
    *,
    leading: bool = True,
    digits: str,
    units: tuple[str, ...],
    bare_ten: bool,
    liang: bool,
) -> str:
    """Write 1 <= n < 10**16 with 万/亿 sections (万亿 for the top section)."""
    for base, unit in _BIG_UNITS:
        if n >= base:
            high, low = divmod(n, base)
            if high == 2 and liang:
                text = "两" + unit
            else:
                text = (
                    _int_words(
                        high,
                        leading=leading,
                        digits=digits,
                        units=units,
                        bare_ten=bare_ten,
                        liang=liang,
                    )
                    + unit
                )
            if low:
                if low < base // 10:
                    text += digits[0]
                text += _int_words(
                    low, leading=False, digits=digits, units=units, bare_ten=bare_ten, liang=liang
                )
            return text
    return _section_words(
        n, leading=leading, digits=digits, units=units, bare_ten=bare_ten, liang=liang
    )


def to_chinese(n: int, *, liang: bool = False) -> str:
    """Write an integer in 中文数字 (小写), for ``-10**12 <= n <= 10**12``.

    A number that starts with 10-19 is written 十…, but inside a number the
    tens digit 1 is written 一十 (``100010`` -> ``十万零一十``).  One 零 marks
    each run of missing places.  Digit 2 is written 二 by default; with
    ``liang=True`` it becomes 两 in the 百 and 千 places and when a whole 万 /
    亿 section is just 2 (``两千二百``, ``两万``), never in the 十 or 个 places.
    Negative numbers get the prefix 负.

    >>> to_chinese(100010)
    '十万零一十'
    >>> to_chinese(2023)
    '二千零二十三'
    >>> to_chinese(2023, liang=True)
    '两千零二十三'
    """
    value = _check_int(n, "n")
    if abs(value) > _CHINESE_MAX:
        raise ValueError(f"to_chinese supports -10**12 <= n <= 10**12, got {value}")
    if value == 0:
        return "零"
    text = _int_words(
        abs(value), digits=_LOWER_DIGITS, units=_LOWER_UNITS, bare_ten=True, liang=bool(liang)
    )
    return "负" + text if value < 0 else text


def section_number(n: int) -> str:
    """Return the 一级标题 序号 ``一、``, ``二、`` … ``十一、`` for ``n >= 1``.

    >>> section_number(11)
    '十一、'
    """
    value = _check_ordinal(n)
    return to_chinese(value) + "、"


def item_number(n: int) -> str:
    """Return the 二级标题 序号 with full-width brackets: ``（一）``, ``（十二）``.

    >>> item_number(12)
    '（十二）'
    """
    value = _check_ordinal(n)
    return "（" + to_chinese(value) + "）"


def sub_item_number(n: int) -> str:
    """Return the 三级标题 序号 ``1.``, ``2.`` (ASCII full stop, no space).

    >>> sub_item_number(3)
    '3.'
    """
    value = _check_ordinal(n)
    return f"{value}."


def _check_ordinal(n: object) -> int:
    """Validate a 序号 index: an int >= 1."""
    value = _check_int(n, "n")
    if value < 1:
        raise ValueError(f"ordinal numbers start at 1, got {value}")
    return value


def to_capital_amount(yuan: Decimal | int, *, rounding: str | None = None) -> str:
    """Write an amount in 元 as 大写金额 (元/角/分), following the 中国人民银行 rules.

    Digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿; 拾 always carries its digit
    (``壹拾``); one 零 marks each internal gap; 整 follows 元 when there
    are no 角 and 分; 零 is written before 分 when 角 is zero and there are
    元 (``壹元零伍分``); amounts under one 元 start directly with 角 or 分.
    Values with more than two decimal places raise :class:`ValueError`
    unless *rounding* names a :mod:`decimal` rounding mode, in which case
    the value is quantized to 0.01 with it.  ``abs(yuan)`` must be below
    ``10**16``; negative amounts get the prefix 负.

    >>> to_capital_amount(100000)
    '壹拾万元整'
    >>> to_capital_amount(Decimal("1.05"))
    '壹元零伍分'
    """
    exact = _to_decimal(yuan, "yuan")
    if rounding is not None:
        _check_rounding(rounding)
    if abs(exact) >= _CAPITAL_LIMIT:
        raise ValueError(f"to_capital_amount supports abs(yuan) < 10**16, got {exact}")
    with decimal.localcontext(_context(exact, 2, rounding or decimal.ROUND_HALF_EVEN)):
        cents_value = exact.quantize(_CENT)
        if rounding is None and cents_value != exact:
            raise ValueError(
                f"{exact} has more than 2 decimal places; pass rounding= (for example "
                "decimal.ROUND_HALF_UP) to quantize it to 0.01 explicitly"
            )
        cents = int(cents_value.scaleb(2))
    if abs(cents) >= _CAPITAL_LIMIT * 100:
        raise ValueError(f"to_capital_amount supports abs(yuan) < 10**16, got {cents_value}")
    whole, small = divmod(abs(cents), 100)
    jiao, fen = divmod(small, 10)
    text = ""
    if whole:
        text = (
            _int_words(
                whole, digits=_CAPITAL_DIGITS, units=_CAPITAL_UNITS, bare_ten=False, liang=False
            )
            + "元"
        )
    if jiao == 0 and fen == 0:
        text = (text or "零元") + "整"
    else:
        if jiao:
            text += _CAPITAL_DIGITS[jiao] + "角"
        elif whole:
            text += "零"
        if fen:
            text += _CAPITAL_DIGITS[fen] + "分"
    return "负" + text if cents < 0 else text


# --------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------


def normalize_digits(text: str) -> str:
    """Translate full-width digits, ``－``/``＋``, ``，`` and ``．`` to ASCII.

    The minus sign U+2212 also becomes ``-``.  Every other character is kept.

    >>> normalize_digits("３，９８５，７５８")
    '3,985,758'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__} ({text!r})")
    if type(text) is not str:  # a subclass: the result is a plain str, as translate gives
        text = str.__str__(text)
    if text.isascii():
        return text
    for wide, ascii_ in _FULLWIDTH_PAIRS:  # str.translate looks up every character: slower
        if wide in text:
            text = text.replace(wide, ascii_)
    return text


# A parsed term is (digit, power of ten, written as a bare 十); None marks a 零.
_Term = tuple[int, int, bool]


def _parse_section(text: str, offset: int, source: str) -> list[_Term | None]:
    """Tokenize one 4-digit section (no 万/亿 inside) into terms and 零 markers."""
    events: list[_Term | None] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char in _PARSE_ZEROS:
            events.append(None)
            index += 1
        elif char in _PARSE_DIGITS:
            digit = _PARSE_DIGITS[char]
            following = text[index + 1 : index + 2]
            if following in _PARSE_SMALL_UNITS:
                events.append((digit, offset + _PARSE_SMALL_UNITS[following], False))
                index += 2
            else:
                events.append((digit, offset, False))
                index += 1
        elif _PARSE_SMALL_UNITS.get(char) == 1:
            events.append((1, offset + 1, True))
            index += 1
        elif char in _PARSE_SMALL_UNITS:
            raise _parse_error(source, f"{char!r} needs a digit before it")
        else:
            raise _parse_error(source, f"unexpected character {char!r}")
    return events


def _parse_wan(text: str, offset: int, source: str) -> list[_Term | None]:
    """Tokenize a part below one 亿-unit: ``[section 万] section``."""
    parts = text.split("万")
    if len(parts) > 2:
        raise _parse_error(source, "万 repeated within one 亿 section")
    if len(parts) == 1:
        return _parse_section(text, offset, source)
    high, low = parts
    if not high:
        raise _parse_error(source, "万 needs a number before it")
    return _parse_section(high, offset + 4, source) + _parse_section(low, offset, source)


def _parse_positional(body: str, source: str) -> int:
    """Parse a positional Chinese numeral (with 十百千万亿 units) into an int."""
    parts = body.split("亿")
    if len(parts) > 2:
        raise _parse_error(source, "亿 may appear only once")
    if len(parts) == 2:
        if not parts[0]:
            raise _parse_error(source, "亿 needs a number before it")
        events = _parse_wan(parts[0], 8, source) + _parse_wan(parts[1], 0, source)
    else:
        events = _parse_wan(body, 0, source)

    terms = [event for event in events if event is not None]
    if not terms:
        raise _parse_error(source, "no digits")
    if events[0] is None or events[-1] is None:
        raise _parse_error(source, "零 cannot start or end a number")
    previous: _Term | None = None
    zero_seen = False
    for event in events:
        if event is None:
            if zero_seen:
                raise _parse_error(source, "repeated 零")
            zero_seen = True
            continue
        digit, power, bare = event
        if digit == 0:
            raise _parse_error(source, "零 cannot take a unit")
        if bare and previous is not None:
            raise _parse_error(source, "a bare 十 is allowed only at the start (write 一十)")
        if previous is not None:
            gap = previous[1] - power
            if gap < 1:
                raise _parse_error(source, "places out of order or repeated")
            if zero_seen and gap < 2:
                raise _parse_error(source, "零 where no place is missing")
            # 零 may be left out only when the 万/亿 place and those below it
            # down to the 千 place are what is missing (十万七千, 壹仟万叁仟).
            if not zero_seen and gap >= 2 and power % 4 != 3:
                raise _parse_error(source, "missing 零 for skipped places")
        previous = event
        zero_seen = False
    return sum(digit * 10**power for digit, power, _ in terms)


def _parse_error(text: str, reason: str) -> ValueError:
    """Build the ValueError raised for an unparseable number."""
    return ValueError(f"cannot parse {text!r} as a number: {reason}")


def parse_chinese_number(text: str) -> int:
    """Parse Chinese or Arabic numerals into an int.

    Accepted forms (optionally with a leading ``负``/``-``/``+`` and
    surrounding whitespace):

    * ASCII or full-width digit strings, plain or grouped by threes with
      ``,``/``，`` (``3,985,758``, ``３，９８５，７５８``);
    * digit-by-digit numerals without units (``二〇二三`` -> 2023);
    * positional numerals in 小写 (一二三…十百千万亿, 零/〇, 两) or 大写
      (壹贰叁…拾佰仟), e.g. ``一万零三百`` -> 10300, ``十五`` -> 15,
      ``两千`` -> 2000, ``壹拾万`` -> 100000.

    A bare 十 is accepted only at the start, 零 only where places are
    missing, and a missing 零 is tolerated only across a 万/亿 boundary
    before a 千 digit (``十万七千``).  Anything else raises ValueError.

    >>> parse_chinese_number("一万零三百")
    10300
    >>> parse_chinese_number("３，９８５，７５８")
    3985758
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__} ({text!r})")
    body = normalize_digits(text).strip()
    negative = False
    if body[:1] in ("-", "负"):
        negative = True
        body = body[1:]
    elif body[:1] == "+":
        body = body[1:]
    if not body:
        raise _parse_error(text, "no digits")
    if _ASCII_INT_RE.fullmatch(body):
        value = int(body.replace(",", ""))
    elif any(char in "0123456789" for char in body):
        raise _parse_error(
            text, "digits must form a whole number, optionally grouped by threes with ','"
        )
    elif all(char in _PARSE_DIGITS for char in body):
        value = int("".join(str(_PARSE_DIGITS[char]) for char in body))
    else:
        value = _parse_positional(body, text)
    return -value if negative else value
