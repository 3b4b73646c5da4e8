"""Fragments (tables alone), reports under the 2008 regulation, and an agency or year given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import Edition
from gov_disclosure.cli import main
from gov_disclosure.statutory import table_spec
from test_readers_reader import T4_HEADER, T4_ROW, document, t3_lines, t3_row

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
TABLE3 = "\n".join(t3_lines())


def codes(parsed: gd.Parsed) -> list[str]:
    return [f.code for f in parsed.findings]


# --- fragments -------------------------------------------------------------------------------


def test_table_three_pasted_alone_reads_its_cells() -> None:
    parsed = gd.parse(TABLE3, format="text")
    report = parsed.report
    assert report.applications is not None
    assert report.applications.received.natural_person == t3_row("received")[0]
    assert report.proactive is None
    assert report.reviews is None
    assert codes(parsed) == ["R002", "R003", "R005"]
    assert report.year == Edition.E2021.first_year  # stands in, said by R003
    fragment = next(f for f in parsed.findings if f.code == "R005")
    assert "一、二、四、五、六" in fragment.message


def test_a_fragment_is_not_reported_for_what_it_does_not_print() -> None:
    """The other tables and the text are absent: no S001/S002, no blank findings for them."""
    parsed = gd.parse(TABLE3, format="text", agency="某县统计局", year=2024)
    assert {"overview", "proactive", "reviews", "problems", "other_matters"} <= parsed.absent
    found = {f.code for f in parsed.validate()}
    assert found == {"R005"}
    assert "applications" not in parsed.absent


def test_a_page_from_the_middle_of_a_pdf() -> None:
    """The second half of table 三 and table 四: the rows not printed are absent, not blank,
    and no rule reports them."""
    text = "\n".join([*t3_lines()[12:], T4_HEADER, T4_ROW])
    parsed = gd.parse(text, format="text", year=2024)
    assert parsed.report.year == 2024
    assert "R003" not in codes(parsed)
    assert {"R005", "R017"} <= set(codes(parsed))
    assert "applications.received.total" in parsed.absent
    assert parsed.report.applications is not None
    assert parsed.report.applications.received.total is None
    assert parsed.report.reviews is not None
    assert not [f for f in parsed.validate() if f.code[0] in "ABS" and f.location.section == "三"]


def test_a_middle_page_with_headings_is_a_fragment() -> None:
    """The end of a report (四 and its table, 五 with its text): no R001 for 一–三 or 六, the
    sections it lacks are absent, the ones it prints are read."""
    text = "\n".join(
        [
            "四、政府信息公开行政复议、行政诉讼情况",
            "",
            T4_HEADER,
            T4_ROW,
            "",
            "五、存在的主要问题及改进情况",
            "",
            "信息发布的及时性仍需提高，部分栏目更新不够及时。下一步将完善信息发布流程，加强审核。",
        ]
    )
    parsed = gd.parse(text, format="text", year=2024, agency="某县统计局")
    assert codes(parsed) == ["R005"]
    assert parsed.report.problems[0].startswith("信息发布的及时性仍需提高")
    assert parsed.report.reviews is not None
    lacking = {"overview", "proactive", "applications", "other_matters"}
    assert lacking <= parsed.absent
    assert not {"problems", "reviews"} & parsed.absent
    assert {f.code for f in parsed.validate()} == {"R005"}


def test_a_fragment_with_a_title_is_a_report_lacking_sections() -> None:
    """With its title, tables alone are a report whose headings are missing (R001)."""
    parsed = gd.parse("某县统计局2024年政府信息公开工作年度报告\n\n" + TABLE3, format="text")
    assert "R005" not in codes(parsed)
    assert codes(parsed).count("R001") == 6
    assert not parsed.absent & {"overview", "proactive"}


@settings(max_examples=40, deadline=None, derandomize=True)
@given(start=st.integers(0, 20), size=st.integers(3, 26))
def test_any_run_of_table_three_rows_reads_right_or_absent(start: int, size: int) -> None:
    """Any run of rows of table 三 alone: every cell read is the printed figure, every cell
    not printed is absent."""
    lines = t3_lines()
    run = lines[1 + start : 1 + start + size]
    if not run:
        return
    parsed = gd.parse("\n".join([lines[0], *run]), format="text", year=2024)
    applications = parsed.report.applications
    assert applications is not None
    spec = table_spec("三", Edition.E2021)
    printed = {row.name for row in spec.rows[start : start + size]}
    for row in spec.rows:
        for i, column in enumerate(spec.columns):
            path = f"applications.{row.name}.{column.name}"
            cell = _cell(applications, row.name, column.name)
            if row.name in printed:
                assert cell == t3_row(row.name)[i]
            else:
                assert cell is None
                assert path in parsed.absent


def _cell(table: object, row: str, column: str) -> object:
    value: object = table
    for part in (*row.split("."), column):
        value = getattr(value, part)
    return value


# --- reports under the 2008 regulation ---------------------------------------------------------


def test_a_report_under_the_2008_regulation() -> None:
    text = (
        "某县人民政府2017年政府信息公开工作年度报告\n\n一、概述\n\n本年度依法公开政府信息。\n\n"
        "二、主动公开政府信息情况\n\n全年主动公开政府信息1200条。\n\n"
        "三、依申请公开政府信息情况\n\n全年受理申请12件。\n"
    )
    with pytest.raises(gd.ParseError, match="2008 regulation") as caught:
        gd.parse(text, format="text", file="2017.txt")
    assert "2017" in str(caught.value)
    assert str(caught.value).startswith("2017.txt")


def test_a_pre_2019_title_with_the_statutory_tables_is_read() -> None:
    """A report on 2018 printed in the statutory tables is a report: read, not refused."""
    parsed = gd.parse(document(title="某县统计局2018年政府信息公开工作年度报告"), format="text")
    assert parsed.report.year == 2018


def test_text_with_no_report_is_still_no_report() -> None:
    with pytest.raises(gd.ParseError, match="no annual report found"):
        gd.parse("2016年工作总结\n\n本单位全年完成各项任务。\n", format="text")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
@pytest.mark.parametrize(
    "name",
    [
        "06_pingtan-difangshuiwuju_2013.txt",
        "07_pingtan-shiyanqu_2017.txt",
        "08_pingtan-difangshuiwuju_2013.html",
    ],
)
def test_the_corpus_reports_under_the_2008_regulation(name: str) -> None:
    with pytest.raises(gd.ParseError, match="2008 regulation"):
        gd.parse(CORPUS / name)


@pytest.mark.skipif(not (CORPUS / "expected").is_dir(), reason="../shared/corpus is not here")
def test_the_agency_is_right_in_every_corpus_file() -> None:
    """The agency and year of every corpus report and layout with an expected file."""
    checked = 0
    for folder in (CORPUS / "expected", CORPUS / "layouts" / "expected"):
        for expected in sorted(folder.glob("*.json")):
            data = json.loads(expected.read_text(encoding="utf-8"))
            source = folder.parent / data["source"]
            if source.name.startswith("scan_") or not source.is_file():
                continue  # image-only PDFs: no text to read
            report = gd.parse(source).report
            assert (report.agency, report.year) == (data["agency"], data["year"]), source.name
            checked += 1
    assert checked >= 11


# --- an agency and a year given --------------------------------------------------------------


def test_given_values_win_and_a_differing_printed_one_is_noted() -> None:
    parsed = gd.parse(document(), format="text", agency="某县人民政府", year=2023)
    assert (parsed.report.agency, parsed.report.year) == ("某县人民政府", 2023)
    assert [f.code for f in parsed.findings] == ["R006", "R006"]
    assert "某县统计局" in parsed.findings[0].message
    assert "2024" in parsed.findings[1].message


def test_given_values_equal_to_the_printed_ones_say_nothing() -> None:
    parsed = gd.parse(document(), format="text", agency=" 某县统计局 ", year=2024)
    assert codes(parsed) == []
    assert parsed.report.agency == "某县统计局"


def test_a_given_agency_fills_a_title_without_one() -> None:
    parsed = gd.parse(document(title="2024年政府信息公开工作年度报告"), agency="某县统计局")
    assert parsed.report.agency == "某县统计局"
    assert codes(parsed) == []


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"agency": ""}, "agency"),
        ({"agency": 3}, "agency"),
        ({"year": 24}, "year"),
        ({"year": "2024"}, "year"),
        ({"year": True}, "year"),
    ],
)
def test_bad_given_values(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        gd.parse(document(), format="text", **kwargs)  # type: ignore[arg-type]


def test_read_passes_the_given_values(tmp_path: Path) -> None:
    from gov_disclosure.readers import read

    path = tmp_path / "fragment.txt"
    path.write_text(TABLE3, encoding="utf-8")
    report, parsed, form = read(path, agency="某县统计局", year=2022)
    assert (report.agency, report.year, form) == ("某县统计局", 2022, "text")
    assert parsed is not None
    assert codes(parsed) == ["R005"]


def test_cli_agency_and_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fragment.txt"
    path.write_text(TABLE3, encoding="utf-8")
    out = tmp_path / "fragment.json"
    assert main(["convert", str(path), str(out), "--agency", "某县统计局", "--year", "2022"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["agency"], data["year"]) == ("某县统计局", 2022)
    capsys.readouterr()
    main(["--lang", "en", "check", str(path), "--year", "2022", "-v", "--format", "json"])
    found = [json.loads(line)["code"] for line in capsys.readouterr().out.splitlines()]
    assert "R003" not in found
    assert "R005" in found
    main(["export", str(path), "--year", "2023", "--agency", "某县统计局"])
    assert all(json.loads(line)["table"] == "三" for line in capsys.readouterr().out.splitlines())
    assert main(["check", str(path), "--year", "24"]) == 2
