"""The report: :class:`AnnualReport`, its metadata, its six sections and the printed text."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
from attrs import field, frozen

from ..statutory import REPORT_YEARS, TABLE_ATTRS, Edition, edition_table_specs
from .cell import Cell, short_repr
from .tables import TABLE_CLASSES, Applications, Proactive, Reviews, Table, TableBase, table_class

# An implementation module (docs/reference/api.md): __all__ lists only the names a public module re-exports.
__all__ = ["AnnualReport"]


def _to_tuple(value: Any) -> tuple[str, ...]:
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


_CLASSES_BY_ATTR: dict[str, tuple[type[Any], ...]] = {
    attr: tuple(cls for (k, _), cls in TABLE_CLASSES.items() if k == key)
    for key, attr in TABLE_ATTRS.items()
}
"""The table classes each report attribute may hold (every form of its table)."""


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
    overview: tuple[str, ...] = field(default=(), converter=_to_tuple)
    """一、总体情况: paragraphs of text."""
    proactive: Proactive | None = None
    """二、主动公开政府信息情况: table 二 and its prose."""
    applications: Applications | None = None
    """三、收到和处理政府信息公开申请情况: table 三 and its prose."""
    reviews: Reviews | None = None
    """四、政府信息公开行政复议、行政诉讼情况: table 四 and its prose."""
    problems: tuple[str, ...] = field(default=(), converter=_to_tuple)
    """五、存在的主要问题及改进情况: paragraphs of text."""
    other_matters: tuple[str, ...] = field(default=(), converter=_to_tuple)
    """六、其他需要报告的事项: paragraphs of text."""
    printed: Mapping[str, str] = field(default=_NO_PRINTED, converter=_printed)
    """Literal text of cells as published, by cell path (``applications.received.total``)."""

    def __attrs_post_init__(self) -> None:
        if type(self.agency) is not str:
            raise TypeError(f"AnnualReport.agency: expected str, got {type(self.agency).__name__}")
        if type(self.year) is not int or self.year not in REPORT_YEARS:
            raise TypeError(
                f"AnnualReport.year: expected a four-digit int, got {short_repr(self.year)}"
            )
        if not isinstance(self.edition, Edition):
            raise TypeError(
                f"AnnualReport.edition: expected Edition, got {short_repr(self.edition)}"
            )
        for name, expected in _CLASSES_BY_ATTR.items():
            value = getattr(self, name)
            if value is not None and type(value) not in expected:
                raise TypeError(
                    f"AnnualReport.{name}: expected one of the table classes, got {short_repr(value)}"
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

    def tables(self) -> Iterator[Table]:
        """The statutory tables present, in order 二, 三, 四."""
        for table in (self.proactive, self.applications, self.reviews):
            if table is not None:
                yield table

    def has_cell(self, path: str) -> bool:
        """Whether ``path`` (``applications.received.total``) names a cell of this report."""
        attr, _, rest = path.partition(".")
        table = getattr(self, attr, None) if attr in _CLASSES_BY_ATTR else None
        return table is not None and rest in table.spec().by_path

    def get(self, path: str) -> Cell:
        """The value of the cell at a report-level path, e.g. ``proactive.fees``."""
        if not self.has_cell(path):
            raise KeyError(f"this report has no cell {path!r}")
        attr, _, rest = path.partition(".")
        table: TableBase = getattr(self, attr)
        return table.get(rest)

    def replace(self, path: str, value: Cell) -> AnnualReport:
        """A copy with the cell at ``path`` set to ``value`` (None blanks it)."""
        if not self.has_cell(path):
            raise KeyError(f"this report has no cell {path!r}")
        attr, _, rest = path.partition(".")
        table: TableBase = getattr(self, attr)
        values = list(table.values())
        values[table.spec().by_path[rest].index] = value
        changed: Any = type(table)(values=values, prose=table.prose)
        return attrs.evolve(self, **{attr: changed})

    @classmethod
    def blank(
        cls,
        *,
        agency: str,
        year: int,
        edition: Edition | str | None = None,
        title: str | None = None,
    ) -> AnnualReport:
        """A report with every table present in the edition's form and every cell blank; the
        edition defaults to :meth:`Edition.latest`."""
        ed = Edition.latest() if edition is None else Edition(edition)
        tables = {s.attr: table_class(s.key, s.form)() for s in edition_table_specs(ed)}
        return cls(agency=agency, year=year, edition=ed, title=title, **tables)


attrs.resolve_types(AnnualReport, globalns=globals())
