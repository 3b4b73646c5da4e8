"""Running text: a report run together on one line, as crawlers store pages, read by its labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

import gov_disclosure as gd
from gov_disclosure import AnnualReport
from gov_disclosure.readers import parse
from gov_disclosure.readers.normalize import simplify
from gov_disclosure.readers.running import MIN_LENGTH, _normalised, unrun
from gov_disclosure.render import render
from gov_disclosure.testing import huaian_2024
from strategies import FAST, consistent_reports

LAYOUTS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "layouts"
UNDECIDED = {"R013", "R018", "R022"}
"""The findings of a row whose figures were not read."""


def crawled(report: AnnualReport, sep: str = "") -> str:
    """A report's web page as a crawler keeps it: every text node stripped, joined by ``sep``."""
    page = lxml_html.fromstring(render(report, to="html"))
    body = page.find("body")
    assert body is not None
    texts = (t.strip() for t in body.itertext())
    return sep.join(t for t in texts if t)


def test_a_line_cut_at_headings_and_labels() -> None:
    line = crawled(huaian_2024())
    pieces = unrun(line)
    assert pieces is not None
    assert "一、总体情况" in pieces
    assert "一、本年新收政府信息公开申请数量  300153006143119" in pieces
    assert "2.其他法律行政法规禁止公开  301000031" in pieces  # the 2 of 2. is no figure
    assert "规章  1011" in pieces
    assert "行政规范性文件  82666" in pieces  # never 行政 / 规范性文件
    assert "72641783735113481261211620" in pieces  # table 四's figures on a line of their own


def test_single_spaces_keep_the_figures_apart() -> None:
    pieces = unrun(crawled(huaian_2024(), " "))
    assert pieces is not None
    assert "一、本年新收政府信息公开申请数量  3001 53 0 0 61 4 3119" in pieces


def test_short_lines_and_prose_are_left_alone() -> None:
    assert unrun("一、总体情况") is None
    prose = "本机关认真贯彻落实《条例》，规章1件，" * (MIN_LENGTH // 10)
    assert unrun(prose) is None  # no two headings inside: no report run together


def test_the_labels_of_a_table_are_looked_for_inside_it_only() -> None:
    """A row label in the prose of a section before its table is no row."""
    line = crawled(huaian_2024())
    prose = "本年度制定规章3件，"
    line = line.replace("二、主动公开政府信息情况", "二、主动公开政府信息情况" + prose, 1)
    pieces = unrun(line)
    assert pieces is not None
    assert any(p.startswith(prose) for p in pieces)
    assert not any(p.startswith("规章  3") for p in pieces)


def test_crawled_text_reads_with_the_placer() -> None:
    """The issue's example: table 三 placed by the relations, ambiguous rows reported."""
    report = huaian_2024()
    parsed = parse(crawled(report), format="text")
    assert parsed.report.applications == report.applications
    assert parsed.report.agency == report.agency
    assert parsed.report.year == report.year
    undecided = {str(f.location) for f in parsed.findings if f.code in UNDECIDED}
    assert "二/第二十条第（一）项/规章" in undecided
    assert "四" in undecided  # three cuts of 复议后起诉 hold the group sum
    assert parsed.report.get("proactive.regulations.issued") is None


def _values(report: AnnualReport) -> dict[tuple[object, ...], object]:
    return {(c.table, c.row, c.column): c.value for c in gd.to_cells(report)}


def _check(report: AnnualReport, parsed: gd.Parsed) -> None:
    """Every figure read is the report's; a cell the placer left undecided is absent, its row
    reported."""
    truth = _values(report)
    reported = {str(f.location) for f in parsed.findings if f.code in UNDECIDED}
    for cell in gd.to_cells(parsed.report):
        key = (cell.table, cell.row, cell.column)
        if "/".join((cell.table, *cell.row)) in reported:
            assert cell.value is None, key
        elif cell.value is not None:
            assert cell.value == truth[key], key


@settings(FAST, max_examples=15, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(consistent_reports(), st.sampled_from(["", " "]))
def test_crawled_reports_read_right_or_reported(report: AnnualReport, sep: str) -> None:
    """Rendered, crawled and read (no separator, or single spaces): no figure is ever wrong;
    a row the placer leaves undecided is reported and read as nothing."""
    parsed = parse(crawled(report, sep), format="text")
    _check(report, parsed)


def _layouts() -> list[Path]:
    if not (LAYOUTS / "expected").is_dir():
        return []
    return [p for p in sorted((LAYOUTS / "expected").glob("flat*.json"))]


def _number(value: Any) -> Any:
    return str(value) if value is not None else None


@pytest.mark.skipif(not (LAYOUTS / "expected").is_dir(), reason="../shared/corpus is not here")
@pytest.mark.parametrize("expected", _layouts(), ids=lambda p: p.stem)
def test_crawler_layouts_read_every_cell_not_marked_ambiguous(expected: Path) -> None:
    data = json.loads(expected.read_text(encoding="utf-8"))
    parsed = parse(LAYOUTS / data["source"])
    assert (parsed.report.agency, parsed.report.year) == (data["agency"], data["year"])
    ambiguous = {(a["table"], tuple(a["row"])) for a in data.get("ambiguous", [])}
    got = {(c.table, c.row, c.column): c.value for c in gd.to_cells(parsed.report)}
    for cell in data["cells"]:
        key = (cell["table"], tuple(cell["row"]), tuple(cell["column"]))
        if (key[0], key[1]) in ambiguous:
            assert got.get(key) is None or _number(got[key]) == _number(cell["value"]), key
            continue
        assert _number(got.get(key)) == _number(cell["value"]), key


@given(st.text(alphabet=st.sampled_from("一二三①⑴㈠ﬁ（）：１２ 年度數據⼀⻓a0\u3000")))
def test_the_normalised_line_points_back_at_each_printed_character(line: str) -> None:
    """Each character normalised on its own, whether or not one expands to several (``⑴`` to
    ``(1)``): the text is their normal forms in order, and each normalised character points
    at the printed character it came from."""
    text, origin = _normalised(line)
    assert len(origin) == len(text) + 1
    assert origin[-1] == len(line)
    assert text == "".join(simplify(c) for c in line)
    for i, printed in enumerate(line):
        at = [k for k in range(len(text)) if origin[k] == i]
        assert at
        assert "".join(text[k] for k in at) == simplify(printed)
