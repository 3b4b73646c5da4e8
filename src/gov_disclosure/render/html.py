"""HTML: one self-contained, print-ready page in the official layout.

:func:`render_html` writes the whole report — title, a metadata line, the six sections with
their prose, and the three statutory tables with the merged header and label cells of the
official template — as a single HTML document with inline CSS only (no scripts, no external
resources), laid out for A4 paper. :func:`table_html` writes just the ``<table>`` of one
:class:`~gov_disclosure.grid.Grid`; the Markdown renderer embeds it.

Findings of :func:`gov_disclosure.validate` can be marked on the page: a finding whose location
is a cell highlights that cell, one on a whole column highlights the column's header cell, one
on a row highlights the row's label cell; every finding is also listed at the top of the page
(the only place where a finding on a section or the whole report appears), a marked one with a
link to the cell it marks (the cell's ``id`` is its table's section key and its grid position,
e.g. ``applications-5-3``).

Every text is escaped with :func:`html.escape`; the output is byte-identical for the same input.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeAlias

from .._i18n import _f, get_language
from ..findings import Finding
from ..grid import (
    MISSING_TABLE_NOTE,
    Grid,
    GridCell,
    Slot,
    block_rows,
    place,
    table_caption,
    table_grid,
)
from ..model import AnnualReport, Table
from ..statutory import SECTIONS
from . import _form_note, _metadata

__all__ = ["Mark", "MarkKey", "render_html", "table_html"]

Mark: TypeAlias = tuple[str, str]
"""How a cell is marked: its extra CSS class(es) and its ``title`` text."""

MarkKey: TypeAlias = str | tuple[int, int] | GridCell
"""What :func:`table_html` marks: a value cell's report-level path
(``applications.received.total``), a grid position ``(row, column)`` (rows counted over the
header rows then the body rows, columns of the expanded grid, the top-left of a merged cell),
or a :class:`GridCell` (compared by value)."""


def html_language() -> str:
    """The ``lang`` of a page whose own words follow the messages' language (``zh-CN`` unless
    English is chosen: the statute's labels on it are Chinese either way)."""
    return "en" if get_language() == "en" else "zh-CN"


_LABEL_WIDTHS: dict[int, tuple[int, ...]] = {0: (), 1: (26,), 2: (16, 28), 3: (5, 12, 28)}
"""Share of the table width (percent) of the row-label columns, by how many there are."""

_BODY_FONTS = '"FangSong", "仿宋", "STFangsong", "SimSun", "宋体", "Noto Serif CJK SC", serif'
_HEADING_FONTS = '"SimHei", "黑体", "STHeiti", "Noto Sans CJK SC", sans-serif'
_TITLE_FONTS = '"FZXiaoBiaoSong-B05S", "方正小标宋简体", ' + _HEADING_FONTS

