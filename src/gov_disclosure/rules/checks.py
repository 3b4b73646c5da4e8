"""The checks behind the per-report rules.

Each check takes a :class:`Context` and yields ``(location, message)`` pairs; the registry
attaches the rule's code and severity. The arithmetic checks read the relations declared in
:mod:`gov_disclosure.statutory` (:func:`arithmetic`), never written per cell; everything a
check needs from a table spec is derived from it once (``_Plan``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from functools import cache
from operator import itemgetter
from typing import Any, Literal

from attrs import field, frozen
from attrs.validators import in_

from .._codegen import compile_function
from .._i18n import _f
from ..cells import Effective, effective_values
from ..findings import Location
from ..model import AnnualReport, Cell
from ..statutory import SECTIONS, CellKind, Edition, Relation, RelationKind, TableSpec

# An implementation module (docs/reference/api.md): __all__ lists only the names a public module re-exports.
__all__ = ["ValidationOptions"]

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
            if None in values:
                found = effective_values(spec, values)
            else:  # every cell stated: nothing to resolve
                found = Effective(list(values), [True] * len(values))
            self._effective[spec.key] = found
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
                len(ix),
            )
            for ix in rows.values()
        )
        """Each row: its location, a getter of its values, their indexes and how many."""
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
    failing: Callable[[Sequence[Any]], list[int]] = compile_function(
        "failing", source, {}, what=what
    )
    return failing


@cache
def _plan(spec: TableSpec) -> _Plan:
    """The plan of a spec, made once per spec (a spec hashes once: ``cache_hash``)."""
    return _Plan(spec)


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
            yield (
                Location(_NUMERALS[section.number - 1]),
                _f("section “{title}” has no text").format(title=section.title),
            )


def check_table_missing(ctx: Context) -> Iterator[Hit]:
    """S002: a statutory table (二, 三, 四) is missing."""
    for section in _TABLES:
        if getattr(ctx.report, section.key) is None:
            yield (
                Location(section.table or ""),
                _f("the table of “{title}” (table {table}) is missing").format(
                    title=section.title, table=section.table
                ),
            )


def check_mixed_forms(ctx: Context) -> Iterator[Hit]:
    """S003: a table is laid out in the other edition's form."""
    edition = ctx.report.edition
    for spec, _, _, _ in ctx.tables:
        if spec.form is not None and spec.form is not edition:
            yield (
                Location(spec.key),
                _f(
                    "table {table} is in the {form} form, while the report follows the "
                    "{edition} edition (mixed forms)"
                ).format(table=spec.key, form=spec.form.value, edition=edition.value),
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
            yield (
                _loc(spec, index),
                _f("the cell is printed “{text}”, not a number: read as blank").format(text=text),
            )


def check_annotated(ctx: Context) -> Iterator[Hit]:
    """S005: a numeric cell was printed with extra text (an annotation)."""
    for spec, index, text, value in _printed_cells(ctx):
        if value is not None:
            yield (
                _loc(spec, index),
                _f("the cell is printed “{text}”: read as {value}").format(
                    text=text, value=_fmt(value)
                ),
            )


def check_edition_year(ctx: Context) -> Iterator[Hit]:
    """S006: the edition does not match the year (each edition applies from its first year)."""
    report = ctx.report
    used = report.edition
    due = Edition.for_year(report.year)
    if used is due:
        return
    if used.first_year < due.first_year:  # an older edition, after a newer one took effect
        message = _f(
            "the report on {year} still uses “{used}” (“{due}” applies from the reports on {since})"
        )
        since = due.first_year
    else:  # a newer edition, before it took effect
        message = _f(
            "the report on {year} uses “{used}” (“{used}” applies from the reports on {since})"
        )
        since = used.first_year
    yield Location(), message.format(year=report.year, used=used.label, due=due.label, since=since)


def check_agency_missing(ctx: Context) -> Iterator[Hit]:
    """S007: the report names no body."""
    if not ctx.report.agency.strip():
        yield Location(), _f("the report names no publishing body (“机关名称” is empty)")


def check_no_figures(ctx: Context) -> Iterator[Hit]:
    """S008: not one figure is stated in any table."""
    if all(all(v is None for v in values) for _, _, values, _ in ctx.tables):
        present = _f(", ").join(
            _f("table {table}").format(table=spec.key) for spec, _, _, _ in ctx.tables
        )
        if present:
            where = _f("every cell of {tables} is blank").format(tables=present)
        else:
            where = _f("the report has no statutory table")
        yield Location(), _f("the report states no figure: {where}").format(where=where)


# --- arithmetic ----------------------------------------------------------------------------


def _relation_message(spec: TableSpec, r: Relation, eff: Sequence[Any]) -> str:
    left = sum((eff[i] for i in r.left), start=0)
    right = sum((eff[i] for i in r.right), start=0)
    if r.kind is RelationKind.FLOW:
        a, b = (_fmt(eff[i]) for i in r.left)
        c, d = (_fmt(eff[i]) for i in r.right)
        return _f(
            "items “一” + “二” = {left} ({a} + {b}) ≠ items “三” + “四” = {right} ({c} + {d})"
        ).format(left=left, a=a, b=b, right=right, c=c, d=d)
    total = spec.cells[r.left[0]]
    parts = [spec.cells[i] for i in r.right]
    down_a_column = all(p.column == total.column for p in parts)
    label = total.row.label if down_a_column else total.column.label
    if len(parts) <= 4:
        labels = (p.column.label if not down_a_column else p.row.label for p in parts)
        what = _f("sum of {labels}").format(
            labels=_f(", ").join(_f("“{label}”").format(label=one) for one in labels)
        )
    elif down_a_column:
        what = _f("sum of the outcomes")
    else:
        what = _f("sum of the kinds of applicant")
    return _f("“{label}” {left} ≠ {what} {right}").format(
        label=label, left=left, what=what, right=right
    )


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
                yield plan.locations[i], _f("a count cannot be negative: {value}").format(value=v)


def check_negative_amount(ctx: Context) -> Iterator[Hit]:
    """P002: an amount is negative."""
    for _, plan, values, _blank in ctx.tables:
        for i in plan.money:
            v = values[i]
            if v is not None and v < 0:
                yield (
                    plan.locations[i],
                    _f("an amount cannot be negative: {value} (10,000 yuan)").format(value=v),
                )


def check_money_precision(ctx: Context) -> Iterator[Hit]:
    """P003: an amount in 万元 has more decimal places than plausible."""
    places = ctx.options.money_places
    for _, plan, values, _blank in ctx.tables:
        for i in plan.money:
            v = values[i]
            if isinstance(v, Decimal):
                exponent = v.as_tuple().exponent
                if isinstance(exponent, int) and -exponent > places:
                    yield (
                        plan.locations[i],
                        _f(
                            "the amount {value} (10,000 yuan) has {digits} decimal places, more than {places}"
                        ).format(value=v, digits=-exponent, places=places),
                    )


def check_published_exceeds_total(ctx: Context) -> Iterator[Hit]:
    """P004: 2019 table 二, 本年新公开数量 exceeds 对外公开总数量."""
    for spec, _, values, _blank in ctx.tables:
        for a, b in spec.inequalities:
            va, vb = values[a], values[b]
            if va is not None and vb is not None and va > vb:
                la, lb = spec.cells[a].column.label, spec.cells[b].column.label
                yield (
                    _loc(spec, a),
                    _f("“{a}” {va} is more than “{b}” {vb}").format(a=la, va=va, b=lb, vb=vb),
                )


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
                    _f(
                        "“{row}”: “{before_label}” {before} plus “{change_label}” {delta} is "
                        "{after}; the number at the end of the year cannot be negative"
                    ).format(
                        row=cell.row.label,
                        before_label=cell.column.label,
                        before=before,
                        change_label=change.column.label,
                        delta=delta,
                        after=before + delta,
                    ),
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
            message = _f("“{projects}” is 0, while “{amount}” is {money} (10,000 yuan)").format(
                projects=projects.column.label, amount=amount.column.label, money=money
            )
            yield _loc(spec, projects.index), message
        else:
            message = _f("“{projects}” is {count}, while “{amount}” is 0").format(
                projects=projects.column.label, amount=amount.column.label, count=n
            )
            yield _loc(spec, amount.index), message


# --- blanks ------------------------------------------------------------------------------------


def check_blank_cells(ctx: Context) -> Iterator[Hit]:
    """B001: blank cells, one finding per table row that has any."""
    for spec, plan, values, blank in ctx.tables:
        if not blank:
            continue
        for location, getter, indexes, size in plan.rows:
            row = getter(values)
            blanks = row.count(None)
            if not blanks:
                continue
            if blanks == size:
                yield (
                    location,
                    _f(
                        "all {count} cells of the row are blank; blank parts count as 0 in sums"
                    ).format(count=size),
                )
                continue
            empty = [i for i, v in zip(indexes, row, strict=True) if v is None]
            labels = _f(", ").join(
                _f("“{label}”").format(label="/".join(spec.cells[i].column.labels)) for i in empty
            )
            yield (
                location,
                _f("{count} cells are blank ({labels}); blank parts count as 0 in sums").format(
                    count=len(empty), labels=labels
                ),
            )


def check_blank_total(ctx: Context) -> Iterator[Hit]:
    """B002: a blank total that can be completed from its parts."""
    for spec, _, values, blank in ctx.tables:
        if not blank:
            continue
        eff = ctx.effective(spec, values)
        for i in sorted(spec.totals):
            if values[i] is None and eff.known[i]:
                yield (
                    _loc(spec, i),
                    _f("the total is blank; completed from its parts it is {value}").format(
                        value=eff.values[i]
                    ),
                )


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
                    _f(
                        "“（七）总计” is blank, while the outcomes add up to {value}; fill in the "
                        "total (B002 gives the value to complete)"
                    ).format(value=eff.values[total]),
                )
