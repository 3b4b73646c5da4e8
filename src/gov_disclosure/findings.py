"""Findings: what the validator (and, later, the parsers) report about a report's content."""

from __future__ import annotations

import enum
from typing import Any

from attrs import frozen

__all__ = ["Finding", "Location", "Severity", "Source"]


class Severity(str, enum.Enum):
    """How serious a finding is."""

    ERROR = "error"
    """The report breaks a statutory relation or shape: it is wrong as published."""
    WARNING = "warning"
    """Implausible or non-standard, but possibly legitimate."""
    INFO = "info"
    """Worth knowing (blank cells, totals that could be completed)."""

    @property
    def rank(self) -> int:
        """0 for error, 1 for warning, 2 for info (for sorting)."""
        return _RANK[self]

    def __str__(self) -> str:
        return self.value


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@frozen
class Location:
    """Where in a report a finding applies, in canonical labels.

    ``section`` is the section number (``一`` … ``六``; sections 二/三/四 are the tables of the
    same number) or ``""`` for the report as a whole; ``row`` and ``column`` are label paths
    as in docs/format.md, "Cell addresses". ``str(location)`` is stable, e.g.
    ``三/三、本年度办理结果/（七）总计/自然人``.
    """

    section: str = ""
    row: tuple[str, ...] = ()
    column: tuple[str, ...] = ()

    def __str__(self) -> str:
        parts = [self.section or "报告", *self.row, *self.column]
        return "/".join(parts)


@frozen
class Source:
    """Where in an input file a finding comes from (set by parsers and loaders)."""

    file: str | None = None
    page: int | None = None
    line: int | None = None
    cell: str | None = None

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.page is not None:
            parts.append(f"p{self.page}")
        if self.line is not None:
            parts.append(str(self.line))
        if self.cell is not None:
            parts.append(self.cell)
        return ":".join(parts)


@frozen
class Finding:
    """One problem or remark about a report: a rule's code, its severity, a message built from
    the figures (Chinese unless :func:`~gov_disclosure.set_language` chose English), and the
    location it applies to (the same in either language)."""

    code: str
    severity: Severity
    message: str
    location: Location
    source: Source | None = None
    year: int | None = None
    """For cross-year findings: the year of the report the location refers to."""

    def __str__(self) -> str:
        return f"{self.code} {self.location} {self.message}"

    def record(self) -> dict[str, Any]:
        """The finding as a JSON-ready record (``check --format json``, the audit's
        ``findings.jsonl``): code, severity, location and its parts (section, row and column
        label lists), message, year, and the source with its parts (page, line, cell)."""
        location, source = self.location, self.source
        return {
            "code": self.code,
            "severity": self.severity.value,
            "location": str(location),
            "section": location.section,
            "row": list(location.row),
            "column": list(location.column),
            "message": self.message,
            "year": self.year,
            "source": None if source is None else str(source),
            "page": None if source is None else source.page,
            "line": None if source is None else source.line,
            "cell": None if source is None else source.cell,
        }
