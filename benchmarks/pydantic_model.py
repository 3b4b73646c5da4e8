"""A pydantic v2 model of the gov-disclosure JSON document, for the load benchmark only.

It describes the same document shape as ``gov_disclosure.dumps`` writes: the same keys, one
nested model per row group, unknown keys forbidden, strict types (a count is a JSON integer or
null — never a float, a bool or a numeric string), money as a decimal string (``"96171.6"``)
that becomes an exact ``Decimal``, and tables 二 and 三 as unions tagged by their ``"form"``.

:func:`validate_pydantic` applies the arithmetic rules A301, A302, A303 and A401 of
gov-disclosure in plain Python over the validated object, with blank cells counted as 0, so
that "load + validate" does the same work in both libraries.

Known differences (none of them matters for the documents of the benchmark, which state every
cell and always carry ``"form"``): gov-disclosure lets a table omit ``"form"`` (it defaults to
the report's edition), checks that the keys of ``printed`` name cells of the report, and
recomputes a blank total from its parts where a relation needs it.
"""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StringConstraints

__all__ = ["PydanticReport", "validate_pydantic"]

Count = StrictInt | None
"""A count cell: a whole number, or None for a blank."""

Money = (
    Annotated[str, StringConstraints(pattern=r"^-?\d+(\.\d+)?$"), AfterValidator(Decimal)]
    | Annotated[StrictInt, AfterValidator(Decimal)]
    | None
)
"""An amount in 万元: a decimal string (or a whole number), exact as ``Decimal``; None is blank."""

Paragraphs = tuple[str, ...]


class Edition(str, enum.Enum):
    """The edition of the format a report follows."""

    E2019 = "2019"
    E2021 = "2021"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- table 三 ----------------------------------------------------------------------------------


class ApplicantCounts(_Model):
    """One row of table 三: the six applicant columns and 总计."""

    natural_person: Count = None
    commercial: Count = None
    research: Count = None
    nonprofit: Count = None
    legal_services: Count = None
    other: Count = None
    total: Count = None


class Refused(_Model):
    """（三）不予公开."""

    state_secret: ApplicantCounts = Field(default_factory=ApplicantCounts)
    prohibited: ApplicantCounts = Field(default_factory=ApplicantCounts)
    endangers_safety: ApplicantCounts = Field(default_factory=ApplicantCounts)
    third_party: ApplicantCounts = Field(default_factory=ApplicantCounts)
    internal_affairs: ApplicantCounts = Field(default_factory=ApplicantCounts)
    process_information: ApplicantCounts = Field(default_factory=ApplicantCounts)
    enforcement_files: ApplicantCounts = Field(default_factory=ApplicantCounts)
    inquiry_matters: ApplicantCounts = Field(default_factory=ApplicantCounts)


class Unavailable(_Model):
    """（四）无法提供."""

    not_held: ApplicantCounts = Field(default_factory=ApplicantCounts)
    needs_creation: ApplicantCounts = Field(default_factory=ApplicantCounts)
    still_unclear: ApplicantCounts = Field(default_factory=ApplicantCounts)


class NotProcessed(_Model):
    """（五）不予处理."""

    complaints: ApplicantCounts = Field(default_factory=ApplicantCounts)
    repeated: ApplicantCounts = Field(default_factory=ApplicantCounts)
    publications: ApplicantCounts = Field(default_factory=ApplicantCounts)
    excessive: ApplicantCounts = Field(default_factory=ApplicantCounts)
    confirmation: ApplicantCounts = Field(default_factory=ApplicantCounts)


class OtherHandling(_Model):
    """（六）其他处理 of the 2021 form, in three sub-items."""

    no_correction: ApplicantCounts = Field(default_factory=ApplicantCounts)
    unpaid_fees: ApplicantCounts = Field(default_factory=ApplicantCounts)
    other: ApplicantCounts = Field(default_factory=ApplicantCounts)


