"""The registries: a new input form is one front end, a new audit engine one class.

A toy input form (``.csv``, one row a line: a cell alone a paragraph, rows of several cells a
table) is registered and read through :func:`gov_disclosure.parse` and the command line; a
toy engine (in this process, one chunk at a time) runs an audit through ``audit(engine=…)``
and ``--engine``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, get_args

import pytest

import gov_disclosure as gd
from gov_disclosure.audit import audit
from gov_disclosure.audit.engines import ENGINES, Done, Engine, EngineOptions, Pool, Task
from gov_disclosure.cli import main
from gov_disclosure.readers import FORMATS, SUFFIXES, InputFormat, frontends, register, sniff
from gov_disclosure.readers.blocks import Block, Grid, Paragraph
from gov_disclosure.readers.frontends import FRONT_ENDS, FrontEnd
from gov_disclosure.render import render
from gov_disclosure.testing import sample_report

# --- front ends ----------------------------------------------------------------------------------


def test_input_format_lists_the_registry() -> None:
    """The InputFormat literal (for typing) names exactly the registered front ends, in order;
    FORMATS and SUFFIXES derive from the registry."""
    assert get_args(InputFormat) == tuple(FRONT_ENDS) == FORMATS
    assert dict(SUFFIXES) == {s: f.name for f in FRONT_ENDS.values() for s in f.suffixes}
    assert SUFFIXES[".docx"] == "docx"
    assert SUFFIXES[".et"] == "et"


def test_sniffing_goes_through_the_front_ends() -> None:
    assert sniff(b"%PDF-1.7\n") == "pdf"
    assert sniff(b"PK\x03\x04" + b"\0" * 26 + b"word/document.xml") == "docx"
    assert sniff(b"PK\x03\x04" + b"\0" * 26 + b"OFD.xml") == "ofd"
    assert sniff("<html><body><p>x</p>") == "html"
    assert sniff("# 标题") == "markdown"
    assert sniff("<p>x</p>\n# not a heading: a web page") == "html"
    assert sniff("一、总体情况") == "text"


def csv_blocks(data: bytes | str, file: str | None) -> list[Block]:
    """A toy front end: each CSV row one line; a row of one cell is a paragraph, consecutive
    rows of several cells a table."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    blocks: list[Block] = []
    rows: list[list[str]] = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), 1):
        cells = [cell.strip() for cell in row if cell.strip()]
        if len(cells) > 1:
            rows.append(cells)
            continue
        if rows:
            blocks.append(Grid.of(rows))
            rows = []
        if cells:
            blocks.append(Paragraph(cells[0], line=number))
    if rows:
        blocks.append(Grid.of(rows))
    return blocks


def as_csv(markdown: str) -> str:
    """A Markdown report as CSV rows: each table row its cells, each other line one cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for line in markdown.splitlines():
        line = line.strip()
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if not all(set(cell) <= set(":-") for cell in cells):
                writer.writerow(cells)
        elif line:
            writer.writerow([line.lstrip("#").strip()])
    return out.getvalue()


@pytest.fixture
def csv_form(monkeypatch: pytest.MonkeyPatch) -> FrontEnd:
    """The toy form, registered for the test only."""
    front_end = FrontEnd("csv", (".csv",), csv_blocks)
    monkeypatch.setitem(FRONT_ENDS, "csv", front_end)
    return front_end


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_a_registered_form_is_read_by_parse(
    csv_form: FrontEnd, tmp_path: Path, edition: str
) -> None:
    report = sample_report(edition)
    path = tmp_path / "report.csv"
    path.write_text(as_csv(render(report, to="markdown")), encoding="utf-8")
    assert SUFFIXES[".csv"] == "csv"
    parsed = gd.parse(path)  # by its suffix
    assert parsed.format == "csv"
    assert parsed.report == report
    assert parsed.findings == ()
    as_text = gd.parse(path.read_text(encoding="utf-8"), format="csv")  # type: ignore[arg-type]
    assert as_text.report == report


def test_formats_follow_the_registry(csv_form: FrontEnd) -> None:
    """A form registered after the import is among FORMATS, which stays equal to the tuple of
    the registry's names (and to nothing else)."""
    assert "csv" in FORMATS
    assert FORMATS[-1] == "csv"
    assert tuple(FRONT_ENDS) == FORMATS
    assert list(FORMATS) == [*get_args(InputFormat), "csv"]
    assert len(FORMATS) == len(get_args(InputFormat)) + 1
    assert get_args(InputFormat) != FORMATS
    assert FORMATS != "csv"


