"""The fast paths of reading a report's text give what the straightforward reading gives:
the patterns rewritten for the regex engine's prefix scan match where the plain ones do, the
digits are normalised as ``str.translate`` would, and the statements of a report (with its
paragraphs skipped when they hold no unit or no claim word) are those of every paragraph read
in full."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
import narrative_cases
import narrative_reference as reference
from gov_disclosure._numerals import _FULLWIDTH_TABLE
from gov_disclosure.numbers import normalize_digits
from gov_disclosure.rules import narrative
from gov_disclosure.rules.narrative import claims, quotes, report_statements
from gov_disclosure.rules.phrases import CLAIMS, PHRASES, SCOPE
from gov_disclosure.testing import huaian_2024

_NUMERALS = "零〇一二两三四五六七八九十百千万"
_PLAIN_FIGURE = re.compile(  # the figure as first written: each branch led by its assertion
    rf"(?:(?<![0-9.．第])([0-9][0-9,]{{0,14}})|(?<![0-9.．第{_NUMERALS}])([{_NUMERALS}]{{1,12}}))"
    r"\s{0,3}(余|多)?\s{0,3}(件|条|起|宗)"
)
_EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
_PLAIN_SCOPE = re.compile(SCOPE.replace("部门(?<!本部门)", "(?<!本)部门"))

_PIECES = [
    *"0123456789０１２３４５６７８９,，.．－＋−第本余多件条起宗 。；",
    *_NUMERALS,
    "部门",
    "本部门",
    "各部门",
    "2024年",
    "2023年",
    "其中",
    "同比增长",
    "较上年减少",
    "%",
    "近",
    "确保",
    "淮安市",
    "淮安市人民政府",
    "未发生",
    "没有",
    "行政复议",
    "行政诉讼",
    "复议后起诉",
    "直接起诉",
    "被纠正",
    "均为零",
    "均获维持",
    "已审结的",
    "胜诉",
    "未发出收费通知",
    "不收取信息处理费",
    "结转",
    "下一年度",
    "申请",
]
_PIECES += [p.name for p in PHRASES] + [c.said for c in CLAIMS]
_PIECES += [
    # words from the phrasings themselves, a pattern's literal runs (>= 2 characters)
    run
    for p in PHRASES
    for run in re.findall(r"[\u4e00-\u9fff]{2,}", (p.before or "") + (p.after or ""))
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@given(_TEXT)
def test_figure_pattern_matches_where_the_plain_one_does(text: str) -> None:
    fast = [(m.span(), m.groups()) for m in narrative._FIGURE.finditer(text)]
    plain = [
        (m.span(), (m.group(1) or m.group(2), m.group(3), m.group(4)))
        for m in _PLAIN_FIGURE.finditer(text)
    ]
    assert fast == plain


@given(_TEXT)
def test_scope_pattern_matches_where_the_plain_one_does(text: str) -> None:
    fast = [m.span() for m in narrative._SCOPE.finditer(text)]
    assert fast == [m.span() for m in _PLAIN_SCOPE.finditer(text)]


@given(st.text(alphabet=st.sampled_from([*"12a，,．.－＋−本", *map(chr, _FULLWIDTH_TABLE)])))
def test_normalize_digits_is_the_translation(text: str) -> None:
    assert normalize_digits(text) == text.translate(_FULLWIDTH_TABLE)

    class Text(str):
        pass

    assert type(normalize_digits(Text(text))) is str


@settings(max_examples=200)
@given(st.lists(_TEXT, min_size=1, max_size=4))
def test_report_statements_are_those_of_every_paragraph_read_in_full(
    paragraphs: list[str],
) -> None:
    report = attrs.evolve(huaian_2024(), overview=tuple(paragraphs), problems=(), other_matters=())
    assert report.reviews is not None
    report = attrs.evolve(report, reviews=attrs.evolve(report.reviews, prose=()))
    found, said = report_statements(report)
    expected_found = [
        q for i, p in enumerate(paragraphs) for q in quotes("一", i, p, 2024, agency=report.agency)
    ]
    expected_said = [
        c for i, p in enumerate(paragraphs) for c in claims("一", i, p, 2024, agency=report.agency)
    ]
    assert found == expected_found
    assert said == expected_said


_SECTIONS = st.sampled_from(["一", "三", "四", "五"])
_SENTENCES = [
    case[-2] if len(case) == 4 else case[-1]
    for cases in (
        narrative_cases.FIGURES,
        narrative_cases.SILENT,
        narrative_cases.CLAIMS,
        narrative_cases.CHANGES,
        narrative_cases.HELD_OUT_FIGURES,
        narrative_cases.HELD_OUT_SILENT,
        narrative_cases.HELD_OUT_CLAIMS,
    )
    for case in cases
]
_CLAUSES = sorted(
    {c for sentence in _SENTENCES for c in re.split(r"(?<=[，,；;。、：])", sentence) if c}
)
_FIGURE_TEXT = st.one_of(
    st.integers(0, 5000).map(str),
    st.sampled_from(["3,119", "三千一百一十九", "一二三", "１２", "0", "2023", "2024"]),
)


@st.composite
def _sentences(draw: st.DrawFn) -> str:
    """Clauses of the narrative cases (their figures marked ``{n}`` given random values),
    joined with the pieces of the phrase data: most paragraphs quote a figure or claim."""
    parts = draw(
        st.lists(st.one_of(st.sampled_from(_CLAUSES), st.sampled_from(_PIECES)), max_size=8)
    )
    return re.sub(r"\{[0-9.,]+\}", lambda _: draw(_FIGURE_TEXT), "".join(parts))


_PARAGRAPHS = st.one_of(_TEXT, _sentences())


@settings(max_examples=300)
@given(st.lists(_PARAGRAPHS, min_size=1, max_size=4), _SECTIONS, st.sampled_from([2023, 2024]))
def test_statements_are_those_of_the_straightforward_reading(
    paragraphs: list[str], section: str, year: int
) -> None:
    """Random paragraphs built from the phrase data: every figure and claim the library
    collects (and nothing more) is the one the plain reading of tests/narrative_reference.py
    finds, field for field."""
    report = attrs.evolve(huaian_2024(), year=year, overview=tuple(paragraphs))
    assert report.reviews is not None
    assert report.applications is not None
    report = attrs.evolve(
        report,
        problems=tuple(paragraphs[1:]),
        applications=attrs.evolve(report.applications, prose=tuple(paragraphs[:1])),
        reviews=attrs.evolve(report.reviews, prose=tuple(reversed(paragraphs))),
    )
    assert report_statements(report) == reference.statements(report)
    for i, text in enumerate(paragraphs):
        p = reference.paragraph(section, i, text, year, report.agency)
        assert list(quotes(section, i, text, year, agency=report.agency)) == list(
            reference.quotes(p)
        )
        assert list(claims(section, i, text, year, agency=report.agency)) == list(
            reference.claims(p)
        )


def test_statements_of_the_examples_are_those_of_the_straightforward_reading() -> None:
    for path in sorted(_EXAMPLES.glob("*.toml")) + sorted(_EXAMPLES.glob("*.json")):
        try:
            report = gd.load(path)
        except gd.GovDisclosureError:
            continue
        assert report_statements(report) == reference.statements(report), path.name
