"""The tables and pages that close an audit: ``reports.csv``, ``summary.md``, ``summary.html``.

All are written from the audit's database (:mod:`.store`), streaming, to a new temporary file
in the output folder that replaces the old one when complete (a symbolic link in its place is
replaced, never followed): an interrupted run, or a full disk, never leaves half a table.
Names taken from the reports and the file system (agencies, files, reasons) are escaped for
Markdown and HTML.
"""

from __future__ import annotations

import contextlib
import csv
import html
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson
from attrs import field, frozen

from .._i18n import N_, _, _f, clauses, get_language
from ..metrics import METRICS
from ..rules import RULES
from .errors import AuditError
from .store import Store
from .work import NOT_REPORT

__all__ = ["REPORT_COLUMNS", "Summary", "summarise", "write_reports_csv", "write_summaries"]

REPORT_COLUMNS = (
    "file",
    "agency",
    "series",
    "body",
    "year",
    "edition",
    "forms",
    "input",
    "status",
    "message",
    "errors",
    "warnings",
    "infos",
    "cross_year",
    "copies",
    "representative",
    "copy_differences",
)
"""The columns of ``reports.csv`` before the metrics (one column per metric key)."""

COPIES_LISTED = 50
"""How many reports held in several files the summary lists (disagreeing ones first)."""

NAMES_LISTED = 50
"""How many bodies printed under several names the summary lists."""

WORST_FILES = 20
"""How many files the summary lists under 问题最多的文件."""

UNREADABLE_LISTED = 50
"""How many unreadable files the summary lists by name (all are in ``reports.csv``)."""

_TITLES = {rule.code: (rule.title, rule.name) for rule in RULES}


def _title(code: str) -> str:
    """A rule's title in the summary's language: the Chinese title, or the English name."""
    title, name = _TITLES.get(code, ("", ""))
    return name if get_language() == "en" else title


def write_new(target: Path, write: Callable[[Any], object]) -> None:
    """Write ``target`` as a new file: ``write(stream)`` fills a temporary file made beside it,
    which then replaces it. A failure (a full disk) removes the temporary file and raises
    :class:`AuditError` naming ``target``; the old file, if any, is left as it was."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _unwritten(target, exc) from None
    try:
        with open(fd, "w", encoding="utf-8", newline="") as out:
            write(out)
        os.replace(name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise _unwritten(target, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def _unwritten(target: Path, exc: OSError) -> AuditError:
    return AuditError(
        _("{file}: could not write ({reason}); make room and run the same command again").format(
            file=target, reason=exc.strerror or exc
        )
    )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!])")


def markdown_text(text: str) -> str:
    """``text`` as literal Markdown inline text: HTML's ``& < >`` and the table pipe ``|`` and
    ``~`` as character references, the rest of Markdown's punctuation (links, emphasis, code)
    escaped with a backslash, line breaks as spaces."""
    text = " ".join(text.splitlines())
    text = html.escape(text, quote=False).replace("|", "&#124;").replace("~", "&#126;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _metric_keys(store: Store) -> list[str]:
    """The metric columns: those of :data:`~gov_disclosure.metrics.METRICS` unless the audit
    was given other metrics (then the keys its reports hold)."""
    for (text,) in store.stream("SELECT metrics FROM files WHERE status = 'read' LIMIT 1"):
        return list(orjson.loads(text))
    return [m.key for m in METRICS]


_SEVERITY_SUMS = """
    SUM(CASE WHEN c.severity = 'error' THEN c.n ELSE 0 END),
    SUM(CASE WHEN c.severity = 'warning' THEN c.n ELSE 0 END),
    SUM(CASE WHEN c.severity = 'info' THEN c.n ELSE 0 END),
    SUM(COALESCE(c.n, 0))
