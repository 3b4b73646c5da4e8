"""Named metrics of a report: ratios of its statutory cells, such as 公开率 and 复议纠错率.

Each :class:`Metric` is data: an ASCII key, a Chinese name, one written sentence defining it
(built from the official labels of :mod:`gov_disclosure.statutory`) and the cells it adds up
above and below the fraction bar (:class:`Term`: a report-level cell path and a sign).
:data:`METRICS` lists them in a fixed order; :func:`compute_metrics` evaluates them all.

How a value is computed (docs/metrics.md says the same with examples):

* A value is the ratio numerator / denominator, in [0, 1] for a consistent report (not a
  percent), as an exact :class:`~decimal.Decimal` with exactly 6 decimal places: the exact
  rational ratio rounded once, half to even (``ROUND_HALF_EVEN``). Never a float.
* The value is None when the table is absent, when a needed cell is blank and cannot be
  recomputed, or when the denominator is not positive (0, or negative in a report whose
  figures are wrong). Nothing raises on content.
* A stated cell is used as published, even when it disagrees with its parts
  (:func:`gov_disclosure.validate` reports that). A *blank total* (a cell the layout defines as
  a sum, e.g. 总计) is recomputed from its parts when every one of them is stated (or is
  itself a blank total recomputable in the same way); otherwise it stays blank. A blank
  detail cell is never read as 0 here: a metric of a blank is None.
* A report whose figures are wrong can give a ratio above 1 or below 0; it is reported as
  computed, never clamped.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from attrs import field, frozen

from .cells import sum_relations
from .model import AnnualReport, Cell
from .statutory import CellSpec, Edition, TableSpec, all_table_specs, table_spec

__all__ = ["METRICS", "Metric", "Term", "compute_metrics", "metrics_table"]

PLACES = 6
"""Decimal places of every metric value."""


@frozen
class Term:
    """One cell of a metric's sum: a report-level cell path and the sign it is added with."""

    path: str
    """A report-level cell path, e.g. ``applications.granted.total``."""
    sign: int = field(default=1)
    """+1 or −1."""

    def __attrs_post_init__(self) -> None:
        if self.sign not in (1, -1):
            raise ValueError(f"Term.sign: expected 1 or -1, got {self.sign!r}")


@frozen
class Metric:
    """A named ratio of statutory cells: Σ ``numerator`` / Σ ``denominator``."""

    key: str
    """The ASCII name, e.g. ``disclosure_rate``."""
    name: str
    """The Chinese name, e.g. ``公开率``."""
    definition: str
    """One sentence in Chinese naming the numerator and the denominator by their labels."""
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...]

    def parts(self, report: AnnualReport) -> tuple[int, int] | None:
        """The numerator and the denominator of ``report``, or None where the metric is
        undefined (a table absent, a needed cell blank, a denominator that is not positive)."""
        top = _total(report, self.numerator)
        bottom = _total(report, self.denominator)
        if top is None or bottom is None or bottom <= 0:
            return None
        return top, bottom

    def compute(self, report: AnnualReport) -> Decimal | None:
        """The value for ``report``: the exact ratio rounded half to even to 6 places, or None."""
        found = self.parts(report)
        if found is None:
            return None
        top, bottom = found
        scaled = round(Fraction(top, bottom) * 10**PLACES)  # round() of a Fraction: half to even
        return Decimal(f"{scaled}E-{PLACES}")


def compute_metrics(report: AnnualReport) -> dict[str, Decimal | None]:
    """Every metric of :data:`METRICS` for ``report``, keyed by :attr:`Metric.key`, in order."""
    return {metric.key: metric.compute(report) for metric in METRICS}


# --- reading cells: stated, or a blank total recomputed from stated parts -------------------


def metrics_table(report: AnnualReport) -> str:
    """The metrics of a report as a plain-text table: name, key, the 6-place ratio and a
    percentage (2 places, half to even); ``n/a`` where a metric has no value."""
    from decimal import ROUND_HALF_EVEN

    from tabulate import tabulate

    from ._i18n import _
    from .model import decimal_text
    from .numbers import format_percent

    rows = []
    for metric in METRICS:
        parts = metric.parts(report)
        value = metric.compute(report)
        if parts is None or value is None:
            rows.append((metric.name, metric.key, _("n/a"), ""))
            continue
        percent = format_percent(*parts, places=2, rounding=ROUND_HALF_EVEN)
        rows.append((metric.name, metric.key, decimal_text(value), percent))
    headers = (_("metric"), _("key"), _("value"), _("percent"))
    table: str = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
    return table + "\n"


def _resolve(spec: TableSpec, values: Sequence[Cell], index: int, seen: frozenset[int]) -> Cell:
    """The value of a cell: as stated, or (a blank total) the sum of the first relation whose
    parts all resolve; None when it cannot be known."""
    value = values[index]
    if value is not None:
        return value
    for relation in sum_relations(spec):
        parts = relation.right
        if relation.left[0] != index:
            continue
        if not seen.isdisjoint(parts):  # pragma: no cover - the layout's sums have no cycles
            continue
        inner = seen | {index}
        resolved = [_resolve(spec, values, p, inner) for p in parts]
        known = [v for v in resolved if v is not None]
        if len(known) == len(resolved):
            return sum(known, start=0)
    return None


