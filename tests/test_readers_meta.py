"""Metadata: the agency and year from the title and cover, never from a page's chrome."""

from __future__ import annotations

import datetime

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.readers.meta import closing_date, read_metadata
from gov_disclosure.readers.rows import Row, rows_of
from gov_disclosure.readers.text import text_blocks
from gov_disclosure.render import render
from strategies import consistent_reports
from test_readers_reader import document

TITLE = "某县统计局2024年政府信息公开工作年度报告"


def rows(text: str) -> list[Row]:
    return rows_of(text_blocks(text, markdown=False))


def agency_year(text: str) -> tuple[str, int]:
    report = gd.parse(text, format="text").report
    return report.agency, report.year


# --- the stage itself ------------------------------------------------------------------------


def test_read_metadata_returns_the_rows_it_takes_and_changes_none() -> None:
    """The title and the cover's agency line are taken (by index); no row is marked."""
    lines = rows("当前位置：首页>政务公开>年报\n某县统计局\n2024年政府信息公开工作年度报告\n正文")
    before = [attrs.asdict(r) for r in lines]
    meta, notes, taken = read_metadata(lines, 3)
    assert (meta.agency, meta.year) == ("某县统计局", 2024)
    assert meta.title == "某县统计局2024年政府信息公开工作年度报告"
    assert taken == frozenset({1, 2})
    assert notes == []
    assert [attrs.asdict(r) for r in lines] == before


def test_read_metadata_of_the_library_s_own_lines() -> None:
    lines = rows("示例报告\n报告机关：某市人民政府 报告年度：2023年\n发布日期：2024年1月20日")
    meta, _notes, taken = read_metadata(lines, len(lines))
    assert (meta.title, meta.agency, meta.year) == ("示例报告", "某市人民政府", 2023)
    assert meta.published == datetime.date(2024, 1, 20)
    assert taken == frozenset({0, 1, 2})


def test_closing_date_skips_claimed_rows_and_returns_what_it_takes() -> None:
    lines = rows("正文。\n某县统计局\n2025年1月20日")
    assert closing_date(lines, "某县统计局", frozenset()) == (
        datetime.date(2025, 1, 20),
        frozenset({1, 2}),
    )
    assert closing_date(lines, "某县统计局", frozenset({2})) == (None, frozenset())
    assert closing_date(lines, "", frozenset()) == (datetime.date(2025, 1, 20), frozenset({2}))


# --- titles --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        (TITLE, "某县统计局", 2024),
        ("某县人民政府2023年度政府信息公开工作年度报告", "某县人民政府", 2023),
        ("2023年度某市交通运输局政府信息公开工作年度报告", "某市交通运输局", 2023),
        ("2024 年某市科委政府信息公开工作年度报告", "某市科委", 2024),
        ("标题：某县统计局2024年政府信息公开工作年度报告", "某县统计局", 2024),
        ("名称：某县统计局2024年政府信息公开工作年度报告", "某县统计局", 2024),
        ("某县统计局2024年政府信息公开\n工作年度报告", "某县统计局", 2024),
        ("某县统计局2024年\n政府信息公开工作年度报告", "某县统计局", 2024),
        ("某县统计局\n2024年政府信息公开工作年度报告", "某县统计局", 2024),
        ("2024年政府信息公开工作年度报告\n某县统计局", "某县统计局", 2024),
        ("当前位置：首页>政务公开>年报>" + TITLE, "某县统计局", 2024),
        ("您现在的位置：首页 » 政务公开 » " + TITLE, "某县统计局", 2024),
        ("2025/1/20 上午10:00    " + TITLE, "某县统计局", 2024),
    ],
)
def test_the_agency_and_year_of_a_title(title: str, agency: str, year: int) -> None:
    assert agency_year(document(title=title)) == (agency, year)


def test_a_page_printed_from_the_web_gives_no_agency_from_its_chrome() -> None:
    """A PDF printed from a web page: header fields, a URL and a counter around the report."""
    chrome = "\n".join(
        [
            "当前位置：首页>政务公开>政府信息公开年报",
            "发布机构：某县人民政府办公室",
            "发布时间：2025-01-20 10:00",
            "https://www.example.gov.cn/zwgk/nb/t20250120_1.html",
            "浏览次数：1234",
        ]
    )
    parsed = gd.parse(chrome + "\n" + document(title="2024年政府信息公开工作年度报告"))
    assert parsed.report.agency == ""
    assert parsed.report.year == 2024
    assert "R002" in {f.code for f in parsed.findings}


