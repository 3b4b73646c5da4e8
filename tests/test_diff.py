"""Tests of gov_disclosure.diff: compare, the text and HTML renderings, golden files."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
import wcwidth
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from gov_disclosure import AnnualReport, CellKind, Severity, to_cells, validate_series
from gov_disclosure.agency import Aliases
from gov_disclosure.cells import from_cells
from gov_disclosure.diff import (
    BLANK_TEXT,
    MIN_WIDTH,
    CellChange,
    ReportDiff,
    compare,
    render_diff_html,
    render_diff_text,
)
from gov_disclosure.testing import hongze_2023, huaian_2024, sample_report
from strategies import FAST, any_reports, consistent_series, follow
from test_render_markdown import check_golden

Address = tuple[str, tuple[str, ...], tuple[str, ...]]
CARRIED_OVER = "applications.carried_over.natural_person"
"""Table 三, 二、上年结转 / 自然人: linked to the year before's 四、结转下年度 (C301)."""


def cells_of(report: AnnualReport) -> dict[Address, Any]:
    """The report's statutory cells by canonical address."""
    return {(c.table, c.row, c.column): c.value for c in to_cells(report)}


def apply(diff: ReportDiff, cells: dict[Address, Any]) -> dict[Address, Any]:
    """Report A's cells turned into B's by the diff: cells only A has dropped, cells only B has
    added, every change applied (each change must start from A's value)."""
    out = dict(cells)
    for cell in diff.only_in_a:
        del out[(cell.table, cell.row, cell.column)]
    for cell in diff.only_in_b:
        address = (cell.table, cell.row, cell.column)
        assert address not in out
        out[address] = cell.value
    for change in diff.changes:
        address = (change.table, change.row, change.column)
        assert out[address] == change.before
        assert type(out[address]) is type(change.before)
        out[address] = change.after
    return out


def addresses(items: Any) -> set[Address]:
    return {(c.table, c.row, c.column) for c in items}


# --- compare ---------------------------------------------------------------------------------


def test_identical_reports_have_no_changes(report: AnnualReport) -> None:
    """A report compared with itself (or an equal copy) has no change, nothing on one side
    only, every cell unchanged, and — one year twice — no cross-year finding."""
    diff = compare(report, attrs.evolve(report))
    assert not diff.differs
    assert diff.changes == diff.only_in_a == diff.only_in_b == ()
    assert diff.unchanged == len(list(to_cells(report)))
    assert diff.unchanged_blank == 0
    assert diff.same_year
    assert diff.cross_year == ()
    assert diff.a == diff.b
    assert diff.a.agency == report.agency
    assert diff.a.edition is report.edition


def test_blank_is_not_zero() -> None:
    """A blank against 0 is a change in both directions; blank against blank is not."""
    a = sample_report("2021").replace("applications.received.total", 0)
    b = a.replace("applications.received.total", None)
    forth, back = compare(a, b), compare(b, a)
    assert [(c.before, c.after) for c in forth.changes] == [(0, None)]
    assert [(c.before, c.after) for c in back.changes] == [(None, 0)]
    change = forth.changes[0]
    assert str(change.location) == "三/一、本年新收政府信息公开申请数量/总计"
    both_blank = compare(b, b)
    assert both_blank.unchanged_blank == 1
    assert not both_blank.differs


def test_amounts_compare_as_numbers() -> None:
    """``1.0`` and ``1.00`` 万元 are the same amount; ``1.01`` is another."""
    a = sample_report("2021").replace("proactive.fees", Decimal("1.0"))
    assert not compare(a, a.replace("proactive.fees", Decimal("1.00"))).differs
    changed = compare(a, a.replace("proactive.fees", Decimal("1.01"))).changes
    assert [(c.before, c.after) for c in changed] == [(Decimal("1.0"), Decimal("1.01"))]


def test_changes_carry_canonical_addresses() -> None:
    """Each change is addressed as ``to_cells`` addresses the cell, in reading order."""
    a = sample_report("2019")
    paths = ["reviews.review.total", "proactive.fees.amount", "applications.received.total"]
    paths = [p for p in paths if a.has_cell(p)] + ["applications.granted.natural_person"]
    b = a
    for path in paths:
        b = b.replace(path, None)
    diff = compare(a, b)
    by_path = {c.path: (c.table, c.row, c.column) for c in to_cells(a)}
    order = [by_path[c.path] for c in to_cells(a) if c.path in paths]
    assert [(c.table, c.row, c.column) for c in diff.changes] == order
    assert all(isinstance(c, CellChange) and c.after is None for c in diff.changes)


