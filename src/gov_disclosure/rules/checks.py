"""The checks behind the per-report rules.

Each check takes a :class:`Context` and yields ``(location, message)`` pairs; the registry
attaches the rule's code and severity. The arithmetic checks read the relations declared in
:mod:`gov_disclosure.statutory` (:func:`arithmetic`), never written per cell; everything a
check needs from a table spec is derived from it once (``_Plan``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from operator import itemgetter
from typing import Any, Literal

from attrs import field, frozen
from attrs.validators import in_

from .._codegen import compile_function
from ..cells import Effective, effective_values
from ..findings import Location
from ..model import AnnualReport, Cell
from ..numbers import normalize_digits, parse_chinese_number
from ..statutory import SECTIONS, CellKind, Edition, Relation, RelationKind, TableSpec

__all__ = ["Context", "Hit", "ValidationOptions", "arithmetic"]

Hit = tuple[Location, str]


@frozen
class ValidationOptions:
    """Settings of the plausibility rules (the format leaves these open)."""

    money_places: int = 6
    """Most decimal places an amount in 万元 may have before P003 warns (6 = 1 分)."""
    body: Literal["government", "department"] | None = field(
        default=None, validator=in_((None, "government", "department"))
    )
    """The kind of body that publishes the report, for the deadline of S010 (条例第四十九条):
    ``"government"`` (县级以上地方人民政府, 3月31日) or ``"department"`` (县级以上人民政府部门,
    1月31日). None (the default): the deadline is not checked."""


class Context:
    """One report under validation, with per-table values computed once."""

    __slots__ = ("_effective", "memo", "options", "report", "tables")

    def __init__(self, report: AnnualReport, options: ValidationOptions) -> None:
        self.report = report
        self.options = options
        self.tables: list[tuple[TableSpec, _Plan, tuple[Cell, ...], bool]] = []
        """Each table present: its spec, what the checks read from the spec, its values, and
        whether any value is blank."""
        for t in report.tables():
            spec = t.spec()
            self.tables.append((spec, _plan(spec), t.values(), t.has_blank()))
        self._effective: dict[str, Effective] = {}
        self.memo: dict[str, Any] = {}
        """What several rules read from the report, computed once by the first (the
        statements of the text: :func:`.narrative.report_statements`)."""

    def effective(self, spec: TableSpec, values: Sequence[Cell]) -> Effective:
        """The table's values with blanks resolved (computed once per table)."""
        found = self._effective.get(spec.key)
        if found is None:
            found = self._effective[spec.key] = effective_values(spec, values)
        return found


