"""The summary pages of an audit, ``summary.md`` and ``summary.html``, from a :class:`Summary`.

Both pages show the same sections in the same order; names taken from the reports and the file
system (agencies, files, reasons) are escaped for Markdown and HTML. :mod:`.summary` collects the
figures and writes the pages.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
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


def _rule_rows(rows: Sequence[tuple[str, str, str, int, int]]) -> list[list[str]]:
    return [[code, title, _f(sev), str(n), str(files)] for code, title, sev, n, files in rows]


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


def markdown_page(s: Summary, outdir: Path) -> Iterator[str]:
    def table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> Iterator[str]:
        yield "| " + " | ".join(head) + " |"
        yield "|" + "---|" * len(head)
        for row in rows:  # every cell escaped (markdown_text) by the caller
            yield "| " + " | ".join(row) + " |"
        yield ""

    m = markdown_text

    def none() -> Iterator[str]:
        return iter([_f(_NONE), ""])

    yield "# " + m(_f(_TITLE))
    yield ""
    yield from table([_f("Item"), _f("Count")], [[m(k), m(v)] for k, v in _overview(s)])
    yield "## " + m(_f("Rules failed (by findings)"))
    yield ""
    rules = [[m(c) for c in row] for row in _rule_rows(s.rules)]
    yield from table(_rule_head(), rules) if rules else none()
    yield "## " + m(_f("Files with the most findings"))
    yield ""
    worst = [
        [
            f"[{m(file)}](<{_link(file, outdir)}>)",
            m(agency),
            "" if year is None else str(year),
            str(e),
            str(w),
            str(i),
        ]
        for file, agency, year, e, w, i in s.worst
    ]
    yield from table(_worst_head(), worst) if worst else none()
    yield "## " + m(_f("Reports found in several files ({n})").format(n=s.copy_reports))
    yield ""
    copies = [
        [
            m(body),
            "" if year is None else str(year),
            f"[{m(first)}](<{_link(first, outdir)}>)",
            "<br>".join(f"[{m(f)}](<{_link(f, outdir)}>)" for f in others),
            m(_agree(differing)),
        ]
        for body, year, first, others, differing in s.copies
    ]
    yield from table(_copies_head(), copies) if copies else none()
    if s.copy_reports > len(s.copies):
        yield m(
            _f("…the other {n} are in reports.csv (columns copies, representative)").format(
                n=s.copy_reports - len(s.copies)
            )
        )
        yield ""
    yield "## " + m(_f("Bodies printed under several names ({n})").format(n=s.renamed))
    yield ""
    names = [[m(body), m(_f(", ").join(printed))] for body, printed in s.names]
    yield from table(_names_head(), names) if names else none()
    if s.renamed > len(s.names):
        yield m(
            _f("…the other {n} are in reports.csv (column body)").format(n=s.renamed - len(s.names))
        )
        yield ""
    yield "## " + m(_f("Reading problems"))
    yield ""
    reading = [[m(c) for c in row] for row in _rule_rows(s.reading)]
    yield from table(_rule_head(), reading) if reading else none()
    yield "### " + m(_f("Unreadable files ({n})").format(n=s.unreadable))
    yield ""
    for file, message in s.unreadable_files:
        yield f"- [{m(file)}](<{_link(file, outdir)}>)" + m(
            _f(": {message}").format(message=message)
        )
    if s.unreadable > len(s.unreadable_files):
        yield "- " + _more(s)
    yield ""
    if s.not_reports:
        yield "### " + m(
            _f("Files that are no report (by content, skipped: {n})").format(n=s.not_reports)
        )
        yield ""
        for file in s.not_report_files:
            yield f"- [{m(file)}](<{_link(file, outdir)}>)"
        if s.not_reports > len(s.not_report_files):
            yield "- " + m(
                _f("…the other {n} are in reports.csv").format(
                    n=s.not_reports - len(s.not_report_files)
                )
            )
        yield ""
    yield m(
        _f(
            "Details: findings.jsonl (a finding a line), cells.csv (a cell a line), reports.csv "
            "(a file a line)."
        )
    )
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


def html_page(s: Summary, outdir: Path) -> Iterator[str]:
    e = html.escape

    def table(
        head: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int], ident: str
    ) -> Iterator[str]:
        if not rows:
            yield f"<p>{e(_f(_NONE))}</p>"
            return
        yield f'<table id="{ident}"><thead><tr>'
        yield "".join(f"<th>{e(h)}</th>" for h in head)
        yield "</tr></thead><tbody>"
        for row in rows:
            cells = "".join(
                f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
                for i, c in enumerate(row)
            )
            yield f"<tr>{cells}</tr>"
        yield "</tbody></table>"

    def link(file: str) -> str:
        return f'<a href="{e(_link(file, outdir))}">{e(file)}</a>'

    lang = "en" if get_language() == "en" else "zh-CN"
    title = e(_f(_TITLE))
    yield f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">'
    yield f"<title>{title}</title><style>{_CSS}</style></head><body>"
    yield f"<h1>{title}</h1>"
    overview = [[e(k), e(v)] for k, v in _overview(s)]
    yield from table([_f("Item"), _f("Count")], overview, set(), "overview")
    yield f"<h2>{e(_f('Rules failed (by findings)'))}</h2>"
    rules = [[e(c) for c in row] for row in _rule_rows(s.rules)]
    yield from table(_rule_head(), rules, {3, 4}, "rules")
    yield f"<h2>{e(_f('Files with the most findings'))}</h2>"
    worst = [
        [link(file), e(agency), "" if year is None else str(year), str(er), str(w), str(i)]
        for file, agency, year, er, w, i in s.worst
    ]
    yield from table(_worst_head(), worst, {2, 3, 4, 5}, "worst")
    yield f"<h2>{e(_f('Reports found in several files ({n})').format(n=s.copy_reports))}</h2>"
    copy_rows = [
        [
            e(body),
            "" if year is None else str(year),
            link(first),
            "<br>".join(link(f) for f in others),
            e(_agree(differing)),
        ]
        for body, year, first, others, differing in s.copies
    ]
    yield from table(_copies_head(), copy_rows, {1, 4}, "copies")
    if s.copy_reports > len(s.copies):
        more = _f("…the other {n} are in reports.csv (columns copies, representative)")
        yield f"<p>{e(more.format(n=s.copy_reports - len(s.copies)))}</p>"
    yield f"<h2>{e(_f('Bodies printed under several names ({n})').format(n=s.renamed))}</h2>"
    name_rows = [[e(body), e(_f(", ").join(printed))] for body, printed in s.names]
    yield from table(_names_head(), name_rows, set(), "names")
    if s.renamed > len(s.names):
        more = _f("…the other {n} are in reports.csv (column body)")
        yield f"<p>{e(more.format(n=s.renamed - len(s.names)))}</p>"
    yield f"<h2>{e(_f('Reading problems'))}</h2>"
    reading = [[e(c) for c in row] for row in _rule_rows(s.reading)]
    yield from table(_rule_head(), reading, {3, 4}, "reading")
    yield f"<h3>{e(_f('Unreadable files ({n})').format(n=s.unreadable))}</h3>"
    if s.unreadable_files:
        yield '<ul id="unreadable">'
        for file, message in s.unreadable_files:
            yield f"<li>{link(file)}{e(_f(': {message}').format(message=message))}</li>"
        if s.unreadable > len(s.unreadable_files):
            yield f"<li>{e(_more(s))}</li>"
        yield "</ul>"
    if s.not_reports:
        skipped = _f("Files that are no report (by content, skipped: {n})")
        yield f"<h3>{e(skipped.format(n=s.not_reports))}</h3>"
        yield '<ul id="not-reports">'
        for file in s.not_report_files:
            yield f"<li>{link(file)}</li>"
        if s.not_reports > len(s.not_report_files):
            more = _f("…the other {n} are in reports.csv")
            yield f"<li>{e(more.format(n=s.not_reports - len(s.not_report_files)))}</li>"
        yield "</ul>"
    names = ("findings.jsonl", "cells.csv", "reports.csv")
    files = _f(", ").join(f'<a href="{n}">{n}</a>' for n in names)
    yield "<p>" + e(_f("Details: {files}.")).format(files=files) + "</p></body></html>"
