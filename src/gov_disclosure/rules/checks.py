"""The checks behind the per-report rules.

Each check takes a :class:`Context` and yields ``(location, message)`` pairs; the registry
attaches the rule's code and severity. Arithmetic checks are generated from the relations
declared in :mod:`gov_disclosure.statutory`, never written per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from operator import itemgetter
from typing import Any, TypeVar

from attrs import frozen

from ..cells import Effective, effective_values
from ..findings import Location
from ..model import AnnualReport, Cell, Table
from ..statutory import SECTIONS, CellKind, Edition, Relation, RelationKind, TableSpec

__all__ = ["Context", "Hit", "ValidationOptions"]

Hit = tuple[Location, str]
_R = TypeVar("_R")


@frozen
class ValidationOptions:
    """Settings of the plausibility rules (the format leaves these open)."""

    money_places: int = 6
    """Most decimal places an amount in 万元 may have before P003 warns (6 = 1 分)."""


class Context:
    """One report under validation, with per-table values computed once."""

    __slots__ = ("_effective", "options", "report", "tables")

    def __init__(self, report: AnnualReport, options: ValidationOptions) -> None:
        self.report = report
        self.options = options
        self.tables: list[tuple[TableSpec, Table, tuple[Cell, ...], bool]] = []
        for t in report.tables():
            values = t.values()
            self.tables.append((t.spec(), t, values, None in values))
        self._effective: dict[str, Effective] = {}

    def effective(self, spec: TableSpec, values: Sequence[Cell]) -> Effective:
        """The table's values with blanks resolved (computed once per table)."""
        found = self._effective.get(spec.key)
        if found is None:
            found = self._effective[spec.key] = effective_values(spec, values)
        return found


def _loc(spec: TableSpec, index: int) -> Location:
    cell = spec.cells[index]
    return Location(spec.key, cell.row.labels, cell.column.labels)


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
        if not any(p.strip() for p in paragraphs):
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
    for spec, _, values, _blank in ctx.tables:
        prefix = spec.attr + "."
        for cell in spec.cells:
            text = printed.get(prefix + cell.path)
            if text is not None:
                yield spec, cell.index, text, values[cell.index]


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
    """S006: the edition does not match the year (2021 form applies from the 2021 reports)."""
    report = ctx.report
    due = Edition.for_year(report.year)
    if report.edition is due:
        return
    newer = Edition.E2021
    if due is newer:
        message = f"{report.year}年度报告仍使用{report.edition.value}年试行格式"
    else:
        message = f"{report.year}年度报告使用了{newer.value}年格式"
    yield Location(), f"{message}（{newer.value}年格式自{newer.first_year}年度报告起施行）"


# --- arithmetic ----------------------------------------------------------------------------


def _memo(fn: Callable[[TableSpec, Any], _R]) -> Callable[[TableSpec, Any], _R]:
    """Cache by the spec's identity (specs are module-level singletons), not by hashing it."""
    memo: dict[tuple[int, Any], _R] = {}

    def wrapper(spec: TableSpec, arg: Any) -> _R:
        k = (id(spec), arg)
        found = memo.get(k)
        if found is None:
            found = memo[k] = fn(spec, arg)
        return found

    return wrapper


@_memo
def _fast_failures(spec: TableSpec, code: str) -> Callable[[Sequence[Any]], list[int]]:
    """Generate a straight-line check of a table's relations of one code, for tables whose
    cells are all stated: returns the positions (in ``spec.relations``) that fail."""
    lines = ["def failing(v):", "    bad = []"]
    for i, r in enumerate(spec.relations):
        if r.code != code:
            continue
        left = " + ".join(f"v[{j}]" for j in r.left)
        right = " + ".join(f"v[{j}]" for j in r.right)
        lines.append(f"    if {left} != {right}: bad.append({i})")
    lines.append("    return bad")
    namespace: dict[str, Any] = {}
    exec(
        compile("\n".join(lines), f"<gov_disclosure relations {spec.key} {code}>", "exec"),
        namespace,
    )
    return namespace["failing"]  # type: ignore[no-any-return]


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


def _relation_location(spec: TableSpec, r: Relation) -> Location:
    return Location(spec.key, r.row, r.column)


@_memo
def _has_code(spec: TableSpec, code: str) -> bool:
    return any(r.code == code for r in spec.relations)


