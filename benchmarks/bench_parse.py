"""Benchmark: published reports (text, Markdown, HTML, crawled text) -> report, per report and in bulk.

Run from the repository root::

    .venv/bin/python benchmarks/bench_parse.py            # the full run (about five minutes)
    .venv/bin/python benchmarks/bench_parse.py --quick    # a smoke run (under 30 seconds)

Part A times ``gov_disclosure.parse(data, format=...)`` on one process, per report: on
the shared corpus files that exist (the .txt and .md files, the .html file 08, and the crawled
text of layouts/flat_*), and on
reports rendered by ``gov_disclosure.render.render`` (``testing.sample_report`` of both
editions, and generated variants with other figures; crawled text is their HTML page's text
nodes stripped and run together, as crawlers store pages). For HTML it also times the HTML parser
that ``gov_disclosure.readers.html`` uses, alone, on the same decoded text: the floor. Part B
reads all the rendered variants on one process and on two worker processes. Every figure
printed comes from the same run. A form whose files (or, for HTML, whose front end) are
missing is skipped with a note.

Part P (PDF; ``--pdf-only`` runs it alone) times ``parse(data, format="pdf")`` in milliseconds
per page on the corpus PDFs and on reports rendered to PDF by the reportlab generator of
``tests/test_readers_pdf.py`` (ruled and unruled tables), against the floor: PDFium's
characters with their boxes alone (open the document, and per page the text page, each
character's code point and box, as ``gov_disclosure.readers.pdf`` asks for them); then pages/s
on one process and on two worker processes.
"""

from __future__ import annotations

import argparse
import ast
import gc
import importlib
import inspect
import itertools
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from machine import describe, load_average

import gov_disclosure as gd
from gov_disclosure.errors import ParseError
from gov_disclosure.readers import parse
from gov_disclosure.render import render
from gov_disclosure.statutory import Edition, table_spec
from gov_disclosure.testing import consistent_values, report_from_tables, sample_report

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"

FORMS = ("text", "markdown", "html", "crawled")
_SUFFIXES = {"text": (".txt",), "markdown": (".md",), "html": (".html",), "crawled": (".txt",)}
_FORMATS = {"crawled": "text"}
"""The input form each measured form is read as: crawled text is text (the running-text case:
a page's text nodes stripped and joined with no separator, as crawlers store pages)."""
_CORPUS_HTML = "08_"
"""The corpus HTML file measured (a crawled page): the one whose name starts with this."""

TARGET_HTML_2_CORES = 300
TARGET_HTML_VS_FLOOR = 3.0
TARGET_TEXT = 2_000
TARGET_CRAWLED = 500

CHUNK = 25
"""Reports per task sent to a worker process."""

_AGENCIES = (
    "示例市统计局",
    "示例县人民政府",
    "示例区教育局",
    "示例市生态环境局",
    "示例省发展和改革委员会",
)
_YEARS = {Edition.E2019: (2019, 2020), Edition.E2021: (2021, 2022, 2023, 2024)}


# --- the documents ---------------------------------------------------------------------------


def _variant(i: int) -> gd.AnnualReport:
    """Generated report number ``i``: editions alternating, consistent figures drawn from a
    generator seeded with ``i`` (so the same on every run), the prose of the sample report."""
    edition = (Edition.E2019, Edition.E2021)[i % 2]
    rng = random.Random(i)
    base = sample_report(edition)
    specs = [table_spec("二", edition), table_spec("三", edition), table_spec("四")]
    high = (5, 20, 200, 3_000)[i % 4]
    years = _YEARS[edition]
    return report_from_tables(
        [(spec, consistent_values(spec, rng, high=high)) for spec in specs],
        agency=_AGENCIES[i % len(_AGENCIES)],
        year=years[i % len(years)],
        edition=edition,
        prose={t.spec().attr: t.prose for t in base.tables()},
        overview=base.overview,
        problems=base.problems,
        other_matters=base.other_matters,
    )


def _format(form: str) -> Any:
    return _FORMATS.get(form, form)


