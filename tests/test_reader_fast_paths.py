"""The reader's fast paths give what the plain paths they skip give, on any input.

Each fast path in the reader (:mod:`gov_disclosure.readers.rows`) answers a common case without
the general loop; these properties hold them to the general loop on random input, so a fast
path can never change a value read."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure.readers.rows import _grid_cells, _spanning_cells, _split_fields, _split_line
from strategies import FAST

_PIECES = st.sampled_from(
    [
        " ",
        "  ",
        "\t",
        "\u3000",
        "\u00a0",
        "\u2003",
        "\u200b",
        "\r",
        "\f",
        "行政许可",
        "规章",
        "（一）予以公开",
        "本年度依法公开。",
        "97",
        "１２",
        "1,234",
        "40.1396",
        "十二",
        "-",
        "—",
        "无",
        "/",
        "12件",
        "O",
        "",
    ]
)
_LINES = st.lists(_PIECES, max_size=12).map("".join) | st.text(max_size=30)


@given(_LINES)
@FAST
def test_a_line_is_cut_into_the_same_cells_with_or_without_the_fast_path(line: str) -> None:
    assert _split_line(line) == _split_fields(line)


def test_the_fast_path_takes_a_line_without_inner_space_whole() -> None:
    assert _split_line("\t本年度依法公开政府信息。\u3000") == ["本年度依法公开政府信息。"]
    assert _split_line("97") == ["97"]
    assert _split_line("\u200b") == [""]
    assert _split_line("行政许可\u200397") == ["行政许可", "97"]  # an em space is a space


@given(
    st.lists(st.sampled_from(["", "3", " 规章 ", "行政\u3000许可", "\u200b"]), max_size=8),
    st.lists(st.integers(0, 5), max_size=8),
)
@FAST
def test_a_grid_row_reads_the_same_with_or_without_the_fast_path(
    texts: list[str], ids: list[int]
) -> None:
    assert _grid_cells(texts, ids) == _spanning_cells(texts, ids)


def test_a_cell_spanning_columns_counts_once_at_its_first_column() -> None:
    assert _grid_cells(["a", "a", "b"], [7, 7, 8]) == (["a", "b"], [0, 2])
    assert _grid_cells([" a ", "b"], [1, 2]) == (["a", "b"], [0, 1])