def test_a_sentence_naming_the_report_is_no_title() -> None:
    text = "根据《条例》规定，现将某县统计局2024年政府信息公开工作年度报告公布如下。\n"
    parsed = gd.parse(text + document(title=""), format="text")
    assert parsed.report.agency == ""
    assert parsed.report.title is None


def test_notes_name_what_they_are_about_and_a_given_value_silences_them() -> None:
    lines = rows("统计局政府信息公开工作年度报告\n2024年，某县统计局依法公开。")
    _meta, notes, _taken = read_metadata(lines, len(lines))
    assert [what for what, _message in notes] == ["year", "agency"]
    text = "统计局政府信息公开工作年度报告\n\n" + document(title="").replace(
        "本年度依法", "2024年，某县统计局依法"
    )
    assert {f.code for f in gd.parse(text).findings} == {"R002"}
    given = gd.parse(text, agency="某县统计局", year=2024)
    assert [f.code for f in given.findings] == []


def test_a_breadcrumb_ending_in_a_column_name_is_no_title() -> None:
    """``…>政府信息公开年报`` names the site's column, not the report: the title below wins."""
    text = "当前位置：首页>政务公开>政府信息公开年报\n" + document()
    assert agency_year(text) == ("某县统计局", 2024)


# --- property: chrome never changes the agency read -----------------------------------------

NAMES = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=6)
STEPS = st.lists(NAMES, min_size=1, max_size=4)


@st.composite
def chrome(draw: st.DrawFn) -> list[str]:
    """Lines a site or a crawler prints before a report."""
    where = draw(st.sampled_from(["当前位置：", "您现在的位置：", "您的位置: ", "当前位置： "]))
    sep = draw(st.sampled_from([">", " > ", "»", "＞", " / "]))
    crumbs = where + sep.join(["首页", *draw(STEPS)])
    lines = [
        crumbs,
        "发布机构：" + draw(NAMES) + "人民政府",
        "来源：" + draw(NAMES) + "办公室",
        "发布时间：2025-01-" + str(draw(st.integers(10, 28))) + " 09:30",
        "浏览次数：" + str(draw(st.integers(0, 99999))),
        "https://www.example.gov.cn/" + draw(st.sampled_from(["a", "zwgk/b"])) + ".html",
    ]
    return draw(st.lists(st.sampled_from(lines), max_size=6))


@settings(max_examples=80, deadline=None, derandomize=True)
@given(
    name=NAMES,
    suffix=st.sampled_from(["县统计局", "市人民政府", "区教育局", "市科委"]),
    year=st.integers(2019, 2030),
    lines=chrome(),
    prefix=st.sampled_from(["", "标题：", "名称："]),
)
def test_chrome_prepended_never_changes_the_agency(
    name: str, suffix: str, year: int, lines: list[str], prefix: str
) -> None:
    """Any breadcrumb, page field or title prefix before a report leaves agency and year as
    the title gives them."""
    title = f"{name}{suffix}{year}年政府信息公开工作年度报告"
    plain = agency_year(document(title=title))
    assert plain == (name + suffix, year)
    assert agency_year("\n".join([*lines, document(title=prefix + title)])) == plain


@settings(max_examples=25, deadline=None, derandomize=True)
@given(report=consistent_reports(), lines=chrome())
def test_chrome_before_a_rendered_report_changes_nothing_read(
    report: gd.AnnualReport, lines: list[str]
) -> None:
    """The library's own rendering with page chrome above it reads to the same agency, year
    and tables."""
    text = render(report, "text")
    assert isinstance(text, str)
    plain = gd.parse(text, format="text").report
    again = gd.parse("\n".join([*lines, text]), format="text").report
    assert (again.agency, again.year) == (plain.agency, plain.year)
    assert (again.agency, again.year) == (report.agency, report.year)
    assert again.applications == plain.applications
