"""Tests for gov_disclosure.cli (the ``gov-disclosure`` command), run in-process with capsys."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import types
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given

import gov_disclosure as gd
from conftest import run
from gov_disclosure.cli import main
from gov_disclosure.render import render
from strategies import FAST, any_reports

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HUAIAN = EXAMPLES / "huaian-2024.toml"
HUZHU = EXAMPLES / "huzhu-tongjiju-2023.toml"
HONGZE = EXAMPLES / "hongze-2023.json"
EXPECTED = ROOT / ".." / "shared" / "corpus" / "expected"

needs_corpus = pytest.mark.skipif(
    not EXPECTED.is_dir(),
    reason="the shared corpus (../shared/corpus) is not next to this checkout",
)


pytestmark = pytest.mark.usefixtures("english_locale")


def assert_clean_error(err: str) -> None:
    """An error path: the ``gov-disclosure: error:`` prefix and no traceback."""
    assert "gov-disclosure: error: " in err
    assert "Traceback" not in err


def expected_cells(stem: str) -> list[dict[str, Any]]:
    """The independently read cell values of a corpus report."""
    data = json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))
    cells: list[dict[str, Any]] = data["cells"]
    return cells


# --- check -----------------------------------------------------------------------------------


def test_check_consistent_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """A consistent report with its narrative gives no finding and exit 0."""
    status, out, err = run(capsys, "check", HUAIAN)
    assert status == 0
    assert out == ""
    assert err.strip() == "1 file, 0 errors, 0 warnings, 0 info"


def test_check_in_parallel_gives_the_same_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--jobs 2 prints the same findings, in the files' order, and the same status as one process."""
    files = []
    for i in range(6):
        for source in (HUAIAN, HONGZE, HUZHU):
            target = tmp_path / f"{i}-{source.name}"
            target.write_bytes(source.read_bytes())
            files.append(target)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    files.insert(4, tmp_path / "broken.json")
    serial = run(capsys, "check", "--jobs", "1", *files)
    parallel = run(capsys, "check", "-j", "2", *files)
    assert parallel == serial
    assert serial[0] == 2  # one file cannot be read
    assert serial[1].index("0-hongze-2023.json") < serial[1].index("5-hongze-2023.json")
    assert "broken.json" in serial[2]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_check_in_parallel_whose_worker_dies_names_the_files_left(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    """A worker of ``check -j 2`` killed (as the system kills one out of memory): the findings
    of the files before are printed, then one message in the run's language naming the file
    the workers were reading and the files left to check again; exit 2, no traceback."""
    import gov_disclosure.checking as checking

    files = []
    for i in range(8):
        target = tmp_path / f"{i}-{HONGZE.name}"
        target.write_bytes(HONGZE.read_bytes())
        files.append(str(target))
    victim = files[5]
    real = checking.read

    def read(path: str, **given: Any) -> Any:
        if str(path) == victim:  # in the worker process
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, **given)

    monkeypatch.setattr(checking, "read", read)
    status, out, err = run(capsys, "--lang", lang, "check", "-j", "2", *files)
    assert status == 2
    assert "Traceback" not in err
    assert victim in err
    printed = {line.split(":")[0] for line in out.splitlines()}
    assert printed <= set(files[:5])  # in order: nothing after the first file left
    first = files[len(printed)]
    if lang == "en":
        assert err.startswith("gov-disclosure: error: a worker process died")
        assert f"{len(files) - len(printed)} files are not checked, from {first} on" in err
        assert "-j 1" in err
    else:
        assert err.startswith("gov-disclosure: 错误：")
        assert f"{len(files) - len(printed)} 个文件未检查" in err
        words = err.replace(str(tmp_path), "").replace(HONGZE.name, "")
        assert not re.search(r"[A-Za-z]{4,}", words.removeprefix("gov-disclosure:"))


def test_check_rejects_a_negative_job_count(capsys: pytest.CaptureFixture[str]) -> None:
    """A negative --jobs is a usage error (exit 2), not a traceback."""
    status, _, err = run(capsys, "check", "--jobs", "-1", HUAIAN)
    assert status == 2
    assert "cannot be negative" in err
    assert "Traceback" not in err


