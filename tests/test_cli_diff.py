"""Tests of ``gov-disclosure diff`` (run in-process with capsys): output, formats, files, exit
status."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from lxml import html as lxml_html

from conftest import run
from gov_disclosure import dump, load
from gov_disclosure.diff import compare
from gov_disclosure.testing import sample_report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HUAIAN = EXAMPLES / "huaian-2024.toml"
HUZHU_TOML = EXAMPLES / "huzhu-tongjiju-2023.toml"
HUZHU_TEXT = EXAMPLES / "huzhu-tongjiju-2023.txt"
HONGZE = EXAMPLES / "hongze-2023.json"


pytestmark = pytest.mark.usefixtures("english_locale")


def test_published_text_against_its_document(capsys: pytest.CaptureFixture[str]) -> None:
    """The report as published (text) reads to the cells of its TOML document: exit 0."""
    status, out, err = run(capsys, "diff", HUZHU_TEXT, HUZHU_TOML)
    assert status == 0, err
    assert err == ""
    assert "the two files are copies of one report" in out
    assert "all 198 statutory cells they share are\nthe same" in out
    assert f"A: {HUZHU_TEXT}" in out


def test_differences_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    """Two different reports: the changes on stdout, exit 1."""
    status, out, _ = run(capsys, "diff", HONGZE, HUAIAN)
    assert status == 1
    assert "80 different" in out
    assert "C301 error" in out


def test_cross_year_error_alone_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """No cell differs, but the later year does not carry over the earlier one: exit 1."""
    second = sample_report("2021")
    first = attrs.evolve(second, year=second.year - 1)
    dump(first, tmp_path / "first.toml")
    dump(second, tmp_path / "second.json")
    status, out, _ = run(capsys, "diff", tmp_path / "first.toml", tmp_path / "second.json")
    assert status == 1
    assert "statutory cells of the two reports are the same" in out
    assert "C301" in out


def test_html_from_the_suffix(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``-o x.html`` writes the HTML page; an existing file is kept without --force."""
    target = tmp_path / "diff.html"
    status, out, _ = run(capsys, "diff", HONGZE, HUAIAN, "-o", target)
    assert (status, out) == (1, "")
    root = lxml_html.document_fromstring(target.read_bytes())
    assert root.get("lang") == "en"  # the page's words follow the run's language
    assert root.xpath("//td[contains(@class, 'changed')]")
    before = target.read_bytes()
    status, _, err = run(capsys, "diff", HUAIAN, HUAIAN, "-o", target)
    assert status == 2
    assert "file exists (use --force to overwrite)" in err
    assert target.read_bytes() == before
    status, _, _ = run(capsys, "diff", HUAIAN, HUAIAN, "-o", target, "--force")
    assert status == 0
    assert "all 200 statutory cells they share are the same" in target.read_text(encoding="utf-8")


def test_to_overrides_the_suffix(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``--to`` chooses the format whatever the suffix; other suffixes get text."""
    status, out, _ = run(capsys, "diff", HUAIAN, HONGZE, "--to", "html")
    assert status == 1
    assert out.startswith("<!DOCTYPE html>")
    run(capsys, "diff", HUAIAN, HONGZE, "-o", tmp_path / "diff.htm", "--to", "text")
    assert (tmp_path / "diff.htm").read_text(encoding="utf-8").startswith("Comparison of two")
    run(capsys, "diff", HUAIAN, HONGZE, "-o", tmp_path / "diff.out")
    assert (tmp_path / "diff.out").read_text(encoding="utf-8").startswith("Comparison of two")


def test_refuses_to_overwrite_an_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``-o`` naming one of the inputs is refused even with --force."""
    copy = tmp_path / "copy.toml"
    copy.write_bytes(HUAIAN.read_bytes())
    status, _, err = run(capsys, "diff", HUAIAN, copy, "-o", copy, "--force")
    assert status == 2
    assert "refusing to overwrite the input file" in err
    assert copy.read_bytes() == HUAIAN.read_bytes()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_unreadable_input_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str
) -> None:
    """A missing or broken file is one message on stderr and exit 2, in either language."""
    broken = tmp_path / "broken.toml"
    broken.write_text("year = = 2024\n", encoding="utf-8")
    for bad in (tmp_path / "missing.toml", broken, tmp_path):
        status, out, err = run(capsys, "--lang", lang, "diff", HUAIAN, bad)
        assert status == 2
        assert out == ""
        assert err.startswith(
            "gov-disclosure: error: " if lang == "en" else "gov-disclosure: 错误："
        )
        assert "Traceback" not in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing operand or an unknown format is a usage error."""
    assert run(capsys, "diff", HUAIAN)[0] == 2
    assert run(capsys, "diff", HUAIAN, HUAIAN, "--to", "docx")[0] == 2


def console_blocks(text: str) -> list[tuple[list[str], list[str]]]:
    """The ``console`` blocks of a Markdown page: each command with the lines it prints."""
    out: list[tuple[list[str], list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, *lines = chunk.rstrip("\n").split("\n")
            out.append((command.split(), lines))
    return out


def test_the_documented_examples(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The output shown in docs/diff.md is what the command prints (``…`` skips lines), and
    the figures quoted for the Python API are the library's."""
    docs = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    runs = [
        (argv, lines)
        for argv, lines in console_blocks(docs)
        if argv[:2] == ["gov-disclosure", "diff"]
    ]
    assert len(runs) == 3
    for argv, shown in runs:
        args = [
            tmp_path / a if a.endswith(".html") else ROOT / a if "/" in a else a for a in argv[2:]
        ]
        status, out, _ = run(capsys, "diff", *args)
        assert status == (0 if "are the same" in " ".join(shown) else 1)
        expected = [line for line in shown if not line.startswith("$ ")]
        printed = out.splitlines()
        position = 0
        for line in expected:
            if line == "…":
                continue
            assert line.replace("examples/", str(EXAMPLES) + "/") in printed[position:], line
            position = printed.index(line.replace("examples/", str(EXAMPLES) + "/"), position)
    diff = compare(load(HONGZE), load(HUAIAN))
    assert repr(diff.changes[0]).replace(" ", "") in re.sub(r"[\s#]", "", docs)
    assert str([f.code for f in diff.cross_year]) in docs
