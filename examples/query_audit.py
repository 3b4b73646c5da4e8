"""Query the output folder of ``gov-disclosure audit`` with DuckDB (the ``duckdb`` extra).

    pip install 'gov-disclosure[duckdb]'
    gov-disclosure audit reports/ -o out/
    python examples/query_audit.py out/

Prints the bodies with the most arithmetic errors (A-rules), 公开率 by year, and the
applications received by year summed over every report. Each query is a function returning
rows, so a notebook or a test can call it; the SQL reads the audit's files directly:
``findings.jsonl``, ``reports.csv`` and ``cells.csv`` (or ``cells.parquet`` when present).
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb


def _quoted(path: Path) -> str:
    """A path as an SQL string literal (a view's definition takes no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def connect(outdir: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory database with three views on the audit's files: findings, reports, cells."""
    out = Path(outdir)
    con = duckdb.connect()
    con.execute(
        f"CREATE VIEW findings AS SELECT * FROM read_json({_quoted(out / 'findings.jsonl')}, "
        "format = 'newline_delimited', columns = {file: 'VARCHAR', agency: 'VARCHAR', "
        "year: 'INTEGER', code: 'VARCHAR', severity: 'VARCHAR', location: 'VARCHAR', "
        "message: 'VARCHAR'})"
    )
    # Every column as text, then typed here: no guessing, and the metrics stay exact decimals.
    con.execute(
        "CREATE VIEW reports AS SELECT * REPLACE ("
        "TRY_CAST(year AS INTEGER) AS year, "
        "TRY_CAST(disclosure_rate AS DECIMAL(10, 6)) AS disclosure_rate) "
        f"FROM read_csv({_quoted(out / 'reports.csv')}, header = true, all_varchar = true)"
    )
    parquet = out / "cells.parquet"
    source = (
        f"read_parquet({_quoted(parquet)})"
        if parquet.exists()
        else f"read_csv({_quoted(out / 'cells.csv')}, header = true, all_varchar = true)"
    )
    con.execute(
        "CREATE VIEW cells AS SELECT * REPLACE (CAST(year AS INTEGER) AS year, "
        f"TRY_CAST(NULLIF(value, '') AS DECIMAL(38, 6)) AS value) FROM {source}"
    )
    return con


def most_arithmetic_errors(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[Any]:
    """(agency, reports, A-findings) of the bodies with the most arithmetic errors."""
    return con.execute(
        "SELECT agency, COUNT(DISTINCT file) AS reports, COUNT(*) AS a_findings "
        "FROM findings WHERE code LIKE 'A%' AND severity = 'error' "
        "GROUP BY agency ORDER BY a_findings DESC, agency LIMIT ?",
        [limit],
    ).fetchall()


def disclosure_rate_by_year(con: duckdb.DuckDBPyConnection) -> list[Any]:
    """(year, reports with a 公开率, its median, its mean) over the reports read."""
    return con.execute(
        "SELECT year, COUNT(disclosure_rate), MEDIAN(disclosure_rate), "
        "ROUND(AVG(disclosure_rate), 6) "
        "FROM reports WHERE status = 'read' AND year IS NOT NULL "
        "GROUP BY year ORDER BY year"
    ).fetchall()


def received_by_year(con: duckdb.DuckDBPyConnection) -> list[tuple[int, Decimal]]:
    """(year, the sum of 本年新收政府信息公开申请数量 总计 over every report of the year)."""
    rows: list[tuple[int, Decimal]] = con.execute(
        "SELECT year, SUM(value) FROM cells WHERE path = 'applications.received.total' "
        "GROUP BY year ORDER BY year"
    ).fetchall()
    return rows


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python examples/query_audit.py OUTDIR", file=sys.stderr)
        return 2
    con = connect(argv[0])
    print("机关 | 报告数 | 算术错误")
    for agency, reports, n in most_arithmetic_errors(con):
        print(f"{agency} | {reports} | {n}")
    print("\n年度 | 有公开率的报告 | 公开率中位数 | 公开率平均")
    for year, n, median, mean in disclosure_rate_by_year(con):
        print(f"{year} | {n} | {median} | {mean}")
    print("\n年度 | 本年新收申请（合计）")
    for year, total in received_by_year(con):
        print(f"{year} | {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
