"""Tests for gov_disclosure.model: shape checks, typed access, replace/get/blank, immutability."""

from __future__ import annotations

import inspect
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure import AnnualReport, CellKind, Edition
from gov_disclosure.model.tables import TABLE_CLASSES
from gov_disclosure.statutory import table_spec
from gov_disclosure.testing import blank_report, hongze_2023, sample_report
from strategies import FAST, any_reports

NOT_INTS = [1.5, 2.0, True, False, "3", Decimal(3), [1], object()]


# --- shape checks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", NOT_INTS, ids=lambda v: type(v).__name__ if type(v) is object else repr(v)
)
@pytest.mark.parametrize(
    ("cls", "field"),
    [
        (gd.ApplicantCounts, "natural_person"),
        (gd.ApplicantCounts, "total"),
        (gd.Outcomes, "pending"),
        (gd.DocumentCounts2021, "in_force"),
        (gd.DocumentCounts2019, "published"),
        (gd.ItemCounts, "change"),
        (gd.FeeItems, "previous"),
        (gd.Procurement, "projects"),
        (gd.Proactive2021, "licensing"),
        (gd.Proactive2021, "enforcement"),
    ],
)
def test_count_cells_take_only_int_or_none(cls: type[Any], field: str, value: object) -> None:
    """A float, bool, string, Decimal or other object in a count cell is a TypeError naming it."""
    with pytest.raises(TypeError, match=f"{cls.__name__}.{field}"):
        cls(**{field: value})


@pytest.mark.parametrize("value", [5, 1.5, "1.5", True, Decimal("NaN"), Decimal("Infinity")])
@pytest.mark.parametrize(("cls", "field"), [(gd.Proactive2021, "fees"), (gd.Procurement, "amount")])
def test_money_cells_take_only_finite_decimals(cls: type[Any], field: str, value: object) -> None:
    """An amount must be a finite Decimal (or None): int, float, str and NaN are TypeErrors."""
    with pytest.raises(TypeError, match=f"{cls.__name__}.{field}"):
        cls(**{field: value})


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: gd.Applications2021(received=5), "received"),
        (lambda: gd.Applications2019(refused=gd.ApplicantCounts()), "refused"),
        (lambda: gd.Refused(state_secret=None), "state_secret"),
        (lambda: gd.Unavailable(not_held=gd.Outcomes()), "not_held"),
        (lambda: gd.Applications2021(other=gd.ApplicantCounts()), "other"),
        (lambda: gd.Applications2019(other=gd.OtherHandling()), "other"),
        (lambda: gd.Reviews(review=gd.ApplicantCounts()), "review"),
        (lambda: gd.Proactive2021(regulations=gd.DocumentCounts2019()), "regulations"),
        (lambda: gd.Proactive2019(licensing=3), "licensing"),
        (lambda: gd.Proactive2019(procurement=gd.FeeItems()), "procurement"),
    ],
)
def test_rows_take_only_their_own_class(make: Any, name: str) -> None:
    """An int, None or a row of another class where a row belongs is a TypeError naming it."""
    with pytest.raises(TypeError, match=name):
        make()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("proactive", gd.Reviews()),
        ("applications", gd.Proactive2021()),
        ("applications", gd.ApplicantCounts()),
        ("reviews", gd.Applications2019()),
        ("agency", None),
        ("year", 24),
        ("year", "2024"),
        ("year", 2024.0),
        ("year", True),
        ("edition", None),
    ],
)
def test_report_fields_are_checked(field: str, value: object) -> None:
    """A report rejects a table of the wrong kind, a non-str agency and a non-four-digit year."""
    fields: dict[str, Any] = {"agency": "某局", "year": 2024, "edition": Edition.E2021}
    fields[field] = value
    with pytest.raises(TypeError, match=f"AnnualReport.{field}"):
        AnnualReport(**fields)


def test_printed_keys_must_name_cells_of_the_report() -> None:
    """A printed key that is no cell (or a cell of a missing table) is a ValueError."""
    report = sample_report("2021")
    with pytest.raises(ValueError, match="not a cell"):
        attrs.evolve(report, printed={"applications.received": "—"})
    with pytest.raises(ValueError, match="not a cell"):
        attrs.evolve(report, printed={"proactive.procurement.amount": "251000元"})  # 2019 only
    with pytest.raises(ValueError, match="not a cell"):
        attrs.evolve(report, reviews=None, printed={"reviews.review.total": "-"})
    with pytest.raises(TypeError, match="printed"):
        attrs.evolve(report, printed={"reviews.review.total": 0})
    kept = attrs.evolve(report, printed={"reviews.review.total": "5（含 1 件撤回）"})
    assert kept.printed == {"reviews.review.total": "5（含 1 件撤回）"}


