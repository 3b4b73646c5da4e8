"""Schema problems carry their place, the value and the expected kind; the hints a clerk reads
are built from those fields, so they are given in either language."""

from __future__ import annotations

from pathlib import Path

import pytest

import gov_disclosure as gd
from gov_disclosure.cli import main
from gov_disclosure.errors import MISSING, DecodeError, SchemaError, SchemaIssue
from gov_disclosure.hints import describe
from gov_disclosure.statutory import Edition
from gov_disclosure.template import template


def _issues(text: str) -> dict[str, SchemaIssue]:
    with pytest.raises(SchemaError) as caught:
        gd.loads(text, "toml")
    return {issue.path: issue for issue in caught.value.issues}


def _template(**changes: str) -> str:
    """The template with each change made once, outside the comments (``received = …`` is
    where ``commercial`` and ``natural_person`` are first written)."""
    lines = template(agency="某县统计局", year=2024).splitlines()
    for old, new in changes.items():
        i = next(i for i, line in enumerate(lines) if old in line and not line.startswith("#"))
        lines[i] = lines[i].replace(old, new, 1)
    return "\n".join(lines) + "\n"


def test_a_schema_issue_carries_the_value_and_the_kind_expected() -> None:
    text = _template(
        **{
            "commercial = 0": 'commercial = "12件"',
            "natural_person": "natrual_person",
            'agency = "某县统计局"': "",
            "year = 2024": 'year = "2024年"',
        }
    )
    issues = _issues(text)
    count = issues["$.applications.received.commercial"]
    assert (count.expected, count.value) == ("count", "12件")
    unknown = issues["$.applications.received.natrual_person"]
    assert (unknown.expected, unknown.value) == ("key", 0)
    missing = issues["$.agency"]
    assert (missing.expected, missing.value) == ("required", MISSING)
    year = issues["$.year"]
    assert (year.expected, year.value) == ("year", "2024年")
    assert repr(MISSING) == "MISSING"


def test_an_amount_and_a_table_issue_name_their_kind() -> None:
    issues = _issues(_template(**{"[proactive]": "proactive = 3\n[other]"}))
    assert issues["$.proactive"].expected == "table"
    assert issues["$.proactive"].value == 3


def test_the_default_edition_is_the_latest() -> None:
    assert f'edition = "{Edition.latest().value}"' in template()
    report = gd.testing.sample_report()
    assert report.edition is Edition.latest()


@pytest.mark.parametrize(
    ("lang", "hint", "guess"),
    [
        ("en", "write the number alone", "did you mean `natural_person`?"),
        ("zh", "只写数字", "是否应为 `natural_person`？"),
    ],
)
def test_hints_are_given_in_both_languages(
    lang: str, hint: str, guess: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The number to write and the key meant: in Chinese too (they were found by reading the
    English wording back, so a Chinese run had none)."""
    bad = tmp_path / "bad.toml"
    changes = {"commercial = 0": 'commercial = "1,200"', "natural_person": "natrual_person"}
    bad.write_text(_template(**changes), encoding="utf-8")
    assert main(["--lang", lang, "check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert hint in err
    assert "commercial = 1200" in err
    assert guess in err
    assert "Traceback" not in err


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_gbk_file_is_named_in_both_languages(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes(template(agency="某县统计局", year=2024).encode("gbk"))
    assert main(["--lang", lang, "check", str(gbk)]) == 2
    assert f"iconv -f GB18030 -t UTF-8 {gbk}" in capsys.readouterr().err


def test_describe_words_a_decode_error_from_its_fields(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_bytes("标题 = 1".encode("gbk"))
    with pytest.raises(DecodeError) as caught:
        gd.load(path)
    assert caught.value.not_utf8
    assert "iconv" in describe(caught.value)
    plain = DecodeError("not UTF-8 text", file=str(path))  # the same words, another problem
    assert "iconv" not in describe(plain)