def _crawled(report: gd.AnnualReport) -> str:
    """The report's web page as a crawler keeps it: every text node stripped, no separator."""
    import lxml.html

    body = lxml.html.fromstring(cast(str, render(report, to="html"))).find("body")
    return "".join(t.strip() for t in body.itertext()) if body is not None else ""


def _rendered(reports: Sequence[gd.AnnualReport], form: str) -> list[bytes]:
    if form == "crawled":
        return [_crawled(r).encode() for r in reports]
    return [cast(str, render(r, to=form)).encode() for r in reports]


def _corpus_files(form: str) -> list[Path]:
    if not CORPUS.is_dir():
        return []
    if form == "crawled":
        return sorted((CORPUS / "layouts").glob("flat*.txt"))
    files = sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in _SUFFIXES[form])
    if form == "html":
        files = [p for p in files if p.name.startswith(_CORPUS_HTML)]
    return files


# --- the HTML front end and its parser -----------------------------------------------------------


def _html_module() -> ModuleType | None:
    """``gov_disclosure.readers.html`` if it exists (it is imported lazily by ``parse``)."""
    try:
        return importlib.import_module("gov_disclosure.readers.html")
    except ImportError:
        return None


def _imported(module: ModuleType) -> set[str]:
    """The top-level names of the modules ``module`` imports anywhere (also inside functions,
    as the front end imports its parser lazily); its docstrings do not count."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _html_floors(module: ModuleType) -> list[tuple[str, Callable[[str], object]]]:
    """The HTML parser the front end imports, as functions that parse a decoded page with it
    and nothing else: the floor first (the call the front end makes, where it is known), then
    a reference figure."""
    imported = _imported(module)
    if any(name.startswith("lxml") for name in imported):
        import lxml.html  # type: ignore[import-untyped,unused-ignore]
        from lxml import etree  # type: ignore[import-untyped,unused-ignore]

        def lxml_etree(text: str) -> object:
            # the libxml2 parse gov_disclosure.readers.html makes, with its own parser
            return etree.fromstring(text.encode("utf-8", "replace"), module.html_parser())

        def lxml_html(text: str) -> object:
            try:
                return lxml.html.fromstring(text)
            except ValueError:  # a str with an XML encoding declaration
                return lxml.html.fromstring(text.encode())

        return [
            ("lxml etree.fromstring(text.encode(), HTMLParser(huge_tree, ...))", lxml_etree),
            ("lxml.html.fromstring(text)", lxml_html),
        ]
    if any(name.startswith("selectolax") for name in imported):
        if any(name.startswith("selectolax.lexbor") for name in imported):
            from selectolax.lexbor import LexborHTMLParser

            return [("selectolax LexborHTMLParser(text)", LexborHTMLParser)]
        from selectolax.parser import HTMLParser  # type: ignore[attr-defined,unused-ignore]

        return [("selectolax HTMLParser(text)", HTMLParser)]
    import html.parser

    def stdlib_parse(text: str) -> object:
        parser = html.parser.HTMLParser()
        parser.feed(text)
        parser.close()
        return parser

    return [("html.parser.HTMLParser().feed(text)", stdlib_parse)]


def _front_end(form: str) -> Callable[[bytes], object]:
    """The form's front end alone (bytes to blocks), as ``parse`` calls it."""
    if form == "html":
        from gov_disclosure.readers.html import html_blocks

        return html_blocks
    from gov_disclosure.readers.text import text_blocks

    markdown = form == "markdown"  # crawled text is read as text
    return lambda data: text_blocks(_decoded(data), markdown=markdown)


def _decoded(data: bytes) -> str:
    return data.decode("utf-8", "replace")  # every document measured here is UTF-8


# --- timing --------------------------------------------------------------------------------------


def _read(form: str) -> Callable[[bytes], object]:
    def read(data: bytes) -> object:
        try:
            return parse(data, format=_format(form))
        except ParseError:
            return None

    return read


def _run(fn: Callable[[Any], object], items: Sequence[Any], rounds: int) -> int:
    """Nanoseconds taken by ``rounds`` passes of ``fn`` over ``items``."""
    start = time.perf_counter_ns()
    for _ in range(rounds):
        for item in items:
            fn(item)
    return time.perf_counter_ns() - start