class _Plan:
    """What the checks read from one table spec, derived from it once."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self.locations = tuple(
            Location(spec.key, c.row.labels, c.column.labels) for c in spec.cells
        )
        self.counts = tuple(c.index for c in spec.cells if c.kind is CellKind.COUNT)
        self.money = tuple(c.index for c in spec.cells if c.kind is CellKind.MONEY)
        self.counts_getter = _getter(self.counts) if len(self.counts) < len(spec.cells) else None
        rows: dict[str, list[int]] = {}
        for c in spec.cells:
            rows.setdefault(c.row.name, []).append(c.index)
        self.rows = tuple(
            (
                Location(spec.key, spec.cells[ix[0]].row.labels),
                _getter(ix),
                tuple(ix),
                f"本行 {len(ix)} 个单元格全部为空；空白的分项在合计中按 0 计",
            )
            for ix in rows.values()
        )
        """Each row: its location, a getter of its values, their indexes, the B001 message
        for the row left entirely blank."""
        self.codes: dict[str, tuple[int, ...]] = {}
        for i, r in enumerate(spec.relations):
            self.codes[r.code] = (*self.codes.get(r.code, ()), i)
        self.failing = {code: _failing(spec, code, ix) for code, ix in self.codes.items()}


def _getter(indexes: Sequence[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    if len(indexes) == 1:
        only = indexes[0]
        return lambda v: (v[only],)
    return itemgetter(*indexes)


def _failing(
    spec: TableSpec, code: str, positions: Sequence[int]
) -> Callable[[Sequence[Any]], list[int]]:
    """A straight-line check of the relations of one code on a table with every cell stated:
    returns the positions (in ``spec.relations``) of those that fail."""
    lines = ["def failing(v):", "    bad = []"]
    for i in positions:
        r = spec.relations[i]
        left = " + ".join(f"v[{j}]" for j in r.left)
        right = " + ".join(f"v[{j}]" for j in r.right)
        lines.append(f"    if {left} != {right}: bad.append({i})")
    lines.append("    return bad")
    source = "\n".join(lines) + "\n"
    what = f"relations {code} of table {spec.key} ({spec.form})"
    return compile_function("failing", source, {}, what=what)  # type: ignore[no-any-return]


_PLANS: dict[int, _Plan] = {}


def _plan(spec: TableSpec) -> _Plan:
    """The plan of a spec (specs are module-level singletons: cached by identity)."""
    found = _PLANS.get(id(spec))
    if found is None:
        found = _PLANS[id(spec)] = _Plan(spec)
    return found


def _loc(spec: TableSpec, index: int) -> Location:
    return _plan(spec).locations[index]


def _fmt(value: Any) -> str:
    return str(value)


# --- structure ---------------------------------------------------------------------------

_NARRATIVES = tuple(s for s in SECTIONS if s.table is None)
_TABLES = tuple(s for s in SECTIONS if s.table is not None)
_NUMERALS = "一二三四五六"


def check_narrative_missing(ctx: Context) -> Iterator[Hit]:
    """S001: a narrative section (一, 五, 六) has no text."""
    for section in _NARRATIVES:
        paragraphs = getattr(ctx.report, section.key)
        if not any(map(str.strip, paragraphs)):
            yield Location(_NUMERALS[section.number - 1]), f"“{section.title}”部分没有内容"


def check_table_missing(ctx: Context) -> Iterator[Hit]:
    """S002: a statutory table (二, 三, 四) is missing."""
    for section in _TABLES:
        if getattr(ctx.report, section.key) is None:
            yield (
                Location(section.table or ""),
                f"缺少“{section.title}”的统计表（表{section.table}）",
            )


def check_mixed_forms(ctx: Context) -> Iterator[Hit]:
    """S003: a table is laid out in the other edition's form."""
    edition = ctx.report.edition
    for spec, _, _, _ in ctx.tables:
        if spec.form is not None and spec.form is not edition:
            yield (
                Location(spec.key),
                f"表{spec.key}为{spec.form.value}年格式，而报告按{edition.value}年格式编制（格式混用）",
            )


def _printed_cells(ctx: Context) -> Iterator[tuple[TableSpec, int, str, Cell]]:
    """Cells with printed text kept: (spec, index, text, value), in reading order."""
    printed = ctx.report.printed
    if not printed:
        return
    found = []
    for order, (spec, _, values, _blank) in enumerate(ctx.tables):
        prefix = spec.attr + "."
        for path, text in printed.items():
            if path.startswith(prefix):
                cell = spec.by_path[path[len(prefix) :]]
                found.append((order, cell.index, spec, text, values[cell.index]))
    for _, index, spec, text, value in sorted(found, key=itemgetter(0, 1)):
        yield spec, index, text, value


def check_placeholder(ctx: Context) -> Iterator[Hit]:
    """S004: a statutory cell printed non-numeric text (a placeholder such as ``——``)."""
    for spec, index, text, value in _printed_cells(ctx):
        if value is None:
            yield _loc(spec, index), f"单元格印为“{text}”，不是数字，按空白处理"


def check_annotated(ctx: Context) -> Iterator[Hit]:
    """S005: a numeric cell was printed with extra text (an annotation)."""
    for spec, index, text, value in _printed_cells(ctx):
        if value is not None:
            yield _loc(spec, index), f"单元格印为“{text}”，取值 {_fmt(value)}"


