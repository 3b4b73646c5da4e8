"""Renderers: one entry point, :func:`render`, and one module per output format.

=============  =========================================  ============================================
``to``         function                                   options
=============  =========================================  ============================================
``markdown``   :func:`.markdown.render_markdown` → str    ``html_tables=False``: embed the tables as
                                                          HTML (merged cells) instead of pipe tables
``text``       :func:`.text.render_text` → str            ``width=100``: display columns per line
                                                          (CJK counts 2); at least 20, and wide
                                                          enough for the tables (else ValueError
                                                          naming the minimum)
``html``       :func:`.html.render_html` → str            ``findings=None``: findings to list and
                                                          mark; ``mark_findings=False``: validate
                                                          the report and mark what is found
``docx``       :func:`.docx.render_docx` → bytes          ``fonts=None``: a ``DocxFonts`` (needs the
                                                          ``docx`` extra, python-docx)
=============  =========================================  ============================================

Each format module is imported only when it is asked for, so a missing optional dependency
(python-docx) affects only its own format. Every renderer is deterministic: the same report
gives the same output, byte for byte. The formats, their suffixes and which give bytes come from
one registry, :data:`RENDERERS`: a new format is a module here and one entry there (or one
:func:`register_format` call outside the library).

>>> from gov_disclosure.render import render
>>> from gov_disclosure.testing import sample_report
>>> render(sample_report("2021"), to="text", width=80).splitlines()[0]
'示例市统计局2024年政府信息公开工作年度报告'
"""

from __future__ import annotations

import importlib
import inspect
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast, overload

from attrs import frozen

from ..grid import (
    META_AGENCY,
    META_EDITION,
    META_PUBLISHED,
    META_YEAR,
    form_note,
)
from ..model import AnnualReport, Table
from ..numbers import format_date

__all__ = [
    "ALIASES",
    "FORMATS",
    "RENDERERS",
    "OutputFormat",
    "Renderer",
    "format_for",
    "register_format",
    "render",
]

OutputFormat = Literal["markdown", "text", "html", "docx"]
"""The name of an output format the library has: the ``to`` of :func:`render`."""

FORMATS: tuple[OutputFormat, ...] = ("markdown", "text", "html", "docx")
"""The output formats the library has, in the order they are documented (:data:`RENDERERS`
holds these and any registered since)."""


@frozen
class Renderer:
    """One output format: its name, its file suffixes, whether it gives bytes, and its function."""

    name: str
    suffixes: tuple[str, ...]
    """Lower-case file suffixes with their dot (``.md``): the command line takes the format
    from the suffix of ``-o``."""
    function: Callable[..., str | bytes] | str
    """``function(report, **options)``, or ``"module:function"`` to import on first use (so
    a missing optional dependency affects only its own format). Its keyword-only parameters
    are the format's options."""
    binary: bool = False
    """Gives bytes (written to a named file only), not text."""


RENDERERS: dict[str, Renderer] = {
    r.name: r
    for r in (
        Renderer("markdown", (".md", ".markdown"), f"{__name__}.markdown:render_markdown"),
        Renderer("text", (".txt",), f"{__name__}.text:render_text"),
        Renderer("html", (".html", ".htm"), f"{__name__}.html:render_html"),
        Renderer("docx", (".docx",), f"{__name__}.docx:render_docx", binary=True),
    )
}
"""The output formats by name: :data:`FORMATS`, then those added by :func:`register_format`."""


ALIASES = {"md": "markdown", "txt": "text"}
"""Short names of output formats besides their own (``md``, ``txt``), as ``--to`` takes them."""


def format_for(path: str | os.PathLike[str]) -> str | None:
    """The output format a file's suffix names among :data:`RENDERERS` (``report.html`` →
    ``"html"``), or None for a suffix no format has."""
    suffix = Path(path).suffix.lower()
    return next((r.name for r in RENDERERS.values() if suffix in r.suffixes), None)


def register_format(renderer: Renderer) -> None:
    """Add an output format (replacing one of the same name) to :func:`render` and the command
    line's ``render --to``."""
    RENDERERS[renderer.name] = renderer
    _entry_point.cache_clear()


@cache
def _entry_point(to: str) -> tuple[Callable[..., str | bytes], frozenset[str]]:
    """The renderer of a format (imported on first use) and the options it accepts."""
    function = RENDERERS[to].function
    if isinstance(function, str):
        module_name, _, function_name = function.partition(":")
        function = cast(
            Callable[..., str | bytes],
            getattr(importlib.import_module(module_name), function_name),
        )
    options = frozenset(
        name
        for name, parameter in inspect.signature(function).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    )
    return function, options


@overload
def render(
    report: AnnualReport, to: Literal["markdown", "text", "html"] = ..., **options: Any
) -> str: ...
@overload
def render(report: AnnualReport, to: Literal["docx"], **options: Any) -> bytes: ...
@overload
def render(report: AnnualReport, to: str, **options: Any) -> str | bytes: ...


def render(report: AnnualReport, to: str = "markdown", **options: Any) -> str | bytes:
    """Render ``report`` in the format ``to`` (one of :data:`RENDERERS`) with that format's options.

    Returns text (``str``) for ``markdown``, ``text`` and ``html`` and the bytes of a Word file
    for ``docx``. An unknown format raises ``ValueError`` listing the formats; an option the
    format does not take raises ``TypeError`` naming the option and the format. The options of
    each format are listed in the documentation of :mod:`gov_disclosure.render`.
    """
    if not isinstance(report, AnnualReport):
        raise TypeError(f"render: expected an AnnualReport, got {type(report).__name__}")
    if not isinstance(to, str) or to not in RENDERERS:
        known = ", ".join(RENDERERS)
        raise ValueError(f"render: unknown format {to!r}; expected one of: {known}")
    function, accepted = _entry_point(to)
    unknown = sorted(set(options) - accepted)
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        takes = ", ".join(sorted(accepted)) or "no options"
        raise TypeError(
            f"render: the {to} format has no option {names} (it takes: {takes})"
            if len(unknown) == 1
            else f"render: the {to} format has no options {names} (it takes: {takes})"
        )
    return function(report, **options)


# --- shared by the renderers -------------------------------------------

_CONTROLS = {
    **{c: "\ufffd" for c in (*range(0x20), *range(0x7F, 0xA0))},
    **{ord(c): " " for c in "\t\v\f"},
    **{ord(c): "\n" for c in "\n\r\x85\u2028\u2029"},
}


def _normalise_text(text: str) -> str:
    """Text with line breaks as ``\\n`` (CR LF, CR, NEL and the Unicode line and paragraph
    separators), tabs and form feeds as spaces, and every other control character as U+FFFD."""
    return text.replace("\r\n", "\n").translate(_CONTROLS)


def _metadata(report: AnnualReport) -> list[str]:
    """The metadata lines under the title (the same items as the HTML page's metadata line)."""
    lines = [
        f"{META_AGENCY}{report.agency}",
        f"{META_YEAR}{report.year}年",
        f"{META_EDITION}{report.edition.document}",
    ]
    if report.published is not None:
        lines.append(f"{META_PUBLISHED}{format_date(report.published)}")
    return lines


def _form_note(table: Table, report: AnnualReport) -> str | None:
    """A note for a table laid out in another form than the report's edition, else None."""
    form = table.form
    if form is None or form is report.edition:
        return None
    return form_note(form)