def test_applicant_counts_of_needs_seven_cells() -> None:
    """ApplicantCounts.of builds a row from 7 cells in column order and rejects other lengths."""
    row = gd.ApplicantCounts.of(1, 2, 3, 4, 5, 6, 21)
    assert (row.natural_person, row.other, row.total) == (1, 6, 21)
    assert row.values() == (1, 2, 3, 4, 5, 6, 21)
    with pytest.raises(ValueError, match="7 cells"):
        gd.ApplicantCounts.of(1, 2, 3)


def test_negative_counts_and_amounts_are_representable() -> None:
    """Shape checks never judge content: negative counts and amounts are accepted."""
    row = gd.ApplicantCounts(natural_person=-3, total=-3)
    assert row.total == -3
    report = sample_report("2021").replace("reviews.review.upheld", -1)
    assert report.get("reviews.review.upheld") == -1
    assert gd.Proactive2021(fees=Decimal("-1.5")).fees == Decimal("-1.5")


def test_arithmetic_is_not_checked_on_construction() -> None:
    """A row whose 总计 disagrees with its parts is still a valid object."""
    row = gd.ApplicantCounts.of(1, 1, 1, 1, 1, 1, 0)
    assert row.total == 0


# --- typed access, get, replace --------------------------------------------------------------


def test_typed_paths_read_like_the_statute() -> None:
    """Typed access and get() reach the same cells, e.g. 不予公开/属于国家秘密/自然人."""
    report = sample_report("2021")
    app = report.applications
    assert isinstance(app, gd.Applications2021)
    assert report.get("applications.refused.state_secret.natural_person") == (
        app.refused.state_secret.natural_person
    )
    assert report.get("applications.other.unpaid_fees.total") == app.other.unpaid_fees.total
    assert report.get("proactive.fees") == Decimal("12.5")
    assert report.reviews is not None
    assert report.get("reviews.review.total") == report.reviews.review.total
    assert app.get("refused.state_secret.total") == app.refused.state_secret.total


def test_values_follow_the_spec_paths(report: AnnualReport) -> None:
    """Each table's values() lists its cells in the order and by the paths of its spec."""
    for table in report.tables():
        spec = table.spec()
        assert len(table.values()) == len(spec.cells)
        for cell, value in zip(spec.cells, table.values(), strict=True):
            assert table.get(cell.path) == value
            assert report.get(f"{spec.attr}.{cell.path}") == value


@pytest.mark.parametrize(
    "path",
    [
        "applications.received",
        "applications",
        "applications.received.nobody",
        "proactive.procurement.amount",  # a 2019 cell asked of a 2021 table
        "title",
        "",
        "reviews.review.total.x",
    ],
)
def test_get_and_replace_reject_paths_that_are_not_cells(path: str) -> None:
    """get() and replace() raise KeyError for a path that names no cell of the report."""
    report = sample_report("2021")
    assert not report.has_cell(path)
    with pytest.raises(KeyError):
        report.get(path)
    with pytest.raises(KeyError):
        report.replace(path, 1)


def test_get_on_a_missing_table_is_a_key_error() -> None:
    """A cell of a table the report does not have is not a cell of the report."""
    report = attrs.evolve(sample_report("2021"), reviews=None)
    assert not report.has_cell("reviews.review.total")
    with pytest.raises(KeyError):
        report.get("reviews.review.total")


def test_table_get_rejects_unknown_paths() -> None:
    """A table's get() knows only its own cell paths."""
    table = gd.Applications2019()
    assert table.get("other.total") is None
    with pytest.raises(KeyError):
        table.get("other.unpaid_fees.total")


