"""The command line under arbitrary input: an exit status and a message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gov_disclosure.cli import main

SUFFIXES = [".toml", ".json", ".txt", ".md", ".html", ".docx", ".pdf", ".xlsx", ""]

FRAGMENTS = st.sampled_from(
    [
        'schema_version = 1\nagency = "某县统计局"\nyear = 2024\nedition = "2021"\n',
        "[applications.received]\nnatural_person = 3\n",
        "fees = 1e999999999\n",
        "x = " + "[" * 600 + "]" * 600 + "\n",
        '{"schema_version": 1, "agency": "a", "year": 2024, "edition": "2021"}',
        "一、总体情况\n\n本年度依法公开。\n",
        "某县统计局2024年政府信息公开工作年度报告\n",
        "（一）予以公开\t1\t0\t0\t0\t0\t0\t1\n",
        "<html><body><table><tr><td rowspan=9999>行政复议</td></tr></table>",
        "%PDF-1.4\n",
        "PK\x03\x04",
        "\ud800",
    ]
)
CONTENTS = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300),
    st.lists(FRAGMENTS, max_size=6).map("".join),
)


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=CONTENTS, suffix=st.sampled_from(SUFFIXES))
def test_any_file_gets_an_exit_status_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | bytes, suffix: str
) -> None:
    """check, export, convert and render on any file end with 0, 1 or 2 and print no
    traceback."""
    path = tmp_path / f"input{suffix}"
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    path.write_bytes(data)
    out = tmp_path / "out.toml"
    for argv in (
        ["check", str(path)],
        ["export", str(path)],
        ["convert", str(path), str(out), "--force"],
        ["render", str(path), "--to", "text"],
    ):
        status = main(argv)
        captured = capsys.readouterr()
        assert status in (0, 1, 2), argv
        assert "Traceback" not in captured.err
