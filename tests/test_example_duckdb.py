"""examples/query_audit.py: DuckDB queries over an audit's output give what the files hold."""

from __future__ import annotations

import importlib.util
import statistics
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

import gov_disclosure as gd
from gov_disclosure.audit import audit
from gov_disclosure.testing import sample_report

pytest.importorskip("duckdb")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "query_audit.py"


def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("query_audit", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[gd.AnnualReport]]:
    root = tmp_path_factory.mktemp("reports")
    reports = [
        sample_report("2021", agency="某县统计局", year=2023),
        sample_report("2021", agency="某县统计局", year=2024).replace(
            "applications.received.total", 7
        ),
        sample_report("2021", agency="某县教育局", year=2024).replace(
            "applications.granted.total", 3
        ),
        sample_report("2019", agency="某县民政局", year=2020),
    ]
    for i, report in enumerate(reports):
        gd.dump(report, root / f"r{i}.toml")
    out = tmp_path_factory.mktemp("out")
    audit([root], out, jobs=1)
    return out, reports


def test_most_arithmetic_errors(audited: tuple[Path, list[gd.AnnualReport]]) -> None:
    out, reports = audited
    q = _example()
    rows = q.most_arithmetic_errors(q.connect(out))
    expected: dict[str, int] = {}
    for report in reports:
        n = sum(
            1 for f in gd.validate(report) if f.code.startswith("A") and f.severity.value == "error"
        )
        if n:
            expected[report.agency] = expected.get(report.agency, 0) + n
    assert {agency: n for agency, _, n in rows} == expected
    assert [n for _, _, n in rows] == sorted((n for _, _, n in rows), reverse=True)


def test_disclosure_rate_by_year(audited: tuple[Path, list[gd.AnnualReport]]) -> None:
    out, reports = audited
    q = _example()
    rows = q.disclosure_rate_by_year(q.connect(out))
    by_year: dict[int, list[Decimal]] = {}
    for report in reports:
        rate = gd.compute_metrics(report)["disclosure_rate"]
        by_year.setdefault(report.year, [])
        if rate is not None:
            by_year[report.year].append(rate)
    assert [(year, n) for year, n, _, _ in rows] == [
        (y, len(v)) for y, v in sorted(by_year.items())
    ]
    for year, _, median, _ in rows:
        # DuckDB keeps the column's six places: the median of two values is rounded there.
        exact = statistics.median(by_year[year])
        assert abs(Decimal(str(median)) - exact) <= Decimal("0.000001")


def test_received_by_year(audited: tuple[Path, list[gd.AnnualReport]]) -> None:
    out, reports = audited
    q = _example()
    totals: dict[int, int] = {}
    for report in reports:
        value = report.get("applications.received.total")
        totals[report.year] = totals.get(report.year, 0) + (value or 0)
    assert q.received_by_year(q.connect(out)) == sorted(totals.items())


def test_the_script_prints_the_three_tables(
    audited: tuple[Path, list[gd.AnnualReport]], capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = audited
    q = _example()
    assert q.main([str(out)]) == 0
    printed = capsys.readouterr().out
    assert "某县统计局" in printed
    assert printed.count("年度 |") == 2
    assert q.main([]) == 2  # usage