def test_check_arithmetic_error_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """The published table-四 error of 洪泽区 2023 gives two A401 lines and exit 1."""
    status, out, err = run(capsys, "check", HONGZE)
    assert status == 1
    lines = out.splitlines()
    a401 = [line for line in lines if f"{HONGZE}: A401 " in line]
    assert len(a401) == 2
    assert a401[0].startswith(f"{HONGZE}: A401 四/行政复议/总计 ")
    assert a401[1].startswith(f"{HONGZE}: A401 四/行政诉讼/复议后起诉/总计 ")
    assert "11" in a401[0]
    assert "5" in a401[1]
    assert "2 errors" in err


def test_check_lines_follow_validate(capsys: pytest.CaptureFixture[str]) -> None:
    """With ``-v``, each finding is one ``path: CODE location message`` line, in the order
    validate returns."""
    status, out, _ = run(capsys, "check", "-v", HUZHU)
    gd.set_language("en")  # the run's language
    try:
        findings = gd.validate(gd.load(HUZHU))
    finally:
        gd.set_language(None)
    assert status == 0
    assert out.splitlines() == [f"{HUZHU}: {f.code} {f.location} {f.message}" for f in findings]
    assert any(f.code == "S005" for f in findings)  # the 采购总金额 printed with its unit


def test_check_malformed_toml_names_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A TOML syntax error exits 2 with the file and the line of the error, and no traceback."""
    bad = tmp_path / "bad.toml"
    bad.write_text('schema_version = 1\nagency = "x"\nyear = = 2024\n', encoding="utf-8")
    status, out, err = run(capsys, "check", bad)
    assert status == 2
    assert out == ""
    assert_clean_error(err)
    assert f"{bad}:3" in err


def test_check_schema_bad_json_lists_the_paths(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A JSON document of the wrong shape exits 2 and names every bad path."""
    bad = tmp_path / "bad.json"
    document = {
        "schema_version": 1,
        "agency": "某县",
        "year": "2024",
        "edition": "2021",
        "applications": {"received": {"total": 1.5}},
    }
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    status, _, err = run(capsys, "check", bad)
    assert status == 2
    assert_clean_error(err)
    assert str(bad) in err
    assert "$.year" in err
    assert "$.applications.received.total" in err


def test_check_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file that does not exist exits 2 with its name and the reason."""
    missing = tmp_path / "nope.toml"
    status, _, err = run(capsys, "check", missing)
    assert status == 2
    assert_clean_error(err)
    assert f"{missing}: No such file or directory" in err


def test_check_unknown_suffix(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file that is neither .toml nor .json exits 2 with a message, not a traceback."""
    other = tmp_path / "report.yaml"
    other.write_text("agency: x\n", encoding="utf-8")
    status, _, err = run(capsys, "check", other)
    assert status == 2
    assert_clean_error(err)
    assert ".yaml" in err


def test_check_keeps_going_after_a_bad_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An unreadable file does not stop the others from being checked; the exit is still 2."""
    status, out, err = run(capsys, "check", tmp_path / "nope.json", HONGZE)
    assert status == 2
    assert f"{HONGZE}: A401 " in out
    assert "2 files, 2 errors" in err
    assert "1 unreadable" in err


def test_check_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    """``--format json`` writes one JSON object per finding with the location and its parts."""
    status, out, _ = run(capsys, "check", "--format", "json", HONGZE)
    assert status == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["code"] for r in records] == ["S003", "A401", "A401"]
    first = records[1]
    assert first["file"] == str(HONGZE)
    assert first["severity"] == "error"
    assert first["location"] == "四/行政复议/总计"
    assert first["section"] == "四"
    assert first["row"] == []
    assert first["column"] == ["行政复议", "总计"]
    assert "11" in first["message"]
    assert list(first) == [
        "file",
        *gd.Finding("A401", gd.Severity.ERROR, "", gd.Location()).record(),
    ]
    for record in records:
        assert record["location"] == "/".join(
            [record["section"] or "报告", *record["row"], *record["column"]]
        )


def test_check_select_and_ignore(capsys: pytest.CaptureFixture[str]) -> None:
    """``--select`` keeps only matching codes; ``--ignore A401`` drops the error, so exit 0."""
    status, out, _ = run(capsys, "check", "--select", "A", HONGZE)
    assert status == 1
    assert {line.split()[1] for line in out.splitlines()} == {"A401"}
    status, out, _ = run(capsys, "check", "--ignore", "a401,S0", HONGZE)
    assert status == 0
    assert out == ""


def test_check_unknown_code_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown code prefix is a usage error: exit 2 with a message naming it."""
    status, out, err = run(capsys, "check", "--select", "Z9", HUAIAN)
    assert status == 2
    assert out == ""
    assert_clean_error(err)
    assert "'Z9'" in err


