"""The fixed-layout geometry without a PDF: rules → tables (``readers.ruling``) and characters
with rules → grids and paragraphs (``readers.layout.layout_blocks``), as the PDF, OFD and OCR
front ends call it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gov_disclosure.readers.blocks import Grid, Paragraph
from gov_disclosure.readers.layout import Char, layout_blocks
from gov_disclosure.readers.ruling import Segment, Table, find_tables


def box(xs: list[float], ys: list[float]) -> list[Segment]:
    """Every rule of a plain grid: column boundaries ``xs``, row boundaries ``ys``."""
    return [(xs[0], y, xs[-1], y) for y in ys] + [(x, ys[0], x, ys[-1]) for x in xs]


def word(text: str, x: float, y: float, size: float = 10.0) -> list[Char]:
    """``text`` set from (x, y), baseline-free: each character a size × size box."""
    return [(c, x + k * size, x + (k + 1) * size, y, y + size, False) for k, c in enumerate(text)]


# --- rules → tables ---------------------------------------------------------------------------


def test_a_plain_grid() -> None:
    (table,) = find_tables(box([0, 100, 150, 200], [300, 280, 260]))
    assert table.xs == (0, 100, 150, 200)
    assert table.ys == (300, 280, 260)
    assert table.ids == ((0, 1, 2), (3, 4, 5))
    assert table.locate(120, 290) == (0, 1)
    assert table.locate(199, 261) == (1, 2)
    assert table.locate(201, 290) is None
    assert table.locate(50, 259) is None


def test_merged_cells_share_an_id() -> None:
    """A cell spanning two rows (no rule between them in its column) and one spanning two
    columns (no rule between them in its row)."""
    rules: list[Segment] = [
        (0, 300, 200, 300),
        (100, 280, 200, 280),  # not under column 0: rows 0 and 1 merge there
        (0, 260, 200, 260),
        (0, 240, 200, 240),
        (0, 240, 0, 300),
        (100, 240, 100, 300),
        (150, 260, 150, 300),  # not in row 2: columns 1 and 2 merge there
        (200, 240, 200, 300),
    ]
    (table,) = find_tables(rules)
    assert table.ids == ((0, 1, 2), (0, 3, 4), (5, 6, 6))


def test_pieces_of_a_border_join_and_jitter_is_one_line() -> None:
    """Word draws each cell's border on its own, a little off."""
    rules: list[Segment] = [
        (0, 300, 100, 300.4),
        (100, 300.2, 200, 300),
        (0, 280, 200, 280),
        (0, 260.5, 200, 260.5),
        (0, 260, 0, 300),
        (100.6, 260, 100.6, 280),
        (100, 280, 100, 300),
        (200, 260, 200, 300),
    ]
    (table,) = find_tables(rules)
    assert len(table.xs) == 3
    assert len(table.ys) == 3
    assert table.ids == ((0, 1), (2, 3))


def test_tables_apart_are_apart_even_sharing_their_borders_x() -> None:
    rules = box([0, 100, 200], [500, 480, 460]) + box([0, 100, 200], [400, 380, 360])
    tables = find_tables(rules)
    assert [t.ys for t in tables] == [(500, 480, 460), (400, 380, 360)]


def test_no_table_without_two_columns() -> None:
    assert find_tables(box([0, 200], [300, 260])) == []  # a framed paragraph
    assert find_tables(box([0, 200], [300, 260, 220])) == []  # one column
    # one row of two columns is a table: the last row of a table continued on the next page
    assert [t.ids for t in find_tables(box([0, 100, 200], [300, 260]))] == [((0, 1),)]
    assert find_tables([(0, 300, 200, 300), (0, 280, 200, 280), (0, 260, 200, 260)]) == []
    assert find_tables([(0, 0, 100, 100), (0, 100, 100, 0)]) == []  # slanted
    assert find_tables([(0, 0, 0, 0)] * 10) == []


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    widths=st.lists(st.integers(5, 80), min_size=2, max_size=6),
    heights=st.lists(st.integers(5, 40), min_size=2, max_size=6),
    data=st.data(),
)
def test_every_point_of_a_grid_is_in_one_cell(
    widths: list[int], heights: list[int], data: st.DataObject
) -> None:
    """A plain grid: each elementary cell its own id, every point inside located in the cell
    whose bounds hold it."""
    xs = [float(sum(widths[:k])) for k in range(len(widths) + 1)]
    ys = [1000.0 - sum(heights[:k]) for k in range(len(heights) + 1)]
    (table,) = find_tables(box(xs, ys))
    assert isinstance(table, Table)
    assert len({i for row in table.ids for i in row}) == len(widths) * len(heights)
    i = data.draw(st.integers(0, len(heights) - 1))
    j = data.draw(st.integers(0, len(widths) - 1))
    x = data.draw(st.floats(xs[j] + 0.01, xs[j + 1] - 0.01))
    y = data.draw(st.floats(ys[i + 1] + 0.01, ys[i] - 0.01))
    assert table.locate(x, y) == (i, j)


