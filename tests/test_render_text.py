"""The plain-text renderer: golden files, line widths measured with wcwidth, grids, labels,
values, wrapping and the width errors."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

import attrs
import pytest
import tabulate
import wcwidth
from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure import AnnualReport
from gov_disclosure.render.text import DEFAULT_WIDTH, MIN_WIDTH, _wrap, render_text
from gov_disclosure.testing import hongze_2023, sample_report
from strategies import FAST
from test_render_markdown import (
    check_golden,
    edge_report,
    expected_text,
    labels_of,
    rich_reports,
    rich_text,
)

RULE = re.compile(r"\+[-=+ |]*\+")
"""A horizontal rule of a grid (blank stretches where a header cell merges downwards)."""

CASES: dict[str, tuple[Callable[[], AnnualReport], int]] = {
    "sample-2019": (lambda: sample_report("2019"), DEFAULT_WIDTH),
    "sample-2021": (lambda: sample_report("2021"), DEFAULT_WIDTH),
    "mixed": (hongze_2023, DEFAULT_WIDTH),
    "edge": (edge_report, 80),
}
"""Golden reports and the width each is rendered at (the edge report at 80 columns)."""


def width(line: str) -> int:
    """Display width of a line, as a terminal shows it (CJK counts 2)."""
    w = wcwidth.wcswidth(line)
    assert w >= 0, f"unmeasurable line {line!r}"
    return w


def is_rule(line: str) -> bool:
    """Whether a line of a grid is a rule (it may start with a pipe where a header cell merges
    downwards)."""
    return (
        bool(re.fullmatch(r"[+|][-=+| ]*[+|]", line))
        and "+" in line
        and bool(re.search("[-=]", line))
    )


def grids(text: str) -> list[list[str]]:
    """The grids of a rendering: blocks (between blank lines) framed by horizontal rules."""
    blocks = [block.split("\n") for block in text.split("\n\n")]
    return [
        lines
        for lines in blocks
        if len(lines) >= 3 and RULE.fullmatch(lines[0]) and RULE.fullmatch(lines[-1])
    ]


def by_column(line: str) -> dict[int, str]:
    """The graphemes of a line by the display column they start at."""
    out: dict[int, str] = {}
    column = 0
    for grapheme in wcwidth.iter_graphemes(line):
        out[column] = grapheme
        column += width(grapheme)
    return out


def grid_rows(lines: list[str]) -> list[tuple[list[str], str]]:
    """The rows of a grid: the text of each cell (its lines joined) and the rule under the row.

    A row's cell boundaries are the columns where the rules above and below have a junction
    and every line of the row a pipe, so a pipe inside a cell's text does not split it."""
    rows: list[tuple[list[str], str]] = []
    above, current = lines[0], []
    for line in lines[1:]:
        if not is_rule(line):
            current.append(by_column(line))
            continue
        bounds = [
            p
            for p, char in enumerate(line)
            if char in "+|" and above[p] in "+|" and all(row.get(p) == "|" for row in current)
        ]
        cells = [
            "".join(
                "".join(g for p, g in sorted(row.items()) if left < p < right).strip()
                for row in current
            )
            for left, right in itertools.pairwise(bounds)
        ]
        rows.append((cells, line))
        above, current = line, []
    return rows


def cell_texts(text: str) -> set[str]:
    """Every cell text of every grid."""
    return {cell for lines in grids(text) for cells, _ in grid_rows(lines) for cell in cells}


def value_cells(text: str) -> dict[tuple[str, str], str]:
    """Value cells by (row label, column label): the column labels are the cells of the row
    above the ``=`` rule, the row label is a body row's first cell."""
    out: dict[tuple[str, str], str] = {}
    for lines in grids(text):
        header: list[str] | None = None
        for cells, rule in grid_rows(lines):
            if header is not None and len(cells) == len(header):
                for column, cell in zip(header[1:], cells[1:], strict=True):
                    out[(cells[0], column)] = cell
            if "=" in rule:
                header = cells
    return out


