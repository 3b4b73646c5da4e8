"""Table 三 beyond the statutory layout: a 小计 column and a 合计 row checked against their
parts, and rows read by position only when every relation of the table holds."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gov_disclosure import Edition
from gov_disclosure.findings import Source
from gov_disclosure.model import Cell
from gov_disclosure.readers import parse
from gov_disclosure.readers.blocks import Block, Grid, Paragraph
from gov_disclosure.readers.placing import TableRead
from gov_disclosure.readers.positional import broken_relations
from gov_disclosure.readers.rows import rows_of
from gov_disclosure.readers.t3extra import narrow, subtotal_position
from gov_disclosure.readers.table3 import read_table3
from gov_disclosure.statutory import table_spec
from gov_disclosure.testing import consistent_values
from test_readers_reader import document, t3_lines, t3_row

SPEC = table_spec("三", Edition.E2021)
NAMES = [r.name for r in SPEC.rows]
NONE: frozenset[int] = frozenset()
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
FIVE = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def lines_rows(lines: Sequence[str]) -> list[Block]:
    return [Paragraph(line, line=i + 1) for i, line in enumerate(lines) if line]


def read(blocks: Sequence[Block]) -> TableRead:
    out = read_table3(rows_of(blocks), NONE, "t.txt", Edition.E2021)
    assert out is not None
    return out


def codes(table: TableRead) -> list[str]:
    return [f.code for f in table.findings]


def with_subtotal(row: Sequence[int], *, before: bool = False, wrong: int = 0) -> list[str]:
    """A row of seven statutory figures with a 小计 of the five (off by ``wrong``)."""
    sub = sum(row[1:6]) + wrong
    out = [*row[:6], sub, row[6]] if not before else [row[0], sub, *row[1:6], row[6]]
    return [str(v) for v in out]


def legal_row(name: str) -> list[int]:
    """t3_row with figures in the 法人或其他组织 columns too (relations kept per column)."""
    base = t3_row(name)
    return [base[0], base[0], 0, 1 if base[0] else 0, 0, 0, base[0] * 2 + (1 if base[0] else 0)]


# --- a 小计 column ----------------------------------------------------------------------------


def subtotal_grid(wrong: dict[str, int] | None = None, *, before: bool = False) -> Grid:
    wrong = wrong or {}
    legal = ["小计", *FIVE] if before else [*FIVE, "小计"]
    rows = [
        [NOTE, "自然人", "法人或其他组织", "", "", "", "", "", "总计"],
        ["", "", *legal, ""],
    ]
    for row in SPEC.rows:
        figures = with_subtotal(t3_row(row.name), before=before, wrong=wrong.get(row.name, 0))
        rows.append([row.label, *figures])
    return Grid.of(rows)


@pytest.mark.parametrize("before", [False, True])
def test_a_subtotal_column_named_by_its_header_is_dropped_and_agrees(before: bool) -> None:
    table = read([subtotal_grid(before=before)])
    assert codes(table) == []
    for name in NAMES:
        assert [table.values[f"{name}.{c.name}"] for c in SPEC.columns] == t3_row(name)


def test_a_subtotal_that_disagrees_is_reported_and_the_statutory_cells_still_read() -> None:
    table = read([subtotal_grid({"granted": 2})])
    assert codes(table) == ["R027"]
    (finding,) = table.findings
    assert finding.location.row[-1] == "（一）予以公开"
    assert "小计" in finding.message
    assert [table.values[f"granted.{c.name}"] for c in SPEC.columns] == t3_row("granted")


def test_subtotal_position_from_the_header_line() -> None:
    header = rows_of(lines_rows(["自然人\t" + "\t".join(FIVE) + "\t小计\t总计"]))
    assert subtotal_position(header, NONE) == 6
    header = rows_of(lines_rows(["法人或其他组织小计\t" + "\t".join(FIVE)]))
    assert subtotal_position(header, NONE) == 1
    assert subtotal_position(rows_of(lines_rows(["小计\t商业企业"])), NONE) is None
    assert subtotal_position(header, {header[0].index}) is None  # a claimed row is no header


def test_eight_figures_without_header_the_relations_decide() -> None:
    """Text without a header naming the columns: the legal columns hold figures, so only one
    of 小计-after and 小计-before keeps the row's sums."""
    lines = [NOTE + "\t申请人情况"]
    for row in SPEC.rows:
        lines.append("\t".join([row.label, *with_subtotal(legal_row(row.name))]))
    table = read(lines_rows(lines))
    assert codes(table) == []
    for name in NAMES:
        assert [table.values[f"{name}.{c.name}"] for c in SPEC.columns] == legal_row(name)


