"""The audit's ``summary.html`` in headless Chromium: what a reader sees and where links lead."""

from __future__ import annotations

from pathlib import Path

import pytest

import gov_disclosure as gd
from browser import Browser
from gov_disclosure.audit import audit
from gov_disclosure.render import render
from gov_disclosure.testing import sample_report


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """An audit of reports in folders with Chinese names and spaces, one planted error, one
    file that is no report, written to an output folder beside them."""
    root = tmp_path_factory.mktemp("corpus")
    files: dict[str, Path] = {}
    good = sample_report("2021", agency="某县统计局", year=2024)
    wrong = sample_report("2021", agency="某县教育局", year=2024).replace(
        "applications.received.total", 1
    )
    for name, report, folder in (
        ("good", good, root / "某县" / "统计局"),
        ("wrong", wrong, root / "某县" / "教育 局"),
    ):
        folder.mkdir(parents=True)
        files[name] = folder / "2024年报告.html"
        files[name].write_text(render(report, "html"), encoding="utf-8")
    files["notice"] = root / "某县" / "通知.txt"
    files["notice"].write_text("关于开展培训的通知\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    audit([root], out, jobs=1)
    return out, files


def test_links_lead_to_the_files(browser: Browser, audited: tuple[Path, dict[str, Path]]) -> None:
    """Every file link of the summary resolves to the file it names, and following the link to
    the worst file opens that report."""
    out, files = audited
    browser.open(out / "summary.html")
    links = browser.links("#worst a, #not-reports a")
    assert links
    for text, href in links:
        assert href == Path(text).resolve().as_uri(), text
    worst = browser.links("#worst a")
    assert next(Path(text) for text, _ in worst) == files["wrong"]
    skipped = browser.links("#not-reports a")  # a notice is no report: listed as skipped
    assert [Path(text) for text, _ in skipped] == [files["notice"]]
    browser.find("#worst a").click()
    assert browser.url == files["wrong"].resolve().as_uri()
    assert "某县教育局" in browser.text("h1")


def test_the_output_files_are_linked(
    browser: Browser, audited: tuple[Path, dict[str, Path]]
) -> None:
    out, _ = audited
    browser.open(out / "summary.html")
    targets = {text: href for text, href in browser.links("p a")}
    for name in ("findings.jsonl", "cells.csv", "reports.csv"):
        assert targets[name] == (out / name).resolve().as_uri()


@pytest.mark.parametrize("width", [360, 800, 1240])
def test_the_page_fits_the_screen(
    browser: Browser, audited: tuple[Path, dict[str, Path]], width: int
) -> None:
    """No sideways scrolling at a phone's width or a desktop's, every table visible, no cell's
    text spilling out of it (long file paths wrap)."""
    out, _ = audited
    browser.viewport(width)
    browser.open(out / "summary.html")
    assert browser.js("return document.documentElement.scrollWidth;") <= width
    for table in browser.find_all("table"):
        assert browser.rect(table).right <= width + 0.5
    assert browser.spills("td, th") == []
    assert browser.visible("#rules")


def test_rules_are_ranked_and_reading_problems_listed(
    browser: Browser, audited: tuple[Path, dict[str, Path]]
) -> None:
    out, _ = audited
    browser.open(out / "summary.html")
    counts = [int(browser.text(row)) for row in browser.find_all("#rules tbody td:nth-child(4)")]
    assert counts == sorted(counts, reverse=True)
    codes = [browser.text(c) for c in browser.find_all("#rules tbody td:first-child")]
    planted = {f.code for f in gd.parse(audited[1]["wrong"]).validate() if f.code.startswith("A")}
    assert planted <= set(codes)
    assert "不是报告的文件（按内容判断，已跳过：1）" in browser.text("body")
