"""Copies of one report compared cell by cell (gov_disclosure.copies)."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure import AnnualReport, to_cells
from gov_disclosure.copies import cells_read, differences, representative
from strategies import FAST, any_reports, consistent_reports


@FAST
@given(any_reports())
def test_a_report_and_itself_agree(report: AnnualReport) -> None:
    """Any report agrees with itself and with itself re-ordered among three copies."""
    assert differences([report, report]) == ()
    assert differences([report, report, report]) == ()


@FAST
@given(consistent_reports(mixed=True), st.data())
def test_one_changed_cell_is_the_one_difference(report: AnnualReport, data: st.DataObject) -> None:
    """Change one stated cell of one copy: exactly that cell differs, with both values, and
    the other copy is the one with every cell."""
    cells = list(to_cells(report))
    cell = data.draw(st.sampled_from(cells))
    changed = report.replace(cell.path, None if cell.value else 1)
    (found,) = differences([report, changed])
    assert (found.table, found.row, found.column, found.path) == (
        cell.table,
        cell.row,
        cell.column,
        cell.path,
    )
    assert found.values == (cell.value, changed.get(cell.path))
    assert found.present == (True, True)
    assert cells_read(report) == len(cells)


@FAST
@given(consistent_reports(mixed=True))
def test_a_fragment_agrees_and_is_not_the_representative(report: AnnualReport) -> None:
    """A copy without table 二 agrees with the whole report, and the whole one is chosen
    whichever order the copies come in."""
    fragment = attrs.evolve(report, proactive=None)
    assert differences([fragment, report]) == ()
    assert representative([fragment, report]) == 1
    assert representative([report, fragment]) == 0