def test_eight_figures_that_no_reading_explains_are_not_read() -> None:
    source = Source(file="t.txt")
    out = narrow(["5", "1", "1", "1", "1", "1", "9", "99"], None, ("x",), source)
    assert out.figures is None
    assert out.finding is not None
    assert out.finding.code == "R027"
    out = narrow(["1", "0", "0", "0", "0", "0", "0", "1"], None, ("x",), source)
    assert out.figures == ("1", "0", "0", "0", "0", "0", "1")  # both readings are the same
    # both readings hold and differ → undecided (R022)
    out = narrow(["1", "2", "0", "0", "0", "0", "2", "3"], None, ("x",), source)
    assert out.figures is None
    assert out.finding is not None
    assert out.finding.code == "R022"
    # seven figures and a trailing blank cell are no eight figures
    out = narrow(["1", "0", "0", "0", "0", "0", "1", ""], None, ("x",), source)
    assert out.figures == ("1", "0", "0", "0", "0", "0", "1", "")
    assert out.finding is None


def test_an_undecided_row_of_eight_is_absent_not_missing() -> None:
    lines = t3_lines()
    at = next(i for i, line in enumerate(lines) if line.startswith("（一）予以公开"))
    lines[at] = "（一）予以公开\t1\t2\t0\t0\t0\t0\t2\t3"
    table = read(lines_rows(lines))
    assert codes(table) == ["R022"]
    assert "applications.granted.total" in table.absent
    assert "granted.total" not in table.values


def test_subtotal_column_in_an_html_page() -> None:
    head = (
        "<tr><td rowspan=2 colspan=3>申请人情况</td><td rowspan=2>自然人</td>"
        "<td colspan=6>法人或其他组织</td><td rowspan=2>总计</td></tr>"
        "<tr>" + "".join(f"<td>{c}</td>" for c in [*FIVE, "小计"]) + "</tr>"
    )
    body = "".join(
        f"<tr><td colspan=3>{row.label}</td>"
        + "".join(f"<td>{v}</td>" for v in with_subtotal(legal_row(row.name)))
        + "</tr>"
        for row in SPEC.rows
    )
    lines = document(t3=["T3"]).split("\n")
    html = "".join(
        f"<table>{head}{body}</table>" if line == "T3" else f"<p>{line}</p>" for line in lines
    )
    parsed = parse(f"<html><body>{html}</body></html>", format="html")
    assert [f.code for f in parsed.findings if f.code.startswith("R")] == []
    for name in NAMES:
        got = [parsed.report.get(f"applications.{name}.{c.name}") for c in SPEC.columns]
        assert got == legal_row(name)


# --- a 合计 row -------------------------------------------------------------------------------


def with_total_row(after: str, figures: Sequence[int]) -> list[str]:
    lines = t3_lines()
    at = next(
        i for i, line in enumerate(lines) if line.startswith(SPEC.rows[NAMES.index(after)].label)
    )
    lines.insert(at + 1, "\t".join(["合计", *(str(v) for v in figures)]))
    return lines


def column_sum(names: Sequence[str]) -> list[int]:
    return [sum(t3_row(n)[j] for n in names) for j in range(7)]


@pytest.mark.parametrize(
    ("after", "summed"),
    [
        ("carried_over", ["received", "carried_over"]),
        ("refused.inquiry_matters", [n for n in NAMES if n.startswith("refused.")]),
        ("partially_granted", ["granted", "partially_granted"]),
    ],
)
def test_a_total_row_that_agrees_gives_no_finding(after: str, summed: list[str]) -> None:
    table = read(lines_rows(with_total_row(after, column_sum(summed))))
    assert codes(table) == []
    assert all(table.values[f"{n}.total"] == t3_row(n)[6] for n in NAMES)


def test_a_total_row_that_disagrees_is_reported() -> None:
    wrong = column_sum(["received", "carried_over"])
    wrong[0] += 1
    table = read(lines_rows(with_total_row("carried_over", wrong)))
    assert codes(table) == ["R027"]
    assert "一、本年新收政府信息公开申请数量" in table.findings[0].message
    assert all(table.values[f"{n}.total"] == t3_row(n)[6] for n in NAMES)


# --- by position ------------------------------------------------------------------------------


def mangle(label: str) -> str:
    """A label no key matches: every other character replaced (as a bad font maps them)."""
    return "".join(c if i % 2 else "某" for i, c in enumerate(label))


