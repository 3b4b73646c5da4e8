"""Table 四 in the layouts agencies and crawlers print: each layout has a generator here, and a
property test renders random consistent values into it and reads them back — every cell right,
or blank with a finding, never a wrong figure."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from gov_disclosure.readers.blocks import Paragraph
from gov_disclosure.readers.rows import Row, rows_of
from gov_disclosure.readers.table4 import header_words, read_table4
from gov_disclosure.statutory import table_spec
from gov_disclosure.testing import consistent_values

SPEC = table_spec("四")
GROUPS = ("review", "lawsuit_direct", "lawsuit_after_review")
OUTCOMES = ("upheld", "corrected", "other", "pending", "total")
LABEL = {
    "review": "行政复议",
    "lawsuit_direct": "未经复议直接起诉",
    "lawsuit_after_review": "复议后起诉",
}
OUTCOME_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
Values = dict[str, int]
"""Cell path (``review.total``) → value."""


def rows(lines: Sequence[str]) -> list[Row]:
    return rows_of(Paragraph(line, line=i + 1) for i, line in enumerate(lines) if line)


def read(lines: Sequence[str]) -> tuple[dict[str, object], list[str], frozenset[str]]:
    rs = rows(lines)
    got = read_table4(rs, frozenset(), (4,) * len(rs), "t.txt")
    assert got is not None
    return dict(got.values), [f.code for f in got.findings], got.absent


def values_of(rng: random.Random, high: int = 20) -> Values:
    drawn = consistent_values(SPEC, rng, high=high)
    return {c.path: int(v) for c, v in zip(SPEC.cells, drawn, strict=True) if v is not None}


def figures(values: Values, groups: Sequence[str]) -> list[str]:
    return [str(values[f"{g}.{o}"]) for g in groups for o in OUTCOMES]


# --- layout generators -------------------------------------------------------------------------


def stacked_header(groups: Sequence[str], *, labels: bool, sep: str) -> list[str]:
    """The header over three lines: 行政复议 | 行政诉讼, the litigation groups, the outcomes."""
    lines: list[str] = []
    if labels:
        top: list[str] = []
        for g in groups:
            if g == "review":
                top.append("行政复议")
            elif "行政诉讼" not in top:
                top.append("行政诉讼")
        lines.append(sep.join(top))
        litigation = [LABEL[g] for g in groups if g != "review"]
        if litigation:
            lines.append(sep.join(litigation))
    lines.append(sep.join(OUTCOME_LABELS * len(groups)))
    return lines


def one_line(values: Values, order: Sequence[str], labels: bool, sep: str) -> list[str]:
    """The header, then the fifteen figures on one line (``sep`` '' runs them together)."""
    head_sep = "" if sep in ("", " ") else sep
    return [*stacked_header(order, labels=labels, sep=head_sep), sep.join(figures(values, order))]


def one_per_line(values: Values, order: Sequence[str], labels: bool) -> list[str]:
    return [*stacked_header(order, labels=labels, sep="\t"), *figures(values, order)]


def separate_tables(values: Values, parts: Sequence[Sequence[str]]) -> list[str]:
    """Each part of the groups printed as a table of its own, header then figures."""
    out: list[str] = []
    for part in parts:
        out += stacked_header(part, labels=True, sep="\t")
        out.append("\t".join(figures(values, part)))
    return out


def group_rows(values: Values, order: Sequence[str]) -> list[str]:
    """One row per group, labelled, after the outcomes' header."""
    return [
        "\t".join(["项目", *OUTCOME_LABELS]),
        *("\t".join([LABEL[g], *figures(values, [g])]) for g in order),
    ]


def transposed(values: Values, order: Sequence[str]) -> list[str]:
    """Each group's five figures down a column, one row per outcome."""
    return [
        "\t".join(["项目", *(LABEL[g] for g in order)]),
        *(
            "\t".join([label, *(str(values[f"{g}.{o}"]) for g in order)])
            for o, label in zip(OUTCOMES, OUTCOME_LABELS, strict=True)
        ),
    ]


def ocr(values: Values, order: Sequence[str], rng: random.Random) -> list[str]:
    """OCR-like text: stray spaces in labels, 行政复议 split over lines, full-width digits."""
    spaced = [" ".join(label) if rng.random() < 0.5 else label for label in OUTCOME_LABELS]
    litigation = [" ".join(LABEL[g]) for g in order if g != "review"]
    return [
        "行政",
        "复议    行 政 诉 讼",
        "    ".join(litigation),
        "    ".join(spaced * 3),
        "  ".join(_ocr_figure(f, rng) for f in figures(values, order)),
    ]


def _ocr_figure(figure: str, rng: random.Random) -> str:
    """A figure as OCR gives it: full-width digits, or the letter O for a 0, now and then."""
    full = str.maketrans("0123456789", "０１２３４５６７８９")
    if rng.random() < 0.3:
        figure = figure.replace("0", "O")
    return figure.translate(full) if rng.random() < 0.5 else figure


