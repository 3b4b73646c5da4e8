"""Sample reports for tests — the library's own and those of projects that use it.

Every function returns a fresh, immutable :class:`~gov_disclosure.AnnualReport`:

* :func:`sample_report` — a complete, consistent report of either edition: every cell stated,
  every arithmetic relation (勾稽关系) holding, a few sentences in every section;
  :func:`gov_disclosure.validate` finds nothing in it.
* :func:`blank_report` — every table present, every cell blank.
* :func:`huaian_2024` — the figures of a real published report in the 2021 form
  (淮安市人民政府, 2024); every invariant holds.
* :func:`hongze_2023` — the figures of a real report that mixes forms (洪泽区人民政府, 2023:
  table 二 in the 2021 form, table 三 in the 2019 form), with its published table-四 error kept.

The figures of real reports are public facts; the prose of these samples is the library's own
(one-sentence summaries), not the published text.

Helpers build reports of your own: :func:`make_consistent` derives every total of a table
from its parts and balances its flow relations; :func:`consistent_values` draws the parts from
a :class:`random.Random` first (both read the relations from :mod:`gov_disclosure.statutory`,
so they follow the layout wherever it changes); :func:`report_from_tables` assembles a report
from tables given as value sequences in reading order, in any mix of forms.

>>> from gov_disclosure import validate
>>> from gov_disclosure.testing import sample_report
>>> validate(sample_report("2019"))
[]
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from .cells import from_cells
from .model import AnnualReport, Cell
from .statutory import CellKind, Edition, RelationKind, TableSpec, edition_table_specs, table_spec

__all__ = [
    "blank_report",
    "consistent_values",
    "hongze_2023",
    "huaian_2024",
    "make_consistent",
    "report_from_tables",
    "sample_report",
]

SAMPLE_AGENCY = "示例市统计局"
"""The agency of :func:`sample_report` and :func:`blank_report` unless one is given."""

_SAMPLE_YEARS = {Edition.E2019: 2020, Edition.E2021: 2024}
"""The years of the samples (the golden files show them); another edition: its first year."""


def _sample_year(edition: Edition) -> int:
    return _SAMPLE_YEARS.get(edition, edition.first_year)


# --- consistent tables -----------------------------------------------------------------------


def _total(values: Sequence[Cell], indexes: Sequence[int]) -> Any:
    return sum((values[i] or 0 for i in indexes), start=0)


def _settle_sums(spec: TableSpec, out: list[Cell]) -> None:
    """Set every total of ``spec`` to the sum of its parts (blank parts count as 0)."""
    totals = spec.totals
    pending = [r for r in spec.relations if r.kind is RelationKind.SUM]
    done = {i for i in range(len(out)) if i not in totals}
    while pending:
        waiting = []
        for relation in pending:
            target = relation.left[0]
            if target in done:
                continue
            if all(p in done for p in relation.right):
                out[target] = _total(out, relation.right)
                done.add(target)
            else:
                waiting.append(relation)
        if len(waiting) == len(pending):
            raise ValueError(f"table {spec.key}: the sum relations depend on each other in a cycle")
        pending = waiting


def make_consistent(
    spec: TableSpec, values: Sequence[Cell], *, keep: Collection[int] = ()
) -> tuple[Cell, ...]:
    """The values of one table (in reading order) made to satisfy every relation of ``spec``.

    Detail cells are kept as given (a blank counts as 0 in sums and stays blank), except that:

    * every total (the left cell of a sum relation, e.g. 总计 or （七）总计) is replaced by the
      sum of its parts;
    * for every flow relation (一 + 二 = 三（七） + 四 in table 三) whose sides differ, the last
      detail cell of the smaller side that is not in ``keep`` is raised by the difference
      (by default 二、上年结转 or 四、结转下年度继续办理; keep 二's cells to raise 一 instead);
    * for every plausibility pair (a, b) of ``spec.inequalities`` with a > b, b is raised to a.

    No detail is ever lowered, so non-negative details give a table without negative counts.
    ``keep`` holds cell indexes that must not change.
    Raises ``ValueError`` when ``values`` has the wrong length or a flow cannot be balanced
    without changing a kept cell.
    """
    if len(values) != len(spec.cells):
        raise ValueError(
            f"table {spec.key} ({spec.form}) has {len(spec.cells)} cells, got {len(values)} values"
        )
    out = list(values)
    for a, b in spec.inequalities:
        va, vb = out[a], out[b]
        if va is not None and vb is not None and va > vb:
            out[b] = va
    totals = spec.totals
    for relation in spec.relations:
        if relation.kind is not RelationKind.FLOW:
            continue
        _settle_sums(spec, out)
        difference = _total(out, relation.left) - _total(out, relation.right)
        if difference == 0:
            continue
        side = relation.right if difference > 0 else relation.left
        free = [i for i in side if i not in totals and i not in keep]
        if not free:
            raise ValueError(
                f"table {spec.key}: cannot balance the flow of column "
                f"{'/'.join(relation.column)} without changing a kept cell"
            )
        target = free[-1]
        out[target] = (out[target] or 0) + abs(difference)
    _settle_sums(spec, out)
    return tuple(out)


def consistent_values(
    spec: TableSpec, rng: random.Random, *, high: int = 20, blank: float = 0.0
) -> tuple[Cell, ...]:
    """Random values for one table that satisfy every relation of ``spec``.

    Counts are drawn from 0…``high``, the signed 2019 ``本年增/减`` from −``high``…``high``, amounts
    in 万元 with up to four decimal places; each detail cell is left blank with probability
    ``blank``. Totals and flows are then settled by :func:`make_consistent`.
    """
    values: list[Cell] = []
    for cell in spec.cells:
        if blank and rng.random() < blank:
            values.append(None)
        elif cell.kind is CellKind.MONEY:
            values.append(Decimal(rng.randint(0, high * 10_000)).scaleb(-rng.randint(0, 4)))
        elif cell.kind is CellKind.SIGNED:
            values.append(rng.randint(-high, high))
        else:
            values.append(rng.randint(0, high))
    return make_consistent(spec, values)


# --- building reports --------------------------------------------------------------------------


def _addressed(spec: TableSpec, values: Sequence[Cell]) -> list[tuple[str, Any, Any, Cell]]:
    if len(values) != len(spec.cells):
        raise ValueError(f"table {spec.key} needs {len(spec.cells)} values, got {len(values)}")
    return [
        (spec.key, cell.row.labels, cell.column.labels, value)
        for cell, value in zip(spec.cells, values, strict=True)
    ]


def report_from_tables(
    tables: Sequence[tuple[TableSpec, Sequence[Cell]]],
    *,
    agency: str,
    year: int,
    edition: Edition | str,
    prose: Mapping[str, tuple[str, ...]] | None = None,
    **fields: Any,
) -> AnnualReport:
    """A report whose tables are given as (spec, values in reading order) pairs.

    Each table takes the form of its spec (tables may mix forms); a table not given is missing.
    ``prose`` maps a table's attribute (``proactive``, ``applications``, ``reviews``) to its
    paragraphs; ``fields`` are further :class:`~gov_disclosure.AnnualReport` fields (title,
    overview, problems, …).
    """
    cells = [cell for spec, values in tables for cell in _addressed(spec, values)]
    report = from_cells(cells, agency=agency, year=year, edition=edition, **fields)
    changes = {
        attr: attrs.evolve(getattr(report, attr), prose=paragraphs)
        for attr, paragraphs in (prose or {}).items()
    }
    return attrs.evolve(report, **changes) if changes else report


def _pattern(spec: TableSpec) -> list[Cell]:
    """Deterministic detail values: small counts, a few zeros, signed changes, two amounts."""
    values: list[Cell] = []
    for cell in spec.cells:
        i = cell.index
        if cell.kind is CellKind.MONEY:
            values.append(Decimal("12.5") if spec.form is Edition.E2021 else Decimal("251.08"))
        elif cell.kind is CellKind.SIGNED:  # 本年增/减, after 上一年项目数量: never below −it
            previous = values[-1]
            assert isinstance(previous, int)
            values.append(max(i % 5 - 2, -previous))
        else:
            values.append((i * 7 + 3) % 6)
    return values


def _sample_values(spec: TableSpec) -> tuple[Cell, ...]:
    keep = (
        frozenset(c.index for c in spec.cells if c.row.name == "carried_over")
        if spec.key == "三"
        else frozenset()
    )
    return make_consistent(spec, _pattern(spec), keep=keep)


_SAMPLE_PROSE: dict[str, tuple[str, ...]] = {
    "overview": (
        "本年度，本机关围绕主动公开、依申请公开、政府信息管理和平台建设四个方面推进政务公开，各项工作按计划完成。",
        "公开工作由分管负责同志牵头，办公室具体承办，各科室按职责分工配合。",
    ),
    "proactive": ("本机关通过门户网站集中发布规范性文件和行政执法信息，发布前均经保密审查。",),
    "applications": ("全年依申请公开工作均在法定期限内办结答复，未出现逾期情况。",),
    "reviews": ("本年度因政府信息公开引发的行政复议和行政诉讼案件情况见下表。",),
    "problems": (
        "公开内容的及时性和解读的通俗性仍有提升空间。下一步将完善发布前审核流程，并增加图文解读。",
    ),
    "other_matters": ("本年度未收取信息处理费。",),
}


def sample_report(
    edition: Edition | str | None = None,
    *,
    agency: str = SAMPLE_AGENCY,
    year: int | None = None,
) -> AnnualReport:
    """A complete, consistent report in ``edition`` (default :meth:`Edition.latest`): every
    statutory cell stated, every relation holding, and short prose in all six sections.

    ``year`` defaults to one the edition applies to (2020 for 2019, 2024 for 2021), so that
    :func:`gov_disclosure.validate` returns no finding at all.
    """
    ed = Edition.latest() if edition is None else Edition(edition)
    specs = edition_table_specs(ed)
    narratives = ("overview", "problems", "other_matters")
    return report_from_tables(
        agency=agency,
        year=_sample_year(ed) if year is None else year,
        edition=ed,
        tables=[(spec, _sample_values(spec)) for spec in specs],
        prose={k: v for k, v in _SAMPLE_PROSE.items() if k not in narratives},
        **{k: _SAMPLE_PROSE[k] for k in narratives},
    )


def blank_report(
    edition: Edition | str | None = None,
    *,
    agency: str = SAMPLE_AGENCY,
    year: int | None = None,
) -> AnnualReport:
    """A report with every table present in ``edition``'s form (default
    :meth:`Edition.latest`) and every cell blank (None).

    ``year`` defaults as in :func:`sample_report`.
    """
    ed = Edition.latest() if edition is None else Edition(edition)
    return AnnualReport.blank(
        agency=agency, year=_sample_year(ed) if year is None else year, edition=ed
    )


# --- real reports -------------------------------------------------------------------------------

# Figures as published, cells in reading order (docs/format.md, "Cell addresses"); table 三 one row per tuple.
_HUAIAN_T2: tuple[Cell, ...] = (1, 0, 11, 8, 26, 66, 447228, 3985758, 88283, Decimal("96171.6"))
_HUAIAN_T3: tuple[tuple[int, ...], ...] = (
    (3001, 53, 0, 0, 61, 4, 3119),
    (34, 0, 0, 0, 0, 0, 34),
    (1288, 21, 0, 0, 50, 3, 1362),
    (447, 7, 0, 0, 0, 0, 454),
    (2, 0, 0, 0, 0, 0, 2),
    (30, 1, 0, 0, 0, 0, 31),
    (5, 0, 0, 0, 0, 0, 5),
    (6, 0, 0, 0, 0, 0, 6),
    (7, 1, 0, 0, 0, 0, 8),
    (12, 0, 0, 0, 0, 0, 12),
    (9, 0, 0, 0, 0, 0, 9),
    (105, 0, 0, 0, 0, 0, 105),
    (746, 12, 0, 0, 10, 1, 769),
    (11, 0, 0, 0, 0, 0, 11),
    (1, 0, 0, 0, 0, 0, 1),
    (56, 6, 0, 0, 0, 0, 62),
    (25, 0, 0, 0, 0, 0, 25),
    (0, 0, 0, 0, 0, 0, 0),
    (0, 0, 0, 0, 0, 0, 0),
    (1, 0, 0, 0, 0, 0, 1),
    (67, 3, 0, 0, 1, 0, 71),
    (6, 0, 0, 0, 0, 0, 6),
    (108, 2, 0, 0, 0, 0, 110),
    (2932, 53, 0, 0, 61, 4, 3050),
    (103, 0, 0, 0, 0, 0, 103),
)
_HUAIAN_T4: tuple[int, ...] = (72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20)

_HONGZE_T2: tuple[Cell, ...] = (0, 0, 0, 0, 5, 5, 550, 4119, 195, Decimal("7730.28"))
# Table 三 in the 2019 form: only rows with a non-zero cell are listed (by row index);
# every application came from natural persons, so each listed row is (自然人 = 总计 = n).
_HONGZE_T3_NONZERO: dict[int, int] = {0: 21, 3: 4, 4: 1, 9: 1, 10: 1, 12: 10, 13: 3, 15: 1, 21: 21}
# Table 四 as printed: both 总计 cells that should read 11 and 5 were printed 0.
_HONGZE_T4: tuple[int, ...] = (10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0)

_OMITTED = ("（本示例未收录该部分原文。）",)


def huaian_2024() -> AnnualReport:
    """淮安市人民政府's 2024 report (2021 form): every published figure, all invariants holding.

    The overview is a one-sentence summary of the figures; section 五 is the published text's
    first paragraph; section 六 only says that its text is not included.
    """
    return report_from_tables(
        agency="淮安市人民政府",
        year=2024,
        edition=Edition.E2021,
        tables=[
            (table_spec("二", Edition.E2021), _HUAIAN_T2),
            (table_spec("三", Edition.E2021), [v for row in _HUAIAN_T3 for v in row]),
            (table_spec("四"), _HUAIAN_T4),
        ],
        title="淮安市人民政府2024年政府信息公开工作年度报告",
        overview=(
            "2024年全市新收政府信息公开申请3119件，连同上年结转34件，年内办结3050件，"
            "103件结转下一年度；涉及政府信息公开的行政复议351件、行政诉讼46件。",
        ),
        problems=(
            "对照上级新要求和公众新期待，还有一些需要加强和改进的地方。主要表现在：一是政策解读质量"
            "仍需提升，个别单位政策解读内容简单、形式单一；二是政务公开队伍建设还需进一步加强，"
            "个别单位存在人员配备不足、兼职多、流动性过快的问题。",
        ),
        other_matters=_OMITTED,
    )


def hongze_2023() -> AnnualReport:
    """洪泽区人民政府's 2023 report: table 二 in the 2021 form, table 三 in the 2019 form.

    Kept as published, including the error in table 四: 行政复议 and 复议后起诉 print 总计 0
    although their parts add up to 11 and 5. The report declares the 2021 edition (the one in
    force for 2023), so table 三 is a mixed form.
    """
    t3 = table_spec("三", Edition.E2019)
    width = len(t3.columns)
    values: list[Cell] = [0] * len(t3.cells)
    for row, n in _HONGZE_T3_NONZERO.items():
        values[row * width] = n
        values[row * width + width - 1] = n
    return report_from_tables(
        agency="洪泽区人民政府",
        year=2023,
        edition=Edition.E2021,
        tables=[
            (table_spec("二", Edition.E2021), _HONGZE_T2),
            (t3, values),
            (table_spec("四"), _HONGZE_T4),
        ],
        title="洪泽区人民政府2023年政府信息公开工作年度报告",
        overview=("2023年全区新收政府信息公开申请21件，均由自然人提出，年内全部办结，无结转。",),
        problems=_OMITTED,
        other_matters=_OMITTED,
    )