def check_layout(text: str, limit: int) -> None:
    """Every line fits ``limit`` columns and every line of a grid has the same width."""
    for line in text.split("\n"):
        assert width(line) <= limit, line
    for lines in grids(text):
        assert len({width(line) for line in lines}) == 1, "\n".join(lines)


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    """Each reference report renders exactly as its golden text file."""
    make, columns = CASES[name]
    check_golden(f"{name}.txt", render_text(make(), width=columns))


@pytest.mark.parametrize("columns", [80, 100, 120])
@pytest.mark.parametrize("name", sorted(CASES))
def test_layout_fits(name: str, columns: int) -> None:
    """At 80, 100 and 120 columns every line fits and every grid is a true rectangle."""
    text = render_text(CASES[name][0](), width=columns)
    check_layout(text, columns)
    assert grids(text)


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("name", sorted(CASES))
def test_every_label_appears(name: str, columns: int) -> None:
    """Every official label of the report's table forms is the whole text of some grid cell."""
    report = CASES[name][0]()
    cells = cell_texts(render_text(report, width=columns))
    for table in report.tables():
        for label in labels_of(table.spec()):
            assert label in cells, label


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("name", sorted(CASES))
def test_values_read_back(name: str, columns: int) -> None:
    """Every value cell shows the report's value (or its printed text); blanks stay empty.
    Table 四 is pivoted: its column groups are rows, its outcomes columns."""
    report = CASES[name][0]()
    cells = value_cells(render_text(report, width=columns))
    for table in report.tables():
        spec = table.spec()
        for cell in spec.cells:
            if spec.key == "四":
                key = (cell.column.labels[-2], cell.column.labels[-1])
            else:
                key = (cell.row.labels[-1], cell.column.label)
            path = f"{spec.attr}.{cell.path}"
            assert cells[key].replace(" ", "") == expected_text(report, path).replace(" ", ""), path


def test_table3_header_merges_blank_cells() -> None:
    """In table 三's header the spanning caption and group sit over their columns, and the
    blank cells above 自然人 and 总计 merge into them (no rule between)."""
    text = render_text(sample_report("2021"))
    grid = next(lines for lines in grids(text) if "申请人情况" in lines[1])
    caption, group = grid[1], grid[3]
    assert caption.count("|") == 3
    assert group.count("|") == 5
    assert re.fullmatch(r"\|\s+\+-+\+-+\+-+\+", grid[2])
    assert grid[0].count("+") == 3


def test_group_rows_span_and_indent() -> None:
    """Row groups are spanning rows; the rows under them are indented two columns per level."""
    text = render_text(sample_report("2021"))
    lines = text.split("\n")
    group = next(line for line in lines if "三、本年度办理结果" in line)
    assert group.count("|") == 2
    refused = next(line for line in lines if "（三）不予公开" in line)
    assert refused.startswith("|   （三）不予公开")
    assert refused.count("|") == 2
    assert any(line.startswith("|     1.属于国家秘密") for line in lines)


def test_table4_pivoted() -> None:
    """Table 四 has one row per group and one column per outcome, within 80 columns."""
    text = render_text(sample_report("2021"), width=80)
    grid = next(lines for lines in grids(text) if "结果维持" in lines[1])
    rows = grid_rows(grid)
    assert rows[0][0] == ["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [cells[0] for cells, _ in rows[1:]] == [
        "行政复议",
        "行政诉讼",
        "未经复议直接起诉",
        "复议后起诉",
    ]


def test_missing_table_and_form_notes() -> None:
    """A missing table leaves a note; a table of another form is announced."""
    assert "（本报告未提供此表。）" in render_text(edge_report())
    assert "与报告格式不同" in render_text(hongze_2023())


