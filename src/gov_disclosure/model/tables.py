"""The statutory table classes, one per table and form, and the registry of them.

A table object holds its values as one tuple in reading order (docs/format.md, "Cell addresses"), read with
:meth:`values`, and the prose printed with it. The statute's rows and groups are declared as
typed views (:mod:`.views`) of that tuple, each once: ``received: View[ApplicantCounts] =
part()``. The constructor derives from those declarations: a table is built from its values
(``Applications2021(values=...)``) or from rows (``Applications2021(received=...)``, a row not
given is blank); either way the values pass one shape check. Type checkers and IDEs read the
same declarations (the classes are ``dataclass_transform`` classes to them, and a view's
``__set__`` types its argument as the row or None), so each class has its typed signature
without a second list of its parts.

:data:`TABLE_CLASSES` is the one list of table classes: everything that needs the class of a
table in a form (loading, the report's checks, the JSON Schema) reads it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias, TypeVar, get_args, get_type_hints

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
from .views import View, part, paths

if TYPE_CHECKING:
    from dataclasses import InitVar

    from typing_extensions import dataclass_transform

    @dataclass_transform(kw_only_default=True, frozen_default=True)
    class _Parts:
        """To type checkers: the constructor of a subclass takes its views as keywords."""

else:

    class _Parts:
        """The constructor is :meth:`TableBase.__init__`; type checkers see the class above."""


# An implementation module (docs/reference/api.md): __all__ lists only the names a public module re-exports.
__all__ = ["Applications2019", "Applications2021", "Proactive2019", "Proactive2021", "Reviews"]

_T = TypeVar("_T", bound="_TableData")


@frozen(init=False, slots=False)
class _TableData:
    """The values and the prose of a statutory table (the fields), and what reads them.

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
    __signature__: ClassVar[inspect.Signature]
    """The constructor's signature as :func:`inspect.signature` and ``help`` show it."""

    @classmethod
    def spec(cls) -> TableSpec:
        """The statutory layout of this table in this form."""
        return cls._spec

    def values(self) -> tuple[Cell, ...]:
        """Every statutory value of the table, in reading order (docs/format.md, "Cell addresses"); None is blank."""
        return self._values

    def has_blank(self) -> bool:
        """Whether any cell of the table is blank (None)."""
        blank: bool = self.__dict__["_blank"]
        return blank

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
        table._finish(values if type(values) is tuple else tuple(values), prose)
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


@frozen(init=False, slots=False)
class TableBase(_TableData, _Parts):
    """Behaviour shared by the statutory table classes: the values and the prose of a section.

    A table class declares its views (``received: View[ApplicantCounts] = part()``); its
    constructor takes ``values`` or those views, and ``prose``.
    """

    if TYPE_CHECKING:  # the constructor's two arguments besides the views, for type checkers
        values: InitVar[Iterable[Cell] | None] = None
        prose: InitVar[Iterable[str]] = ()

    def __init__(
        self, *, values: Iterable[Cell] | None = None, prose: Iterable[str] = (), **parts: Any
    ) -> None:
        """Build from ``values`` in reading order, or from the table's rows, groups and single
        cells by name (one not given, or None, is blank)."""
        views = type(self)._views
        for name in parts:
            if name not in views:
                raise TypeError(
                    f"{type(self).__name__}.__init__() got an unexpected keyword argument {name!r}"
                )
        self._init(values, prose, parts)


def _signature(kinds: Mapping[str, type[Any]]) -> inspect.Signature:
    """``(*, values=None, <each view>=None, prose=())``: the constructor as a table class takes
    it (``kinds``: what each view reads as)."""
    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [
        inspect.Parameter("values", keyword, default=None, annotation="Iterable[Cell] | None"),
        *(
            inspect.Parameter(name, keyword, default=None, annotation=f"{kind.__name__} | None")
            for name, kind in kinds.items()
        ),
        inspect.Parameter("prose", keyword, default=(), annotation="Iterable[str]"),
    ]
    return inspect.Signature(parameters, return_annotation="None")