def test_a_form_registered_with_register_is_in_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(frontends, "FRONT_ENDS", dict(FRONT_ENDS))
    register(FrontEnd("csv", (".csv",), csv_blocks))
    assert "csv" in gd.readers.FORMATS
    assert SUFFIXES[".csv"] == "csv"
    monkeypatch.undo()
    assert "csv" not in gd.readers.FORMATS


def test_an_unregistered_form_is_refused() -> None:
    with pytest.raises(ValueError, match="csv"):
        gd.parse("一、总体情况", format="csv")  # type: ignore[arg-type]


def test_a_registered_form_is_read_by_the_command_line(
    csv_form: FrontEnd, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = sample_report()
    path = tmp_path / "report.csv"
    path.write_text(as_csv(render(report, to="markdown")), encoding="utf-8")
    assert main(["--lang", "en", "check", str(path)]) == 0
    assert "1 file, 0 errors" in capsys.readouterr().err
    assert main(["--lang", "en", "export", str(path)]) == 0
    cells = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(cells) == len(list(gd.to_cells(report)))
    assert {c["file"] for c in cells} == {str(path)}
    out = tmp_path / "report.toml"
    assert main(["--lang", "en", "convert", str(path), str(out)]) == 0
    assert gd.load(out) == report


# --- engines -------------------------------------------------------------------------------------


class SerialEngine:
    """A toy engine: every chunk runs in this process as it is sent, two files a chunk."""

    address: ClassVar[bool] = False
    chunks: ClassVar[list[int]] = []
    closed: ClassVar[list[bool]] = []

    def __init__(self, options: EngineOptions) -> None:
        self.chunk = 2
        self.workers = 1
        self.in_flight = 1

    def submit(self, fn: Callable[..., Any], *args: Any) -> Task[Any]:
        SerialEngine.chunks.append(len(args[0]))
        return Done(fn(*args))

    def in_hand(self) -> list[str]:
        return []

    def close(self, failed: bool) -> None:
        SerialEngine.closed.append(failed)


@pytest.fixture
def serial(monkeypatch: pytest.MonkeyPatch) -> type[SerialEngine]:
    monkeypatch.setitem(ENGINES, "serial", SerialEngine)
    monkeypatch.setattr(SerialEngine, "chunks", [])
    monkeypatch.setattr(SerialEngine, "closed", [])
    return SerialEngine


def test_the_toy_engine_fits_the_protocol() -> None:
    engine = SerialEngine(EngineOptions())
    assert isinstance(engine, Engine)
    with Pool(SerialEngine) as pool:
        assert list(pool.map(lambda chunk: [x * 2 for x in chunk], range(5))) == [0, 2, 4, 6, 8]


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="ray"):
        Pool("ray")


def _reports(root: Path) -> Path:
    root.mkdir()
    for i, (agency, year) in enumerate(
        [("甲县统计局", 2023), ("甲县统计局", 2024), ("乙县", 2024)]
    ):
        gd.dump(sample_report(agency=agency, year=year), root / f"{i}.toml")
    gd.dump(sample_report().replace("applications.received.total", 1), root / "3.toml")
    (root / "4.md").write_text(render(sample_report(agency="丙县"), to="markdown"), "utf-8")
    return root


def _texts(out: Path) -> dict[str, str]:
    names = ("findings.jsonl", "cells.csv", "reports.csv", "summary.md")
    return {name: (out / name).read_text("utf-8") for name in names}


def test_a_registered_engine_runs_the_audit(
    serial: type[SerialEngine], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _reports(tmp_path / "in")
    here = audit([root], tmp_path / "here", jobs=1, language="en")
    toy = audit([root], tmp_path / "toy", engine="serial", language="en")
    assert (toy.files, toy.read, toy.unreadable, toy.series_findings) == (
        here.files,
        here.read,
        here.unreadable,
        here.series_findings,
    )
    assert toy.files == 5
    assert _texts(tmp_path / "toy") == _texts(tmp_path / "here")
    assert serial.chunks[:3] == [2, 2, 1]  # the files in chunks of the engine's size
    assert serial.closed == [False]
    argv = ["--lang", "en", "audit", str(root), "-o", str(tmp_path / "cli"), "-q"]
    status = main([*argv, "--engine", "serial"])
    assert status == 0, capsys.readouterr().err
    assert _texts(tmp_path / "cli") == _texts(tmp_path / "here")


def test_scheduler_needs_an_engine_that_takes_one(
    serial: type[SerialEngine], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _reports(tmp_path / "in")
    argv = ["--lang", "en", "audit", str(root), "-o", str(tmp_path / "o"), "--engine", "serial"]
    assert main([*argv, "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err
