"""A blank report for clerks to fill in: a commented TOML document generated from the layout.

:func:`template` writes every statutory cell of an edition as an explicit key set to ``0``,
each table row on one line (an inline table) under a comment that gives the row's official
labels, with a legend of the columns above. The document loads as it stands, every cell is 0
(not blank) and it validates without an error; the clerk replaces the zeros with the figures.

TOML has no null, so a cell that is blank in the published report is written by *deleting its
key* (``{ natural_person = 0, total = 0 }`` → ``{ total = 0 }``); a whole blank row is ``{}``.
This keeps the distinction between 0 and blank that the model makes.

Every label in the document is read from :mod:`gov_disclosure.statutory`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

import tomli_w

from .model import AnnualReport, Cell, build_table, decimal_text
from .serialize import SCHEMA_VERSION
from .statutory import (
    SECTIONS,
    T2_CONTENT_HEADER,
    T3_CAPTION,
    TABLE3_NOTE,
    CellKind,
    CellSpec,
    ColumnSpec,
    Edition,
    TableSpec,
    edition_table_specs,
    table_spec,
)

__all__ = ["template"]

_SECTION = {s.key: s for s in SECTIONS}
_RULE = "# " + "=" * 78

_NARRATIVE_HINTS = {
    "overview": "综述本机关全年的政府信息公开工作：主动公开、依申请公开、政府信息管理、"
    "公开平台建设、监督保障等。",
    "problems": "写明工作中存在的主要问题，以及已经或准备采取的改进措施。",
    "other_matters": "收取信息处理费的情况在此报告；没有需要报告的事项时写明没有。",
}


def _header(edition: Edition) -> list[str]:
    money = next(c for c in table_spec("二", edition).cells if c.kind is CellKind.MONEY)
    example = money.path.rpartition(".")[2]
    return [
        "# 政府信息公开工作年度报告 — gov-disclosure 数据文件",
        f"# 格式：{edition.document}（{edition.value} 年版）",
        "#",
        "# 填写说明",
        "# 1. 每个统计表单元格都已写出，初始值为 0：把 0 改成本年度的数字。",
        "# 2. 空白单元格不等于 0。TOML 没有“空值”，报告中空着的单元格就删去它的键，",
        "#    例如 { natural_person = 0, total = 0 } 删去 natural_person 后为 { total = 0 }；",
        "#    整行空白写作 {}；单独成行的单元格（键 = 数字）空白时删去这一行。",
        f'# 3. 金额以万元为单位，写成带引号的十进制数，例如 {example} = "12.5"；其余都是整数。',
        "# 4. 合计单元格应等于各分项之和；填完后运行 gov-disclosure check 文件名 核对。",
        "# 5. 文字部分每段写一个字符串。TOML 要求顶层的键写在第一个 [表] 之前，",
        "#    所以第一、五、六部分的文字写在开头，表二、三、四写在后面。",
        "",
    ]


def template(
    edition: Edition | str | None = None, *, agency: str = "", year: int | None = None
) -> str:
    """A TOML report document of ``edition`` (default :meth:`Edition.latest`) for a clerk to
    fill in, every cell set to 0.

    ``year`` defaults to last year (reports are written early in the following year).
    The document loads with :func:`gov_disclosure.loads` and validates without an error.
    """
    ed = Edition.latest() if edition is None else Edition(edition)
    if year is None:
        year = datetime.date.today().year - 1
    tables = {
        spec.attr: build_table(spec.key, spec.form, {c.path: _zero(c) for c in spec.cells})
        for spec in edition_table_specs(ed)
    }
    report = AnnualReport(agency=agency, year=year, edition=ed, **tables)
    return "\n".join([*_header(ed), *_document_lines(report)]) + "\n"


def _zero(cell: CellSpec) -> Cell:
    return Decimal(0) if cell.kind is CellKind.MONEY else 0


# --- the commented document ------------------------------------------------------------------


def _document_lines(report: AnnualReport, *, hints: bool = True) -> Iterator[str]:
    """The report as commented TOML lines, tables row by row (blank cells left out).

    ``hints`` adds the filling instructions of the template (placeholders, what each text
    section is for); the labels of every row and column are written either way.
    """
    edition_note = " / ".join(f'"{e.value}" = {e.document}' for e in Edition)
    yield f"schema_version = {SCHEMA_VERSION}"
    yield f"agency = {_value(report.agency)}  # 机关名称"
    yield f"year = {report.year}  # 报告年度"
    yield f"edition = {_value(report.edition.value)}  # 格式版本：{edition_note}"
    if report.title is not None:
        yield f"title = {_value(report.title)}  # 标题（按印发的写）"
    elif hints:
        yield f"# title = {_value(report.display_title)}  # 标题（按印发的写；不写则用标准标题）"
    if report.published is not None:
        yield f"published = {report.published.isoformat()}  # 发布日期"
    elif hints:
        yield "# published = 2025-01-20  # 发布日期（知道时去掉行首的 #）"
    for key in ("overview", "problems", "other_matters"):
        yield ""
        yield f"# {_SECTION[key].title}"
        if hints:
            yield f"# {_NARRATIVE_HINTS[key]}每段一个字符串。"
        yield from _paragraph_lines(key, getattr(report, key))
    for table in (report.proactive, report.applications, report.reviews):
        if table is None:
            continue
        spec = table.spec()
        yield ""
        yield _RULE
        yield f"# {_SECTION[spec.attr].title}"
        yield _RULE
        yield f"[{spec.attr}]"
        if spec.form is not None:
            yield f"form = {_value(spec.form.value)}  # 本表的格式版本"
        if hints:
            yield f"# 表{spec.key}以外的文字（可选），每段一个字符串。"
        if hints or table.prose:
            yield from _paragraph_lines("prose", table.prose)
        values = table.values()
        if all(v is None for v in values):
            yield f"# 表{spec.key}各单元格均为空白（按报告原样）。"
            continue
        if spec.key == "二":
            yield from _table2(spec, values)
        elif spec.key == "三":
            yield from _table3(spec, values)
        else:
            yield from _table4(spec, values)
    if report.printed:
        yield ""
        yield "# 单元格按报告印出的原文（不是单纯数字时），键为单元格路径。"
        yield tomli_w.dumps({"printed": dict(report.printed)}).rstrip("\n")


def _value(value: Any) -> str:
    """One TOML value (a string quoted and escaped as TOML needs)."""
    return tomli_w.dumps({"v": value})[len("v = ") :].rstrip("\n")


def _paragraph_lines(key: str, paragraphs: Sequence[str]) -> Iterator[str]:
    if not paragraphs:
        yield f"{key} = []"
        return
    yield f"{key} = ["
    for paragraph in paragraphs:
        yield f"  {_value(paragraph)},"
    yield "]"


def _cell(value: Cell) -> str:
    """A cell as TOML: an amount as a plain decimal string (never exponent notation)."""
    return _value(decimal_text(value)) if isinstance(value, Decimal) else str(value)


def _groups(spec: TableSpec, values: Sequence[Cell]) -> Iterator[tuple[str, list[CellSpec]]]:
    """Consecutive cells sharing a parent path (one table row, or one scalar cell)."""
    group: list[CellSpec] = []
    parent = ""
    for cell in spec.cells:
        head = cell.path.rpartition(".")[0]
        if group and (head != parent or not head):
            yield parent or group[0].path, group
            group = []
        parent = head
        group.append(cell)
    if group:
        yield parent or group[0].path, group


def _row(name: str, cells: Sequence[CellSpec], values: Sequence[Cell]) -> str:
    """``name = { a = 1, b = 2 }`` leaving blank cells out, or ``name = 1`` for a scalar."""
    if len(cells) == 1 and cells[0].path == name:
        value = values[cells[0].index]
        return f"{name} = {_cell(value)}" if value is not None else f"# {name} =  (空白)"
    parts = [
        f"{c.path.rpartition('.')[2]} = {_cell(values[c.index])}"
        for c in cells
        if values[c.index] is not None
    ]
    return f"{name} = {{ {', '.join(parts)} }}" if parts else f"{name} = {{}}"


def _kind_note(column: ColumnSpec) -> str:
    if column.kind is CellKind.MONEY:
        return "（万元，写成带引号的十进制数）"
    if column.kind is CellKind.SIGNED:
        return "（可为负数）"
    return ""


def _table2(spec: TableSpec, values: Sequence[Cell]) -> Iterator[str]:
    rows = {name: cells for name, cells in _groups(spec, values)}
    for block in spec.blocks:
        yield ""
        legend = "；".join(
            (f"{c.name} = {c.label}" if len(block.columns) > 1 else c.label) + _kind_note(c)
            for c in block.columns
        )
        yield f"# {block.label} — {T2_CONTENT_HEADER}：{legend}"
        for row in block.rows:
            yield f"{_row(row.name, rows[row.name], values)}  # {row.label}"


def _table3(spec: TableSpec, values: Sequence[Cell]) -> Iterator[str]:
    width = max(len(c.name) for c in spec.columns)
    yield ""
    yield f"# 每行 {len(spec.columns)} 列（{T3_CAPTION}）："
    for column in spec.columns:
        yield f"#   {column.name.ljust(width)} = {' / '.join(column.labels)}"
    yield f"# {TABLE3_NOTE}"
    for name, cells in _groups(spec, values):
        yield f"# {' / '.join(cells[0].row.labels)}"
        yield _row(name, cells, values)


def _table4(spec: TableSpec, values: Sequence[Cell]) -> Iterator[str]:
    groups = list(_groups(spec, values))
    first = groups[0][1]
    legend = "；".join(f"{c.path.rpartition('.')[2]} = {c.column.label}" for c in first)
    yield ""
    yield f"# 每组 {len(first)} 列：{legend}"
    for name, cells in groups:
        yield f"# {' / '.join(cells[0].column.labels[:-1])}"
        yield _row(name, cells, values)