def _rounds(fn: Callable[[Any], object], items: Sequence[Any], min_time: float) -> int:
    """Passes over ``items`` needed for one run to last at least ``min_time`` seconds (the
    calibration runs are the warm-up)."""
    rounds = 1
    while _run(fn, items, rounds) < min_time * 1e9:
        rounds *= 2
    return rounds


def _timings(
    cases: Sequence[tuple[str, Callable[[Any], object], Sequence[Any]]],
    repeat: int,
    min_time: float,
) -> dict[str, tuple[float, float]]:
    """(best, median) µs per item of every case. The runs of the cases are interleaved (case 1,
    case 2, ..., case 1, ...) so that a burst of load from other processes hits them alike; the
    garbage collector stays on, as in real use."""
    plan = [(name, fn, items, _rounds(fn, items, min_time)) for name, fn, items in cases]
    runs: dict[str, list[float]] = {name: [] for name, _, _, _ in plan}
    for _ in range(repeat):
        for name, fn, items, rounds in plan:
            runs[name].append(_run(fn, items, rounds) / (rounds * len(items)) / 1000)
    return {name: (min(t), statistics.median(t)) for name, t in runs.items()}


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


# --- what is read --------------------------------------------------------------------------------


def _outcome(data: bytes, form: str) -> str:
    try:
        parsed = parse(data, format=_format(form))
    except ParseError as exc:
        return f"ParseError ({exc})"
    codes = sorted({f.code for f in parsed.findings})
    agency = parsed.report.agency or "(agency empty)"
    return f"read: {agency} {parsed.report.year}, {len(parsed.findings)} reading findings {codes}"


def _agreement(reports: Sequence[gd.AnnualReport], docs: Sequence[bytes], form: str) -> str:
    """How many statutory cells read back as rendered (a check that the timed work is real)."""
    same = total = failed = wrong = 0
    for report, data in zip(reports, docs, strict=True):
        expected = {c.path: c.value for c in gd.to_cells(report)}
        total += len(expected)
        try:
            parsed = parse(data, format=_format(form))
        except ParseError:
            failed += 1
            continue
        got = {c.path: c.value for c in gd.to_cells(parsed.report)}
        same += sum(got.get(path) == value for path, value in expected.items())
        wrong += sum(got.get(path) not in (None, value) for path, value in expected.items())
    note = f", {failed} raised ParseError" if failed else ""
    return (
        f"{same:,}/{total:,} statutory cells read back as rendered ({100 * same / total:.1f}%), "
        f"{wrong:,} read wrong{note}"
    )


# --- part B: one process, two processes ------------------------------------------------------


def _read_chunk(job: tuple[str, Sequence[bytes]]) -> int:
    """Worker task: read every report of a chunk; the number of reading findings (or -1 for a
    ParseError) summed, so that the 1- and 2-process runs can be compared."""
    form, docs = job
    found = 0
    for data in docs:
        try:
            found += len(parse(data, format=_format(form)).findings)
        except ParseError:
            found -= 1
    return found


def _warm(form: str) -> int:
    """Worker start-up: import the readers (the HTML front end too) before timing."""
    return _read_chunk((form, _rendered([sample_report("2021")], form)))


def _chunks(docs: Sequence[bytes], total: int, form: str) -> Iterator[tuple[str, list[bytes]]]:
    cycle = itertools.islice(itertools.cycle(docs), total)
    while chunk := list(itertools.islice(cycle, CHUNK)):
        yield form, chunk


