"""The typed report model: frozen attrs classes for both editions.

The classes check *shape* on construction — the type of every cell, which tables and rows
exist — and never arithmetic: a published report whose totals do not add up stays
representable, so that it can be audited (:func:`gov_disclosure.validate` reports it).

Cells are ``int | None`` for counts (None is a blank cell, distinct from 0) and
``Decimal | None`` for amounts in 万元. Negative counts are representable (a published report
may print one) and reported by the validator; only the 2019 ``本年增/减`` column may be
negative in a correct report. What a published cell literally said, where it was not a plain
number (``-``, ``/``, ``——``, ``无``, ``22（其中修订 16 件）``), is kept in
:attr:`AnnualReport.printed` under the cell's path.

Each table stores its cells as one tuple in reading order (:attr:`_Table.cells`, FORMAT.md §10):
the fastest form to load, check and compare. The statute's rows and groups are typed views of
that tuple — ``report.applications.refused.state_secret.natural_person`` builds the
:class:`Refused` group and its rows when it is read — and a table can be built either from its
cells or from such rows.

Official labels are not spelled here: every class names its cells after the statute in
ASCII, and :mod:`gov_disclosure.statutory` maps them to the labels.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar, Generic, TypeAlias, TypeVar, overload

import attrs
from attrs import field, frozen

from .statutory import TABLE_ATTRS, CellKind, Edition, TableSpec, table_spec

__all__ = [
    "AnnualReport",
    "ApplicantCounts",
    "Applications",
    "Applications2019",
    "Applications2021",
    "Cell",
    "DocumentCounts2019",
    "DocumentCounts2021",
    "FeeItems",
    "ItemCounts",
    "NotProcessed",
    "OtherHandling",
    "Outcomes",
    "PrintedText",
    "Proactive",
    "Proactive2019",
    "Proactive2021",
    "Procurement",
    "Refused",
    "Reviews",
    "Table",
    "Unavailable",
    "build_table",
    "document_fields",
    "table_class",
]

Cell: TypeAlias = int | Decimal | None
"""The value of a statutory cell: a count, an amount in 万元, or None for a blank."""

_Count: TypeAlias = int | None
_Money: TypeAlias = Decimal | None

_T = TypeVar("_T")
_P = TypeVar("_P")


def _bad_count(owner: object, name: str, value: object) -> TypeError:
    return TypeError(
        f"{type(owner).__name__}.{name}: expected a whole number (int) or None, "
        f"got {type(value).__name__} {value!r}"
    )


def _check_money(owner: object, name: str, value: object) -> None:
    if value is None:
        return
    if type(value) is not Decimal or not value.is_finite():
        raise TypeError(
            f"{type(owner).__name__}.{name}: expected a finite Decimal amount in 万元 or None, "
            f"got {type(value).__name__} {value!r}"
        )


def _compile(name: str, source: str, namespace: dict[str, Any]) -> Any:
    """Compile a small generated function (the way attrs generates ``__init__``)."""
    exec(compile(source, f"<gov_disclosure generated {name}>", "exec"), namespace)
    return namespace[name]


class _CountRow:
    """Mixin: every field of the class is a count cell (``int`` or None)."""

    __slots__ = ()

    def __attrs_post_init__(self) -> None:  # replaced per class by _count_row
        raise AssertionError("unreachable")


def _count_row(cls: type[_T]) -> type[_T]:
    """Give a class of count cells a generated shape check (one line per field)."""
    lines = ["def check(self):"]
    for a in attrs.fields(cls):  # type: ignore[arg-type]
        lines.append(f"    v = self.{a.name}")
        lines.append(
            f"    if v is not None and v.__class__ is not int: raise bad(self, {a.name!r}, v)"
        )
    check = _compile("check", "\n".join(lines), {"bad": _bad_count})
    cls.__attrs_post_init__ = check  # type: ignore[attr-defined]
    return cls


def _bad_row(owner: object, name: str, expected: type[Any], value: object) -> TypeError:
    return TypeError(
        f"{type(owner).__name__}.{name}: expected {expected.__name__}, got {type(value).__name__}"
    )


class _RowGroup:
    """Mixin: every field whose type is a model class holds an instance of exactly that class.

    The check is generated per class on first use (field types are resolved only after the
    module has been imported).
    """

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        cls = type(self)
        check = cls.__dict__.get("_check_rows")
        if check is None:
            lines = ["def check(self):"]
            namespace: dict[str, Any] = {"bad": _bad_row}
            for i, a in enumerate(attrs.fields(cls)):  # type: ignore[arg-type]
                if isinstance(a.type, type) and attrs.has(a.type):
                    namespace[f"T{i}"] = a.type
                    lines.append(f"    v = self.{a.name}")
                    lines.append(
                        f"    if v.__class__ is not T{i}: raise bad(self, {a.name!r}, T{i}, v)"
                    )
            lines.append("    return None")
            check = _compile("check", "\n".join(lines), namespace)
            cls._check_rows = staticmethod(check)  # type: ignore[attr-defined]
        check(self)


# --- table 三 --------------------------------------------------------------------------------


@frozen(kw_only=True)
class ApplicantCounts(_CountRow):
    """One row of table 三: requests by kind of applicant, and their 总计."""

    natural_person: _Count = None
    commercial: _Count = None
    research: _Count = None
    nonprofit: _Count = None
    legal_services: _Count = None
    other: _Count = None
    total: _Count = None

    @classmethod
    def of(cls, *values: int | None) -> ApplicantCounts:
        """Build a row from its seven cells in column order (自然人 … 其他, 总计)."""
        if len(values) != 7:
            raise ValueError(f"a table-三 row has 7 cells, got {len(values)}")
        return cls(
            natural_person=values[0],
            commercial=values[1],
            research=values[2],
            nonprofit=values[3],
            legal_services=values[4],
            other=values[5],
            total=values[6],
        )

    def cells(self) -> tuple[int | None, ...]:
        """The seven cells in column order."""
        return _flatten(self)  # type: ignore[return-value]


_count_row(ApplicantCounts)


def _blank_row() -> ApplicantCounts:
    return ApplicantCounts()


_row = field(factory=_blank_row)


@frozen(kw_only=True)
class Refused(_RowGroup):
    """（三）不予公开: the eight grounds for refusing disclosure."""

    state_secret: ApplicantCounts = _row
    prohibited: ApplicantCounts = _row
    endangers_safety: ApplicantCounts = _row
    third_party: ApplicantCounts = _row
    internal_affairs: ApplicantCounts = _row
    process_information: ApplicantCounts = _row
    enforcement_files: ApplicantCounts = _row
    inquiry_matters: ApplicantCounts = _row


@frozen(kw_only=True)
class Unavailable(_RowGroup):
    """（四）无法提供: information that cannot be provided."""

    not_held: ApplicantCounts = _row
    needs_creation: ApplicantCounts = _row
    still_unclear: ApplicantCounts = _row


@frozen(kw_only=True)
class NotProcessed(_RowGroup):
    """（五）不予处理: requests not processed."""

    complaints: ApplicantCounts = _row
    repeated: ApplicantCounts = _row
    publications: ApplicantCounts = _row
    excessive: ApplicantCounts = _row
    confirmation: ApplicantCounts = _row


@frozen(kw_only=True)
class OtherHandling(_RowGroup):
    """（六）其他处理 in the 2021 form: its three sub-items."""

    no_correction: ApplicantCounts = _row
    unpaid_fees: ApplicantCounts = _row
    other: ApplicantCounts = _row


class _Part(Generic[_P]):
    """A typed view of a slice of a table's cells: a row, a group of rows, or one cell.

    Tables store their cells as one tuple in reading order (the fastest form to load, check and
    compare); the statute's rows and groups are built from it when they are read, e.g.
    ``applications.refused.state_secret`` builds a :class:`Refused` and returns its row.
    """

    __slots__ = ("kind", "name", "start", "stop")

    def __init__(self, kind: type[_P] | None) -> None:
        self.kind = kind
        self.name = ""
        self.start = 0
        self.stop = 0

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> _Part[_P]: ...

    @overload
    def __get__(self, obj: object, owner: type[Any]) -> _P: ...

    def __get__(self, obj: object | None, owner: type[Any]) -> _P | _Part[_P]:
        if obj is None:
            return self
        values = obj.cells[self.start : self.stop]  # type: ignore[attr-defined]
        if self.kind is None:
            return values[0]  # type: ignore[no-any-return]
        return _build(self.kind, values)  # type: ignore[no-any-return]

    def flatten(self, owner: object, part: object) -> tuple[Cell, ...]:
        """The cells of ``part`` (a row/group object, or one cell) in reading order."""
        if self.kind is None:
            return (part,)  # type: ignore[return-value]
        if type(part) is not self.kind:
            raise TypeError(
                f"{type(owner).__name__}.{self.name}: expected {self.kind.__name__}, "
                f"got {type(part).__name__}"
            )
        return _flatten(part)


def _part(kind: type[_P]) -> _P:
    """Declare a row or group of a table (typed as the object it reads as)."""
    return _Part(kind)  # type: ignore[return-value]


def _cell() -> int | None:
    """Declare a single count cell of a table."""
    return _Part(None)  # type: ignore[return-value]


def _amount() -> Decimal | None:
    """Declare a single amount cell (万元) of a table."""
    return _Part(None)  # type: ignore[return-value]


def _layout(kind: type[Any]) -> tuple[tuple[str, type[Any] | None, int], ...]:
    """Fields of a row or group class: (name, class or None for a cell, number of cells)."""
    found = _LAYOUTS.get(kind)
    if found is None:
        items = []
        for a in attrs.fields(kind):
            sub = a.type if isinstance(a.type, type) and attrs.has(a.type) else None
            items.append((a.name, sub, _width(sub) if sub is not None else 1))
        found = _LAYOUTS[kind] = tuple(items)
    return found


_LAYOUTS: dict[type[Any], tuple[tuple[str, type[Any] | None, int], ...]] = {}


def _width(kind: type[Any]) -> int:
    return sum(width for _, _, width in _layout(kind))


def _build(kind: type[Any], values: Sequence[Cell]) -> Any:
    """A row or group object from its cells in reading order."""
    kwargs: dict[str, Any] = {}
    at = 0
    for name, sub, width in _layout(kind):
        kwargs[name] = values[at] if sub is None else _build(sub, values[at : at + width])
        at += width
    return kind(**kwargs)


def _flatten(obj: Any) -> tuple[Cell, ...]:
    """The cells of a row or group object in reading order."""
    out: list[Cell] = []
    for name, sub, _ in _layout(type(obj)):
        value = getattr(obj, name)
        if sub is None:
            out.append(value)
        else:
            out.extend(_flatten(value))
    return tuple(out)


def _paths(kind: type[Any], prefix: str) -> list[str]:
    out: list[str] = []
    for name, sub, _ in _layout(kind):
        path = f"{prefix}.{name}"
        out.extend([path] if sub is None else _paths(sub, path))
    return out


@frozen(init=False)
class _Table:
    """Behaviour shared by the statutory table classes: the cells and the prose of a section."""

    cells: tuple[Cell, ...]
    """Every statutory cell of the table, in reading order (FORMAT.md §10); None is blank."""
    prose: tuple[str, ...] = ()
    """Paragraphs of text that accompany the table."""

    TABLE: ClassVar[str]
    form: ClassVar[Edition | None]
    _spec: ClassVar[TableSpec]
    _parts: ClassVar[dict[str, _Part[Any]]]
    _kinds: ClassVar[tuple[CellKind, ...]]

    @classmethod
    def spec(cls) -> TableSpec:
        """The statutory layout of this table in this form."""
        return cls._spec

    def values(self) -> tuple[Cell, ...]:
        """Every statutory cell of the table, in reading order (FORMAT.md §10)."""
        return self.cells

    def get(self, path: str) -> Cell:
        """The cell at a dotted path inside the table, e.g. ``refused.state_secret.total``."""
        cell = self.spec().by_path.get(path)
        if cell is None:
            raise KeyError(f"table {self.TABLE} ({self.form}) has no cell {path!r}")
        return self.cells[cell.index]

    def _setup(
        self, cells: Iterable[Cell] | None, prose: Iterable[str], parts: Mapping[str, Any]
    ) -> None:
        cls = type(self)
        given = {n: part for n, part in parts.items() if n in cls._parts and part is not None}
        if cells is not None:
            if given:
                raise TypeError(f"{cls.__name__}: give either cells or rows, not both")
            values = tuple(cells)
        else:
            slots: list[Cell] = [None] * len(cls._kinds)
            for name, part in given.items():
                view = cls._parts[name]
                slots[view.start : view.stop] = view.flatten(self, part)
            values = tuple(slots)
        _check_cells(self, values)
        paragraphs = tuple(prose)
        for p in paragraphs:
            if type(p) is not str:
                raise TypeError(f"{cls.__name__}.prose: expected strings, got {type(p).__name__}")
        object.__setattr__(self, "cells", values)
        object.__setattr__(self, "prose", paragraphs)


def _check_cells(table: _Table, values: tuple[Any, ...]) -> None:
    """The shape check of a table's cells: their number, and each cell's type by its kind."""
    cls = type(table)
    kinds = cls._kinds
    if len(values) != len(kinds):
        raise ValueError(f"{cls.__name__}: expected {len(kinds)} cells, got {len(values)}")
    for cell, kind, value in zip(cls._spec.cells, kinds, values, strict=True):
        if kind is CellKind.MONEY:
            _check_money(table, cell.path, value)
        elif value is not None and type(value) is not int:
            raise _bad_count(table, cell.path, value)


def _table(key: str, form: Edition | None) -> Callable[[type[_T]], type[_T]]:
    def decorate(cls: type[_T]) -> type[_T]:
        cls.TABLE = key  # type: ignore[attr-defined]
        cls.form = form  # type: ignore[attr-defined]
        cls._spec = table_spec(key, form)  # type: ignore[attr-defined]
        cls._kinds = tuple(c.kind for c in cls._spec.cells)  # type: ignore[attr-defined]
        return cls

    return decorate


def _bind_parts(cls: type[_Table]) -> None:
    """Give each declared row/group/cell of a table its range of cells, checking the layout."""
    spec = cls._spec
    parts = {name: v for name, v in vars(cls).items() if isinstance(v, _Part)}
    paths: list[str] = []
    for name, view in parts.items():
        view.start = len(paths)
        paths.extend([name] if view.kind is None else _paths(view.kind, name))
        view.stop = len(paths)
    if paths != [c.path for c in spec.cells]:
        raise AssertionError(f"{cls.__name__} does not follow the layout of table {spec.key}")
    cls._parts = parts


@_table("三", Edition.E2019)
@frozen(init=False)
class Applications2019(_Table):
    """Section 三 in the 2019 form: table 三 with a single （六）其他处理 row, and its prose."""

    received = _part(ApplicantCounts)
    carried_over = _part(ApplicantCounts)
    granted = _part(ApplicantCounts)
    partially_granted = _part(ApplicantCounts)
    refused = _part(Refused)
    unavailable = _part(Unavailable)
    not_processed = _part(NotProcessed)
    other = _part(ApplicantCounts)
    total = _part(ApplicantCounts)
    carried_forward = _part(ApplicantCounts)

    def __init__(
        self,
        *,
        cells: Iterable[Cell] | None = None,
        received: ApplicantCounts | None = None,
        carried_over: ApplicantCounts | None = None,
        granted: ApplicantCounts | None = None,
        partially_granted: ApplicantCounts | None = None,
        refused: Refused | None = None,
        unavailable: Unavailable | None = None,
        not_processed: NotProcessed | None = None,
        other: ApplicantCounts | None = None,
        total: ApplicantCounts | None = None,
        carried_forward: ApplicantCounts | None = None,
        prose: Iterable[str] = (),
    ) -> None:
        """Build from ``cells`` in reading order, or from rows (a row not given is blank)."""
        self._setup(cells, prose, locals())


@_table("三", Edition.E2021)
@frozen(init=False)
class Applications2021(_Table):
    """Section 三 in the 2021 form: table 三 with （六）其他处理 in three sub-items, and its prose."""

    received = _part(ApplicantCounts)
    carried_over = _part(ApplicantCounts)
    granted = _part(ApplicantCounts)
    partially_granted = _part(ApplicantCounts)
    refused = _part(Refused)
    unavailable = _part(Unavailable)
    not_processed = _part(NotProcessed)
    other = _part(OtherHandling)
    total = _part(ApplicantCounts)
    carried_forward = _part(ApplicantCounts)

    def __init__(
        self,
        *,
        cells: Iterable[Cell] | None = None,
        received: ApplicantCounts | None = None,
        carried_over: ApplicantCounts | None = None,
        granted: ApplicantCounts | None = None,
        partially_granted: ApplicantCounts | None = None,
        refused: Refused | None = None,
        unavailable: Unavailable | None = None,
        not_processed: NotProcessed | None = None,
        other: OtherHandling | None = None,
        total: ApplicantCounts | None = None,
        carried_forward: ApplicantCounts | None = None,
        prose: Iterable[str] = (),
    ) -> None:
        """Build from ``cells`` in reading order, or from rows (a row not given is blank)."""
        self._setup(cells, prose, locals())


# --- table 二 --------------------------------------------------------------------------------


@_count_row
@frozen(kw_only=True)
class DocumentCounts2021(_CountRow):
    """第二十条第（一）项 row, 2021 form: 本年制发件数, 本年废止件数, 现行有效件数."""

    issued: _Count = None
    repealed: _Count = None
    in_force: _Count = None


@_count_row
@frozen(kw_only=True)
class DocumentCounts2019(_CountRow):
    """第二十条第（一）项 row, 2019 form: 本年新制作数量, 本年新公开数量, 对外公开总数量."""

    made: _Count = None
    published: _Count = None
    total: _Count = None


@_count_row
@frozen(kw_only=True)
class ItemCounts(_CountRow):
    """2019 （五）/（六） row: 上一年项目数量, 本年增/减 (may be negative), 处理决定数量."""

    previous: _Count = None
    change: _Count = None
    decisions: _Count = None


@_count_row
@frozen(kw_only=True)
class FeeItems(_CountRow):
    """2019 （八） row 行政事业性收费: 上一年项目数量 and 本年增/减 (may be negative)."""

    previous: _Count = None
    change: _Count = None


@frozen(kw_only=True)
class Procurement:
    """2019 （九） row 政府集中采购: 采购项目数量 and 采购总金额 (万元)."""

    projects: _Count = None
    amount: _Money = None

    def __attrs_post_init__(self) -> None:
        if self.projects is not None and type(self.projects) is not int:
            raise _bad_count(self, "projects", self.projects)
        _check_money(self, "amount", self.amount)


@_table("二", Edition.E2021)
@frozen(init=False)
class Proactive2021(_Table):
    """Section 二 in the 2021 form: table 二 (10 cells) and its prose."""

    regulations = _part(DocumentCounts2021)
    normative_documents = _part(DocumentCounts2021)
    licensing = _cell()
    punishment = _cell()
    enforcement = _cell()
    fees = _amount()
    """本年收费金额（万元）."""

    def __init__(
        self,
        *,
        cells: Iterable[Cell] | None = None,
        regulations: DocumentCounts2021 | None = None,
        normative_documents: DocumentCounts2021 | None = None,
        licensing: int | None = None,
        punishment: int | None = None,
        enforcement: int | None = None,
        fees: Decimal | None = None,
        prose: Iterable[str] = (),
    ) -> None:
        """Build from ``cells`` in reading order, or from rows and cells (missing = blank)."""
        self._setup(cells, prose, locals())


@_table("二", Edition.E2019)
@frozen(init=False)
class Proactive2019(_Table):
    """Section 二 in the 2019 form: table 二 (22 cells) and its prose."""

    regulations = _part(DocumentCounts2019)
    normative_documents = _part(DocumentCounts2019)
    licensing = _part(ItemCounts)
    other_services = _part(ItemCounts)
    punishment = _part(ItemCounts)
    enforcement = _part(ItemCounts)
    fees = _part(FeeItems)
    procurement = _part(Procurement)

    def __init__(
        self,
        *,
        cells: Iterable[Cell] | None = None,
        regulations: DocumentCounts2019 | None = None,
        normative_documents: DocumentCounts2019 | None = None,
        licensing: ItemCounts | None = None,
        other_services: ItemCounts | None = None,
        punishment: ItemCounts | None = None,
        enforcement: ItemCounts | None = None,
        fees: FeeItems | None = None,
        procurement: Procurement | None = None,
        prose: Iterable[str] = (),
    ) -> None:
        """Build from ``cells`` in reading order, or from rows (a row not given is blank)."""
        self._setup(cells, prose, locals())


# --- table 四 --------------------------------------------------------------------------------


@_count_row
@frozen(kw_only=True)
class Outcomes(_CountRow):
    """One group of table 四: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计."""

    upheld: _Count = None
    corrected: _Count = None
    other: _Count = None
    pending: _Count = None
    total: _Count = None


@_table("四", None)
@frozen(init=False)
class Reviews(_Table):
    """Section 四: table 四 (行政复议 and the two 行政诉讼 groups) and its prose."""

    review = _part(Outcomes)
    """行政复议."""
    lawsuit_direct = _part(Outcomes)
    """行政诉讼 / 未经复议直接起诉."""
    lawsuit_after_review = _part(Outcomes)
    """行政诉讼 / 复议后起诉."""

    def __init__(
        self,
        *,
        cells: Iterable[Cell] | None = None,
        review: Outcomes | None = None,
        lawsuit_direct: Outcomes | None = None,
        lawsuit_after_review: Outcomes | None = None,
        prose: Iterable[str] = (),
    ) -> None:
        """Build from ``cells`` in reading order, or from groups (a group not given is blank)."""
        self._setup(cells, prose, locals())


Proactive: TypeAlias = "Proactive2019 | Proactive2021"
Applications: TypeAlias = "Applications2019 | Applications2021"
Table: TypeAlias = "Proactive2019 | Proactive2021 | Applications2019 | Applications2021 | Reviews"

_TABLE_CLASSES: dict[tuple[str, Edition | None], type[Any]] = {
    ("二", Edition.E2019): Proactive2019,
    ("二", Edition.E2021): Proactive2021,
    ("三", Edition.E2019): Applications2019,
    ("三", Edition.E2021): Applications2021,
    ("四", None): Reviews,
}


def table_class(key: str, form: Edition | None) -> type[Any]:
    """The model class of table ``key`` in ``form``."""
    return _TABLE_CLASSES[(key, None if key == "四" else form)]


# --- the report -------------------------------------------------------------------------------


def _paragraphs(value: Any) -> tuple[str, ...]:
    return tuple(value)


class PrintedText(dict[str, str]):
    """An immutable, hashable mapping of cell paths to the text printed in those cells."""

    __slots__ = ()

    def _immutable(self, *args: Any, **kwargs: Any) -> Any:
        """Refuse to change the mapping in place (it belongs to a frozen report)."""
        raise TypeError("the printed text of a report is immutable; use attrs.evolve")

    __setitem__ = __delitem__ = _immutable
    clear = pop = popitem = setdefault = update = _immutable
    __ior__ = _immutable

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __repr__(self) -> str:
        return f"PrintedText({dict.__repr__(self)})"


_NO_PRINTED = PrintedText()


def _printed(value: Mapping[str, str]) -> PrintedText:
    if type(value) is PrintedText:
        return value
    return PrintedText(value) if value else _NO_PRINTED


@frozen(kw_only=True)
class AnnualReport:
    """A 政府信息公开工作年度报告: metadata and the six sections in order.

    ``edition`` is the edition the report declares (or a parser detects); every statutory
    table carries its own form, so a report that mixes forms is representable (and gets a
    structure finding from the validator).
    """

    agency: str
    """机关名称: the reporting body."""
    year: int
    """The year reported on."""
    edition: Edition
    title: str | None = None
    """The title as printed; None means the standard one (see :attr:`display_title`)."""
    published: datetime.date | None = None
    overview: tuple[str, ...] = field(default=(), converter=_paragraphs)
    """一、总体情况: paragraphs of text."""
    proactive: Proactive2019 | Proactive2021 | None = None
    """二、主动公开政府信息情况: table 二 and its prose."""
    applications: Applications2019 | Applications2021 | None = None
    """三、收到和处理政府信息公开申请情况: table 三 and its prose."""
    reviews: Reviews | None = None
    """四、政府信息公开行政复议、行政诉讼情况: table 四 and its prose."""
    problems: tuple[str, ...] = field(default=(), converter=_paragraphs)
    """五、存在的主要问题及改进情况: paragraphs of text."""
    other_matters: tuple[str, ...] = field(default=(), converter=_paragraphs)
    """六、其他需要报告的事项: paragraphs of text."""
    printed: Mapping[str, str] = field(default=_NO_PRINTED, converter=_printed)
    """Literal text of cells as published, by cell path (``applications.received.total``)."""

    def __attrs_post_init__(self) -> None:
        if type(self.agency) is not str:
            raise TypeError(f"AnnualReport.agency: expected str, got {type(self.agency).__name__}")
        if type(self.year) is not int or not 1000 <= self.year <= 9999:
            raise TypeError(f"AnnualReport.year: expected a four-digit int, got {self.year!r}")
        if not isinstance(self.edition, Edition):
            raise TypeError(f"AnnualReport.edition: expected Edition, got {self.edition!r}")
        for name, expected in (
            ("proactive", (Proactive2019, Proactive2021)),
            ("applications", (Applications2019, Applications2021)),
            ("reviews", (Reviews,)),
        ):
            value = getattr(self, name)
            if value is not None and type(value) not in expected:
                raise TypeError(
                    f"AnnualReport.{name}: expected one of the table classes, got {value!r}"
                )
        for key, text in self.printed.items():
            if type(text) is not str:
                raise TypeError(f"AnnualReport.printed[{key!r}]: expected str")
            if not self.has_cell(key):
                raise ValueError(f"AnnualReport.printed: {key!r} is not a cell of this report")

    @property
    def display_title(self) -> str:
        """The title as printed, or the standard ``{机关}{年}年政府信息公开工作年度报告``."""
        return self.title or f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def tables(
        self,
    ) -> Iterator[Proactive2019 | Proactive2021 | Applications2019 | Applications2021 | Reviews]:
        """The statutory tables present, in order 二, 三, 四."""
        for table in (self.proactive, self.applications, self.reviews):
            if table is not None:
                yield table

    def has_cell(self, path: str) -> bool:
        """Whether ``path`` (``applications.received.total``) names a cell of this report."""
        attr, _, rest = path.partition(".")
        table = getattr(self, attr, None) if attr in _TABLE_ATTRS else None
        return table is not None and rest in table.spec().by_path

    def get(self, path: str) -> Cell:
        """The value of the cell at a report-level path, e.g. ``proactive.fees``."""
        if not self.has_cell(path):
            raise KeyError(f"this report has no cell {path!r}")
        attr, _, rest = path.partition(".")
        table: _Table = getattr(self, attr)
        return table.get(rest)

    def replace(self, path: str, value: Cell) -> AnnualReport:
        """A copy with the cell at ``path`` set to ``value`` (None blanks it)."""
        if not self.has_cell(path):
            raise KeyError(f"this report has no cell {path!r}")
        return _evolve_path(self, path, value)

    @classmethod
    def blank(
        cls,
        *,
        agency: str,
        year: int,
        edition: Edition | str = Edition.E2021,
        title: str | None = None,
    ) -> AnnualReport:
        """A report with every table present in the edition's form and every cell blank."""
        ed = Edition(edition)
        return cls(
            agency=agency,
            year=year,
            edition=ed,
            title=title,
            proactive=table_class("二", ed)(),
            applications=table_class("三", ed)(),
            reviews=Reviews(),
        )


