"""Benchmark: ``audit`` over a generated corpus — reports per second and peak memory.

Run from the repository root (the ``dask`` extra for the Dask rows)::

    .venv/bin/python benchmarks/bench_audit.py            # 10,000 HTML reports (about 6 minutes)
    .venv/bin/python benchmarks/bench_audit.py --quick    # 1,000 and 2,000 (about a minute)

The corpus is generated once into ``--dir`` (default ``/tmp/gov-disclosure-bench-audit``;
reused when it is complete): consistent reports of both editions with seeded random figures
(as ``bench_parse.py`` makes them), a tenth with a planted arithmetic error, rendered to HTML
by ``gov_disclosure.render`` — plus, for the mixed run, the same reports as Markdown, text
and Word files. Bodies report over several years, some printing their name with the city's,
so the cross-year pass pairs and checks real series.

Each row runs in a fresh process and reads every file: the floor is the per-file work alone
(``parse`` + ``validate`` in a pool of two processes, nothing written); then ``audit`` with one
process, two processes and Dask's local cluster of two workers, at 1,000 and at the full count.
Printed: reports per second, the ratio to the floor of the same size, the Dask time against the
process pool's, and the peak resident memory of the parent and of the largest worker (flat in
the number of files is the target). Targets: at least 300 HTML reports/s on two cores; Dask
within 1.5x the process pool's time.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from machine import describe, load_average

import gov_disclosure as gd
from gov_disclosure.render import render
from gov_disclosure.statutory import Edition, table_spec
from gov_disclosure.testing import consistent_values, report_from_tables, sample_report

TARGET_HTML_2_CORES = 300
TARGET_DASK_VS_POOL = 1.5

_PLACES = ["海东市", "淮安市", "湖州市", "西宁市", "苏州市", "某自治州"]
_COUNTIES = ["互助县", "洪泽区", "南浔区", "城中区", "吴江区", "某县"]
_BODIES = ["统计局", "人民政府办公室", "教育局", "交通运输局", "市场监督管理局", "民政局"]
_YEARS = {Edition.E2019: [2019, 2020], Edition.E2021: [2021, 2022, 2023, 2024]}


def generated(i: int) -> gd.AnnualReport:
    """Report ``i``: body ``i // 6``, each body's years in one edition, figures seeded by ``i``."""
    body = i // 6
    edition = Edition.E2021 if body % 3 else Edition.E2019
    years = _YEARS[edition]
    year = years[(i % 6) % len(years)] + (0 if (i % 6) < len(years) else 10)
    rng = random.Random(i)
    base = sample_report(edition)
    specs = [table_spec("二", edition), table_spec("三", edition), table_spec("四")]
    county = _COUNTIES[body % len(_COUNTIES)] + str(body // len(_COUNTIES))
    name = county + _BODIES[body % len(_BODIES)]
    if i % 2:  # every other year printed with the city's name
        name = _PLACES[body % len(_PLACES)] + name
    report = report_from_tables(
        [(spec, consistent_values(spec, rng, high=(5, 20, 200, 3_000)[i % 4])) for spec in specs],
        agency=name,
        year=year,
        edition=edition,
        prose={t.spec().attr: t.prose for t in base.tables()},
        overview=base.overview,
        problems=base.problems,
        other_matters=base.other_matters,
    )
    if i % 10 == 7:  # a planted error
        total = report.get("applications.received.total")
        report = report.replace("applications.received.total", (total or 0) + 1)
    return report


_SUFFIX = {"html": ".html", "markdown": ".md", "text": ".txt", "docx": ".docx"}


def _write_range(job: tuple[str, int, int, str]) -> int:
    folder, start, stop, form = job
    for i in range(start, stop):
        out = render(generated(i), form)
        target = Path(folder) / f"{i // 1000:03d}" / f"r{i:06d}{_SUFFIX[form]}"
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(out, bytes):
            target.write_bytes(out)
        else:
            target.write_text(out, encoding="utf-8")
    return stop - start


def make_corpus(folder: Path, count: int, form: str) -> Path:
    """``count`` generated reports in ``form`` under ``folder/form-count`` (kept for reuse)."""
    target = folder / f"{form}-{count}"
    done = target / ".complete"
    if done.exists():
        return target
    step = 250
    jobs = [(str(target), s, min(s + step, count), form) for s in range(0, count, step)]
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_write_range, jobs))
    done.write_text(str(count))
    return target


def _floor_chunk(files: list[str]) -> int:
    for f in files:
        gd.parse(Path(f)).validate()
    return len(files)


