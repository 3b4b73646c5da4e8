"""The library's exceptions: one small hierarchy, for misuse and unreadable input only.

Problems in the *content* of a report (totals that do not add up, a missing table) are never
raised: they are :class:`~gov_disclosure.Finding` records returned by
:func:`~gov_disclosure.validate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from attrs import frozen

from ._i18n import ngettext

__all__ = [
    "MISSING",
    "DecodeError",
    "GovDisclosureError",
    "ParseError",
    "SchemaError",
    "SchemaIssue",
    "SchemaKind",
    "SumError",
]


class GovDisclosureError(Exception):
    """Base class of every exception the library raises on purpose."""


SchemaKind = Literal[
    "key",
    "required",
    "document",
    "schema_version",
    "table",
    "form",
    "count",
    "year",
    "amount",
    "text",
    "paragraphs",
    "edition",
    "date",
    "printed",
]
"""What a document should have had at a bad place: ``key`` (the key is none the schema knows
there), ``required`` (a required key is missing), ``printed`` (a cell path of the tables the
document holds), or a value of that kind (``count``: a whole number or blank; ``amount``: 万元 as
a quoted decimal; ``document``/``table``: an object; ``paragraphs``: a list of strings; …)."""


class _Missing:
    """The value of a place that holds none (a missing required key)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: object = _Missing()
""":attr:`SchemaIssue.value` of a place that holds no value (a required key missing)."""


@frozen
class SchemaIssue:
    """One bad place in a structured document: its JSON path, what was expected there (in
    words, ``message``, and as a kind, ``expected``) and the value found (``value``)."""

    path: str
    """A JSON path such as ``$.applications.received.total``."""
    message: str
    expected: SchemaKind | None = None
    """The kind of value (or key) the place should hold; None when not said."""
    value: object = MISSING
    """The value found there as the document gave it (for ``key``: the unknown key's value),
    or :data:`MISSING`."""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class SchemaError(GovDisclosureError, ValueError):
    """A TOML/JSON document (or a Python mapping) does not fit the report schema.

    ``issues`` lists *every* bad path found, not only the first.
    """

    def __init__(self, issues: Sequence[SchemaIssue], *, file: str | None = None) -> None:
        self.issues: tuple[SchemaIssue, ...] = tuple(issues)
        self.file = file
        where = f"{file}: " if file else ""
        lines = "\n".join(f"  {issue}" for issue in self.issues)
        count = len(self.issues)
        head = ngettext("{count} schema problem", "{count} schema problems", count)
        super().__init__(f"{where}{head.format(count=count)}:\n{lines}")


class DecodeError(GovDisclosureError, ValueError):
    """A file is not well-formed TOML or JSON (or not UTF-8); names the file, line and column.
    ``not_utf8``: the bytes are not UTF-8 text (the line is that of the first bad byte)."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        not_utf8: bool = False,
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.not_utf8 = not_utf8
        self.reason = message
        where = file or "<string>"
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class ParseError(GovDisclosureError, ValueError):
    """A published report (text, HTML, Word, PDF) that no parser can read at all."""

    def __init__(self, message: str, *, file: str | None = None) -> None:
        self.file = file
        super().__init__(f"{file}: {message}" if file else message)


class SumError(GovDisclosureError, ValueError):
    """Reports that cannot be added up into one (:func:`gov_disclosure.sum_reports`).

    ``problem`` says why: ``"empty"`` (no report given), ``"edition"`` (the reports declare
    different editions), ``"form"`` (table ``table`` is in different forms), ``"year"``
    (different years and no ``year=``) or ``"agency"`` (different bodies and no ``agency=``).
    ``conflicts`` pairs the names of two reports that disagree with what each has, e.g.
    ``(("a.toml", "2019"), ("b.toml", "2021"))``.
    """

    def __init__(
        self,
        message: str,
        *,
        problem: Literal["empty", "edition", "form", "year", "agency"],
        table: str | None = None,
        conflicts: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.problem = problem
        self.table = table
        self.conflicts: tuple[tuple[str, str], ...] = tuple(conflicts)
        super().__init__(message)
