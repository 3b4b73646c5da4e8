"""The tables and pages that close an audit: ``reports.csv``, ``summary.md``, ``summary.html``.

All are written from the audit's database (:mod:`.store`), streaming, to a temporary file that
replaces the old one when complete: an interrupted run never leaves half a table.
"""

from __future__ import annotations

import csv
import html
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson
from attrs import frozen

from .._i18n import N_, _f, clauses, get_language
from ..metrics import METRICS
from ..rules import RULES
from .store import Store

__all__ = ["REPORT_COLUMNS", "Summary", "summarise", "write_reports_csv", "write_summaries"]

REPORT_COLUMNS = (
    "file",
    "agency",
    "series",
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
)
"""The columns of ``reports.csv`` before the metrics (one column per metric key)."""

WORST_FILES = 20
"""How many files the summary lists under 问题最多的文件."""

UNREADABLE_LISTED = 50
"""How many unreadable files the summary lists by name (all are in ``reports.csv``)."""

_TITLES = {rule.code: (rule.title, rule.name) for rule in RULES}


def _title(code: str) -> str:
    """A rule's title in the summary's language: the Chinese title, or the English name."""
    title, name = _TITLES.get(code, ("", ""))
    return name if get_language() == "en" else title


def _replace(target: Path) -> tuple[Path, Any]:
    tmp = target.with_name(target.name + ".tmp")
    return tmp, tmp.open("w", encoding="utf-8", newline="")


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
    target = store.outdir / "reports.csv"
    tmp, out = _replace(target)
    with out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([*REPORT_COLUMNS, *keys])
        rows = store.stream(
            "SELECT f.file, f.agency, COALESCE(f.series, ''), f.year, f.edition, f.forms, "
            "f.input, f.status, f.message, f.errors, f.warnings, f.infos, f.metrics, "
            f"{_SEVERITY_SUMS} FROM files f "
            "LEFT JOIN codes c ON c.file = f.file AND c.phase = 'series' "
            "GROUP BY f.file ORDER BY f.seq"
        )
        for row in rows:
            (*ident, errors, warnings, infos, metrics, s_err, s_warn, s_info, s_all) = row
            values = orjson.loads(metrics)
            writer.writerow(
                [
                    *ident,
                    errors + (s_err or 0),
                    warnings + (s_warn or 0),
                    infos + (s_info or 0),
                    s_all or 0,
                    *(("" if values.get(k) is None else values[k]) for k in keys),
                ]
            )
    os.replace(tmp, target)


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
        "SELECT file, message FROM files WHERE status != 'read' ORDER BY seq LIMIT ?",
        UNREADABLE_LISTED,
    )
    return Summary(
        files=sum(counts.values()),
        read=counts.get("read", 0),
        unreadable=sum(counts.values()) - counts.get("read", 0),
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
    )


def _reason(file: str, message: str) -> str:
    """The first line of why a file is unreadable, without the file name it starts with."""
    first = message.splitlines()[0] if message else ""
    return first.removeprefix(f"{file}: ").removeprefix(f"{file}:")


_TITLE = N_("Audit of annual government information disclosure reports: summary")
_NONE = N_("None.")


def _link(file: str, outdir: Path) -> str:
    """The address of ``file`` relative to the summary pages."""
    relative = os.path.relpath(Path(file).resolve(), outdir.resolve())
    return quote(relative.replace(os.sep, "/"))


def _overview(s: Summary) -> list[tuple[str, str]]:
    failed = _f(" (of which the program failed on {n})").format(n=s.failed) if s.failed else ""
    return [
        (_f("Files"), f"{s.files}"),
        (_f("Read"), f"{s.read}"),
        (_f("Unreadable"), f"{s.unreadable}{failed}"),
        (
            _f("Agency names"),
            _f("{names} (merged into {bodies} bodies)").format(names=s.agencies, bodies=s.bodies),
        ),
        (_f("Pairs of consecutive years"), f"{s.pairs}"),
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


def _more(s: Summary) -> str:
    return _f("…the other {n} are in reports.csv").format(n=s.unreadable - len(s.unreadable_files))


def _markdown(s: Summary, outdir: Path) -> Iterator[str]:
    def table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> Iterator[str]:
        yield "| " + " | ".join(head) + " |"
        yield "|" + "---|" * len(head)
        for row in rows:
            yield "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"
        yield ""

    none = iter([_f(_NONE), ""])
    yield "# " + _f(_TITLE)
    yield ""
    yield from table([_f("Item"), _f("Count")], _overview(s))
    yield "## " + _f("Rules failed (by findings)")
    yield ""
    yield from table(_rule_head(), _rule_rows(s.rules)) if s.rules else none
    yield "## " + _f("Files with the most findings")
    yield ""
    worst = [
        [
            f"[{file}](<{_link(file, outdir)}>)",
            agency,
            "" if year is None else str(year),
            str(e),
            str(w),
            str(i),
        ]
        for file, agency, year, e, w, i in s.worst
    ]
    yield from table(_worst_head(), worst) if worst else iter([_f(_NONE), ""])
    yield "## " + _f("Reading problems")
    yield ""
    yield from table(_rule_head(), _rule_rows(s.reading)) if s.reading else iter([_f(_NONE), ""])
    yield "### " + _f("Unreadable files ({n})").format(n=s.unreadable)
    yield ""
    for file, message in s.unreadable_files:
        yield f"- [{file}](<{_link(file, outdir)}>)" + _f(": {message}").format(message=message)
    if s.unreadable > len(s.unreadable_files):
        yield "- " + _more(s)
    yield ""
    yield _f(
        "Details: findings.jsonl (a finding a line), cells.csv (a cell a line), reports.csv "
        "(a file a line)."
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
    names = ("findings.jsonl", "cells.csv", "reports.csv")
    files = _f(", ").join(f'<a href="{n}">{n}</a>' for n in names)
    yield "<p>" + e(_f("Details: {files}.")).format(files=files) + "</p></body></html>"


def write_summaries(store: Store) -> Summary:
    """Write ``summary.md`` and ``summary.html``; the figures they show."""
    summary = summarise(store)
    for name, lines in (
        ("summary.md", _markdown(summary, store.outdir)),
        ("summary.html", _html(summary, store.outdir)),
    ):
        target = store.outdir / name
        tmp, out = _replace(target)
        with out:
            out.write("\n".join(lines) + "\n")
        os.replace(tmp, target)
    return summary