def check_edition_year(ctx: Context) -> Iterator[Hit]:
    """S006: the edition does not match the year (each edition applies from its first year)."""
    report = ctx.report
    used = report.edition
    due = Edition.for_year(report.year)
    if used is due:
        return
    if used.first_year < due.first_year:  # an older edition, after a newer one took effect
        message = f"{report.year}年度报告仍使用{used.label}（{due.label}"
        since = due.first_year
    else:  # a newer edition, before it took effect
        message = f"{report.year}年度报告使用了{used.label}（{used.label}"
        since = used.first_year
    yield Location(), f"{message}自{since}年度报告起施行）"


def check_agency_missing(ctx: Context) -> Iterator[Hit]:
    """S007: the report names no body."""
    if not ctx.report.agency.strip():
        yield Location(), "报告未写明发布机关（机关名称为空）"


def check_no_figures(ctx: Context) -> Iterator[Hit]:
    """S008: not one figure is stated in any table."""
    if all(all(v is None for v in values) for _, _, values, _ in ctx.tables):
        present = "、".join(f"表{spec.key}" for spec, _, _, _ in ctx.tables)
        where = f"{present}的所有单元格均为空白" if present else "报告没有任何统计表"
        yield Location(), f"报告没有填报任何数字：{where}"


_YEAR = r"(\d{4}|[〇零一二三四五六七八九]{4})"
_TITLE_YEAR = re.compile(_YEAR + r"\s*年")
_PERIOD = re.compile(
    r"统计(?:期限|周期|期间|时限|时间|区间)[^。；\d]{0,10}"
    + _YEAR
    + r"\s*年\s*[1一]\s*月\s*[1一]\s*日[^。；\d]{0,6}(?:"
    + _YEAR
    + r"\s*年\s*)?(?:12|十二)\s*月\s*(?:31|三十一)\s*日"
)


def _year(text: str) -> int:
    return parse_chinese_number(text)


def check_year_mismatch(ctx: Context) -> Iterator[Hit]:
    """S009: the year in the title or the statistics period is not the report's year."""
    report = ctx.report
    if report.title:
        years = [_year(m.group(1)) for m in _TITLE_YEAR.finditer(normalize_digits(report.title))]
        if years and report.year not in years:
            yield (
                Location(),
                f"标题“{report.title}”中的年份为{years[0]}年，而报告年度为{report.year}年",
            )
    for paragraph in report.overview:
        for m in _PERIOD.finditer(normalize_digits(paragraph)):
            for text in filter(None, m.groups()):
                if _year(text) != report.year:
                    yield (
                        Location("一"),
                        f"正文所列统计期限“{m.group(0)}”为{_year(text)}年，"
                        f"而报告年度为{report.year}年",
                    )
                    break


_DEADLINES = {
    "government": (3, 31, "县级以上地方人民政府"),
    "department": (1, 31, "县级以上人民政府部门"),
}


def check_publication_deadline(ctx: Context) -> Iterator[Hit]:
    """S010: published after the deadline of 条例第四十九条 (only with ValidationOptions.body)."""
    body, published = ctx.options.body, ctx.report.published
    if body is None or published is None:
        return
    month, day, who = _DEADLINES[body]
    deadline = datetime.date(ctx.report.year + 1, month, day)
    if published > deadline:
        late = (published - deadline).days
        yield (
            Location(),
            f"报告于{published.year}年{published.month}月{published.day}日公布，晚于{who}"
            f"公布{ctx.report.year}年度报告的期限{deadline.year}年{month}月{day}日（逾期{late}天）",
        )


_NOTHING = re.compile(r"(?:无|暂无|没有|未发现|不存在)[。.！!]?")
_SENTENCE_END = re.compile(r"[。！？!?；;]")
SHORT_PROBLEMS = 30
"""Fewer characters than this in one sentence is too short for section 五 (S501)."""


def check_problems_too_short(ctx: Context) -> Iterator[Hit]:
    """S501: section 五 says only 无 or one short sentence."""
    text = "".join(p.strip() for p in ctx.report.problems)
    if not text:
        return  # S001 reports the empty section
    if _NOTHING.fullmatch(text):
        yield Location("五"), f"“五、存在的主要问题及改进情况”只写了“{text}”，未列明问题和改进措施"
        return
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    if len(sentences) <= 1 and len(text) < SHORT_PROBLEMS:
        yield (
            Location("五"),
            f"“五、存在的主要问题及改进情况”只有一句话（{len(text)}字）：“{text}”，"
            "应分别写明存在的主要问题和改进情况",
        )


