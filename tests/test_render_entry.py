"""The single entry point ``gov_disclosure.render.render``: dispatch, options and errors."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import subprocess
import sys

import pytest

from gov_disclosure.render import FORMATS, render
from gov_disclosure.render.markdown import render_markdown
from gov_disclosure.render.text import render_text
from gov_disclosure.testing import sample_report

render_module = importlib.import_module("gov_disclosure.render")
"""The package itself: ``gov_disclosure.render`` as an attribute is the top-level function."""

FUNCTIONS = {
    "markdown": ("gov_disclosure.render.markdown", "render_markdown"),
    "text": ("gov_disclosure.render.text", "render_text"),
    "html": ("gov_disclosure.render.html", "render_html"),
    "docx": ("gov_disclosure.render.docx", "render_docx"),
}


def has_python_docx() -> bool:
    """Whether the optional python-docx package is installed."""
    return importlib.util.find_spec("docx") is not None


def test_formats() -> None:
    """The four formats are known, in the documented order."""
    assert FORMATS == ("markdown", "text", "html", "docx")


def test_default_is_markdown() -> None:
    """Without ``to`` the report is rendered as Markdown, exactly as render_markdown does."""
    report = sample_report("2021")
    assert render(report) == render_markdown(report)


def test_options_are_passed_on() -> None:
    """Options reach the format's function."""
    report = sample_report("2021")
    assert render(report, to="text", width=80) == render_text(report, width=80)
    assert render(report, to="text") == render_text(report)
    assert render(report, to="markdown", html_tables=False) == render_markdown(report)


@pytest.mark.parametrize("to", ["html", "docx"])
def test_other_formats_dispatch(to: str) -> None:
    """html gives a page (str) and docx a Word file (bytes) through the same entry point."""
    if to == "docx" and not has_python_docx():
        pytest.skip("python-docx (the docx extra) is not installed")
    result = render(sample_report("2021"), to=to)
    if to == "html":
        assert isinstance(result, str)
        assert "<table" in result
    else:
        assert isinstance(result, bytes)
        assert result.startswith(b"PK")


def test_unknown_format_lists_the_formats() -> None:
    """An unknown format is a ValueError that lists every format."""
    with pytest.raises(ValueError, match="pdf") as info:
        render(sample_report("2021"), to="pdf")
    for name in FORMATS:
        assert name in str(info.value)
    with pytest.raises(ValueError, match="markdown"):
        render(sample_report("2021"), to=None)  # type: ignore[call-overload]


def test_unknown_option_names_option_and_format() -> None:
    """An option the format does not take is a TypeError naming the option and the format."""
    report = sample_report("2021")
    with pytest.raises(TypeError, match=r"markdown.*'width'"):
        render(report, to="markdown", width=80)
    with pytest.raises(TypeError, match=r"text.*'html_tables'"):
        render(report, to="text", html_tables=True)
    with pytest.raises(TypeError, match=r"'colour', 'size'"):
        render(report, to="text", size=1, colour="red")


def test_not_a_report() -> None:
    """Rendering something that is not a report is a TypeError."""
    with pytest.raises(TypeError, match="AnnualReport"):
        render("report.toml")  # type: ignore[call-overload]


@pytest.mark.parametrize("to", list(FUNCTIONS))
def test_documented_options_match_signatures(to: str) -> None:
    """The package documentation names every keyword-only option of every format's function."""
    module_name, function_name = FUNCTIONS[to]
    function = getattr(importlib.import_module(module_name), function_name)
    options = [
        name
        for name, parameter in inspect.signature(function).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    doc = render_module.__doc__ or ""
    row = next(line for line in doc.splitlines() if line.startswith(f"``{to}``"))
    assert function_name in row
    for option in options:
        assert f"``{option}=" in doc, f"{to}: option {option!r} is not documented"


def test_format_modules_imported_lazily() -> None:
    """Importing the package imports no format module; rendering Markdown imports only its own."""
    code = (
        "import importlib, sys\n"
        "r = importlib.import_module('gov_disclosure.render')\n"
        "from gov_disclosure.testing import sample_report\n"
        "before = sorted(m for m in sys.modules if m.startswith('gov_disclosure.render.'))\n"
        "r.render(sample_report('2021'))\n"
        "after = sorted(m for m in sys.modules if m.startswith('gov_disclosure.render.'))\n"
        "print(before, after)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    before, after = result.stdout.strip().split("] [")
    for name in ("markdown", "text", "html", "docx"):
        assert f"gov_disclosure.render.{name}'" not in before
    assert "gov_disclosure.render.markdown'" in after
    assert "gov_disclosure.render.docx'" not in after


def test_deterministic() -> None:
    """Rendering the same report twice gives identical output in every text format."""
    report = sample_report("2019")
    for to in ("markdown", "text"):
        assert render(report, to=to) == render(report, to=to)
