"""Each stage of the table reader on its own: rows in, its result, findings and the rows it
consumed out; the rows other stages claimed are never read; nothing on a row changes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs
import pytest

from gov_disclosure import Edition
from gov_disclosure.readers.blocks import Paragraph
from gov_disclosure.readers.placing import Found, following_figures
from gov_disclosure.readers.reader import read_blocks
from gov_disclosure.readers.rows import Row, rows_of
from gov_disclosure.readers.table2 import choose_form as t2_form
from gov_disclosure.readers.table2 import read_table2
from gov_disclosure.readers.table3 import choose_form as t3_form
from gov_disclosure.readers.table3 import read_table3
from gov_disclosure.readers.table4 import read_table4
from gov_disclosure.statutory import EDITIONS, table_spec
from package_copy import changed_files, copy_package, run_on_copy
from test_editions import STATUTORY_AFTER, STATUTORY_BEFORE, TABLES_CLASSES, _insert_after
from test_readers_reader import T2_2021, T4_HEADER, T4_ROW, document, t3_lines, t3_row

NONE: frozenset[int] = frozenset()


def rows(lines: Sequence[str]) -> list[Row]:
    """The rows of text lines, one paragraph per line."""
    return rows_of(Paragraph(line, line=i + 1) for i, line in enumerate(lines) if line)


def unjoined(lines: Sequence[str]) -> list[Row]:
    """The rows of text lines, each read alone: a label and its figures one per line stay
    rows of their own (the rows stage joins them; the table stages still meet such rows where
    it cannot, as across pages)."""
    out = [row for line in lines if line for row in rows_of([Paragraph(line)])]
    for i, row in enumerate(out):
        row.index = i
    return out


def index_of(rs: Sequence[Row], start: str) -> int:
    """The index of the first row whose text starts with ``start``."""
    return next(r.index for r in rs if r.text.startswith(start))


# --- rows ------------------------------------------------------------------------------------


def test_rows_carry_no_flag_and_reading_changes_none() -> None:
    """A row has no flag for the stages to set; reading a whole report leaves every row as built."""
    fields = {f.name for f in attrs.fields(Row)}
    assert "used" not in fields
    assert "section" not in fields
    text = document()
    blocks = [Paragraph(line, line=i + 1) for i, line in enumerate(text.split("\n"))]
    before = [attrs.asdict(r) for r in rows_of(blocks)]
    built = rows_of(blocks)
    read_blocks(blocks, file="r.txt")
    assert [attrs.asdict(r) for r in built] == before


# --- table 三 --------------------------------------------------------------------------------


def test_table3_reads_its_rows_and_consumes_exactly_them() -> None:
    lines = ["前言一句。", *t3_lines(), "后记一句。"]
    rs = rows(lines)
    read = read_table3(rs, NONE, "f.txt", Edition.E2021)
    assert read is not None
    assert read.spec.form is Edition.E2021
    assert read.findings == ()
    assert read.values["received.natural_person"] == t3_row("received")[0]
    assert read.values["carried_forward.total"] == t3_row("carried_forward")[6]
    assert read.consumed == frozenset(range(1, len(rs) - 1))  # caption and rows, no prose
    assert read.sources["applications.received.natural_person"].line == 3


def test_table3_skips_the_claimed_rows() -> None:
    """A row an earlier stage claimed is not read: its row is reported missing, not consumed."""
    rs = rows(t3_lines())
    granted = index_of(rs, "（一）予以公开")
    read = read_table3(rs, frozenset({granted}), None, Edition.E2021)
    assert read is not None
    assert granted not in read.consumed
    assert "granted.natural_person" not in read.values
    assert "applications.granted.total" in read.absent
    assert [f.code for f in read.findings] == ["R012"]


def test_table3_without_caption_or_label_is_none_and_a_sentence_is_no_caption() -> None:
    assert read_table3(rows(["本年度工作顺利。"]), NONE, None, Edition.E2021) is None
    sentence = rows(["申请人情况  本年度没有变化。"])
    assert sentence[0].prose
    assert read_table3(sentence, NONE, None, Edition.E2021) is None
    caption = rows(["申请人情况"])
    read = read_table3(caption, NONE, None, Edition.E2021)
    assert read is not None
    assert read.consumed == frozenset({0})


def test_table3_gap_rows_fill_only_their_own_gap() -> None:
    """A row of figures without a label fills the one statutory row its gap leaves, in each of
    two gaps; the figures go to the row of their own gap."""
    lines = t3_lines()
    out = []
    for line in lines:
        if line.startswith(("（一）予以公开", "3.补正后申请内容仍不明确")):
            out.append("\t".join(line.split("\t")[1:]))  # the label lost
        else:
            out.append(line)
    rs = rows(out)
    read = read_table3(rs, NONE, None, Edition.E2021)
    assert read is not None
    assert read.values["granted.total"] == t3_row("granted")[6]
    assert read.values["unavailable.still_unclear.total"] == t3_row("unavailable.still_unclear")[6]
    assert [f.code for f in read.findings] == ["R019", "R019"]
    assert {f.location.row for f in read.findings} == {
        table_spec("三", Edition.E2021).rows[2].labels,
        next(r.labels for r in table_spec("三", Edition.E2021).rows if r.name.endswith("unclear")),
    }


def test_table3_gap_that_does_not_fit_is_reported_not_read() -> None:
    """Two rows of figures in a gap of one statutory row: neither is read (R020 each)."""
    lines = t3_lines()
    at = next(i for i, line in enumerate(lines) if line.startswith("（一）予以公开"))
    lines[at] = "\t".join(lines[at].split("\t")[1:])
    lines.insert(at, "\t".join(["9"] * 7))
    read = read_table3(rows(lines), NONE, None, Edition.E2021)
    assert read is not None
    assert "granted.total" not in read.values
    assert [f.code for f in read.findings] == ["R020", "R020", "R012"]
    assert {at, at + 1} <= read.consumed


def test_table3_one_figure_per_line_stops_at_a_claimed_row() -> None:
    figures = [str(v) for v in t3_row("received")]
    lines = [*t3_lines(skip=("received",))[:1], "一、本年新收政府信息公开申请数量", *figures]
    lines += t3_lines(skip=("received",))[1:]
    rs = unjoined(lines)
    read = read_table3(rs, NONE, None, Edition.E2021)
    assert read is not None
    assert read.values["received.total"] == t3_row("received")[6]
    assert read.findings == ()
    assert set(range(2, 9)) <= read.consumed
    claimed = frozenset({5})
    read = read_table3(rs, claimed, None, Edition.E2021)
    assert read is not None
    assert "received.total" not in read.values
    assert not read.consumed & claimed


def test_table3_form_by_the_rows_named() -> None:
    read = read_table3(rows(t3_lines(Edition.E2019)), NONE, None, Edition.E2021)
    assert read is not None
    assert read.spec.form is Edition.E2019
    read = read_table3(rows(t3_lines(Edition.E2021)), NONE, None, Edition.E2019)
    assert read is not None
    assert read.spec.form is Edition.E2021
    shared = [
        line for line in t3_lines() if not line.startswith(("1.申请人", "2.申请人", "3.其他"))
    ]
    for fallback in EDITIONS:
        read = read_table3(rows(shared), NONE, None, fallback)
        assert read is not None
        assert read.spec.form is fallback


def test_table3_choose_form_scores_every_edition() -> None:
    every = {r.name for form in EDITIONS for r in table_spec("三", form).rows}
    for form in EDITIONS:
        own = {r.name for r in table_spec("三", form).rows}
        others = every - own
        if others:  # rows this form alone lacks decide against it
            assert t3_form(own, form) is form
    assert t3_form({"received"}, Edition.E2019) is Edition.E2019
    assert t3_form({"received", "other"}, Edition.E2021) is Edition.E2019
    assert t3_form({"received", "other.other"}, Edition.E2019) is Edition.E2021


# --- table 二 --------------------------------------------------------------------------------


def test_table2_reads_consumes_and_skips_claimed() -> None:
    rs = rows(T2_2021)
    read = read_table2(rs, NONE, None, Edition.E2019)
    assert read is not None
    assert read.spec.form is Edition.E2021  # by its headers, whatever the fallback
    assert read.values["licensing"] == 97
    assert read.consumed == frozenset(range(len(rs)))
    licensing = index_of(rs, "行政许可")
    read = read_table2(rs, frozenset({licensing}), None, Edition.E2021)
    assert read is not None
    assert "licensing" not in read.values
    assert licensing not in read.consumed
    assert [f.code for f in read.findings] == ["R012"]


def test_table2_a_sentence_starting_with_its_header_is_prose() -> None:
    rs = rows(["信息内容均已公开。", *T2_2021])
    read = read_table2(rs, NONE, None, Edition.E2021)
    assert read is not None
    assert 0 not in read.consumed
    assert read_table2(rows(["信息内容均已公开。"]), NONE, None, Edition.E2021) is None


def test_table2_one_figure_per_line_is_consumed_and_not_reread() -> None:
    lines = ["第二十条第（一）项", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数"]
    lines += ["规章", "1", "0", "5", "行政规范性文件\t2\t1\t9"]
    rs = unjoined(lines)
    read = read_table2(rs, NONE, None, Edition.E2021)
    assert read is not None
    assert read.values["regulations.issued"] == 1
    assert read.values["regulations.in_force"] == 5
    assert {3, 4, 5} <= read.consumed
    read = read_table2(rs, frozenset({4}), None, Edition.E2021)
    assert read is not None
    assert "regulations.issued" not in read.values


def _found(name: str, figures: Sequence[str]) -> Found:
    from gov_disclosure.readers.labels import Target

    return Found(Target("二", name, 0, ()), tuple(figures), rows(["x"])[0])


def test_table2_choose_form_by_headers_rows_and_widths() -> None:
    assert t2_form(["本年新制作数量"], [], Edition.E2021) is Edition.E2019
    assert t2_form(["本年制发件数"], [], Edition.E2019) is Edition.E2021
    assert t2_form([], [_found("procurement", ["1", "2"])], Edition.E2021) is Edition.E2019
    assert t2_form([], [_found("licensing", ["97"])], Edition.E2019) is Edition.E2021
    assert t2_form([], [_found("licensing", ["3", "1", "97"])], Edition.E2021) is Edition.E2019
    assert t2_form([], [_found("licensing", ["3", "1"])], Edition.E2021) is Edition.E2019
    assert t2_form([], [_found("licensing", [])], Edition.E2019) is Edition.E2019
    for fallback in EDITIONS:  # nothing decides: the fallback
        assert t2_form([], [_found("regulations", ["1", "0", "5"])], fallback) is fallback


# --- table 四 --------------------------------------------------------------------------------


def test_table4_reads_the_row_after_its_header_within_the_section() -> None:
    rs = rows([T4_HEADER, T4_ROW])
    read = read_table4(rs, NONE, (4, 4), None)
    assert read is not None
    assert read.values["review.total"] == 1
    assert read.consumed == frozenset({0, 1})
    other = read_table4(rs, NONE, (4, 5), None)  # the figures stand in the next section
    assert other is not None
    assert other.values == {}
    assert other.consumed == frozenset({0})


def test_table4_skips_claimed_rows() -> None:
    rs = rows([T4_HEADER, T4_ROW])
    assert read_table4(rs, frozenset({0}), (4, 4), None) is None


def test_table4_by_group_labels_marks_missing_groups_absent() -> None:
    lines = ["行政复议\t1\t0\t0\t0\t1", "未经复议直接起诉\t1\t0\t0\t0\t1", "后记。"]
    rs = rows(lines)
    read = read_table4(rs, NONE, (4, 4, 4), None)
    assert read is not None
    assert read.consumed == frozenset({0, 1})
    assert read.values["review.total"] == 1
    assert {p for p in read.absent if p.startswith("reviews.lawsuit_after_review.")}
    assert not {p for p in read.absent if p.startswith("reviews.review.")}
    read = read_table4(rs, frozenset({1}), (4, 4, 4), None)
    assert read is not None
    assert read.consumed == frozenset({0})


# --- shared ----------------------------------------------------------------------------------


@pytest.mark.parametrize("taken", [frozenset(), frozenset({2})])
def test_following_figures_exactly_width_and_not_taken(taken: frozenset[int]) -> None:
    rs = unjoined(["规章", "1", "0", "5", "9"])
    got = following_figures(rs, rs[0], 3, taken)
    assert got == (() if taken else ("1", "0", "5"))
    assert following_figures(rs, rs[0], 5, NONE) == ()  # only four lines follow


def test_read_blocks_passes_each_stage_the_rows_claimed_before() -> None:
    """The rows the tables consumed are no prose of their sections."""
    text = document()
    blocks = [Paragraph(line, line=i + 1) for i, line in enumerate(text.split("\n"))]
    report = read_blocks(blocks, file="r.txt").report
    assert report.proactive is not None
    assert report.applications is not None
    assert report.reviews is not None
    assert report.proactive.prose == ()
    assert report.applications.prose == ()
    assert report.reviews.prose == ()


def test_table3_stray_figures_inside_the_table_are_reported_after_it_left_alone() -> None:
    lines = t3_lines()
    at = next(i for i, line in enumerate(lines) if line.startswith("（一）予以公开"))
    inside = [*lines[:at], "5\t6", *lines[at:]]
    read = read_table3(rows(inside), NONE, None, Edition.E2021)
    assert read is not None
    assert [f.code for f in read.findings] == ["R020"]
    assert at in read.consumed
    after = [*lines, "5\t6"]
    read = read_table3(rows(after), NONE, None, Edition.E2021)
    assert read is not None
    assert read.findings == ()
    assert len(after) - 1 not in read.consumed


# --- a third edition -------------------------------------------------------------------------

THIRD_EDITION_LAYOUT = """
_T2_BLOCKS[Edition.E2025] = (
    _block(
        "（一）",
        (
            ColumnSpec("issued", ("本年新制定件数",)),
            ColumnSpec("repealed", ("本年宣布失效件数",)),
            ColumnSpec("in_force", ("现行有效件数",)),
        ),
        (("regulations", "规章"), ("normative_documents", "行政规范性文件")),
    ),
    *_T2_BLOCKS[Edition.E2021][1:],
)
_T3_OTHER[Edition.E2025] = (
    ("other.no_correction", (_RESULTS, _OTHER, "1.申请人逾期不补正、不再处理")),
    ("other.unpaid_fees", (_RESULTS, _OTHER, "2.申请人逾期不缴费、不再处理")),
    ("other.other", (_RESULTS, _OTHER, "3.其他情形")),
)
"""

THIRD_EDITION_READ = r"""
import gov_disclosure as gd
from gov_disclosure.render import render
from gov_disclosure.statutory import Edition
from gov_disclosure.testing import sample_report