# --- arithmetic ----------------------------------------------------------------------------


def _relation_message(spec: TableSpec, r: Relation, eff: Sequence[Any]) -> str:
    left = sum((eff[i] for i in r.left), start=0)
    right = sum((eff[i] for i in r.right), start=0)
    if r.kind is RelationKind.FLOW:
        a, b = (_fmt(eff[i]) for i in r.left)
        c, d = (_fmt(eff[i]) for i in r.right)
        return f"第一项加第二项之和 {left}（{a} + {b}）≠ 第三项加第四项之和 {right}（{c} + {d}）"
    total = spec.cells[r.left[0]]
    parts = [spec.cells[i] for i in r.right]
    down_a_column = all(p.column == total.column for p in parts)
    label = total.row.label if down_a_column else total.column.label
    if len(parts) <= 4:
        what = (
            "、".join(p.column.label if not down_a_column else p.row.label for p in parts) + "之和"
        )
    else:
        what = "各项办理结果之和" if down_a_column else "各类申请人之和"
    return f"{label} {left} ≠ {what} {right}"


def arithmetic(code: str) -> Callable[[Context], Iterator[Hit]]:
    """The check of the relations with this code, as declared in the statutory layout.

    A table with every cell stated runs the generated straight-line check of those relations;
    a table with blanks compares effective values (blank details as 0, blank totals recomputed),
    skipping a relation whose total is blank or, for a flow, whose cells are all blank.
    """

    def check(ctx: Context) -> Iterator[Hit]:
        for spec, plan, values, blank in ctx.tables:
            positions = plan.codes.get(code)
            if positions is None:
                continue
            relations = spec.relations
            if not blank:
                for i in plan.failing[code](values):
                    r = relations[i]
                    yield Location(spec.key, r.row, r.column), _relation_message(spec, r, values)
                continue
            eff = ctx.effective(spec, values)
            for i in positions:
                r = relations[i]
                if r.kind is RelationKind.SUM:
                    if values[r.left[0]] is None:
                        continue  # a blank total is not compared (B002 says what it would be)
                elif not any(map(eff.known.__getitem__, (*r.left, *r.right))):
                    continue  # nothing of the flow is stated
                left = sum(map(eff.values.__getitem__, r.left), start=0)
                right = sum(map(eff.values.__getitem__, r.right), start=0)
                if left != right:
                    location = Location(spec.key, r.row, r.column)
                    yield location, _relation_message(spec, r, eff.values)

    check.__doc__ = f"{code}: the relations of that code declared in the statutory layout."
    return check


# --- plausibility ----------------------------------------------------------------------------


def check_negative_count(ctx: Context) -> Iterator[Hit]:
    """P001: a count is negative (only the 2019 本年增/减 may be)."""
    for _, plan, values, blank in ctx.tables:
        counts = values if plan.counts_getter is None else plan.counts_getter(values)
        if blank:
            if min(filter(None, counts), default=0) >= 0:
                continue
        elif min(counts) >= 0:
            continue
        for i in plan.counts:
            v = values[i]
            if v is not None and v < 0:
                yield plan.locations[i], f"数量不能为负数，而填报为 {v}"


def check_negative_amount(ctx: Context) -> Iterator[Hit]:
    """P002: an amount is negative."""
    for _, plan, values, _blank in ctx.tables:
        for i in plan.money:
            v = values[i]
            if v is not None and v < 0:
                yield plan.locations[i], f"金额不能为负数，而填报为 {v} 万元"


def check_money_precision(ctx: Context) -> Iterator[Hit]:
    """P003: an amount in 万元 has more decimal places than plausible."""
    places = ctx.options.money_places
    for _, plan, values, _blank in ctx.tables:
        for i in plan.money:
            v = values[i]
            if isinstance(v, Decimal):
                exponent = v.as_tuple().exponent
                if isinstance(exponent, int) and -exponent > places:
                    yield plan.locations[i], f"金额 {v} 万元有 {-exponent} 位小数，超过 {places} 位"


