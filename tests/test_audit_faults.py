"""``audit`` under faults: Ctrl-C, a killed worker, two runs at once, a damaged state, planted
symbolic links, a full disk, symbolic link loops; and what it skips (files that are no
report), how it escapes names in its summary, what it refuses as an output folder.

The promise tested throughout: after any fault, ``--resume`` gives the outputs of a run that
was never stopped — nothing lost, nothing written twice."""

from __future__ import annotations

import errno
import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.audit import AuditError, audit
from gov_disclosure.audit.store import LOCK_FILE, Lock
from gov_disclosure.audit.summary import markdown_text
from gov_disclosure.audit.work import is_report_content
from gov_disclosure.cli import main
from gov_disclosure.testing import sample_report

OUTPUTS = ("findings.jsonl", "cells.csv", "reports.csv", "summary.md", "summary.html")
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and links")


def _outputs(out: Path, whole: Path | None = None) -> dict[str, str]:
    """The outputs' text, the folder's own name replaced by ``whole``'s (links name it)."""
    texts = {name: (out / name).read_text("utf-8") for name in OUTPUTS}
    if whole is None:
        return texts
    return {k: v.replace(str(out), str(whole)) for k, v in texts.items()}


def _corpus(root: Path, n: int) -> Path:
    """``n`` reports as TOML documents (two years of each body, one error planted)."""
    root.mkdir(parents=True)
    for year in (2023, 2024):
        report = sample_report("2021", agency="某县某局", year=year)
        text = gd.dumps(report.replace("applications.received.total", 1), "toml")
        for i in range(n // 2):
            name = root / f"{year}-{i:04}.toml"
            name.write_text(text.replace("某县某局", f"某县第{i}局"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Twelve reports and their audit, run once without a fault."""
    base = tmp_path_factory.mktemp("small")
    root = _corpus(base / "reports", 12)
    audit([root], base / "whole", jobs=1)
    return root, base / "whole"


def _beside(whole: Path, name: str) -> Path:
    """A new output folder beside ``whole`` (the summaries link the files relative to it)."""
    for i in itertools.count():
        out = whole.parent / f"{name}-{i}"
        if not out.exists():
            return out
    raise AssertionError


# --- Ctrl-C and a killed worker ------------------------------------------------------------


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "gov_disclosure", "audit", *args, "-q", "--lang", "en"]


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.02)


def _group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


@POSIX
def test_ctrl_c_during_audit_with_workers_stops_cleanly_every_time(tmp_path: Path) -> None:
    """Ctrl-C at a terminal signals the whole process group: the command and its workers.
    Every time, at whatever point: exit 130 with the resume hint, no traceback, no process of
    the group left; and --resume then gives the outputs of a run never stopped."""
    root = _corpus(tmp_path / "reports", 80)  # about 4 MB of cells.csv
    whole = tmp_path / "whole"
    audit([root], whole, jobs=2, language="en")  # as the command below runs
    expected = _outputs(whole)

    def written(out: Path) -> int:
        cells = out / "cells.csv"
        return cells.stat().st_size if cells.exists() else -1

    # when the workers are being started, then after the first and the second MiB of cells
    # (cells.csv is written a MiB at a time): whatever the machine's speed, mid-run
    for i, size in enumerate((-1, 1 << 20, 2 << 20)):
        out = tmp_path / f"out{i}"
        process = subprocess.Popen(
            _command(str(root), "-o", str(out), "-j", "2"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            _wait_for(
                lambda out=out, size=size, process=process: (
                    ((out / LOCK_FILE).exists() and written(out) > size)
                    or process.poll() is not None
                )
            )
            assert process.poll() is None, "the audit ended before Ctrl-C"
            os.killpg(process.pid, signal.SIGINT)
            _, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
        text = err.decode("utf-8")
        assert process.returncode == 130, text
        assert "Traceback" not in text
        assert "KeyboardInterrupt" not in text
        assert "--resume" in text
        _wait_for(lambda pgid=process.pid: _group_gone(pgid), 10)  # no worker left behind
        status = subprocess.run(
            _command(str(root), "-o", str(out), "-j", "2", "--resume"),
            capture_output=True,
            check=False,
        )
        assert status.returncode == 0, status.stderr.decode()
        assert _outputs(out, whole) == expected


def test_a_killed_worker_names_the_files_in_flight_and_the_audit_resumes(
    small: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root, whole = small
    import gov_disclosure.audit.engines as engines
    import gov_disclosure.audit.work as work

    victim = str(sorted(root.iterdir())[7])
    real = work.read

    def read(path: str) -> Any:
        if str(path) == victim:  # in the worker process
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path)

    monkeypatch.setattr(engines, "CHUNK", 2)
    monkeypatch.setattr(work, "read", read)
    out = _beside(whole, "out")
    with pytest.raises(AuditError, match="worker process died") as caught:
        audit([root], out, jobs=2)
    message = str(caught.value)
    assert victim in message
    assert message.count(".toml") <= 2  # the file each of the two workers had in hand
    assert "--resume" in message
    status = main(["audit", str(root), "-o", str(out), "-j", "2", "--resume", "--lang", "en"])
    err = capsys.readouterr().err
    assert status == 2
    assert victim in err
    assert "Traceback" not in err
    monkeypatch.setattr(work, "read", real)
    resumed = audit([root], out, jobs=2, resume=True)
    assert resumed.files == 12
    assert _outputs(out, whole) == _outputs(whole)


# --- one run at a time; a damaged audit ----------------------------------------------------


def test_a_second_run_into_the_same_folder_is_refused(
    small: tuple[Path, Path], tmp_path: Path
) -> None:
    """While an audit runs, a second one (resumed or not) into its folder is refused; the
    first goes on and its outputs are whole."""
    root, whole = small
    out = _beside(whole, "out")
    refused: list[str] = []

    def start(done: int, total: int) -> Callable[[int], None]:
        def tick(k: int) -> None:
            if not refused:
                for resume, force in ((True, False), (False, True)):
                    with pytest.raises(AuditError, match="another audit") as caught:
                        audit([root], out, jobs=1, resume=resume, force=force)
                    refused.append(str(caught.value))

        return tick

    audit([root], out, jobs=1, progress=start)
    assert len(refused) == 2
    assert str(os.getpid()) in refused[0]  # the process that holds the folder
    assert _outputs(out, whole) == _outputs(whole)
    assert audit([root], out, jobs=1, resume=True).skipped == 12  # the lock was released


@POSIX
def test_the_lock_is_held_across_processes_and_released_when_one_dies(
    small: tuple[Path, Path], tmp_path: Path
) -> None:
    root, _ = small
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, pathlib; from gov_disclosure.audit.store import Lock; "
            "Lock(pathlib.Path(sys.argv[1])); print('held', flush=True); sys.stdin.read()",
            str(out),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == b"held\n"
        with pytest.raises(AuditError, match=f"process {holder.pid}"):
            audit([root], out, jobs=1, resume=True)
    finally:
        holder.kill()  # a lock is never stale: the OS releases it with the process
        holder.wait()
    assert audit([root], out, jobs=1).files == 12
    Lock(out).release()


def _snapshot(out: Path) -> dict[str, bytes]:
    """Every file of the folder but SQLite's shared-memory index, which a reader rewrites."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix != ".sqlite-shm"}


def _interrupted(root: Path, out: Path, after: int) -> None:
    """An audit stopped after ``after`` files (as by Ctrl-C)."""

    def start(done: int, total: int) -> Callable[[int], None]:
        seen = [0]

        def tick(k: int) -> None:
            seen[0] += k
            if seen[0] >= after:
                raise KeyboardInterrupt

        return tick

    with pytest.raises(KeyboardInterrupt):
        audit([root], out, jobs=1, progress=start)


@pytest.mark.parametrize(
    "damage",
    ["garbage", "half of the database", "half of findings.jsonl", "no cells.csv", "old version"],
)
def test_a_damaged_audit_is_refused_before_anything_is_touched(
    small: tuple[Path, Path],
    tmp_path: Path,
    damage: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import sqlite3

    root, whole = small
    out = _beside(whole, "out")
    _interrupted(root, out, 6)
    state = out / "audit.sqlite"
    with sqlite3.connect(state) as db:  # fold the write-ahead log into the file
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if damage == "garbage":
        state.write_bytes(b"not a database at all" * 100)
    elif damage == "half of the database":
        data = state.read_bytes()
        state.write_bytes(data[: len(data) // 2])
    elif damage == "half of findings.jsonl":
        data = (out / "findings.jsonl").read_bytes()
        (out / "findings.jsonl").write_bytes(data[: len(data) // 2])
    elif damage == "no cells.csv":
        (out / "cells.csv").unlink()
    else:
        with sqlite3.connect(state) as db:
            db.execute("UPDATE meta SET value = '0' WHERE key = 'version'")
    before = _snapshot(out)
    with pytest.raises(AuditError, match="damaged") as caught:
        audit([root], out, jobs=1, resume=True)
    assert "--force" in str(caught.value)
    assert _snapshot(out) == before
    assert main(["audit", str(root), "-o", str(out), "--resume", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err
    assert "Traceback" not in err
    assert _snapshot(out) == before
    audit([root], out, jobs=1, force=True)  # starting over mends it
    assert _outputs(out, whole) == _outputs(whole)


def test_an_interrupted_audit_resumes_to_the_same_outputs_at_every_point(
    small: tuple[Path, Path], tmp_path: Path
) -> None:
    root, whole = small
    for after in (1, 5, 12):
        out = _beside(whole, f"out{after}")
        _interrupted(root, out, after)
        resumed = audit([root], out, jobs=1, resume=True)
        assert resumed.files == 12
        assert _outputs(out, whole) == _outputs(whole)


def test_a_resume_in_another_language_keeps_the_language_of_the_audit(
    small: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An audit started in the default language (Chinese findings) and resumed with ``--lang
    en`` is written in one language: that of the run it resumes (its message on the terminal
    follows ``--lang``)."""
    root, whole = small
    out = _beside(whole, "out")
    _interrupted(root, out, 5)
    assert (
        main(["audit", str(root), "-o", str(out), "-j", "1", "--resume", "-q", "--lang", "en"]) == 0
    )
    assert "12 files, 12 read" in capsys.readouterr().err
    assert _outputs(out, whole) == _outputs(whole)
    assert "各类申请人之和" in (out / "findings.jsonl").read_text("utf-8")
    english = _beside(whole, "english")
    audit([root], english, jobs=1, language="en")
    assert _outputs(english)["findings.jsonl"] != _outputs(whole)["findings.jsonl"]


# --- new files only; a full disk -----------------------------------------------------------


@POSIX
def test_outputs_are_never_written_through_planted_links(
    small: tuple[Path, Path], tmp_path: Path
) -> None:
    root, whole = small
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me", encoding="utf-8")
    out = _beside(whole, "out")
    out.mkdir()
    names = (*OUTPUTS, "cells.parquet", "cells.parquet.tmp", "audit.sqlite", LOCK_FILE)
    for name in names:
        (out / name).symlink_to(outside)
    audit([root], out, jobs=1, force=True)
    assert outside.read_text("utf-8") == "keep me"
    for name in (*OUTPUTS, "cells.parquet"):
        assert not (out / name).is_symlink(), name
    assert _outputs(out, whole) == _outputs(whole)
    # a link planted in a finished audit: a resume refuses it
    (out / "findings.jsonl").unlink()
    (out / "findings.jsonl").symlink_to(outside)
    with pytest.raises(AuditError, match="symbolic link"):
        audit([root], out, jobs=1, resume=True)
    assert outside.read_text("utf-8") == "keep me"


def _failing_writes(
    monkeypatch: pytest.MonkeyPatch, name: str, after: int = 0
) -> Callable[[], int]:
    """``os.write`` to the file ``name`` fails with ENOSPC after ``after`` writes to it."""
    real = os.write
    count = [0]

    def target(fd: int) -> bool:
        try:
            return os.path.basename(os.readlink(f"/proc/self/fd/{fd}")) == name
        except OSError:
            return False

    def write(fd: int, data: Any) -> int:
        if target(fd):
            count[0] += 1
            if count[0] > after:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)
    return lambda: count[0]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
@pytest.mark.parametrize("name", ["findings.jsonl", "cells.csv"])
def test_a_full_disk_names_the_file_and_leaves_the_last_commit(
    small: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    import gov_disclosure.audit.store as store

    root, whole = small
    out = _beside(whole, "out")
    monkeypatch.setattr(store, "_BATCH_FILES", 4)  # commits along the way
    monkeypatch.setattr(store, "_BUFFER", 1)  # every result written at once
    _failing_writes(monkeypatch, name, after=6)
    with pytest.raises(AuditError, match="No space left on device") as caught:
        audit([root], out, jobs=1)
    assert str(out / name) in str(caught.value)
    assert "--resume" in str(caught.value)
    monkeypatch.undo()
    import sqlite3

    with sqlite3.connect(out / "audit.sqlite") as db:
        committed = dict(db.execute("SELECT key, value FROM meta"))
        done = db.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    # no half-written output: each file is as long as the database says
    assert (out / "findings.jsonl").stat().st_size == int(committed["findings_bytes"])
    assert (out / "cells.csv").stat().st_size == int(committed["cells_bytes"])
    assert 0 < done < 12
    assert audit([root], out, jobs=1, resume=True).skipped == done
    assert _outputs(out, whole) == _outputs(whole)


def test_a_full_disk_while_writing_the_summary_leaves_no_half_page(
    small: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gov_disclosure.audit.summary as summary

    root, whole = small
    out = _beside(whole, "out")
    real = summary._markdown

    def markdown(*args: Any) -> Iterator[str]:
        lines = real(*args)
        yield next(lines)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(summary, "_markdown", markdown)
    with pytest.raises(AuditError, match="No space left on device") as caught:
        audit([root], out, jobs=1)
    assert str(out / "summary.md") in str(caught.value)
    assert not (out / "summary.md").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()
    audit([root], out, jobs=1, resume=True)
    assert _outputs(out, whole) == _outputs(whole)


# --- links that lead nowhere; an output folder that is a file -------------------------------


@POSIX
def test_symbolic_link_loops_are_clear_messages(
    small: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "reports"
    root.mkdir()
    report = sorted(small[0].iterdir())[0]
    (root / "a.toml").write_bytes(report.read_bytes())
    (root / "loop.md").symlink_to(root / "loop.md")
    (root / "again").symlink_to(root)  # a folder that holds itself
    out = tmp_path / "out"
    result = audit([root], out, jobs=1)
    assert (result.read, result.unreadable) == (1, 1)
    row = (out / "reports.csv").read_text("utf-8")
    assert "loop.md" in row
    assert "Too many levels of symbolic links" in row
    loop = tmp_path / "loop-out"
    loop.symlink_to(loop)
    with pytest.raises(AuditError, match="leads nowhere"):
        audit([root], loop, jobs=1)
    assert main(["audit", str(root), "-o", str(loop), "--lang", "en"]) == 2
    assert main(["audit", str(root / "loop.md"), "-o", str(tmp_path / "o2"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.count("leads nowhere") == 2
    assert "Traceback" not in err
    assert "RuntimeError" not in err


def test_an_output_that_is_a_file_is_refused(
    small: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = small
    existing = tmp_path / "out.txt"
    existing.write_text("mine", encoding="utf-8")
    status = main(["audit", str(root), "-o", str(existing), "--force", "--lang", "en"])
    assert status == 2
    assert f"{existing}: is a file, not a folder" in capsys.readouterr().err
    assert existing.read_text("utf-8") == "mine"


# --- files that are no report ---------------------------------------------------------------


def test_files_that_are_no_report_are_skipped_by_content(
    small: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "reports"
    root.mkdir()
    for report in sorted(small[0].iterdir())[:2]:
        (root / report.name).write_bytes(report.read_bytes())
    not_reports = {
        "README.md": "# Reports\n\nThe reports of 2023, as downloaded.\n",
        "notes.txt": "会议通知\n\n请各单位按时参加。\n",
        "package.json": '{"name": "scraper", "version": "1.0.0"}',
        "list.json": "[1, 2, 3]",
        "pyproject.toml": '[project]\nname = "scraper"\n',
        "page.html": "<html><body><p>首页 &gt; 通知公告</p></body></html>",
    }
    for name, text in not_reports.items():
        (root / name).write_text(text, encoding="utf-8")
    # reports that cannot be read stay unreadable: a title and no tables, a document with a
    # report's keys that does not fit the schema, in GB 18030 too
    (root / "title-only.txt").write_bytes(
        "某县统计局2023年政府信息公开工作年度报告".encode("gb18030")
    )
    (root / "bad.json").write_text('{"agency": "某县统计局", "year": "x"}', encoding="utf-8")
    (root / "others").mkdir()
    (root / "others" / "README.md").write_text("nothing here\n", encoding="utf-8")
    out = tmp_path / "out"
    result = audit([root, root / "others"], out, jobs=1)
    assert (result.read, result.unreadable, result.not_reports) == (2, 2, 7)
    assert result.empty == (str(root / "others"),)
    summary = (out / "summary.md").read_text("utf-8")
    assert "不是报告的文件（按内容判断，已跳过：7）" in summary
    assert "| 无法读取 | 2 |" in summary
    # every report read: exit 0; a folder without a report: a warning
    (root / "title-only.txt").unlink()
    (root / "bad.json").unlink()
    status = main(["audit", str(root), str(root / "others"), "-o", str(out), "--force"])
    err = capsys.readouterr().err
    assert status == 0, err
    assert "7 skipped: not reports (by content)" in err or "7" in err
    assert f"{root / 'others'}" in err.splitlines()[-1]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.md", "# 某县2023年政府信息公开工作年度报告".encode(), True),
        ("a.txt", "二、主动公开政府信息情况".encode("gb18030"), True),
        ("a.txt", "五、存在的主要问题及改进情况".encode("utf-16"), True),
        ("a.html", b"<p>&#20449;&#24687;&#20844;&#24320;</p>", True),  # 信息公开
        ("a.md", b"# Notes\n", False),
        ("a.txt", "会议通知".encode(), False),
        ("a.json", b'{"agency": "x"}', True),
        ("a.json", b'{"name": "x"}', False),
        ("a.toml", b'title = "x"', False),
        ("a.toml", b"agency = ", None),  # does not parse: the content cannot tell
        ("a.txt", b"", None),
        ("a.pdf", b"%PDF-1.4", None),
        ("a.doc", b"\xd0\xcf\x11\xe0", None),
    ],
)
def test_is_report_content(tmp_path: Path, name: str, data: bytes, expected: bool | None) -> None:
    (tmp_path / name).write_bytes(data)
    assert is_report_content(str(tmp_path / name)) is expected


# --- the summary escapes names --------------------------------------------------------------


@POSIX
def test_summary_md_escapes_names_for_markdown_and_html(tmp_path: Path) -> None:
    from lxml import html as lxml_html

    markdown = pytest.importorskip("markdown")
    root = tmp_path / "reports"
    root.mkdir()
    agency = "[x](javascript:alert(1)) <script>alert(2)</script> a|b `c` *d*"
    report = sample_report("2021", agency=agency, year=2024)
    names = ["<img src=x onerror=alert(3)>|x.toml", "[y](javascript:alert(4)) `z` ~~s~~.toml"]
    for name in names:
        gd.dump(report.replace("applications.received.total", 1), root / name)
    (root / "<img src=x onerror=alert(5)>.json").write_text('{"agency": 1}', encoding="utf-8")
    out = tmp_path / "out"
    audit([root], out, jobs=1)
    text = (out / "summary.md").read_text("utf-8")
    page = lxml_html.fromstring(markdown.markdown(text, extensions=["tables"]))
    assert not list(page.iter("script", "img"))
    hrefs = [a.get("href", "") for a in page.iter("a")]
    assert hrefs
    assert all(h.startswith("../reports/") for h in hrefs), hrefs  # the files, nothing else
    head = ["文件", "机关", "年度", "错误", "警告", "提示"]
    worst = next(t for t in page.iter("table") if [h.text for h in t.iter("th")] == head)
    rows = list(worst.iter("tr"))[1:]
    assert len(rows) == 2
    for row in rows:
        cells = [td.text_content() for td in row.iter("td")]
        assert len(cells) == 6  # no pipe split a cell
        assert cells[1] == agency
        assert Path(cells[0]).name in names
    unreadable = [li.text_content() for li in page.iter("li")]
    assert any("<img src=x onerror=alert(5)>.json" in li for li in unreadable)
    html_page = lxml_html.fromstring((out / "summary.html").read_bytes())
    assert not list(html_page.iter("script", "img"))


def test_markdown_text_keeps_text_literal() -> None:
    markdown = pytest.importorskip("markdown")
    from lxml import html as lxml_html

    texts = [
        "a|b",
        "`x`",
        "*y* _z_",
        "[l](javascript:1)",
        "<b>&amp;</b>",
        "a\\b",
        "！（）",
        "~~s~~",
    ]
    for text in texts:
        shown = markdown.markdown(markdown_text(text))
        assert lxml_html.fromstring(shown).text_content() == text, (text, shown)


@given(
    st.text(
        alphabet=st.sampled_from("ab1 .-:/\\`*_{}[]()#+!|~<>&;\"'=%?\n年报（）｜【】"),
        max_size=40,
    )
)
def test_markdown_text_renders_as_the_text_it_was_given(text: str) -> None:
    """Whatever a name holds, Markdown shows it as printed (line breaks as spaces): no link, no
    markup, no emphasis, no code span, no HTML, no cell split."""
    markdown = pytest.importorskip("markdown")
    from lxml import html as lxml_html

    shown = markdown.markdown(f"| a |\n|---|\n| x {markdown_text(text)} x |", extensions=["tables"])
    page = lxml_html.fromstring(f"<div>{shown}</div>")
    cells = list(page.iter("td"))
    assert len(cells) == 1
    assert not [e for e in cells[0].iter() if e is not cells[0]]  # text only
    expected = " ".join(text.splitlines())
    assert " ".join(cells[0].text_content().split()) == " ".join(f"x {expected} x".split())