def render(values: Sequence[Cell], *, how: str, rng: random.Random) -> list[str]:
    """Table 三 as text lines in a layout whose labels cannot be matched."""
    lines = ["申请人情况"] if how != "fragment" else []
    width = len(SPEC.columns)
    for i, row in enumerate(SPEC.rows):
        figures = ["" if v is None else str(v) for v in values[i * width : (i + 1) * width]]
        label = mangle(row.label)
        if how == "wrapped":  # the label over two lines, the figures on the second
            cut = rng.randint(1, max(1, len(label) - 1))
            lines += [label[:cut], "\t".join([label[cut:], *figures])]
        elif how == "per-line":
            lines += [label, *figures]
        elif how == "figures-only":  # one cell per line, the label column lost
            lines += figures
        else:
            lines.append("\t".join([label, *figures]))
    return lines


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    how=st.sampled_from(["wrapped", "per-line", "figures-only", "fragment"]),
    damage=st.sampled_from(["none", "drop-row", "change-figure", "extra-row"]),
)
def test_by_position_right_or_reported_never_wrong(seed: int, how: str, damage: str) -> None:
    rng = random.Random(seed)
    values = list(consistent_values(SPEC, rng, high=rng.choice([3, 20, 500])))
    if damage == "change-figure":  # the source breaks a relation: its figure is the truth
        k = rng.randrange(len(values))
        values[k] = (values[k] or 0) + 1
    lines = render(values, how=how, rng=rng)
    figure_lines = [i for i, line in enumerate(lines) if line and line[-1].isdigit()]
    per_line = how in ("per-line", "figures-only")
    if damage == "drop-row" and not per_line:
        del lines[rng.choice(figure_lines)]
    elif damage == "extra-row" and not per_line:
        lines.insert(rng.choice(figure_lines), "\t".join(["7"] * 7))
    table = read_table3(rows_of(lines_rows(lines)), NONE, "t.txt", Edition.E2021)
    truth = {c.path: v for c, v in zip(SPEC.cells, values, strict=True)}
    read_values = table.values if table is not None else {}
    for path, value in read_values.items():
        assert value == truth[path], path  # never a wrong figure
    intact = damage == "none" or (per_line and damage != "change-figure")
    if intact:
        assert table is not None
        assert read_values == truth  # by the labels' gaps (R019) or by position (R028)
        assert {"R019", "R028"} & set(codes(table))
        if how == "figures-only":
            assert codes(table) == ["R028"]
    elif table is not None and len(read_values) < len(truth):
        assert table.findings  # what is not read is reported


def test_by_position_lists_the_broken_relations() -> None:
    rng = random.Random(5)
    values = list(consistent_values(SPEC, rng, high=20))
    values[0] = (values[0] or 0) + 1  # 自然人 of 一: its row sum and its column's flow break
    table = read(lines_rows(render(values, how="figures-only", rng=rng)))
    assert table.values == {}
    (refused,) = [f for f in table.findings if f.code == "R029"]
    assert "A301 一、本年新收政府信息公开申请数量" in refused.message
    assert "A303 自然人" in refused.message


def test_by_position_agrees_with_the_rows_read_by_label() -> None:
    """Rows read by their label take part: a positional reading must keep them."""
    rng = random.Random(9)
    values = consistent_values(SPEC, rng, high=20)
    lines = render(values, how="figures-only", rng=rng)
    lines[1:8] = ["\t".join([SPEC.rows[0].label, *lines[1:8]])]  # one row with its label
    table = read(lines_rows(lines))
    assert codes(table) == ["R028"]
    assert table.values == {c.path: v for c, v in zip(SPEC.cells, values, strict=True)}


def test_broken_relations_blank_counts_zero_and_text_breaks() -> None:
    values: list[Cell] = [0] * len(SPEC.cells)
    assert broken_relations(SPEC, values) == []
    values[0] = None
    assert broken_relations(SPEC, values) == []
    values[0] = 1
    assert {r.code for r in broken_relations(SPEC, values)} == {"A301", "A303"}


def test_a_whole_report_one_cell_per_line_reads_by_position() -> None:
    rng = random.Random(3)
    values = consistent_values(SPEC, rng, high=50)
    parsed = parse(document(t3=render(values, how="figures-only", rng=rng)), format="text")
    assert [f.code for f in parsed.findings if f.code.startswith("R0")] == ["R028"]
    for cell, value in zip(SPEC.cells, values, strict=True):
        assert parsed.report.get(f"applications.{cell.path}") == value


def test_a_text_row_that_lost_a_blank_under_an_eight_column_header() -> None:
    """Text under a header of eight columns: a row with a blank cell that left no trace is
    placed by the row's sums, never shifted (the 小计 is not read as the 总计)."""
    header = "自然人\t" + "\t".join(FIVE) + "\t小计\t总计"
    lines = [NOTE + "\t申请人情况", header]
    for row in SPEC.rows:
        lines.append("\t".join([row.label, *with_subtotal(legal_row(row.name))]))
    at = next(i for i, line in enumerate(lines) if line.startswith("（一）予以公开"))
    granted = legal_row("granted")
    figures = [str(v) for v in (*granted[:6], granted[6])]  # its 小计 blank and gone
    lines[at] = "\t".join(["（一）予以公开", *figures])
    table = read(lines_rows(lines))
    assert codes(table) == []
    assert [table.values[f"granted.{c.name}"] for c in SPEC.columns] == granted
    # a blank among the five is undecidable by sums (they are commutative): not read
    lines[at] = "\t".join(["（一）予以公开", "1", "1", "1", "0", "0", "2", "3"])
    table = read(lines_rows(lines))
    assert codes(table) == ["R022"]
    assert "granted.total" not in table.values
    lines[at] = "（一）予以公开\t1\t1\t2"  # 1, 1, 2 fits 自然人, one legal column, 总计 many ways
    table = read(lines_rows(lines))
    assert codes(table) == ["R022"]
    assert "applications.granted.total" in table.absent