class Applications2019(_Model):
    """Section 三 in the 2019 form."""

    form: Literal["2019"]
    received: ApplicantCounts = Field(default_factory=ApplicantCounts)
    carried_over: ApplicantCounts = Field(default_factory=ApplicantCounts)
    granted: ApplicantCounts = Field(default_factory=ApplicantCounts)
    partially_granted: ApplicantCounts = Field(default_factory=ApplicantCounts)
    refused: Refused = Field(default_factory=Refused)
    unavailable: Unavailable = Field(default_factory=Unavailable)
    not_processed: NotProcessed = Field(default_factory=NotProcessed)
    other: ApplicantCounts = Field(default_factory=ApplicantCounts)
    total: ApplicantCounts = Field(default_factory=ApplicantCounts)
    carried_forward: ApplicantCounts = Field(default_factory=ApplicantCounts)
    prose: Paragraphs = ()


class Applications2021(_Model):
    """Section 三 in the 2021 form."""

    form: Literal["2021"]
    received: ApplicantCounts = Field(default_factory=ApplicantCounts)
    carried_over: ApplicantCounts = Field(default_factory=ApplicantCounts)
    granted: ApplicantCounts = Field(default_factory=ApplicantCounts)
    partially_granted: ApplicantCounts = Field(default_factory=ApplicantCounts)
    refused: Refused = Field(default_factory=Refused)
    unavailable: Unavailable = Field(default_factory=Unavailable)
    not_processed: NotProcessed = Field(default_factory=NotProcessed)
    other: OtherHandling = Field(default_factory=OtherHandling)
    total: ApplicantCounts = Field(default_factory=ApplicantCounts)
    carried_forward: ApplicantCounts = Field(default_factory=ApplicantCounts)
    prose: Paragraphs = ()


# --- table 二 ----------------------------------------------------------------------------------


class DocumentCounts2021(_Model):
    """第二十条第（一）项 row, 2021 form."""

    issued: Count = None
    repealed: Count = None
    in_force: Count = None


class DocumentCounts2019(_Model):
    """第二十条第（一）项 row, 2019 form."""

    made: Count = None
    published: Count = None
    total: Count = None


class ItemCounts(_Model):
    """2019 （五）/（六） row."""

    previous: Count = None
    change: Count = None
    decisions: Count = None


class FeeItems(_Model):
    """2019 （八） row."""

    previous: Count = None
    change: Count = None


class Procurement(_Model):
    """2019 （九） row."""

    projects: Count = None
    amount: Money = None


class Proactive2021(_Model):
    """Section 二 in the 2021 form."""

    form: Literal["2021"]
    regulations: DocumentCounts2021 = Field(default_factory=DocumentCounts2021)
    normative_documents: DocumentCounts2021 = Field(default_factory=DocumentCounts2021)
    licensing: Count = None
    punishment: Count = None
    enforcement: Count = None
    fees: Money = None
    prose: Paragraphs = ()


class Proactive2019(_Model):
    """Section 二 in the 2019 form."""

    form: Literal["2019"]
    regulations: DocumentCounts2019 = Field(default_factory=DocumentCounts2019)
    normative_documents: DocumentCounts2019 = Field(default_factory=DocumentCounts2019)
    licensing: ItemCounts = Field(default_factory=ItemCounts)
    other_services: ItemCounts = Field(default_factory=ItemCounts)
    punishment: ItemCounts = Field(default_factory=ItemCounts)
    enforcement: ItemCounts = Field(default_factory=ItemCounts)
    fees: FeeItems = Field(default_factory=FeeItems)
    procurement: Procurement = Field(default_factory=Procurement)
    prose: Paragraphs = ()


# --- table 四 and the report -------------------------------------------------------------------


class Outcomes(_Model):
    """One group of table 四."""

    upheld: Count = None
    corrected: Count = None
    other: Count = None
    pending: Count = None
    total: Count = None


class Reviews(_Model):
    """Section 四."""

    review: Outcomes = Field(default_factory=Outcomes)
    lawsuit_direct: Outcomes = Field(default_factory=Outcomes)
    lawsuit_after_review: Outcomes = Field(default_factory=Outcomes)
    prose: Paragraphs = ()


