"""The named metrics: definitions from the layout, exact values, and when a value is None."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given

import gov_disclosure as gd
from gov_disclosure.metrics import METRICS, Metric, Term, compute_metrics
from gov_disclosure.statutory import table_spec
from strategies import FAST, any_reports, consistent_reports

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SIX = Decimal("0.000001")
KEYS = [
    "disclosure_rate",
    "refusal_rate",
    "review_correction_rate",
    "litigation_correction_rate",
    "carry_forward_rate",
]


def ratio(top: int, bottom: int) -> Decimal:
    """The expected value of a metric, computed here with Decimal's own quantize."""
    return (Decimal(top) / Decimal(bottom)).quantize(SIX, rounding=ROUND_HALF_EVEN)


def metric(key: str) -> Metric:
    """The metric with this key."""
    return next(m for m in METRICS if m.key == key)


# --- the list ---------------------------------------------------------------------------------


def test_metrics_are_in_a_fixed_order_with_unique_keys() -> None:
    """METRICS has the documented keys, in order, with a Chinese name each."""
    assert [m.key for m in METRICS] == KEYS
    assert [m.name for m in METRICS] == [
        "公开率",
        "不予公开率",
        "复议纠错率",
        "诉讼纠错率",
        "结转率",
    ]
    assert gd.METRICS is METRICS
    assert gd.compute_metrics is compute_metrics


def test_definitions_name_the_statutory_labels() -> None:
    """Each definition is one Chinese sentence quoting the labels of the cells it adds up."""
    t3, t4 = table_spec("三", "2021"), table_spec("四")
    for m in METRICS:
        assert m.definition.endswith("。")
        assert m.definition.count("。") == 1
        for term in (*m.numerator, *m.denominator):
            attr, _, rest = term.path.partition(".")
            spec = t3 if attr == t3.attr else t4
            cell = spec.by_path[rest]
            if spec is t4:
                labels = cell.column.labels
            elif cell.row.name.startswith("refused."):  # the grounds are named by their group
                labels = (cell.row.labels[-2], cell.column.label)
            else:
                labels = (cell.row.label, cell.column.label)
            for label in labels:
                assert f"“{label}”" in m.definition, (m.key, label)


def test_every_metric_cell_exists_in_both_forms() -> None:
    """The cells a metric reads exist, with the same labels, in both forms of table 三."""
    for m in METRICS:
        for term in (*m.numerator, *m.denominator):
            attr, _, rest = term.path.partition(".")
            specs = [table_spec(k, f) for k in ("三", "四") for f in ("2019", "2021")]
            found = [s.by_path[rest] for s in specs if s.attr == attr and rest in s.by_path]
            assert len(found) == 2
            assert found[0].row.labels == found[1].row.labels


def test_term_sign_must_be_one_or_minus_one() -> None:
    """A Term adds its cell with sign +1 or −1, nothing else."""
    with pytest.raises(ValueError, match="sign"):
        Term("reviews.review.total", 2)


# --- real figures -----------------------------------------------------------------------------


def test_huaian_2024_by_hand() -> None:
    """淮安市人民政府 2024 (2021 form): every metric from the published cells."""
    report = gd.load(EXAMPLES / "huaian-2024.toml")
    a, r = report.applications, report.reviews
    assert a is not None
    assert r is not None
    refused = sum(getattr(a.refused, f.name).total for f in attrs.fields(type(a.refused)))
    expected = {
        "disclosure_rate": ratio(a.granted.total + a.partially_granted.total, a.total.total),
        "refusal_rate": ratio(refused, a.total.total),
        "review_correction_rate": ratio(r.review.corrected, r.review.total - r.review.pending),
        "litigation_correction_rate": ratio(
            r.lawsuit_direct.corrected + r.lawsuit_after_review.corrected,
            r.lawsuit_direct.total
            - r.lawsuit_direct.pending
            + r.lawsuit_after_review.total
            - r.lawsuit_after_review.pending,
        ),
        "carry_forward_rate": ratio(
            a.carried_forward.total, a.received.total + a.carried_over.total
        ),
    }
    got = compute_metrics(report)
    assert got == expected
    assert list(got) == KEYS
    # the published figures: (1362 + 454) / 3050, 178 / 3050, 64 / (351 − 37),
    # (4 + 1) / ((26 − 1) + (20 − 6)), 103 / (3119 + 34)
    assert [str(v) for v in got.values()] == [
        "0.595410",
        "0.058361",
        "0.203822",
        "0.128205",
        "0.032667",
    ]


