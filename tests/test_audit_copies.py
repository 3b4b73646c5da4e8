"""``audit`` on a corpus collected off portals: one report in several files, one body under
several names."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import attrs
import pytest

import gov_disclosure as gd
from conftest import CORPUS
from gov_disclosure.agency import Aliases
from gov_disclosure.audit import audit
from gov_disclosure.cli import main
from gov_disclosure.render import render
from gov_disclosure.testing import sample_report
from strategies import follow

ROW_1 = "一、本年新收政府信息公开申请数量"
CARRIED = "applications.carried_over.natural_person"


def _rows(out: Path) -> dict[str, dict[str, str]]:
    with (out / "reports.csv").open(encoding="utf-8", newline="") as f:
        return {Path(r["file"]).name: r for r in csv.DictReader(f)}


def _findings(out: Path) -> list[dict[str, Any]]:
    lines = (out / "findings.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _html(path: Path, report: gd.AnnualReport) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(str(render(report, "html")), encoding="utf-8")
    return path


def _pdf(path: Path, report: gd.AnnualReport) -> Path:
    report_pdf = pytest.importorskip("test_readers_pdf").report_pdf
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(report_pdf(report, ruled=True))
    return path


def _years(agency: str) -> tuple[gd.AnnualReport, gd.AnnualReport]:
    """Two consecutive years of one body whose carry-over of 2024 is one too many (C301)."""
    first, second = follow(
        sample_report("2021", agency=agency, year=2023),
        sample_report("2021", agency=agency, year=2024),
    )
    carried = second.get(CARRIED)
    assert isinstance(carried, int)
    return first, second.replace(CARRIED, carried + 1)


def test_a_web_page_and_its_pdf_are_one_report(tmp_path: Path) -> None:
    """The 2024 report as an HTML page and as a PDF of the same figures: one report (no C002,
    no C005), listed together, the cross-year checks read once from the page."""
    first, second = _years("某市统计局")
    root = tmp_path / "reports"
    _html(root / "2023" / "a.html", first)
    page = _html(root / "2024" / "b.html", second)
    pdf = _pdf(root / "attachments" / "2024.pdf", second)
    out = tmp_path / "out"
    audit([root], out, jobs=1)
    found = [f for f in _findings(out) if f["code"].startswith("C")]
    assert [(f["code"], f["file"]) for f in found] == [("C301", str(page))]
    rows = _rows(out)
    by_file = {r["file"]: r for r in rows.values()}
    for file in (page, pdf):
        row = by_file[str(file)]
        assert (row["copies"], row["representative"], row["copy_differences"]) == (
            "2",
            str(page),
            "0",
        )
    assert by_file[str(pdf)]["cross_year"] == "0"
    alone = next(r for r in rows.values() if "2023" in r["file"])
    assert (alone["copies"], alone["representative"]) == ("1", alone["file"])
    summary = (out / "summary.md").read_text("utf-8")
    assert "| 多个文件的同一报告 | 1（2 个文件；其中不一致 0） |" in summary
    assert "## 多个文件的同一报告（1）" in summary
    assert "| 某市统计局 | 2024 |" in summary
    page_html = (out / "summary.html").read_text("utf-8")
    assert 'id="copies"' in page_html
    assert "一致" in page_html


def test_copies_that_disagree_are_one_finding_naming_the_cell_and_both_files(
    tmp_path: Path,
) -> None:
    """The PDF prints one figure differently: one C005 finding, on the page's row, naming
    the cell, both values and both files; the cross-year checks still run once."""
    first, second = _years("某市统计局")
    received = second.get("applications.received.natural_person")
    assert isinstance(received, int)
    root = tmp_path / "reports"
    _html(root / "2023.html", first)
    page = _html(root / "2024.html", second)
    pdf = _pdf(
        root / "2024.pdf", second.replace("applications.received.natural_person", received + 5)
    )
    out = tmp_path / "out"
    audit([root], out, jobs=1)
    copies = [f for f in _findings(out) if f["code"] == "C005"]
    assert len(copies) == 1
    (finding,) = copies
    assert finding["file"] == str(page)
    assert finding["severity"] == "error"
    assert finding["location"] == f"三/{ROW_1}/自然人"
    assert f"{page} {received}、{pdf} {received + 5}" in finding["message"]
    assert "有1个单元格不一致" in finding["message"]
    assert [f["code"] for f in _findings(out) if f["code"].startswith("C")].count("C301") == 1
    rows = _rows(out)
    assert rows["2024.pdf"]["copy_differences"] == rows["2024.html"]["copy_differences"] == "1"
    summary = (out / "summary.md").read_text("utf-8")
    assert "其中不一致 1" in summary
    assert "| C005 |" in summary


def test_short_forms_and_an_alias_file_pair_the_years(tmp_path: Path) -> None:
    """上海市科委 (2023) and 上海市科学技术委员会 (2024) are one body by the packaged table; the
    body's 2022 report under its old name joins them only with an alias file (CSV here)."""
    old, first = follow(
        sample_report("2021", agency="上海市科技局", year=2022),
        sample_report("2021", agency="上海市科委", year=2023),
    )
    first, second = follow(first, sample_report("2021", agency="上海市科学技术委员会", year=2024))
    carried = first.get(CARRIED)
    assert isinstance(carried, int)
    first = first.replace(CARRIED, carried + 1)  # 2023 does not carry over 2022: C301
    root = tmp_path / "reports"
    root.mkdir()
    for report in (old, first, second):
        gd.dump(report, root / f"{report.year}.toml")
    plain = tmp_path / "plain"
    audit([root], plain, jobs=1)
    rows = _rows(plain)
    assert rows["2023.toml"]["series"] == rows["2024.toml"]["series"] != rows["2022.toml"]["series"]
    assert rows["2023.toml"]["body"] == "上海市科学技术委员会"
    assert not [f for f in _findings(plain) if f["code"].startswith("C")]  # a consistent pair

    table = tmp_path / "aliases.csv"
    table.write_text("name,canonical\n上海市科技局,上海市科学技术委员会\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["audit", str(root), "-o", str(out), "-j", "1", "-q", "--aliases", str(table)]) == 0
    rows = _rows(out)
    assert len({r["series"] for r in rows.values()}) == 1
    assert {r["body"] for r in rows.values()} == {"上海市科学技术委员会"}
    codes = [(f["code"], Path(f["file"]).name) for f in _findings(out) if f["code"].startswith("C")]
    assert codes == [("C301", "2023.toml")]  # no C001: the table says it is one body
    summary = (out / "summary.md").read_text("utf-8")
    assert "| 上海市科学技术委员会 | 上海市科委, 上海市科学技术委员会, 上海市科技局 |" in summary

    again = tmp_path / "again"
    audit([root], again, jobs=1, aliases=Aliases({"上海市科技局": "上海市科委"}))
    assert len({r["series"] for r in _rows(again).values()}) == 1


def test_bodies_sharing_a_short_name_are_kept_apart(tmp_path: Path) -> None:
    """北京市朝阳区科委 2023, 长春市朝阳区科学技术委员会 2024 and 朝阳区科委 2024: three bodies,
    so no year is paired and the two 2024 reports are not copies."""
    root = tmp_path / "reports"
    root.mkdir()
    for n, (agency, year) in enumerate(
        [("北京市朝阳区科委", 2023), ("长春市朝阳区科学技术委员会", 2024), ("朝阳区科委", 2024)]
    ):
        gd.dump(sample_report("2021", agency=agency, year=year), root / f"{n}.toml")
    out = tmp_path / "out"
    audit([root], out, jobs=1)
    rows = _rows(out)
    assert len({r["series"] for r in rows.values()}) == 3
    assert {r["copies"] for r in rows.values()} == {"1"}
    assert not [f for f in _findings(out) if f["code"].startswith("C")]


def test_a_bad_alias_file_is_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An alias file with a row of three columns: exit 2 and the file and line named."""
    root = tmp_path / "reports"
    root.mkdir()
    gd.dump(sample_report("2021"), root / "a.toml")
    table = tmp_path / "aliases.csv"
    table.write_text("上海市科技局,上海市科委,多余\n", encoding="utf-8")
    status = main(
        ["--lang", "en", "audit", str(root), "-o", str(tmp_path / "out"), "--aliases", str(table)]
    )
    assert status == 2
    err = capsys.readouterr().err
    assert f"{table}:1:" in err
    assert "two columns" in err
    assert not (tmp_path / "out").exists()


def test_diff_takes_the_alias_file_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`diff --aliases`: a renamed body's report of the same year is a copy (exit 0 when the
    cells agree); without the table the two are different bodies (C001)."""
    report = sample_report("2021", agency="上海市科技局", year=2024)
    gd.dump(report, tmp_path / "old.toml")
    gd.dump(attrs.evolve(report, agency="上海市科委"), tmp_path / "new.toml")
    table = tmp_path / "aliases.toml"
    table.write_text('"上海市科技局" = "上海市科学技术委员会"\n', encoding="utf-8")
    files = [str(tmp_path / "old.toml"), str(tmp_path / "new.toml")]
    assert main(["diff", *files, "--aliases", str(table)]) == 0
    assert "the two files are copies of one report" in capsys.readouterr().out
    main(["diff", *files])
    out = capsys.readouterr().out
    assert "C001" in out
    assert "的副本" not in out


def test_check_series_names_the_copies_by_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check --series` over two copies that disagree: the C005 finding names both files."""
    report = sample_report("2021", agency="某县统计局", year=2024)
    gd.dump(report, tmp_path / "a.toml")
    gd.dump(report.replace("reviews.review.upheld", 99), tmp_path / "b.json")
    files = [str(tmp_path / "a.toml"), str(tmp_path / "b.json")]
    assert main(["check", "--series", "--select", "C", *files]) == 1
    out = capsys.readouterr().out
    assert "C005" in out
    assert f"{files[0]} " in out
    assert f"{files[1]} 99" in out


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_a_real_report_as_pdf_and_as_ofd_is_one_report(tmp_path: Path) -> None:
    """洪泽区 2024 published as PDF and as OFD (the corpus's layouts/), beside its 2023 PDF: the
    two 2024 files are copies that agree, the years are paired once and their links hold."""
    root = tmp_path / "reports"
    root.mkdir()
    for name in ("02_hongze-quzhengfu_2023.pdf", "03_hongze-quzhengfu_2024.pdf"):
        shutil.copy(CORPUS / name, root / name)
    shutil.copy(CORPUS / "layouts" / "ofd_03_hongze-quzhengfu_2024.ofd", root)
    out = tmp_path / "out"
    audit([root], out, jobs=1)
    rows = _rows(out)
    pdf, ofd = rows["03_hongze-quzhengfu_2024.pdf"], rows["ofd_03_hongze-quzhengfu_2024.ofd"]
    assert (pdf["copies"], ofd["copies"]) == ("2", "2")
    assert pdf["copy_differences"] == ofd["copy_differences"] == "0"
    assert pdf["representative"] == ofd["representative"]
    assert {pdf["series"], ofd["series"], rows["02_hongze-quzhengfu_2023.pdf"]["series"]} == {
        "洪泽区政府"
    }
    assert not [f for f in _findings(out) if f["code"].startswith("C")]
