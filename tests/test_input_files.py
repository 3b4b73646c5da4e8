"""Input files that are not regular files, or too large: refused at once with a clear message
(issue 14, item 10) — from Python (``load``, ``parse``) and from every command that reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import gov_disclosure as gd
from gov_disclosure import readers, serialize

ROOT = Path(__file__).resolve().parents[1]
HUAIAN = ROOT / "examples" / "huaian-2024.toml"
HUZHU_TXT = ROOT / "examples" / "huzhu-tongjiju-2023.txt"

posix_only = pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
    reason="named pipes and /dev/zero are POSIX",
)
pytestmark = posix_only


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    """A named pipe no one writes to: reading it would block for ever."""
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


def linked(tmp_path: Path, name: str, target: str | Path) -> Path:
    link = tmp_path / name
    link.symlink_to(target)
    return link


def test_load_refuses_a_named_pipe(fifo: Path) -> None:
    """``load`` of a FIFO raises DecodeError naming it and what it is, without blocking."""
    with pytest.raises(gd.DecodeError, match=r"named pipe \(FIFO\)") as info:
        gd.load(fifo)
    assert info.value.file == str(fifo)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_load_and_parse_refuse_devices_through_a_symlink(tmp_path: Path, device: str) -> None:
    """A symbolic link to an endless device is followed and refused: nothing is read."""
    with pytest.raises(gd.DecodeError, match="character device"):
        gd.load(linked(tmp_path, "zero.json", device))
    with pytest.raises(gd.ParseError, match="character device"):
        gd.parse(linked(tmp_path, "zero.html", device))


@pytest.mark.parametrize("source", ["/dev/zero", Path("/dev/zero")])
def test_parse_takes_a_device_name_as_a_path_and_refuses_it(source: str | Path) -> None:
    """``parse("/dev/zero")`` names a file (not a regular one), so it is not read as text."""
    with pytest.raises(gd.ParseError, match="not a regular file") as info:
        gd.parse(source)
    assert info.value.file == "/dev/zero"


def test_parse_refuses_a_named_pipe(fifo: Path) -> None:
    with pytest.raises(gd.ParseError, match="FIFO"):
        gd.parse(fifo)
    with pytest.raises(gd.ParseError, match="FIFO"):
        gd.parse(str(fifo))


def test_reads_are_bounded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A regular file over the limit is refused, whatever its size claims while it is read."""
    monkeypatch.setattr(serialize, "MAX_DOCUMENT_BYTES", 1000)
    monkeypatch.setattr(readers, "MAX_BYTES", 1000)
    with pytest.raises(gd.DecodeError, match="larger than 1000 bytes"):
        gd.load(HUAIAN)
    with pytest.raises(gd.ParseError, match="larger than 1000 bytes"):
        gd.parse(HUZHU_TXT)
    small = tmp_path / "small.toml"
    small.write_bytes(HUAIAN.read_bytes()[:1000])
    with pytest.raises(gd.DecodeError) as info:  # read whole: a TOML error, not the limit
        gd.load(small)
    assert "larger than" not in str(info.value)


def test_the_limits_are_documented() -> None:
    """The limits are public constants with a docstring-sized description in the docs."""
    text = (ROOT / "docs" / "troubleshooting.md").read_text(encoding="utf-8")
    assert "MAX_DOCUMENT_BYTES" in text
    assert "MAX_BYTES" in text
    assert serialize.MAX_DOCUMENT_BYTES == 16 * 1024 * 1024


def cli(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, which must end within seconds."""
    return subprocess.run(
        [sys.executable, "-m", "gov_disclosure", "--lang", "en", *map(str, argv)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("check", "{bad}"),
        ("export", "{bad}"),
        ("convert", "{bad}", "out.toml"),
        ("render", "{bad}"),
        ("diff", "{bad}", str(HUAIAN)),
        ("sum", str(HUAIAN), "{bad}", "-o", "out.toml"),
    ],
    ids=lambda argv: argv[0],
)
@pytest.mark.parametrize("kind", ["fifo", "zero", "urandom-link"])
def test_every_reading_command_refuses_non_regular_files(
    tmp_path: Path, argv: tuple[str, ...], kind: str
) -> None:
    """check, export, convert, render, diff and sum end at once, exit 2, one clear message."""
    if kind == "fifo":
        bad = tmp_path / "pipe.txt"
        os.mkfifo(bad)
    elif kind == "zero":
        bad = Path("/dev/zero")
    else:
        bad = linked(tmp_path, "report.json", "/dev/urandom")
    result = cli(*(a.replace("{bad}", str(bad)) for a in argv), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"gov-disclosure: error: {bad}: not a regular file but a" in result.stderr
    assert not (tmp_path / "out.toml").exists()