_CSS = f"""
@page {{ size: A4; margin: 20mm 15mm 18mm 15mm; }}
* {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
html {{ background: #e9e9e9; }}
body {{
  box-sizing: border-box; width: 210mm; max-width: 100%; margin: 0 auto; padding: 18mm 15mm;
  background: #fff; color: #000; font-family: {_BODY_FONTS};
  font-size: 12pt; line-height: 1.7;
}}
h1 {{
  font-family: {_TITLE_FONTS}; font-size: 18pt; font-weight: normal;
  text-align: center; line-height: 1.4; margin: 0 0 4mm;
}}
h2 {{
  font-family: {_HEADING_FONTS}; font-size: 14pt; font-weight: normal;
  margin: 7mm 0 3mm; break-after: avoid; page-break-after: avoid;
}}
p {{ margin: 0 0 2mm; text-indent: 2em; text-align: justify; }}
p.meta {{ text-indent: 0; text-align: center; font-size: 10.5pt; color: #333; margin-bottom: 6mm; }}
p.meta span + span::before {{ content: "　"; }}
p.missing {{ text-indent: 0; font-style: italic; color: #444; }}
table.statutory {{
  width: 100%; table-layout: fixed; border-collapse: collapse; margin: 3mm 0 5mm;
  font-size: 9pt; line-height: 1.35; break-inside: avoid; page-break-inside: avoid;
}}
table.statutory caption {{
  caption-side: top; font-family: {_HEADING_FONTS}; font-size: 10.5pt;
  padding-bottom: 2mm; text-align: center; break-after: avoid; page-break-after: avoid;
}}
table.statutory caption .form {{ font-family: {_BODY_FONTS}; font-size: 9pt; }}
table.statutory th, table.statutory td {{
  border: 1px solid black; padding: 1.2mm 1mm; vertical-align: middle;
  overflow-wrap: anywhere; word-break: normal; text-spacing-trim: space-all;
}}
table.statutory th {{ font-weight: normal; text-align: center; text-wrap: balance; }}
table.statutory th.label {{ text-align: left; }}
table.statutory th.group {{ text-wrap: wrap; }}
table.statutory th.block {{ font-family: {_HEADING_FONTS}; text-align: left; }}
table.statutory th.corner {{ font-size: 8pt; text-align: left; }}
table.statutory td.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
table.statutory thead {{ display: table-header-group; }}
table.statutory tr, table.table-二 tbody {{ break-inside: avoid; page-break-inside: avoid; }}
.finding {{ outline: 2px solid; outline-offset: -2px; font-weight: bold; }}
.finding-error {{ background: #fbd5d5; outline-color: #c00000; }}
.finding-warning {{ background: #fde9b0; outline-color: #a86400; }}
.finding-info {{ background: #d7e8fb; outline-color: #1d5fa8; }}
section.findings {{ border: 1px solid #999; padding: 2mm 4mm; margin: 0 0 6mm; font-size: 10.5pt; }}
section.findings h2 {{ margin: 1mm 0 2mm; font-size: 12pt; }}
section.findings ol {{ margin: 0; padding-left: 6mm; }}
section.findings li {{ margin: 0 0 1mm; padding-left: 2mm; border-left: 4px solid; }}
section.findings li.severity-error {{ border-left-color: #c00000; }}
section.findings li.severity-warning {{ border-left-color: #a86400; }}
section.findings li.severity-info {{ border-left-color: #1d5fa8; }}
section.findings .code {{ font-family: monospace; font-weight: bold; }}
section.findings .location {{ color: #333; }}
section.findings .placed {{ color: #555; font-size: 9pt; }}
@media print {{
  html {{ background: none; }}
  body {{ width: auto; padding: 0; }}
}}
@media screen and (max-width: 170mm) {{
  body {{ padding: 8mm 4mm; }}
  section.section {{ overflow-x: auto; }}
  table.statutory {{ min-width: 140mm; }}
}}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


# --- one table -------------------------------------------------------------------------------


def _segments(grid: Grid) -> list[range]:
    """Body rows grouped into ``<tbody>`` elements.

    Table 二 makes a group of each block (:func:`~gov_disclosure.grid.block_rows`); other
    tables close a group wherever no merged cell crosses into the next row.
    """
    blocks = block_rows(grid)
    if blocks:
        return blocks
    body = grid.body
    n = len(body)
    groups: list[range] = []
    start = 0
    reach = 0
    for i, row in enumerate(body):
        for cell in row:
            reach = max(reach, i + cell.rowspan)
        if reach <= i + 1:
            groups.append(range(start, i + 1))
            start = i + 1
    if start < n:
        groups.append(range(start, n))
    return groups


def _colgroup(grid: Grid) -> str:
    """Fixed column widths: the label columns their share, the value columns the rest evenly
    (in hundredths of a percent, so the arithmetic stays exact)."""
    labels = _LABEL_WIDTHS.get(grid.label_columns)
    if labels is None:
        labels = (40 // grid.label_columns,) * grid.label_columns
    values = grid.width - grid.label_columns
    rest = (10_000 - 100 * sum(labels)) // values if values else 0
    widths = [100 * w for w in labels] + [rest] * values
    cols = "".join(f'<col style="width: {w // 100}.{w % 100:02d}%">' for w in widths)
    return f"<colgroup>{cols}</colgroup>"


def _cell_html(
    cell: GridCell,
    *,
    scope: str | None,
    classes: list[str],
    mark: Mark | None,
    anchor: str | None = None,
) -> str:
    """One ``<th>``/``<td>``; attributes always in the order id, class, scope, rowspan, colspan,
    title."""
    tag = "td" if cell.role == "value" else "th"
    if mark is not None:
        classes = [*classes, mark[0]]
    out = [f"<{tag}"]
    if anchor is not None:
        out.append(f' id="{_e(anchor)}"')
    if classes:
        out.append(f' class="{_e(" ".join(classes))}"')
    if scope is not None:
        out.append(f' scope="{scope}"')
    if cell.rowspan != 1:
        out.append(f' rowspan="{cell.rowspan}"')
    if cell.colspan != 1:
        out.append(f' colspan="{cell.colspan}"')
    if mark is not None:
        out.append(f' title="{_e(mark[1])}"')
    out.append(f">{_e(cell.text)}</{tag}>")
    return "".join(out)


def table_html(
    grid: Grid,
    *,
    marks: Mapping[MarkKey, Mark] | None = None,
    caption: str | None = None,
    caption_note: str | None = None,
    ids: Mapping[str, str] | None = None,
    anchor: str | None = None,
) -> str:
    """The ``<table>`` element of one grid, merged cells as ``rowspan``/``colspan``.

    Header cells are ``<th scope="col">`` (``colgroup`` where sub-headers sit below), row labels
    ``<th scope="row">`` (``rowgroup`` for a label heading a whole ``<tbody>``), values
    ``<td class="num">``. ``marks`` adds a CSS class and a ``title`` to cells, keyed by a value
    cell's path, a grid position ``(row, column)`` or the :class:`GridCell` itself.
    ``caption`` (plain text, escaped here) and ``caption_note`` (a smaller remark after it)
    make the ``<caption>``. ``ids`` gives value cells an ``id`` (a link target), keyed by the
    cell's path; with ``anchor``, every other marked cell carries the id
    ``{anchor}-{row}-{column}`` (its grid position, as in ``marks``).
    """
    marks = marks or {}
    ids = ids or {}
    rows = [*grid.head, *grid.body]
    columns, _ = place(rows, grid.width)
    head_count = len(grid.head)

    def render_row(i: int, in_group: range | None) -> str:
        parts = []
        for cell, j in zip(rows[i], columns[i], strict=True):
            classes: list[str] = []
            scope: str | None = None
            if cell.role == "value":
                classes.append("num")
            elif cell.role == "head" and cell.colspan == grid.width and i >= head_count:
                classes.append("block")
                scope = "rowgroup"
            elif cell.role in ("head", "corner"):
                if cell.role == "corner":
                    classes.append("corner")
                # a header with sub-headers below it heads a group of columns
                scope = "colgroup" if i + cell.rowspan < head_count else "col"
            else:
                classes.append("label")
                whole_group = (
                    in_group is not None
                    and len(in_group) > 1
                    and cell.rowspan == len(in_group)
                    and i - head_count == in_group.start
                )
                scope = "rowgroup" if whole_group else "row"
                if whole_group:
                    classes.append("group")
            mark = None
            if cell.path is not None:
                mark = marks.get(cell.path)
            if mark is None:
                mark = marks.get((i, j))
            if mark is None and marks:
                mark = marks.get(cell)
            cell_id = ids.get(cell.path) if cell.path is not None else None
            if cell_id is None and anchor is not None and mark is not None:
                cell_id = f"{anchor}-{i}-{j}"
            parts.append(_cell_html(cell, scope=scope, classes=classes, mark=mark, anchor=cell_id))
        return "<tr>" + "".join(parts) + "</tr>"

    out = [f'<table class="statutory table-{_e(grid.key)}">']
    if caption is not None:
        note = f' <span class="form">{_e(caption_note)}</span>' if caption_note else ""
        out.append(f"<caption>{_e(caption)}{note}</caption>")
    out.append(_colgroup(grid))
    if grid.head:
        out.append("<thead>")
        out.extend(render_row(i, None) for i in range(head_count))
        out.append("</thead>")
    for group in _segments(grid):
        out.append("<tbody>")
        out.extend(render_row(head_count + k, group) for k in group)
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


# --- findings --------------------------------------------------------------------------------


def _nearest(slots: Iterable[Slot | None], role: str) -> Slot | None:
    """The first slot holding a cell of ``role`` (walking a column up or a row leftwards)."""
    return next((s for s in slots if s is not None and s.cell.role == role), None)


def _index(
    grid: Grid,
) -> tuple[
    dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[int, int]],
    dict[tuple[str, ...], list[tuple[int, int]]],
    dict[tuple[str, ...], list[tuple[int, int]]],
]:
    """Where findings land in a grid (as grid positions): value cells by (row labels, column
    labels); column headers by column labels; row labels by row labels."""
    rows = [*grid.head, *grid.body]
    columns, matrix = place(rows, grid.width)
    cells: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[int, int]] = {}
    heads: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    labels: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for i, row in enumerate(rows):
        for cell, j in zip(row, columns[i], strict=True):
            if cell.role != "value" or cell.spec is None or cell.path is None:
                continue
            spec = cell.spec
            cells[(spec.row.labels, spec.column.labels)] = (i, j)
            above = _nearest((matrix[k][j] for k in range(i - 1, -1, -1)), "head")
            left = _nearest((matrix[i][k] for k in range(j - 1, -1, -1)), "label")
            for slot, index, key in (
                (above, heads, spec.column.labels),
                (left, labels, spec.row.labels),
            ):
                if slot is not None:
                    found = index.setdefault(key, [])
                    if slot.origin not in found:
                        found.append(slot.origin)
    return cells, heads, labels


def _place_findings(
    report: AnnualReport, grids: Mapping[str, Grid], findings: Sequence[Finding]
) -> tuple[dict[str, dict[MarkKey, list[Finding]]], dict[int, tuple[str, tuple[int, int]]]]:
    """The findings of each table by the grid position they mark, and for each finding placed
    (by its index) its table and the first position it marks."""
    placed: dict[str, dict[MarkKey, list[Finding]]] = {key: {} for key in grids}
    done: dict[int, tuple[str, tuple[int, int]]] = {}
    indexes = {key: _index(grid) for key, grid in grids.items()}
    for n, finding in enumerate(findings):
        loc = finding.location
        if finding.year is not None and finding.year != report.year:
            continue
        if loc.section not in indexes or not (loc.row or loc.column):
            continue
        cells, heads, labels = indexes[loc.section]
        targets: list[tuple[int, int]] = []
        position = cells.get((loc.row, loc.column))
        if position is not None:
            targets = [position]
        elif not loc.row:
            targets = list(heads.get(loc.column, ()))
        elif not loc.column:
            targets = list(labels.get(loc.row, ()))
        for target in targets:
            placed[loc.section].setdefault(target, []).append(finding)
        if targets:
            done[n] = (loc.section, targets[0])
    return placed, done


def _mark(found: Sequence[Finding]) -> Mark:
    worst = min((f.severity for f in found), key=lambda s: s.rank)
    title = "\n".join(f"{f.code} {f.message}" for f in found)
    return f"finding finding-{worst.value}", title


def _findings_section(
    findings: Sequence[Finding], links: Mapping[int, str], *, heading: str | None = None
) -> str:
    """The list of findings; a finding marked in a table links (``href="#id"``) to its cell.
    Its words are in the language of the findings' messages."""
    heading = _f("Check results") if heading is None else heading
    out = ['<section class="findings">']
    if not findings:
        out.append(f"<h2>{_e(heading)}</h2>")
        out.append(f'<p class="none">{_e(_f("No problem found."))}</p>')
        out.append("</section>")
        return "\n".join(out)
    out.append(f"<h2>{_e(_f('{heading} ({n})').format(heading=heading, n=len(findings)))}</h2>")
    out.append("<ol>")
    placed = _e(_f(" (marked in the table)"))
    for n, f in enumerate(findings):
        link = links.get(n)
        note = f'<a class="placed" href="#{_e(link)}">{placed}</a>' if link else ""
        year = _f("{year}: ").format(year=f.year) if f.year is not None else ""
        out.append(
            f'<li class="severity-{_e(f.severity.value)}">'
            f'<span class="code">{_e(f.code)}</span> '
            f'<span class="severity">{_e(_f(f.severity.value))}</span> '
            f'<span class="location">{_e(year + str(f.location))}</span>{_e(_f(": "))}'
            f'<span class="message">{_e(f.message)}</span>{note}</li>'
        )
    out.append("</ol>")
    out.append("</section>")
    return "\n".join(out)