def part_b(
    docs: dict[str, list[bytes]], total: int, repeat: int
) -> tuple[list[str], dict[str, dict[str, float]]]:
    lines: list[str] = []
    rates: dict[str, dict[str, float]] = {}
    head = f"{'form':9} {'run':40} {'seconds':>8} {'reports/s':>10}"
    lines += [head, "-" * len(head)]
    with ProcessPoolExecutor(2) as pool:
        for form, form_docs in docs.items():
            list(pool.map(_warm, [form, form]))  # start and warm both workers
            jobs = list(_chunks(form_docs, total, form))
            serial: list[float] = []
            pooled: list[float] = []
            for _ in range(repeat):
                gc.collect()
                start = time.perf_counter()
                serial_found = sum(map(_read_chunk, jobs))
                serial.append(time.perf_counter() - start)
                start = time.perf_counter()
                pooled_found = sum(pool.map(_read_chunk, jobs))
                pooled.append(time.perf_counter() - start)
                assert serial_found == pooled_found, (form, serial_found, pooled_found)
            one, two = min(serial), min(pooled)
            rates[form] = {"1": total / one, "2": total / two}
            lines.append(
                f"{form:9} {'1 process (main process, no IPC)':40} {one:8.2f} {total / one:10,.0f}"
            )
            lines.append(
                f"{form:9} {'2 worker processes, bytes shipped':40} {two:8.2f} {total / two:10,.0f}"
            )
            lines.append(f"{'':9} 2 processes / 1 process = {one / two:4.2f}x")
    return lines, rates


# --- part P: PDF ---------------------------------------------------------------------------------

TARGET_PDF_MS_PER_PAGE = 25.0
TARGET_PDF_VS_FLOOR = 3.5
_CORPUS_PDF = ("01_", "02_", "03_")
"""The corpus PDFs measured: the files whose names start with these."""


def _pdf_pages(data: bytes) -> int:
    import pypdfium2  # type: ignore[import-untyped,unused-ignore]

    doc = pypdfium2.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


def _pdf_floor(data: bytes) -> int:
    """PDFium's characters with their boxes, alone: what the PDF front end reads."""
    import pypdfium2  # type: ignore[import-untyped,unused-ignore]
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped,unused-ignore]

    doc = pypdfium2.PdfDocument(data)
    rect = pdfium_c.FS_RECTF()
    found = 0
    try:
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            raw = textpage.raw
            for i in range(pdfium_c.FPDFText_CountChars(raw)):
                code = pdfium_c.FPDFText_GetUnicode(raw, i)
                pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect)
                found += code > 32 and rect.top > rect.bottom
            textpage.close()
            page.close()
    finally:
        doc.close()
    return found


def _rendered_pdfs(count: int) -> list[tuple[str, bytes]]:
    """Reports rendered to PDF by the test suite's reportlab generator (empty if reportlab or
    the tests folder is missing): the two samples, then generated variants, ruled and not."""
    tests = Path(__file__).resolve().parents[1] / "tests"
    if str(tests) not in sys.path:
        sys.path.insert(0, str(tests))
    try:
        from test_readers_pdf import report_pdf, visible_blanks  # type: ignore[import-not-found,unused-ignore]
    except Exception as exc:  # reportlab or pytest missing: skipped with a note
        print(f"note: no generated PDFs ({type(exc).__name__}: {exc})")
        return []
    out = []
    for edition in ("2019", "2021"):
        for ruled in (True, False):
            report = sample_report(edition)
            name = f"sample {edition} {'ruled' if ruled else 'unruled'}"
            out.append((name, report_pdf(report, ruled=ruled)))
    for i in range(count):
        report = visible_blanks(_variant(i))
        out.append((f"variant {i}", report_pdf(report, ruled=i % 2 == 0)))
    return out


def _pdf_chunk(docs: Sequence[bytes]) -> int:
    """Worker task: read PDFs; the number of reading findings (-1 per ParseError)."""
    found = 0
    for data in docs:
        try:
            found += len(parse(data, format="pdf").findings)
        except ParseError:
            found -= 1
    return found


