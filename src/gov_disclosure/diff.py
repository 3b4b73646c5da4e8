"""Two reports compared cell by cell: :func:`compare`, and the diff as text or as an HTML page.

:func:`compare` matches the statutory cells of two reports by their canonical addresses
(:func:`gov_disclosure.to_cells`: table, row labels, column labels) and returns a
:class:`ReportDiff`:

* ``changes`` — every address both reports have whose values differ. Values are compared as
  numbers (``Decimal("1.0")`` and ``Decimal("1.00")`` are the same amount); a blank (None) is
  not a zero, so blank against ``0`` is a change. The text a report printed in a cell
  (``printed``) is shown but not compared.
* ``only_in_a`` / ``only_in_b`` — cells whose address exists in one report only: a table one
  report lacks, or a table laid out in another form (the 2019 and 2021 forms of table 二 share
  no address; those of table 三 share 154). They are listed as they are, not as changes from
  or to a blank: a cell that is not in a form is not a blank cell of it.
* ``unchanged`` — how many addresses both reports have with equal values, of which
  ``unchanged_blank`` are blank on both sides.
* ``cross_year`` — the findings of :func:`gov_disclosure.validate_series` over the two reports
  (rules C…), as it returns them: for consecutive years it checks that each year carries over
  the year before (table 三's 上年结转 of year t is the 结转下年度 of year t−1, …); for other
  years it says why nothing was compared. Two reports of the *same* year are two versions of
  one report: there the code C005 (copies that disagree), which would restate the changes,
  is left out.
* ``copies`` — whether the two are copies of one report: the same year of one body (its name
  folded as :func:`gov_disclosure.agency.same_body` folds it, with the user's ``aliases``).
  The diff of two copies says so and lists only the cells on which they differ: the cells one
  copy lacks (a fragment, a table in another form) are counted, not listed, and do not make
  the copies differ; nothing is checked across years.

:func:`render_diff_text` writes the diff as plain text within a line width (CJK counts 2);
:func:`render_diff_html` writes one self-contained page with both reports' tables side by side
in the official layout, the changed cells marked with both values. Both renderings live in
:mod:`gov_disclosure.render.diff`, beside the report renderers whose helpers they share; the
two functions here call them.

>>> from gov_disclosure.testing import sample_report
>>> a = sample_report("2021")
>>> diff = compare(a, a.replace("applications.received.total", None))
>>> [str(c.location) for c in diff.changes], diff.changes[0].after is None
(['三/一、本年新收政府信息公开申请数量/总计'], True)
"""

from __future__ import annotations

from attrs import field, frozen

from .agency import Aliases, same_body
from .cells import StatutoryCell, to_cells
from .findings import Finding, Location, Severity
from .model import AnnualReport, Cell
from .rules import validate_series
from .statutory import Edition

__all__ = [
    "BLANK_TEXT",
    "MIN_WIDTH",
    "CellChange",
    "ReportDiff",
    "ReportIdentity",
    "compare",
    "render_diff_html",
    "render_diff_text",
]

BLANK_TEXT = "（空白）"
"""How a blank cell is shown in a diff (a blank is not a zero, so it is never shown empty)."""

MIN_WIDTH = 40
"""The narrowest line width :func:`render_diff_text` accepts."""

_Address = tuple[str, tuple[str, ...], tuple[str, ...]]


# --- the diff ----------------------------------------------------------------------------------


@frozen
class ReportIdentity:
    """Which report one side of a diff is."""

    agency: str
    year: int
    edition: Edition
    title: str
    """The title as printed, or the standard one (:attr:`AnnualReport.display_title`)."""
    name: str | None = None
    """What the caller calls the report (a file name), if anything."""

    @classmethod
    def of(cls, report: AnnualReport, name: str | None = None) -> ReportIdentity:
        """The identity of ``report``."""
        return cls(report.agency, report.year, report.edition, report.display_title, name)


@frozen
class CellChange:
    """A statutory cell whose value differs between the two reports."""

    table: str
    """``二``, ``三`` or ``四``."""
    row: tuple[str, ...]
    """Row labels, outermost first (empty for table 四)."""
    column: tuple[str, ...]
    """Column labels, outermost first."""
    before: Cell
    """The value in report A (None: blank)."""
    after: Cell
    """The value in report B (None: blank)."""

    @property
    def location(self) -> Location:
        """The cell's address as a finding location (``str`` gives ``三/…/自然人``)."""
        return Location(self.table, self.row, self.column)