# --- the page --------------------------------------------------------------------------------


def _html_paragraphs(texts: Iterable[str]) -> list[str]:
    return [f"<p>{_e(t)}</p>" for t in texts]


def _meta_html(report: AnnualReport) -> str:
    spans = "".join(f"<span>{_e(t)}</span>" for t in _metadata(report))
    return f'<p class="meta">{spans}</p>'


def render_html(
    report: AnnualReport,
    *,
    findings: Sequence[Finding] | None = None,
    mark_findings: bool = False,
) -> str:
    """The report as one self-contained HTML page in the official layout.

    With ``findings`` (or ``mark_findings=True``, which runs :func:`gov_disclosure.validate`
    on the report) every finding is listed at the top of the page and, where its location is a
    cell, a column or a row of a table, that cell, column header or row label is highlighted
    (CSS classes ``finding finding-<severity>``, the codes and messages in its ``title``).
    """
    if findings is None and mark_findings:
        from ..rules import validate

        findings = validate(report)
    tables: dict[str, Table] = {t.spec().key: t for t in report.tables()}
    grids = {key: table_grid(table, printed=report.printed) for key, table in tables.items()}
    marks: dict[str, dict[MarkKey, list[Finding]]] = {}
    links: dict[int, str] = {}
    if findings is not None:
        marks, placed = _place_findings(report, grids, findings)
        anchors = {s.table: s.key for s in SECTIONS if s.table is not None}
        links = {n: f"{anchors[key]}-{i}-{j}" for n, (key, (i, j)) in placed.items()}

    title = report.display_title
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        '<article class="report">',
        '<header class="report-header">',
        f"<h1>{_e(title)}</h1>",
        _meta_html(report),
        "</header>",
    ]
    if findings is not None:
        out.append(_findings_section(findings, links))
    for section in SECTIONS:
        out.append(f'<section class="section section-{section.number}" id="{_e(section.key)}">')
        out.append(f"<h2>{_e(section.title)}</h2>")
        if section.table is None:
            paragraphs: tuple[str, ...] = getattr(report, section.key)
            out.extend(_html_paragraphs(paragraphs))
        elif section.table in tables:
            table = tables[section.table]
            grid = grids[section.table]
            out.extend(_html_paragraphs(table.prose))
            table_marks = {k: _mark(v) for k, v in marks.get(section.table, {}).items()}
            out.append(
                table_html(
                    grid,
                    marks=table_marks,
                    caption=table_caption(grid.key),
                    caption_note=_form_note(table, report),
                    anchor=section.key,
                )
            )
        else:
            out.append(f'<p class="missing">{_e(MISSING_TABLE_NOTE)}</p>')
        out.append("</section>")
    out += ["</article>", "</body>", "</html>", ""]
    return "\n".join(out)
