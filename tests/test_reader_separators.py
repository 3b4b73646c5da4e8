"""Separators shuffled, dropped and merged: every cell read is right or carries a finding.

A report rendered as text has its tables' rows printed with separators drawn row by row —
tabs (an empty field for a blank cell), runs of spaces, one cell per line (an empty line for a
blank cell), single spaces, a label touching its first figure, two figures run together —, the
whole text single or double spaced, and read back. A figure read into the wrong cell without a finding at its location fails.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gov_disclosure import AnnualReport
from gov_disclosure.cells import to_cells
from gov_disclosure.findings import Finding
from gov_disclosure.readers import parse
from gov_disclosure.render import render
from strategies import TABLE_ATTRS, consistent_reports

STYLES = ("tab", "spaces", "lines", "single", "glued", "merged")
"""How one row of a table is printed (see the module documentation)."""

SEPARATORS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _row_text(style: str, labels: list[str], values: list[str]) -> str:
    stated = [v for v in values if v]
    if style == "tab":
        return "\t".join([*labels, *values])
    if style == "lines":
        return "\n".join([*labels, *values])
    if style == "single":
        return " ".join([*labels, *stated])
    if style == "glued" and labels and stated:
        return "  ".join(labels) + " ".join(stated)
    if style == "merged" and len(stated) > 1:
        return "  ".join([*labels, stated[0] + stated[1], *stated[2:]])
    return "  ".join([*labels, *stated])


def _cells(line: str) -> list[str]:
    body = line.strip()[1:-1]
    return [c.strip() for c in body.split("|")]


def rendered(report: AnnualReport, style_of: Callable[[int], str]) -> str:
    """The report's Markdown with each data row of its tables printed in a drawn style (the
    header rows stay a pipe table; value columns are the right-aligned ones)."""
    out: list[str] = []
    lines = render(report, to="markdown").split("\n")
    values: list[bool] = []
    row = 0
    for k, line in enumerate(lines):
        if not line.startswith("|"):
            out.append(line)
            values = []
            continue
        if k + 1 < len(lines) and lines[k + 1].startswith("|") and set(lines[k + 1]) <= set("|:- "):
            out.append(line)  # the header row of a table
            continue
        if set(line) <= set("|:- "):
            out.append(line)
            values = [c.endswith(":") for c in _cells(line)]
            continue
        cells = _cells(line)
        labels = [c for c, v in zip(cells, values, strict=True) if c and not v]
        figures = [c for c, v in zip(cells, values, strict=True) if v]
        out.extend(["", _row_text(style_of(row), labels, figures), ""])
        row += 1
    return "\n".join(out)


SENTENCE = ("本机关依法公开政府信息。",)


def _plain(report: AnnualReport) -> AnnualReport:
    """The report with sentences of its own for prose: drawn text can spell a table's words
    (``结果纠正`` in section 一), which is no matter of separators."""
    tables = {a: attrs.evolve(t, prose=()) for a in TABLE_ATTRS if (t := getattr(report, a))}
    return attrs.evolve(
        report, overview=SENTENCE, problems=SENTENCE, other_matters=SENTENCE, **tables
    )


def _blanked(report: AnnualReport, chosen: st.DataObject) -> AnnualReport:
    """Some zeros left blank (the relations still hold: a blank part counts as 0)."""
    cells = list(to_cells(report))
    zeros = [c.path for c in cells if c.value == 0 and c.table != "二"]
    if not zeros:
        return report
    for path in set(chosen.draw(st.lists(st.sampled_from(zeros), max_size=6))):
        report = report.replace(path, None)
    return report


def _covers(finding: Finding, table: str, row: tuple[str, ...]) -> bool:
    where = finding.location
    return where.section == table and row[: len(where.row)] == where.row


@given(report=consistent_reports(), data=st.data())
@SEPARATORS
def test_every_cell_read_is_right_or_reported(report: AnnualReport, data: st.DataObject) -> None:
    report = _blanked(_plain(report), data)
    styles = data.draw(st.lists(st.sampled_from(STYLES), min_size=1, max_size=60))
    text = rendered(report, lambda i: styles[i % len(styles)])
    if data.draw(st.booleans()):  # every line a paragraph: an empty line between all lines
        text = text.replace("\n", "\n\n")
    parsed = parse(text, format="markdown")
    read = {c.path: c for c in to_cells(parsed.report)}
    for cell in to_cells(report):
        got = read.get(cell.path)
        value = got.value if got is not None else None
        if value == cell.value and (value is not None or cell.value is None):
            continue
        # A figure read into a cell, wrong, is a failure even with R023 (the one reading the
        # relations allow): the placer's readings must be right.
        codes = {f.code for f in parsed.findings if _covers(f, cell.table, cell.row)}
        assert codes - ({"R023"} if value is not None else set()), (
            f"{cell.path}: read {value!r}, printed {cell.value!r}, findings {codes}\n{text}"
        )