@FAST
@given(any_reports(), st.data())
def test_replace_changes_exactly_one_cell(report: AnnualReport, data: st.DataObject) -> None:
    """replace(path, v) returns a copy differing only at that cell; the original is unchanged."""
    cells = list(gd.to_cells(report))
    if not cells:
        return
    index = data.draw(st.integers(0, len(cells) - 1), label="cell")
    attr, _, rest = cells[index].path.partition(".")
    kind = getattr(report, attr).spec().by_path[rest].kind
    new = (
        st.decimals(places=2, allow_nan=False, allow_infinity=False)
        if kind is CellKind.MONEY
        else st.integers(-9, 99)
    )
    value = data.draw(st.none() | new, label="value")
    changed = report.replace(cells[index].path, value)
    before = [c.value for c in cells]
    after = [c.value for c in gd.to_cells(changed)]
    assert after[index] == value
    assert after[:index] == before[:index]
    assert after[index + 1 :] == before[index + 1 :]
    assert [c.value for c in gd.to_cells(report)] == before
    assert (changed.agency, changed.printed, changed.overview) == (
        report.agency,
        report.printed,
        report.overview,
    )


def test_replace_checks_the_new_value() -> None:
    """replace() goes through the shape checks: a float count or an int amount is a TypeError."""
    report = sample_report("2021")
    with pytest.raises(TypeError):
        report.replace("applications.received.total", 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        report.replace("proactive.fees", 3)
    assert report.replace("proactive.fees", None).get("proactive.fees") is None


def test_replace_keeps_prose_and_the_form() -> None:
    """replace() keeps the table's prose and its form (a mixed report stays mixed)."""
    report = hongze_2023()
    changed = report.replace("applications.other.total", 7)
    assert type(changed.applications) is gd.Applications2019
    assert changed.applications.prose == report.applications.prose  # type: ignore[union-attr]
    assert changed.get("applications.other.total") == 7


# --- blank, forms, titles ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edition", "classes", "count"),
    [
        ("2019", (gd.Proactive2019, gd.Applications2019, gd.Reviews), 198),
        ("2021", (gd.Proactive2021, gd.Applications2021, gd.Reviews), 200),
    ],
)
def test_blank_has_every_table_in_the_edition_form(
    edition: str, classes: tuple[type[Any], ...], count: int
) -> None:
    """AnnualReport.blank builds the edition's three tables with every cell None."""
    report = AnnualReport.blank(agency="某局", year=2024, edition=edition, title="标题")
    assert report.edition is Edition(edition)
    assert tuple(type(t) for t in report.tables()) == classes
    values = [c.value for c in gd.to_cells(report)]
    assert len(values) == count
    assert set(values) == {None}
    assert report.title == "标题"
    assert (report.overview, report.problems, report.other_matters) == ((), (), ())
    assert AnnualReport.blank(agency="某局", year=2024).edition is Edition.E2021


def test_applications_forms_differ_only_in_other_handling() -> None:
    """Applications2019 has one （六） row (161 cells); Applications2021 three sub-rows (175)."""
    a19, a21 = gd.Applications2019(), gd.Applications2021()
    assert (a19.form, a21.form) == (Edition.E2019, Edition.E2021)
    assert (len(a19.values()), len(a21.values())) == (161, 175)
    assert type(a19.other) is gd.ApplicantCounts
    assert type(a21.other) is gd.OtherHandling
    only19 = set(a19.spec().by_path) - set(a21.spec().by_path)
    only21 = set(a21.spec().by_path) - set(a19.spec().by_path)
    assert {p.rpartition(".")[0] for p in only19} == {"other"}
    assert {p.rpartition(".")[0] for p in only21} == {
        "other.no_correction",
        "other.unpaid_fees",
        "other.other",
    }
    assert gd.Reviews.form is None
    assert gd.Reviews().spec() is table_spec("四")


def test_proactive_forms() -> None:
    """Proactive2021 has 10 cells with a Decimal fee; Proactive2019 22 with signed changes."""
    p21, p19 = gd.Proactive2021(), gd.Proactive2019()
    assert (len(p21.values()), len(p19.values())) == (10, 22)
    assert gd.Proactive2019(fees=gd.FeeItems(previous=3, change=-2)).fees.change == -2
    assert gd.Proactive2019(procurement=gd.Procurement(amount=Decimal("25.1"))).procurement.amount


def test_display_title() -> None:
    """display_title is the printed title or the standard 机关+年+政府信息公开工作年度报告."""
    report = blank_report("2021", agency="某县统计局", year=2023)
    assert report.display_title == "某县统计局2023年政府信息公开工作年度报告"
    assert attrs.evolve(report, title="另一个标题").display_title == "另一个标题"


