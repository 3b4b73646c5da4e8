"""The Markdown inline clean-up and pipe-table cells of the text front end
(``gov_disclosure.readers.text``) skip their regular expressions when a text has nothing for
them; they give what running them always gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gov_disclosure import AnnualReport
from gov_disclosure.readers import text as front
from gov_disclosure.readers.text import text_blocks
from gov_disclosure.render import render
from gov_disclosure.testing import sample_report
from strategies import consistent_reports


def always_inline(text: str, markdown: bool) -> str:
    """The inline clean-up with every pattern run on every text."""
    if not markdown:
        return text
    text = front._BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    return front._ESCAPE.sub(r"\1", text)


def always_pipe_cells(line: str, markdown: bool) -> list[str]:
    """A pipe-table row's cells, split at unescaped bars by the pattern on every line."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [
        always_inline(c.strip(), markdown).replace("\\|", "|")
        for c in front._PIPE_SPLIT.split(body)
    ]


MARKDOWN_TEXT = st.text(alphabet=st.sampled_from(list("*_\\|#-. a1一（）\t")), max_size=40)


@settings(max_examples=400)
@given(MARKDOWN_TEXT, st.booleans())
def test_inline_matches_running_every_pattern(text: str, markdown: bool) -> None:
    """Bold markers, underscores and backslash escapes in any mix."""
    assert front._inline(text, markdown) == always_inline(text, markdown)


@settings(max_examples=400)
@given(MARKDOWN_TEXT, st.booleans())
def test_pipe_cells_match_the_pattern_split(text: str, markdown: bool) -> None:
    """Rows with and without escaped bars, leading and trailing bars."""
    line = "|" + text + "|"
    assert front._pipe_cells(line, markdown) == always_pipe_cells(line, markdown)
    assert front._pipe_cells(text, markdown) == always_pipe_cells(text, markdown)


def test_escaped_bar_stays_in_its_cell() -> None:
    """``\\|`` inside a cell is a bar of the cell's text, not a cell boundary."""
    assert front._pipe_cells(r"| a\|b | **c** |", True) == ["a|b", "c"]


def blocks_both_ways(markdown: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    fast = text_blocks(markdown, markdown=True)
    with monkeypatch.context() as patch:
        patch.setattr(front, "_inline", always_inline)
        patch.setattr(front, "_pipe_cells", always_pipe_cells)
        slow = text_blocks(markdown, markdown=True)
    return fast, slow


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_rendered_samples(edition: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The library's own Markdown of the sample reports: the same blocks."""
    markdown = render(sample_report(edition), to="markdown")
    assert isinstance(markdown, str)
    fast, slow = blocks_both_ways(markdown, monkeypatch)
    assert fast == slow


@settings(max_examples=40)
@given(consistent_reports())
def test_rendered_reports(report: AnnualReport) -> None:
    """Rendered reports with random figures: the same blocks."""
    markdown = render(report, to="markdown")
    assert isinstance(markdown, str)
    with pytest.MonkeyPatch.context() as patch:
        fast = text_blocks(markdown, markdown=True)
        patch.setattr(front, "_inline", always_inline)
        patch.setattr(front, "_pipe_cells", always_pipe_cells)
        assert fast == text_blocks(markdown, markdown=True)
