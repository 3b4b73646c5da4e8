"""The work done on one file of an audit: a pure function of the file.

:func:`audit_file` reads a report (a TOML/JSON document or a published report in any form the
readers know), validates it and returns a :class:`FileResult` holding everything the audit
writes about the file, already serialized (JSON Lines of findings, CSV rows of cells), so that
workers — processes or a cluster's — do the formatting and the parent only appends.

A file that cannot be read is judged by its content: one that holds no sign of a report (a
README or notes without a statutory heading or table label; a JSON or TOML file without the
keys of a report document) is ``not-report`` and skipped, apart from the reports that could
not be read (``unreadable``).
"""

from __future__ import annotations

import html
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import orjson
from attrs import frozen

from .._i18n import _
from ..agency import Aliases
from ..cells import location_paths
from ..copies import cells_read
from ..errors import GovDisclosureError
from ..findings import Finding, Severity
from ..model import AnnualReport, Cell, decimal_text
from ..readers import OTHER_DOCUMENT_SUFFIXES, SUFFIXES, read
from ..rules import run_series, series_rules, validate
from ..rules.narrative import has_change
from ..rules.series import Series
from ..serialize import DOCUMENT_SUFFIXES, from_dict, to_dict
from ..statutory import SECTIONS, TableSpec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "CELL_COLUMNS",
    "FINDING_FIELDS",
    "FORM_PREFERENCE",
    "NOT_REPORT",
    "FileResult",
    "Member",
    "SeriesResult",
    "audit_file",
    "cells_csv",
    "finding_record",
    "is_report_content",
    "report_from_state",
    "report_state",
    "series_findings",
]

CELL_COLUMNS = (
    "file",
    "agency",
    "year",
    "edition",
    "form",
    "table",
    "row",
    "column",
    "value",
    "printed",
    "path",
)
"""The columns of ``cells.csv``: one statutory cell a line. ``row`` and ``column`` are label
paths joined with ``/``; ``value`` is the number (blank for a blank cell), ``printed`` the text
as the source printed it, ``path`` the cell's path in the model."""

FINDING_FIELDS = (
    "file",
    "agency",
    "code",
    "severity",
    "location",
    "section",
    "row",
    "column",
    "message",
    "year",
    "source",
    "page",
    "line",
    "cell",
    "value",
    "printed",
)
"""The keys of each line of ``findings.jsonl``."""

NOT_REPORT = "not-report"
"""The status of a file whose content is no report (see :func:`is_report_content`)."""

INPUT_ERRORS = (GovDisclosureError, OSError, ValueError)
"""What reading one file may raise: the file is then unreadable, and the audit goes on."""


@frozen
class FileResult:
    """What an audit records about one file."""

    file: str
    status: str
    """``read``; ``unreadable`` (a report that could not be read: a form no reader takes, a
    broken file); ``not-report`` (its content is no report, see :func:`is_report_content`);
    or ``failed`` (the library met an error of its own on the file: a bug to report)."""
    message: str
    """Why the file could not be read ("" when it was)."""
    agency: str = ""
    year: int | None = None
    edition: str = ""
    forms: str = ""
    """The form of each table present, e.g. ``二:2021 三:2021 四`` (四 has one form)."""
    input: str = ""
    """The form of the file: ``toml``, ``json``, ``text``, ``markdown``, ``html``, ``docx``, ``pdf``."""
    counts: tuple[int, int, int] = (0, 0, 0)
    """Findings by severity: errors, warnings, infos."""
    codes: tuple[tuple[str, str, int], ...] = ()
    """(code, severity, number of findings) for every code found."""
    metrics: tuple[tuple[str, str | None], ...] = ()
    """(metric key, value as decimal text or None)."""
    findings: str = ""
    """The file's lines of ``findings.jsonl``."""
    cells: str = ""
    """The file's rows of ``cells.csv``."""
    state: bytes = b""
    """The report's cells, compact, for the cross-year pass (:func:`report_from_state`)."""


def _form(table: Any) -> str:
    """The form of a table as text ("" for a table that has one form in every edition)."""
    return "" if table.form is None else str(table.form)