ORDERS = (
    ("review", "lawsuit_direct", "lawsuit_after_review"),
    ("review", "lawsuit_after_review", "lawsuit_direct"),
)

Layout = Callable[[Values, random.Random], list[str]]
LAYOUTS: dict[str, Layout] = {
    "one line, tabs": lambda v, r: one_line(v, r.choice(ORDERS), True, "\t"),
    "one line, spaces": lambda v, r: one_line(v, r.choice(ORDERS), True, " "),
    "one line, no labels": lambda v, r: one_line(v, ORDERS[0], False, "  "),
    "run together": lambda v, r: one_line(v, r.choice(ORDERS), True, ""),
    "run together, no labels": lambda v, r: one_line(v, ORDERS[0], False, ""),
    "one per line": lambda v, r: one_per_line(v, r.choice(ORDERS), True),
    "one per line, no labels": lambda v, r: one_per_line(v, ORDERS[0], False),
    "two tables": lambda v, r: separate_tables(v, [["review"], list(r.choice(ORDERS)[1:])]),
    "three tables": lambda v, r: separate_tables(v, [[g] for g in r.sample(GROUPS, 3)]),
    "group rows": lambda v, r: group_rows(v, r.sample(GROUPS, 3)),
    "transposed": lambda v, r: transposed(v, r.sample(GROUPS, 3)),
    "ocr": lambda v, r: ocr(v, r.choice(ORDERS), r),
}


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(LAYOUTS)), st.randoms(use_true_random=False), st.integers(2, 300))
def test_every_layout_reads_every_cell_right_or_reports_it(
    layout: str, rng: random.Random, high: int
) -> None:
    values = values_of(rng, high)
    got, codes, absent = read(LAYOUTS[layout](values, rng))
    for path, expected in values.items():
        if got.get(path) is None:
            assert codes, (layout, path)  # a cell left unread carries a finding
        else:
            assert got[path] == expected, (layout, path)
    if not layout.startswith(("run together", "ocr")):
        assert got == values, layout  # separated figures: read in full, every cell
        assert not absent


# --- explicit cases ----------------------------------------------------------------------------

V = {
    **{f"review.{o}": v for o, v in zip(OUTCOMES, (3, 1, 0, 2, 6), strict=True)},
    **{f"lawsuit_direct.{o}": v for o, v in zip(OUTCOMES, (5, 0, 1, 0, 6), strict=True)},
    **{f"lawsuit_after_review.{o}": v for o, v in zip(OUTCOMES, (0, 0, 0, 1, 1), strict=True)},
}


def test_litigation_groups_in_either_order_are_placed_by_their_labels() -> None:
    lines = [
        "行政复议\t行政诉讼",
        "复议后起诉\t未经复议直接起诉",
        "\t".join(OUTCOME_LABELS * 3),
        "\t".join(figures(V, ["review", "lawsuit_after_review", "lawsuit_direct"])),
    ]
    got, codes, _ = read(lines)
    assert got == V
    assert codes == []


def test_litigation_printed_before_review_keeps_its_place() -> None:
    lines = [
        "行政诉讼\t行政复议",
        "未经复议直接起诉\t复议后起诉",
        "\t".join(OUTCOME_LABELS * 3),
        "\t".join(figures(V, ["lawsuit_direct", "lawsuit_after_review", "review"])),
    ]
    assert read(lines)[0] == V


def test_a_group_printed_alone_leaves_the_others_absent() -> None:
    got, _, absent = read(["行政复议", "\t".join(OUTCOME_LABELS), "3 1 0 2 6"])
    assert got == {k: v for k, v in V.items() if k.startswith("review.")}
    assert "reviews.lawsuit_direct.total" in absent
    assert "reviews.review.total" not in absent


def test_crawled_header_and_digits_run_together_split_by_group_sums() -> None:
    header = "行政复议行政诉讼" + "".join(OUTCOME_LABELS) + "未经复议直接起诉复议后起诉"
    header += "".join(OUTCOME_LABELS * 2)
    run = "".join(figures(V, ["review", "lawsuit_direct", "lawsuit_after_review"]))
    got, codes, _ = read([header, run])
    # 310265010600011: one split alone keeps every group sum (R023).
    assert got == V
    assert codes == ["R023"]


def test_figures_fewer_than_cells_with_several_placements_give_the_candidates_no_value() -> None:
    rs = rows(["行政复议", "\t".join(OUTCOME_LABELS), "2 2"])
    got = read_table4(rs, frozenset(), (4,) * len(rs), None)
    assert got is not None
    assert all(v is None for v in got.values.values())
    assert [f.code for f in got.findings] == ["R022"]
    assert got.findings[0].source is not None
    assert got.findings[0].source.line == 3


