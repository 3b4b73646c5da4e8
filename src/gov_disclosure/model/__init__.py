"""The typed report model: frozen attrs classes for both editions.

The classes check *shape* on construction — the type of every cell, which tables and rows
exist — and never arithmetic: a published report whose totals do not add up stays
representable, so that it can be audited (:func:`gov_disclosure.validate` reports it).

Cells are ``int | None`` for counts (None is a blank cell, distinct from 0) and
``Decimal | None`` for amounts in 万元. Negative counts are representable (a published report
may print one) and reported by the validator; only the 2019 ``本年增/减`` column may be
negative in a correct report. What a published cell literally said, where it was not a plain
number (``-``, ``/``, ``——``, ``无``, ``22（其中修订 16 件）``), is kept in
:attr:`AnnualReport.printed` under the cell's path.

The package has one module per job: :mod:`.cell` (cell values and their checks),
:mod:`.rows` (the statute's rows and groups), :mod:`.views` (typed views of a table's values),
:mod:`.tables` (the table classes and their registry) and :mod:`.report` (the report).
Official labels are not spelled here: every class names its cells after the statute in
ASCII, and :mod:`gov_disclosure.statutory` maps them to the labels.
"""

from __future__ import annotations

from .cell import Cell, decimal_text
from .report import AnnualReport, PrintedText
from .rows import (
    ApplicantCounts,
    DocumentCounts2019,
    DocumentCounts2021,
    FeeItems,
    ItemCounts,
    NotProcessed,
    OtherHandling,
    Outcomes,
    Procurement,
    Refused,
    Unavailable,
)
from .tables import (
    TABLE_CLASSES,
    Applications,
    Applications2019,
    Applications2021,
    Proactive,
    Proactive2019,
    Proactive2021,
    Reviews,
    Table,
    build_table,
    document_fields,
    table_class,
)

__all__ = [
    "TABLE_CLASSES",
    "AnnualReport",
    "ApplicantCounts",
    "Applications",
    "Applications2019",
    "Applications2021",
    "Cell",
    "DocumentCounts2019",
    "DocumentCounts2021",
    "FeeItems",
    "ItemCounts",
    "NotProcessed",
    "OtherHandling",
    "Outcomes",
    "PrintedText",
    "Proactive",
    "Proactive2019",
    "Proactive2021",
    "Procurement",
    "Refused",
    "Reviews",
    "Table",
    "Unavailable",
    "build_table",
    "decimal_text",
    "document_fields",
    "table_class",
]