_TABLE_ATTRS = frozenset(TABLE_ATTRS.values())


def _evolve_path(report: AnnualReport, path: str, value: Any) -> AnnualReport:
    attr, _, rest = path.partition(".")
    table = getattr(report, attr)
    cells = list(table.cells)
    cells[table.spec().by_path[rest].index] = value
    return attrs.evolve(report, **{attr: type(table)(cells=cells, prose=table.prose)})


def document_fields(cls: type[Any]) -> list[tuple[str, Any, bool]]:
    """The fields of a model class as documents spell them: (name, type, required).

    A table stores its cells as one tuple, but its document has the statute's rows: those are
    the table's declared parts (rows, groups, single cells), then its prose.
    """
    parts = getattr(cls, "_parts", None)
    if parts is None:
        return [(a.name, a.type, a.default is attrs.NOTHING) for a in attrs.fields(cls)]
    out: list[tuple[str, Any, bool]] = []
    for name, view in parts.items():
        if view.kind is not None:
            out.append((name, view.kind, False))
        else:
            money = cls.spec().by_path[name].kind is CellKind.MONEY
            out.append((name, Decimal | None if money else int | None, False))
    out.append(("prose", tuple[str, ...], False))
    return out


def build_table(key: str, form: Edition | None, values: Mapping[str, Cell], **extra: Any) -> Any:
    """Build the table object of ``key``/``form`` from cell values by path (missing = blank)."""
    cls = table_class(key, form)
    spec = table_spec(key, form)
    unknown = set(values) - set(spec.by_path)
    if unknown:
        raise KeyError(f"table {key} ({form}) has no cells {sorted(unknown)}")
    return cls(cells=tuple(values.get(c.path) for c in spec.cells), **extra)


for _cls in (
    ApplicantCounts,
    Refused,
    Unavailable,
    NotProcessed,
    OtherHandling,
    Applications2019,
    Applications2021,
    DocumentCounts2021,
    DocumentCounts2019,
    ItemCounts,
    FeeItems,
    Procurement,
    Proactive2021,
    Proactive2019,
    Outcomes,
    Reviews,
    AnnualReport,
):
    attrs.resolve_types(_cls, globalns=globals())

for _table_cls in (Applications2019, Applications2021, Proactive2019, Proactive2021, Reviews):
    _bind_parts(_table_cls)