def test_letter_o_read_as_zero_only_where_the_sums_confirm() -> None:
    got, codes, _ = read(["行政复议", "\t".join(OUTCOME_LABELS), "3 O 1 O 4"])
    assert got == {
        "review.upheld": 3,
        "review.corrected": 0,
        "review.other": 1,
        "review.pending": 0,
        "review.total": 4,
    }
    assert codes == ["R023"]
    got, codes, _ = read(["行政复议", "\t".join(OUTCOME_LABELS), "3 O 1 O 5"])
    assert got["review.corrected"] is None
    assert got["review.pending"] is None
    assert got["review.total"] == 5
    assert "R015" in codes


def test_transposed_grid_like_text_with_a_short_row_reports_it() -> None:
    lines = [
        "项目\t行政复议\t未经复议直接起诉\t复议后起诉",
        "结果维持\t3\t5",
        *(
            "\t".join([label, *(str(V[f"{g}.{o}"]) for g in GROUPS)])
            for o, label in zip(OUTCOMES[1:], OUTCOME_LABELS[1:], strict=True)
        ),
    ]
    got, codes, _ = read(lines)
    assert "review.upheld" not in got
    assert got["review.total"] == 6
    assert codes == ["R013"]


def test_header_words_read_run_together_and_cut_words() -> None:
    words, rest = header_words("行政复议行政诉讼未经复议直接起诉复议")
    assert [w.name for w in words] == ["review", "", "lawsuit_direct"]
    assert rest == "复议"
    assert header_words("结果维持/总计")[1] == ""
    assert header_words("政府信息公开")[1] == "政府信息公开"


def test_a_sentence_ends_the_table() -> None:
    lines = ["行政复议", "\t".join(OUTCOME_LABELS), "3", "本年度未发生行政诉讼。", "1 0 0 0 1"]
    got, codes, _ = read(lines)
    assert got == {}  # "3" alone for five cells is not read; the figures after the sentence
    assert codes == ["R013"]  # are no part of the table


SHANGHAI_2025 = (40, 0, 10, 5, 55, 2, 0, 4, 6, 12, 6, 0, 9, 7, 22)
"""Table 四 of 上海市人民政府办公厅's 2025 report."""


def test_header_words_wrapped_in_narrow_columns_and_a_note_are_passed_over() -> None:
    """A PDF's header whose outcome labels wrap inside narrow columns (``结果`` / ``维持``) reads
    the groups from the lines that hold them whole; a note under the header is no end."""
    lines = [
        "行政复议行政诉讼",
        "未经复议直接起诉复议后起诉",
        "结果结果其他尚未",
        "总计结果结果其他尚未结果结果其他尚未",
        "维持纠正结果审结维持纠正结果审结",
        "注：行政复议、行政诉讼数量含上年度结转数量。",
        "维持\t纠正\t结果\t审结\t总计\t总计",
        "\t".join(str(v) for v in SHANGHAI_2025),
    ]
    got, codes, _ = read(lines)
    assert got == {c.path: v for c, v in zip(SPEC.cells, SHANGHAI_2025, strict=True)}
    assert codes == []


def test_a_row_of_another_table_ends_table_four() -> None:
    lines = ["行政复议", "\t".join(OUTCOME_LABELS), "（七）总计\t1\t2\t3", "3 1 0 2 6"]
    got, codes, _ = read(lines)
    assert got == {}
    assert codes == []


def test_an_empty_field_between_tabs_is_a_blank_cell_where_it_stands() -> None:
    lines = ["行政复议", "\t".join(OUTCOME_LABELS), "3\t1\t\t2\t6"]
    got, codes, absent = read(lines)
    assert got == {
        "review.upheld": 3,
        "review.corrected": 1,
        "review.other": None,
        "review.pending": 2,
        "review.total": 6,
    }
    assert codes == []
    assert "reviews.review.other" not in absent


def test_a_short_label_before_the_figures_under_a_header_is_passed_over() -> None:
    """``数量 3 1 0 2 6`` under the header is the table's row of figures; a long unknown label
    is another table's row and ends table 四."""
    header = ["行政复议", "\t".join(OUTCOME_LABELS)]
    got, codes, _ = read([*header, "数量\t3\t1\t0\t2\t6"])
    assert got == {k: v for k, v in V.items() if k.startswith("review.")}
    assert codes == []
    assert read([*header, "本机关办理数量合计\t3\t1\t0\t2\t6"])[0] == {}


def test_a_caption_merged_with_the_first_header_label_is_no_label() -> None:
    """A spreadsheet saved from the page puts the caption and ``行政复议`` in one merged cell:
    the header still names three groups, and the fifteen figures fill them."""
    from gov_disclosure.readers.blocks import Grid

    values = values_of(random.Random(4))
    order = ("review", "lawsuit_direct", "lawsuit_after_review")
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    grid = Grid.of(
        [
            ["表四\u3000政府信息公开行政复议、行政诉讼情况 \n行政复议", "行政诉讼", ""],
            [*outcomes, "未经复议直接起诉", "复议后起诉"],
            outcomes * 3,
            figures(values, order),
        ]
    )
    rs = rows_of([grid])
    got = read_table4(rs, frozenset(), (4,) * len(rs), "t.xlsx")
    assert got is not None
    assert dict(got.values) == values
    assert not got.findings
