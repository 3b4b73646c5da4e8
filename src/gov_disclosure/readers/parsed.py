"""What :func:`~gov_disclosure.parse` returns: :class:`Parsed`, a published report as read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from attrs import frozen

from ..cells import location_paths
from ..findings import Finding, Location, Source
from ..model import AnnualReport
from ..rules import ValidationOptions, validate
from ..statutory import SECTIONS

__all__ = ["InputFormat", "Parsed"]

NUMERALS = "一二三四五六"

InputFormat = Literal[
    "text",
    "markdown",
    "html",
    "docx",
    "pdf",
    "xlsx",
    "ofd",
    "doc",
    "wps",
    "rtf",
    "odt",
    "xls",
    "et",
    "ods",
]
"""The published forms :func:`~gov_disclosure.parse` reads (the last seven through
LibreOffice: :mod:`gov_disclosure.readers.office`)."""


@frozen
class Parsed:
    """A published report as read: the report, and what reading met."""

    report: AnnualReport
    findings: tuple[Finding, ...]
    """Reading findings (codes ``R…``), each with its position in the source."""
    absent: frozenset[str]
    """Report-level paths of the statutory cells the source lacks (see :meth:`validate`); for
    a fragment (R005), also the keys of the sections it does not print (``overview``,
    ``proactive``, …)."""
    sources: Mapping[str, Source]
    """Where each statutory cell was read (file, page, line, cell), by report-level path."""
    format: InputFormat

    def validate(
        self,
        *,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        options: ValidationOptions | None = None,
    ) -> list[Finding]:
        """The reading findings, then the rule findings about the report.

        A relation that involves a cell the source lacks (a row not printed, figures not
        placed) is not checked: a fragment of a table must not produce false arithmetic
        errors. Nor is a cell or row the source lacks reported blank (``B``), nor, for a
        fragment, a section it does not print reported missing (S001, S002). Rule findings
        carry the source position of the cell they are located at.
        """
        chosen = tuple(select) if select is not None else None
        dropped = tuple(ignore) if ignore is not None else ()
        reading = [
            f
            for f in self.findings
            if (chosen is None or f.code.startswith(chosen)) and not f.code.startswith(dropped)
        ]
        skipped = _skipped_locations(self.report, self.absent)
        unprinted = _absent_locations(self.report, self.absent)
        ruled = []
        rule_select = [c for c in chosen if not c.startswith("R")] if chosen is not None else None
        if rule_select is None or rule_select:
            rule_ignore = [c for c in dropped if not c.startswith("R")]
            for finding in validate(
                self.report, select=rule_select, ignore=rule_ignore, options=options
            ):
                if (finding.code, finding.location) in skipped:
                    continue
                if finding.code.startswith("B") and finding.location in unprinted:
                    continue
                source = self.sources.get(location_paths().get(finding.location, ""))
                ruled.append(
                    Finding(
                        finding.code,
                        finding.severity,
                        finding.message,
                        finding.location,
                        source,
                        finding.year,
                    )
                )
        return reading + ruled


def _skipped_locations(report: AnnualReport, absent: frozenset[str]) -> set[tuple[str, Location]]:
    """(code, location) of every relation that involves a cell the source lacks."""
    skipped: set[tuple[str, Location]] = set()
    if not absent:
        return skipped
    for section in SECTIONS:
        if section.key in absent:  # a fragment: the section is not printed, not missing
            skipped.add(("S001", Location(NUMERALS[section.number - 1])))
            skipped.add(("S002", Location(section.table or "")))
    for table in report.tables():
        spec = table.spec()
        missing = {c.index for c in spec.cells if f"{spec.attr}.{c.path}" in absent}
        for relation in spec.relations:
            if missing & (set(relation.left) | set(relation.right)):
                skipped.add((relation.code, Location(spec.key, relation.row, relation.column)))
    return skipped


def _absent_locations(report: AnnualReport, absent: frozenset[str]) -> set[Location]:
    """The locations of the cells the source lacks, and of the rows all of whose cells it
    lacks: absent, not blank."""
    found: set[Location] = set()
    if not absent:
        return found
    for table in report.tables():
        spec = table.spec()
        rows: dict[Location, bool] = {}
        for cell in spec.cells:
            lacked = f"{spec.attr}.{cell.path}" in absent
            if lacked:
                found.add(Location(spec.key, cell.row.labels, cell.column.labels))
            row = Location(spec.key, cell.row.labels, ())
            rows[row] = rows.get(row, True) and lacked
        found.update(row for row, lacked in rows.items() if lacked)
    return found
