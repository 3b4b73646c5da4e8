"""The audit takes workbooks, OFD and (through LibreOffice, in its workers) old Word files from
a folder, as it takes every other form."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import gov_disclosure as gd
from gov_disclosure.audit import REPORT_SUFFIXES, audit
from gov_disclosure.render import render
from gov_disclosure.testing import sample_report

pytest.importorskip("reportlab")
pytest.importorskip("pypdfium2")

from test_readers_ofd import ofd_from_pdf
from test_readers_office import office, soffice_convert  # noqa: F401
from test_readers_pdf import report_pdf
from test_readers_xlsx import report_workbook


def _reports(out: Path) -> dict[str, dict[str, str]]:
    with (out / "reports.csv").open(encoding="utf-8", newline="") as f:
        return {Path(r["file"]).name: r for r in csv.DictReader(f)}


def _cells(out: Path, name: str) -> dict[str, str]:
    with (out / "cells.csv").open(encoding="utf-8", newline="") as f:
        return {r["path"]: r["value"] for r in csv.DictReader(f) if Path(r["file"]).name == name}


def _want(report: gd.AnnualReport) -> dict[str, str]:
    return {c.path: "" if c.value is None else str(c.value) for c in gd.to_cells(report)}


def test_the_new_forms_are_report_suffixes() -> None:
    assert {".xlsx", ".ofd", ".doc", ".wps", ".rtf", ".xls", ".et"} <= REPORT_SUFFIXES


def test_audit_reads_workbooks_and_ofd(tmp_path: Path) -> None:
    """A folder holding a workbook and an OFD document: both read, every cell in cells.csv."""
    folder = tmp_path / "reports"
    folder.mkdir()
    xlsx_report, ofd_report = sample_report("2021"), sample_report("2019")
    (folder / "甲 2024.xlsx").write_bytes(report_workbook(xlsx_report))
    (folder / "乙 2024.ofd").write_bytes(ofd_from_pdf(report_pdf(ofd_report, ruled=True)))
    out = tmp_path / "out"
    result = audit([folder], out, jobs=2)
    assert (result.files, result.read, result.unreadable) == (2, 2, 0)
    rows = _reports(out)
    assert rows["甲 2024.xlsx"]["input"] == "xlsx"
    assert rows["乙 2024.ofd"]["input"] == "ofd"
    assert _cells(out, "甲 2024.xlsx") == _want(xlsx_report)
    assert _cells(out, "乙 2024.ofd") == _want(ofd_report)


def test_audit_converts_old_word_files_in_its_workers(office: str, tmp_path: Path) -> None:  # noqa: F811
    """A .doc in the folder is converted by LibreOffice in the worker that reads it."""
    report = sample_report("2021")
    source = tmp_path / "made" / "report.docx"
    source.parent.mkdir()
    source.write_bytes(render(report, to="docx"))  # type: ignore[arg-type]
    made = soffice_convert(office, source, "doc:MS Word 97", source.parent)
    folder = tmp_path / "reports"
    folder.mkdir()
    made.rename(folder / "丙.doc")
    out = tmp_path / "out"
    result = audit([folder], out, jobs=2)
    assert (result.files, result.read) == (1, 1)
    assert _reports(out)["丙.doc"]["input"] == "doc"
    assert _cells(out, "丙.doc") == _want(report)
