"""Blank cells and typed reads, through the public API only (so it runs on any version).

Run from the repository root: ``.venv/bin/python benchmarks/bench_reads.py``. To compare with
an older checkout, put its ``src`` first: ``PYTHONPATH=/path/to/old/src .venv/bin/python ...``.
Prints µs per call, best of 7 ``timeit`` runs.
"""

from __future__ import annotations

import timeit
from pathlib import Path
from typing import Any

import gov_disclosure as gd
from gov_disclosure.testing import huaian_2024

HUZHU = Path(__file__).resolve().parents[1] / "examples" / "huzhu-tongjiju-2023.toml"
PATH = "applications.refused.state_secret.natural_person"


def best(stmt: str, number: int, names: dict[str, Any]) -> float:
    """µs per call of ``stmt``, best of 7 runs of ``number`` calls."""
    return min(timeit.Timer(stmt, globals=names).repeat(7, number)) / number * 1e6


def main() -> None:
    huzhu = gd.load(HUZHU)
    clean = huaian_2024()
    names = {
        "gd": gd,
        "huzhu": huzhu,
        "clean": clean,
        "hj": gd.dumps(huzhu).encode(),
        "cj": gd.dumps(clean).encode(),
    }
    print(f"gov_disclosure from {Path(gd.__file__).parent}")
    print(f"Huzhu: {len(gd.validate(huzhu))} findings; Huai'an 2024: {len(gd.validate(clean))}")
    a, b = best("gd.validate(clean)", 2000, names), best("gd.validate(huzhu)", 500, names)
    print(f"validate: clean {a:.1f} µs, Huzhu {b:.1f} µs, ratio {b / a:.2f}x")
    a = best("gd.validate(gd.loads(cj))", 2000, names)
    b = best("gd.validate(gd.loads(hj))", 500, names)
    print(f"loads+validate: clean {a:.1f} µs, Huzhu {b:.1f} µs, ratio {b / a:.2f}x")
    typed = best(f"clean.{PATH}", 20000, names)
    lookup = best(f"clean.get({PATH!r})", 20000, names)
    print(f"typed read {typed:.2f} µs; report.get {lookup:.2f} µs")


if __name__ == "__main__":
    main()
