"""GitHub-flavoured Markdown: the report as headings, paragraphs and pipe tables.

:func:`render_markdown` writes ``# title``, the metadata as a list, then the six sections as
``##`` headings (from :data:`~gov_disclosure.statutory.SECTIONS`) with their paragraphs; a
table section gives its prose, then its table. Pipe tables cannot merge cells, so the official
merged headers are flattened:

* table 二: one pipe table per 第二十条 block, under the block label in bold; the header row is
  ``信息内容`` and the block's own columns;
* table 三: the 勾稽关系 note as a paragraph and the caption ``申请人情况`` in bold above the
  table; one label column per level of the row-label paths, a label written on the first row
  of its group only (the blank cells below it stand for the merged cell of the template); each
  value column headed by its label path joined with `` / `` (``法人或其他组织 / 商业企业``);
* table 四: one row of 15 values, each column headed by its label path joined with `` / ``
  (``行政诉讼 / 复议后起诉 / 总计``).

With ``html_tables=True`` each table is instead the HTML ``<table>`` of
:func:`gov_disclosure.render.html.table_html`, with the merged cells of the official layout
(GitHub renders such HTML).

Text from the report is escaped so that it reads back as written: the ASCII characters
``\\ ` * _ [ ] < > | ~ & $ #`` take a backslash everywhere, and a line of prose that would
start a list, a heading, a quote or a setext underline (``-``, ``+``, ``=``, ``1.``) has
its marker escaped too. Line breaks inside a paragraph become hard breaks (a backslash at the
end of the line); inside a table cell, spaces. Control characters become U+FFFD.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import tabulate as _tabulate

from ..grid import MISSING_TABLE_NOTE, Grid, block_rows, column_paths, place, table_grid
from ..model import AnnualReport
from ..statutory import SECTIONS
from . import _form_note, _metadata, _normalise_text

__all__ = ["PATH_SEPARATOR", "render_markdown"]

PATH_SEPARATOR = " / "
"""Joins the labels of a column's header path in a pipe table (``法人或其他组织 / 商业企业``)."""

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$#])")
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d{1,9})([.)])(?=\s|$))")


def _inline(text: str) -> str:
    """Text escaped for inline Markdown, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(_normalise_text(text).split("\n")))


def _line(text: str) -> str:
    """One line of a paragraph: inline-escaped, and its block marker (if any) escaped."""
    escaped = _inline(text.strip(" "))
    match = _BLOCK_START.match(escaped)
    if match is None:
        return escaped
    if match.group(1):
        return "\\" + escaped
    return f"{match.group(2)}\\{escaped[match.end(2) :]}"


def _md_paragraph(text: str) -> str | None:
    """A paragraph, its inner line breaks kept as hard breaks; None if it is blank."""
    lines = [_line(line) for line in _normalise_text(text).split("\n") if line.strip(" ")]
    return "\\\n".join(lines) if lines else None


def _md_paragraphs(texts: Iterable[str]) -> list[str]:
    return [p for p in (_md_paragraph(t) for t in texts) if p is not None]


def _pipe_cell(text: str) -> str:
    return _inline(text).strip(" ")


def _pipe_table(header: Sequence[str], rows: Sequence[Sequence[str]], labels: int) -> str:
    """A pipe table: ``labels`` left-aligned label columns, then right-aligned value columns."""
    return str(
        _tabulate.tabulate(
            [[_pipe_cell(text) for text in row] for row in rows],
            headers=[_pipe_cell(text) for text in header],
            tablefmt="pipe",
            colalign=("left",) * labels + ("right",) * (len(header) - labels),
            disable_numparse=True,
        )
    )


def _block_tables(grid: Grid) -> list[str]:
    """Table 二: per block of the grid, its label in bold and a pipe table whose header row is
    the block's header cells and whose rows are its label and value cells."""
    out: list[str] = []
    for rows in block_rows(grid):
        title, header, *body = (grid.body[i] for i in rows)
        out.extend(f"**{_inline(cell.text)}**" for cell in title)
        out.append(_pipe_table([c.text for c in header], [[c.text for c in r] for r in body], 1))
    return out


def _matrix(grid: Grid) -> list[str]:
    """Tables 三 and 四: one column per label column of the grid, each label on the first row
    its merged cell covers; one column per value column, headed by its label path."""
    blocks: list[str] = []
    if grid.head and grid.head[0][0].role == "corner":
        corner, *captions = grid.head[0]  # the 勾稽关系 note, and 申请人情况 over the values
        blocks.append(_inline(corner.text))
        blocks.extend(f"**{_inline(cell.text)}**" for cell in captions)
    labels = grid.label_columns
    header = [""] * labels + [PATH_SEPARATOR.join(path) for path in column_paths(grid)]
    rows: list[list[str]] = []
    for row, starts in zip(grid.body, place(grid.body, grid.width)[0], strict=True):
        texts = [""] * labels
        for cell, j in zip(row, starts, strict=True):
            if cell.role == "label":
                texts[j] = cell.text
        rows.append(texts + [cell.text for cell in row if cell.role == "value"])
    blocks.append(_pipe_table(header, rows, labels))
    return blocks


def _html_table(grid: Grid) -> str:
    from .html import table_html

    html = table_html(grid)
    # An HTML block ends at a blank line: keep the table in one block.
    return "\n".join(line for line in html.splitlines() if line.strip())


def render_markdown(report: AnnualReport, *, html_tables: bool = False) -> str:
    """The report as GitHub-flavoured Markdown (see the module documentation for the layout).

    ``html_tables=True`` embeds each table as HTML with the official merged cells instead of
    pipe tables. A table the report does not have is replaced by a one-line note.
    """
    if not isinstance(report, AnnualReport):
        raise TypeError(f"render_markdown: expected an AnnualReport, got {type(report).__name__}")
    if not isinstance(html_tables, bool):
        raise TypeError(
            f"render_markdown: html_tables must be a bool, got {type(html_tables).__name__}"
        )
    printed = dict(report.printed)
    tables = {t.spec().key: t for t in report.tables()}
    blocks = [f"# {_inline(report.display_title).strip(' ')}"]
    blocks.append("\n".join(f"- {_inline(item)}" for item in _metadata(report)))
    for section in SECTIONS:
        blocks.append(f"## {_inline(section.title)}")
        if section.table is None:
            blocks.extend(_md_paragraphs(getattr(report, section.key)))
            continue
        table = tables.get(section.table)
        if table is None:
            blocks.append(_inline(MISSING_TABLE_NOTE))
            continue
        blocks.extend(_md_paragraphs(table.prose))
        note = _form_note(table, report)
        if note is not None:
            blocks.append(_inline(note))
        grid = table_grid(table, printed=printed)
        if html_tables:
            blocks.append(_html_table(grid))
        else:
            blocks.extend(_block_tables(grid) if block_rows(grid) else _matrix(grid))
    return "\n\n".join(blocks) + "\n"