def part_pdf(quick: bool, repeat: int, min_time: float) -> None:
    try:
        from gov_disclosure.readers.pdf import pdf_blocks
    except ImportError:
        print("\n== P. PDF: skipped (no gov_disclosure.readers.pdf) ==")
        return
    try:
        import pypdfium2.version  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        print("\n== P. PDF: skipped (pypdfium2 is not installed) ==")
        return
    versions = (
        f"pypdfium2 {pypdfium2.version.PYPDFIUM_INFO}, PDFium {pypdfium2.version.PDFIUM_INFO}"
    )
    print(f"\n== P. PDF: ms per page ({versions}) ==")
    sets: list[tuple[str, list[bytes]]] = []
    corpus = (
        sorted(p for p in CORPUS.iterdir() if p.suffix == ".pdf" and p.name.startswith(_CORPUS_PDF))
        if CORPUS.is_dir()
        else []
    )
    for path in corpus:
        data = path.read_bytes()
        print(
            f"  corpus {path.name} ({len(data):,} B, {_pdf_pages(data)} pages): {_outcome(data, 'pdf')}"
        )
        sets.append((f"corpus {path.name[:2]}", [data]))
    if not corpus:
        print(f"  corpus: no PDF in {CORPUS.resolve()}: skipped")
    rendered = _rendered_pdfs(4 if quick else 16)
    if rendered:
        samples = [d for n, d in rendered if n.startswith("sample")]
        variants = [d for n, d in rendered if n.startswith("variant")]
        reports = [_rendered_variant(i) for i in range(len(variants))]
        print(
            f"  rendered: 4 samples and {len(variants)} variants, "
            f"{sum(map(_pdf_pages, samples + variants))} pages; variants: "
            f"{_agreement(reports, variants, 'pdf')}"
        )
        sets.append(("rendered samples", samples))
        sets.append((f"rendered, {len(variants)} variants", variants))
    if not sets:
        return
    pages = {label: sum(map(_pdf_pages, docs)) for label, docs in sets}
    cases: list[tuple[str, Callable[[Any], object], Sequence[Any]]] = []
    for label, docs in sets:
        cases.append((f"parse: {label}", _read("pdf"), docs))
        cases.append((f"front end: {label}", pdf_blocks, docs))
        cases.append((f"floor: {label}", _pdf_floor, docs))
    times = _timings(cases, repeat, min_time)
    head = f"{'documents':28} {'pages':>5} {'parse':>8} {'front end':>10} {'floor':>8} {'parse/floor':>12}"
    print("ms per page, best of the runs (median in brackets for parse):")
    print(head)
    print("-" * len(head))
    worst = 0.0
    worst_ratio = 0.0
    for label, docs in sets:
        scale = len(docs) / pages[label] / 1000  # µs per document -> ms per page
        whole, median = (t * scale for t in times[f"parse: {label}"])
        front = times[f"front end: {label}"][0] * scale
        floor = times[f"floor: {label}"][0] * scale
        worst = max(worst, whole)
        worst_ratio = max(worst_ratio, whole / floor)
        print(
            f"{label:28} {pages[label]:5} {whole:8.2f} {front:10.2f} {floor:8.2f} "
            f"{whole / floor:11.2f}x   ({median:.2f})"
        )
    docs_b = [d for _, docs in sets for d in docs]
    total_pages = sum(pages.values())
    rounds = 2 if quick else 6
    jobs = [docs_b] * rounds
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_pdf_chunk, [docs_b[:1], docs_b[:1]]))  # start and warm both workers
        start = time.perf_counter()
        one = sum(map(_pdf_chunk, jobs))
        serial = time.perf_counter() - start
        start = time.perf_counter()
        two = sum(pool.map(_pdf_chunk, jobs))
        pooled = time.perf_counter() - start
    assert one == two, (one, two)
    print(
        f"throughput, {rounds} x {len(docs_b)} PDFs ({rounds * total_pages} pages): "
        f"1 process {rounds * total_pages / serial:,.0f} pages/s, "
        f"2 processes {rounds * total_pages / pooled:,.0f} pages/s ({serial / pooled:.2f}x)"
    )
    print(
        f"targets: <= {TARGET_PDF_MS_PER_PAGE:g} ms/page: worst {worst:.2f}: "
        f"{_verdict(worst <= TARGET_PDF_MS_PER_PAGE)}; <= {TARGET_PDF_VS_FLOOR:g}x the floor: "
        f"worst {worst_ratio:.2f}x: {_verdict(worst_ratio <= TARGET_PDF_VS_FLOOR)}"
    )
    print(load_average(), flush=True)


def _rendered_variant(i: int) -> gd.AnnualReport:
    """Generated variant ``i`` as rendered to PDF (blank cells printed as ``/``)."""
    from test_readers_pdf import visible_blanks  # type: ignore[import-not-found,unused-ignore]

    report: gd.AnnualReport = visible_blanks(_variant(i))
    return report


