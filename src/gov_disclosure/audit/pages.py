"""The summary pages of an audit, ``summary.md`` and ``summary.html``, from a :class:`Summary`.

Both pages show the same sections in the same order; names taken from the reports and the file
system (agencies, files, reasons) are escaped for Markdown and HTML. :mod:`.summary` collects the
figures and writes the pages.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote

from .._i18n import N_, _f, clauses, get_language

if TYPE_CHECKING:
    from .summary import Summary

__all__ = ["html_page", "markdown_page", "markdown_text"]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!])")


def markdown_text(text: str) -> str:
    """``text`` as literal Markdown inline text: HTML's ``& < >`` and the table pipe ``|`` and
    ``~`` as character references, the rest of Markdown's punctuation (links, emphasis, code)
    escaped with a backslash, line breaks as spaces."""
    text = " ".join(text.splitlines())
    text = html.escape(text, quote=False).replace("|", "&#124;").replace("~", "&#126;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


_TITLE = N_("Audit of annual government information disclosure reports: summary")
_NONE = N_("None.")


def _link(file: str, outdir: Path) -> str:
    """The address of ``file`` relative to the summary pages."""
    # realpath, not Path.resolve: a link that loops is no error (it is listed, unreadable)
    relative = os.path.relpath(os.path.realpath(file), os.path.realpath(outdir))
    return quote(relative.replace(os.sep, "/"))


def _overview(s: Summary) -> list[tuple[str, str]]:
    failed = _f(" (of which the program failed on {n})").format(n=s.failed) if s.failed else ""
    return [
        (_f("Files"), f"{s.files}"),
        (_f("Read"), f"{s.read}"),
        (_f("Unreadable"), f"{s.unreadable}{failed}"),
        (_f("Not reports (skipped)"), f"{s.not_reports}"),
        (
            _f("Agency names"),
            _f("{names} (merged into {bodies} bodies)").format(names=s.agencies, bodies=s.bodies),
        ),
        (_f("Pairs of consecutive years"), f"{s.pairs}"),
        (
            _f("Reports found in several files"),
            _f("{reports} ({files} files; {differing} of them disagree)").format(
                reports=s.copy_reports, files=s.copy_files, differing=s.copies_differing
            ),
        ),
        (_f("Cross-year findings"), f"{s.cross_year}"),
        (_f("Input forms"), clauses([f"{k} {n}" for k, n in s.inputs]) if s.inputs else "—"),
        (
            _f("Editions"),
            clauses([_f("{edition} edition {n}").format(edition=k, n=n) for k, n in s.editions])
            if s.editions
            else "—",
        ),
    ]


def _rule_rows(
    rows: Sequence[tuple[str, str, str, int, int]], text: Callable[[str], str]
) -> list[list[str]]:
    return [
        [text(code), text(title), text(_f(sev)), str(n), str(files)]
        for code, title, sev, n, files in rows
    ]


def _rule_head() -> list[str]:
    return [_f("Rule"), _f("Name"), _f("Severity"), _f("Findings"), _f("In files")]


def _worst_head() -> list[str]:
    return [_f("File"), _f("Agency"), _f("Year"), _f("Errors"), _f("Warnings"), _f("Info")]


def _copies_head() -> list[str]:
    return [
        _f("Body"),
        _f("Year"),
        _f("File the cross-year checks read"),
        _f("Other files"),
        _f("Cells that differ"),
    ]


def _names_head() -> list[str]:
    return [_f("Body"), _f("Names printed")]


def _more(s: Summary) -> str:
    return _f("…the other {n} are in reports.csv").format(n=s.unreadable - len(s.unreadable_files))


def _agree(differing: int) -> str:
    return str(differing) if differing else _f("agree")


class _Writer(Protocol):
    """How a page writes its parts; :func:`_page` says what the parts are, once for both pages."""

    def start(self, title: str) -> Iterator[str]: ...
    def end(self) -> Iterator[str]: ...
    def text(self, text: str) -> str: ...
    def link(self, file: str) -> str: ...
    def heading(self, level: int, text: str) -> Iterator[str]: ...
    def table(
        self, ident: str, head: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]
    ) -> Iterator[str]: ...
    def note(self, text: str) -> Iterator[str]: ...
    def items(self, ident: str, items: Sequence[str], more: str | None) -> Iterator[str]: ...


class _Markdown:
    """``summary.md``: pipe tables, every name escaped with :func:`markdown_text`."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir

    def start(self, title: str) -> Iterator[str]:
        yield from self.heading(1, title)

    def end(self) -> Iterator[str]:
        details = _f(
            "Details: findings.jsonl (a finding a line), cells.csv (a cell a line), reports.csv "
            "(a file a line)."
        )
        yield from self.note(details)

    def text(self, text: str) -> str:
        return markdown_text(text)

    def link(self, file: str) -> str:
        return f"[{markdown_text(file)}](<{_link(file, self.outdir)}>)"

    def heading(self, level: int, text: str) -> Iterator[str]:
        yield "#" * level + " " + markdown_text(text)
        yield ""

    def table(
        self, ident: str, head: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]
    ) -> Iterator[str]:
        if not rows:
            yield from (_f(_NONE), "")
            return
        yield "| " + " | ".join(head) + " |"
        yield "|" + "---|" * len(head)
        for row in rows:  # every cell escaped (text, link) by the caller
            yield "| " + " | ".join(row) + " |"
        yield ""

    def note(self, text: str) -> Iterator[str]:
        yield markdown_text(text)
        yield ""

    def items(self, ident: str, items: Sequence[str], more: str | None) -> Iterator[str]:
        for item in items:
            yield "- " + item
        if more is not None:
            yield "- " + markdown_text(more)
        yield ""


