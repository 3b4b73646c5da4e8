"""Tests for ``gov-disclosure sum``: the written sum, its findings and metrics, and refusals."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from conftest import run
from gov_disclosure.cli import main
from strategies import FAST, any_reports

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HUAIAN = EXAMPLES / "huaian-2024.toml"
HONGZE = EXAMPLES / "hongze-2023.json"
HUZHU_TXT = EXAMPLES / "huzhu-tongjiju-2023.txt"


pytestmark = pytest.mark.usefixtures("english_locale")


def department(tmp_path: Path, name: str, agency: str, **cells: int | None) -> Path:
    """A copy of the 淮安 example as another body's report, with some cells changed."""
    report = attrs.evolve(gd.load(HUAIAN), agency=agency)
    for path, value in cells.items():
        report = report.replace(path.replace("__", "."), value)
    target = tmp_path / name
    gd.dump(report, target)
    return target


def test_sum_writes_the_report_and_prints_metrics(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Two consistent reports: OUT holds their sum, stdout the metrics table, exit 0."""
    a = department(tmp_path, "a.toml", "甲局")
    b = department(tmp_path, "b.json", "乙局")
    out_file = tmp_path / "county.json"
    status, out, err = run(capsys, "sum", a, b, "-o", out_file, "--agency", "某县合计")
    assert status == 0
    summed = gd.load(out_file)
    assert summed.agency == "某县合计"
    assert summed.year == 2024
    assert summed.applications is not None
    assert summed.applications.received.total == 2 * 3119
    assert json.loads(out_file.read_text(encoding="utf-8"))["proactive"]["fees"] == "192343.2"
    lines = out.splitlines()
    assert lines[0].split() == ["metric", "key", "value", "percent"]
    assert "公开率      disclosure_rate             0.595410  59.54%" in out  # (1362+454)/3050
    assert "诉讼纠错率  litigation_correction_rate  0.128205  12.82%" in out
    assert "S001" not in out  # a sum has no narrative by design
    assert err.splitlines() == [
        f"wrote {out_file}: the sum of 2 reports",
        "1 file, 0 errors, 0 warnings, 0 info",
    ]


def test_sum_lists_partial_cells_and_findings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A cell blank in one input is listed with that input; a broken input's error shows in
    the sum's findings and gives exit 1."""
    a = department(tmp_path, "a.toml", "甲局")
    b = department(tmp_path, "b.toml", "甲局", applications__received__total=None)
    c = department(tmp_path, "c.toml", "甲局", reviews__review__total=0)
    out_file = tmp_path / "sum.toml"
    status, out, _ = run(capsys, "sum", a, b, c, "-o", out_file)
    assert status == 1
    assert (
        f"{out_file}: 三/一、本年新收政府信息公开申请数量/总计 blank in {b}, counted there as "
        "the sum of its parts"
    ) in out
    assert f"{out_file}: A401 四/行政复议/总计" in out
    assert gd.load(out_file).agency == "甲局"


def test_sum_in_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """With --lang zh the headers and the notes are Chinese."""
    a = department(tmp_path, "a.toml", "甲局", applications__granted__research=None)
    status, out, err = run(
        capsys, "--lang", "zh", "sum", a, HUAIAN, "-o", tmp_path / "s.toml", "--agency", "合计"
    )
    assert status == 0
    assert out.splitlines()[0].startswith(f"{tmp_path / 's.toml'}: 三/")
    assert f"在 {a} 中为空白，该处按 0 计" in out
    assert "指标" in out
    assert "份报告的合计" in err


def test_sum_of_a_published_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A published report is read like in the other commands; a metric of blanks is n/a."""
    status, out, _ = run(capsys, "sum", HUZHU_TXT, "-o", tmp_path / "s.toml")
    assert status == 0
    assert gd.load(tmp_path / "s.toml").agency == gd.parse(HUZHU_TXT).report.agency
    table = out.splitlines()[-5:]  # tables 三 and 四 are printed blank in this report
    assert [line.split()[1:] for line in table] == [[m.key, "n/a"] for m in gd.METRICS]


def test_mixed_forms_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Table 三 in both forms: one line naming both files and their forms, exit 2, no OUT."""
    target = tmp_path / "s.json"
    status, out, err = run(capsys, "sum", HUAIAN, HONGZE, "-o", target, "--agency", "x")
    assert status == 2
    assert out == ""
    assert err == (
        f"gov-disclosure: error: cannot add up table 三 in different forms: {HUAIAN} has the "
        f"2021 form, {HONGZE} the 2019 form\n"
    )
    assert not target.exists()
    status, _, err = run(capsys, "--lang", "zh", "sum", HUAIAN, HONGZE, "-o", target)
    assert status == 2
    assert "不同格式的表三不能相加" in err


def test_refusals_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Different bodies or years without the option, unreadable input, an existing OUT, an
    OUT that is an input, an unknown suffix: one line each, exit 2."""
    a = department(tmp_path, "a.toml", "甲局")
    b = department(tmp_path, "b.toml", "乙局")
    target = tmp_path / "s.toml"
    cases = [
        (("sum", a, b, "-o", target), "name the sum with --agency"),
        (("sum", a, tmp_path / "missing.toml", "-o", target), "missing.toml"),
        (("sum", a, "-o", a), "refusing to overwrite the input file"),
        (("sum", a, "-o", tmp_path / "s.pdf"), "cannot tell the format"),
    ]
    for argv, message in cases:
        status, out, err = run(capsys, *argv)
        assert status == 2, argv
        assert out == ""
        assert err.startswith("gov-disclosure: error: ")
        assert message in err
        assert err.count("\n") == 1
        assert "Traceback" not in err
    target.write_text("", encoding="utf-8")
    status, _, err = run(capsys, "sum", a, "-o", target)
    assert status == 2
    assert "use --force" in err
    assert run(capsys, "sum", a, "-o", target, "--force")[0] == 0


def test_years_differ_unless_year_is_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Reports of different years need --year, which names the sum's year."""
    a = department(tmp_path, "a.toml", "甲局")
    b = tmp_path / "b.json"
    gd.dump(attrs.evolve(gd.load(a), year=2023), b)
    target = tmp_path / "s.toml"
    status, _, err = run(capsys, "sum", a, b, "-o", target)
    assert status == 2
    assert "--year" in err
    assert run(capsys, "sum", a, b, "-o", target, "--year", "2024")[0] == 0
    assert gd.load(target).year == 2024


@FAST
@given(st.lists(any_reports(), min_size=1, max_size=3))
def test_any_reports_get_an_exit_status_not_a_traceback(
    reports: list[gd.AnnualReport],
) -> None:
    """Any reports the model holds: sum ends with 0, 1 or 2 and never prints a traceback."""
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for i, report in enumerate(reports):
            files.append(Path(folder) / f"r{i}.json")
            gd.dump(report, files[-1])
        target = Path(folder) / "sum.toml"
        for extra in ([], ["--agency", "合计", "--year", "2024"]):
            err = io.StringIO()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                status = main(["sum", *map(str, files), "-o", str(target), "--force", *extra])
            assert status in (0, 1, 2)
            assert "Traceback" not in err.getvalue()
            if status != 2:
                assert gd.load(target).agency in ("合计", reports[0].agency)
