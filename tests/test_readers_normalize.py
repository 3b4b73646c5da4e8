"""Label keys and cell readings: the two small tables every reading rule stands on."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gov_disclosure import CellKind, Edition
from gov_disclosure.readers.normalize import (
    _FOLD,
    _SIMPLIFIED,
    _TRADITIONAL,
    clean_text,
    label_key,
    simplify,
)
from gov_disclosure.readers.values import looks_numeric, read_cell
from gov_disclosure.serialize import MAX_COUNT
from gov_disclosure.statutory import CellSpec, all_table_specs, table_spec


def test_traditional_table_is_one_to_one() -> None:
    """The folding table pairs each traditional character with one simplified character."""
    assert len(_TRADITIONAL) == len(_SIMPLIFIED) == len(set(_TRADITIONAL))


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
def test_every_statutory_label_survives_a_traditional_rendering(config: str) -> None:
    """Each label printed in traditional characters (OpenCC's conversions) keeps its key."""
    converter = opencc.OpenCC(config)
    for spec in all_table_specs():
        for cell in spec.cells:
            for label in (*cell.row.labels, *cell.column.labels):
                assert label_key(converter.convert(label)) == label_key(label), label


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("(三) 不 予 公 开", "（三）不予公开"),
        ("1、属于国家秘密", "1.属于国家秘密"),
        ("1．属于国家秘密", "1.属于国家秘密"),
        ("１．属于国家秘密", "1.属于国家秘密"),
        ('3.危及"三安全一稳定"', "3.危及“三安全一稳定”"),
        ("⼀、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量"),
        ("⻓期", "长期"),
        ("本年新\n制作数量", "本年新制作数量"),
        ("第二十条 第（一）项", "第二十条第（一）项"),
        ("【一】", "（一）"),
    ],
)
def test_label_variants_share_a_key(printed: str, canonical: str) -> None:
    """Width, radicals, numbering, brackets, quotes, spaces and line breaks do not matter."""
    assert label_key(printed) == label_key(canonical)


def test_different_labels_keep_different_keys() -> None:
    """Within each table form, no two row labels (or column labels) share a key."""
    for spec in all_table_specs():
        rows = [r.labels for r in spec.rows]
        assert len({tuple(map(label_key, labels)) for labels in rows}) == len(rows)
        columns = [c.labels for c in spec.columns]
        assert len({tuple(map(label_key, labels)) for labels in columns}) == len(columns)


def test_clean_text() -> None:
    """No-break, ideographic and zero-width spaces: one space, or none."""
    assert clean_text("\u3000一、\u00a0总体\u200b情况  ") == "一、 总体情况"


COUNT = table_spec("三", Edition.E2021).cells[0]
MONEY = table_spec("二", Edition.E2021).by_path["fees"]
SIGNED = table_spec("二", Edition.E2019).by_path["licensing.change"]


@pytest.mark.parametrize(
    ("spec", "text", "value", "printed", "unreadable"),
    [
        (COUNT, "", None, None, False),
        (COUNT, "  ", None, None, False),
        (COUNT, "0", 0, None, False),
        (COUNT, "12", 12, None, False),
        (COUNT, "１２", 12, "１２", False),
        (COUNT, "1,234", 1234, "1,234", False),
        (COUNT, "12件", 12, "12件", False),
        (COUNT, "22（其中修订16件）", 22, "22（其中修订16件）", False),
        (COUNT, "十二", 12, "十二", False),
        (COUNT, "——", None, "——", False),
        (COUNT, "-", None, "-", False),
        (COUNT, "/", None, "/", False),
        (COUNT, "无", None, "无", False),
        (COUNT, "+3", None, "+3", True),
        (COUNT, "见附表", None, "见附表", True),
        (COUNT, "12元", None, "12元", True),
        (SIGNED, "+1036", 1036, "+1036", False),
        (SIGNED, "-8", -8, None, False),
        (SIGNED, "－8", -8, "－8", False),
        (MONEY, "96171.6", Decimal("96171.6"), None, False),
        (MONEY, "40.1396 万元", Decimal("40.1396"), "40.1396 万元", False),
        (MONEY, "251000元", Decimal("25.1"), "251000元", False),
        (MONEY, "3940元", Decimal("0.394"), "3940元", False),
        (MONEY, "1.2亿元", Decimal("12000"), "1.2亿元", False),
        (MONEY, "12件", None, "12件", True),
    ],
)
def test_read_cell(
    spec: CellSpec, text: str, value: object, printed: str | None, unreadable: bool
) -> None:
    """Numbers, blanks, placeholders, units, annotations and money in 万元, exactly."""
    reading = read_cell(text, spec)
    assert reading.value == value
    assert type(reading.value) is type(value)
    assert reading.printed == printed
    assert reading.unreadable is unreadable


@settings(max_examples=300, deadline=None, derandomize=True)
@given(n=st.integers(0, 10**15), places=st.integers(0, 6))
def test_amounts_read_exactly(n: int, places: int) -> None:
    """An amount printed with any number of decimals reads back to the same Decimal."""
    amount = Decimal(n).scaleb(-places)
    text = format(amount, "f")
    reading = read_cell(text, MONEY)
    assert reading.value == amount
    assert read_cell(f"{n}元", MONEY).value == Decimal(n).scaleb(-4)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=st.text(max_size=40))
def test_any_cell_text_reads_or_is_unreadable(text: str) -> None:
    """Any text gives a reading: a value, or a blank that keeps the text."""
    for kind_spec in (COUNT, MONEY, SIGNED):
        reading = read_cell(text, kind_spec)
        if reading.value is None and clean_text(text):
            assert reading.printed is not None
        assert (
            reading.value is None
            or kind_spec.kind is CellKind.MONEY
            or isinstance(reading.value, int)
        )
        if isinstance(reading.value, int):
            assert abs(reading.value) <= MAX_COUNT  # what a report document can hold
    looks_numeric(text)


@given(digits=st.integers(16, 40), kind_spec=st.sampled_from([COUNT, SIGNED]))
def test_counts_beyond_what_documents_hold_are_unreadable(digits: int, kind_spec: Any) -> None:
    """A count printed with more digits than MAX_COUNT allows reads as unreadable, its text
    kept; up to MAX_COUNT it reads."""
    text = "9" * digits
    reading = read_cell(text, kind_spec)
    if int(text) > MAX_COUNT:
        assert (reading.value, reading.printed, reading.unreadable) == (None, text, True)
    else:
        assert reading.value == int(text)
    assert read_cell(str(MAX_COUNT), kind_spec).value == MAX_COUNT
    assert read_cell(str(MAX_COUNT + 1), kind_spec).unreadable


@given(st.text(max_size=30) | st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_simplify_shortcut_agrees_with_the_full_normalisation(text: str) -> None:
    """The ASCII shortcut and the cache give what NFKC and the folds give."""
    assert simplify(text) == unicodedata.normalize("NFKC", text).translate(_FOLD)