_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #111; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #888; padding: 0.2rem 0.6rem; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.error td:first-child { border-left: 4px solid #b00020; }
a { color: #0645ad; word-break: break-all; }
"""


class _Html:
    """``summary.html``: one page with its style, every name escaped for HTML."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir

    def start(self, title: str) -> Iterator[str]:
        lang = "en" if get_language() == "en" else "zh-CN"
        yield f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        yield '<meta name="viewport" content="width=device-width, initial-scale=1">'
        yield f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        yield from self.heading(1, title)

    def end(self) -> Iterator[str]:
        names = ("findings.jsonl", "cells.csv", "reports.csv")
        files = _f(", ").join(f'<a href="{n}">{n}</a>' for n in names)
        yield (
            "<p>" + html.escape(_f("Details: {files}.")).format(files=files) + "</p></body></html>"
        )

    def text(self, text: str) -> str:
        return html.escape(text)

    def link(self, file: str) -> str:
        return f'<a href="{html.escape(_link(file, self.outdir))}">{html.escape(file)}</a>'

    def heading(self, level: int, text: str) -> Iterator[str]:
        yield f"<h{level}>{html.escape(text)}</h{level}>"

    def table(
        self, ident: str, head: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]
    ) -> Iterator[str]:
        if not rows:
            yield f"<p>{html.escape(_f(_NONE))}</p>"
            return
        yield f'<table id="{ident}"><thead><tr>'
        yield "".join(f"<th>{html.escape(h)}</th>" for h in head)
        yield "</tr></thead><tbody>"
        for row in rows:
            cells = "".join(
                f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
                for i, c in enumerate(row)
            )
            yield f"<tr>{cells}</tr>"
        yield "</tbody></table>"

    def note(self, text: str) -> Iterator[str]:
        yield f"<p>{html.escape(text)}</p>"

    def items(self, ident: str, items: Sequence[str], more: str | None) -> Iterator[str]:
        if not items:
            return
        yield f'<ul id="{ident}">'
        for item in items:
            yield f"<li>{item}</li>"
        if more is not None:
            yield f"<li>{html.escape(more)}</li>"
        yield "</ul>"


def _page(s: Summary, w: _Writer) -> Iterator[str]:
    """The summary page, the same sections in the same order in either writer."""
    t = w.text

    def year(value: int | None) -> str:
        return "" if value is None else str(value)

    yield from w.start(_f(_TITLE))
    overview = [[t(k), t(v)] for k, v in _overview(s)]
    yield from w.table("overview", [_f("Item"), _f("Count")], overview, set())
    yield from w.heading(2, _f("Rules failed (by findings)"))
    yield from w.table("rules", _rule_head(), _rule_rows(s.rules, t), {3, 4})
    yield from w.heading(2, _f("Files with the most findings"))
    worst = [
        [w.link(file), t(agency), year(y), str(e), str(wn), str(i)]
        for file, agency, y, e, wn, i in s.worst
    ]
    yield from w.table("worst", _worst_head(), worst, {2, 3, 4, 5})
    yield from w.heading(2, _f("Reports found in several files ({n})").format(n=s.copy_reports))
    copies = [
        [t(body), year(y), w.link(first), "<br>".join(map(w.link, others)), t(_agree(differing))]
        for body, y, first, others, differing in s.copies
    ]
    yield from w.table("copies", _copies_head(), copies, {1, 4})
    if s.copy_reports > len(s.copies):
        more = _f("…the other {n} are in reports.csv (columns copies, representative)")
        yield from w.note(more.format(n=s.copy_reports - len(s.copies)))
    yield from w.heading(2, _f("Bodies printed under several names ({n})").format(n=s.renamed))
    names = [[t(body), t(_f(", ").join(printed))] for body, printed in s.names]
    yield from w.table("names", _names_head(), names, set())
    if s.renamed > len(s.names):
        more = _f("…the other {n} are in reports.csv (column body)")
        yield from w.note(more.format(n=s.renamed - len(s.names)))
    yield from w.heading(2, _f("Reading problems"))
    yield from w.table("reading", _rule_head(), _rule_rows(s.reading, t), {3, 4})
    yield from w.heading(3, _f("Unreadable files ({n})").format(n=s.unreadable))
    unreadable = [
        w.link(file) + t(_f(": {message}").format(message=message))
        for file, message in s.unreadable_files
    ]
    more_files = _more(s) if s.unreadable > len(s.unreadable_files) else None
    yield from w.items("unreadable", unreadable, more_files)
    if s.not_reports:
        skipped = _f("Files that are no report (by content, skipped: {n})")
        yield from w.heading(3, skipped.format(n=s.not_reports))
        more_files = None
        if s.not_reports > len(s.not_report_files):
            more = _f("…the other {n} are in reports.csv")
            more_files = more.format(n=s.not_reports - len(s.not_report_files))
        yield from w.items("not-reports", [w.link(f) for f in s.not_report_files], more_files)
    yield from w.end()


def markdown_page(s: Summary, outdir: Path) -> Iterator[str]:
    """The lines of ``summary.md``."""
    return _page(s, _Markdown(outdir))


def html_page(s: Summary, outdir: Path) -> Iterator[str]:
    """The lines of ``summary.html``."""
    return _page(s, _Html(outdir))