def check_published_exceeds_total(ctx: Context) -> Iterator[Hit]:
    """P004: 2019 table 二, 本年新公开数量 exceeds 对外公开总数量."""
    for spec, _, values, _blank in ctx.tables:
        for a, b in spec.inequalities:
            va, vb = values[a], values[b]
            if va is not None and vb is not None and va > vb:
                la, lb = spec.cells[a].column.label, spec.cells[b].column.label
                yield _loc(spec, a), f"{la} {va} 大于{lb} {vb}"


def _t2_2019(ctx: Context) -> Iterator[tuple[TableSpec, tuple[Cell, ...]]]:
    for spec, _, values, _blank in ctx.tables:
        if spec.key == "二" and spec.form is Edition.E2019:
            yield spec, values


def check_items_negative(ctx: Context) -> Iterator[Hit]:
    """P201: 2019 table 二, 上一年项目数量 + 本年增/减 < 0."""
    for spec, values in _t2_2019(ctx):
        for cell in spec.cells:
            if cell.column.name != "previous":
                continue
            change = spec.by_path.get(f"{cell.row.name}.change")
            if change is None:
                continue
            before, delta = values[cell.index], values[change.index]
            if before is not None and delta is not None and before + delta < 0:
                yield (
                    _loc(spec, change.index),
                    f"{cell.row.label}：{cell.column.label} {before} 加{change.column.label} "
                    f"{delta} 为 {before + delta}，本年末项目数量不能为负数",
                )


def check_procurement_mismatch(ctx: Context) -> Iterator[Hit]:
    """P202: 2019 table 二, 采购项目数量 and 采购总金额 not both zero or both non-zero."""
    for spec, values in _t2_2019(ctx):
        projects, amount = (
            spec.by_path.get("procurement.projects"),
            spec.by_path.get("procurement.amount"),
        )
        if projects is None or amount is None:
            continue
        n, money = values[projects.index], values[amount.index]
        if n is None or money is None or (n == 0) == (money == 0):
            continue
        if n == 0:
            message = f"{projects.column.label}为 0，而{amount.column.label}为 {money} 万元"
            yield _loc(spec, projects.index), message
        else:
            message = f"{projects.column.label}为 {n}，而{amount.column.label}为 0"
            yield _loc(spec, amount.index), message


# --- blanks ------------------------------------------------------------------------------------


def check_blank_cells(ctx: Context) -> Iterator[Hit]:
    """B001: blank cells, one finding per table row that has any."""
    for spec, plan, values, blank in ctx.tables:
        if not blank:
            continue
        for location, getter, indexes, all_blank in plan.rows:
            row = getter(values)
            blanks = row.count(None)
            if not blanks:
                continue
            if blanks == len(row):
                yield location, all_blank
                continue
            empty = [i for i, v in zip(indexes, row, strict=True) if v is None]
            labels = "、".join("/".join(spec.cells[i].column.labels) for i in empty)
            yield location, f"{len(empty)} 个单元格为空（{labels}）；空白的分项在合计中按 0 计"


def check_blank_total(ctx: Context) -> Iterator[Hit]:
    """B002: a blank total that can be completed from its parts."""
    for spec, _, values, blank in ctx.tables:
        if not blank:
            continue
        eff = ctx.effective(spec, values)
        for i in sorted(spec.totals):
            if values[i] is None and eff.known[i]:
                yield _loc(spec, i), f"合计单元格为空，可由分项补全为 {eff.values[i]}"


def check_blank_results_total(ctx: Context) -> Iterator[Hit]:
    """B003: a blank （七）总计 of table 三 whose outcome rows are not all zero."""
    for spec, _, values, blank in ctx.tables:
        if spec.key != "三" or not blank:
            continue
        eff = ctx.effective(spec, values)
        for r in spec.relations:
            if r.code != "A302":
                continue
            total = r.left[0]
            if values[total] is None and any(values[i] for i in r.right):
                yield (
                    _loc(spec, total),
                    f"（七）总计为空，而各项办理结果之和为 {eff.values[total]}；"
                    "请填写总计（B002 给出可补全的数值）",
                )
