"""Editions are data: a third edition is two files' work (the layout and its table classes)."""

from __future__ import annotations

from pathlib import Path

import pytest

import gov_disclosure as gd
from gov_disclosure.model import TABLE_CLASSES
from gov_disclosure.statutory import EDITIONS, Edition, all_table_specs
from package_copy import changed_files, copy_package, run_on_copy

# The whole change a fictitious third edition needs. It keeps the 2021 layout of tables 二 and 三
# (a real one would change some labels there, in the same two places).
STATUTORY_AFTER = [  # (anchor line, lines inserted after it)
    (
        '    """《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号."""\n',
        '    E2025 = "2025"\n    """A fictitious third edition."""\n',
    ),
    (
        '    Edition.E2021: EditionInfo(2021, "国办公开办函〔2021〕30号", "2021年格式"),\n',
        '    Edition.E2025: EditionInfo(2025, "国办公开办函〔2025〕1号", "2025年格式"),\n',
    ),
]
STATUTORY_BEFORE = {  # anchor: lines inserted before it
    "_T3_TAIL: tuple[tuple[str, tuple[str, ...]], ...] = (": (
        "_T3_OTHER[Edition.E2025] = _T3_OTHER[Edition.E2021]\n"
        "_T2_BLOCKS[Edition.E2025] = _T2_BLOCKS[Edition.E2021]\n"
    ),
}

TABLES_CLASSES = '''
@_table("二", Edition.E2025)
class Proactive2025(Proactive2021):
    """Section 二 in the 2025 form (the 2021 layout)."""


@_table("三", Edition.E2025)
class Applications2025(Applications2021):
    """Section 三 in the 2025 form (the 2021 layout)."""


'''

CHECKS = r"""
import gov_disclosure as gd
from gov_disclosure.render import render
from gov_disclosure.statutory import Edition, table_spec
from gov_disclosure.template import template
from gov_disclosure.testing import sample_report

new = Edition("2025")
assert Edition.for_year(2024) is Edition.E2021 and Edition.for_year(2026) is new
assert Edition.latest() is new
assert table_spec("三", new).form is new

report = sample_report(new)
assert report.year == 2025 and report.applications.form is new
assert gd.validate(report) == [], gd.validate(report)
for fmt in ("json", "toml"):
    assert gd.loads(gd.dumps(report, fmt), fmt) == report
assert gd.loads(template(new, agency="某局", year=2026), "toml").edition is new

late = sample_report("2021", year=2026)
[s006] = [f for f in gd.validate(late) if f.code == "S006"]
assert "2025年格式自2025年度报告起施行" in s006.message, s006.message
early = sample_report(new, year=2024)
[s006] = [f for f in gd.validate(early) if f.code == "S006"]
assert "2024年度报告使用了2025年格式" in s006.message, s006.message

try:
    gd.from_dict({"schema_version": 1, "agency": "x", "year": 2024, "edition": "2023"})
except gd.SchemaError as error:
    assert '"2019", "2021" or "2025"' in str(error), str(error)
else:
    raise AssertionError("edition 2023 was accepted")

schema = gd.json_schema()
assert "Applications2025" in schema["$defs"]
assert schema["properties"]["edition"]["enum"] == ["2019", "2021", "2025"]
for to in ("markdown", "text", "html"):
    assert "国办公开办函〔2025〕1号" in render(report, to=to), to
print("third edition: ok")
"""


def _insert_after(text: str, anchor: str, addition: str) -> str:
    at = text.index(anchor)
    end = text.index("\n", at) + 1
    return text[:end] + addition + text[end:]


def test_a_third_edition_needs_two_files(tmp_path: Path) -> None:
    """Adding an edition to statutory.py and model/tables.py (and nothing else) gives loading,
    dumping, validation (S006), the JSON Schema, the template and the renderers the edition."""
    package = copy_package(tmp_path)
    statutory = package / "statutory.py"
    text = statutory.read_text(encoding="utf-8")
    for anchor, addition in STATUTORY_AFTER:
        text = _insert_after(text, anchor, addition)
    for anchor, addition in STATUTORY_BEFORE.items():
        text = text.replace(anchor, addition + anchor)
    statutory.write_text(text, encoding="utf-8")
    tables = package / "model" / "tables.py"
    text = tables.read_text(encoding="utf-8")
    text = text.replace(
        "# --- the registry ---", TABLES_CLASSES.strip() + "\n\n\n# --- the registry ---"
    )
    text = text.replace(
        "Proactive2019 | Proactive2021", "Proactive2019 | Proactive2021 | Proactive2025"
    )
    text = text.replace(
        "Applications2019 | Applications2021",
        "Applications2019 | Applications2021 | Applications2025",
    )
    text = text.replace(
        "for cls in (Proactive2019, Proactive2021, Applications2019, Applications2021, Reviews)",
        "for cls in (\n        Proactive2019, Proactive2021, Proactive2025,\n"
        "        Applications2019, Applications2021, Applications2025, Reviews,\n    )",
    )
    tables.write_text(text, encoding="utf-8")
    assert changed_files(package) == {"statutory.py", "model/tables.py"}
    result = run_on_copy(tmp_path, CHECKS)
    assert result.returncode == 0, result.stderr
    assert "third edition: ok" in result.stdout


def test_every_form_has_one_table_class() -> None:
    """The registry of table classes has exactly one class per (table, form) of the layout."""
    specs = all_table_specs()
    assert list(TABLE_CLASSES) == [(s.key, s.form) for s in specs]
    assert [cls.spec() for cls in TABLE_CLASSES.values()] == list(specs)


def test_editions_are_data() -> None:
    """Every edition has its data, and for_year follows the first years."""
    assert set(EDITIONS) == set(Edition)
    for edition in Edition:
        assert Edition.for_year(edition.first_year) is edition
        assert edition.document
        assert edition.label
    first = min(Edition, key=lambda e: e.first_year)
    assert Edition.for_year(first.first_year - 5) is first


@pytest.mark.parametrize("edition", list(Edition))
def test_blank_report_of_every_edition_round_trips(edition: Edition) -> None:
    """A blank report of each edition dumps and loads unchanged."""
    report = gd.AnnualReport.blank(agency="某局", year=edition.first_year, edition=edition)
    assert gd.loads(gd.dumps(report)) == report