def _arithmetic(code: str) -> Callable[[Context], Iterator[Hit]]:
    def check(ctx: Context) -> Iterator[Hit]:
        for spec, _, values, blank in ctx.tables:
            if not _has_code(spec, code):
                continue
            relations = spec.relations
            if not blank:
                failing = _fast_failures(spec, code)(values)
                for i in failing:
                    r = relations[i]
                    yield _relation_location(spec, r), _relation_message(spec, r, values)
                continue
            eff = ctx.effective(spec, values)
            for r in relations:
                if r.code != code:
                    continue
                if r.kind is RelationKind.SUM:
                    if values[r.left[0]] is None:
                        continue  # a blank total is not compared (B002 says what it would be)
                elif not any(eff.known[i] for i in (*r.left, *r.right)):
                    continue  # nothing of the flow is stated
                left = sum((eff.values[i] for i in r.left), start=0)
                right = sum((eff.values[i] for i in r.right), start=0)
                if left != right:
                    yield (
                        _relation_location(spec, r),
                        _relation_message(spec, r, eff.values),
                    )

    check.__doc__ = f"{code}: the relations of that code declared in the statutory layout."
    return check


# --- plausibility ----------------------------------------------------------------------------


@_memo
def _kind_getter(
    spec: TableSpec, kind: CellKind
) -> tuple[tuple[int, ...], Callable[[Sequence[Any]], Any]]:
    indexes = tuple(c.index for c in spec.cells if c.kind is kind)
    if not indexes:
        return indexes, lambda v: ()
    if len(indexes) == 1:
        only = indexes[0]
        return indexes, lambda v: (v[only],)
    return indexes, itemgetter(*indexes)


def check_negative_count(ctx: Context) -> Iterator[Hit]:
    """P001: a count is negative (only the 2019 本年增/减 may be)."""
    for spec, _, values, blank in ctx.tables:
        indexes, get = _kind_getter(spec, CellKind.COUNT)
        counts = values if len(indexes) == len(values) else get(values)
        if blank:
            if min(filter(None, counts), default=0) >= 0:
                continue
        elif min(counts) >= 0:
            continue
        for i in indexes:
            v = values[i]
            if v is not None and v < 0:
                yield _loc(spec, i), f"数量不能为负数，而填报为 {v}"


def check_negative_amount(ctx: Context) -> Iterator[Hit]:
    """P002: an amount is negative."""
    for spec, _, values, _blank in ctx.tables:
        indexes, _ = _kind_getter(spec, CellKind.MONEY)
        for i in indexes:
            v = values[i]
            if v is not None and v < 0:
                yield _loc(spec, i), f"金额不能为负数，而填报为 {v} 万元"


def check_money_precision(ctx: Context) -> Iterator[Hit]:
    """P003: an amount in 万元 has more decimal places than plausible."""
    places = ctx.options.money_places
    for spec, _, values, _blank in ctx.tables:
        indexes, _ = _kind_getter(spec, CellKind.MONEY)
        for i in indexes:
            v = values[i]
            if isinstance(v, Decimal):
                exponent = v.as_tuple().exponent
                if isinstance(exponent, int) and -exponent > places:
                    yield _loc(spec, i), f"金额 {v} 万元有 {-exponent} 位小数，超过 {places} 位"


def check_published_exceeds_total(ctx: Context) -> Iterator[Hit]:
    """P004: 2019 table 二, 本年新公开数量 exceeds 对外公开总数量."""
    for spec, _, values, _blank in ctx.tables:
        for a, b in spec.inequalities:
            va, vb = values[a], values[b]
            if va is not None and vb is not None and va > vb:
                la, lb = spec.cells[a].column.label, spec.cells[b].column.label
                yield _loc(spec, a), f"{la} {va} 大于{lb} {vb}"


# --- blanks ------------------------------------------------------------------------------------


def check_blank_cells(ctx: Context) -> Iterator[Hit]:
    """B001: blank cells, one finding per table row that has any."""
    for spec, _, values, blank in ctx.tables:
        if not blank:
            continue
        by_row: dict[str, list[int]] = {}
        width: dict[str, int] = {}
        for cell in spec.cells:
            width[cell.row.name] = width.get(cell.row.name, 0) + 1
            if values[cell.index] is None:
                by_row.setdefault(cell.row.name, []).append(cell.index)
        for name, indexes in by_row.items():
            first = spec.cells[indexes[0]]
            if len(indexes) == width[name]:
                what = f"本行 {len(indexes)} 个单元格全部为空"
            else:
                labels = "、".join("/".join(spec.cells[i].column.labels) for i in indexes)
                what = f"{len(indexes)} 个单元格为空（{labels}）"
            yield Location(spec.key, first.row.labels), f"{what}；空白的分项在合计中按 0 计"


def check_blank_total(ctx: Context) -> Iterator[Hit]:
    """B002: a blank total that can be completed from its parts."""
    for spec, _, values, blank in ctx.tables:
        if not blank:
            continue
        eff = ctx.effective(spec, values)
        for i in sorted(spec.totals):
            if values[i] is None and eff.known[i]:
                yield _loc(spec, i), f"合计单元格为空，可由分项补全为 {eff.values[i]}"


check_row_sum = _arithmetic("A301")
check_results_sum = _arithmetic("A302")
check_flow = _arithmetic("A303")
check_review_sum = _arithmetic("A401")
