"""How the narrative checks grow with a paragraph's length (linear, not quadratic).

Validates the Huai'an 2024 figures with one long paragraph in section 一, of 30 to 240 KB,
in three shapes, and prints the seconds of ``validate(report, select=["N"])`` (best of
three) and the ratio to the previous size (about 2 when linear, about 4 when quadratic):

* ``sentences``: many short sentences, each restating a figure;
* ``one sentence``: figures separated by commas, no full stop anywhere;
* ``no punctuation``: figures and words with no punctuation at all.

Run from the repository root: ``.venv/bin/python benchmarks/bench_narrative.py``
(``--quick`` stops at 60 KB). To measure another version, put its ``src`` first on
``PYTHONPATH``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import attrs

import gov_disclosure as gd
from gov_disclosure.testing import huaian_2024

SHAPES: dict[str, Callable[[int], str]] = {
    "sentences": lambda n: "全年共受理政府信息公开申请3119件。" * (n // 18),
    "one sentence": lambda n: "全年共受理政府信息公开申请3119件，" * (n // 18),
    "no punctuation": lambda n: "受理申请3119件予以公开一二三四五" * (n // 17),
}


def seconds(text: str) -> float:
    report = attrs.evolve(huaian_2024(), overview=(text,))
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        gd.validate(report, select=["N"])
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    sizes = [30_000, 60_000] if "--quick" in sys.argv else [30_000, 60_000, 120_000, 240_000]
    print(f"gov_disclosure from {gd.__file__}")
    print(f"{'shape':<16}{'characters':>12}{'seconds':>10}{'ratio':>8}")
    for shape, make in SHAPES.items():
        previous = None
        for size in sizes:
            text = make(size)
            took = seconds(text)
            ratio = f"{took / previous:.2f}" if previous else ""
            print(f"{shape:<16}{len(text):>12}{took:>10.3f}{ratio:>8}")
            previous = took


if __name__ == "__main__":
    main()