def test_editions_differ_cells_on_one_side() -> None:
    """2019 against 2021: table 二 shares no address (every cell on one side only); table 三
    shares 154; table 四 all 15."""
    a, b = sample_report("2019"), sample_report("2021")
    diff = compare(a, b)
    only_a = [c for c in diff.only_in_a]
    only_b = [c for c in diff.only_in_b]
    assert sum(c.table == "二" for c in only_a) == 22
    assert sum(c.table == "二" for c in only_b) == 10
    assert sum(c.table == "三" for c in only_a) == 161 - 154
    assert sum(c.table == "三" for c in only_b) == 175 - 154
    assert not any(c.table == "四" for c in (*only_a, *only_b))
    shared = len(list(to_cells(a))) - len(only_a)
    assert diff.unchanged + len(diff.changes) == shared == 154 + 15
    assert diff.differs


def test_a_missing_table_is_on_one_side_only() -> None:
    """A table one report lacks: its cells are listed as only the other report's."""
    a = sample_report("2021")
    b = attrs.evolve(a, reviews=None)
    diff = compare(a, b)
    assert diff.changes == ()
    assert diff.only_in_b == ()
    assert [c.table for c in diff.only_in_a] == ["四"] * 15
    assert [c.table for c in compare(b, a).only_in_b] == ["四"] * 15


@FAST
@given(any_reports(), any_reports())
def test_round_trip(a: AnnualReport, b: AnnualReport) -> None:
    """Applying compare(a, b) to a's cells gives b's cells (and the report rebuilt from them
    has b's cells); every address is counted once."""
    diff = compare(a, b)
    cells = apply(diff, cells_of(a))
    assert cells == cells_of(b)
    rebuilt = from_cells(
        [(*address, value) for address, value in cells.items()],
        agency=b.agency,
        year=b.year,
        edition=b.edition,
    )
    assert [(c.table, c.row, c.column, c.value) for c in to_cells(rebuilt)] == [
        (c.table, c.row, c.column, c.value) for c in to_cells(b)
    ]
    shared = diff.unchanged + len(diff.changes)
    assert shared + len(diff.only_in_a) == len(cells_of(a))
    assert shared + len(diff.only_in_b) == len(cells_of(b))
    assert diff.unchanged_blank <= diff.unchanged
    if diff.copies:  # a cell one copy lacks does not count against the other
        assert diff.differs == bool(diff.changes)
    else:
        assert diff.differs == (cells_of(a) != cells_of(b))


@FAST
@given(any_reports())
def test_compare_with_itself_is_empty(a: AnnualReport) -> None:
    """compare(a, a) finds nothing that differs and no cross-year error."""
    diff = compare(a, a)
    assert not diff.differs
    assert diff.unchanged == len(cells_of(a))
    assert diff.unchanged_blank == sum(v is None for v in cells_of(a).values())
    assert diff.cross_year_errors == ()


@FAST
@given(any_reports(), st.data())
def test_exactly_the_edited_cells_change(a: AnnualReport, data: st.DataObject) -> None:
    """Editing some cells of a report changes exactly the cells whose value moved."""
    paths = [c.path for c in to_cells(a)]
    edits = data.draw(
        st.dictionaries(
            st.sampled_from(paths) if paths else st.nothing(),
            st.none() | st.integers(0, 5),
            max_size=5 if paths else 0,
        )
    )
    b = a
    for path, value in edits.items():
        attr, _, rest = path.partition(".")
        money = getattr(a, attr).spec().by_path[rest].kind is CellKind.MONEY
        b = b.replace(path, Decimal(value) if money and value is not None else value)
    moved = {p for p, v in edits.items() if a.get(p) != b.get(p)}
    by_path = {c.path: (c.table, c.row, c.column) for c in to_cells(a)}
    assert addresses(compare(a, b).changes) == {by_path[p] for p in moved}


# --- across years ----------------------------------------------------------------------------


def broken_series() -> tuple[AnnualReport, AnnualReport]:
    """2023 and 2024 of one body whose links hold, except that 2024's 上年结转 (自然人) is 5
    more than 2023's 结转下年度."""
    first = attrs.evolve(sample_report("2021"), year=2023)
    second = sample_report("2021")
    first, second = follow(first, second)
    assert validate_series([first, second]) == []
    value = second.get(CARRIED_OVER)
    assert isinstance(value, int)
    return first, second.replace(CARRIED_OVER, value + 5)