def test_check_min_severity(capsys: pytest.CaptureFixture[str]) -> None:
    """``--min-severity warning`` hides info findings (huzhu has only info ones)."""
    status, out, err = run(capsys, "check", "--min-severity", "warning", HUZHU)
    assert status == 0
    assert out == ""
    assert "0 errors, 0 warnings, 0 info" in err
    status, out, _ = run(capsys, "check", "--min-severity", "error", HONGZE)
    assert status == 1
    assert [line.split()[1] for line in out.splitlines()] == ["A401", "A401"]


def test_check_series(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``--series`` compares consecutive years: a wrong carry-over gives C301 on the later file."""
    current = gd.load(HUAIAN)
    # its 结转下年度 (103) is not 2024's 上年结转 (34); its title names its own year (S009)
    previous = attrs.evolve(
        current, year=2023, title="淮安市人民政府2023年政府信息公开工作年度报告"
    )
    earlier = tmp_path / "huaian-2023.toml"
    gd.dump(previous, earlier)
    status, out, _ = run(capsys, "check", HUAIAN, earlier)
    assert status == 0
    assert out == ""
    status, out, _ = run(capsys, "check", "--series", HUAIAN, earlier)
    assert status == 1
    c301 = [line for line in out.splitlines() if " C301 " in line]
    assert c301
    assert all(line.startswith(f"{HUAIAN}: C301 三/二、上年结转") for line in c301)


# --- export ----------------------------------------------------------------------------------


def test_export_huaian_has_200_typed_cells(capsys: pytest.CaptureFixture[str]) -> None:
    """A 2021 report exports 200 JSON lines; counts are ints and the 万元 amount a decimal string."""
    status, out, _ = run(capsys, "export", HUAIAN)
    assert status == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 200
    assert set(records[0]) == {"file", "table", "row", "column", "value"}
    fees = [r for r in records if r["row"] == ["第二十条第（八）项", "行政事业性收费"]]
    assert fees == [
        {
            "file": str(HUAIAN),
            "table": "二",
            "row": ["第二十条第（八）项", "行政事业性收费"],
            "column": ["本年收费金额（单位：万元）"],
            "value": "96171.6",
        }
    ]
    counts = [r["value"] for r in records if r is not fees[0]]
    assert len(counts) == 199
    assert all(type(v) is int for v in counts)
    assert "\\u" not in out  # UTF-8, not ASCII escapes
    assert "自然人" in out


@needs_corpus
@pytest.mark.parametrize(
    ("example", "stem"),
    [(HUAIAN, "01_huaian-shizhengfu_2024"), (HUZHU, "00_huzhu-tongjiju_2023")],
)
def test_export_matches_the_corpus_reading(
    capsys: pytest.CaptureFixture[str], example: Path, stem: str
) -> None:
    """The example's exported cells equal the independent reading of the published report."""
    status, out, _ = run(capsys, "export", example)
    assert status == 0
    got = [json.loads(line) for line in out.splitlines()]
    want = expected_cells(stem)
    assert [(r["table"], r["row"], r["column"], r["value"]) for r in got] == [
        (c["table"], c["row"], c["column"], c["value"]) for c in want
    ]


def test_export_blank_is_null_and_complete_fills_totals(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Blank cells export as null; ``--complete`` fills a blank total from its stated parts."""
    report = gd.AnnualReport.blank(agency="某县", year=2024)
    report = report.replace("applications.received.natural_person", 3)
    report = report.replace("applications.received.commercial", 2)
    path = tmp_path / "r.json"
    gd.dump(report, path)
    row = ["一、本年新收政府信息公开申请数量"]

    status, out, _ = run(capsys, "export", path)
    assert status == 0
    plain = {
        (tuple(r["row"]), tuple(r["column"])): r["value"] for r in map(json.loads, out.splitlines())
    }
    assert plain[(tuple(row), ("总计",))] is None
    assert plain[(tuple(row), ("自然人",))] == 3

    status, out, _ = run(capsys, "export", "--complete", path)
    assert status == 0
    filled = {
        (tuple(r["row"]), tuple(r["column"])): r["value"] for r in map(json.loads, out.splitlines())
    }
    assert filled[(tuple(row), ("总计",))] == 5
    assert filled[(("二、上年结转政府信息公开申请数量",), ("总计",))] is None


def test_export_bad_file_exits_2_but_exports_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An unreadable file is reported and skipped; the readable one is still exported."""
    status, out, err = run(capsys, "export", tmp_path / "nope.toml", HONGZE)
    assert status == 2
    assert_clean_error(err)
    assert len(out.splitlines()) == 186  # mixed forms: 10 (二, 2021) + 161 (三, 2019) + 15 (四)


# --- convert ---------------------------------------------------------------------------------


def test_convert_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """TOML → JSON → TOML gives a report equal to the original, and the JSON is real JSON."""
    as_json = tmp_path / "huzhu.json"
    back = tmp_path / "huzhu.toml"
    assert run(capsys, "convert", HUZHU, as_json)[0] == 0
    assert json.loads(as_json.read_text(encoding="utf-8"))["agency"] == "互助县统计局"
    assert run(capsys, "convert", as_json, back)[0] == 0
    original = gd.load(HUZHU)
    assert gd.load(as_json) == original
    assert gd.load(back) == original
    assert original.printed == {"proactive.procurement.amount": "40.1396 万元"}


def test_convert_to_stdout_needs_a_format(capsys: pytest.CaptureFixture[str]) -> None:
    """``-`` writes to stdout with ``--to``; without it the command refuses."""
    status, out, _ = run(capsys, "convert", HONGZE, "-", "--to", "toml")
    assert status == 0
    assert gd.loads(out, "toml") == gd.load(HONGZE)
    status, out, err = run(capsys, "convert", HONGZE, "-")
    assert status == 2
    assert_clean_error(err)


def test_convert_refuses_to_overwrite_its_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Converting a file onto itself is refused and leaves it untouched."""
    source = tmp_path / "r.toml"
    source.write_bytes(HUAIAN.read_bytes())
    status, _, err = run(capsys, "convert", source, source, "--to", "json")
    assert status == 2
    assert_clean_error(err)
    assert "overwrite" in err
    assert source.read_bytes() == HUAIAN.read_bytes()


def test_convert_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Malformed input exits 2 and writes nothing."""
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    out = tmp_path / "out.toml"
    status, _, err = run(capsys, "convert", bad, out)
    assert status == 2
    assert_clean_error(err)
    assert f"{bad}:1" in err
    assert not out.exists()


# --- new -------------------------------------------------------------------------------------


def test_new_writes_a_template_and_refuses_to_overwrite(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``new`` writes a loadable template; a second run refuses unless ``--force``."""
    target = tmp_path / "report.toml"
    argv: list[str | Path] = [
        "new",
        "--edition",
        "2019",
        "--agency",
        "某县统计局",
        "--year",
        "2024",
        target,
    ]
    status, _, _ = run(capsys, *argv)
    assert status == 0
    report = gd.load(target)
    assert (report.agency, report.year, report.edition.value) == ("某县统计局", 2024, "2019")
    assert gd.is_valid(report)

    target.write_text("# my work\n", encoding="utf-8")
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert_clean_error(err)
    assert "--force" in err
    assert target.read_text(encoding="utf-8") == "# my work\n"

    status, _, _ = run(capsys, *argv, "--force")
    assert status == 0
    assert gd.load(target) == report


@pytest.mark.parametrize(
    "argv",
    [
        ["new", "--year", "24", "x.toml"],
        ["new", "--edition", "2020", "x.toml"],
        ["new", "x.json"],
    ],
)
def test_new_bad_arguments(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
) -> None:
    """A bad year, an unknown edition or a non-TOML name exits 2 and writes nothing."""
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert "gov-disclosure: error: " in err
    assert list(tmp_path.iterdir()) == []


# --- schema, rules, usage --------------------------------------------------------------------


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """``schema`` prints the library's JSON Schema as JSON."""
    status, out, _ = run(capsys, "schema")
    assert status == 0
    assert json.loads(out) == gd.json_schema()


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    """``rules`` shows every code with its severity and title; a prefix narrows the list."""
    status, out, _ = run(capsys, "rules")
    assert status == 0
    for r in gd.RULES:
        assert r.code in out
        assert r.title in out
    status, out, _ = run(capsys, "rules", "--format", "json", "A4")
    assert status == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["code"] for r in records] == ["A401"]
    assert records[0]["severity"] == "error"
    status, _, err = run(capsys, "rules", "Q")
    assert status == 2
    assert_clean_error(err)


@pytest.mark.parametrize(
    "argv", [[], ["frobnicate"], ["check"], ["check", "--format", "xml", "a.toml"]]
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """A missing or unknown command or a bad option exits 2 with the standard error prefix."""
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert "gov-disclosure: error: " in err


def test_help_and_version_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    """``--help`` and ``--version`` exit 0."""
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "check" in out
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert gd.__version__ in out


# --- render ----------------------------------------------------------------------------------


class FakeRender:
    """A stand-in for gov_disclosure.render that records its calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[gd.AnnualReport, str, dict[str, Any]]] = []

    def __call__(
        self, report: gd.AnnualReport, to: str = "markdown", **options: Any
    ) -> str | bytes:
        self.calls.append((report, to, options))
        return b"PK\x03\x04docx" if to == "docx" else f"{to}:{report.agency}\n"


@pytest.fixture
def fake_render(monkeypatch: pytest.MonkeyPatch) -> FakeRender:
    """Replace gov_disclosure.render by a recording stub for the CLI plumbing tests."""
    fake = FakeRender()
    module = types.ModuleType("gov_disclosure.render")
    module.render = fake  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gov_disclosure.render", module)
    return fake


def test_render_passes_options(capsys: pytest.CaptureFixture[str], fake_render: FakeRender) -> None:
    """``render`` loads the file and passes the format and its options to the renderer."""
    status, out, _ = run(capsys, "render", HONGZE, "--to", "html", "--mark-findings")
    assert status == 0
    assert out == "html:洪泽区人民政府\n"
    status, out, _ = run(capsys, "render", HONGZE, "--to", "text", "--width", "72")
    assert status == 0
    assert out == "text:洪泽区人民政府\n"
    (report, to, options), (_, to2, options2) = fake_render.calls
    assert report == gd.load(HONGZE)
    assert to == "html"
    assert set(options) == {"findings"}
    assert [f.code for f in options["findings"]] == ["S003", "A401", "A401"]
    assert (to2, options2) == ("text", {"width": 72})


@pytest.mark.parametrize(
    "argv",
    [
        ["--to", "markdown", "--mark-findings"],
        ["--to", "html", "--width", "80"],
        ["--to", "text", "--width", "0"],
    ],
)
def test_render_options_need_their_format(
    capsys: pytest.CaptureFixture[str], fake_render: FakeRender, argv: list[str]
) -> None:
    """An option for another format (or a width below 1) exits 2 without calling the renderer."""
    status, _, err = run(capsys, "render", HUAIAN, *argv)
    assert status == 2
    assert "gov-disclosure: error: " in err
    assert fake_render.calls == []


def test_render_output_files(
    capsys: pytest.CaptureFixture[str], fake_render: FakeRender, tmp_path: Path
) -> None:
    """Text goes to ``-o`` as UTF-8; docx needs ``-o``; the format follows the suffix of ``-o``."""
    html = tmp_path / "r.html"
    assert run(capsys, "render", HUAIAN, "-o", html)[0] == 0
    assert html.read_text(encoding="utf-8") == "html:淮安市人民政府\n"
    status, _, err = run(capsys, "render", HUAIAN, "--to", "docx")
    assert status == 2
    assert_clean_error(err)
    docx = tmp_path / "r.docx"
    assert run(capsys, "render", HUAIAN, "-o", docx)[0] == 0
    assert docx.read_bytes() == b"PK\x03\x04docx"
    assert [call[1] for call in fake_render.calls] == ["html", "docx"]
    assert run(capsys, "render", HUAIAN)[1] == "markdown:淮安市人民政府\n"


def test_render_markdown_for_real(capsys: pytest.CaptureFixture[str]) -> None:
    """With the real renderer, the command prints exactly what ``render`` returns for the file."""
    expected = render(gd.load(HUAIAN), to="markdown")
    status, out, _ = run(capsys, "render", HUAIAN, "--to", "markdown")
    assert status == 0
    assert out == expected
    assert "淮安市人民政府" in out


# --- properties ------------------------------------------------------------------------------


@FAST
@given(report=any_reports())
def test_convert_round_trip_property(report: gd.AnnualReport) -> None:
    """Any report (blanks, mixed forms, printed text) converted TOML → JSON → TOML reads back equal."""
    with tempfile.TemporaryDirectory() as scratch:
        first, second, third = (Path(scratch) / n for n in ("a.toml", "b.json", "c.toml"))
        gd.dump(report, first)
        assert main(["convert", str(first), str(second)]) == 0
        assert main(["convert", str(second), str(third)]) == 0
        assert gd.load(third) == report


@FAST
@given(report=any_reports())
def test_check_status_reflects_errors_property(report: gd.AnnualReport) -> None:
    """``check`` exits 1 exactly when the report has an error-severity finding, else 0."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "r.json"
        gd.dump(report, path)
        status = main(["check", "--min-severity", "error", str(path)])
    has_error = any(f.severity is gd.Severity.ERROR for f in gd.validate(report))
    assert status == (1 if has_error else 0)


@FAST
@given(report=any_reports())
def test_export_values_property(report: gd.AnnualReport) -> None:
    """Exported values are the cells' values: ints, null for blanks, amounts as plain decimal strings."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "r.toml"
        gd.dump(report, path)
        with contextlib.redirect_stdout(io.StringIO()) as out:
            assert main(["export", str(path)]) == 0
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    cells = list(gd.to_cells(report))
    assert len(records) == len(cells)
    for record, cell in zip(records, cells, strict=True):
        assert (record["table"], record["row"], record["column"]) == (
            cell.table,
            list(cell.row),
            list(cell.column),
        )
        if isinstance(cell.value, Decimal):
            assert re.fullmatch(r"-?\d+(\.\d+)?", record["value"]), record["value"]
            assert Decimal(record["value"]) == cell.value
        else:
            assert record["value"] == cell.value
            assert type(record["value"]) is type(cell.value)


# --- the entry point -------------------------------------------------------------------------


def test_python_dash_m_entry_point() -> None:
    """``python -m gov_disclosure check`` runs the same command line as a subprocess."""
    result = subprocess.run(
        [sys.executable, "-m", "gov_disclosure", "check", "examples/huaian-2024.toml"],
        cwd=ROOT,
        capture_output=True,
        check=False,
        encoding="utf-8",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "1 file, 0 errors" in result.stderr
    failing = subprocess.run(
        [sys.executable, "-m", "gov_disclosure", "check", "examples/hongze-2023.json"],
        cwd=ROOT,
        capture_output=True,
        check=False,
        encoding="utf-8",
    )
    assert failing.returncode == 1
    assert "A401" in failing.stdout


def test_render_docx_without_python_docx(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without the docx extra, rendering Word output says what to install and exits 2."""
    monkeypatch.setitem(sys.modules, "docx", None)
    monkeypatch.setattr("gov_disclosure.render.docx._api", None)  # not loaded by an earlier test
    status, _, err = run(capsys, "render", HUAIAN, "--to", "docx", "-o", tmp_path / "r.docx")
    assert status == 2
    assert_clean_error(err)
    assert "gov-disclosure[docx]" in err
    assert not (tmp_path / "r.docx").exists()


# --- output files: suffixes and overwriting ----------------------------------------------------


@pytest.mark.parametrize("name", ["report.pdf", "report.doc", "report.xlsx", "report"])
def test_render_refuses_an_unknown_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    """``-o report.pdf`` is refused (exit 2, nothing written) rather than filled with Markdown."""
    out = tmp_path / name
    status, _, err = run(capsys, "render", HUAIAN, "-o", out)
    assert status == 2
    assert_clean_error(err)
    assert "suffix" in err
    assert ".docx" in err
    assert "--to" in err
    assert not out.exists()
    # Saying the format explicitly is the way to write any name.
    assert run(capsys, "render", HUAIAN, "--to", "markdown", "-o", out)[0] == 0
    assert out.read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize(
    "argv",
    [
        ["convert", str(HUAIAN), "{out}.json"],
        ["render", str(HUAIAN), "-o", "{out}.md"],
        ["render", str(HUAIAN), "-o", "{out}.html"],
    ],
)
def test_convert_and_render_refuse_to_overwrite_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    """An existing OUT is kept and named, as ``new`` does; ``--force`` replaces it."""
    argv = [a.replace("{out}", str(tmp_path / "out")) for a in argv]
    target = Path(argv[-1])
    target.write_text("keep me", encoding="utf-8")
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert_clean_error(err)
    assert f"{target}: file exists (use --force to overwrite)" in err
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run(capsys, *argv, "--force")[0] == 0
    assert target.read_text(encoding="utf-8") != "keep me"


def test_render_notes_error_findings_on_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A report with error findings still renders (exit 0), and stderr says so; a clean one is quiet."""
    status, out, err = run(capsys, "render", HONGZE, "--to", "text")
    assert status == 0
    assert out
    errors = sum(f.severity is gd.Severity.ERROR for f in gd.validate(gd.load(HONGZE)))
    assert errors >= 1
    assert err == (
        f"gov-disclosure: note: {HONGZE} has {errors} error{'s' if errors > 1 else ''} "
        f"(`gov-disclosure check {HONGZE}` lists them)\n"
    )
    status, _, err = run(capsys, "render", HONGZE, "-o", tmp_path / "h.html")
    assert status == 0
    assert "note:" in err
    status, _, err = run(capsys, "render", HUAIAN)
    assert (status, err) == (0, "")


# --- input mistakes: messages a clerk can act on -------------------------------------------------


def template_lines(tmp_path: Path) -> list[str]:
    """The lines of a fresh 2021 template (every count 0)."""
    assert main(["new", str(tmp_path / "t.toml"), "--year", "2023"]) == 0
    return (tmp_path / "t.toml").read_text(encoding="utf-8").splitlines()


def line_of(lines: list[str], start: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(start))


def test_schema_problem_names_the_toml_line_and_the_field_meant(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = template_lines(tmp_path)
    i = line_of(lines, "received = ")
    lines[i] = lines[i].replace("natural_person", "natrual_person")
    j = line_of(lines, "licensing = ")
    lines[j] = lines[j].replace("licensing", "licencing")
    bad = tmp_path / "bad.toml"
    bad.write_text("\n".join(lines), encoding="utf-8")
    capsys.readouterr()
    status, _, err = run(capsys, "check", bad)
    assert status == 2
    assert_clean_error(err)
    assert f"{bad}:{i + 1}: $.applications.received.natrual_person: unknown key" in err
    assert "did you mean `natural_person`?" in err
    assert f"{bad}:{j + 1}: $.proactive.licencing: unknown key" in err
    assert "did you mean `licensing`?" in err


@pytest.mark.parametrize(
    ("written", "number"), [("12件", "12"), ("1,200", "1200"), ("１２０", "120")]
)
def test_a_count_with_unit_separator_or_fullwidth_digits_is_explained(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, written: str, number: str
) -> None:
    """Quoted (a schema problem) or bare (not TOML at all), and in JSON: say what to write."""
    lines = template_lines(tmp_path)
    i = line_of(lines, "received = ")
    hint = f"write the number alone, without quotes, unit, thousands separators or full-width digits: commercial = {number}"
    for value in (f'"{written}"', written):
        changed = [*lines]
        changed[i] = changed[i].replace("commercial = 0", f"commercial = {value}")
        bad = tmp_path / "bad.toml"
        bad.write_text("\n".join(changed), encoding="utf-8")
        capsys.readouterr()
        status, _, err = run(capsys, "check", bad)
        assert status == 2
        assert_clean_error(err)
        assert f"{bad}:{i + 1}" in err
        assert hint in err
    document = json.loads(gd.dumps(gd.load(HUAIAN), "json"))
    document["applications"]["received"]["commercial"] = written
    bad_json = tmp_path / "bad.json"
    bad_json.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    status, _, err = run(capsys, "check", bad_json)
    assert status == 2
    text = bad_json.read_text(encoding="utf-8").splitlines()
    k = next(n for n, line in enumerate(text) if written in line)
    assert f"{bad_json}:{k + 1}: $.applications.received.commercial" in err
    assert hint in err


def test_a_gbk_file_a_directory_and_a_workbook_are_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes(HUAIAN.read_text(encoding="utf-8").encode("gbk"))
    folder = tmp_path / "reports"
    folder.mkdir()
    workbook = tmp_path / "report.xlsx"
    workbook.write_bytes(b"PK\x03\x04 not really a workbook")
    status, _, err = run(capsys, "check", gbk, folder, workbook)
    assert status == 2
    assert f"{gbk}:" in err
    assert "GBK (GB 18030) encoding" in err
    assert "save it as UTF-8" in err
    assert f"{folder} is a directory, not a report: name the report files in it" in err
    assert f"{workbook}: not an Excel workbook (.xlsx): a damaged zip archive" in err
    assert "Traceback" not in err
    status, _, err = run(capsys, "convert", folder, tmp_path / "out.json")
    assert status == 2
    assert f"{folder} is a directory" in err


# --- language: Chinese or English ------------------------------------------------------------------

CATALOGUE = ROOT / "src" / "gov_disclosure" / "locale" / "zh" / "LC_MESSAGES" / "gov_disclosure.po"


def test_compiled_catalogue_matches_the_po() -> None:
    """The committed .mo is the .po compiled (run scripts/update_catalogue.py after editing)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with CATALOGUE.open("rb") as stream:
        po = read_po(stream)
    compiled = io.BytesIO()
    write_mo(compiled, po)
    assert CATALOGUE.with_suffix(".mo").read_bytes() == compiled.getvalue()


def test_every_message_and_rule_summary_has_a_chinese_translation() -> None:
    """Every id the CLI translates (its messages, the severities, every rule summary) is in the
    catalogue with a translation that keeps the same {placeholders}."""
    from babel.messages.pofile import read_po

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import update_catalogue
    finally:
        sys.path.pop(0)
    with CATALOGUE.open("rb") as stream:
        po = read_po(stream)
    for msgid in update_catalogue.message_ids():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = po.get(key)
        assert message is not None, f"not in the catalogue: {key!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert string, f"untranslated: {key!r}"
            assert set(re.findall(r"\{\w+", string)) == set(re.findall(r"\{\w+", key)), key


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LC_ALL": "zh_CN.GB18030"}, "zh"),
        ({}, "en"),
    ],
)
def test_language_from_the_locale(env: dict[str, str], lang: str) -> None:
    from gov_disclosure._i18n import language_from_env

    assert language_from_env(env) == lang


def test_messages_in_chinese_by_locale_or_lang(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "r.pdf"
    status, _, err = run(capsys, "render", HUAIAN, "-o", out, "--lang", "zh")
    assert status == 2
    assert err == (
        f"gov-disclosure: 错误：{out}：无法从后缀 '.pdf' 判断格式"
        "（请用 .md, .markdown, .txt, .html, .htm, .docx，或用 --to 指明格式）\n"
    )
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    status, _, err = run(capsys, "check", HUAIAN, tmp_path / "missing.toml")
    assert status == 2
    assert err.endswith("2 个文件，0 个错误，0 个警告，0 条提示（1 个无法读取）\n")
    status, _, err = run(capsys, "render", HONGZE, "--to", "text")
    assert "gov-disclosure: 注意：" in err
    assert "个错误" in err
    # --lang en overrides a Chinese locale, before or after the command.
    for argv in (["--lang", "en", "check", HUAIAN], ["check", HUAIAN, "--lang=en"]):
        status, _, err = run(capsys, *argv)
        assert (status, err) == (0, "1 file, 0 errors, 0 warnings, 0 info\n")
    status, _, err = run(capsys, "--lang", "fr", "check", HUAIAN)
    assert status == 2


def test_rules_summaries_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "rules", "--lang", "zh", "--format", "json")
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(gd.RULES)
    english = {r.code: r.summary for r in gd.RULES}
    for row in rows:
        assert row["summary"] != english[row["code"]]
        assert re.search(r"[\u4e00-\u9fff]", row["summary"])
    status, out, _ = run(capsys, "rules", "A401", "--lang", "zh")
    assert out.splitlines()[0].split() == ["代码", "严重程度", "名称", "说明"]
    assert "A401    错误" in out
    status, out, _ = run(capsys, "rules", "A401")
    assert "For 行政复议" in out
