"""The README's quick start and tour say what the library really does."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import gov_disclosure as gd

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_has_exactly_two_commands() -> None:
    """The quick start shows two shell commands: the main job on an example, and the tests."""
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick, flags=re.S)
    assert len(commands) == 2
    assert "gov-disclosure check examples/" in commands[0]
    assert commands[1].endswith("pytest")
    for name in re.findall(r"examples/[\w.-]+", commands[0]):
        assert (ROOT / name).is_file(), name


def test_tour_figures() -> None:
    """The figures and messages quoted in the tour come out of the library as written."""
    report = gd.load(ROOT / "examples" / "huaian-2024.toml")
    assert report.applications is not None
    assert report.proactive is not None
    assert report.applications.received.total == 3119
    assert report.proactive.fees == Decimal("96171.6")
    assert gd.validate(report) == []
    changed = report.replace("reviews.review.total", 350)
    message = gd.validate(changed)[0].message
    assert message in README
    blank = gd.AnnualReport.blank(agency="某县统计局", year=2024, edition="2021")
    filled = gd.complete(blank.replace("applications.received.natural_person", 3))
    assert filled.applications is not None
    assert filled.applications.received.total == 3
    assert gd.loads(gd.dumps(report, "toml"), "toml") == report


def test_reading_tour() -> None:
    """The published example reads as the README says, to the cells of its TOML document."""
    parsed = gd.parse(ROOT / "examples" / "huzhu-tongjiju-2023.txt")
    assert (parsed.report.agency, parsed.report.year) == ("互助县统计局", 2023)
    assert "('互助县统计局', 2023)" in README
    document = gd.load(ROOT / "examples" / "huzhu-tongjiju-2023.toml")
    assert list(gd.to_cells(parsed.report)) == list(gd.to_cells(document))
    assert not [f for f in parsed.validate() if f.severity is gd.Severity.ERROR]
