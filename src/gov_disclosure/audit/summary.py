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
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
from attrs import field, frozen

from .._i18n import _, get_language
from ..metrics import METRICS
from ..rules import RULES
from .errors import AuditError
from .pages import html_page as _html
from .pages import markdown_page as _markdown
from .pages import markdown_text
from .store import Store
from .work import NOT_REPORT

__all__ = [
    "REPORT_COLUMNS",
    "Summary",
    "markdown_text",
    "summarise",
    "write_reports_csv",
    "write_summaries",
]

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
