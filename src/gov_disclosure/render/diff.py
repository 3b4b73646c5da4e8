"""The renderings of a :class:`~gov_disclosure.diff.ReportDiff`: plain text and an HTML page.

:func:`gov_disclosure.diff.compare` compares two reports; this module draws the result with the
report renderers' own pieces (the text renderer's wrapping and padding, the HTML renderer's
tables, marks and styles), so a diff looks like the reports it compares.
:func:`gov_disclosure.diff.render_diff_text` and :func:`gov_disclosure.diff.render_diff_html`
call the two functions here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .._i18n import _f, clauses
from ..cells import StatutoryCell
from ..diff import BLANK_TEXT, MIN_WIDTH, CellChange, ReportDiff, ReportIdentity
from ..findings import Finding, Location
from ..grid import MISSING_TABLE_NOTE, Grid, cell_text, place, table_caption, table_grid
from ..model import AnnualReport, Cell, Table
from ..statutory import TABLE_ATTRS, CellSpec
from . import _form_note, _metadata
from .html import (
    _CSS,
    Mark,
    MarkKey,
    _e,
    _findings_section,
    _mark,
    _place_findings,
    html_language,
    table_html,
)
from .text import DEFAULT_WIDTH, _one_line, _pad, _underlined, _width, _wrap

__all__ = ["render_diff_html", "render_diff_text"]

_Address = tuple[str, tuple[str, ...], tuple[str, ...]]


def _address(cell: StatutoryCell) -> _Address:
    return cell.table, cell.row, cell.column


class _Side:
    """One report of a diff: its cells by address, and how their values print."""

    def __init__(self, report: AnnualReport) -> None:
        self.report = report
        self.cells: dict[_Address, tuple[CellSpec, str]] = {}
        for table in report.tables():
            spec = table.spec()
            for cell in spec.cells:
                address = (spec.key, cell.row.labels, cell.column.labels)
                self.cells[address] = (cell, f"{spec.attr}.{cell.path}")

    def path(self, address: _Address) -> str:
        """The report-level path of the cell at ``address``."""
        return self.cells[address][1]

    def text(self, address: _Address) -> str:
        """The cell at ``address`` as the report prints it: the text it kept as published, else
        its number, else :data:`BLANK_TEXT`."""
        spec, path = self.cells[address]
        value = self.report.get(path)
        return _one_line(cell_text(spec, value, self.report.printed.get(path))) or BLANK_TEXT


def _sides(diff: ReportDiff) -> tuple[_Side, _Side]:
    return _Side(diff.reports[0]), _Side(diff.reports[1])


def _change_text(change: CellChange, a: _Side, b: _Side) -> tuple[str, str]:
    address = (change.table, change.row, change.column)
    return a.text(address), b.text(address)


_Item = StatutoryCell | CellChange
"""A changed cell or a cell one report only has."""


def _by_table(items: Iterable[_Item]) -> dict[str, list[_Item]]:
    out: dict[str, list[_Item]] = {key: [] for key in TABLE_ATTRS}
    for item in items:
        out[item.table].append(item)
    return out


def _summary(diff: ReportDiff) -> str:
    if diff.copies:
        head = _f("the two files are copies of one report ({agency}, {year}): ").format(
            agency=diff.a.agency, year=diff.a.year
        )
        lacking = len(diff.only_in_a) + len(diff.only_in_b)
        rest = (
            _f("; the {n} cells only one of them has are not counted").format(n=lacking)
            if lacking
            else ""
        )
        blank = _f(" ({n} of them blank on both sides)").format(n=diff.unchanged_blank)
        if not diff.changes:
            body = _f("all {n} statutory cells they share are the same").format(n=diff.unchanged)
        else:
            body = _f("{changed} different; {n} the same").format(
                changed=len(diff.changes), n=diff.unchanged
            )
        return _f("{head}{body}{blank}{rest}.").format(head=head, body=body, blank=blank, rest=rest)
    if not diff.differs:
        counts = _f("all {n} statutory cells of the two reports are the same").format(
            n=diff.unchanged
        )
    else:
        parts = [_f("{n} different").format(n=len(diff.changes))]
        if diff.only_in_a:
            parts.append(_f("{n} only in {label}").format(n=len(diff.only_in_a), label="A"))
        if diff.only_in_b:
            parts.append(_f("{n} only in {label}").format(n=len(diff.only_in_b), label="B"))
        counts = _f("{parts}; {n} the same").format(parts=clauses(parts), n=diff.unchanged)
    return _f("{counts} ({blank} of them blank on both sides).").format(
        counts=counts, blank=diff.unchanged_blank
    )


def _same_year_note(diff: ReportDiff) -> str:
    return _f(
        "Both reports are on {year}: two versions of one year's report are compared, not "
        "checked across years."
    ).format(year=diff.a.year)


def _identity_lines(label: str, identity: ReportIdentity, report: AnnualReport) -> list[str]:
    lines = [_side_heading(label, identity)]
    if identity.name is not None:
        lines.append(identity.title)
    lines.append("　".join(_metadata(report)))
    return lines


def _finding_line(finding: Finding) -> str:
    year = _f("{year}: ").format(year=finding.year) if finding.year is not None else ""
    return _f("{code} {severity} {where}: {message}").format(
        code=finding.code,
        severity=_f(finding.severity.value),
        where=f"{year}{finding.location}",
        message=finding.message,
    )


# --- text --------------------------------------------------------------------------------------


def _grid(rows: Sequence[Sequence[str]], widths: Sequence[int]) -> list[str]:
    """An ASCII grid: cells wrapped to ``widths`` display columns, ``=`` under the header row,
    no rules between the body rows (a wrapped row's further lines leave the values blank)."""
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [rule]
    for i, row in enumerate(rows):
        wrapped = [_wrap(text, w) for text, w in zip(row, widths, strict=True)]
        for k in range(max(len(lines) for lines in wrapped)):
            texts = [lines[k] if k < len(lines) else "" for lines in wrapped]
            out.append(
                "| " + " | ".join(_pad(t, w, "left") for t, w in zip(texts, widths, strict=True))
            )
            out[-1] += " |"
        if i == 0:
            out.append(rule.replace("-", "="))
    out.append(rule)
    return out


def _widths(rows: Sequence[Sequence[str]], width: int) -> list[int]:
    """Column widths for a grid within ``width``: the value columns (all but the first) as wide
    as their widest text up to a quarter of the line, the first column the rest."""
    n = len(rows[0])
    room = width - 3 * n - 1
    values = [max(2, min(max(_width(row[j]) for row in rows), room // 4)) for j in range(1, n)]
    return [room - sum(values), *values]


def _location(item: _Item) -> str:
    return "/".join((*item.row, *item.column)) or item.table


def render_diff_text(diff: ReportDiff, *, width: int | None = None) -> str:
    """The diff as plain text no wider than ``width`` display columns (CJK counts 2; default
    :data:`gov_disclosure.render.text.DEFAULT_WIDTH`, at least :data:`MIN_WIDTH`).

    The two reports' identities, a summary line, the cross-year findings, then table by table
    the changed cells (address, A's value, B's value — a blank shown as :data:`BLANK_TEXT`) and
    the cells one report only has.
    """
    if not isinstance(diff, ReportDiff):
        raise TypeError(f"render_diff_text: expected a ReportDiff, got {type(diff).__name__}")
    if width is None:
        width = DEFAULT_WIDTH
    if not isinstance(width, int) or isinstance(width, bool):
        raise TypeError(f"render_diff_text: width must be an int, got {type(width).__name__}")
    if width < MIN_WIDTH:
        raise ValueError(f"render_diff_text: width must be at least {MIN_WIDTH}, got {width}")
    a, b = _sides(diff)

    def wrapped(text: str, indent: str = "") -> list[str]:
        return [indent + line for line in _wrap(_one_line(text), width - _width(indent))]

    blocks = [_underlined(_f("Comparison of two reports"), width, "=")]
    for label, identity, report in (("A", diff.a, a.report), ("B", diff.b, b.report)):
        first, *rest = _identity_lines(label, identity, report)
        lines = wrapped(first)
        for line in rest:
            lines.extend(wrapped(line, "   "))
        blocks.append("\n".join(lines))
    blocks.append("\n".join(wrapped(_summary(diff))))

    if not diff.copies:  # copies: one report, nothing to check across years
        title = _f("Cross-year checks")
        if diff.cross_year:
            title = _f("{heading} ({n})").format(heading=title, n=len(diff.cross_year))
        blocks.append(_underlined(title, width, "-"))
        if diff.same_year:
            blocks.append("\n".join(wrapped(_same_year_note(diff))))
        elif not diff.cross_year:
            blocks.append(_f("No problem found."))
    listed: list[str] = []
    for n, finding in enumerate(diff.cross_year, 1):
        marker = f"{n}. "
        lines = _wrap(_one_line(_finding_line(finding)), width - _width(marker))
        indent = " " * _width(marker)
        listed.extend([marker + lines[0], *(indent + line for line in lines[1:])])
    if listed:
        blocks.append("\n".join(listed))

    changes, only_a, only_b = (
        _by_table(diff.changes),
        _by_table(() if diff.copies else diff.only_in_a),
        _by_table(() if diff.copies else diff.only_in_b),
    )
    for key in TABLE_ATTRS:
        if not (changes[key] or only_a[key] or only_b[key]):
            continue
        blocks.append(_underlined(table_caption(key), width, "-"))
        if changes[key]:
            rows = [(_f("Cell"), "A", "B")]
            for change in changes[key]:
                assert isinstance(change, CellChange)
                rows.append((_location(change), *_change_text(change, a, b)))
            head = _f("{n} different:").format(n=len(changes[key]))
            blocks.append("\n".join([head, *_grid(rows, _widths(rows, width))]))
        for label, side, cells in (("A", a, only_a[key]), ("B", b, only_b[key])):
            if not cells:
                continue
            only_rows = [(_f("Cell"), label)]
            for cell in cells:
                assert isinstance(cell, StatutoryCell)
                only_rows.append((_location(cell), side.text(_address(cell))))
            head = _f("{n} only in {label}:").format(n=len(cells), label=label)
            blocks.append("\n".join([head, *_grid(only_rows, _widths(only_rows, width))]))
    return "\n\n".join(blocks) + "\n"


# --- HTML --------------------------------------------------------------------------------------

_DIFF_CSS = """
@page { size: A4 landscape; margin: 12mm 10mm; }
body { width: 297mm; padding: 12mm 10mm; }
h3 { font-size: 11pt; font-weight: normal; margin: 0 0 1mm; text-align: center; }
p.side-caption { text-indent: 0; text-align: center; font-size: 9pt; margin: 0 0 1mm; }
p.meta { margin-bottom: 1mm; }
section.identity { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; margin-bottom: 4mm; }
section.identity p.meta span { display: block; }
section.identity p.meta span + span::before { content: none; }
p.summary { text-indent: 0; text-align: center; font-weight: bold; }
section.changes, section.only {
  border: 1px solid #999; padding: 2mm 4mm; margin: 0 0 4mm; font-size: 10pt;
}
section.changes h2, section.only h2 { margin: 1mm 0 2mm; font-size: 12pt; }
section.changes ol, section.only ol { margin: 0; padding-left: 8mm; columns: 2; column-gap: 8mm; }
section.changes li, section.only li { break-inside: avoid; page-break-inside: avoid; }
.value { font-variant-numeric: tabular-nums; white-space: nowrap; }
div.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; align-items: start; }
div.sides table.statutory { font-size: 6.5pt; line-height: 1.2; margin: 0; }
div.sides table.statutory caption { font-size: 9pt; padding-bottom: 1mm; }
div.sides table.statutory caption .form { font-size: 7pt; }
div.sides table.statutory th, div.sides table.statutory td { padding: 0.4mm 0.5mm; }
section.pair { break-before: page; page-break-before: always; }
section.pair h2 { text-align: center; margin: 0 0 2mm; }
table.statutory td.changed { white-space: normal; }
table.statutory td.changed:not(.finding) { background: #fde9b0; outline: 2px solid #a86400;
  outline-offset: -2px; font-weight: bold; }
table.statutory td.only { background: #e4e4e4; outline: 1px dashed #555; outline-offset: -2px; }
table.statutory td:target { outline: 3px solid #1d5fa8; }
"""


def _anchor(side: str, path: str) -> str:
    """The ``id`` of a value cell in side ``A`` or ``B``'s table."""
    return f"cell-{side.lower()}-{path}"


def _link(side: str, path: str, text: str) -> str:
    """A link to a value cell of side ``A`` or ``B`` (the text shown as a value)."""
    return f'<a class="value" href="#{_e(_anchor(side, path))}">{_e(text)}</a>'


def _merge(marks: dict[MarkKey, Mark], key: MarkKey, mark: Mark) -> None:
    old = marks.get(key)
    marks[key] = mark if old is None else (f"{old[0]} {mark[0]}", f"{old[1]}\n{mark[1]}")


def _side_table(
    diff: ReportDiff, side: _Side, n: int, key: str, texts: Mapping[_Address, tuple[str, str]]
) -> tuple[str, dict[int, str]]:
    """One side's table ``key``: its heading and its grid (changed cells showing ``A → B``,
    cells only this side has, cross-year findings of this side's year marked), or the note
    that the report lacks the table; and for each cross-year finding marked (by its index) the id
    of its cell."""
    label = "AB"[n]
    identity = (diff.a, diff.b)[n]
    report = side.report
    caption = _f("{heading} ({year})").format(
        heading=_side_heading(label, identity), year=report.year
    )
    table = next((t for t in report.tables() if t.spec().key == key), None)
    if table is None:
        head = f'<p class="side-caption">{_e(caption)}</p>'
        return f'{head}\n<p class="missing">{_e(MISSING_TABLE_NOTE)}</p>', {}
    only = {_address(c) for c in (diff.only_in_a, diff.only_in_b)[n]}
    spec = table.spec()
    shown: dict[str, str] = {}
    marks: dict[MarkKey, Mark] = {}
    ids: dict[str, str] = {}
    for cell in spec.cells:
        address = (key, cell.row.labels, cell.column.labels)
        path = f"{spec.attr}.{cell.path}"
        if address in texts:
            before, after = texts[address]
            shown[path] = f"{before} → {after}"
            _merge(marks, path, ("changed", f"A：{before}\nB：{after}"))
        elif address in only:
            _merge(marks, path, ("only", _f("only {label} has this cell").format(label=label)))
        else:
            continue
        ids[path] = _anchor(label, path)
    grid = _diff_grid(table, report, shown)
    found, placed = _place_findings(report, {key: grid}, diff.cross_year)
    _, matrix = place([*grid.head, *grid.body], grid.width)

    def path_at(position: MarkKey) -> str | None:
        if not isinstance(position, tuple):
            return None
        slot = matrix[position[0]][position[1]]
        return slot.cell.path if slot is not None else None

    for mark_key, findings in found[key].items():
        # A value cell's marks are keyed by its path, so a finding's mark joins a change's.
        _merge(marks, path_at(mark_key) or mark_key, _mark(findings))
    note = _form_note(table, report)
    anchor = f"side-{label.lower()}-{spec.attr}"
    links: dict[int, str] = {}
    for index, (_, (i, j)) in placed.items():
        at = path_at((i, j))
        links[index] = ids[at] if at is not None and at in ids else f"{anchor}-{i}-{j}"
    markup = table_html(
        grid, marks=marks, caption=caption, caption_note=note, ids=ids, anchor=anchor
    )
    return markup, links


def _side_heading(label: str, identity: ReportIdentity) -> str:
    name = identity.name if identity.name is not None else identity.title
    return _f("{label}: {name}").format(label=label, name=name)


def _diff_grid(table: Table, report: AnnualReport, shown: Mapping[str, str]) -> Grid:
    """The table's official grid, a changed cell showing both values (``A → B``)."""
    prefix = table.spec().attr + "."

    def fmt(spec: CellSpec, value: Cell, printed: str | None) -> str:
        text = shown.get(prefix + spec.path)
        return text if text is not None else cell_text(spec, value, printed)

    return table_grid(table, printed=report.printed, fmt=fmt)


def _identity_html(diff: ReportDiff) -> str:
    out = ['<section class="identity">']
    for n, identity in enumerate((diff.a, diff.b)):
        label = "AB"[n]
        spans = "".join(f"<span>{_e(t)}</span>" for t in _metadata(diff.reports[n]))
        out.append(
            f'<div class="side side-{label.lower()}">'
            f"<h3>{_e(_side_heading(label, identity))}</h3>"
            + (f'<p class="title">{_e(identity.title)}</p>' if identity.name is not None else "")
            + f'<p class="meta">{spans}</p></div>'
        )
    out.append("</section>")
    return "\n".join(out)


def _changes_html(diff: ReportDiff, a: _Side, b: _Side) -> str:
    out = ['<section class="changes" id="changes">']
    if not diff.changes:
        out.append(f"<h2>{_e(_f('Cells that differ'))}</h2>")
        none = _f("The cells both reports have do not differ.")
        out.append(f'<p class="none">{_e(none)}</p>')
        out.append("</section>")
        return "\n".join(out)
    heading = _f("Cells that differ ({n})").format(n=len(diff.changes))
    out.append(f"<h2>{_e(heading)}</h2>")
    out.append("<ol>")
    for change in diff.changes:
        address = (change.table, change.row, change.column)
        before, after = _change_text(change, a, b)
        out.append(
            f'<li><span class="location">{_e(str(change.location))}</span>{_e(_f(": "))}'
            f"{_link('A', a.path(address), before)} → {_link('B', b.path(address), after)}</li>"
        )
    out.append("</ol>")
    out.append("</section>")
    return "\n".join(out)


def _only_html(label: str, side: _Side, cells: Sequence[StatutoryCell]) -> str:
    out = [f'<section class="only" id="only-{label.lower()}">']
    heading = _f("Cells only {label} has ({n})").format(label=label, n=len(cells))
    out.append(f"<h2>{_e(heading)}</h2>")
    out.append("<ol>")
    for cell in cells:
        text = side.text(_address(cell))
        out.append(
            f'<li><span class="location">{_e(str(Location(cell.table, cell.row, cell.column)))}'
            f"</span>{_e(_f(': '))}{_link(label, cell.path, text)}</li>"
        )
    out.append("</ol>")
    out.append("</section>")
    return "\n".join(out)


def render_diff_html(diff: ReportDiff) -> str:
    """The diff as one self-contained HTML page (UTF-8, ``lang="zh-CN"``, inline CSS only, A4
    landscape).

    From the top: both reports' identities, a summary line, the cross-year findings, the list
    of changed cells (each value linking to its cell in the tables), the cells only one report
    has, then each statutory table of A and B side by side in the official layout — a
    changed cell marked (class ``changed``) and showing both values ``A → B``, a cell only one
    side has marked ``only``, a cross-year finding marked on the cell of its year's report.
    Every text is escaped; the output is byte-identical for the same diff.
    """
    if not isinstance(diff, ReportDiff):
        raise TypeError(f"render_diff_html: expected a ReportDiff, got {type(diff).__name__}")
    a, b = _sides(diff)
    texts = {(c.table, c.row, c.column): _change_text(c, a, b) for c in diff.changes}
    links: dict[int, str] = {}
    pairs: list[str] = []
    for key in TABLE_ATTRS:
        halves = []
        for n, side in enumerate((a, b)):
            markup, done = _side_table(diff, side, n, key, texts)
            links.update(done)
            halves.append(f'<div class="side side-{"ab"[n]}">\n{markup}\n</div>')
        pairs.append(
            f'<section class="pair" id="table-{_e(key)}">\n<h2>{_e(table_caption(key))}</h2>\n'
            f'<div class="sides">\n{halves[0]}\n{halves[1]}\n</div>\n</section>'
        )
    title = _f("Comparison of two annual government information disclosure reports")
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{html_language()}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}{_e(_f(': '))}{_e(_side_heading('A', diff.a))}　"
        f"{_e(_side_heading('B', diff.b))}</title>",
        f"<style>{_CSS}{_DIFF_CSS}</style>",
        "</head>",
        "<body>",
        '<article class="diff">',
        '<header class="report-header">',
        f"<h1>{_e(title)}</h1>",
        _identity_html(diff),
        f'<p class="summary">{_e(_summary(diff))}</p>',
        *(
            [f'<p class="summary">{_e(_same_year_note(diff))}</p>']
            if diff.same_year and not diff.copies
            else []
        ),
        "</header>",
        *(
            []
            if diff.copies
            else [_findings_section(diff.cross_year, links, heading=_f("Cross-year checks"))]
        ),
        _changes_html(diff, a, b),
    ]
    out.extend(
        _only_html(label, side, cells)
        for label, side, cells in (("A", a, diff.only_in_a), ("B", b, diff.only_in_b))
        if cells and not diff.copies
    )
    out.extend(pairs)
    out += ["</article>", "</body>", "</html>", ""]
    return "\n".join(out)