def _number(value: Cell) -> int | str | None:
    return decimal_text(value) if isinstance(value, Decimal) else value


def finding_record(file: str, report: AnnualReport, finding: Finding) -> dict[str, Any]:
    """One line of ``findings.jsonl`` as a dict (keys :data:`FINDING_FIELDS`): the file, the
    body, :meth:`Finding.record <gov_disclosure.Finding.record>` (its year: the report's
    unless the finding names another), then the value and printed text of the cell it points
    at (None where it points at no cell)."""
    record: dict[str, Any] = {"file": file, "agency": report.agency, **finding.record()}
    if record["year"] is None:
        record["year"] = report.year
    path = location_paths().get(finding.location)
    has_cell = path is not None and report.has_cell(path)
    record["value"] = _number(report.get(path)) if has_cell and path is not None else None
    record["printed"] = report.printed.get(path) if has_cell and path is not None else None
    return record


def _quoted(text: str) -> str:
    """A CSV field, quoted where it holds a comma, a quote or a line break of either kind."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


@cache
def _static_fields(spec: TableSpec) -> list[tuple[str, str]]:
    """For each cell of a table form: its ``table,row,column`` fields and its path, quoted —
    the same for every report, so built once per form (a spec hashes once: ``cache_hash``)."""
    return [
        (
            ",".join(
                _quoted(t) for t in (spec.key, "/".join(c.row.labels), "/".join(c.column.labels))
            ),
            f"{spec.attr}.{c.path}",  # an ASCII dotted name: never quoted
        )
        for c in spec.cells
    ]


def cells_csv(file: str, report: AnnualReport) -> str:
    """The report's lines of ``cells.csv`` (columns :data:`CELL_COLUMNS`, one statutory cell
    a line in the order of :func:`~gov_disclosure.to_cells`), built from per-form parts: the
    quoted table, row and column fields of a form are the same in every report."""
    head = f"{_quoted(file)},{_quoted(report.agency)},{report.year},{_quoted(str(report.edition))}"
    printed = report.printed
    lines: list[str] = []
    for table in report.tables():
        spec = table.spec()
        start = f"{head},{_quoted(_form(table))},"
        for (fixed, path), value in zip(_static_fields(spec), table.values(), strict=True):
            if value is None:
                text = ""
            elif isinstance(value, Decimal):
                text = decimal_text(value)
            else:
                text = str(value)
            shown = printed.get(path, text) if printed else text
            lines.append(f"{start}{fixed},{text},{_quoted(shown)},{path}\n")
    return "".join(lines)


_TEXT_KEYS = ("overview", "problems", "other_matters")
"""The narrative sections of a document: the cross-year pass reads only the paragraphs that
may state a change over the year."""


def _changes_only(data: dict[str, Any], key: str) -> None:
    """Keep the paragraphs of ``data[key]`` that may state a change over the year, the others
    emptied (their places kept, for the findings' paragraph numbers); none left: the key goes."""
    paragraphs = [p if has_change(p) else "" for p in data.get(key, ())]
    if any(paragraphs):
        data[key] = paragraphs
    else:
        data.pop(key, None)


def report_state(report: AnnualReport) -> bytes:
    """The report as a JSON document for the cross-year pass (a few kB): the library's own
    document (:func:`gov_disclosure.to_dict`) with only the paragraphs of its narrative and
    table prose that may state a change over the year (``同比增长2.4%``)."""
    data = to_dict(report)
    for key in _TEXT_KEYS:
        _changes_only(data, key)
    for value in data.values():
        if isinstance(value, dict):
            _changes_only(value, "prose")
    return orjson.dumps(data)


def report_from_state(state: bytes) -> AnnualReport:
    """The report :func:`report_state` recorded (:func:`gov_disclosure.from_dict`)."""
    return from_dict(orjson.loads(state))


FORM_PREFERENCE = (
    "toml",
    "json",
    "html",
    "docx",
    "doc",
    "wps",
    "odt",
    "rtf",
    "xlsx",
    "xls",
    "et",
    "ods",
    "pdf",
    "ofd",
    "markdown",
    "text",
)
"""Which copy of a report the audit prefers, by the form of its file, when copies read as
many cells and met as many reading findings: documents first, then the forms whose tables
carry their structure (a web page's, a word processor's, a workbook's) before those read from
a page layout (PDF, OFD) or from text."""

Member = tuple[str, int, bytes, str, int]
"""One report of a body for the cross-year pass: file, year, state (:func:`report_state`),
input form, and the number of reading findings (R…) its file met."""


@frozen
class SeriesResult:
    """What the cross-year pass found for one body."""

    findings: list[tuple[str, str, dict[tuple[str, str], int]]]
    """For each report with cross-year findings: its file, its lines of ``findings.jsonl``
    and the number of findings by (code, severity)."""
    copies: list[tuple[str, str, int, int]]
    """For each report of a year found in several files: the file, the file the cross-year
    checks read for that year (the representative copy), how many files hold the year, and
    on how many cells they disagree (0: one report in several forms)."""


def _form_rank(form: str) -> int:
    return FORM_PREFERENCE.index(form) if form in FORM_PREFERENCE else len(FORM_PREFERENCE)


def series_findings(group: Sequence[Member], aliases: Aliases | None = None) -> SeriesResult:
    """Run the cross-year rules on one body's reports (:data:`Member` in year order).

    The copies of a year are ordered best first — most cells read, then fewest reading
    findings, then :data:`FORM_PREFERENCE`, then file name — so that the first is the one the
    cross-year checks read (:func:`gov_disclosure.validate_series` takes the copy with the most
    cells, the first on a tie). Each finding goes to the file of that copy of the year it names.
    """
    loaded = [report_from_state(m[2]) for m in group]
    per_year = Counter(m[1] for m in group)
    read = [cells_read(r) if per_year[m[1]] > 1 else 0 for m, r in zip(group, loaded, strict=True)]
    order = sorted(
        range(len(group)),
        key=lambda i: (group[i][1], -read[i], group[i][4], _form_rank(group[i][3]), group[i][0]),
    )
    reports = [loaded[i] for i in order]
    files = [group[i][0] for i in order]
    series = Series.of(reports, files, aliases)
    chosen = {series.reports[i].year: i for i in series.chosen}
    copies: list[tuple[str, str, int, int]] = []
    for year, indices in series.years.items():
        if len(indices) > 1:
            differing = len(series.differences(year))
            first = series.names[chosen[year]]
            copies.extend((series.names[i], first, len(indices), differing) for i in indices)
    lines: dict[str, list[str]] = {}
    codes: dict[str, Counter[tuple[str, str]]] = {}
    last = series.chosen[-1]
    for finding in run_series(series, series_rules()):
        index = chosen.get(finding.year, last) if finding.year is not None else last
        file, report = series.names[index], series.reports[index]
        lines.setdefault(file, []).append(
            orjson.dumps(finding_record(file, report, finding)).decode() + "\n"
        )
        codes.setdefault(file, Counter())[(finding.code, finding.severity.value)] += 1
    return SeriesResult(
        [(file, "".join(found), dict(codes[file])) for file, found in lines.items()], copies
    )


def _json_lines(records: Iterable[dict[str, Any]]) -> str:
    return "".join(orjson.dumps(r).decode() + "\n" for r in records)


def audit_file(
    file: str,
    *,
    describe: Callable[[BaseException], str] = str,
    metrics: Callable[[AnnualReport], dict[str, Decimal | None]] | None = None,
) -> FileResult:
    """Read and validate one file; never raises for the file's content: a file that cannot
    be read is ``unreadable`` (why, in the words of ``describe``), and an error of the library
    itself on the file is ``failed`` with its type and message, so that one file never stops
    the audit of the others."""
    try:
        report, parsed, form = read(file)
    except INPUT_ERRORS as exc:
        if isinstance(exc, GovDisclosureError) and is_report_content(file) is False:
            return FileResult(file, NOT_REPORT, _not_report(file))
        return FileResult(file, "unreadable", describe(exc))
    except Exception as exc:  # a bug met on one file must not stop the audit of the others
        return _failed(file, exc)
    try:
        return _result(file, report, parsed, form, metrics)
    except Exception as exc:
        return _failed(file, exc)


SNIFF_BYTES = 1 << 20
"""How much of a file :func:`is_report_content` reads (a report says what it is early)."""

DOCUMENT_KEYS = frozenset(
    {"schema_version", "agency", "year", "edition", *(section.key for section in SECTIONS)}
)
"""The top-level keys of a report document: a JSON or TOML file with none of them is none."""

REPORT_MARKERS = (
    "信息公开",
    "年度报告",
    *(section.title.partition("、")[2] for section in SECTIONS),
)
"""Words every published report prints (its title, its statutory headings and table labels):
a text, Markdown or web page without any of them is no report."""

_TEXT_FORMS = frozenset({"text", "markdown", "html"})


def is_report_content(file: str) -> bool | None:
    """Whether a file's content may be a report, judged without reading it as one: False for
    a JSON/TOML document that parses to no report document (no key of :data:`DOCUMENT_KEYS`),
    or a text, Markdown or HTML file (by its suffix, or of no known suffix) in which none of
    :data:`REPORT_MARKERS` is written, in UTF-8, UTF-16 or GB 18030; True where it may be;
    None where the content cannot tell (an empty file, a Word, PDF or other office document,
    a file that cannot be opened, a document that does not parse)."""
    suffix = Path(file).suffix.lower()
    try:
        with open(file, "rb") as source:
            data = source.read(SNIFF_BYTES)
    except OSError:
        return None
    if not data.strip():  # an empty file (a download that failed?) tells nothing
        return None
    if suffix in DOCUMENT_SUFFIXES:
        return _document_content(data, DOCUMENT_SUFFIXES[suffix])
    if suffix in OTHER_DOCUMENT_SUFFIXES or SUFFIXES.get(suffix, "text") not in _TEXT_FORMS:
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        texts = [data.decode("utf-16", "ignore")]
    else:
        texts = [data.decode("utf-8", "ignore"), data.decode("gb18030", "ignore")]
    return any(marker in html.unescape(text) for text in texts for marker in REPORT_MARKERS)


def _document_content(data: bytes, form: str) -> bool | None:
    try:
        text = data.decode("utf-8-sig")
        document = orjson.loads(text) if form == "json" else tomllib.loads(text)
    except (ValueError, orjson.JSONDecodeError):
        return None
    return isinstance(document, dict) and not DOCUMENT_KEYS.isdisjoint(document)


def _not_report(file: str) -> str:
    if Path(file).suffix.lower() in DOCUMENT_SUFFIXES:
        return _("{file}: not a report document: none of its keys is a report's").format(file=file)
    return _("{file}: not a report: no statutory heading or table label in it").format(file=file)


def _failed(file: str, exc: Exception) -> FileResult:
    return FileResult(
        file,
        "failed",
        _(
            "{file}: gov-disclosure failed on this file ({kind}: {error}); please report it "
            "with the file"
        ).format(file=file, kind=type(exc).__name__, error=exc),
    )


def _result(
    file: str,
    report: AnnualReport,
    parsed: Any,
    form: str,
    metrics: Callable[[AnnualReport], dict[str, Decimal | None]] | None,
) -> FileResult:
    """What the audit records of a report read from ``file``."""
    findings = parsed.validate() if parsed is not None else validate(report)
    severities = Counter(f.severity for f in findings)
    codes = Counter((f.code, f.severity.value) for f in findings)
    values = metrics(report) if metrics is not None else {}
    return FileResult(
        file,
        "read",
        "",
        agency=report.agency,
        year=report.year,
        edition=str(report.edition),
        forms=" ".join(f"{t.spec().key}:{_form(t)}".rstrip(":") for t in report.tables()),
        input=form,
        counts=(
            severities[Severity.ERROR],
            severities[Severity.WARNING],
            severities[Severity.INFO],
        ),
        codes=tuple((code, sev, n) for (code, sev), n in sorted(codes.items())),
        metrics=tuple((key, None if v is None else decimal_text(v)) for key, v in values.items()),
        findings=_json_lines(finding_record(file, report, f) for f in findings),
        cells=cells_csv(file, report),
        state=report_state(report),
    )