def test_cross_year_finding() -> None:
    """A 上年结转 that is not the year before's 结转下年度 is a C301 error in the diff, in both
    directions of comparison."""
    first, second = broken_series()
    for diff in (compare(first, second), compare(second, first)):
        assert not diff.same_year
        assert diff.cross_year == tuple(validate_series([first, second]))
        codes = [(f.code, f.severity, f.year) for f in diff.cross_year_errors]
        assert ("C301", Severity.ERROR, 2024) in codes
        located = [f for f in diff.cross_year if f.code == "C301"]
        assert any(f.location.row == ("二、上年结转政府信息公开申请数量",) for f in located)


@FAST
@given(consistent_series())
def test_consecutive_consistent_years_have_no_cross_year_finding(
    series: tuple[AnnualReport, AnnualReport],
) -> None:
    """Two consecutive years whose links hold: the diff carries no cross-year error."""
    diff = compare(*series)
    assert diff.cross_year_errors == ()
    assert [f.code for f in diff.cross_year if f.code.startswith(("C2", "C3"))] == []


def test_same_cells_in_consecutive_years_can_still_fail_across_years() -> None:
    """Identical cells in two years: nothing differs, yet the years do not carry over."""
    second = sample_report("2021")
    first = attrs.evolve(second, year=2023)
    diff = compare(first, second)
    assert not diff.differs
    assert diff.cross_year_errors


def test_years_apart_are_reported_as_such() -> None:
    """Years that do not follow each other are not compared: the gap finding says so."""
    diff = compare(attrs.evolve(sample_report("2021"), year=2021), sample_report("2021"))
    assert [f.code for f in diff.cross_year] == ["C003"]
    assert diff.cross_year_errors == ()


def test_same_year_leaves_out_the_copies_code() -> None:
    """Two reports of one year: no C005 (the changes are the diff itself), but the other
    series rules still speak (a different agency is C001, and then they are not copies)."""
    a = sample_report("2021")
    other = attrs.evolve(a, agency="另一个局").replace("reviews.review.upheld", 99)
    diff = compare(a, other)
    assert not diff.copies
    assert [f.code for f in diff.cross_year] == ["C001"]
    assert [f.code for f in validate_series([a, other])] == ["C001", "C005"]


def test_diff_of_two_copies_lists_only_the_differences() -> None:
    """Two copies of one report (one body, one year, one of them a fragment): the diff says
    they are copies, lists the changed cell, counts the cells one copy lacks without listing
    them, and checks nothing across years."""
    a = sample_report("2021")
    b = attrs.evolve(a, agency=f"  {a.agency}", proactive=None).replace("reviews.review.upheld", 99)
    diff = compare(a, b, names=("a.html", "a.pdf"))
    assert diff.copies
    assert diff.differs
    assert diff.cross_year == ()
    assert [str(c.location) for c in diff.changes] == ["四/行政复议/结果维持"]
    text = render_diff_text(diff)
    assert f"两份文件是同一报告（{a.agency} {a.year}年度）的副本：不同 1 处" in text
    assert f"仅一份有的 {len(diff.only_in_a)} 格不计" in text
    assert "跨年核对" not in text
    assert "仅 A 有" not in text
    page = render_diff_html(diff)
    assert "的副本：不同 1 处" in page
    assert 'id="only-a"' not in page
    fragment = compare(a, attrs.evolve(a, proactive=None))
    assert fragment.copies
    assert not fragment.differs


def test_diff_pairs_names_through_an_alias_table() -> None:
    """A renamed body is one body once the user's table says so: same year, copies."""
    a = sample_report("2021")
    renamed = attrs.evolve(a, agency="示例市新名称局")
    assert not compare(a, renamed).copies
    aliases = Aliases({"示例市新名称局": a.agency})
    assert compare(a, renamed, aliases=aliases).copies
    later = attrs.evolve(renamed, year=a.year + 1)
    assert "C001" not in {f.code for f in compare(a, later, aliases=aliases).cross_year}
    assert "C001" in {f.code for f in compare(a, later).cross_year}