@frozen(kw_only=True)
class ReportDiff:
    """What differs between report A and report B (see the module documentation)."""

    a: ReportIdentity
    b: ReportIdentity
    changes: tuple[CellChange, ...]
    """Cells of both reports with different values, table by table in A's reading order."""
    only_in_a: tuple[StatutoryCell, ...]
    """Cells whose address report B does not have (A's reading order)."""
    only_in_b: tuple[StatutoryCell, ...]
    """Cells whose address report A does not have (B's reading order)."""
    unchanged: int
    """How many addresses both reports have with equal values."""
    unchanged_blank: int
    """Of :attr:`unchanged`, how many are blank in both."""
    cross_year: tuple[Finding, ...]
    """The cross-year findings of :func:`gov_disclosure.validate_series` over A and B."""
    reports: tuple[AnnualReport, AnnualReport] = field(repr=False)
    """The two reports compared (the renderers draw their tables)."""
    copies: bool = False
    """Whether the two are copies of one report (the same year of one body)."""

    @property
    def differs(self) -> bool:
        """Whether any statutory cell differs: a change, or a cell only one report has (for
        copies, a change only: a cell one copy lacks does not count against the other)."""
        if self.copies:
            return bool(self.changes)
        return bool(self.changes or self.only_in_a or self.only_in_b)

    @property
    def same_year(self) -> bool:
        """Whether both reports are of one year (two versions of a report: no year follows
        another, so nothing is checked across years)."""
        return self.a.year == self.b.year

    @property
    def cross_year_errors(self) -> tuple[Finding, ...]:
        """The error-severity cross-year findings."""
        return tuple(f for f in self.cross_year if f.severity is Severity.ERROR)


def _address(cell: StatutoryCell) -> _Address:
    return cell.table, cell.row, cell.column


def compare(
    a: AnnualReport,
    b: AnnualReport,
    *,
    names: tuple[str | None, str | None] = (None, None),
    aliases: Aliases | None = None,
) -> ReportDiff:
    """Compare the statutory cells of report ``a`` with those of report ``b``.

    ``names`` label the two sides in the renderings (file names, say); ``aliases`` is the
    user's table of agency names (renamed bodies), for telling whether the two are one body.
    Never raises on content; the result is deterministic.
    """
    for side, report in (("a", a), ("b", b)):
        if not isinstance(report, AnnualReport):
            raise TypeError(f"compare: {side} must be an AnnualReport, got {type(report).__name__}")
    cells_b = {_address(cell): cell for cell in to_cells(b)}
    seen: set[_Address] = set()
    changes: list[CellChange] = []
    only_in_a: list[StatutoryCell] = []
    unchanged = unchanged_blank = 0
    for cell in to_cells(a):
        address = _address(cell)
        other = cells_b.get(address)
        if other is None:
            only_in_a.append(cell)
            continue
        seen.add(address)
        if cell.value != other.value:  # None != 0: a blank is not a zero
            changes.append(CellChange(*address, cell.value, other.value))
        else:
            unchanged += 1
            unchanged_blank += cell.value is None
    only_in_b = [cell for address, cell in cells_b.items() if address not in seen]
    copies = a.year == b.year and same_body(a.agency, b.agency, aliases)
    ignore = ("C005",) if a.year == b.year else None
    labels = [n if n is not None else side for n, side in zip(names, "AB", strict=True)]
    cross_year = (
        ()
        if copies
        else tuple(validate_series([a, b], ignore=ignore, names=labels, aliases=aliases))
    )
    return ReportDiff(
        a=ReportIdentity.of(a, names[0]),
        b=ReportIdentity.of(b, names[1]),
        changes=tuple(changes),
        only_in_a=tuple(only_in_a),
        only_in_b=tuple(only_in_b),
        unchanged=unchanged,
        unchanged_blank=unchanged_blank,
        cross_year=cross_year,
        reports=(a, b),
        copies=copies,
    )


# --- the renderings (gov_disclosure.render.diff) -------------------------------------------------
# Imported when called: render.diff reads this module's classes, and this module never needs it
# to compare.


def render_diff_text(diff: ReportDiff, *, width: int | None = None) -> str:
    """The diff as plain text: :func:`gov_disclosure.render.diff.render_diff_text`."""
    from .render.diff import render_diff_text as render

    return render(diff, width=width)


def render_diff_html(diff: ReportDiff) -> str:
    """The diff as an HTML page: :func:`gov_disclosure.render.diff.render_diff_html`."""
    from .render.diff import render_diff_html as render

    return render(diff)
