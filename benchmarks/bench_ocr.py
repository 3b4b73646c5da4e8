"""Benchmark: reading scans (image-only PDFs) with OCR, against RapidOCR alone.

Run from the repository root (the ``ocr`` and ``pdf`` extras installed)::

    .venv/bin/python benchmarks/bench_ocr.py             # the corpus scans (minutes)
    .venv/bin/python benchmarks/bench_ocr.py --files 1   # the first scan only

For each ``../shared/corpus/layouts/scan_*.pdf``, side by side in one run: seconds per page of
``gov_disclosure.parse`` (render, recognise, lay out, read, review), and of RapidOCR alone on
the same pages rendered by PDFium at 144 dpi and at the reader's own resolution
(``readers.scan.SCALE``). The engine is loaded before timing (once per process, as the reader
does). The target: ``parse`` ≤ 1.3× RapidOCR alone at 144 dpi.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

import gov_disclosure as gd
from gov_disclosure.readers import scan

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "layouts"


def _ocr_alone(path: Path, scale: float) -> tuple[int, float]:
    """Pages, and seconds RapidOCR takes on them rendered at ``scale`` (rendering excluded)."""
    import pypdfium2

    engine = scan.engine()
    doc = pypdfium2.PdfDocument(path.read_bytes())
    seconds = 0.0
    try:
        for index in range(len(doc)):
            image: Any = doc[index].render(scale=scale).to_numpy()[:, :, :3][:, :, ::-1].copy()
            start = time.perf_counter()
            engine(image)
            seconds += time.perf_counter() - start
        return len(doc), seconds
    finally:
        doc.close()


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
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}, SCALE {scan.SCALE}")
    scan.engine()
    total = {"parse": 0.0, "alone144": 0.0, "alone": 0.0}
    pages_all = 0
    for path in files:
        start = time.perf_counter()
        gd.parse(path)
        parse_s = time.perf_counter() - start
        pages, alone144 = _ocr_alone(path, 2.0)
        _, alone = _ocr_alone(path, scan.SCALE)
        pages_all += pages
        total["parse"] += parse_s
        total["alone144"] += alone144
        total["alone"] += alone
        print(
            f"{path.name}: {pages} pages; s/page: parse {parse_s / pages:.2f}, RapidOCR alone "
            f"144 dpi {alone144 / pages:.2f}, at SCALE {alone / pages:.2f}; parse / alone 144 dpi "
            f"{parse_s / alone144:.2f}x, parse / alone at SCALE {parse_s / alone:.2f}x"
        )
    print(
        f"all {pages_all} pages: s/page parse {total['parse'] / pages_all:.2f}, alone 144 dpi "
        f"{total['alone144'] / pages_all:.2f}; ratio {total['parse'] / total['alone144']:.2f}x "
        f"(target ≤ 1.3x), at SCALE {total['parse'] / total['alone']:.2f}x"
    )


if __name__ == "__main__":
    main()