def test_hongze_2023_mixed_forms_and_a_zero_total() -> None:
    """洪泽区人民政府 2023: table 三 in the 2019 form still gives its rates; table 四's 总计 are
    published as 0 (A401), so the correction rates have a zero denominator and are None."""
    report = gd.load(EXAMPLES / "hongze-2023.json")
    a, r = report.applications, report.reviews
    assert isinstance(a, gd.Applications2019)
    assert r is not None
    refused = sum(getattr(a.refused, f.name).total for f in attrs.fields(type(a.refused)))
    assert r.review.total == r.review.pending == 0  # as published, while its parts add to 11
    got = compute_metrics(report)
    assert got == {
        "disclosure_rate": ratio(a.granted.total + a.partially_granted.total, a.total.total),
        "refusal_rate": ratio(refused, a.total.total),
        "review_correction_rate": None,
        "litigation_correction_rate": None,
        "carry_forward_rate": ratio(
            a.carried_forward.total, a.received.total + a.carried_over.total
        ),
    }
    assert str(got["disclosure_rate"]) == "0.190476"  # 4 / 21
    assert str(got["carry_forward_rate"]) == "0.000000"  # 0 / 21


def test_2019_edition_sample() -> None:
    """A 2019-edition report gives every metric."""
    got = compute_metrics(gd.testing.sample_report("2019"))
    assert all(isinstance(v, Decimal) for v in got.values())


# --- None rules and exactness ------------------------------------------------------------------


def huaian() -> gd.AnnualReport:
    """The 淮安 2024 figures."""
    return gd.testing.huaian_2024()


def test_absent_table_gives_none() -> None:
    """Without table 四 the correction rates are None; table 三's rates are unaffected."""
    got = compute_metrics(attrs.evolve(huaian(), reviews=None))
    assert got["review_correction_rate"] is None
    assert got["litigation_correction_rate"] is None
    assert got["disclosure_rate"] == Decimal("0.595410")


def test_blank_total_is_recomputed_from_stated_parts() -> None:
    """A blank 总计 whose parts are all stated is their sum; so is a blank total of totals."""
    report = huaian().replace("applications.granted.total", None)
    assert compute_metrics(report)["disclosure_rate"] == Decimal("0.595410")
    report = report.replace("applications.total.total", None)  # （七）总计/总计, from its row
    assert compute_metrics(report)["disclosure_rate"] == Decimal("0.595410")
    report = huaian().replace("reviews.review.total", None)  # 72 + 64 + 178 + 37
    assert compute_metrics(report)["review_correction_rate"] == ratio(64, 314)


def test_blank_total_with_a_blank_part_is_none() -> None:
    """A blank total with a blank part is not recomputed: a blank is not read as 0."""
    report = huaian().replace("applications.granted.total", None)
    report = report.replace("applications.granted.research", None)  # published as 0
    assert compute_metrics(report)["disclosure_rate"] is None
    report = huaian().replace("reviews.lawsuit_direct.pending", None)
    assert compute_metrics(report)["litigation_correction_rate"] is None


def test_zero_or_negative_denominator_is_none() -> None:
    """A zero denominator gives None, and so does a negative one (pending > 总计)."""
    report = huaian().replace("reviews.review.pending", 351)
    assert compute_metrics(report)["review_correction_rate"] is None
    report = huaian().replace("reviews.review.pending", 400)
    assert compute_metrics(report)["review_correction_rate"] is None


def test_inconsistent_report_is_not_clamped() -> None:
    """A report whose outcome rows exceed （七）总计 gives a ratio above 1, as computed."""
    report = huaian().replace("applications.total.total", 1000)
    assert compute_metrics(report)["disclosure_rate"] == Decimal("1.816000")
    report = huaian().replace("reviews.review.corrected", -5)
    assert compute_metrics(report)["review_correction_rate"] == ratio(-5, 314)