def test_paragraph_fields_become_tuples() -> None:
    """Sections 一/五/六 and table prose given as lists are stored as tuples."""
    report = AnnualReport(
        agency="某局", year=2024, edition=Edition.E2021, overview=["一段"], problems=["甲", "乙"]
    )
    assert report.overview == ("一段",)
    assert report.problems == ("甲", "乙")
    assert gd.Reviews(prose=["说明"]).prose == ("说明",)


# --- immutability ---------------------------------------------------------------------------


def test_models_are_frozen() -> None:
    """Reports, tables and rows cannot be changed in place."""
    report = sample_report("2021")
    assert report.applications is not None
    for obj, name in (
        (report, "year"),
        (report.applications, "received"),
        (report.applications.received, "total"),
        (report.applications.refused, "state_secret"),
    ):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(obj, name, None)
    assert hash(report.applications) == hash(sample_report("2021").applications)


def test_printed_is_immutable_and_the_report_hashable() -> None:
    """A frozen report's printed map cannot be changed in place, and the report is hashable."""
    report = attrs.evolve(sample_report("2021"), printed={"reviews.review.total": "5"})
    with pytest.raises(TypeError):
        report.printed["reviews.review.nonsense"] = "x"  # type: ignore[index]
    assert hash(report) == hash(attrs.evolve(report))


def test_edition_for_year() -> None:
    """The 2021 format applies from the reports on 2021; earlier years take the 2019 format."""
    assert gd.Edition.for_year(2020) is gd.Edition.E2019
    assert gd.Edition.for_year(2021) is gd.Edition.E2021
    assert gd.Edition.for_year(2025) is gd.Edition.E2021
    assert [e.first_year for e in gd.Edition] == [2019, 2021]


def test_typed_views_are_built_once() -> None:
    """A row or group read twice is the same object (the table is frozen, so it never goes
    stale), and equal to one built from the same values."""
    report = sample_report("2021")
    table = report.applications
    assert table is not None
    assert table.refused is table.refused
    again = type(table)(values=table.values(), prose=table.prose)
    assert again.refused == table.refused
    assert again == table
    assert hash(again) == hash(table)


def test_from_values_checks_like_the_constructor() -> None:
    """Table.from_values runs the same shape check as the constructor."""
    values = list(gd.Reviews().values())
    values[3] = 1.5
    with pytest.raises(TypeError, match=r"review\.pending"):
        gd.Reviews.from_values(values)
    with pytest.raises(TypeError, match=r"review\.pending"):
        gd.Reviews(values=values)
    assert gd.Reviews.from_values([1] * 15) == gd.Reviews(values=[1] * 15)
    assert gd.Reviews.from_values([1] * 15).has_blank() is False
    assert gd.Reviews().has_blank() is True


@pytest.mark.parametrize("cls", list(TABLE_CLASSES.values()), ids=lambda c: c.__name__)
def test_constructor_follows_the_declared_views(cls: type[Any]) -> None:
    """A table class's constructor takes ``values``, each declared view (row, group or single
    cell, by the name and class it reads as) and ``prose``, all by keyword: the signature is
    derived from the declarations, so it lists exactly the spec's top-level parts."""
    parameters = inspect.signature(cls).parameters
    spec = cls.spec()
    tops = list(dict.fromkeys(c.path.split(".")[0] for c in spec.cells))
    assert list(parameters) == ["values", *tops, "prose"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
    table = sample_report(cls.form.value if cls.form else "2021").tables()
    sample = next(t for t in table if type(t) is cls)
    for name in tops:
        part = getattr(sample, name)
        kind = type(part).__name__ if attrs.has(type(part)) else None
        assert parameters[name].annotation.startswith(
            kind or ("Decimal" if isinstance(part, Decimal) else "int")
        )
    rebuilt = cls(**{name: getattr(sample, name) for name in tops}, prose=sample.prose)
    assert rebuilt == sample
    assert cls(**dict.fromkeys(tops)) == cls()  # None is blank, as a part not given
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        cls(colour=1)
    with pytest.raises(TypeError, match="either values or rows"):
        cls(values=sample.values(), **{tops[0]: getattr(sample, tops[0])})