# --- characters and rules → blocks ------------------------------------------------------------


def _page() -> tuple[list[Char], list[Segment]]:
    """A caption, a 3 × 3 ruled table with two blank cells and a merged label, a paragraph."""
    chars = word("表二", 0, 420)
    chars += word("项目", 5, 385) + word("本年", 105, 385) + word("累计", 155, 385)
    chars += word("行政许可", 5, 360) + word("12", 130, 360)  # 累计 blank
    chars += word("其他", 5, 345)  # merged over two rows; both figures blank
    chars += word("正文一段。", 20, 300)
    rules = [
        (0, 400, 200, 400),
        (0, 375, 200, 375),
        (0, 350, 200, 350),
        (100, 340, 200, 340),  # the label 其他 spans this row and the next
        (0, 330, 200, 330),
        *[(x, 330, x, 400) for x in (0.0, 100.0, 150.0, 200.0)],
    ]
    return chars, rules


def test_a_ruled_table_becomes_a_grid_with_its_blanks() -> None:
    chars, rules = _page()
    blocks = layout_blocks([(chars, [], 0, 500)], rules=[rules], sides=[(0, 400)])
    assert [type(b) for b in blocks] == [Paragraph, Grid, Paragraph]
    caption, grid, after = blocks
    assert isinstance(caption, Paragraph)
    assert caption.text == "表二"
    assert isinstance(grid, Grid)
    assert isinstance(after, Paragraph)
    assert grid.rows == (
        ("项目", "本年", "累计"),
        ("行政许可", "12", ""),
        ("其他", "", ""),
        ("其他", "", ""),
    )
    assert grid.ids[2][0] == grid.ids[3][0] != grid.ids[1][0]
    assert grid.lines == (2, 3, 4, None)
    assert (grid.number, grid.page) == (1, 1)
    assert after.text == "正文一段。"
    assert after.line == 5


def test_without_rules_the_same_page_is_text() -> None:
    chars, _ = _page()
    blocks = layout_blocks([(chars, [], 0, 500)])
    assert all(isinstance(b, Paragraph) for b in blocks)
    lines = [line for b in blocks if isinstance(b, Paragraph) for line in b.text.split("\n")]
    assert "行政许可  12" in lines  # the blank leaves no trace
    assert layout_blocks([(chars, [], 0, 500)], rules=[[]]) == blocks


def test_grids_are_numbered_over_pages_and_a_cell_joins_its_lines() -> None:
    """A wrapped label is one cell's text; a table on each page is a grid on each page."""
    chars = word("不予公开的", 5, 380) + word("其他情形", 5, 365) + word("3", 130, 372)
    chars += word("ab", 5, 345) + word("cd", 5, 332) + word("4", 130, 340)
    rules = box([0.0, 100.0, 200.0], [400.0, 355.0, 325.0])
    page = (chars, [], 0.0, 500.0)
    blocks = layout_blocks([page, page], rules=[rules, rules])
    grids = [b for b in blocks if isinstance(b, Grid)]
    assert [(g.number, g.page) for g in grids] == [(1, 1), (2, 2)]
    assert grids[0].rows == (("不予公开的其他情形", "3"), ("ab cd", "4"))


def test_text_beside_a_table_stays_text() -> None:
    chars = word("甲", 5, 380) + word("乙", 105, 380) + word("旁注", 300, 381)
    rules = box([0.0, 100.0, 200.0], [400.0, 375.0, 350.0])
    blocks = layout_blocks([(chars, [], 0.0, 500.0)], rules=[rules])
    assert [type(b) for b in blocks] == [Grid, Paragraph]
    assert blocks[1] == Paragraph("旁注", line=1, page=1)


def test_centred_is_measured_against_the_page() -> None:
    """Two identical indented one-line paragraphs under a heading, indented as much from the
    heading's end as from the margin: with the page's sides they are two paragraphs (their
    middle is far from the page's); a two-line title centred on the page stays one block."""
    text = "没有发生相关情况。"
    chars = word("五、存在的主要问题和措施", 0, 400) + word(text, 20, 388) + word(text, 20, 376)
    title = word("某某人民政府", 170, 600) + word("年度报告", 180, 588)
    blocks = layout_blocks([(chars, [], 0.0, 800.0)], sides=[(0.0, 400.0)])
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == [
        "五、存在的主要问题和措施",
        text,
        text,
    ]
    blocks = layout_blocks([(title + chars, [], 0.0, 800.0)], sides=[(0.0, 400.0)])
    assert next(b.text for b in blocks if isinstance(b, Paragraph)) == "某某人民政府\n年度报告"
