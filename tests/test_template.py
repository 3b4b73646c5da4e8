"""Tests for gov_disclosure.template (the blank TOML report for clerks)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import statutory
from gov_disclosure.statutory import SECTIONS, T3_CAPTION, TABLE3_NOTE, CellKind, table_spec
from gov_disclosure.template import _document_lines, template
from strategies import FAST, any_reports

EDITIONS = ("2019", "2021")


def _specs(edition: str) -> list[statutory.TableSpec]:
    return [table_spec("二", edition), table_spec("三", edition), table_spec("四")]


@pytest.mark.parametrize("edition", EDITIONS)
def test_template_loads_with_every_cell_zero(edition: str) -> None:
    """The template as written loads, and every statutory cell is 0 of the right type, never blank."""
    report = gd.loads(template(edition, agency="某县统计局", year=2024), "toml")
    cells = list(gd.to_cells(report))
    assert len(cells) == {"2019": 198, "2021": 200}[edition]  # docs/format.md (cell addresses)
    for cell in cells:
        assert cell.value is not None, cell.path
        assert cell.value == 0, cell.path
    kinds = {f"{s.attr}.{c.path}": c.kind for s in _specs(edition) for c in s.cells}
    assert CellKind.MONEY in kinds.values()
    for cell in cells:
        expected = Decimal if kinds[cell.path] is CellKind.MONEY else int
        assert type(cell.value) is expected, cell.path


@pytest.mark.parametrize("edition", EDITIONS)
def test_template_validates_without_error(edition: str) -> None:
    """The loaded template has no error-severity finding (only reminders such as empty text)."""
    report = gd.loads(template(edition, year=2024), "toml")
    errors = [f for f in gd.validate(report) if f.severity is gd.Severity.ERROR]
    assert errors == []
    assert gd.is_valid(report)


@pytest.mark.parametrize("edition", EDITIONS)
def test_template_carries_metadata_and_edition(edition: str) -> None:
    """Agency, year and edition are filled in, and every table is in the edition's form."""
    report = gd.loads(template(edition, agency="示例县农业农村局", year=2023), "toml")
    assert report.agency == "示例县农业农村局"
    assert report.year == 2023
    assert report.edition.value == edition
    assert report.proactive is not None
    assert report.applications is not None
    assert report.reviews is not None
    assert report.proactive.form == report.edition
    assert report.applications.form == report.edition
    assert report.title is None
    assert report.published is None


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_official_label_appears(edition: str) -> None:
    """Every row, column and block label of the edition's tables, and every section title, is in the text."""
    text = template(edition, year=2024)
    labels: set[str] = {s.title for s in SECTIONS} | {TABLE3_NOTE, T3_CAPTION, "信息内容"}
    for spec in _specs(edition):
        labels.update(block.label for block in spec.blocks)
        for cell in spec.cells:
            labels.update(cell.row.labels)
            labels.update(cell.column.labels)
    missing = sorted(label for label in labels if label not in text)
    assert missing == []


def test_labels_follow_the_edition() -> None:
    """Labels of one edition only do not leak into the other edition's template."""
    t2019 = template("2019", year=2024)
    t2021 = template("2021", year=2024)
    assert "政府集中采购" in t2019
    assert "政府集中采购" not in t2021
    assert "本年收费金额（单位：万元）" in t2021
    assert "本年收费金额（单位：万元）" not in t2019
    assert "3.其他" in t2021
    assert "（六）其他处理 / 1." not in t2019
    assert "危及“三安全一稳定”" in t2019
    assert "危及“三安全一稳定”" in t2021


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_table3_row_has_its_labels_above(edition: str) -> None:
    """Each table-三 row is one line, directly under a comment with the row's label path."""
    lines = template(edition, year=2024).splitlines()
    spec = table_spec("三", edition)
    for row in spec.rows:
        comment = "# " + " / ".join(row.labels)
        index = lines.index(comment)
        assert lines[index + 1].startswith(f"{row.name} = {{ natural_person = 0,"), row.name
        assert lines[index + 1].endswith("total = 0 }"), row.name


def test_deleting_a_key_makes_a_blank_cell() -> None:
    """The documented convention works: a deleted key is a blank (None) cell, ``{}`` a blank row."""
    text = template("2021", year=2024)
    text = text.replace(
        "received = { natural_person = 0, commercial = 0,", "received = { commercial = 0,", 1
    )
    text = re.sub(r"(?m)^carried_over = \{.*\}$", "carried_over = {}", text)
    text = re.sub(r"(?m)^licensing = 0.*$", "", text)
    report = gd.loads(text, "toml")
    assert report.applications is not None
    assert report.applications.received.natural_person is None
    assert report.applications.received.commercial == 0
    assert report.applications.carried_over.values() == (None,) * 7
    assert report.proactive is not None
    assert report.proactive.get("licensing") is None


def test_filling_in_figures() -> None:
    """A clerk replaces zeros with figures and the loaded report holds them, amounts exact."""
    text = template("2021", agency="某县", year=2024)
    text = text.replace("punishment = 0", "punishment = 12", 1)
    text = text.replace('fees = "0"', 'fees = "0.35"', 1)
    report = gd.loads(text, "toml")
    assert report.get("proactive.punishment") == 12
    assert report.get("proactive.fees") == Decimal("0.35")


def test_year_defaults_to_last_year() -> None:
    """Without a year the template is for the year before this one."""
    report = gd.loads(template("2021"), "toml")
    assert report.year == datetime.date.today().year - 1


def test_template_is_deterministic() -> None:
    """The same arguments give the same text."""
    assert template("2019", agency="甲", year=2022) == template("2019", agency="甲", year=2022)


def test_unknown_edition_is_rejected() -> None:
    """An edition that does not exist raises ValueError."""
    with pytest.raises(ValueError, match="2020"):
        template("2020")


@settings(max_examples=60, deadline=None)
@given(agency=st.text(max_size=40), edition=st.sampled_from(EDITIONS))
def test_any_agency_name_round_trips(agency: str, edition: str) -> None:
    """Whatever the agency name (quotes, backslashes, newlines, any script), it loads back as given."""
    report = gd.loads(template(edition, agency=agency, year=2024), "toml")
    assert report.agency == agency


@FAST
@given(report=any_reports())
def test_commented_document_round_trips(report: gd.AnnualReport) -> None:
    """The commented TOML writer behind the template (and the examples) loses nothing."""
    for hints in (True, False):
        text = "\n".join(_document_lines(report, hints=hints)) + "\n"
        assert gd.loads(text, "toml") == report


def test_examples_are_written_in_the_template_layout() -> None:
    """The TOML examples load and use the template's layout: one line per table-三 row."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    report = gd.load(examples / "huaian-2024.toml")
    lines = (examples / "huaian-2024.toml").read_text(encoding="utf-8").splitlines()
    assert lines[lines.index("# 一、本年新收政府信息公开申请数量") + 1] == (
        "received = { natural_person = 3001, commercial = 53, research = 0, nonprofit = 0, "
        "legal_services = 61, other = 4, total = 3119 }"
    )
    assert report.get("applications.received.total") == 3119