def _cell(report: AnnualReport, path: str) -> Cell:
    attr, _, rest = path.partition(".")
    if not report.has_cell(path):
        return None
    table = getattr(report, attr)
    spec = table.spec()
    return _resolve(spec, table.values(), spec.by_path[rest].index, frozenset())


def _total(report: AnnualReport, terms: Sequence[Term]) -> int | None:
    total = 0
    for term in terms:
        value = _cell(report, term.path)
        if not isinstance(value, int):  # blank (the terms name count cells, never amounts)
            return None
        total += term.sign * value
    return total


# --- the metrics -----------------------------------------------------------------------------


def _cells(key: str, path: str) -> CellSpec:
    """The cell at ``path`` of table ``key``, checked to carry the same labels in every form."""
    found = {s.by_path[path] for s in all_table_specs() if s.key == key and path in s.by_path}
    labels = {(c.row.labels, c.column.labels) for c in found}
    if len(labels) != 1:  # pragma: no cover - a layout change the metrics must follow
        raise AssertionError(f"table {key}: {path} is not one cell with the same labels")
    return next(iter(found))


_T3 = table_spec("三", Edition.latest())
_T4 = table_spec("四")
_T3_ATTR = _T3.attr
_T4_ATTR = _T4.attr


def _t3(row: str) -> Term:
    return Term(f"{_T3_ATTR}.{row}.total")


def _t3_row(row: str) -> str:
    return _cells("三", f"{row}.total").row.label


def _t4(group: str, column: str, sign: int = 1) -> Term:
    return Term(f"{_T4_ATTR}.{group}.{column}", sign)


def _t4_labels(group: str) -> tuple[str, ...]:
    return _cells("四", f"{group}.total").column.labels[:-1]


def _t4_column(name: str) -> str:
    return _cells("四", f"review.{name}").column.label


_TOTAL_COLUMN = _cells("三", "total.total").column.label
_REFUSED = tuple(r.name for r in _T3.rows if r.name.startswith("refused."))
_REFUSED_GROUP = _cells("三", f"{_REFUSED[0]}.total").row.labels[-2]
_REVIEW = _t4_labels("review")[-1]
_LAWSUIT, _DIRECT = _t4_labels("lawsuit_direct")
_AFTER_REVIEW = _t4_labels("lawsuit_after_review")[-1]
_CORRECTED, _PENDING, _T4_TOTAL = (_t4_column(n) for n in ("corrected", "pending", "total"))

_CONCLUDED_REVIEW = (_t4("review", "total"), _t4("review", "pending", -1))
_CONCLUDED_LAWSUITS = tuple(
    term
    for group in ("lawsuit_direct", "lawsuit_after_review")
    for term in (_t4(group, "total"), _t4(group, "pending", -1))
)

METRICS: tuple[Metric, ...] = (
    Metric(
        "disclosure_rate",
        "公开率",
        f"表三“{_TOTAL_COLUMN}”列中“{_t3_row('granted')}”与“{_t3_row('partially_granted')}”"
        f"两行之和，除以同列“{_t3_row('total')}”。",
        (_t3("granted"), _t3("partially_granted")),
        (_t3("total"),),
    ),
    Metric(
        "refusal_rate",
        "不予公开率",
        f"表三“{_TOTAL_COLUMN}”列中“{_REFUSED_GROUP}”的全部{len(_REFUSED)}个分项之和，"
        f"除以同列“{_t3_row('total')}”。",
        tuple(_t3(row) for row in _REFUSED),
        (_t3("total"),),
    ),
    Metric(
        "review_correction_rate",
        "复议纠错率",
        f"表四“{_REVIEW}”的“{_CORRECTED}”，除以其“{_T4_TOTAL}”减去“{_PENDING}”"
        "（已审结的复议案件数）。",
        (_t4("review", "corrected"),),
        _CONCLUDED_REVIEW,
    ),
    Metric(
        "litigation_correction_rate",
        "诉讼纠错率",
        f"表四“{_LAWSUIT}”下“{_DIRECT}”与“{_AFTER_REVIEW}”两组的“{_CORRECTED}”之和，"
        f"除以两组各自“{_T4_TOTAL}”减去“{_PENDING}”之和（已审结的诉讼案件数）。",
        (_t4("lawsuit_direct", "corrected"), _t4("lawsuit_after_review", "corrected")),
        _CONCLUDED_LAWSUITS,
    ),
    Metric(
        "carry_forward_rate",
        "结转率",
        f"表三“{_TOTAL_COLUMN}”列中“{_t3_row('carried_forward')}”，除以同列"
        f"“{_t3_row('received')}”与“{_t3_row('carried_over')}”之和（本年度须办理的申请总数）。",
        (_t3("carried_forward"),),
        (_t3("received"), _t3("carried_over")),
    ),
)
"""The named metrics, in their fixed order (the order of :func:`compute_metrics`)."""