def _table(key: str, form: Edition | None) -> Callable[[type[_T]], type[_T]]:
    """Bind a table class to its spec and give each declared view its range of values."""

    def decorate(cls: type[_T]) -> type[_T]:
        spec = table_spec(key, form)
        views: dict[str, View[Any]] = {}
        kinds: dict[str, type[Any]] = {}
        for klass in reversed(cls.__mro__):  # a form that keeps another's layout may subclass
            own = [(name, v) for name, v in vars(klass).items() if isinstance(v, View)]
            if own:
                hints = get_type_hints(klass, globalns=globals())
            for name, view in own:
                (kind,) = get_args(hints[name])  # View[ApplicantCounts], View[int], ...
                view.kind = kind if attrs.has(kind) else None
                views[name], kinds[name] = view, kind
        found: list[str] = []
        for name, view in views.items():
            view.start = len(found)
            found.extend([name] if view.kind is None else paths(view.kind, name))
            view.stop = len(found)
        if found != [c.path for c in spec.cells]:
            raise AssertionError(f"{cls.__name__} does not follow the layout of table {key}")
        cls.TABLE = key
        cls.form = form
        cls._spec = spec
        cls._views = views
        cls._check = ValuesCheck(cls.__name__, spec.cells)
        cls.__signature__ = _signature(kinds)
        return cls

    return decorate


# --- table 二 --------------------------------------------------------------------------------


@_table("二", Edition.E2019)
class Proactive2019(TableBase):
    """Section 二 in the 2019 form: table 二 (22 cells) and its prose."""

    regulations: View[DocumentCounts2019] = part()
    normative_documents: View[DocumentCounts2019] = part()
    licensing: View[ItemCounts] = part()
    other_services: View[ItemCounts] = part()
    punishment: View[ItemCounts] = part()
    enforcement: View[ItemCounts] = part()
    fees: View[FeeItems] = part()
    procurement: View[Procurement] = part()


@_table("二", Edition.E2021)
class Proactive2021(TableBase):
    """Section 二 in the 2021 form: table 二 (10 cells) and its prose."""

    regulations: View[DocumentCounts2021] = part()
    normative_documents: View[DocumentCounts2021] = part()
    licensing: View[int] = part()
    punishment: View[int] = part()
    enforcement: View[int] = part()
    fees: View[Decimal] = part()
    """本年收费金额（万元）."""


# --- table 三 --------------------------------------------------------------------------------


@_table("三", Edition.E2019)
class Applications2019(TableBase):
    """Section 三 in the 2019 form: table 三 with a single （六）其他处理 row, and its prose."""

    received: View[ApplicantCounts] = part()
    carried_over: View[ApplicantCounts] = part()
    granted: View[ApplicantCounts] = part()
    partially_granted: View[ApplicantCounts] = part()
    refused: View[Refused] = part()
    unavailable: View[Unavailable] = part()
    not_processed: View[NotProcessed] = part()
    other: View[ApplicantCounts] = part()
    total: View[ApplicantCounts] = part()
    carried_forward: View[ApplicantCounts] = part()


@_table("三", Edition.E2021)
class Applications2021(TableBase):
    """Section 三 in the 2021 form: table 三 with （六）其他处理 in three sub-items, and its prose."""

    received: View[ApplicantCounts] = part()
    carried_over: View[ApplicantCounts] = part()
    granted: View[ApplicantCounts] = part()
    partially_granted: View[ApplicantCounts] = part()
    refused: View[Refused] = part()
    unavailable: View[Unavailable] = part()
    not_processed: View[NotProcessed] = part()
    other: View[OtherHandling] = part()
    total: View[ApplicantCounts] = part()
    carried_forward: View[ApplicantCounts] = part()


# --- table 四 --------------------------------------------------------------------------------


@_table("四", None)
class Reviews(TableBase):
    """Section 四: table 四 (行政复议 and the two 行政诉讼 groups) and its prose."""

    review: View[Outcomes] = part()
    """行政复议."""
    lawsuit_direct: View[Outcomes] = part()
    """行政诉讼 / 未经复议直接起诉."""
    lawsuit_after_review: View[Outcomes] = part()
    """行政诉讼 / 复议后起诉."""


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
