"""The corpus's expected cell values (../shared/corpus/expected) against cells and rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

import gov_disclosure as gd
from gov_disclosure import AnnualReport, Finding
from gov_disclosure.cells import from_cells
from gov_disclosure.testing import hongze_2023, huaian_2024

INVARIANT_CODES = {"T3-ROWSUM": "A301", "T3-RESULTS": "A302", "T3-FLOW": "A303", "T4-SUM": "A401"}
"""The invariant names of the expected files' notes and the rule codes that check them."""


def value_of(raw: Any) -> Any:
    """A cell value of an expected file in model form (money is a decimal string there)."""
    return Decimal(raw) if isinstance(raw, str) else raw


def build(expected: dict[str, Any]) -> AnnualReport:
    """The report of an expected file, built from its cells."""
    edition = expected["edition"] if expected["edition"] != "mixed" else expected["t2_form"]
    cells = [(c["table"], c["row"], c["column"], value_of(c["value"])) for c in expected["cells"]]
    return from_cells(cells, agency=expected["agency"], year=expected["year"], edition=edition)


def expected_failures(expected: dict[str, Any]) -> set[tuple[str, str]]:
    """(rule code, label) pairs from the notes' last line ``Invariant failures: …``."""
    last = expected["notes"].strip().splitlines()[-1]
    match = re.fullmatch(r"Invariant failures: (.*)", last)
    assert match, f"unexpected last line of notes: {last!r}"
    if match.group(1).strip() == "none":
        return set()
    found = re.findall(r"([A-Z0-9-]+)\[([^\]]+)\]", match.group(1))
    assert found, f"cannot read the invariant failures in {last!r}"
    return {(INVARIANT_CODES[name], label) for name, label in found}


def label_of(finding: Finding) -> str:
    """The label that names an invariant instance in the notes: the row of a row sum, the group
    of a table-四 sum, else the column."""
    location = finding.location
    if finding.code == "A301":
        return location.row[-1]
    if finding.code == "A401":
        return location.column[-2]
    return location.column[-1]


def test_expected_file_rebuilds_in_order(expected: dict[str, Any]) -> None:
    """from_cells then to_cells reproduces every address and value of the file, in order."""
    report = build(expected)
    got = list(gd.to_cells(report))
    assert len(got) == len(expected["cells"])
    for cell, want in zip(got, expected["cells"], strict=True):
        assert (cell.table, list(cell.row), list(cell.column)) == (
            want["table"],
            want["row"],
            want["column"],
        )
        if isinstance(want["value"], str):
            assert isinstance(cell.value, Decimal)
            assert str(cell.value) == want["value"]
        else:
            assert cell.value == want["value"]
            assert type(cell.value) is type(want["value"])


def test_expected_file_forms_are_recognised(expected: dict[str, Any]) -> None:
    """Each table is built in the form the file names (t2_form / t3_form)."""
    report = build(expected)
    assert report.proactive is not None
    assert report.applications is not None
    assert report.proactive.form.value == expected["t2_form"]
    assert report.applications.form.value == expected["t3_form"]


def test_expected_file_invariant_failures(expected: dict[str, Any]) -> None:
    """The failing arithmetic rules are exactly the invariant failures the file's notes list."""
    report = build(expected)
    failing = {(f.code, label_of(f)) for f in gd.validate(report, select=["A"])}
    assert failing == expected_failures(expected)


@pytest.mark.parametrize(
    ("stem", "sample"),
    [("01_huaian-shizhengfu_2024", huaian_2024), ("02_hongze-quzhengfu_2023", hongze_2023)],
)
def test_public_samples_match_the_corpus(
    load_expected: Callable[[str], dict[str, Any]], stem: str, sample: Callable[[], AnnualReport]
) -> None:
    """gov_disclosure.testing's real-report samples hold exactly the figures of the corpus."""
    expected = load_expected(stem)
    report = sample()
    assert (report.agency, report.year) == (expected["agency"], expected["year"])
    assert report.display_title == expected["title"]
    got = [(c.table, list(c.row), list(c.column), c.value) for c in gd.to_cells(report)]
    want = [(c["table"], c["row"], c["column"], value_of(c["value"])) for c in expected["cells"]]
    assert got == want
    assert [type(t) for t in report.tables()] == [type(t) for t in build(expected).tables()]
