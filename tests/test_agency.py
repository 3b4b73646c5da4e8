"""Agency names: one body printed in several ways (gov_disclosure.agency)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.agency import (
    AgencyIndex,
    Aliases,
    agency_key,
    load_aliases,
    parent_stripped,
    same_body,
    short_forms,
)
from gov_disclosure.errors import DecodeError

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


# --- short forms and the user's table of names ------------------------------------------------


def test_short_forms_after_places_are_written_in_full() -> None:
    """科委, 人社局, 政府办 … are folded when the name is places and the short form; a short
    form inside a longer word is left alone."""
    assert agency_key("上海市科委") == agency_key("上海市科学技术委员会") == "上海市科学技术委员会"
    assert agency_key("淮安市洪泽区人社局") == "淮安市洪泽区人力资源和社会保障局"
    assert agency_key("某省住建厅") == "某省住房和城乡建设厅"
    assert agency_key("某县政府办") == agency_key("某县人民政府办公室")
    assert agency_key("某市教科委") == "某市教科委"  # not 科委 after a place
    assert agency_key("科委") == "科学技术委员会"


def test_the_short_form_table_is_data_and_folding_it_again_changes_nothing() -> None:
    """Every full form of the packaged table is its own key: folding is idempotent."""
    table = short_forms()
    assert table["科委"] == "科学技术委员会"
    for short, full in table.items():
        assert agency_key(full) == full, short
        assert agency_key(agency_key(short)) == agency_key(short)


@given(names(), st.sampled_from(["科委", "人社局", "发改委", "市场监管局", "政府办"]))
def test_key_with_short_forms_is_idempotent(places: str, short: str) -> None:
    name = places + short
    assert agency_key(agency_key(name)) == agency_key(name)


def test_same_body_through_short_forms_and_aliases() -> None:
    assert same_body("上海市科委", "上海市科学技术委员会")
    assert same_body("海东市互助县人社局", "互助县人力资源和社会保障局")
    assert not same_body("上海市科技局", "上海市科委")
    aliases = Aliases({"上海市科技局": "上海市科学技术委员会"})
    assert same_body("上海市科技局", "上海市科委", aliases)


def test_aliases_follow_chains_and_stop_at_cycles() -> None:
    """A → B → C leads to C; a cycle in the table ends where it would repeat."""
    aliases = Aliases({"甲县农业局": "甲县农业农村局", "甲县农业农村局": "甲县农业农村和水利局"})
    assert agency_key("甲县农业局", aliases) == "甲县农业农村和水利局"
    looped = Aliases({"甲县一局": "甲县二局", "甲县二局": "甲县一局"})
    assert agency_key("甲县一局", looped) in {"甲县一局", "甲县二局"}
    assert len(looped) == 2


def test_index_pairs_renamed_bodies_and_names_the_body() -> None:
    """Years under an old name join the body's series when the table says so; body() is the
    table's canonical name, else the fullest printed name."""
    names = [
        "上海市科委",
        "上海市科学技术委员会",
        "上海市科技局",
        "海东市互助县统计局",
        "互助县统计局",
    ]
    plain = AgencyIndex(names)
    assert plain.series("上海市科委") == plain.series("上海市科学技术委员会")
    assert plain.series("上海市科技局") != plain.series("上海市科委")
    assert plain.body("上海市科委") == "上海市科学技术委员会"
    assert plain.body("互助县统计局") == "海东市互助县统计局"
    aliases = Aliases({"上海市科技局": "上海市科学技术委员会"})
    index = AgencyIndex(names, aliases)
    assert index.series("上海市科技局") == index.series("上海市科委")
    assert index.body("上海市科技局") == "上海市科学技术委员会"


def test_bodies_sharing_a_short_name_stay_apart() -> None:
    """朝阳区科委 beside 北京市朝阳区科委 and 长春市朝阳区科学技术委员会: three bodies, the short
    name paired with neither."""
    names = ["北京市朝阳区科委", "长春市朝阳区科学技术委员会", "朝阳区科委"]
    index = AgencyIndex(names)
    assert len({index.series(n) for n in names}) == 3
    assert "朝阳区科学技术委员会" in index.ambiguous


def test_load_aliases_from_csv_and_toml(tmp_path: Path) -> None:
    """CSV (a header, a BOM, comments allowed) and TOML (top level or [aliases]) give the same
    table."""
    csv_file = tmp_path / "aliases.csv"
    csv_file.write_text(
        "\ufeffname,canonical\n# renamed in 2019\n上海市科技局,上海市科学技术委员会\n\n",
        encoding="utf-8",
    )
    toml_file = tmp_path / "aliases.toml"
    toml_file.write_text('[aliases]\n"上海市科技局" = "上海市科学技术委员会"\n', encoding="utf-8")
    flat = tmp_path / "flat.toml"
    flat.write_text('"上海市科技局" = "上海市科学技术委员会"\n', encoding="utf-8")
    for path in (csv_file, toml_file, flat):
        aliases = load_aliases(path)
        assert len(aliases) == 1
        assert agency_key("上海市科技局", aliases) == "上海市科学技术委员会"


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("bad.csv", "上海市科技局,上海市科委,多余\n", "bad.csv:1"),
        ("short.csv", "name,canonical\n上海市科技局\n", "short.csv:2"),
        ("bad.toml", '"上海市科技局" = 3\n', "bad.toml"),
        ("broken.toml", '"上海市科技局" = \n', "broken.toml:1"),
        ("gbk.csv", "上海市科技局,上海市科委\n".encode("gb18030"), "gbk.csv"),
    ],
)
def test_load_aliases_refuses_a_bad_table_with_file_and_line(
    tmp_path: Path, name: str, text: str | bytes, where: str
) -> None:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(DecodeError) as caught:
        load_aliases(path)
    assert str(caught.value).startswith(str(tmp_path / where))
