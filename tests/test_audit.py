"""``audit``: a folder of reports in every form → findings, cells, reports, summary pages."""

from __future__ import annotations

import csv
import io
import itertools
import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from conftest import CORPUS
from gov_disclosure.audit import AuditError, audit, discover
from gov_disclosure.audit.work import (
    CELL_COLUMNS,
    FINDING_FIELDS,
    audit_file,
    cells_csv,
)
from gov_disclosure.cli import main
from gov_disclosure.render import render
from gov_disclosure.testing import sample_report
from strategies import any_reports

SUFFIX = {"html": ".html", "markdown": ".md", "text": ".txt", "docx": ".docx"}


def _write(path: Path, report: gd.AnnualReport, form: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if form in ("toml", "json"):
        gd.dump(report, path.with_suffix("." + form))
        return path.with_suffix("." + form)
    out = render(report, form)
    target = path.with_suffix(SUFFIX[form])
    if isinstance(out, bytes):
        target.write_bytes(out)
    else:
        target.write_text(out, encoding="utf-8")
    return target


@pytest.fixture
def corpus(tmp_path: Path) -> dict[str, Any]:
    """A province in miniature: one body's two years (its name printed with and without its
    city), a second body, an error planted in one report, a report that cannot be read (its
    title, no tables) and a file that is no report (a notice)."""
    root = tmp_path / "reports"
    body_2023 = sample_report("2021", agency="海东市互助县统计局", year=2023)
    body_2024 = sample_report("2021", agency="互助县统计局", year=2024)
    other = sample_report("2019", agency="某县政府办公室", year=2020)
    wrong = body_2024.replace("applications.received.total", 1)
    files = {
        "county/a/2023": _write(root / "county" / "a" / "2023", body_2023, "html"),
        "county/a/2024": _write(root / "county" / "a" / "2024", wrong, "markdown"),
        "county/b/2020": _write(root / "county" / "b" / "2020", other, "toml"),
        "county/b/text": _write(root / "county" / "b" / "text", other, "text"),
    }
    (root / "county" / "notes.txt").write_text("会议通知\n\n请各单位按时参加。\n", encoding="utf-8")
    broken = "某县政府办公室2020年政府信息公开工作年度报告\n\n（正文缺失）\n"
    (root / "county" / "b" / "broken.md").write_text(broken, encoding="utf-8")
    (root / "county" / "style.css").write_text("body {}", encoding="utf-8")
    (root / ".hidden").mkdir()
    _write(root / ".hidden" / "x", other, "toml")
    return {"root": root, "files": files, "reports": [body_2023, wrong, other]}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _findings(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "findings.jsonl").read_text("utf-8").splitlines()]


def test_discover_walks_folders_in_order_and_skips_the_rest(corpus: dict[str, Any]) -> None:
    found = list(discover([corpus["root"]]))
    names = [Path(f).relative_to(corpus["root"]).as_posix() for f in found]
    assert found == list(discover([corpus["root"]]))  # a stable order: the folder walked top down
    folders = [n.rpartition("/")[0] for n in names]
    for a, b in itertools.pairwise(names):
        if a.rpartition("/")[0] == b.rpartition("/")[0]:
            assert a < b  # files of one folder in sorted order
    assert folders.index("county") < folders.index("county/a") < folders.index("county/b")
    assert ".hidden/x.toml" not in names
    assert "county/style.css" not in names
    assert "county/notes.txt" in names  # a text file may be a report: it is tried
    assert len(found) == 6


