"""The work done on one file of an audit: a pure function of the file.

:func:`audit_file` reads a report (a TOML/JSON document or a published report in any form the
readers know), validates it and returns a :class:`FileResult` holding everything the audit
writes about the file, already serialized (JSON Lines of findings, CSV rows of cells), so that
workers — processes or a cluster's — do the formatting and the parent only appends.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

import orjson
from attrs import frozen

from .._i18n import _
from ..cells import location_paths
from ..errors import GovDisclosureError
from ..findings import Finding, Severity
from ..model import AnnualReport, Cell, decimal_text
from ..readers import read
from ..rules import validate, validate_series
from ..rules.narrative import has_change
from ..serialize import from_dict, to_dict
from ..statutory import TableSpec

__all__ = [
    "CELL_COLUMNS",
    "FINDING_FIELDS",
    "FileResult",
    "audit_file",
    "cells_csv",
    "finding_record",
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

INPUT_ERRORS = (GovDisclosureError, OSError, ValueError)
"""What reading one file may raise: the file is then unreadable, and the audit goes on."""


@frozen
class FileResult:
    """What an audit records about one file."""

    file: str
    status: str
    """``read``; ``unreadable`` (no report in it, a form no reader takes, a broken file); or
    ``failed`` (the library met an error of its own on the file: a bug to report)."""
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


_STATIC: dict[int, tuple[TableSpec, list[tuple[str, str]]]] = {}


def _static_fields(spec: TableSpec) -> list[tuple[str, str]]:
    """For each cell of a table form: its ``table,row,column`` fields and its path, quoted —
    the same for every report, so built once per form."""
    hit = _STATIC.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    fields = [
        (
            ",".join(
                _quoted(t) for t in (spec.key, "/".join(c.row.labels), "/".join(c.column.labels))
            ),
            f"{spec.attr}.{c.path}",  # an ASCII dotted name: never quoted
        )
        for c in spec.cells
    ]
    _STATIC[id(spec)] = (spec, fields)
    return fields


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


SeriesResult = list[tuple[str, str, dict[tuple[str, str], int]]]
"""The cross-year findings of one body: for each report with findings, its file, its lines of
``findings.jsonl`` and the number of findings by (code, severity)."""


def series_findings(group: Sequence[tuple[str, int, bytes]]) -> SeriesResult:
    """Run the cross-year rules on one body's reports, given as (file, year, state) in year
    order; each finding goes to the file of the year it names (the first such file when a
    year is there twice)."""
    reports = [report_from_state(state) for _, _, state in group]
    file_of_year: dict[int, tuple[str, AnnualReport]] = {}
    for (file, year, _state), report in zip(group, reports, strict=True):
        file_of_year.setdefault(year, (file, report))
    lines: dict[str, list[str]] = {}
    codes: dict[str, Counter[tuple[str, str]]] = {}
    for finding in validate_series(reports):
        year = finding.year if finding.year is not None else group[-1][1]
        file, report = file_of_year.get(year, (group[-1][0], reports[-1]))
        lines.setdefault(file, []).append(
            orjson.dumps(finding_record(file, report, finding)).decode() + "\n"
        )
        codes.setdefault(file, Counter())[(finding.code, finding.severity.value)] += 1
    return [(file, "".join(found), dict(codes[file])) for file, found in lines.items()]


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
        return FileResult(file, "unreadable", describe(exc))
    except Exception as exc:  # a bug met on one file must not stop the audit of the others
        return _failed(file, exc)
    try:
        return _result(file, report, parsed, form, metrics)
    except Exception as exc:
        return _failed(file, exc)


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