class PydanticReport(_Model):
    """The whole document: envelope, metadata and the six sections."""

    schema_version: Literal[1]
    agency: str
    year: Annotated[StrictInt, Field(ge=1000, le=9999)]
    edition: Edition
    title: str | None = None
    published: datetime.date | None = None
    overview: Paragraphs = ()
    proactive: Annotated[Proactive2019 | Proactive2021, Field(discriminator="form")] | None = None
    applications: (
        Annotated[Applications2019 | Applications2021, Field(discriminator="form")] | None
    ) = None
    reviews: Reviews | None = None
    problems: Paragraphs = ()
    other_matters: Paragraphs = ()
    printed: dict[str, str] = Field(default_factory=dict)


# --- the arithmetic rules ------------------------------------------------------------------------

_APPLICANTS = ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other")
_T3_COLUMNS = (*_APPLICANTS, "total")
_OUTCOMES = ("upheld", "corrected", "other", "pending")


def _n(value: int | None) -> int:
    return 0 if value is None else value


def _outcome_rows(
    apps: Applications2019 | Applications2021,
) -> list[tuple[str, ApplicantCounts]]:
    rows: list[tuple[str, ApplicantCounts]] = [
        ("granted", apps.granted),
        ("partially_granted", apps.partially_granted),
    ]
    for group in ("refused", "unavailable", "not_processed"):
        node = getattr(apps, group)
        for name in type(node).model_fields:
            rows.append((f"{group}.{name}", getattr(node, name)))
    other = apps.other
    if isinstance(other, OtherHandling):
        for name in OtherHandling.model_fields:
            rows.append((f"other.{name}", getattr(other, name)))
    else:
        rows.append(("other", other))
    return rows


def _check_applications(apps: Applications2019 | Applications2021) -> list[str]:
    errors: list[str] = []
    outcomes = _outcome_rows(apps)
    rows = [
        ("received", apps.received),
        ("carried_over", apps.carried_over),
        *outcomes,
        ("total", apps.total),
        ("carried_forward", apps.carried_forward),
    ]
    # A301: in every row, 总计 = the six applicant columns.
    for name, row in rows:
        if row.total is None:
            continue
        parts = sum(_n(getattr(row, c)) for c in _APPLICANTS)
        if row.total != parts:
            errors.append(f"A301 applications.{name}: total {row.total} != sum {parts}")
    # A302: in every column, （七）总计 = the sum of the outcome rows.
    for column in _T3_COLUMNS:
        stated = getattr(apps.total, column)
        if stated is None:
            continue
        parts = sum(_n(getattr(row, column)) for _, row in outcomes)
        if stated != parts:
            errors.append(f"A302 applications.total.{column}: {stated} != sum {parts}")
    # A303: in every column, 一 + 二 = 三（七） + 四.
    for column in _T3_COLUMNS:
        cells = (
            getattr(apps.received, column),
            getattr(apps.carried_over, column),
            getattr(apps.total, column),
            getattr(apps.carried_forward, column),
        )
        if all(v is None for v in cells):
            continue
        a, b, c, d = (_n(v) for v in cells)
        if a + b != c + d:
            errors.append(f"A303 applications.{column}: {a} + {b} != {c} + {d}")
    return errors


def _check_reviews(reviews: Reviews) -> list[str]:
    errors: list[str] = []
    # A401: in every group, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
    for name in ("review", "lawsuit_direct", "lawsuit_after_review"):
        group: Outcomes = getattr(reviews, name)
        if group.total is None:
            continue
        parts = sum(_n(getattr(group, c)) for c in _OUTCOMES)
        if group.total != parts:
            errors.append(f"A401 reviews.{name}: total {group.total} != sum {parts}")
    return errors


def validate_pydantic(report: PydanticReport) -> list[str]:
    """The failures of rules A301, A302, A303 and A401 in ``report`` (blank cells count as 0)."""
    errors: list[str] = []
    if report.applications is not None:
        errors.extend(_check_applications(report.applications))
    if report.reviews is not None:
        errors.extend(_check_reviews(report.reviews))
    return errors
