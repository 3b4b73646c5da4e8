"""Reading findings: what the reader of a published report met and could not place.

They share the registry with the rules (``R`` for reading, then three digits) but are not
checks of a report: :func:`gov_disclosure.parse` reports them, with the position in the source
file, while it reads. ``gov-disclosure rules R`` lists them.
"""

from __future__ import annotations

from ..findings import Severity
from .rule import Rule

# An implementation module (docs/reference/api.md): __all__ lists only the names a public module re-exports.
__all__: list[str] = []

_FORMAT = "《中华人民共和国政府信息公开工作年度报告格式》"
_WARN, _INFO = Severity.WARNING, Severity.INFO


def _rule(code: str, name: str, title: str, severity: Severity, summary: str) -> Rule:
    return Rule(code, name, title, severity, _FORMAT, summary, "reading", None)


READING_RULES: tuple[Rule, ...] = (
    _rule(
        "R001",
        "section-not-found",
        "未找到章节标题",
        _WARN,
        "One of the six section headings (一、总体情况 … 六、其他需要报告的事项, with their known "
        "variants) was not found; the text that would belong to it stays in the section before.",
    ),
    _rule(
        "R002",
        "metadata-not-found",
        "未找到标题信息",
        _WARN,
        "The title line did not give the reporting body or the year; the reader took them from "
        "elsewhere in the text (named in the message) or left the agency empty.",
    ),
    _rule(
        "R003",
        "year-not-found",
        "未找到报告年度",
        _WARN,
        "No year is printed in the title, a 报告年度 line or the text (a fragment of tables, a "
        "title page cut off): the first year of the tables' form stands in, named in the "
        "message; give the year (``parse(..., year=)``, ``--year``) to read it as printed.",
    ),
    _rule(
        "R004",
        "section-elsewhere",
        "章节结构不同",
        _WARN,
        "A section has no heading of its own but is printed under another one (the problems and "
        "improvements as ``（一）主要问题`` after table 四): it is read from that sub-heading, "
        "and the message names where; the section is not reported missing.",
    ),
    _rule(
        "R005",
        "fragment",
        "片段",
        _INFO,
        "The source has no title and no section 一 (a table pasted alone, a page from the "
        "middle of a PDF): what it prints is read, and what it does not print — the other "
        "tables and sections — is absent, so no rule reports it missing or blank.",
    ),
    _rule(
        "R006",
        "metadata-differs",
        "报告信息与给定不符",
        _WARN,
        "The agency or year given to the reader (``parse(..., agency=, year=)``, ``--agency``, "
        "``--year``) differs from the one printed; the one given is taken.",
    ),
    _rule(
        "R011",
        "unknown-row",
        "无法识别的行",
        _WARN,
        "A row of a statutory table carries figures under a label that is no row of the table's "
        "form; its figures are not placed and are quoted in the message.",
    ),
    _rule(
        "R012",
        "row-missing",
        "缺少法定行",
        _WARN,
        "A statutory row of a table that is otherwise printed was not found. Its cells are blank, "
        "and the arithmetic rules skip every relation that involves them.",
    ),
    _rule(
        "R013",
        "cells-missing",
        "缺少单元格",
        _WARN,
        "A row holds fewer figures than its columns and nothing shows which column each belongs "
        "to; the figures are not placed (quoted in the message) and the relations that involve "
        "the row are skipped.",
    ),
    _rule(
        "R014",
        "extra-cells",
        "多余单元格",
        _WARN,
        "A row holds more figures than its columns; the figures are not placed (quoted in the "
        "message) and the relations that involve the row are skipped.",
    ),
    _rule(
        "R015",
        "cell-unreadable",
        "无法读取的单元格",
        _WARN,
        "A statutory cell holds text in which no number can be read; the cell is blank and its "
        "text is kept as printed.",
    ),
    _rule(
        "R016",
        "table-repeated",
        "表格重复印出",
        _INFO,
        "A statutory row was printed twice with the same figures (a table repeated, or a header "
        "repeated across pages); the first reading is kept.",
    ),
    _rule(
        "R017",
        "table-cut-off",
        "表格不完整",
        _WARN,
        "A statutory table stops early or starts late: a run of its rows at the end or the "
        "beginning is not printed. The arithmetic rules skip what the source lacks.",
    ),
    _rule(
        "R018",
        "digits-run-together",
        "数字粘连",
        _WARN,
        "The figures of adjacent cells seem run together (``300`` for ``3``, ``0``, ``0``) and no "
        "split is certain: the cells are left blank, and the message lists the splits that "
        "satisfy the table's relations.",
    ),
    _rule(
        "R019",
        "row-placed-between-labels",
        "按位置归属的行",
        _INFO,
        "A row of figures printed without its label was placed in the only statutory row left "
        "between two labelled rows (as many unlabelled rows as missing rows, in order).",
    ),
    _rule(
        "R020",
        "figures-not-placed",
        "未能归属的数字",
        _WARN,
        "Figures printed inside a statutory table could not be placed in any cell (no label, and "
        "no unambiguous place between labelled rows); they are quoted in the message.",
    ),
    _rule(
        "R021",
        "row-conflict",
        "同一行数字矛盾",
        _WARN,
        "A statutory row was printed twice with different figures; the first reading is kept "
        "and the other is quoted in the message.",
    ),
    _rule(
        "R022",
        "placement-ambiguous",
        "数字归属不唯一",
        _WARN,
        "A row holds fewer figures than columns (digits of neighbouring cells run together, or "
        "blank cells that left no trace) and several placements into its columns satisfy every "
        "relation of the table: the message lists them, and the row is not read.",
    ),
    _rule(
        "R023",
        "placed-by-relations",
        "按勾稽关系归属的数字",
        _INFO,
        "A row holds fewer figures than columns (digits run together, or blank cells that left "
        "no trace), and exactly one placement into its columns satisfies the table's relations: "
        "the row is read so, and the message shows the reading.",
    ),
)
"""Every reading finding, in code order."""
