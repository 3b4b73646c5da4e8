"""Patterns matched backwards find what searching them forwards finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure.rules.backwards import LastOf, reverse
from gov_disclosure.rules.phrases import PHRASES

_BEFORE = [p.before for p in PHRASES if p.before is not None]
_PIECES = [
    *"申请件共为的了市区县省行政，,、；; \n",
    *(run for p in _BEFORE for run in re.findall(r"[\u4e00-\u9fff]{1,4}", p)),
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


def _forwards(patterns: list[str], text: str) -> int | None:
    for n, pattern in enumerate(patterns):
        if re.search(f"(?:{pattern})\\s*$", text):
            return n
    return None


def test_every_phrasing_is_matched_backwards() -> None:
    assert LastOf(_BEFORE).backwards


@given(_TEXT, st.sampled_from(["", "\x00"]))
def test_the_first_phrasing_ending_a_clause_is_the_one_searched_for(text: str, start: str) -> None:
    assert LastOf(_BEFORE).first(start + text) == _forwards(_BEFORE, start + text)


@pytest.mark.parametrize(
    ("pattern", "texts"),
    [
        (r"^ab|c[^d]?e{1,2}?", ["ab", "xab", "ce", "cxe", "cdee", "cee", "e"]),
        (r"(?P<n>\d{2,})年(?:度)?", ["2024年", "24年度", "4年", "x2024年度"]),
        (r"[\]x]+\.y*", ["]].", "x.yy", ".y", "]x.y"]),
        (r"(a|b(c|d))*", ["", "abcbd", "bd", "x"]),
    ],
)
def test_reversed_patterns_match_the_reversed_texts(pattern: str, texts: list[str]) -> None:
    forwards = re.compile(f"(?:{pattern})$")
    backwards = re.compile(reverse(pattern))
    for text in texts:
        assert (forwards.search(text) is not None) == (backwards.match(text[::-1]) is not None), (
            text
        )


@pytest.mark.parametrize(
    "pattern", [r"a(?=b)", r"(?<!a)b", r"(a)\1", r"a$", r"\bword", r"a)", r"(a"]
)
def test_what_cannot_be_reversed_is_searched_forwards(pattern: str) -> None:
    with pytest.raises(ValueError, match=r"cannot reverse|missing|unbalanced"):
        reverse(pattern)
    if pattern not in ("a)", "(a"):
        last = LastOf(["c", pattern])
        assert not last.backwards
        assert last.first("xc") == 0


_SMALL = ["ab?", "c[de]{0,2}", "^x", "(?:f|g)*h", "y{2,}", "[^a]z", "q\\s", "(?P<n>k)+"]


@given(st.text(alphabet="abcdefghkqxyz \n", max_size=8), st.permutations(_SMALL))
def test_the_last_character_picks_the_patterns_tried(text: str, patterns: list[str]) -> None:
    """Optional endings, classes, anchors, repetitions and white space: the patterns tried for
    a text's last character include every one that can end it."""
    assert LastOf(patterns).first(text) == _forwards(patterns, text)
