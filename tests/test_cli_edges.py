"""The command line's edges (issue 14): output paths that are symlink loops, quiet ``check`` by
default, ``--to md``/``txt``, ``-o -`` for every command that writes one file, ``sum`` of one
file twice, and a reader that goes away (``… | head``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import gov_disclosure as gd
from conftest import run
from gov_disclosure.render import render

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HUAIAN = EXAMPLES / "huaian-2024.toml"
HUZHU = EXAMPLES / "huzhu-tongjiju-2023.toml"
HONGZE = EXAMPLES / "hongze-2023.json"

pytestmark = pytest.mark.usefixtures("english_locale")


def clean_error(err: str, text: str) -> None:
    """One ``gov-disclosure: error:`` message holding ``text``, no traceback."""
    assert "Traceback" not in err
    assert "gov-disclosure: error: " in err
    assert text in err


# --- item 11: a loop of symbolic links as the output ------------------------------------------


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    """``a.toml`` → ``b.toml`` → ``a.toml``."""
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.symlink_to(b)
    b.symlink_to(a)
    return a


@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize(
    "argv",
    [
        ["convert", str(HUAIAN), "{out}"],
        ["render", str(HUAIAN), "--to", "markdown", "-o", "{out}"],
        ["diff", str(HUAIAN), str(HONGZE), "-o", "{out}"],
        ["sum", str(HUAIAN), "-o", "{out}"],
        ["new", "{out}"],
        ["convert", "{out}", "{out}.json"],  # as the input: read and refused
    ],
    ids=["convert", "render", "diff", "sum", "new", "convert-in"],
)
def test_a_symlink_loop_as_output_is_named(
    capsys: pytest.CaptureFixture[str], loop: Path, argv: list[str], force: list[str]
) -> None:
    """Every command that writes a file names a loop of links plainly, exit 2 (it was a
    RuntimeError traceback from resolving the path)."""
    status, _, err = run(capsys, *[a.replace("{out}", str(loop)) for a in argv], *force)
    assert status == 2
    if argv[0] == "convert" and argv[1] == "{out}":
        clean_error(err, f"{loop}:")
    else:
        clean_error(err, f"{loop}: a loop of symbolic links")


def test_a_symlink_loop_above_the_output_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A loop in a folder of the output path is named too."""
    (tmp_path / "d1").symlink_to(tmp_path / "d2")
    (tmp_path / "d2").symlink_to(tmp_path / "d1")
    out = tmp_path / "d1" / "out.json"
    status, _, err = run(capsys, "convert", HUAIAN, out)
    assert status == 2
    clean_error(err, "a loop of symbolic links")


# --- item 15: quiet by default ----------------------------------------------------------------


def with_placeholders(tmp_path: Path) -> Path:
    """huaian with three cells of table 三 and one of 四 printed as ``——`` (blank)."""
    report = gd.load(HUAIAN)
    paths = [
        "applications.received.natural_person",
        "applications.received.commercial",
        "applications.received.research",
        "reviews.review.upheld",
    ]
    for path in paths:
        report = report.replace(path, None)
    report = attrs.evolve(report, printed=dict.fromkeys(paths, "——"))
    out = tmp_path / "placeholders.toml"
    gd.dump(report, out)
    return out


def test_check_shows_warnings_and_errors_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    """huzhu's 26 info findings (B001 blank rows and the like) are not shown; the summary says
    how many were left out and how to see them."""
    infos = [f for f in gd.validate(gd.load(HUZHU)) if f.severity is gd.Severity.INFO]
    assert len(infos) > 20
    status, out, err = run(capsys, "check", HUZHU)
    assert status == 0
    assert " B001 " not in out
    assert all(f" {f.code} " not in out for f in infos)
    assert f"({len(infos)} not shown: -v shows them)" in err


@pytest.mark.parametrize("flag", [["-v"], ["--verbose"], ["--min-severity", "info"]])
def test_check_verbose_shows_every_finding(
    capsys: pytest.CaptureFixture[str], flag: list[str]
) -> None:
    findings = gd.validate(gd.load(HUZHU))
    status, out, err = run(capsys, "check", *flag, HUZHU)
    assert status == 0
    assert len(out.splitlines()) == len(findings)
    assert "not shown" not in err


def test_verbose_and_min_severity_do_not_mix(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "check", "-v", "--min-severity", "error", HUZHU)
    assert status == 2
    assert "not allowed with" in err


def test_check_json_is_complete_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    """JSON Lines are for machines: every finding unless --min-severity is given."""
    findings = gd.validate(gd.load(HUZHU))
    _, out, _ = run(capsys, "check", "--format", "json", HUZHU)
    assert [json.loads(line)["code"] for line in out.splitlines()] == [f.code for f in findings]
    _, out, _ = run(capsys, "check", "--format", "json", "--min-severity", "warning", HUZHU)
    assert all(json.loads(line)["severity"] != "info" for line in out.splitlines())


