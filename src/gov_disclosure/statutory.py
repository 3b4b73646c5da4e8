"""The statutory layout of the annual report, declared once.

Everything the rest of the library knows about the official format lives here: the six
section titles, the three tables of both editions (2019 试行 and 2021) with every row and
column label verbatim, the kind of every cell, and the arithmetic relations (勾稽关系)
between cells. The model, the rules, the serializer and the renderers read these specs;
no official label is spelled anywhere else.

ASCII names are identity (they are the attribute paths of the model and the keys of the
JSON/TOML documents); Chinese labels are presentation.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from attrs import frozen

from ._specs import (
    BlockSpec,
    CellKind,
    CellSpec,
    ColumnSpec,
    CrossYearLink,
    Relation,
    RelationKind,
    RowSpec,
    SectionSpec,
    TableSpec,
)

__all__ = [
    "CROSS_YEAR",
    "EDITIONS",
    "LABEL_VARIANTS",
    "REPORT_YEARS",
    "SECTIONS",
    "SECTION_TITLE_VARIANTS",
    "T2_CONTENT_HEADER",
    "T3_CAPTION",
    "T3_COLUMNS",
    "T4_COLUMNS",
    "TABLE3_NOTE",
    "TABLE_ATTRS",
    "TABLE_KEYS",
    "BlockSpec",
    "CellKind",
    "CellSpec",
    "ColumnSpec",
    "CrossYearLink",
    "Edition",
    "EditionInfo",
    "Relation",
    "RelationKind",
    "RowSpec",
    "SectionSpec",
    "TableSpec",
    "all_table_specs",
    "edition_table_specs",
    "table_spec",
]


class Edition(str, enum.Enum):
    """An edition of the official format; each statutory table carries one as its form.

    What distinguishes the editions is data (:data:`EDITIONS`, the layouts of tables 二 and 三
    below); code that reads editions iterates over them and never names one.
    """

    E2019 = "2019"
    """《中华人民共和国政府信息公开工作年度报告格式（试行）》, 国办公开办函〔2019〕60号."""
    E2021 = "2021"
    """《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号."""

    @property
    def document(self) -> str:
        """The notice that issued this edition."""
        return EDITIONS[self].document

    @property
    def first_year(self) -> int:
        """The first report year this edition applies to (2021: the reports on 2021)."""
        return EDITIONS[self].first_year

    @property
    def label(self) -> str:
        """How messages name the edition, e.g. ``2019年试行格式``."""
        return EDITIONS[self].label

    @classmethod
    def for_year(cls, year: int) -> Edition:
        """The edition that applies to the reports on ``year`` (the first one before it)."""
        due = _BY_FIRST_YEAR[0]
        for edition in _BY_FIRST_YEAR:
            if edition.first_year <= year:
                due = edition
        return due

    @classmethod
    def latest(cls) -> Edition:
        """The edition in force for current reports."""
        return _BY_FIRST_YEAR[-1]

    def __str__(self) -> str:
        return self.value


@frozen
class EditionInfo:
    """What the library knows about an edition besides its table layouts."""

    first_year: int
    """The first report year the edition applies to."""
    document: str
    """The notice that issued it."""
    label: str
    """How messages name it."""


EDITIONS: Mapping[Edition, EditionInfo] = {
    Edition.E2019: EditionInfo(2019, "国办公开办函〔2019〕60号", "2019年试行格式"),
    Edition.E2021: EditionInfo(2021, "国办公开办函〔2021〕30号", "2021年格式"),
}
"""Every edition with its first report year and its notice (its layouts are further down)."""

_BY_FIRST_YEAR: tuple[Edition, ...] = tuple(sorted(Edition, key=lambda e: EDITIONS[e].first_year))

REPORT_YEARS = range(1000, 10000)
"""The years a report may be about: four digits."""


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(1, "overview", "一、总体情况", None),
    SectionSpec(2, "proactive", "二、主动公开政府信息情况", "二"),
    SectionSpec(3, "applications", "三、收到和处理政府信息公开申请情况", "三"),
    SectionSpec(4, "reviews", "四、政府信息公开行政复议、行政诉讼情况", "四"),
    SectionSpec(5, "problems", "五、存在的主要问题及改进情况", None),
    SectionSpec(6, "other_matters", "六、其他需要报告的事项", None),
)
"""The six sections, in order (identical in both editions)."""

TABLE_ATTRS: Mapping[str, str] = {s.table: s.key for s in SECTIONS if s.table is not None}
"""The report attribute that holds each statutory table: ``二`` → ``proactive`` and so on."""

TABLE_KEYS: tuple[str, ...] = tuple(TABLE_ATTRS)
"""The statutory tables in reading order: ``二``, ``三``, ``四``."""

TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
"""The note printed in the top-left header cell of table 三 (both editions)."""


# --- table 二 -----------------------------------------------------------------------------

T2_CONTENT_HEADER = "信息内容"
"""The header of the label column of every table-二 block."""


def _block(
    item: str, columns: tuple[ColumnSpec, ...], rows: tuple[tuple[str, str], ...]
) -> BlockSpec:
    label = f"第二十条第{item}项"
    return BlockSpec(item, columns, tuple(RowSpec(n, (label, lab)) for n, lab in rows))


_DECISIONS_2021 = (ColumnSpec("decisions", ("本年处理决定数量",)),)
_ITEMS_2019 = (
    ColumnSpec("previous", ("上一年项目数量",)),
    ColumnSpec("change", ("本年增/减",), CellKind.SIGNED),
    ColumnSpec("decisions", ("处理决定数量",)),
)

_T2_BLOCKS: dict[Edition, tuple[BlockSpec, ...]] = {
    Edition.E2021: (
        _block(
            "（一）",
            (
                ColumnSpec("issued", ("本年制发件数",)),
                ColumnSpec("repealed", ("本年废止件数",)),
                ColumnSpec("in_force", ("现行有效件数",)),
            ),
            (("regulations", "规章"), ("normative_documents", "行政规范性文件")),
        ),
        _block("（五）", _DECISIONS_2021, (("licensing", "行政许可"),)),
        _block(
            "（六）", _DECISIONS_2021, (("punishment", "行政处罚"), ("enforcement", "行政强制"))
        ),
        _block(
            "（八）",
            (ColumnSpec("amount", ("本年收费金额（单位：万元）",), CellKind.MONEY),),
            (("fees", "行政事业性收费"),),
        ),
    ),
    Edition.E2019: (
        _block(
            "（一）",
            (
                ColumnSpec("made", ("本年新制作数量",)),
                ColumnSpec("published", ("本年新公开数量",)),
                ColumnSpec("total", ("对外公开总数量",)),
            ),
            (("regulations", "规章"), ("normative_documents", "规范性文件")),
        ),
        _block(
            "（五）",
            _ITEMS_2019,
            (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
        ),
        _block("（六）", _ITEMS_2019, (("punishment", "行政处罚"), ("enforcement", "行政强制"))),
        _block("（八）", _ITEMS_2019[:2], (("fees", "行政事业性收费"),)),
        _block(
            "（九）",
            (
                ColumnSpec("projects", ("采购项目数量",)),
                ColumnSpec("amount", ("采购总金额",), CellKind.MONEY),
            ),
            (("procurement", "政府集中采购"),),
        ),
    ),
}
"""Blocks whose single column holds a scalar field (``licensing``) rather than a row object."""


def _table2(form: Edition) -> TableSpec:
    blocks = _T2_BLOCKS[form]
    cells: list[CellSpec] = []
    columns: list[ColumnSpec] = []
    rows: list[RowSpec] = []
    for block in blocks:
        rows.extend(block.rows)
        for column in block.columns:
            if column not in columns:
                columns.append(column)
        for row in block.rows:
            for column in block.columns:
                path = row.name if len(block.columns) == 1 else f"{row.name}.{column.name}"
                cells.append(CellSpec("二", len(cells), path, row, column))
    # 本年新公开数量 ≤ 对外公开总数量, in the forms that have both columns (2019).
    by_path = {c.path: c.index for c in cells}
    inequalities = tuple(
        (by_path[f"{r}.published"], by_path[f"{r}.total"])
        for r in ("regulations", "normative_documents")
        if f"{r}.published" in by_path and f"{r}.total" in by_path
    )
    return TableSpec(
        key="二",
        attr=TABLE_ATTRS["二"],
        form=form,
        title=SECTIONS[1].title,
        blocks=blocks,
        rows=tuple(rows),
        columns=tuple(columns),
        cells=tuple(cells),
        inequalities=inequalities,
    )


# --- table 三 -----------------------------------------------------------------------------

_LEGAL = "法人或其他组织"
T3_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("natural_person", ("自然人",)),
    ColumnSpec("commercial", (_LEGAL, "商业企业")),
    ColumnSpec("research", (_LEGAL, "科研机构")),
    ColumnSpec("nonprofit", (_LEGAL, "社会公益组织")),
    ColumnSpec("legal_services", (_LEGAL, "法律服务机构")),
    ColumnSpec("other", (_LEGAL, "其他")),
    ColumnSpec("total", ("总计",)),
)
T3_CAPTION = "申请人情况"

_RESULTS = "三、本年度办理结果"
_REFUSED = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"

_T3_HEAD: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("received", ("一、本年新收政府信息公开申请数量",)),
    ("carried_over", ("二、上年结转政府信息公开申请数量",)),
    ("granted", (_RESULTS, "（一）予以公开")),
    ("partially_granted", (_RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")),
    ("refused.state_secret", (_RESULTS, _REFUSED, "1.属于国家秘密")),
    ("refused.prohibited", (_RESULTS, _REFUSED, "2.其他法律行政法规禁止公开")),
    ("refused.endangers_safety", (_RESULTS, _REFUSED, "3.危及“三安全一稳定”")),
    ("refused.third_party", (_RESULTS, _REFUSED, "4.保护第三方合法权益")),
    ("refused.internal_affairs", (_RESULTS, _REFUSED, "5.属于三类内部事务信息")),
    ("refused.process_information", (_RESULTS, _REFUSED, "6.属于四类过程性信息")),
    ("refused.enforcement_files", (_RESULTS, _REFUSED, "7.属于行政执法案卷")),
    ("refused.inquiry_matters", (_RESULTS, _REFUSED, "8.属于行政查询事项")),
    ("unavailable.not_held", (_RESULTS, _UNAVAILABLE, "1.本机关不掌握相关政府信息")),
    ("unavailable.needs_creation", (_RESULTS, _UNAVAILABLE, "2.没有现成信息需要另行制作")),
    ("unavailable.still_unclear", (_RESULTS, _UNAVAILABLE, "3.补正后申请内容仍不明确")),
    ("not_processed.complaints", (_RESULTS, _NOT_PROCESSED, "1.信访举报投诉类申请")),
    ("not_processed.repeated", (_RESULTS, _NOT_PROCESSED, "2.重复申请")),
    ("not_processed.publications", (_RESULTS, _NOT_PROCESSED, "3.要求提供公开出版物")),
    ("not_processed.excessive", (_RESULTS, _NOT_PROCESSED, "4.无正当理由大量反复申请")),
    (
        "not_processed.confirmation",
        (_RESULTS, _NOT_PROCESSED, "5.要求行政机关确认或重新出具已获取信息"),
    ),
)
_T3_OTHER: dict[Edition, tuple[tuple[str, tuple[str, ...]], ...]] = {
    Edition.E2019: (("other", (_RESULTS, _OTHER)),),
    Edition.E2021: (
        (
            "other.no_correction",
            (_RESULTS, _OTHER, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ),
        (
            "other.unpaid_fees",
            (
                _RESULTS,
                _OTHER,
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
        ),
        ("other.other", (_RESULTS, _OTHER, "3.其他")),
    ),
}
_T3_TAIL: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("total", (_RESULTS, "（七）总计")),
    ("carried_forward", ("四、结转下年度继续办理",)),
)


def _grid(key: str, rows: tuple[RowSpec, ...], columns: tuple[ColumnSpec, ...]) -> list[CellSpec]:
    cells: list[CellSpec] = []
    for row in rows:
        for column in columns:
            path = f"{row.name}.{column.name}" if row.name else column.name
            cells.append(CellSpec(key, len(cells), path, row, column))
    return cells


def _table3(form: Edition) -> TableSpec:
    rows = tuple(RowSpec(n, labels) for n, labels in (*_T3_HEAD, *_T3_OTHER[form], *_T3_TAIL))
    cells = _grid("三", rows, T3_COLUMNS)
    width = len(T3_COLUMNS)
    index = {r.name: i for i, r in enumerate(rows)}
    relations: list[Relation] = []
    # T3-ROWSUM: 总计 = the six applicant columns, every row.
    for i, row in enumerate(rows):
        base = i * width
        relations.append(
            Relation(
                "A301",
                "三",
                RelationKind.SUM,
                (base + width - 1,),
                tuple(range(base, base + width - 1)),
                row.labels,
                T3_COLUMNS[-1].labels,
            )
        )
    # T3-RESULTS: （七）总计 = every outcome row, every column.
    outcome_rows = [
        index[n] for n in index if n not in ("received", "carried_over", "total", "carried_forward")
    ]
    total_row = index["total"]
    for j, column in enumerate(T3_COLUMNS):
        relations.append(
            Relation(
                "A302",
                "三",
                RelationKind.SUM,
                (total_row * width + j,),
                tuple(r * width + j for r in outcome_rows),
                rows[total_row].labels,
                column.labels,
            )
        )
    # T3-FLOW: 一 + 二 = 三（七） + 四, every column.
    for j, column in enumerate(T3_COLUMNS):
        relations.append(
            Relation(
                "A303",
                "三",
                RelationKind.FLOW,
                (index["received"] * width + j, index["carried_over"] * width + j),
                (total_row * width + j, index["carried_forward"] * width + j),
                (),
                column.labels,
            )
        )
    return TableSpec(
        key="三",
        attr=TABLE_ATTRS["三"],
        form=form,
        title=SECTIONS[2].title,
        blocks=(),
        rows=rows,
        columns=T3_COLUMNS,
        cells=tuple(cells),
        relations=tuple(relations),
    )


# --- table 四 -----------------------------------------------------------------------------

_T4_OUTCOMES = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
_T4_GROUPS = (
    ("review", ("行政复议",)),
    ("lawsuit_direct", ("行政诉讼", "未经复议直接起诉")),
    ("lawsuit_after_review", ("行政诉讼", "复议后起诉")),
)
T4_COLUMNS: tuple[ColumnSpec, ...] = tuple(
    ColumnSpec(f"{group}.{name}", (*labels, label))
    for group, labels in _T4_GROUPS
    for name, label in _T4_OUTCOMES
)


def _table4() -> TableSpec:
    row = RowSpec("", ())
    cells = _grid("四", (row,), T4_COLUMNS)
    n = len(_T4_OUTCOMES)
    relations = tuple(
        Relation(
            "A401",
            "四",
            RelationKind.SUM,
            (g * n + n - 1,),
            tuple(range(g * n, g * n + n - 1)),
            (),
            T4_COLUMNS[g * n + n - 1].labels,
        )
        for g in range(len(_T4_GROUPS))
    )
    return TableSpec(
        key="四",
        attr=TABLE_ATTRS["四"],
        form=None,
        title=SECTIONS[3].title,
        blocks=(),
        rows=(row,),
        columns=T4_COLUMNS,
        cells=tuple(cells),
        relations=relations,
    )


_SPECS: dict[tuple[str, Edition | None], TableSpec] = {
    **{("二", form): _table2(form) for form in Edition},
    **{("三", form): _table3(form) for form in Edition},
    ("四", None): _table4(),
}
"""Every table in every form: (table, form) → spec; form None for a table all editions share."""


def table_spec(key: str, form: Edition | str | None = None) -> TableSpec:
    """The spec of table ``key`` (``二``/``三``/``四``) in ``form`` (ignored for table 四)."""
    shared = _SPECS.get((key, None))
    if shared is not None:
        return shared
    if isinstance(form, Edition):  # found without converting it
        spec = _SPECS.get((key, form))
        if spec is not None:
            return spec
    try:
        return _SPECS[(key, Edition(form))]
    except (KeyError, ValueError):
        raise KeyError(f"no statutory table {key!r} in form {form!r}") from None


def all_table_specs() -> tuple[TableSpec, ...]:
    """Every table spec, ordered by table then form: 二 2019, 二 2021, 三 2019, 三 2021, 四."""
    return tuple(_SPECS.values())


def edition_table_specs(edition: Edition | str) -> tuple[TableSpec, ...]:
    """The specs of tables 二, 三 and 四 in the form of ``edition``."""
    return tuple(table_spec(key, edition) for key in TABLE_KEYS)


# --- cross-year links -----------------------------------------------------------------------


def _cross_year() -> tuple[CrossYearLink, ...]:
    links: list[CrossYearLink] = [
        CrossYearLink("C301", "三", None, f"carried_over.{c.name}", (f"carried_forward.{c.name}",))
        for c in T3_COLUMNS
    ]
    for row in ("regulations", "normative_documents"):
        links.append(
            CrossYearLink(
                "C201",
                "二",
                Edition.E2021,
                f"{row}.in_force",
                (f"{row}.in_force",),
                (f"{row}.issued",),
                (f"{row}.repealed",),
            )
        )
    for row in ("licensing", "other_services", "punishment", "enforcement", "fees"):
        links.append(
            CrossYearLink(
                "C202",
                "二",
                Edition.E2019,
                f"{row}.previous",
                (f"{row}.previous", f"{row}.change"),
            )
        )
    return tuple(links)


CROSS_YEAR: tuple[CrossYearLink, ...] = _cross_year()
"""The cross-year relations of docs/format.md, "Cross-year links", as data."""


# --- wording variants seen in published reports ---------------------------------------------

SECTION_TITLE_VARIANTS: Mapping[int, tuple[str, ...]] = {
    1: ("总体情况",),
    2: ("主动公开政府信息情况",),
    3: ("收到和处理政府信息公开申请情况",),
    4: ("政府信息公开行政复议、行政诉讼情况", "行政复议、行政诉讼情况"),
    5: (
        "存在的主要问题及改进情况",
        "政府信息公开工作存在的主要问题及改进情况",
        "存在的主要问题及改进举措",
        "主要问题及改进情况",
    ),
    6: ("其他需要报告的事项",),
}
"""Section titles without their number, as printed by real reports (docs/format.md, "The six sections"):
the official wording first, then the variants a reader accepts."""

LABEL_VARIANTS: Mapping[str, tuple[str, ...]] = {
    "本年制发件数": ("本年新制发件数",),
    "现行有效件数": ("现行有效件数（历史累计）",),
    "行政规范性文件": ("规范性文件",),
}
"""Other wordings of statutory labels seen in published tables (docs/format.md)."""