def _files(folder: Path, count: int) -> list[str]:
    return sorted(str(p) for p in folder.rglob("r*.*"))[:count]


def one_run(kind: str, folder: str, count: int) -> dict[str, Any]:
    """Run one row in this process; its figures."""
    from gov_disclosure.audit import audit

    files = _files(Path(folder), count)
    start = time.perf_counter()
    if kind == "floor":
        chunks = [files[i : i + 8] for i in range(0, len(files), 8)]
        with ProcessPoolExecutor(2) as pool:
            done = sum(pool.map(_floor_chunk, chunks))
        assert done == len(files)
    else:
        jobs = 1 if kind == "process-1" else 2
        engine = "dask" if kind == "dask-2" else "process"
        with tempfile.TemporaryDirectory() as out:
            result = audit(files, out, jobs=jobs, engine=engine)  # type: ignore[arg-type]
            assert result.files == len(files), result
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "parent_kb": own, "worker_kb": children}


def _row(kind: str, folder: Path, count: int) -> dict[str, Any]:
    code = (
        "import json, sys; sys.path.insert(0, 'benchmarks'); import bench_audit as b; "
        f"print(json.dumps(b.one_run({kind!r}, {str(folder)!r}, {count})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{kind} at {count}: failed\n{out.stderr[-2000:]}")
    figures: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 2,000 files")
    parser.add_argument("--count", type=int, default=10_000, help="the full corpus size")
    parser.add_argument(
        "--dir", default=str(Path(tempfile.gettempdir()) / "gov-disclosure-bench-audit")
    )
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask rows")
    args = parser.parse_args(argv)
    count = 2_000 if args.quick else args.count
    sizes = [1_000, count]
    try:
        import dask.distributed

        dask = not args.no_dask
    except ImportError:
        dask = False
    import importlib.metadata as md

    versions = ", ".join(f"{n} {md.version(n)}" for n in ("lxml", "dask", "distributed") if _has(n))
    for line in describe(versions):
        print(line, flush=True)
    root = Path(args.dir)
    t0 = time.perf_counter()
    html = make_corpus(root, count, "html")
    print(
        f"corpus: {count} HTML reports in {html} ({time.perf_counter() - t0:.0f} s to make or find)"
    )
    kinds = ["floor", "process-1", "process-2", *(["dask-2"] if dask else [])]
    results: dict[tuple[str, int], dict[str, Any]] = {}
    print(
        f"{'run':<10} {'files':>6} {'seconds':>8} {'reports/s':>10} {'vs floor':>9} "
        f"{'parent peak':>12} {'worker peak':>12}"
    )
    for size in sizes:
        for kind in kinds:
            r = _row(kind, html, size)
            results[(kind, size)] = r
            floor = results[("floor", size)]["seconds"]
            print(
                f"{kind:<10} {size:>6} {r['seconds']:>8.1f} {size / r['seconds']:>10.0f} "
                f"{r['seconds'] / floor:>8.2f}x {_mb(r['parent_kb']):>12} {_mb(r['worker_kb']):>12}",
                flush=True,
            )
    full = results[("process-2", count)]
    rate = count / full["seconds"]
    print(
        f"target >= {TARGET_HTML_2_CORES} HTML reports/s on 2 processes: {rate:.0f}: "
        f"{'met' if rate >= TARGET_HTML_2_CORES else 'NOT MET'}"
    )
    if dask:
        ratio = results[("dask-2", count)]["seconds"] / full["seconds"]
        print(
            f"target Dask <= {TARGET_DASK_VS_POOL}x the pool's time: {ratio:.2f}x: "
            f"{'met' if ratio <= TARGET_DASK_VS_POOL else 'NOT MET'}"
        )
    for kind in kinds[1:]:
        small, big = results[(kind, sizes[0])], results[(kind, count)]
        print(
            f"peak memory {kind}, {sizes[0]} -> {count} files: parent "
            f"{_mb(small['parent_kb'])} -> {_mb(big['parent_kb'])} "
            f"({big['parent_kb'] / small['parent_kb']:.2f}x), worker "
            f"{_mb(small['worker_kb'])} -> {_mb(big['worker_kb'])}"
        )
    mixed = {form: make_corpus(root, 250, form) for form in ("markdown", "text", "docx")}
    for form, folder in mixed.items():
        r = _row("process-2", folder, 250)
        print(f"mixed forms: 250 {form} files on 2 processes: {250 / r['seconds']:.0f} reports/s")
    print(load_average())
    return 0


def _has(name: str) -> bool:
    import importlib.metadata as md

    try:
        md.version(name)
    except md.PackageNotFoundError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