def test_rounding_is_half_to_even_on_the_exact_ratio() -> None:
    """Ties round to the even sixth place; the ratio is never rounded twice."""
    report = huaian().replace("reviews.review.total", 16_000_000)
    report = report.replace("reviews.review.pending", 0)
    for corrected, expected in ((5, "0.000000"), (8, "0.000000"), (24, "0.000002")):
        # 5/16e6 = 3.125e-7 → 0; 8/16e6 = 5e-7 (a tie) → 0 (even); 24/16e6 = 1.5e-6 → 2e-6
        got = compute_metrics(report.replace("reviews.review.corrected", corrected))
        assert str(got["review_correction_rate"]) == expected
    big = 10**40 + 1  # beyond Decimal's default 28 digits: still exact
    report = report.replace("reviews.review.total", 2 * big).replace(
        "reviews.review.corrected", big
    )
    assert str(compute_metrics(report)["review_correction_rate"]) == "0.500000"


# --- properties -------------------------------------------------------------------------------


@FAST
@given(any_reports())
def test_any_report_never_raises(report: gd.AnnualReport) -> None:
    """Any report the model holds gives every key, each None or a 6-place Decimal."""
    got = compute_metrics(report)
    assert list(got) == KEYS
    for value in got.values():
        assert value is None or (type(value) is Decimal and value.as_tuple().exponent == -6)


@FAST
@given(consistent_reports())
def test_consistent_report_values_are_exact_ratios_in_unit_interval(
    report: gd.AnnualReport,
) -> None:
    """On a consistent report each value is None (zero denominator) or the exact ratio,
    rounded half to even, within [0, 1]."""
    for m in METRICS:
        value = m.compute(report)
        parts = m.parts(report)
        if value is None:
            assert parts is None
            continue
        assert parts is not None
        top, bottom = parts
        assert Decimal(0) <= value <= Decimal(1)
        assert abs(Fraction(value) - Fraction(top, bottom)) <= Fraction(1, 2 * 10**6)
        assert value == ratio(top, bottom)


# --- the corpus of real reports -------------------------------------------------------------------


def _from_expected(data: dict[str, Any]) -> gd.AnnualReport:
    """The report of an expected-value file's cells (amounts as Decimal)."""
    cells = [
        (c["table"], c["row"], c["column"], Decimal(v) if isinstance(v := c["value"], str) else v)
        for c in data["cells"]
    ]
    return gd.from_cells(cells, agency=data["agency"], year=data["year"], edition=data["t3_form"])


def test_corpus_report_with_a_blank_total(load_expected: Callable[[str], dict[str, Any]]) -> None:
    """上海市科委 2024 prints 四、结转下年度继续办理 without its 总计: the rate takes the sum of
    the six stated applicant cells, (1 + 0 + … + 0) / (34 + 2)."""
    report = _from_expected(load_expected("04_shanghai-shikewei_2024"))
    a = report.applications
    assert a is not None
    assert a.carried_forward.total is None
    parts = a.carried_forward.values()[:-1]
    assert None not in parts
    expected = ratio(sum(parts), a.received.total + a.carried_over.total)  # type: ignore[arg-type,operator]
    assert compute_metrics(report)["carry_forward_rate"] == expected == Decimal("0.027778")


def test_corpus_metrics_are_ratios_or_none(expected: dict[str, Any]) -> None:
    """Every corpus report with expected cells gives each metric as None or a value in [0, 1]."""
    got = compute_metrics(_from_expected(expected))
    assert list(got) == KEYS
    for value in got.values():
        assert value is None or Decimal(0) <= value <= Decimal(1)


def test_docs_give_every_definition_verbatim() -> None:
    """docs/metrics.md lists each metric's key, name and definition exactly as the code has them."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "metrics.md").read_text(encoding="utf-8")
    for m in METRICS:
        assert f"| `{m.key}` | {m.name} | {m.definition} |" in text, m.key