def test_audit_writes_every_output(corpus: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = audit([corpus["root"]], out, jobs=1)
    assert (result.files, result.read, result.unreadable, result.not_reports) == (6, 4, 1, 1)
    assert result.empty == ()
    for name in ("findings.jsonl", "cells.csv", "reports.csv", "summary.md", "summary.html"):
        assert (out / name).is_file(), name

    reports = _rows(out / "reports.csv")
    by_file = {r["file"]: r for r in reports}
    unreadable = [r for r in reports if r["status"] == "unreadable"]
    assert [Path(r["file"]).name for r in unreadable] == ["broken.md"]
    assert "no annual report found" in unreadable[0]["message"]
    skipped = [r for r in reports if r["status"] == "not-report"]
    assert [Path(r["file"]).name for r in skipped] == ["notes.txt"]
    assert "not a report" in skipped[0]["message"]
    html_row = by_file[str(corpus["files"]["county/a/2023"])]
    assert (html_row["agency"], html_row["year"], html_row["edition"]) == (
        "海东市互助县统计局",
        "2023",
        "2021",
    )
    assert html_row["input"] == "html"
    assert html_row["forms"] == "二:2021 三:2021 四"
    toml_row = by_file[str(corpus["files"]["county/b/2020"])]
    for key, value in gd.compute_metrics(corpus["reports"][2]).items():
        assert toml_row[key] == ("" if value is None else str(value)), key

    # Every cell of every read report, as the model has it.
    cells = _rows(out / "cells.csv")
    assert list(cells[0]) == list(CELL_COLUMNS)
    for key, report in (
        ("county/a/2023", corpus["reports"][0]),
        ("county/b/2020", corpus["reports"][2]),
    ):
        mine = [c for c in cells if c["file"] == str(corpus["files"][key])]
        expected = list(gd.to_cells(report))
        assert [(c["table"], c["row"], c["column"]) for c in mine] == [
            (c.table, "/".join(c.row), "/".join(c.column)) for c in expected
        ]
        assert [c["value"] for c in mine] == [
            "" if c.value is None else str(c.value) for c in expected
        ]


def test_findings_carry_file_agency_location_and_figures(
    corpus: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    audit([corpus["root"]], out, jobs=1)
    findings = _findings(out)
    assert all(list(f) == list(FINDING_FIELDS) for f in findings)
    wrong_file = str(corpus["files"]["county/a/2024"])
    planted = [f for f in findings if f["file"] == wrong_file and f["code"].startswith("A")]
    assert planted, "the planted error is found"
    cell = next(f for f in planted if f["value"] == 1)
    assert cell["agency"] == "互助县统计局"
    assert cell["year"] == 2024
    assert cell["severity"] == "error"
    assert cell["source"] is not None  # the line of the Markdown file it was read from
    assert cell["line"] is not None
    assert cell["source"].endswith(f":{cell['line']}") or f":{cell['line']}:" in cell["source"]
    expected = gd.parse(wrong_file).validate()
    assert sorted(f["code"] for f in findings if f["file"] == wrong_file) == sorted(
        [f.code for f in expected]
        + [f["code"] for f in findings if f["file"] == wrong_file and f["code"].startswith("C")]
    )


def test_years_of_one_body_are_paired_across_its_names(
    corpus: dict[str, Any], tmp_path: Path
) -> None:
    """The body printed with its city (2023) and without (2024) is one series; the cross-year
    rules run on the pair and their findings name the later report."""
    out = tmp_path / "out"
    result = audit([corpus["root"]], out, jobs=1)
    reports = {r["file"]: r for r in _rows(out / "reports.csv")}
    first = reports[str(corpus["files"]["county/a/2023"])]
    second = reports[str(corpus["files"]["county/a/2024"])]
    assert first["series"] == second["series"] == "互助县统计局"
    expected = gd.validate_series(corpus["reports"][:2])
    series = [f for f in _findings(out) if f["code"].startswith("C")]
    assert len(series) == len(expected) == result.series_findings
    assert {f["file"] for f in series} <= {second["file"]}
    assert int(second["cross_year"]) == len([f for f in series if f["file"] == second["file"]])
    assert not [f for f in series if f["code"] == "C001"]  # the names are one body
    # The .toml and .txt of body b, 2020, are one report: the document is the one read.
    toml, text = (reports[str(corpus["files"][k])] for k in ("county/b/2020", "county/b/text"))
    assert (toml["copies"], text["copies"]) == ("2", "2")
    assert toml["representative"] == text["representative"] == toml["file"]
    assert toml["copy_differences"] == "0"


def test_reports_csv_counts_match_the_findings(corpus: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "out"
    audit([corpus["root"]], out, jobs=1)
    findings = _findings(out)
    for row in _rows(out / "reports.csv"):
        mine = [f for f in findings if f["file"] == row["file"]]
        for severity, column in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
            assert int(row[column]) == sum(f["severity"] == severity for f in mine), row


def test_summary_ranks_rules_and_links_the_files(corpus: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "out"
    audit([corpus["root"]], out, jobs=1)
    summary = (out / "summary.md").read_text("utf-8")
    assert "| 文件 | 6 |" in summary
    assert "| 无法读取 | 1 |" in summary
    assert "| 不是报告（已跳过） | 1 |" in summary
    findings = _findings(out)
    top = max({f["code"] for f in findings}, key=lambda c: sum(f["code"] == c for f in findings))
    assert f"| {top} |" in summary
    page = (out / "summary.html").read_text("utf-8")
    from lxml import html as lxml_html

    root = lxml_html.fromstring(page)
    links = [a.get("href") for a in root.iter("a")]
    assert links
    from urllib.parse import unquote

    for href in links:
        assert (out / unquote(href)).resolve().exists(), href
    worst = [a.text for a in root.get_element_by_id("worst").iter("a")]
    assert worst[0] == str(corpus["files"]["county/a/2024"])


def test_outdir_is_not_audited_and_not_overwritten(corpus: dict[str, Any]) -> None:
    out = corpus["root"] / "audit-out"
    audit([corpus["root"]], out, jobs=1)
    with pytest.raises(AuditError, match="--resume"):
        audit([corpus["root"]], out, jobs=1)
    again = audit([corpus["root"]], out, jobs=1, force=True)
    assert again.files == 6  # its own summary pages are not taken for reports


def _outputs(out: Path) -> dict[str, str]:
    return {
        name: (out / name).read_text("utf-8")
        for name in ("findings.jsonl", "cells.csv", "reports.csv", "summary.md", "summary.html")
    }


class _Stop(Exception):
    pass


def _stop_after(n: int) -> Callable[[int, int], Callable[[int], None]]:
    def start(done: int, total: int) -> Callable[[int], None]:
        seen = [0]

        def tick(k: int) -> None:
            seen[0] += k
            if seen[0] >= n:
                raise _Stop

        return tick

    return start


@pytest.mark.parametrize("stop_after", [1, 3])
def test_an_interrupted_audit_resumes_to_the_same_outputs(
    corpus: dict[str, Any], tmp_path: Path, stop_after: int
) -> None:
    whole = tmp_path / "whole"
    audit([corpus["root"]], whole, jobs=1)
    part = tmp_path / "part"
    with pytest.raises(_Stop):
        audit([corpus["root"]], part, jobs=1, progress=_stop_after(stop_after))
    assert (part / "findings.jsonl").exists()
    # A crash after the last commit leaves lines the database does not know of.
    with (part / "cells.csv").open("a", encoding="utf-8") as f:
        f.write("half a line,")
    resumed = audit([corpus["root"]], part, jobs=1, resume=True)
    assert resumed.skipped == stop_after
    assert _outputs(part) == {
        k: v.replace(str(whole), str(part)) for k, v in _outputs(whole).items()
    }


def test_resume_of_a_finished_audit_redoes_nothing(corpus: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "out"
    audit([corpus["root"]], out, jobs=1)
    before = _outputs(out)
    seen: list[int] = []

    def start(done: int, total: int) -> Callable[[int], None]:
        seen.append(done)
        return lambda k: seen.append(-k)

    result = audit([corpus["root"]], out, jobs=1, resume=True, progress=start)
    assert seen == [6]
    assert result.skipped == 6
    assert _outputs(out) == before


def test_worker_processes_give_the_same_outputs(corpus: dict[str, Any], tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    audit([corpus["root"]], one, jobs=1)
    audit([corpus["root"]], two, jobs=2)
    assert _outputs(one) == {k: v.replace(str(two), str(one)) for k, v in _outputs(two).items()}


def test_dask_local_cluster_gives_the_same_outputs(corpus: dict[str, Any], tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    pool, dask = tmp_path / "pool", tmp_path / "dask"
    audit([corpus["root"]], pool, jobs=2)
    audit([corpus["root"]], dask, jobs=2, engine="dask")
    assert _outputs(pool) == _outputs(dask)
    if (pool / "cells.parquet").exists():
        assert (pool / "cells.parquet").read_bytes() == (dask / "cells.parquet").read_bytes()


def test_cells_parquet_holds_the_csv(corpus: dict[str, Any], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out"
    audit([corpus["root"]], out, jobs=1)
    table = pq.read_table(out / "cells.parquet")
    assert table.column_names == list(CELL_COLUMNS)
    rows = _rows(out / "cells.csv")
    assert table.num_rows == len(rows)
    assert table.column("value").to_pylist() == [r["value"] for r in rows]
    assert table.column("year").to_pylist() == [int(r["year"]) for r in rows]
    assert sum(Decimal(v) for v in table.column("value").to_pylist() if v) == sum(
        Decimal(r["value"]) for r in rows if r["value"]
    )


def test_audit_file_never_raises_for_bad_input(tmp_path: Path) -> None:
    cases = {
        "empty.html": b"",
        "binary.pdf": b"%PDF-1.4 broken",
        "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
        "bad.toml": b"agency = ",
        "gbk.txt": "某县统计局2023年政府信息公开工作年度报告".encode("gb18030"),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        result = audit_file(str(tmp_path / name))
        assert result.status in ("read", "unreadable"), name
        if result.status == "unreadable":
            assert result.message, name
    assert audit_file(str(tmp_path / "missing.md")).status == "unreadable"


# --- the command ----------------------------------------------------------------------------


def test_cli_audit_exit_status_and_message(
    corpus: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["audit", str(corpus["root"]), "-o", str(out), "-j", "1", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "6 files, 4 read, 1 unreadable" in err
    assert "1 skipped: not reports (by content)" in err
    (corpus["root"] / "county" / "b" / "broken.md").unlink()
    # the notice left is no report: every report was read
    assert main(["audit", str(corpus["root"]), "-o", str(out), "--force", "-q"]) == 0
    assert main(["audit", str(corpus["root"]), "-o", str(out)]) == 2
    assert "--resume" in capsys.readouterr().err
    assert main(["audit", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o2")]) == 2
    assert main(["audit", str(corpus["root"]), "-o", str(out), "--scheduler", "tcp://x:1"]) == 2


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_audit_of_the_shared_corpus(tmp_path: Path) -> None:
    """The real reports: every one the readers score is read, the two years of 洪泽区 (printed
    淮安市洪泽区人民政府 in 2024) are paired, and their cross-year links hold."""
    folder = tmp_path / "corpus"
    # layouts/ holds the same reports again in other forms (a second 2024 report of 洪泽区)
    shutil.copytree(
        CORPUS, folder, ignore=shutil.ignore_patterns("expected", "*.tsv", "*.md5", "layouts")
    )
    out = tmp_path / "out"
    audit([folder], out, jobs=2)
    reports = {Path(r["file"]).name: r for r in _rows(out / "reports.csv")}
    for name in ("00_huzhu", "01_huaian", "02_hongze", "03_hongze", "04_shanghai", "05_shanghai"):
        row = next(r for n, r in reports.items() if n.startswith(name))
        assert row["status"] == "read", row
    hongze = [r for n, r in reports.items() if n.startswith(("02_", "03_"))]
    assert {r["series"] for r in hongze} == {"洪泽区政府"}
    assert all(r["cross_year"] == "0" for r in hongze)


@given(report=any_reports(), file=st.text(max_size=20))
def test_cells_csv_reads_back_as_the_cells(report: gd.AnnualReport, file: str) -> None:
    """The per-form fast path writes CSV that reads back as every statutory cell, whatever the
    file name, agency name and printed text hold (commas, quotes, line breaks of either kind)."""
    forms = {t.spec().key: "" if t.form is None else str(t.form) for t in report.tables()}
    expected = []
    for cell in gd.to_cells(report):
        value = (
            ""
            if cell.value is None
            else f"{cell.value:f}"
            if isinstance(cell.value, Decimal)
            else str(cell.value)
        )
        expected.append(
            [
                file,
                report.agency,
                str(report.year),
                str(report.edition),
                forms[cell.table],
                cell.table,
                "/".join(cell.row),
                "/".join(cell.column),
                value,
                report.printed.get(cell.path, value),
                cell.path,
            ]
        )
    text = cells_csv(file, report)
    assert list(csv.reader(io.StringIO(text, newline=""))) == expected
    assert text.count("\n") >= len(expected)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(
    corpus: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bar on a terminal (counting files), nothing when quiet or when stderr is a file."""
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    main(["audit", str(corpus["root"]), "-o", str(tmp_path / "a"), "-j", "1", "--lang", "en"])
    shown = terminal.getvalue()
    assert "6/6" in shown
    assert "files" in shown
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    main(["audit", str(corpus["root"]), "-o", str(tmp_path / "b"), "-j", "1", "-q", "--lang", "en"])
    assert "6/6" not in terminal.getvalue()
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    main(["audit", str(corpus["root"]), "-o", str(tmp_path / "c"), "-j", "1", "--lang", "en"])
    assert "6/6" not in piped.getvalue()
    assert "6 files, 4 read" in piped.getvalue()


def _scans(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Four reports, two of them read as slow scans of three pages: the reader tells of its
    pages as the scan front ends do (through ``terminal_bar``, given no callback of its own).
    Patched before the workers are forked, so they read this way too."""
    import time

    import gov_disclosure.audit.work as work
    from gov_disclosure.readers.progress import terminal_bar

    root.mkdir()
    files = []
    for i in range(4):
        path = root / f"{i}.toml"
        gd.dump(sample_report("2021", agency=f"某县第{i}局", year=2024), path)
        files.append(str(path))
    scans = files[1::2]
    real = work.read

    def read(path: str) -> Any:
        if str(path) in scans:
            told = terminal_bar(str(path))
            assert told is not None  # told to the audit, never drawn by a worker
            for done in range(3):
                told(done, 3)
                time.sleep(0.01)
            told(3, 3)
        return real(path)

    monkeypatch.setattr(work, "read", read)
    return scans


class _Counter:
    """What ``audit(progress=…)``'s factory returns, recording what it is told."""

    def __init__(self) -> None:
        self.files = 0
        self.pages: dict[str | None, list[tuple[int, int]]] = {}

    def __call__(self, files: int) -> None:
        self.files += files

    def page(self, file: str | None, done: int, total: int) -> None:
        self.pages.setdefault(file, []).append((done, total))


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_audit_is_told_of_the_pages_of_scans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """Each page a worker recognises reaches the audit's progress (in this process, before the
    audit returns), as does each file finished."""
    scans = _scans(tmp_path / "reports", monkeypatch)
    counter = _Counter()
    started: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> _Counter:
        started.append((done, total))
        return counter

    result = audit([tmp_path / "reports"], tmp_path / "out", jobs=jobs, progress=progress)
    assert result.read == 4
    assert started == [(0, 4)]
    assert counter.files == 4
    assert counter.pages == {file: [(0, 3), (1, 3), (2, 3), (3, 3)] for file in scans}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_audit_bar_counts_the_pages_of_scans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """On a terminal the audit's bar shows the pages of scans recognised (in the run's
    language); quiet, nothing is drawn, by the audit or by a worker."""
    root = tmp_path / "reports"
    _scans(root, monkeypatch)
    for lang, pages in (("en", "6 pages of scans"), ("zh", "已识别扫描件 6 页")):
        terminal = _Terminal()
        monkeypatch.setattr("sys.stderr", terminal)
        out = str(tmp_path / f"out-{lang}")
        assert main(["audit", str(root), "-o", out, "-j", jobs, "--lang", lang]) == 0
        shown = terminal.getvalue()
        assert "4/4" in shown
        assert pages in shown
        assert "3/3" not in shown  # a scan done is no longer shown in hand
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    out = str(tmp_path / "quiet")
    assert main(["audit", str(root), "-o", out, "-j", jobs, "-q", "--lang", "en"]) == 0
    assert "pages" not in terminal.getvalue()
    assert "it/s" not in terminal.getvalue()


def test_the_bar_shows_the_scan_in_hand(monkeypatch: pytest.MonkeyPatch) -> None:
    from gov_disclosure.audit import progress_bar

    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    bar = progress_bar(1, 3)
    bar.page("a/b.pdf", 0, 2)
    bar.page("a/b.pdf", 1, 2)
    assert "1 page of scans, b.pdf 1/2" in terminal.getvalue()
    bar.page("a/b.pdf", 1, 2)  # told twice: counted once
    bar.page("a/b.pdf", 2, 2)
    assert bar.pages == 2
    shown = terminal.getvalue()
    assert shown.rstrip().endswith(", 2 pages of scans]")
    assert "b.pdf 2/2" not in shown  # a scan done is no longer in hand


def test_cli_interrupted_says_how_to_resume(
    corpus: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("gov_disclosure.audit.audit", interrupted)
    out = tmp_path / "out"
    assert main(["audit", str(corpus["root"]), "-o", str(out), "--lang", "zh"]) == 130
    assert "--resume" in capsys.readouterr().err


def test_a_file_reached_twice_is_audited_once(corpus: dict[str, Any], tmp_path: Path) -> None:
    named = corpus["files"]["county/a/2023"]
    found = list(discover([named, corpus["root"], named]))
    assert len(found) == len(set(found)) == 6
    assert found[0] == str(named)
    result = audit([named, corpus["root"]], tmp_path / "out", jobs=1)
    assert result.files == 6
    rows = _rows(tmp_path / "out" / "reports.csv")
    assert len(rows) == len({r["file"] for r in rows}) == 6


def test_an_error_of_the_library_on_one_file_does_not_stop_the_audit(
    corpus: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug met on one file makes that file ``failed``, says so, and the others are done."""
    import gov_disclosure.audit.work as work

    real = work.read
    broken = str(corpus["files"]["county/b/2020"])

    def read(path: str) -> Any:
        if str(path) == broken:
            raise IndexError("list index out of range")
        return real(path)

    monkeypatch.setattr(work, "read", read)
    result = audit([corpus["root"]], tmp_path / "out", jobs=1)
    assert (result.files, result.read, result.unreadable) == (6, 3, 2)
    row = next(r for r in _rows(tmp_path / "out" / "reports.csv") if r["file"] == broken)
    assert row["status"] == "failed"
    assert "IndexError" in row["message"]
    assert "report" in row["message"]
    summary = (tmp_path / "out" / "summary.md").read_text("utf-8")
    assert "| 无法读取 | 2（其中程序出错 1） |" in summary
    assert "IndexError" in summary


def test_a_count_no_document_can_hold_is_read_as_unreadable(tmp_path: Path) -> None:
    """A published count beyond MAX_COUNT (21 digits, say) is an unreadable cell (R015, text
    kept), so the report still goes through the audit and into its outputs."""
    report = sample_report("2021", agency="某县统计局", year=2024)
    huge = report.replace("applications.received.natural_person", 10**20)
    page = _write(tmp_path / "reports" / "huge", huge, "markdown")
    parsed = gd.parse(page)
    assert parsed.report.get("applications.received.natural_person") is None
    assert parsed.report.printed["applications.received.natural_person"] == str(10**20)
    assert "R015" in {f.code for f in parsed.findings}
    result = audit([page], tmp_path / "out", jobs=1)
    assert (result.read, result.unreadable) == (1, 0)
    assert any(f["code"] == "R015" for f in _findings(tmp_path / "out"))


def test_dask_scheduler_address_is_used(corpus: dict[str, Any], tmp_path: Path) -> None:
    """``scheduler=`` sends the work to a running cluster (here one the test starts) and
    gives the outputs of the process pool; the command line takes it as --scheduler."""
    distributed = pytest.importorskip("dask.distributed")
    pool = tmp_path / "pool"
    audit([corpus["root"]], pool, jobs=2, language="en")  # the command below runs in English
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        out = tmp_path / "remote"
        status = main(
            [
                "audit",
                str(corpus["root"]),
                "-o",
                str(out),
                "--lang",
                "en",
                "--engine",
                "dask",
                "--scheduler",
                cluster.scheduler_address,
                "-q",
            ]
        )
        assert status == 2  # the broken report in the corpus is unreadable
        assert _outputs(out) == {
            k: v.replace(str(pool), str(out)) for k, v in _outputs(pool).items()
        }
        with distributed.Client(cluster) as client:  # the cluster ran the tasks
            prefixes = client.run_on_scheduler(
                lambda dask_scheduler: list(dask_scheduler.task_prefixes)
            )
            assert {"work_chunk", "series_chunk"} <= set(prefixes)