def test_placeholders_fold_to_one_line_per_table(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """S004 of table 三 (three cells) is one line with the count and the cells; table 四's
    single one stays as it is; -v and JSON list each."""
    path = with_placeholders(tmp_path)
    _, out, err = run(capsys, "check", path)
    s004 = [line for line in out.splitlines() if " S004 " in line]
    assert s004 == [
        f"{path}: S004 三 3 cells printed as text, not figures, read as blank: "
        "一、本年新收政府信息公开申请数量/自然人; "
        "一、本年新收政府信息公开申请数量/法人或其他组织/商业企业; "
        "一、本年新收政府信息公开申请数量/法人或其他组织/科研机构 (-v lists each)",
        f"{path}: S004 四/行政复议/结果维持 the cell is printed “——”, not a number: read as blank",
    ]
    assert "not shown" in err  # the 3 folded count as 3 shown warnings; the info are hidden
    _, out, _ = run(capsys, "check", "-v", path)
    assert sum(" S004 " in line for line in out.splitlines()) == 4
    _, out, _ = run(capsys, "check", "--format", "json", path)
    assert sum(json.loads(line)["code"] == "S004" for line in out.splitlines()) == 4


def test_a_long_fold_names_the_first_cells_and_counts_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = gd.load(HUAIAN)
    paths = [c for c in report.applications.spec().cells][:10]
    printed = {f"applications.{c.path}": "/" for c in paths}
    for key in printed:
        report = report.replace(key, None)
    path = tmp_path / "many.toml"
    gd.dump(attrs.evolve(report, printed=printed), path)
    _, out, _ = run(capsys, "check", "--select", "S004", path)
    (line,) = out.splitlines()
    assert line.startswith(f"{path}: S004 三 10 cells printed as text")
    assert line.endswith(" and 4 more (-v lists each)")


# --- item 16: --to md/txt, -o -, sum of one file twice ------------------------------------------


@pytest.mark.parametrize(("alias", "name"), [("md", "markdown"), ("txt", "text")])
def test_render_takes_md_and_txt(capsys: pytest.CaptureFixture[str], alias: str, name: str) -> None:
    status, out, _ = run(capsys, "render", HUAIAN, "--to", alias)
    assert status == 0
    assert out == render(gd.load(HUAIAN), to=name)  # type: ignore[arg-type]


def test_diff_takes_txt(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(capsys, "diff", HUAIAN, HUAIAN, "--to", "txt")[1]
        == run(capsys, "diff", HUAIAN, HUAIAN)[1]
    )


def test_render_and_diff_write_to_stdout_with_dash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-o -`` is standard output, not a file named ``-``."""
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(capsys, "render", HUAIAN, "-o", "-", "--to", "html")
    assert status == 0
    assert out == render(gd.load(HUAIAN), to="html")
    assert run(capsys, "render", HUAIAN, "-o", "-")[1] == render(gd.load(HUAIAN), to="markdown")
    _, out, _ = run(capsys, "diff", HUAIAN, HONGZE, "-o", "-")
    assert out == run(capsys, "diff", HUAIAN, HONGZE)[1]
    assert not Path("-").exists()


def test_render_docx_to_a_pipe(tmp_path: Path) -> None:
    """Word output to ``-o -`` goes to stdout as bytes when stdout is not a terminal: the same
    bytes as written to a file (rendered in processes of their own, so that this process's
    modules stay as other tests expect them)."""
    pytest.importorskip("docx")
    command = [sys.executable, "-m", "gov_disclosure", "render", str(HUAIAN), "--to", "docx"]
    piped = subprocess.run([*command, "-o", "-"], capture_output=True, timeout=120, check=False)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith(b"PK\x03\x04")
    out = tmp_path / "r.docx"
    written = subprocess.run(
        [*command, "-o", str(out)], capture_output=True, timeout=120, check=False
    )
    assert written.returncode == 0, written.stderr
    assert piped.stdout == out.read_bytes()


def test_sum_writes_to_stdout_with_dash(capsys: pytest.CaptureFixture[str]) -> None:
    """``sum -o - --to toml``: the document alone on stdout, the rest on stderr."""
    status, out, err = run(
        capsys, "sum", HUAIAN, HONGZE, "--agency", "合计", "-o", "-", "--to", "toml"
    )
    assert status == 2  # different forms: refused before anything is written
    assert out == ""
    status, out, err = run(capsys, "sum", HUAIAN, "-o", "-", "--to", "toml")
    assert status == 0
    assert gd.loads(out, "toml") == gd.sum_reports([gd.load(HUAIAN)]).report
    assert "公开率" in err
    assert "wrote stdout: the sum of 1 report" in err
    status, _, err = run(capsys, "sum", HUAIAN, "-o", "-")
    assert status == 2
    clean_error(err, "--to json|toml")


def test_sum_of_one_file_twice_warns(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The same file given twice (by its name, or through a link) is summed, with a warning."""
    link = tmp_path / "same.toml"
    link.symlink_to(HUAIAN)
    for second in (HUAIAN, link):
        status, _, err = run(capsys, "sum", HUAIAN, second, "-o", tmp_path / "x.json", "--force")
        assert status == 0
        assert (
            f"gov-disclosure: warning: {HUAIAN}, {second}: the same file given 2 times: "
            "its figures are counted 2 times"
        ) in err
    _, _, err = run(capsys, "sum", HUAIAN, HUZHU, "-o", tmp_path / "y.json", "--year", "2024")
    assert "warning" not in err


# --- a reader that goes away -----------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_broken_pipe_exits_141_quietly(jobs: str) -> None:
    """``check … | head -1``: status 141 (128 + SIGPIPE), nothing on stderr — not 1 ("found
    an error"), no traceback, no "Exception ignored"."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gov_disclosure", "check", "-v", "-j", jobs, *[str(HUZHU)] * 200],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert err == ""