# --- machine -------------------------------------------------------------------------------------


def _machine(html: ModuleType | None) -> list[str]:
    versions = []
    for name in ("selectolax", "lxml"):
        try:
            versions.append(f"{name} {importlib.import_module(name).__version__}")
        except (ImportError, AttributeError):
            versions.append(f"{name} absent")
    front = "present" if html is not None else "ABSENT (HTML skipped)"
    return describe(f"{', '.join(versions)}; gov_disclosure.readers.html {front}")


def _rate(us: float) -> str:
    return f"{1e6 / us:9,.0f}"


# --- main ----------------------------------------------------------------------------------------


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run (under 30 s)")
    parser.add_argument("--variants", type=int, help="generated reports (default 400; quick 40)")
    parser.add_argument("--count", type=int, help="reports per form in part B (default 1,200)")
    parser.add_argument("--pdf-only", action="store_true", help="run part P (PDF) alone")
    args = parser.parse_args(list(argv) if argv is not None else None)
    repeat, min_time = (2, 0.05) if args.quick else (7, 0.25)
    repeat_b = 1 if args.quick else 3
    variants = args.variants or (40 if args.quick else 400)
    total = args.count or (200 if args.quick else 1_200)
    subset = 10 if args.quick else 40  # distinct variants cycled through in part A

    html = _html_module()
    print("\n".join(_machine(html)), flush=True)
    if args.pdf_only:
        part_pdf(args.quick, repeat, min_time)
        return 0
    forms = [f for f in FORMS if f not in ("html", "crawled") or html is not None]
    if html is None:
        print("note: gov_disclosure.readers.html is not there: HTML and crawled text are skipped")

    started = time.perf_counter()
    samples = {e: sample_report(e) for e in ("2019", "2021")}
    generated = [_variant(i) for i in range(variants)]
    rendered = {form: _rendered(generated, form) for form in forms}
    # The document sets of part A, by form: (label, documents).
    sets: dict[str, list[tuple[str, list[bytes]]]] = {}
    for form in forms:
        files = _corpus_files(form)
        sets[form] = [("corpus", [p.read_bytes() for p in files])] if files else []
        sets[form] += [
            ("rendered 2019 sample", _rendered([samples["2019"]], form)),
            ("rendered 2021 sample", _rendered([samples["2021"]], form)),
            (f"rendered, {subset} variants", rendered[form][:subset]),
        ]
    print(f"documents built in {time.perf_counter() - started:.1f} s")

    print("\n== documents ==")
    for form in forms:
        sizes = [len(d) for d in rendered[form]]
        print(
            f"{form}: rendered samples {len(sets[form][-3][1][0]):,} B (2019) and "
            f"{len(sets[form][-2][1][0]):,} B (2021); {variants} generated variants "
            f"(editions alternating, consistent random figures), {min(sizes):,}-{max(sizes):,} B"
        )
        print(f"  variants: {_agreement(generated, rendered[form], form)}")
        pair = [sets[form][-3][1][0], sets[form][-2][1][0]]
        print(f"  samples: {_agreement([samples['2019'], samples['2021']], pair, form)}")
        files = _corpus_files(form)
        if not files:
            print(f"  corpus: no {'/'.join(_SUFFIXES[form])} file in {CORPUS.resolve()}: skipped")
        for path in files:
            data = path.read_bytes()
            print(f"  corpus {path.name} ({len(data):,} B): {_outcome(data, form)}")

    cases: list[tuple[str, Callable[[Any], object], Sequence[Any]]] = []
    for form in forms:
        for label, docs in sets[form]:
            cases.append((f"{form}: {label}", _read(form), docs))
    variants_label = f"rendered, {subset} variants"
    for form in forms:
        cases.append(
            (f"{form} front end only: {variants_label}", _front_end(form), rendered[form][:subset])
        )
    floors = _html_floors(html) if html is not None else []
    for i, (_, floor) in enumerate(floors):
        for label, docs in sets["html"]:
            cases.append((f"floor{i}: {label}", floor, [_decoded(d) for d in docs]))

    print(
        f"\n== A. one process: µs per report (best and median of {repeat} runs, each a loop of "
        f">= {min_time} s after a warm-up; GC on) and reports/s (best) =="
    )
    for i, (name, _) in enumerate(floors):
        role = "the floor" if i == 0 else "for reference"
        print(f"floor{i} ({role}): {name}, alone, on the decoded text")
    times = _timings(cases, repeat, min_time)
    head = f"{'case':44} {'best µs':>9} {'median µs':>10} {'reports/s':>10}"
    print(head)
    print("-" * len(head))
    for name, (best, median) in times.items():
        print(f"{name:44} {best:9,.0f} {median:10,.0f} {_rate(best):>10}")
    ratios: dict[str, float] = {}
    if floors:
        print("\nHTML, ours / floor (best times):")
        for label, _ in sets["html"]:
            ours = times[f"html: {label}"][0]
            ratio = ours / times[f"floor0: {label}"][0]
            ratios[label] = ratio
            others = "".join(
                f"; / floor{i} {ours / times[f'floor{i}: {label}'][0]:.1f}x"
                for i in range(1, len(floors))
            )
            print(
                f"  {label:28} {ratio:6.1f}x (target <= {TARGET_HTML_VS_FLOOR:g}x: "
                f"{_verdict(ratio <= TARGET_HTML_VS_FLOOR)}){others}"
            )
    print(f"\nwhere the time goes ({variants_label}, best times):")
    for form in forms:
        whole = times[f"{form}: {variants_label}"][0]
        front = times[f"{form} front end only: {variants_label}"][0]
        parts = [f"front end {front:6,.0f} µs ({100 * front / whole:2.0f}%)"]
        if form == "html" and floors:
            lxml = times[f"floor0: {variants_label}"][0]
            parts = [
                f"HTML parser {lxml:6,.0f} µs ({100 * lxml / whole:2.0f}%)",
                f"rest of the front end {front - lxml:6,.0f} µs ({100 * (front - lxml) / whole:2.0f}%)",
            ]
        reader = whole - front
        parts.append(f"reader {reader:6,.0f} µs ({100 * reader / whole:2.0f}%)")
        print(f"  {form:9} {whole:6,.0f} µs: " + ", ".join(parts))
    print(load_average(), flush=True)

    gc.collect()
    print(
        f"\n== B. throughput: {total:,} reports per form ({variants} distinct generated variants "
        f"cycled), chunks of {CHUNK}, best of {repeat_b} =="
    )
    lines, rates = part_b(rendered, total, repeat_b)
    print("\n".join(lines), flush=True)

    part_pdf(args.quick, repeat, min_time)

    print("\n== targets ==")
    if "text" in rates:
        one, two = rates["text"]["1"], rates["text"]["2"]
        print(
            f"text >= {TARGET_TEXT:,} reports/s on 2 processes: {two:,.0f}: "
            f"{_verdict(two >= TARGET_TEXT)} (1 process {one:,.0f})"
        )
    if "crawled" in rates:
        one, two = rates["crawled"]["1"], rates["crawled"]["2"]
        print(
            f"crawled text >= {TARGET_CRAWLED:,} reports/s on 1 process: {one:,.0f}: "
            f"{_verdict(one >= TARGET_CRAWLED)} (2 processes {two:,.0f})"
        )
    if "markdown" in rates:
        one, two = rates["markdown"]["1"], rates["markdown"]["2"]
        print(f"markdown (no target): 1 process {one:,.0f}, 2 processes {two:,.0f}")
    if "html" in rates:
        two = rates["html"]["2"]
        print(
            f"html >= {TARGET_HTML_2_CORES} reports/s on 2 cores: {two:,.0f}: "
            f"{_verdict(two >= TARGET_HTML_2_CORES)}"
        )
        label = f"rendered, {subset} variants"
        print(
            f"html <= {TARGET_HTML_VS_FLOOR:g}x the floor ({floors[0][0]}), {label}: "
            f"{ratios[label]:.1f}x: {_verdict(ratios[label] <= TARGET_HTML_VS_FLOOR)}"
        )
    else:
        print("html: not measured (no gov_disclosure.readers.html)")
    print("\n" + load_average())
    print(f"total time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