"""


def write_reports_csv(store: Store) -> None:
    """``reports.csv``: one row per file, cross-year findings counted in the file they name."""
    keys = _metric_keys(store)

    def write(out: Any) -> None:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([*REPORT_COLUMNS, *keys])
        rows = store.stream(
            "SELECT f.file, f.agency, COALESCE(f.series, ''), COALESCE(b.body, ''), f.year, "
            "f.edition, f.forms, f.input, f.status, f.message, f.errors, f.warnings, f.infos, "
            "f.metrics, k.copies, k.representative, k.differences, f.series IS NOT NULL, "
            f"{_SEVERITY_SUMS} FROM files f "
            "LEFT JOIN bodies b ON b.series = f.series "
            "LEFT JOIN copies k ON k.file = f.file "
            "LEFT JOIN codes c ON c.file = f.file AND c.phase = 'series' "
            "GROUP BY f.file ORDER BY f.seq"
        )
        for row in rows:
            (*ident, errors, warnings, infos, metrics, copies, first, differing, paired) = row[:18]
            s_err, s_warn, s_info, s_all = row[18:]
            values = orjson.loads(metrics)
            if copies is None and paired:  # a report in one file: its own copy
                copies, first, differing = 1, ident[0], 0
            writer.writerow(
                [
                    *ident,
                    errors + (s_err or 0),
                    warnings + (s_warn or 0),
                    infos + (s_info or 0),
                    s_all or 0,
                    "" if copies is None else copies,
                    first or "",
                    "" if differing is None else differing,
                    *(("" if values.get(k) is None else values[k]) for k in keys),
                ]
            )

    write_new(store.outdir / "reports.csv", write)


@frozen
class Summary:
    """The figures of the summary pages."""

    files: int
    read: int
    unreadable: int
    """Files not read: unreadable, or failed."""
    failed: int
    """Files on which the library met an error of its own (a bug to report)."""
    agencies: int
    bodies: int
    pairs: int
    cross_year: int
    inputs: list[tuple[str, int]]
    editions: list[tuple[str, int]]
    rules: list[tuple[str, str, str, int, int]]
    """(code, title, severity, findings, files), most findings first (reading codes apart)."""
    reading: list[tuple[str, str, str, int, int]]
    """The same for the reading codes (R…)."""
    worst: list[tuple[str, str, int | None, int, int, int]]
    """(file, agency, year, errors, warnings, infos) of the files with the most errors."""
    unreadable_files: list[tuple[str, str]]
    copy_reports: int = 0
    """Reports found in more than one file."""
    copy_files: int = 0
    """The files that hold them."""
    copies_differing: int = 0
    """Of :attr:`copy_reports`, those whose files disagree on some cell (C005)."""
    copies: list[tuple[str, int | None, str, list[str], int]] = field(factory=list)
    """(body, year, the file read, the other files, cells that differ) of the first
    :data:`COPIES_LISTED` reports in several files, those that disagree first."""
    renamed: int = 0
    """Bodies printed under more than one name."""
    names: list[tuple[str, list[str]]] = field(factory=list)
    """(body, the names it is printed under) of the first :data:`NAMES_LISTED` of them."""
    not_reports: int = 0
    """Files skipped because their content is no report."""
    not_report_files: tuple[str, ...] = ()


def _copies(
    store: Store,
) -> tuple[int, int, int, list[tuple[str, int | None, str, list[str], int]]]:
    """The reports found in several files: how many, in how many files, how many disagree,
    and the first :data:`COPIES_LISTED` of them."""
    reports, files, differing = store.query(
        "SELECT COUNT(DISTINCT representative), COUNT(*), "
        "COUNT(DISTINCT CASE WHEN differences > 0 THEN representative END) FROM copies"
    )[0]
    listed = []
    for first, differences, year, body in store.query(
        "SELECT k.representative, MAX(k.differences), r.year, COALESCE(b.body, r.agency) "
        "FROM copies k JOIN files r ON r.file = k.representative "
        "LEFT JOIN bodies b ON b.series = r.series GROUP BY k.representative "
        "ORDER BY MAX(k.differences) > 0 DESC, r.seq LIMIT ?",
        COPIES_LISTED,
    ):
        others = [
            str(f)
            for (f,) in store.query(
                "SELECT file FROM copies WHERE representative = ? AND file != ? ORDER BY file",
                first,
                first,
            )
        ]
        listed.append((str(body), year, str(first), others, int(differences)))
    return int(reports), int(files), int(differing), listed


def _names(store: Store) -> tuple[int, list[tuple[str, list[str]]]]:
    """The bodies printed under several names: how many, and the first :data:`NAMES_LISTED`."""
    rows = store.query(
        "SELECT f.series, COALESCE(b.body, f.series) FROM files f "
        "LEFT JOIN bodies b ON b.series = f.series WHERE f.status = 'read' "
        "GROUP BY f.series HAVING COUNT(DISTINCT f.agency) > 1 "
        "ORDER BY COUNT(DISTINCT f.agency) DESC, f.series"
    )
    listed = [
        (
            str(body),
            [
                str(a)
                for (a,) in store.query(
                    "SELECT DISTINCT agency FROM files WHERE series = ? AND status = 'read' "
                    "ORDER BY agency",
                    series,
                )
            ],
        )
        for series, body in rows[:NAMES_LISTED]
    ]
    return len(rows), listed


def summarise(store: Store) -> Summary:
    """The figures of an audit, read from its database."""
    counts = dict(store.query("SELECT status, COUNT(*) FROM files GROUP BY status"))
    inputs = store.query(
        "SELECT input, COUNT(*) FROM files WHERE status = 'read' GROUP BY input "
        "ORDER BY COUNT(*) DESC, input"
    )
    editions = store.query(
        "SELECT edition, COUNT(*) FROM files WHERE status = 'read' GROUP BY edition "
        "ORDER BY edition"
    )
    agencies, bodies = store.query(
        "SELECT COUNT(DISTINCT agency), COUNT(DISTINCT series) FROM files WHERE status = 'read'"
    )[0]
    pairs = store.query(
        "SELECT COUNT(*) FROM (SELECT DISTINCT a.series, a.year FROM files a JOIN files b "
        "ON a.series = b.series AND b.year = a.year - 1 "
        "WHERE a.status = 'read' AND b.status = 'read')"
    )[0][0]
    cross_year = store.query("SELECT COALESCE(SUM(n), 0) FROM codes WHERE phase = 'series'")[0][0]
    ranked = [
        (code, _title(code), severity, n, files)
        for code, severity, n, files in store.query(
            "SELECT code, severity, SUM(n), COUNT(DISTINCT file) FROM codes "
            "GROUP BY code, severity ORDER BY SUM(n) DESC, code"
        )
    ]
    worst = store.query(
        "SELECT f.file, f.agency, f.year, "
        "f.errors + COALESCE(SUM(CASE WHEN c.severity = 'error' THEN c.n END), 0) AS e, "
        "f.warnings + COALESCE(SUM(CASE WHEN c.severity = 'warning' THEN c.n END), 0) AS w, "
        "f.infos + COALESCE(SUM(CASE WHEN c.severity = 'info' THEN c.n END), 0) AS i "
        "FROM files f LEFT JOIN codes c ON c.file = f.file AND c.phase = 'series' "
        "WHERE f.status = 'read' GROUP BY f.file HAVING e + w > 0 "
        "ORDER BY e DESC, w DESC, f.seq LIMIT ?",
        WORST_FILES,
    )
    unreadable = store.query(
        "SELECT file, message FROM files WHERE status NOT IN ('read', ?) ORDER BY seq LIMIT ?",
        NOT_REPORT,
        UNREADABLE_LISTED,
    )
    copy_reports, copy_files, copies_differing, copies = _copies(store)
    renamed, names = _names(store)
    not_reports = store.query(
        "SELECT file FROM files WHERE status = ? ORDER BY seq LIMIT ?",
        NOT_REPORT,
        UNREADABLE_LISTED,
    )
    skipped = counts.get(NOT_REPORT, 0)
    return Summary(
        files=sum(counts.values()),
        read=counts.get("read", 0),
        unreadable=sum(counts.values()) - counts.get("read", 0) - skipped,
        failed=counts.get("failed", 0),
        agencies=agencies,
        bodies=bodies,
        pairs=pairs,
        cross_year=cross_year,
        inputs=[(str(a), int(b)) for a, b in inputs],
        editions=[(str(a), int(b)) for a, b in editions],
        rules=[r for r in ranked if not r[0].startswith("R")],
        reading=[r for r in ranked if r[0].startswith("R")],
        worst=[(str(a), str(b), c, int(d), int(e), int(f)) for a, b, c, d, e, f in worst],
        unreadable_files=[(str(a), _reason(str(a), str(b))) for a, b in unreadable],
        copy_reports=copy_reports,
        copy_files=copy_files,
        copies_differing=copies_differing,
        copies=copies,
        renamed=renamed,
        names=names,
        not_reports=skipped,
        not_report_files=tuple(str(a) for (a,) in not_reports),
    )


def _reason(file: str, message: str) -> str:
    """The first line of why a file is unreadable, without the file name it starts with."""
    first = message.splitlines()[0] if message else ""
    return first.removeprefix(f"{file}: ").removeprefix(f"{file}:")


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


def _markdown(s: Summary, outdir: Path) -> Iterator[str]:
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


def _html(s: Summary, outdir: Path) -> Iterator[str]:
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


def _writer(lines: Iterator[str]) -> Callable[[Any], None]:
    def write(out: Any) -> None:
        for line in lines:
            out.write(line + "\n")

    return write


def write_summaries(store: Store) -> Summary:
    """Write ``summary.md`` and ``summary.html``; the figures they show."""
    summary = summarise(store)
    for name, lines in (
        ("summary.md", _markdown(summary, store.outdir)),
        ("summary.html", _html(summary, store.outdir)),
    ):
        write_new(store.outdir / name, _writer(lines))
    return summary
