"""One language per run: every message of a command in the language chosen, the statute's
labels, agency names, file names and the locations of findings kept as data."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

import gov_disclosure as gd
from conftest import run
from gov_disclosure.cli import _parser

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HUAIAN = EXAMPLES / "huaian-2024.toml"
HONGZE = EXAMPLES / "hongze-2023.json"
HUZHU_TEXT = EXAMPLES / "huzhu-tongjiju-2023.txt"
AGENCIES = ("淮安市人民政府", "洪泽区人民政府", "互助县统计局", "某县统计局")

_HAN = re.compile(r"[\u3400-\u9fff]")
_CHINESE_PUNCTUATION = re.compile(r"[，。：；、（）！？]")
_QUOTED = re.compile(r"“[^”]*”|'[^'\n]*'|\"[^\"\n]*\"")
_FINDING = re.compile(
    r"^(?P<file>\S+): (?P<code>[A-Z]\d{3}) (?P<location>\S+) (?P<message>.*?)"
    r"(?P<source> \([^()\s]+:\d+(?::[^()\s]+)?\))?$"
)
_TABLE_NUMBER = re.compile(r"\b(?:table|section) [一二三四五六]")
"""The statutory tables and sections are named by their numerals in English too."""
_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
_NOT_WORDS = [
    re.compile(pattern)
    for pattern in (
        r"\w+://\S+",  # addresses
        r"pip install \S+",
        r"JSON Schema|JSON Lines",
        r"gov-disclosure",
        r"\b(?:check|export|convert|new|schema|rules|audit|render|sum|diff)\b",  # commands
        r"\$[\w.\[\]]*",  # JSON paths
        r"(?<![\w-])--?[A-Za-z][\w-]*",  # options
        r"\{[^{}]*\}",  # choices
        r"\b[A-Z][A-Z0-9_]*\b",  # codes, metavars, format names in capitals
        r"\.\w+\b",  # suffixes
        r"\b(?:Markdown|markdown|Word|Lines|Unicode|Excel|LibreOffice|Dask|dask|text|html|json"
        r"|toml|docx|pdf|csv|md|txt|zip|lxml|pypdfium2|WordprocessingML|MiB|zh|en|n/a)\b",
    )
]


def _without(text: str, data: Iterable[str]) -> str:
    for item in sorted(data, key=len, reverse=True):
        text = text.replace(item, " ")
    return text


def english_leftovers(text: str, data: Iterable[str] = ()) -> list[str]:
    """The lines of ``text`` that hold Chinese outside what is data: quoted labels and values,
    the numerals of tables and sections, the names given in ``data``, and a finding's file,
    location and source position."""
    data = [*data, *AGENCIES]
    bad = []
    for line in text.splitlines():
        found = _FINDING.match(line)
        rest = _without(found["message"] if found is not None else line, data)
        rest = _TABLE_NUMBER.sub(" ", _QUOTED.sub(" ", rest))
        if _HAN.search(rest) or _CHINESE_PUNCTUATION.search(rest):
            bad.append(line)
    return bad


def chinese_leftovers(text: str, data: Iterable[str] = ()) -> list[str]:
    """The lines of ``text`` that hold English words other than codes, options, metavars,
    format names, file names, quoted values and the names given in ``data``."""
    bad = []
    for line in text.splitlines():
        rest = _QUOTED.sub(" ", _without(line, data))
        for pattern in _NOT_WORDS:
            rest = pattern.sub(" ", rest)
        if _ENGLISH_WORD.search(rest):
            bad.append(line)
    return bad


def leftovers(lang: str, text: str, data: Iterable[str] = ()) -> list[str]:
    return english_leftovers(text, data) if lang == "en" else chinese_leftovers(text, data)


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """Good and bad inputs of every kind, in a folder of their own."""
    folder = tmp_path / "in"
    folder.mkdir()
    files = {
        "good": shutil.copy(HUAIAN, folder / "huaian-2024.toml"),
        "findings": shutil.copy(HONGZE, folder / "hongze-2023.json"),
        "published": shutil.copy(HUZHU_TEXT, folder / "huzhu-2023.txt"),
    }
    year_before = HUAIAN.read_text(encoding="utf-8").replace("year = 2024", "year = 2023")
    (tmp_path / "huaian-2023.toml").write_text(year_before, encoding="utf-8")
    files["year_before"] = tmp_path / "huaian-2023.toml"
    bad = {
        "schema": 'schema_version = 1\nyear = "x"\nagency = 3\nedition = "2021"\n'
        "[proactive]\nfees = 12.5\n",
        "toml": "year = \n",
        "json": '{"year": }',
        "text": "hello world\n",
    }
    for name, content in bad.items():
        suffix = {"schema": ".toml", "toml": ".toml", "json": ".json", "text": ".txt"}[name]
        path = folder / f"bad-{name}{suffix}"
        path.write_text(content, encoding="utf-8")
        files[f"bad_{name}"] = path
    files["missing"] = tmp_path / "missing.toml"
    files["folder"] = folder
    return files


def _commands(files: dict[str, Path], tmp_path: Path) -> Iterator[list[str | Path]]:
    yield ["check", files["good"], files["findings"], files["published"]]
    yield ["check", *(files[k] for k in ("bad_schema", "bad_toml", "bad_json", "bad_text"))]
    yield ["check", files["missing"], files["folder"]]
    yield ["check", "--format", "json", files["findings"]]
    yield ["check", "--series", files["year_before"], files["good"]]
    yield ["check"]
    yield ["check", "--format", "xml", files["good"]]
    yield ["check", "--no-such-option", files["good"]]
    yield ["check", "--select", "Q9", files["good"]]
    yield ["frobnicate"]
    yield ["--help"]
    for name in ("check", "export", "convert", "new", "schema", "rules", "audit", "render"):
        yield [name, "--help"]
    yield ["sum", "--help"]
    yield ["diff", "--help"]
    yield ["rules", "A3"]
    yield ["export", files["bad_schema"]]
    yield ["convert", files["bad_toml"], tmp_path / "out.json"]
    yield ["convert", files["good"], files["findings"]]
    yield ["sum", files["good"], files["findings"], "-o", tmp_path / "sum.toml"]
    yield ["new", "--year", "20x4", tmp_path / "new.toml"]
    yield ["render", files["bad_json"]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_command_speaks_one_language(
    lang: str,
    inputs: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each command, on good and bad input, in each language: no line of its messages holds
    the other language outside the data (labels, names, locations)."""
    monkeypatch.chdir(tmp_path)
    names = [str(p) for p in inputs.values()] + [str(tmp_path / "out.json")]
    names += [str(tmp_path / "sum.toml"), str(tmp_path / "new.toml")]
    for argv in _commands(inputs, tmp_path):
        _status, out, err = run(capsys, "--lang", lang, *argv)
        shown = err if argv[0] == "schema" else out + err
        if argv[0] == "rules" and lang == "en":
            shown = err  # the rules' summaries name the statute's labels as terms, unquoted
        assert not leftovers(lang, shown, names), (argv, leftovers(lang, shown, names))
        assert out + err, argv


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_audit_speaks_one_language(
    lang: str, inputs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The audit's messages and both summary pages are in the run's language."""
    out = tmp_path / f"out-{lang}"
    status, stdout, stderr = run(
        capsys, "audit", "--lang", lang, "-q", "-j", "1", inputs["folder"], "-o", out
    )
    assert status == 2  # the bad inputs are unreadable
    names = [str(p) for p in inputs.values()] + [str(out), str(out / "summary.md")]
    names += ["findings.jsonl", "cells.csv", "reports.csv"]
    names += [p.relative_to(tmp_path).as_posix() for p in inputs["folder"].iterdir()]
    names += [str(p) for p in inputs["folder"].iterdir()]
    assert not leftovers(lang, stdout + stderr, names)
    markdown = (out / "summary.md").read_text(encoding="utf-8")
    links = re.sub(r"\]\(<[^>]*>\)", "]", markdown)
    links = re.sub(r"\\(.)", r"\1", links)  # names are escaped for Markdown (summary.md)
    assert not leftovers(lang, links, names), leftovers(lang, links, names)
    page = (out / "summary.html").read_text(encoding="utf-8")
    body = page[page.index("<body>") :]
    text = html.unescape(re.sub(r"<[^>]+>", "\n", body))
    assert not leftovers(lang, text, names), leftovers(lang, text, names)
    assert f'<html lang="{"en" if lang == "en" else "zh-CN"}">' in page
    findings = (out / "findings.jsonl").read_text(encoding="utf-8")
    messages = "\n".join(re.findall(r'"message":"((?:[^"\\]|\\.)*)"', findings))
    assert messages
    assert not leftovers(lang, messages)


def test_the_audit_pages_follow_the_language(inputs: dict[str, Path], tmp_path: Path) -> None:
    """The summary's headings change with the language; its overview's figures do not."""
    pages = {}
    for lang in ("en", "zh"):
        out = tmp_path / f"audit-{lang}"
        gd_audit(inputs["folder"], out, lang)
        pages[lang] = (out / "summary.md").read_text(encoding="utf-8")
    assert pages["en"].startswith("# Audit of annual government information disclosure reports")
    assert pages["zh"].startswith("# 政府信息公开工作年度报告审核汇总")
    overview = {lang: page.split("\n## ")[0] for lang, page in pages.items()}
    assert re.findall(r"\d+", overview["en"]) == re.findall(r"\d+", overview["zh"])


def gd_audit(folder: Path, out: Path, lang: str) -> None:
    from gov_disclosure.audit import audit

    audit([folder], out, jobs=1, language=lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_argparse_strings_are_in_the_language(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse's own words (usage, options, required arguments) follow --lang."""
    status, _out, err = run(capsys, "--lang", lang, "check")
    assert status == 2
    if lang == "zh":
        assert err.startswith("用法：gov-disclosure check")
        assert "gov-disclosure: 错误：缺少以下必需的参数：FILE" in err
    else:
        assert err.startswith("usage: gov-disclosure check")
        assert "gov-disclosure: error: the following arguments are required: FILE" in err
    _status, out, _err = run(capsys, "--lang", lang, "check", "--help")
    words = ("位置参数", "选项", "显示本帮助并退出") if lang == "zh" else ("options", "show this")
    assert all(word in out for word in words)


def test_the_help_in_english_is_unchanged_by_a_chinese_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A Chinese run leaves argparse and the library's language as they were."""
    run(capsys, "--lang", "zh", "check", "--help")
    assert gd.get_language() is None
    assert "show this help message and exit" in _parser().format_help()


def test_the_default_language_of_the_api_is_kept() -> None:
    """Without set_language, findings are Chinese and exceptions English, as before."""
    assert gd.get_language() is None
    report = gd.load(HUAIAN).replace("applications.received.total", 3118)
    assert gd.validate(report)[0].message == "总计 3118 ≠ 各类申请人之和 3119"
    with pytest.raises(gd.SchemaError) as caught:
        gd.loads('year = "x"', "toml")
    assert "schema problems" in str(caught.value)
    assert "expected a four-digit year" in str(caught.value)


@pytest.mark.parametrize(
    ("lang", "message", "schema"),
    [
        ("en", "“总计” 3118 ≠ sum of the kinds of applicant 3119", "expected a four-digit year"),
        ("zh", "总计 3118 ≠ 各类申请人之和 3119", "应为四位数的年份"),
    ],
)
def test_set_language_chooses_every_message(lang: str, message: str, schema: str) -> None:
    """set_language makes findings, schema details and reading errors one language."""
    report = gd.load(HUAIAN).replace("applications.received.total", 3118)
    try:
        gd.set_language(lang)
        assert gd.validate(report)[0].message == message
        with pytest.raises(gd.SchemaError) as caught:
            gd.loads('year = "x"', "toml")
        assert schema in str(caught.value)
        with pytest.raises(gd.ParseError) as unread:
            gd.parse("hello world\n")
        assert not leftovers(lang, str(unread.value))
    finally:
        gd.set_language(None)


def test_an_unknown_language_is_refused() -> None:
    """set_language takes zh, en or None only."""
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        gd.set_language("fr")
    assert gd.get_language() is None


@pytest.mark.parametrize("path", [HONGZE, HUZHU_TEXT])
def test_codes_and_locations_do_not_depend_on_the_language(path: Path) -> None:
    """The same findings, code by code and place by place, in either language."""
    places = {}
    for lang in ("en", "zh"):
        try:
            gd.set_language(lang)
            parsed = gd.parse(path) if path.suffix == ".txt" else None
            found = parsed.validate() if parsed is not None else gd.validate(gd.load(path))
            places[lang] = [(f.code, str(f.location), f.source, f.year) for f in found]
            assert not leftovers(lang, "\n".join(f.message for f in found))
        finally:
            gd.set_language(None)
    assert places["en"] == places["zh"]
    assert places["en"]


def test_cross_year_findings_of_worker_processes_follow_the_language(
    inputs: dict[str, Path], tmp_path: Path
) -> None:
    """Worker processes of the audit are given the run's language (cross-year pass too)."""
    folder = tmp_path / "years"
    folder.mkdir()
    shutil.copy(inputs["good"], folder / "2024.toml")
    shutil.copy(inputs["year_before"], folder / "2023.toml")
    from gov_disclosure.audit import audit

    audit([folder], tmp_path / "out", jobs=2, language="en")
    findings = (tmp_path / "out" / "findings.jsonl").read_text(encoding="utf-8")
    assert '"code":"C201"' in findings
    messages = "\n".join(re.findall(r'"message":"((?:[^"\\]|\\.)*)"', findings))
    assert not english_leftovers(messages)
    assert gd.get_language() is None


def test_the_checkers_find_the_other_language() -> None:
    """The checks of this module see a Chinese phrase in English and an English one in
    Chinese, and pass labels, codes, options and file names."""
    assert english_leftovers("a.toml: A301 三/总计 “总计” 3 ≠ sum 4 (a.toml:3:表格2)") == []
    assert english_leftovers("a.toml: A301 三/总计 总计 3 ≠ 分项之和 4") != []
    assert english_leftovers("the cell is blank，read as 0") != []
    assert chinese_leftovers("用法：gov-disclosure check [-h] [--lang {zh,en}] FILE") == []
    assert chinese_leftovers("gov-disclosure: 错误：a.toml：不是有效的 TOML：无效的值") == []
    assert chinese_leftovers("gov-disclosure: 错误：a.toml: not valid TOML: Invalid value") != []


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("Comparison of two reports", "Cross-year checks (5)", "80 different, 7 only in A")),
        ("zh", ("报告比较", "跨年核对（5 条）", "不同 80 处，仅 A 有 7 格")),
    ],
)
def test_the_diff_page_follows_the_language(
    lang: str, words: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    """The diff's own words and its cross-year findings are in the run's language."""
    status, out, err = run(capsys, "--lang", lang, "diff", HONGZE, HUAIAN)
    assert status == 1
    assert all(word in out for word in words)
    from gov_disclosure.diff import compare

    gd.set_language(lang)
    try:
        messages = [f.message for f in compare(gd.load(HONGZE), gd.load(HUAIAN)).cross_year]
    finally:
        gd.set_language(None)
    assert len(messages) == 5
    assert not leftovers(lang, "\n".join(messages))
    assert all(message[:12] in out for message in messages)
    assert not leftovers(lang, err)
