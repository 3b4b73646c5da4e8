"""PDFs as browsers print them: reports rendered to HTML, printed to PDF by Chromium (its own
``Page.printToPDF``), read back. Chromium draws a table's borders as rules, so blank cells
read as blank; the same report printed with its borders removed reads from the text layout.
Where no browser is installed these tests are skipped (see ``tests/browser.py``).
"""

from __future__ import annotations

import base64

import pytest

import gov_disclosure as gd
from browser import Browser
from gov_disclosure import AnnualReport, parse
from gov_disclosure.readers.blocks import Grid
from gov_disclosure.render.html import render_html
from gov_disclosure.testing import sample_report
from strategies import blanked

pytest.importorskip("pypdfium2")

from gov_disclosure.readers.pdf import pdf_blocks

NO_BORDERS = (
    "<style>table, tr, th, td { border: none !important; outline: none !important; }</style>"
)


def _printed(browser: Browser, report: AnnualReport, *, borders: bool = True) -> bytes:
    page = render_html(report)
    if not borders:
        page = page.replace("</head>", NO_BORDERS + "</head>", 1)
    browser.open_html(page)
    printed = browser.driver.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False}
    )
    return base64.b64decode(printed["data"])


# table 二: one blank in a row, a row of blanks; table 四 (复议, 未经复议直接起诉, 复议后起诉: five
# cells each): blanks in both litigation groups, one group wholly blank
BLANKS = {"proactive": [1, 3, 4, 5], "reviews": [2, 5, 6, 7, 8, 9, 13]}


def _cells(report: AnnualReport) -> dict[str, object]:
    return {c.path: c.value for c in gd.to_cells(report)}


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_printed_report_with_blank_cells_reads_back(browser: Browser, edition: str) -> None:
    """Every figure in its cell, every blank blank, no row lost; the tables are grids."""
    report = blanked(sample_report(edition), BLANKS)  # type: ignore[arg-type]
    data = _printed(browser, report)
    assert sum(isinstance(b, Grid) for b in pdf_blocks(data)) >= 3
    parsed = parse(data, format="pdf")
    assert _cells(parsed.report) == _cells(report)
    assert (parsed.report.agency, parsed.report.year) == (report.agency, report.year)
    assert not [f for f in parsed.findings if f.code.startswith("R")]
    assert all(s.page for s in parsed.sources.values())


def test_printed_report_without_borders_reads_from_the_text(browser: Browser) -> None:
    """No rules: no grids, every cell read from the text layout."""
    for edition in ("2019", "2021"):
        report = sample_report(edition)  # type: ignore[arg-type]
        data = _printed(browser, report, borders=False)
        assert not any(isinstance(b, Grid) for b in pdf_blocks(data))
        parsed = parse(data, format="pdf")
        assert _cells(parsed.report) == _cells(report)
        assert (parsed.report.agency, parsed.report.year) == (report.agency, report.year)
