"""The statute's rows and groups of rows: small frozen classes of cells.

A table stores its values as one tuple; these classes are what its typed views return
(``report.applications.refused`` is a :class:`Refused`) and what a table can be built from.
Each checks its shape on construction: count cells hold ``int`` or None, amount cells a
finite ``Decimal`` or None, and a group holds rows of exactly the declared classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import attrs
from attrs import field, frozen

from .cell import Count, Money, check_count, check_money

__all__ = [
    "ApplicantCounts",
    "DocumentCounts2019",
    "DocumentCounts2021",
    "FeeItems",
    "ItemCounts",
    "NotProcessed",
    "OtherHandling",
    "Outcomes",
    "Procurement",
    "Refused",
    "Unavailable",
]


class _CountRow:
    """Mixin: every field of the class is a count cell (``int`` or None)."""

    __slots__ = ()
    if TYPE_CHECKING:  # set by attrs on each row class
        __attrs_attrs__: ClassVar[tuple[attrs.Attribute[Any], ...]]

    def __attrs_post_init__(self) -> None:
        owner = type(self).__name__
        for a in type(self).__attrs_attrs__:
            check_count(owner, a.name, getattr(self, a.name))


class _RowGroup:
    """Mixin: every field holds a row of exactly its declared class."""

    __slots__ = ()
    if TYPE_CHECKING:  # set by attrs on each row class
        __attrs_attrs__: ClassVar[tuple[attrs.Attribute[Any], ...]]

    def __attrs_post_init__(self) -> None:
        cls = type(self)
        for a in cls.__attrs_attrs__:
            value = getattr(self, a.name)
            if type(value) is not a.type:
                raise TypeError(
                    f"{cls.__name__}.{a.name}: expected {getattr(a.type, '__name__', a.type)}, "
                    f"got {type(value).__name__}"
                )


# --- table 三 --------------------------------------------------------------------------------


@frozen(kw_only=True)
class ApplicantCounts(_CountRow):
    """One row of table 三: requests by kind of applicant, and their 总计."""

    natural_person: Count = None
    commercial: Count = None
    research: Count = None
    nonprofit: Count = None
    legal_services: Count = None
    other: Count = None
    total: Count = None

    @classmethod
    def of(cls, *values: int | None) -> ApplicantCounts:
        """Build a row from its seven values in column order (自然人 … 其他, 总计)."""
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

    def values(self) -> tuple[int | None, ...]:
        """The seven values in column order."""
        return (
            self.natural_person,
            self.commercial,
            self.research,
            self.nonprofit,
            self.legal_services,
            self.other,
            self.total,
        )


def _blank_row() -> ApplicantCounts:
    return ApplicantCounts()


_row: Any = field(factory=_blank_row)


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


# --- table 二 --------------------------------------------------------------------------------


@frozen(kw_only=True)
class DocumentCounts2021(_CountRow):
    """第二十条第（一）项 row, 2021 form: 本年制发件数, 本年废止件数, 现行有效件数."""

    issued: Count = None
    repealed: Count = None
    in_force: Count = None


@frozen(kw_only=True)
class DocumentCounts2019(_CountRow):
    """第二十条第（一）项 row, 2019 form: 本年新制作数量, 本年新公开数量, 对外公开总数量."""

    made: Count = None
    published: Count = None
    total: Count = None


@frozen(kw_only=True)
class ItemCounts(_CountRow):
    """2019 （五）/（六） row: 上一年项目数量, 本年增/减 (may be negative), 处理决定数量."""

    previous: Count = None
    change: Count = None
    decisions: Count = None


@frozen(kw_only=True)
class FeeItems(_CountRow):
    """2019 （八） row 行政事业性收费: 上一年项目数量 and 本年增/减 (may be negative)."""

    previous: Count = None
    change: Count = None


@frozen(kw_only=True)
class Procurement:
    """2019 （九） row 政府集中采购: 采购项目数量 and 采购总金额 (万元)."""

    projects: Count = None
    amount: Money = None

    def __attrs_post_init__(self) -> None:
        check_count("Procurement", "projects", self.projects)
        check_money("Procurement", "amount", self.amount)


# --- table 四 --------------------------------------------------------------------------------


@frozen(kw_only=True)
class Outcomes(_CountRow):
    """One group of table 四: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计."""

    upheld: Count = None
    corrected: Count = None
    other: Count = None
    pending: Count = None
    total: Count = None


for _cls in (
    ApplicantCounts,
    Refused,
    Unavailable,
    NotProcessed,
    OtherHandling,
    DocumentCounts2021,
    DocumentCounts2019,
    ItemCounts,
    FeeItems,
    Procurement,
    Outcomes,
):
    attrs.resolve_types(_cls, globalns=globals())