def test_type_errors() -> None:
    """compare and the renderers refuse what is not a report or a diff."""
    with pytest.raises(TypeError, match="AnnualReport"):
        compare(sample_report("2021"), "report")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ReportDiff"):
        render_diff_text(sample_report("2021"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ReportDiff"):
        render_diff_html(sample_report("2021"))  # type: ignore[arg-type]


# --- text ------------------------------------------------------------------------------------


def display_width(line: str) -> int:
    w = wcwidth.wcswidth(line)
    assert w >= 0, f"unmeasurable line {line!r}"
    return w


@pytest.mark.parametrize("width", [MIN_WIDTH, 60, 80, 100, 140])
def test_text_fits_the_width(width: int) -> None:
    """Every line fits the width; each grid's lines are exactly the width."""
    text = render_diff_text(compare(hongze_2023(), huaian_2024()), width=width)
    lines = text.splitlines()
    assert all(display_width(line) <= width for line in lines)
    grid_lines = [line for line in lines if line[:1] in ("+", "|")]
    assert grid_lines
    assert all(display_width(line) == width for line in grid_lines)


def test_text_width_errors() -> None:
    """A width below MIN_WIDTH is a ValueError, a non-int a TypeError; None is the default."""
    diff = compare(hongze_2023(), huaian_2024())
    with pytest.raises(ValueError, match=str(MIN_WIDTH)):
        render_diff_text(diff, width=MIN_WIDTH - 1)
    with pytest.raises(TypeError):
        render_diff_text(diff, width=80.0)  # type: ignore[arg-type]
    assert render_diff_text(diff, width=None) == render_diff_text(diff, width=100)


def test_text_shows_changes_blanks_and_cross_year() -> None:
    """The text names each changed cell with both values, shows a blank as such, and lists the
    cross-year finding."""
    first, second = broken_series()
    second = second.replace("reviews.review.total", None)
    text = render_diff_text(compare(first, second, names=("2023.toml", "2024.toml")))
    assert "A：2023.toml" in text
    assert "B：2024.toml" in text
    assert "C301 错误 2024年度 三/二、上年结转政府信息公开申请数量/自然人" in text
    assert row_values(text, "行政复议/总计")[1] == BLANK_TEXT
    assert any("二、上年结转政府信息公开申请数量/自然人" in line for line in text.splitlines())


def test_text_identical() -> None:
    """Identical reports: one summary line saying so."""
    text = render_diff_text(compare(huaian_2024(), huaian_2024()))
    assert "的副本：共有的 200 个法定单元格全部相同" in text
    assert "跨年核对" not in text
    assert "+--" not in text
    other = attrs.evolve(huaian_2024(), agency="另一个局")
    assert "两份报告的 200 个法定单元格全部相同" in render_diff_text(compare(huaian_2024(), other))


@FAST
@given(any_reports(), any_reports(), st.integers(MIN_WIDTH, 120))
def test_text_of_any_reports_fits(a: AnnualReport, b: AnnualReport, width: int) -> None:
    """Whatever the reports hold (control characters, huge numbers), every line fits."""
    text = render_diff_text(compare(a, b), width=width)
    assert all(display_width(line) <= width for line in text.splitlines())
    assert text.endswith("\n")


# --- HTML ------------------------------------------------------------------------------------


def parse_page(page: str) -> Any:
    root = lxml_html.document_fromstring(page.encode("utf-8"))
    assert root.get("lang") == "zh-CN"
    return root


def check_links(root: Any) -> list[str]:
    """Every in-page link resolves to an element id; returns the targets."""
    ids = set(root.xpath("//@id"))
    targets = [href[1:] for href in root.xpath("//a/@href")]
    assert all(href.startswith("#") for href in root.xpath("//a/@href"))
    missing = [t for t in targets if t not in ids]
    assert not missing, missing
    return targets


def test_html_page() -> None:
    """The page parses, links every changed cell to both tables, marks the cells with both
    values, and lists and marks the cross-year finding."""
    first, second = broken_series()
    second = second.replace("reviews.review.total", None)
    diff = compare(first, second)
    page = render_diff_html(diff)
    root = parse_page(page)
    assert root.xpath("//meta/@charset") == ["utf-8"]
    assert not root.xpath("//script | //link | //img | //iframe | //@src")
    assert "http" not in page.lower().replace('"http-equiv"', "")
    targets = check_links(root)
    # Each changed cell is linked from the list of changes in both tables; the cross-year
    # finding links to its cell (here a changed one) in the later year's table.
    finding_links = root.xpath("//section[contains(@class, 'findings')]//a/@href")
    assert finding_links == [f"#cell-b-{CARRIED_OVER}"]
    assert len(targets) == 2 * len(diff.changes) + len(finding_links)
    changed = root.xpath("//td[contains(concat(' ', @class, ' '), ' changed ')]")
    assert len(changed) == 2 * len(diff.changes)
    total = root.get_element_by_id("cell-a-reviews.review.total")
    assert total.text_content() == f"{first.get('reviews.review.total')} → {BLANK_TEXT}"
    for side in "ab":
        cell = root.get_element_by_id(f"cell-{side}-{CARRIED_OVER}")
        assert cell.text_content() == f"{first.get(CARRIED_OVER)} → {second.get(CARRIED_OVER)}"
    cell = root.get_element_by_id(f"cell-b-{CARRIED_OVER}")
    assert "finding-error" in cell.get("class")
    assert "C301" in cell.get("title")
    findings = root.xpath("//section[@class='findings']")[0].text_content()
    assert "跨年核对" in findings
    assert "C301" in findings


def test_html_links_for_cells_on_one_side() -> None:
    """Cells one report only has are listed with links to their cells, marked ``only``."""
    diff = compare(hongze_2023(), huaian_2024())
    root = parse_page(render_diff_html(diff))
    targets = check_links(root)
    finding_links = root.xpath("//section[contains(@class, 'findings')]//a/@href")
    assert len(finding_links) <= len(diff.cross_year)
    assert len(targets) == (
        2 * len(diff.changes) + len(diff.only_in_a) + len(diff.only_in_b) + len(finding_links)
    )
    only = root.xpath("//td[contains(concat(' ', @class, ' '), ' only ')]")
    assert len(only) == len(diff.only_in_a) + len(diff.only_in_b)
    assert len(root.xpath("//section[@class='pair']")) == 3


def test_html_missing_table_and_escaping() -> None:
    """A table one side lacks shows the missing-table note; every text is escaped."""
    a = attrs.evolve(sample_report("2021"), agency="<b>局</b>&", reviews=None)
    page = render_diff_html(compare(a, sample_report("2021"), names=("<x>.toml", None)))
    assert "<b>局" not in page
    assert "<x>" not in page
    assert "&lt;b&gt;局&lt;/b&gt;&amp;" in page
    assert "&lt;x&gt;.toml" in page
    root = parse_page(page)
    check_links(root)
    assert root.xpath("//section[@id='table-四']//p[@class='missing']")


@FAST
@given(any_reports(), any_reports())
def test_html_of_any_reports(a: AnnualReport, b: AnnualReport) -> None:
    """Any two reports: the page parses and every link resolves."""
    root = parse_page(render_diff_html(compare(a, b)))
    check_links(root)


def test_deterministic() -> None:
    """The same diff renders byte-identically."""
    diff = compare(hongze_2023(), huaian_2024())
    assert render_diff_html(diff) == render_diff_html(compare(hongze_2023(), huaian_2024()))
    assert render_diff_text(diff) == render_diff_text(diff)


# --- golden files ----------------------------------------------------------------------------


def edited() -> tuple[AnnualReport, AnnualReport]:
    """The 2021 sample and a copy with a blanked cell, a zero made a count, an amount changed
    and a cell printed as published."""
    a = sample_report("2021").replace("applications.granted.commercial", 0)
    b = (
        a.replace("applications.received.total", None)
        .replace("applications.granted.commercial", 3)
        .replace("proactive.fees", Decimal("7730.28"))
    )
    return a, attrs.evolve(b, printed={"applications.received.total": "—"})


GOLDEN: dict[str, Callable[[], ReportDiff]] = {
    "diff-mixed": lambda: compare(
        hongze_2023(),
        huaian_2024(),
        names=("examples/hongze-2023.json", "examples/huaian-2024.toml"),
    ),
    "diff-edited": lambda: compare(*edited()),
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_text(name: str) -> None:
    """The text rendering equals its golden file (GOV_DISCLOSURE_REGEN_GOLDEN=1 rewrites it)."""
    check_golden(f"{name}.txt", render_diff_text(GOLDEN[name]()))


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_html(name: str) -> None:
    """The HTML rendering equals its golden file (GOV_DISCLOSURE_REGEN_GOLDEN=1 rewrites it)."""
    check_golden(f"{name}.html", render_diff_html(GOLDEN[name]()))


def row_values(text: str, label: str) -> list[str]:
    """The texts of the columns of the grid row whose first column holds ``label``."""
    row = next(line for line in text.splitlines() if line.startswith("| ") and label in line)
    return re.split(r"\s*\|\s*", row.strip("| "))[1:]


def test_printed_text_is_shown() -> None:
    """A blank printed as ``—`` shows what was printed; a zero shows as 0."""
    a, b = edited()
    text = render_diff_text(compare(a, b))
    assert row_values(text, "一、本年新收政府信息公开申请数量/总计") == [
        str(a.get("applications.received.total")),
        "—",
    ]
    assert row_values(text, "（一）予以公开/法人或其他组织/商业企业") == ["0", "3"]
