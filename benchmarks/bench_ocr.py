"""Benchmark: reading scans (image-only PDFs) with OCR, against RapidOCR alone.

Run from the repository root (the ``ocr`` and ``pdf`` extras installed)::

    .venv/bin/python benchmarks/bench_ocr.py             # the corpus scans (minutes)
    .venv/bin/python benchmarks/bench_ocr.py --files 1   # the first scan only

For each ``../shared/corpus/layouts/scan_*.pdf``, side by side in one run: seconds per page of
``gov_disclosure.parse`` (render, recognise, lay out, read, review) and of RapidOCR alone (its
whole pipeline: detection, direction, recognition) on the same pages rendered by PDFium at
144 dpi; then the ratio, against the target: ``parse`` ≤ 1.3× RapidOCR alone, of wall-clock
seconds and of CPU seconds (the process's, all its threads). On a shared machine whose load
changes between the two runs neither is clean (a starved run waits longer, and onnxruntime's
threads spin while they wait): read both, with the load averages printed before and after. The engine is
loaded before timing (once per process, as the reader does). Where ``parse``'s time goes is
printed per page and stage: rendering, finding ruled tables, detection, the direction
classifier, recognition, boxes to characters, layout, reading and the OCR review.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gov_disclosure as gd
from gov_disclosure.readers import ocr_review, pdf, reader, scan, scan_pages

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "layouts"
TARGET = 1.3
STAGES = (
    "render",
    "ruled",
    "detect",
    "classify",
    "recognise",
    "boxes",
    "layout",
    "read",
    "review",
    "other",
)


def _ocr_alone(path: Path, scale: float) -> tuple[int, float, float]:
    """Pages, and the seconds (wall clock, CPU) RapidOCR takes on them rendered at ``scale``
    (rendering excluded)."""
    import pypdfium2

    engine = scan.engine()
    doc = pypdfium2.PdfDocument(path.read_bytes())
    seconds = cpu = 0.0
    try:
        for index in range(len(doc)):
            image: Any = doc[index].render(scale=scale).to_numpy()[:, :, :3][:, :, ::-1].copy()
            start, start_cpu = time.perf_counter(), time.process_time()
            engine(image, use_det=True, use_cls=True, use_rec=True)
            seconds += time.perf_counter() - start
            cpu += time.process_time() - start_cpu
        return len(doc), seconds, cpu
    finally:
        doc.close()


class _Timed:
    """A callable (and its attributes) whose calls add their seconds to ``seconds[key]``."""

    def __init__(self, inner: Any, key: str, seconds: dict[str, float]) -> None:
        object.__setattr__(self, "inner", inner)
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "seconds", seconds)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return self.inner(*args, **kwargs)
        finally:
            self.seconds[self.key] += time.perf_counter() - start

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.inner, name, value)


@contextlib.contextmanager
def _stages(seconds: dict[str, float]) -> Iterator[None]:
    """Within the block, the seconds of each stage of ``parse`` added to ``seconds``."""
    engine = scan.engine()

    class Engine(_Timed):
        """RapidOCR's stages, from the seconds it reports."""

        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            result = self.inner(*args, **kwargs)
            for key, spent in zip(
                ("detect", "classify", "recognise"), result.elapse_list, strict=False
            ):
                self.seconds[key] += spent or 0.0
            return result

    timed_engine = Engine(engine, "ocr", seconds)
    wrapped: list[tuple[Any, str, Callable[..., Any]]] = [
        (scan_pages, "render", scan_pages.render),
        (scan_pages, "ruled", scan_pages.ruled),
        (scan, "page_chars", scan.page_chars),
        (scan, "_boxes", scan._boxes),
        (pdf, "layout_blocks", pdf.layout_blocks),
        (reader, "read_blocks", reader.read_blocks),
        (ocr_review, "review", ocr_review.review),
    ]
    keys = ("render", "ruled", "boxes", "boxes", "layout", "read", "review")
    scan._ENGINE = timed_engine
    for (module, name, function), key in zip(wrapped, keys, strict=True):
        setattr(module, name, _Timed(function, key, seconds))
    try:
        yield
    finally:
        scan._ENGINE = engine
        for module, name, function in wrapped:
            setattr(module, name, function)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=None, help="only the first N scans")
    args = parser.parse_args()
    files = sorted(CORPUS.glob("scan_*.pdf"))[: args.files]
    if not files:
        print("no scans: ../shared/corpus/layouts/scan_*.pdf is not here")
        return
    if not scan.available():
        print("the ocr extra is not installed: pip install -e '.[ocr]'")
        return
    print(
        f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}; pages at "
        f"{scan_pages.TEXT_SCALE * 72:.0f} dpi, ruled tables at {scan_pages.TABLE_SCALE * 72:.0f}"
    )
    scan.engine()
    # the bound on a file's recognition time is the reader's guard, not the benchmark's: on a
    # loaded machine a scan may take longer
    scan.MAX_SECONDS = math.inf
    parse_all = alone_all = parse_cpu_all = alone_cpu_all = 0.0
    pages_all = 0
    stages_all: dict[str, float] = defaultdict(float)
    for path in files:
        seconds: dict[str, float] = defaultdict(float)
        with _stages(seconds):
            start, start_cpu = time.perf_counter(), time.process_time()
            gd.parse(path)
            parse_s = time.perf_counter() - start
            parse_cpu = time.process_time() - start_cpu
        seconds["other"] = parse_s - sum(seconds.values())
        pages, alone, alone_cpu = _ocr_alone(path, 2.0)
        pages_all += pages
        parse_all += parse_s
        alone_all += alone
        parse_cpu_all += parse_cpu
        alone_cpu_all += alone_cpu
        for key, value in seconds.items():
            stages_all[key] += value
        print(
            f"{path.name}: {pages} pages; s/page: parse {parse_s / pages:.2f} "
            f"(CPU {parse_cpu / pages:.2f}), RapidOCR alone at 144 dpi {alone / pages:.2f} "
            f"(CPU {alone_cpu / pages:.2f}); ratio {parse_s / alone:.2f}x "
            f"(CPU {parse_cpu / alone_cpu:.2f}x)"
        )
    print(
        "parse's s/page by stage: "
        + ", ".join(f"{key} {stages_all[key] / pages_all:.2f}" for key in STAGES)
    )
    wall, cpu = parse_all / alone_all, parse_cpu_all / alone_cpu_all
    print(
        f"all {pages_all} pages: s/page parse {parse_all / pages_all:.2f} (CPU "
        f"{parse_cpu_all / pages_all:.2f}), RapidOCR alone at 144 dpi {alone_all / pages_all:.2f} "
        f"(CPU {alone_cpu_all / pages_all:.2f}); target ≤ {TARGET}x: wall clock {wall:.2f}x "
        + ("met" if wall <= TARGET else "not met")
        + f", CPU seconds {cpu:.2f}x "
        + ("met" if cpu <= TARGET else "not met")
    )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
