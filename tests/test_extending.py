"""A new output format is one renderer in one registry; a new rule is one check and one entry.

A toy output format (``.tsv``: the report's body, year and edition on one line) is registered
and used by :func:`~gov_disclosure.render.render` and ``gov-disclosure render``; a toy rule is
added to a copy of the package, touching only its own module and ``rules/registry.py``, and
reported by ``validate``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import gov_disclosure as gd
from gov_disclosure.cli import main
from gov_disclosure.render import FORMATS, RENDERERS, Renderer, register_format, render
from gov_disclosure.testing import sample_report
from package_copy import changed_files, copy_package, run_on_copy

# --- an output format ----------------------------------------------------------------------------


def render_tsv(report: gd.AnnualReport, *, header: bool = False) -> str:
    """The toy format: the body, the year and the edition, tab-separated."""
    line = f"{report.agency}\t{report.year}\t{report.edition}\n"
    return ("agency\tyear\tedition\n" if header else "") + line


@pytest.fixture
def tsv() -> Iterator[Renderer]:
    renderer = Renderer("tsv", (".tsv",), render_tsv)
    register_format(renderer)
    yield renderer
    del RENDERERS["tsv"]


def test_the_library_formats_are_registered() -> None:
    """The registry holds the library's formats, in order, each with its suffixes."""
    assert tuple(RENDERERS)[: len(FORMATS)] == FORMATS
    assert [name for name, r in RENDERERS.items() if r.binary] == ["docx"]
    assert RENDERERS["markdown"].suffixes == (".md", ".markdown")


def test_a_registered_format_is_rendered(tsv: Renderer) -> None:
    """render() takes the new format and its options; an unknown option names the format."""
    report = sample_report("2021")
    expected = f"{report.agency}\t{report.year}\t2021\n"
    assert render(report, to="tsv") == expected
    assert render(report, to="tsv", header=True) == "agency\tyear\tedition\n" + expected
    with pytest.raises(TypeError, match=r"tsv.*'width'"):
        render(report, to="tsv", width=80)


def test_an_unregistered_format_is_refused() -> None:
    """Without registration the format is unknown (the fixture's registration is undone)."""
    with pytest.raises(ValueError, match="unknown format 'tsv'"):
        render(sample_report("2021"), to="tsv")


def test_a_registered_format_is_rendered_by_the_command_line(
    tsv: Renderer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``render --to tsv`` and ``-o report.tsv`` (by its suffix) both write the new format."""
    report = sample_report("2021")
    source = tmp_path / "report.toml"
    gd.dump(report, source)
    expected = render_tsv(report)
    assert main(["--lang", "en", "render", str(source), "--to", "tsv"]) == 0
    assert capsys.readouterr().out == expected
    out = tmp_path / "report.tsv"
    assert main(["--lang", "en", "render", str(source), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == expected


def test_a_binary_format_needs_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A format that gives bytes is refused on stdout, naming the format."""
    register_format(Renderer("bin", (".bin",), lambda report: b"\x00", binary=True))
    try:
        source = tmp_path / "report.toml"
        gd.dump(sample_report("2021"), source)
        assert main(["--lang", "en", "render", str(source), "--to", "bin"]) == 2
        assert "bin output is binary" in capsys.readouterr().err
    finally:
        del RENDERERS["bin"]


# --- a rule --------------------------------------------------------------------------------------

RULE_MODULE = '''
"""P099: a toy rule, the body's name shorter than four characters."""

from collections.abc import Iterator

from ..findings import Location
from .checks import Context


def check_agency_short(ctx: Context) -> Iterator[tuple[Location, str]]:
    if len(ctx.report.agency) < 4:
        yield Location(""), f"the body's name “{ctx.report.agency}” is short"
'''

RULE_ENTRY = """    Rule(
        "P099",
        "agency-short",
        "机关名称过短",
        INFO,
        "docs/extending.md",
        "A toy rule: the body's name has fewer than four characters.",
        "report",
        toy.check_agency_short,
    ),
"""

RULE_CHECKS = r"""
import gov_disclosure as gd
from gov_disclosure.rules import rule
from gov_disclosure.testing import sample_report

assert rule("P099").name == "agency-short"
report = sample_report("2021")
assert not [f for f in gd.validate(report) if f.code == "P099"]
short = gd.AnnualReport.blank(agency="某局", year=2024)
[found] = [f for f in gd.validate(short) if f.code == "P099"]
assert "某局" in found.message and found.severity is gd.Severity.INFO, found
print("toy rule: ok")
"""


def test_a_rule_is_one_module_and_one_entry(tmp_path: Path) -> None:
    """A check function in its own module of rules/ and one Rule in rules/registry.py (and
    nothing else) make validate() report the new code."""
    package = copy_package(tmp_path)
    (package / "rules" / "toy.py").write_text(RULE_MODULE.lstrip(), encoding="utf-8")
    registry = package / "rules" / "registry.py"
    text = registry.read_text(encoding="utf-8")
    anchor = "from . import checks, narrative, series, wording\n"
    assert anchor in text
    text = text.replace(anchor, "from . import checks, narrative, series, toy, wording\n")
    anchor = "_CHECKS: tuple[Rule, ...] = (\n"
    assert anchor in text
    text = text.replace(anchor, anchor + RULE_ENTRY)
    registry.write_text(text, encoding="utf-8")
    assert changed_files(package) == {"rules/registry.py", "rules/toy.py"}
    result = run_on_copy(tmp_path, RULE_CHECKS)
    assert result.returncode == 0, result.stderr
    assert "toy rule: ok" in result.stdout
