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

import tabulate as _tabulate  # type: ignore[import-untyped,unused-ignore]

from ..grid import cell_text, table_grid
from ..model import AnnualReport, Table
from ..statutory import SECTIONS, T2_CONTENT_HEADER, T3_CAPTION, TABLE3_NOTE, TableSpec
from . import _MISSING_TABLE, _clean, _form_note, _metadata

__all__ = ["PATH_SEPARATOR", "render_markdown"]

PATH_SEPARATOR = " / "
"""Joins the labels of a column's header path in a pipe table (``法人或其他组织 / 商业企业``)."""

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$#])")
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d{1,9})([.)])(?=\s|$))")


def _inline(text: str) -> str:
    """Text escaped for inline Markdown, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(_clean(text).split("\n")))


def _line(text: str) -> str:
    """One line of a paragraph: inline-escaped, and its block marker (if any) escaped."""
    escaped = _inline(text.strip(" "))
    match = _BLOCK_START.match(escaped)
    if match is None:
        return escaped
    if match.group(1):
        return "\\" + escaped
    return f"{match.group(2)}\\{escaped[match.end(2) :]}"


def _paragraph(text: str) -> str | None:
    """A paragraph, its inner line breaks kept as hard breaks; None if it is blank."""
    lines = [_line(line) for line in _clean(text).split("\n") if line.strip(" ")]
    return "\\\n".join(lines) if lines else None


def _paragraphs(texts: Iterable[str]) -> list[str]:
    return [p for p in (_paragraph(t) for t in texts) if p is not None]


def _cell(text: str) -> str:
    return _inline(text).strip(" ")


def _pipe_table(header: Sequence[str], rows: Sequence[Sequence[str]], labels: int) -> str:
    """A pipe table: ``labels`` left-aligned label columns, then right-aligned value columns."""
    return str(
        _tabulate.tabulate(
            [[_cell(text) for text in row] for row in rows],
            headers=[_cell(text) for text in header],
            tablefmt="pipe",
            colalign=("left",) * labels + ("right",) * (len(header) - labels),
            disable_numparse=True,
        )
    )


def _texts(table: Table, printed: dict[str, str]) -> list[str]:
    spec = table.spec()
    prefix = spec.attr + "."
    values = table.values()
    return [
        cell_text(cell, values[cell.index], printed.get(prefix + cell.path)) for cell in spec.cells
    ]


def _table2(spec: TableSpec, texts: Sequence[str]) -> list[str]:
    by_row: dict[str, list[str]] = {}
    for cell in spec.cells:
        by_row.setdefault(cell.row.name, []).append(texts[cell.index])
    blocks: list[str] = []
    for block in spec.blocks:
        blocks.append(f"**{_inline(block.label)}**")
        header = [T2_CONTENT_HEADER, *(c.label for c in block.columns)]
        rows = [[row.label, *by_row[row.name]] for row in block.rows]
        blocks.append(_pipe_table(header, rows, 1))
    return blocks


def _label_cells(paths: Sequence[tuple[str, ...]], columns: int) -> list[list[str]]:
    """Row labels spread over ``columns`` columns, one per level, each group label written on
    the first row of its group only."""
    out: list[list[str]] = []
    previous: tuple[str, ...] = ()
    for path in paths:
        cells = [""] * columns
        for depth, label in enumerate(path):
            continues = depth < len(path) - 1 and previous[: depth + 1] == path[: depth + 1]
            cells[depth] = "" if continues else label
        out.append(cells)
        previous = path
    return out


def _matrix(spec: TableSpec, texts: Sequence[str]) -> list[str]:
    """Tables 三 and 四: label columns for the row paths, one column per value column."""
    labels = max(len(row.labels) for row in spec.rows)
    width = len(spec.columns)
    header = [""] * labels + [PATH_SEPARATOR.join(c.labels) for c in spec.columns]
    label_rows = _label_cells([row.labels for row in spec.rows], labels)
    rows = [[*label_rows[i], *texts[i * width : (i + 1) * width]] for i in range(len(spec.rows))]
    blocks: list[str] = []
    if spec.key == "三":
        blocks.append(_inline(TABLE3_NOTE))
        blocks.append(f"**{_inline(T3_CAPTION)}**")
    blocks.append(_pipe_table(header, rows, labels))
    return blocks


def _html_table(table: Table, printed: dict[str, str]) -> str:
    from .html import table_html

    html = table_html(table_grid(table, printed=printed))
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
            blocks.extend(_paragraphs(getattr(report, section.key)))
            continue
        table = tables.get(section.table)
        if table is None:
            blocks.append(_inline(_MISSING_TABLE))
            continue
        blocks.extend(_paragraphs(table.prose))
        note = _form_note(table, report)
        if note is not None:
            blocks.append(_inline(note))
        if html_tables:
            blocks.append(_html_table(table, printed))
            continue
        spec = table.spec()
        texts = _texts(table, printed)
        blocks.extend(_table2(spec, texts) if spec.key == "二" else _matrix(spec, texts))
    return "\n\n".join(blocks) + "\n"