def test_wide_chars_mode() -> None:
    """tabulate measures with wcwidth, so a CJK grid is as wide as its characters display."""
    assert tabulate.WIDE_CHARS_MODE
    text = render_text(sample_report("2021"))
    line = next(line for line in text.split("\n") if line.startswith("| 规章"))
    assert len(line) < width(line)  # CJK characters are two columns wide ...
    rule = text.split("\n")[text.split("\n").index(line) + 1]
    assert width(line) == len(rule)  # ... and the rule below (ASCII) is exactly as wide


def test_too_narrow_names_the_minimum() -> None:
    """A width too narrow for a table is a ValueError naming the smallest width that works,
    and that width works."""
    report = sample_report("2021")
    with pytest.raises(ValueError, match=r"at least (\d+)") as info:
        render_text(report, width=40)
    minimum = int(re.search(r"at least (\d+)", str(info.value)).group(1))  # type: ignore[union-attr]
    assert 40 < minimum <= 80
    check_layout(render_text(report, width=minimum), minimum)
    with pytest.raises(ValueError, match="too narrow"):
        render_text(report, width=minimum - 1)


def test_width_checked() -> None:
    """The width must be an int of at least MIN_WIDTH."""
    report = sample_report("2021")
    with pytest.raises(ValueError, match=str(MIN_WIDTH)):
        render_text(report, width=MIN_WIDTH - 1)
    with pytest.raises(TypeError, match="int"):
        render_text(report, width=80.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="int"):
        render_text(report, width=True)


def test_text_without_tables_fits_min_width() -> None:
    """A report without tables renders at the narrowest width allowed."""
    report = attrs.evolve(
        edge_report(), proactive=None, applications=None, reviews=None, printed={}
    )
    check_layout(render_text(report, width=MIN_WIDTH), MIN_WIDTH)


def test_wrap_keeps_words_and_punctuation_rules() -> None:
    """Wrapping keeps ASCII words and numbers whole and starts no line with closing punctuation."""
    assert _wrap("一二三四五六七八九，十", 18) == ["一二三四五六七八", "九，十"]
    assert _wrap("一二三四五六七（八九十", 14) == ["一二三四五六七", "（八九十"]
    assert _wrap("金额 96171.6 万元", 8) == ["金额", "96171.6", "万元"]
    assert _wrap("金额 96171.6 万元", 10) == ["金额", "96171.6 万", "元"]


@FAST
@given(rich_text, st.integers(2, 60))
def test_wrap_property(text: str, columns: int) -> None:
    """Wrapped lines fit, and together hold every non-space character in order."""
    line = "".join(ch for ch in text if ch != "\n" and wcwidth.wcwidth(ch) >= 0)
    lines = _wrap(line, columns)
    assert all(width(part) <= columns for part in lines)
    assert "".join(lines).replace(" ", "") == line.replace(" ", "")


@FAST
@given(rich_reports(), st.sampled_from([80, 100]))
def test_any_report_renders(report: AnnualReport, columns: int) -> None:
    """Any report renders at 80 and 100 columns, deterministically, every line fitting, every
    grid a rectangle, every official label present."""
    text = render_text(report, width=columns)
    assert text == render_text(report, width=columns)
    check_layout(text, columns)
    cells = cell_texts(text)
    for table in report.tables():
        for label in labels_of(table.spec()):
            assert label in cells, label


@FAST
@given(rich_reports(), st.integers(MIN_WIDTH, 79))
def test_narrow_widths_render_or_name_a_minimum(report: AnnualReport, columns: int) -> None:
    """At a narrow width a report either fits or raises ValueError naming a width that fits."""
    try:
        text = render_text(report, width=columns)
    except ValueError as error:
        minimum = int(re.search(r"at least (\d+)", str(error)).group(1))  # type: ignore[union-attr]
        assert minimum > columns
        text, columns = render_text(report, width=minimum), minimum
    check_layout(text, columns)


def test_groups_of_lines_are_separated_by_blank_lines() -> None:
    """Blocks (title, metadata, headings, paragraphs, grids) are separated by one blank line."""
    text = render_text(sample_report("2021"))
    assert "\n\n\n" not in text
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert all(a or b for a, b in itertools.pairwise(text.split("\n")[:-1]))
