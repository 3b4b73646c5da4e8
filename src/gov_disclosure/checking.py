"""Check report files: read each (a document or a published report), validate it, and give
its findings or why it cannot be read — in order, on the audit's engines (:mod:`.audit.engines`)
when there are several files.

>>> from gov_disclosure.checking import check_files
>>> [(file, outcome) for file, outcome in check_files(["no-such.toml"])]
[('no-such.toml', 'no-such.toml: No such file or directory')]
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from attrs import define, field

from ._i18n import _, ngettext, set_language
from .errors import GovDisclosureError
from .findings import Finding, Severity
from .hints import InputError, describe, directory_message
from .model import AnnualReport
from .readers import Parsed, read
from .rules import RETIRED, RULES, validate, validate_series

__all__ = [
    "FOLDED",
    "INPUT_ERRORS",
    "CheckStopped",
    "Tally",
    "check",
    "check_chunk",
    "check_files",
    "errors_text",
    "finding_line",
    "findings_of",
    "folded_lines",
    "read_input",
    "summary",
    "unknown_codes",
]

INPUT_ERRORS = (GovDisclosureError, OSError, ValueError)
"""What reading a report may raise: unreadable, malformed or schema-bad input."""

MAX_CHUNK = 64
"""The most files a worker checks in one task."""


Given = tuple[str | None, int | None]
"""The agency and year given for published reports (``--agency``, ``--year``), or None."""


LOST_LISTED = 10
"""How many files a :class:`CheckStopped` message names."""


class CheckStopped(GovDisclosureError):
    """A check in worker processes had to stop: a worker process died (killed, out of memory).
    ``unchecked``: the files given from the first without a result on, in order (those before
    it have theirs); ``in_hand``: the files the workers were reading then (the dead one's
    among them; may be empty)."""

    def __init__(self, unchecked: Sequence[str], in_hand: Sequence[str]) -> None:
        self.unchecked = list(unchecked)
        self.in_hand = list(in_hand)
        reading = self.in_hand or self.unchecked[:1]
        named = ", ".join(reading[:LOST_LISTED])
        if len(reading) > LOST_LISTED:
            named += _(" and {n} more").format(n=len(reading) - LOST_LISTED)
        left = ngettext(
            "{n} file is not checked", "{n} files are not checked", len(self.unchecked)
        ).format(n=len(self.unchecked))
        super().__init__(
            _(
                "a worker process died (killed, or out of memory) while reading {files}: "
                "{left}, from {first} on (the results above are those of the files before); "
                "check them again, with -j 1 or fewer processes if memory ran out"
            ).format(
                files=named or "—", left=left, first=self.unchecked[0] if self.unchecked else "—"
            )
        )


def read_input(
    file: str | os.PathLike[str], given: Given = (None, None)
) -> tuple[AnnualReport, Parsed | None]:
    """A report from a TOML/JSON document, or from a published report read by
    :func:`gov_disclosure.parse` (with the agency and year ``given``) — then also what reading
    met. A directory raises :class:`~gov_disclosure.hints.InputError`."""
    if Path(file).is_dir():
        raise InputError(directory_message(file))
    report, parsed, _form = read(file, agency=given[0], year=given[1])
    return report, parsed


def findings_of(
    report: AnnualReport,
    parsed: Parsed | None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> list[Finding]:
    """The findings of a report as read: reading and rule findings for a published one, rule
    findings for a document (which has no reading codes ``R…`` to select)."""
    if parsed is not None:
        return parsed.validate(select=select, ignore=ignore)
    chosen = [c for c in select if not c.startswith("R")] if select is not None else None
    if chosen is not None and not chosen:
        return []
    return validate(report, select=chosen, ignore=ignore)


def check_chunk(
    files: list[str],
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    language: str | None,
    given: Given = (None, None),
) -> list[tuple[str, list[Finding] | str]]:
    """Each file's findings, or the message of why it cannot be read (runs in a worker, in
    ``language``)."""
    set_language(language)  # a worker process may not share the parent's state
    out: list[tuple[str, list[Finding] | str]] = []
    for file in files:
        try:
            report, parsed = read_input(file, given)
        except INPUT_ERRORS as exc:
            out.append((file, describe(exc)))
            continue
        out.append((file, findings_of(report, parsed, select, ignore)))
    return out


def check_files(
    files: Sequence[str],
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    *,
    jobs: int = 1,
    language: str | None = None,
    given: Given = (None, None),
) -> Iterator[tuple[str, list[Finding] | str]]:
    """Check files in order, in ``jobs`` worker processes (0: one per CPU) when there is more
    than one file; a consumer that stops early leaves the files not begun unchecked. A worker
    process that dies raises :class:`CheckStopped` naming the files left unchecked."""
    from .audit.engines import Pool, WorkersLost

    workers = min(jobs or os.cpu_count() or 1, len(files))
    chunk = max(1, min(MAX_CHUNK, len(files) // (max(workers, 1) * 4)))
    done = 0
    with Pool("process", max(workers, 1)) as pool:
        try:
            for outcome in pool.map(
                check_chunk, files, select, ignore, language, given, chunk=chunk
            ):
                yield outcome
                done += 1
        except WorkersLost as lost:
            raise CheckStopped(files[done:], lost.in_hand) from None


def check(
    files: Sequence[str],
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    *,
    jobs: int = 1,
    series: bool = False,
    language: str | None = None,
    given: Given = (None, None),
) -> Iterator[tuple[str, list[Finding] | str]]:
    """:func:`check_files`, then with ``series`` the files' cross-year findings as one body's
    reports across years (each under the name of the file of its year, else ``<series>``;
    with ``series`` the files are read in this process, their reports kept for the end)."""
    if not series:
        yield from check_files(files, select, ignore, jobs=jobs, language=language, given=given)
        return
    loaded: list[tuple[str, AnnualReport]] = []
    for file in files:
        try:
            report, parsed = read_input(file, given)
        except INPUT_ERRORS as exc:
            yield file, describe(exc)
            continue
        loaded.append((file, report))
        yield file, findings_of(report, parsed, select, ignore)
    if not loaded:
        return
    file_of_year: dict[int, str] = {}
    for file, report in loaded:
        file_of_year.setdefault(report.year, file)
    reports = [report for _file, report in loaded]
    names = [file for file, _report in loaded]
    for finding in validate_series(reports, select=select, ignore=ignore, names=names):
        year = finding.year
        yield file_of_year.get(year, "<series>") if year is not None else "<series>", [finding]


FOLDED = ("S004",)
"""Findings :func:`folded_lines` prints once per table (placeholders: ``——``)."""
FOLD_LIST = 6
"""How many cells a folded line names before it says how many more."""


def finding_line(file: str, finding: Finding) -> str:
    """A finding as one line of text: ``file: code location message (source)``."""
    where = f" ({finding.source})" if finding.source is not None else ""
    return f"{file}: {finding.code} {finding.location} {finding.message}{where}\n"


def folded_lines(file: str, findings: Sequence[Finding]) -> list[str]:
    """The text lines of a file's findings, each rule of :data:`FOLDED` folded into one line
    per table (where the table has more than one), at the place of its first finding."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if finding.code in FOLDED:
            groups.setdefault((finding.code, finding.location.section), []).append(finding)
    lines: list[str] = []
    for finding in findings:
        group = groups.get((finding.code, finding.location.section))
        if group is None or len(group) == 1:
            lines.append(finding_line(file, finding))
        elif group[0] is finding:
            cells = ["/".join((*f.location.row, *f.location.column)) for f in group]
            named = _("; ").join(cells[:FOLD_LIST])
            if len(cells) > FOLD_LIST:
                named += _(" and {n} more").format(n=len(cells) - FOLD_LIST)
            message = _(
                "{n} cells printed as text, not figures, read as blank: {cells} (-v lists each)"
            ).format(n=len(group), cells=named)
            lines.append(f"{file}: {finding.code} {finding.location.section} {message}\n")
    return lines