new = Edition("2025")
for year in (2025, 2024):
    report = sample_report(new, year=year)
    text = render(report, to="text")
    assert "本年宣布失效件数" in text and "3.其他情形" in text
    # No edition line: the forms come from the tables' own labels and rows.
    text = "\n".join(line for line in text.split("\n") if not line.startswith("格式"))
    parsed = gd.parse(text, format="text", file="r.txt")
    reading = [f.code for f in parsed.findings if f.code.startswith("R")]
    assert parsed.report.proactive.form is new, (year, parsed.report.proactive.form)
    assert parsed.report.proactive.values() == report.proactive.values(), year
    if year == 2025:
        assert reading == [], reading
        assert parsed.report.edition is new
        assert parsed.report.applications.form is new
        assert parsed.report.applications.values() == report.applications.values()
print("third edition read: ok")
"""


def third_edition(tmp_path: Path, layout: str) -> Path:
    """A copy of the package with the fictitious third edition of test_editions, its tables
    laid out by ``layout`` (inserted after the edition's own lines in statutory.py)."""
    package = copy_package(tmp_path)
    statutory = package / "statutory.py"
    text = statutory.read_text(encoding="utf-8")
    for anchor, addition in STATUTORY_AFTER:
        text = _insert_after(text, anchor, addition)
    for anchor, addition in STATUTORY_BEFORE.items():
        text = text.replace(anchor, addition + layout.lstrip("\n") + anchor)
    statutory.write_text(text, encoding="utf-8")
    tables = package / "model" / "tables.py"
    text = tables.read_text(encoding="utf-8")
    text = text.replace(
        "# --- the registry ---", TABLES_CLASSES.strip() + "\n\n\n# --- the registry ---"
    )
    for old, new in (
        ("Proactive2019 | Proactive2021", "Proactive2019 | Proactive2021 | Proactive2025"),
        (
            "Applications2019 | Applications2021",
            "Applications2019 | Applications2021 | Applications2025",
        ),
        (
            "for cls in (Proactive2019, Proactive2021, Applications2019, Applications2021, Reviews)",
            "for cls in (\n        Proactive2019, Proactive2021, Proactive2025,\n"
            "        Applications2019, Applications2021, Applications2025, Reviews,\n    )",
        ),
    ):
        text = text.replace(old, new)
    tables.write_text(text, encoding="utf-8")
    return package


def test_a_third_edition_with_its_own_labels_reads_with_no_change_to_readers(
    tmp_path: Path,
) -> None:
    """An edition added to statutory.py and model/tables.py alone, with table 二 column labels
    and table 三 sub-item labels of its own, reads back from its rendered text."""
    package = third_edition(tmp_path, THIRD_EDITION_LAYOUT)
    assert changed_files(package) == {"statutory.py", "model/tables.py"}
    result = run_on_copy(tmp_path, THIRD_EDITION_READ)
    assert result.returncode == 0, result.stderr
    assert "third edition read: ok" in result.stdout
