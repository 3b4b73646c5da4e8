"""Agency names: one body printed in several ways (gov_disclosure.agency)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.agency import AgencyIndex, agency_key, parent_stripped, same_body

PLACES = st.sampled_from(
    ["某省", "海东市", "北京市", "长春市", "朝阳区", "互助县", "某自治州", "某旗"]
)
BODIES = st.sampled_from(["统计局", "政府办公室", "人民政府办公室", "市场监督管理局", "教育局"])


@st.composite
def names(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(PLACES, min_size=1, max_size=3, unique=True))) + draw(BODIES)


def test_keys_fold_spaces_width_and_people_government() -> None:
    assert agency_key(" 互助县 人民政府办公室\u3000") == "互助县政府办公室"
    assert agency_key("ＡＢＣ县统计局") == "ABC县统计局"
    assert agency_key("上海市人民政府") == agency_key("上海市政府")


@given(names())
def test_key_is_idempotent(name: str) -> None:
    assert agency_key(agency_key(name)) == agency_key(name)


@given(names(), names())
def test_same_body_is_symmetric(a: str, b: str) -> None:
    assert same_body(a, b) == same_body(b, a)


@given(st.lists(PLACES, min_size=1, max_size=3, unique=True), PLACES, BODIES)
def test_a_name_with_its_parents_is_the_same_body(
    parents: list[str], place: str, body: str
) -> None:
    if place in parents:
        return
    short = place + body
    long = "".join(parents) + short
    assert agency_key(short) in parent_stripped(agency_key(long))
    assert same_body(long, short)
    index = AgencyIndex([long, short])
    assert index.series(long) == index.series(short) == agency_key(short)


def test_the_parents_alone_never_name_a_body() -> None:
    assert list(parent_stripped("海东市互助县统计局")) == ["互助县统计局"]
    assert not same_body("海东市互助县统计局", "统计局")
    assert not same_body("湖州市统计局", "西宁市统计局")
    # 市 inside a body's own name (市场监督管理局) is not a place.
    assert list(parent_stripped("湖州市南浔区市场监督管理局")) == ["南浔区市场监督管理局"]


def test_a_short_name_that_two_bodies_end_with_stays_apart() -> None:
    index = AgencyIndex(["北京市朝阳区统计局", "长春市朝阳区统计局", "朝阳区统计局"])
    assert index.series("北京市朝阳区统计局") != index.series("长春市朝阳区统计局")
    assert index.series("朝阳区统计局") not in {
        index.series("北京市朝阳区统计局"),
        index.series("长春市朝阳区统计局"),
    }
    assert index.ambiguous == {"朝阳区统计局"}


def test_a_chain_of_parents_is_one_body() -> None:
    chain = ["某省海东市互助县统计局", "海东市互助县统计局", "互助县统计局"]
    index = AgencyIndex(chain)
    assert {index.series(n) for n in chain} == {"互助县统计局"}


def test_c001_takes_a_name_with_its_parent_as_the_same_body() -> None:
    from gov_disclosure.testing import sample_report

    first = sample_report("2021", agency="淮安市洪泽区人民政府", year=2023)
    second = sample_report("2021", agency="洪泽区人民政府", year=2024)
    assert "C001" not in {f.code for f in gd.validate_series([first, second])}
    third = sample_report("2021", agency="某县统计局", year=2025)
    assert "C001" in {f.code for f in gd.validate_series([second, third])}
