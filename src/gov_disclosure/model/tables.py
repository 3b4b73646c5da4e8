"""The statutory table classes, one per table and form, and the registry of them.

A table object holds its values as one tuple in reading order (docs/format.md, "Cell addresses"), read with
:meth:`values`, and the prose printed with it. The statute's rows and groups are declared as
typed views (:mod:`.views`) of that tuple. A table is built from its values
(``Applications2021(values=...)``) or from rows (``Applications2021(received=...)``, a row not
given is blank); either way the values pass one shape check.

:data:`TABLE_CLASSES` is the one list of table classes: everything that needs the class of a
table in a form (loading, the report's checks, the JSON Schema) reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, ClassVar, TypeAlias, TypeVar

import attrs
from attrs import frozen

from ..statutory import CellKind, Edition, TableSpec, all_table_specs, table_spec
from .cell import Cell, ValuesCheck
from .rows import (
    ApplicantCounts,
    DocumentCounts2019,
    DocumentCounts2021,
    FeeItems,
    ItemCounts,
    NotProcessed,
    OtherHandling,
    Outcomes,
    Procurement,
    Refused,
    Unavailable,
)
from .views import View, amount, cell, part, paths

__all__ = [
    "TABLE_CLASSES",
    "Applications",
    "Applications2019",
    "Applications2021",
    "Proactive",
    "Proactive2019",
    "Proactive2021",
    "Reviews",
    "Table",
    "TableBase",
    "build_table",
    "document_fields",
    "table_class",
]

_T = TypeVar("_T")


@frozen(init=False, slots=False)
class TableBase:
    """Behaviour shared by the statutory table classes: the values and the prose of a section.

    Not slotted: each typed view, once read, is kept in the instance ``__dict__``.
    """

    _values: tuple[Cell, ...]
    prose: tuple[str, ...] = ()
    """Paragraphs of text that accompany the table."""

    TABLE: ClassVar[str]
    """The table key: ``二``, ``三`` or ``四``."""
    form: ClassVar[Edition | None]
    """The form of the table; None for a table all editions share (四)."""
    _spec: ClassVar[TableSpec]
    _views: ClassVar[dict[str, View[Any]]]
    _check: ClassVar[ValuesCheck]

    def __init__(self, *, values: Iterable[Cell] | None = None, prose: Iterable[str] = ()) -> None:
        """Build from ``values`` in reading order (each table class also takes its rows)."""
        self._init(values, prose, {})

    @classmethod
    def spec(cls) -> TableSpec:
        """The statutory layout of this table in this form."""
        return cls._spec

    def values(self) -> tuple[Cell, ...]:
        """Every statutory value of the table, in reading order (docs/format.md, "Cell addresses"); None is blank."""
        return self._values

    def has_blank(self) -> bool:
        """Whether any cell of the table is blank (None)."""
        return self.__dict__["_blank"]  # type: ignore[no-any-return]

    def get(self, path: str) -> Cell:
        """The value at a dotted path inside the table, e.g. ``refused.state_secret.total``."""
        found = self._spec.by_path.get(path)
        if found is None:
            raise KeyError(f"table {self.TABLE} ({self.form}) has no cell {path!r}")
        return self._values[found.index]

    @classmethod
    def from_values(cls: type[_T], values: Iterable[Cell], prose: Iterable[str] = ()) -> _T:
        """The table of ``values`` in reading order, checked as by the constructor."""
        table = object.__new__(cls)
        table._finish(values if type(values) is tuple else tuple(values), prose)  # type: ignore[attr-defined]
        return table

    def _init(
        self, values: Iterable[Cell] | None, prose: Iterable[str], parts: Mapping[str, Any]
    ) -> None:
        """The constructor: from values, or from rows (the views given in ``parts``)."""
        cls = type(self)
        views = cls._views
        if values is not None:
            for name in views:
                if parts.get(name) is not None:
                    raise TypeError(f"{cls.__name__}: give either values or rows, not both")
            self._finish(values if type(values) is tuple else tuple(values), prose)
            return
        slots: list[Cell] = [None] * len(cls._spec.cells)
        for name, view in views.items():
            value = parts.get(name)
            if value is not None:
                slots[view.start : view.stop] = view.flatten(self, value)
        self._finish(tuple(slots), prose)

    def _finish(self, values: tuple[Cell, ...], prose: Iterable[str]) -> None:
        """Check the values and the prose, and set them: every way of building a table ends here."""
        cls = type(self)
        blank = cls._check(values)
        paragraphs = prose if type(prose) is tuple else tuple(prose)
        for p in paragraphs:
            if type(p) is not str:
                raise TypeError(f"{cls.__name__}.prose: expected strings, got {type(p).__name__}")
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "prose", paragraphs)
        self.__dict__["_blank"] = blank  # derived from the values, so not a field


def _table(key: str, form: Edition | None) -> Callable[[type[_T]], type[_T]]:
    """Bind a table class to its spec and give each declared view its range of values."""

    def decorate(cls: type[_T]) -> type[_T]:
        spec = table_spec(key, form)
        views = {  # a form that keeps another's layout may subclass its class
            name: v
            for klass in reversed(cls.__mro__)
            for name, v in vars(klass).items()
            if isinstance(v, View)
        }
        found: list[str] = []
        for name, view in views.items():
            view.start = len(found)
            found.extend([name] if view.kind is None else paths(view.kind, name))
            view.stop = len(found)
        if found != [c.path for c in spec.cells]:
            raise AssertionError(f"{cls.__name__} does not follow the layout of table {key}")
        cls.TABLE = key  # type: ignore[attr-defined]
        cls.form = form  # type: ignore[attr-defined]
        cls._spec = spec  # type: ignore[attr-defined]
        cls._views = views  # type: ignore[attr-defined]
        cls._check = ValuesCheck(cls.__name__, spec.cells)  # type: ignore[attr-defined]
        return cls

    return decorate


# --- table 二 --------------------------------------------------------------------------------


@_table("二", Edition.E2019)
@frozen(init=False, slots=False)
class Proactive2019(TableBase):
    """Section 二 in the 2019 form: table 二 (22 cells) and its prose."""

    regulations = part(DocumentCounts2019)
    normative_documents = part(DocumentCounts2019)
    licensing = part(ItemCounts)
    other_services = part(ItemCounts)
    punishment = part(ItemCounts)
    enforcement = part(ItemCounts)
    fees = part(FeeItems)
    procurement = part(Procurement)

    def __init__(
        self,
        *,
        values: Iterable[Cell] | None = None,
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
        """Build from ``values`` in reading order, or from rows (a row not given is blank)."""
        self._init(values, prose, locals())


@_table("二", Edition.E2021)
@frozen(init=False, slots=False)
class Proactive2021(TableBase):
    """Section 二 in the 2021 form: table 二 (10 cells) and its prose."""

    regulations = part(DocumentCounts2021)
    normative_documents = part(DocumentCounts2021)
    licensing = cell()
    punishment = cell()
    enforcement = cell()
    fees = amount()
    """本年收费金额（万元）."""

    def __init__(
        self,
        *,
        values: Iterable[Cell] | None = None,
        regulations: DocumentCounts2021 | None = None,
        normative_documents: DocumentCounts2021 | None = None,
        licensing: int | None = None,
        punishment: int | None = None,
        enforcement: int | None = None,
        fees: Decimal | None = None,
        prose: Iterable[str] = (),
    ) -> None:
        """Build from ``values`` in reading order, or from rows and cells (missing = blank)."""
        self._init(values, prose, locals())


# --- table 三 --------------------------------------------------------------------------------


@_table("三", Edition.E2019)
@frozen(init=False, slots=False)
class Applications2019(TableBase):
    """Section 三 in the 2019 form: table 三 with a single （六）其他处理 row, and its prose."""

    received = part(ApplicantCounts)
    carried_over = part(ApplicantCounts)
    granted = part(ApplicantCounts)
    partially_granted = part(ApplicantCounts)
    refused = part(Refused)
    unavailable = part(Unavailable)
    not_processed = part(NotProcessed)
    other = part(ApplicantCounts)
    total = part(ApplicantCounts)
    carried_forward = part(ApplicantCounts)

    def __init__(
        self,
        *,
        values: Iterable[Cell] | None = None,
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
        """Build from ``values`` in reading order, or from rows (a row not given is blank)."""
        self._init(values, prose, locals())


@_table("三", Edition.E2021)
@frozen(init=False, slots=False)
class Applications2021(TableBase):
    """Section 三 in the 2021 form: table 三 with （六）其他处理 in three sub-items, and its prose."""

    received = part(ApplicantCounts)
    carried_over = part(ApplicantCounts)
    granted = part(ApplicantCounts)
    partially_granted = part(ApplicantCounts)
    refused = part(Refused)
    unavailable = part(Unavailable)
    not_processed = part(NotProcessed)
    other = part(OtherHandling)
    total = part(ApplicantCounts)
    carried_forward = part(ApplicantCounts)

    def __init__(
        self,
        *,
        values: Iterable[Cell] | None = None,
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
        """Build from ``values`` in reading order, or from rows (a row not given is blank)."""
        self._init(values, prose, locals())


# --- table 四 --------------------------------------------------------------------------------


@_table("四", None)
@frozen(init=False, slots=False)
class Reviews(TableBase):
    """Section 四: table 四 (行政复议 and the two 行政诉讼 groups) and its prose."""

    review = part(Outcomes)
    """行政复议."""
    lawsuit_direct = part(Outcomes)
    """行政诉讼 / 未经复议直接起诉."""
    lawsuit_after_review = part(Outcomes)
    """行政诉讼 / 复议后起诉."""

    def __init__(
        self,
        *,
        values: Iterable[Cell] | None = None,
        review: Outcomes | None = None,
        lawsuit_direct: Outcomes | None = None,
        lawsuit_after_review: Outcomes | None = None,
        prose: Iterable[str] = (),
    ) -> None:
        """Build from ``values`` in reading order, or from groups (a group not given is blank)."""
        self._init(values, prose, locals())


# --- the registry ----------------------------------------------------------------------------

Proactive: TypeAlias = Proactive2019 | Proactive2021
"""Table 二 in any form (the type of :attr:`AnnualReport.proactive`)."""
Applications: TypeAlias = Applications2019 | Applications2021
"""Table 三 in any form (the type of :attr:`AnnualReport.applications`)."""
Table: TypeAlias = Proactive2019 | Proactive2021 | Applications2019 | Applications2021 | Reviews
"""Any statutory table object."""

TABLE_CLASSES: Mapping[tuple[str, Edition | None], type[Table]] = {
    (cls.TABLE, cls.form): cls
    for cls in (Proactive2019, Proactive2021, Applications2019, Applications2021, Reviews)
}
"""Every table class by (table, form), in the order of :func:`~gov_disclosure.statutory.all_table_specs`."""

if [cls.spec() for cls in TABLE_CLASSES.values()] != list(all_table_specs()):
    raise AssertionError("the table classes do not cover every table form of the layout")


def table_class(key: str, form: Edition | str | None) -> type[Any]:
    """The model class of table ``key`` in ``form`` (the form is ignored for table 四)."""
    spec = table_spec(key, form)
    return TABLE_CLASSES[(spec.key, spec.form)]


def build_table(key: str, form: Edition | None, values: Mapping[str, Cell], **extra: Any) -> Any:
    """Build the table object of ``key``/``form`` from values by path (missing = blank)."""
    cls = table_class(key, form)
    spec = cls.spec()
    unknown = set(values) - set(spec.by_path)
    if unknown:
        raise KeyError(f"table {key} ({form}) has no cells {sorted(unknown)}")
    return cls(values=tuple(values.get(c.path) for c in spec.cells), **extra)


def document_fields(cls: type[Any]) -> list[tuple[str, Any, bool]]:
    """The fields of a model class as documents spell them: (name, type, required).

    A table stores its values as one tuple, but its document has the statute's rows: those are
    the table's views (rows, groups, single cells), then its prose.
    """
    views: dict[str, View[Any]] | None = getattr(cls, "_views", None)
    if views is None:
        return [(a.name, a.type, a.default is attrs.NOTHING) for a in attrs.fields(cls)]
    out: list[tuple[str, Any, bool]] = []
    for name, view in views.items():
        if view.kind is not None:
            out.append((name, view.kind, False))
        else:
            money = cls.spec().by_path[name].kind is CellKind.MONEY
            out.append((name, Decimal | None if money else int | None, False))
    out.append(("prose", tuple[str, ...], False))
    return out


for _cls in TABLE_CLASSES.values():
    attrs.resolve_types(_cls, globalns=globals())