def unknown_codes(prefixes: Sequence[str]) -> list[str]:
    """The prefixes that start no rule code (current or retired)."""
    codes = [*(r.code for r in RULES), *RETIRED]
    return [p for p in prefixes if not any(code.startswith(p) for code in codes)]


def summary(files: int, errors: int, warnings: int, infos: int) -> str:
    """``2 files, 1 error, 0 warnings, 3 info``, in the run's language."""
    return _("{files}, {errors}, {warnings}, {infos}").format(
        files=ngettext("{n} file", "{n} files", files).format(n=files),
        errors=errors_text(errors),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        infos=ngettext("{n} info", "{n} info", infos).format(n=infos),
    )


def errors_text(count: int) -> str:
    return ngettext("{n} error", "{n} errors", count).format(n=count)


@define
class Tally:
    """The findings a run shows (those at least as serious as the rank ``threshold``), counted
    by severity, with those hidden and the files that could not be read."""

    threshold: int = Severity.INFO.rank
    counts: dict[Severity, int] = field(factory=lambda: dict.fromkeys(Severity, 0))
    hidden: int = 0
    unreadable: int = 0

    def shown(self, findings: Sequence[Finding]) -> list[Finding]:
        """The findings to show, counted."""
        shown = [f for f in findings if f.severity.rank <= self.threshold]
        self.hidden += len(findings) - len(shown)
        for finding in shown:
            self.counts[finding.severity] += 1
        return shown

    def summary(self, files: int, *, hint: bool = True) -> str:
        """``2 files, 1 error, 0 warnings, 3 info``, then how many were not shown (with
        ``hint``: how to show them) and how many files could not be read."""
        line = summary(files, *self.counts.values())
        if self.hidden and hint:
            line += _(" ({n} not shown: -v shows them)").format(n=self.hidden)
        if self.unreadable:
            line += _(" ({n} unreadable)").format(n=self.unreadable)
        return line
