"""Sections: the six headings found by number and key words, in the wordings agencies use."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.readers.rows import Row, rows_of
from gov_disclosure.readers.sections import find_sections
from gov_disclosure.readers.text import text_blocks
from gov_disclosure.statutory import SECTIONS
from test_readers_reader import document

STANDARD = [section.title for section in SECTIONS]


def rows(lines: list[str]) -> list[Row]:
    return rows_of(text_blocks("\n\n".join(lines), markdown=False))


def headings_of(lines: list[str]) -> dict[int, str]:
    """Section number → the text of the row its heading is."""
    found = rows(lines)
    sections = find_sections(found)
    return {
        n: found[start if n in sections.moved else start - 1].text
        for n, (start, _end) in sections.spans.items()
    }


def with_body(headings: list[str]) -> list[str]:
    out: list[str] = []
    for heading in headings:
        out += [heading, "本部分的正文。"]
    return out


def test_the_standard_headings() -> None:
    found = rows(["标题", *with_body(STANDARD)])
    sections = find_sections(found)
    assert sorted(sections.spans) == [1, 2, 3, 4, 5, 6]
    assert sections.first == 1
    assert sections.headings == frozenset({1, 3, 5, 7, 9, 11})
    assert sections.spans[1] == (2, 3)
    assert sections.spans[6] == (12, 13)
    assert sections.section_of == (0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6)
    assert sections.moved == {}


def test_find_sections_changes_no_row() -> None:
    found = rows(with_body(STANDARD))
    before = [attrs.asdict(r) for r in found]
    find_sections(found)
    assert [attrs.asdict(r) for r in found] == before


@pytest.mark.parametrize(
    ("number", "printed"),
    [
        (1, "一、政府信息公开工作总体情况"),
        (1, "一、概述"),
        (2, "二、主动公开政府信息工作情况"),
        (3, "三、收到和处理政府信息公开申请的情况"),
        (3, "三、依申请公开政府信息情况"),
        (4, "四、行政复议和行政诉讼情况"),
        (5, "五、存在的主要问题及整改措施"),
        (5, "五、存在的问题及改进情况"),
        (5, "五、政府信息公开工作存在的主要问题及改进情况"),
        (5, "五、工作中存在的不足及改进措施"),
        (6, "六、其他事项"),
        (6, "六、其他需要说明的事项"),
    ],
)
def test_a_heading_in_another_wording(number: int, printed: str) -> None:
    headings = list(STANDARD)
    headings[number - 1] = printed
    assert headings_of(with_body(headings)) == {
        n: (printed if n == number else STANDARD[n - 1]) for n in range(1, 7)
    }


def test_headings_numbered_in_brackets() -> None:
    bracketed = [f"（{h[0]}）{h[2:]}" for h in STANDARD]
    assert sorted(headings_of(with_body(bracketed))) == [1, 2, 3, 4, 5, 6]


def test_sub_headings_in_brackets_under_headings_numbered_so_are_none() -> None:
    """``（一）主动公开`` inside 总体情况 of a report headed ``一、`` is no section heading."""
    lines = [
        "一、总体情况",
        "（一）主动公开",
        "主动公开信息。",
        "（二）依申请公开",
        "受理申请。",
        "（三）其他事项",
        "无。",
        *with_body(STANDARD[1:]),
    ]
    assert headings_of(lines) == dict(enumerate(STANDARD, start=1))


def test_an_extra_section_shifts_the_numbers() -> None:
    """六 is the problems and 七 the other matters after an extra 五: found by their words."""
    headings = [
        *STANDARD[:4],
        "五、政府信息管理情况",
        "六、存在的主要问题及改进措施",
        "七、其他需要报告的事项",
    ]
    found = headings_of(with_body(headings))
    assert found[5] == "六、存在的主要问题及改进措施"
    assert found[6] == "七、其他需要报告的事项"


def test_table_rows_are_no_headings() -> None:
    """The blank rows of table 三 (``二、上年结转政府信息公开申请数量``) and the caption
    ``表二：主动公开政府信息情况`` name no section."""
    lines = [
        "一、总体情况",
        "表二：主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "四、结转下年度继续办理",
    ]
    assert headings_of(lines) == {1: lines[0], 3: lines[2]}


def test_the_problems_under_another_section() -> None:
    """No heading 五, the problems under ``（一）主要问题`` after table 四: section 五 is read
    from there (Sections.moved), the section before ends there."""
    lines = [*with_body(STANDARD[:4]), "（一）主要问题", "问题。", "（二）改进情况", "改进。"]
    lines += with_body(STANDARD[5:])
    found = rows(lines)
    sections = find_sections(found)
    assert sections.moved == {5: (4, "（一）主要问题")}
    assert sections.spans[4] == (7, 8)
    assert sections.spans[5] == (8, 12)
    assert found[sections.spans[5][0]].text == "（一）主要问题"


def test_a_title_reading_like_a_later_heading_hides_nothing() -> None:
    """A title ``主要问题及改进情况`` (a variant of 五) above the report: the longest increasing
    run of headings is taken, not the first heading met."""
    found = rows(["主要问题及改进情况", "报告机关：某县统计局", *with_body(STANDARD)])
    sections = find_sections(found)
    assert sorted(sections.spans) == [1, 2, 3, 4, 5, 6]
    assert sections.first == 2
    assert 0 not in sections.headings


def test_a_sentence_naming_a_section_is_no_heading() -> None:
    lines = ["一、总体情况", "五、存在的主要问题及改进情况已在前文说明。"]
    assert headings_of(lines) == {1: "一、总体情况"}


def test_the_reader_reports_a_moved_section_once() -> None:
    text = document().replace("五、存在的主要问题及改进情况\n", "（一）存在的主要问题\n")
    parsed = gd.parse(text, format="text")
    assert [(f.code, f.location.section) for f in parsed.findings] == [("R004", "五")]
    assert parsed.report.problems[0] == "（一）存在的主要问题"
    assert "S001" not in {f.code for f in parsed.validate()}


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    order=st.permutations(range(6)),
    style=st.sampled_from(["{n}、{t}", "（{n}）{t}", "第{n}部分 {t}", "## {n}、{t}"]),
)
def test_any_order_finds_the_headings_in_order(order: list[int], style: str) -> None:
    """Headings are taken in order: shuffled, the ones found stand in increasing order, each at
    the row of its own heading; the problems heading out of order is read where it stands,
    inside the section it follows (Sections.moved)."""
    texts = [style.format(n=h[0], t=h[2:]) for h in STANDARD]
    lines = with_body([texts[i] for i in order])
    found = rows(lines)
    sections = find_sections(found)
    assert sections.spans
    at = {
        n: start if n in sections.moved else start - 1 for n, (start, _e) in sections.spans.items()
    }
    assert all(found[at[n]].text.lstrip("# ") == texts[n - 1].lstrip("# ") for n in at)
    ordered = [at[n] for n in sorted(at) if n not in sections.moved]
    assert ordered == sorted(ordered)
    for n, (host, printed) in sections.moved.items():
        assert at[host] < at[n]
        assert printed == found[at[n]].text
