"""Benchmark: JSON bytes -> validated report, per report and in bulk.

Run from the repository root::

    .venv/bin/python benchmarks/bench_load.py            # the full run (about a minute)
    .venv/bin/python benchmarks/bench_load.py --quick    # a smoke run (a few seconds)
    .venv/bin/python benchmarks/bench_load.py --profile  # also profile load+validate (cProfile)
    .venv/bin/python benchmarks/bench_load.py --example  # only part A3 (a few seconds)

Part A times one report (2021 edition and 2019 edition, every cell stated, about 3,000 CJK
characters of prose) through ``orjson.loads``, ``gov_disclosure.loads``, ``loads`` +
``validate``, and an equivalent pydantic v2 model (``pydantic_model.py``) with the same
arithmetic checks. Part A3 sets the fullest example (``examples/huaian-2024.toml``, with its
narrative) beside the pydantic model and prints the ratio of their load + validate. Part B loads and validates many distinct documents on one process and on
two worker processes. Every figure printed comes from the same run.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib
import itertools
import json
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import orjson
import pydantic
from machine import describe, load_average
from pydantic_model import PydanticReport, validate_pydantic

import gov_disclosure as gd
from gov_disclosure.cells import from_cells
from gov_disclosure.statutory import Edition, TableSpec, table_spec

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
HUAIAN = CORPUS / "expected" / "01_huaian-shizhengfu_2024.json"

TARGET_VS_ORJSON = 2.5
TARGET_REPORTS_PER_S = 20_000
DISTINCT_DOCUMENTS = 1_000
CHUNK = 250
"""Documents per task sent to a worker process."""
ZERO_ROWS = 0.3
"""Share of the outcome rows of a generated table 三 that are all zeros, as in real reports."""

_TABLES = (("二", "proactive"), ("三", "applications"), ("四", "reviews"))
_T3_FIXED_ROWS = ("received", "carried_over", "total", "carried_forward")

# --- prose ---------------------------------------------------------------------------------------

# Generic filler sentences (written for this benchmark) to give the documents a realistic size.
_SENTENCES = (
    "本机关坚持以公开为常态、不公开为例外，把政府信息公开工作纳入年度重点任务统筹推进。",
    "全年围绕中心工作及时发布政策文件、工作动态和办事指南，方便公众查询和使用。",
    "政府网站信息公开专栏按照统一目录进行维护，各栏目内容定期检查并及时更新。",
    "对涉及公众切身利益的重要政策，在印发文件的同时配套发布解读材料和问答。",
    "依申请公开工作严格按照法定程序和期限办理，答复文书格式规范、依据充分。",
    "进一步完善信息发布前的保密审查和合法性审查机制，防止出现不当公开的情形。",
    "加强工作人员业务培训，组织专题学习和案例交流，提升依法办理公开事项的能力。",
    "政务新媒体与政府网站协同发布信息，扩大政策信息的覆盖面和传播效果。",
    "主动回应社会关切，对网民留言和电话咨询做到件件有回复、事事有着落。",
    "持续规范政府信息公开平台建设，推进公开内容标准化、规范化和便利化。",
    "工作中仍存在部分栏目更新不够及时、政策解读形式较为单一等不足之处。",
    "下一步将继续健全工作机制，强化督促检查，推动公开工作质量持续提升。",
    "本年度未收取信息处理费，未发生因政府信息公开工作被追究责任的情况。",
    "本报告所列数据的统计期限为当年一月一日至十二月三十一日。",
)

_PROSE_TARGETS = {
    "overview": 1300,
    "proactive": 300,
    "applications": 350,
    "reviews": 150,
    "problems": 600,
    "other_matters": 300,
}
"""Characters of prose per section: about 3,000 in all."""


def _paragraphs(rng: random.Random, chars: int) -> tuple[str, ...]:
    """Paragraphs of filler text, about ``chars`` characters, about 200 per paragraph."""
    paragraphs: list[str] = []
    current = ""
    written = 0
    while written < chars:
        sentence = rng.choice(_SENTENCES)
        current += sentence
        written += len(sentence)
        if len(current) >= 200:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return tuple(paragraphs)


def _prose(rng: random.Random) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for section, chars in _PROSE_TARGETS.items():
        key = f"{section}_prose" if section in ("proactive", "applications", "reviews") else section
        out[key] = _paragraphs(rng, chars)
    return out


def _cjk_chars(report: gd.AnnualReport) -> int:
    texts = [*report.overview, *report.problems, *report.other_matters]
    for table in report.tables():
        texts.extend(table.prose)
    return sum(1 for text in texts for ch in text if ord(ch) >= 0x2E80)


# --- consistent tables ---------------------------------------------------------------------------

Values = dict[str, dict[str, Any]]
"""Cell values by table attribute, then by the cell's path inside the table."""


def _table3(spec: TableSpec, rng: random.Random) -> dict[str, Any]:
    """A consistent table 三: every row sum, every column sum and every column flow hold."""
    applicants = [c.name for c in spec.columns][:-1]
    scale = dict(zip(applicants, (400, 30, 2, 2, 20, 5), strict=True))
    outcome_rows = [r.name for r in spec.rows if r.name not in _T3_FIXED_ROWS]
    v: dict[str, Any] = {}
    for row in outcome_rows:
        zero = rng.random() < ZERO_ROWS
        for col in applicants:
            high = scale[col] if rng.random() < 0.6 else scale[col] // 10
            v[f"{row}.{col}"] = 0 if zero else rng.randint(0, high)
    for col in applicants:
        done = sum(v[f"{row}.{col}"] for row in outcome_rows)
        forward = rng.randint(0, done // 10 + 3)
        over = rng.randint(0, min(done, 40))
        v[f"total.{col}"] = done
        v[f"carried_forward.{col}"] = forward
        v[f"carried_over.{col}"] = over
        v[f"received.{col}"] = done + forward - over
    for row in spec.rows:
        v[f"{row.name}.total"] = sum(v[f"{row.name}.{col}"] for col in applicants)
    return v


def _table4(rng: random.Random) -> dict[str, Any]:
    v: dict[str, Any] = {}
    for group in ("review", "lawsuit_direct", "lawsuit_after_review"):
        parts = {name: rng.randint(0, 60) for name in ("upheld", "corrected", "other", "pending")}
        for name, value in parts.items():
            v[f"{group}.{name}"] = value
        v[f"{group}.total"] = sum(parts.values())
    return v


def _amount(rng: random.Random) -> Decimal:
    return Decimal(rng.randint(0, 10**8)).scaleb(-rng.choice((0, 1, 2, 4)))


def _table2(edition: Edition, rng: random.Random) -> dict[str, Any]:
    v: dict[str, Any] = {}
    if edition is Edition.E2021:
        for row in ("regulations", "normative_documents"):
            v[f"{row}.issued"] = rng.randint(0, 40)
            v[f"{row}.repealed"] = rng.randint(0, 30)
            v[f"{row}.in_force"] = rng.randint(10, 400)
        for name in ("licensing", "punishment", "enforcement"):
            v[name] = rng.randint(0, 10**6)
        v["fees"] = _amount(rng)
        return v
    for row in ("regulations", "normative_documents"):
        made = rng.randint(0, 40)
        v[f"{row}.made"] = made
        v[f"{row}.published"] = made
        v[f"{row}.total"] = made + rng.randint(10, 400)
    for row in ("licensing", "other_services", "punishment", "enforcement"):
        v[f"{row}.previous"] = rng.randint(0, 2000)
        v[f"{row}.change"] = rng.randint(-20, 20)
        v[f"{row}.decisions"] = rng.randint(0, 10**6)
    v["fees.previous"] = rng.randint(0, 40)
    v["fees.change"] = rng.randint(-3, 3)
    v["procurement.projects"] = rng.randint(0, 500)
    v["procurement.amount"] = _amount(rng)
    return v


def _generated_values(edition: Edition, rng: random.Random) -> Values:
    return {
        "proactive": _table2(edition, rng),
        "applications": _table3(table_spec("三", edition), rng),
        "reviews": _table4(rng),
    }


def _build(
    edition: Edition,
    values: Values,
    *,
    agency: str,
    year: int,
    prose: dict[str, tuple[str, ...]],
) -> gd.AnnualReport:
    """A report from cell values by path, through the library's canonical cell addresses."""
    cells = []
    for key, attr in _TABLES:
        spec = table_spec(key, edition)
        for cell in spec.cells:
            cells.append((key, cell.row.labels, cell.column.labels, values[attr][cell.path]))
    return from_cells(cells, agency=agency, year=year, edition=edition, **prose)


# --- the two reports of part A -------------------------------------------------------------------


def _testing(name: str) -> Callable[..., gd.AnnualReport] | None:
    """A function of ``gov_disclosure.testing``, if that module (being written) has it."""
    try:
        module = importlib.import_module("gov_disclosure.testing")
    except ImportError:
        return None
    return getattr(module, name, None)


def _values_of(report: gd.AnnualReport) -> Values:
    """The cell values of a report, by table attribute and path inside the table."""
    values: Values = {attr: {} for _, attr in _TABLES}
    for cell in gd.to_cells(report):
        attr, _, path = cell.path.partition(".")
        values[attr][path] = cell.value
    return values


def _huaian_values() -> Values | None:
    """The cells of the Huai'an 2024 report (2021 form) by path, if the library or the corpus
    has them."""
    huaian = _testing("huaian_2024")
    if huaian is not None:
        return _values_of(huaian())
    if not HUAIAN.is_file():
        return None
    data = json.loads(HUAIAN.read_text(encoding="utf-8"))
    values: Values = {attr: {} for _, attr in _TABLES}
    addresses = {}
    for key, attr in _TABLES:
        for cell in table_spec(key, Edition.E2021).cells:
            addresses[(key, cell.row.labels, cell.column.labels)] = (attr, cell.path)
    for cell in data["cells"]:
        attr, path = addresses[(cell["table"], tuple(cell["row"]), tuple(cell["column"]))]
        value = cell["value"]
        values[attr][path] = Decimal(value) if isinstance(value, str) else value
    return values


def _as_2019(values: Values) -> Values:
    """The same figures in the 2019 form (invented where that form asks for more)."""
    apps = values["applications"]
    spec = table_spec("三", Edition.E2019)
    t3 = {c.path: apps[c.path] for c in spec.cells if c.path in apps}
    for column in spec.columns:
        t3[f"other.{column.name}"] = sum(
            apps[f"other.{sub}.{column.name}"] for sub in ("no_correction", "unpaid_fees", "other")
        )
    t2_21 = values["proactive"]
    t2: dict[str, Any] = {}
    for row in ("regulations", "normative_documents"):
        t2[f"{row}.made"] = t2_21[f"{row}.issued"]
        t2[f"{row}.published"] = t2_21[f"{row}.issued"]
        t2[f"{row}.total"] = t2_21[f"{row}.in_force"]
    invented = {"licensing": (412, -6), "other_services": (95, 3), "punishment": (3874, 12)}
    invented["enforcement"] = (118, -2)
    for row, (previous, change) in invented.items():
        t2[f"{row}.previous"] = previous
        t2[f"{row}.change"] = change
        t2[f"{row}.decisions"] = t2_21.get(row, 15230)
    t2["fees.previous"] = 9
    t2["fees.change"] = -1
    t2["procurement.projects"] = 236
    t2["procurement.amount"] = t2_21["fees"]
    return {"proactive": t2, "applications": t3, "reviews": dict(values["reviews"])}


def _fully_stated(report: gd.AnnualReport) -> bool:
    tables = list(report.tables())
    return len(tables) == 3 and all(None not in t.values() for t in tables)


def _sample_reports(use_sample: bool) -> tuple[gd.AnnualReport, gd.AnnualReport, str]:
    """The 2021 and 2019 reports of part A, and where their figures come from.

    By default the figures of a real report (Huai'an 2024, 2021 form; its 2019-form twin adds
    invented table-二 figures): their rows vary as real rows do. ``use_sample`` takes
    ``gov_disclosure.testing.sample_report`` instead, whose rows repeat a rotating pattern
    (so the loader's row interning hits about two rows in three within one document).
    """
    sample = _testing("sample_report") if use_sample else None
    if sample is not None:
        pair = (sample("2021"), sample("2019"))
        if all(_fully_stated(r) for r in pair):
            padded = tuple(_with_prose(r, random.Random(i)) for i, r in enumerate(pair))
            return padded[0], padded[1], "gov_disclosure.testing.sample_report"
    values = _huaian_values()
    origin = "figures of the Huai'an 2024 report, 2021 form; 2019 form derived from them"
    if values is None:
        values = _generated_values(Edition.E2021, random.Random(0))
        origin = "generated figures (no Huai'an figures found)"
    agency = "淮安市人民政府" if "Huai'an" in origin else "示例市人民政府"
    r2021 = _build(Edition.E2021, values, agency=agency, year=2024, prose=_prose(random.Random(0)))
    r2019 = _build(
        Edition.E2019, _as_2019(values), agency=agency, year=2020, prose=_prose(random.Random(1))
    )
    return r2021, r2019, origin


def _with_prose(report: gd.AnnualReport, rng: random.Random) -> gd.AnnualReport:
    prose = _prose(rng)
    tables = {
        attr: attrs.evolve(getattr(report, attr), prose=prose[f"{attr}_prose"])
        for _, attr in _TABLES
    }
    return attrs.evolve(
        report,
        overview=prose["overview"],
        problems=prose["problems"],
        other_matters=prose["other_matters"],
        **tables,
    )


# --- the documents of part B ---------------------------------------------------------------------

_BREAKS = (
    ("applications", "total.total"),
    ("reviews", "review.total"),
    ("applications", "received.natural_person"),
    ("applications", "refused.third_party.total"),
)


def _distinct_documents(count: int) -> list[bytes]:
    """``count`` distinct documents, editions alternating; every tenth has one wrong cell."""
    docs = []
    for i in range(count):
        rng = random.Random(1000 + i)
        edition = Edition.E2021 if i % 2 == 0 else Edition.E2019
        values = _generated_values(edition, rng)
        if i % 10 == 5:
            attr, path = _BREAKS[(i // 10) % len(_BREAKS)]
            values[attr][path] += 1
        report = _build(
            edition,
            values,
            agency=f"示例县第{i}局",
            year=2023 if edition is Edition.E2021 else 2020,
            prose=_prose(rng),
        )
        docs.append(gd.dumps(report).encode())
    return docs


def _errors(doc: bytes) -> int:
    """Load and validate one document; the number of error findings."""
    return sum(1 for f in gd.validate(gd.loads(doc)) if f.severity is gd.Severity.ERROR)


def _count_errors(chunk: Sequence[bytes]) -> int:
    """Worker task: load and validate every document of the chunk; the error findings."""
    return sum(_errors(doc) for doc in chunk)


def _count_file_errors(chunk: Sequence[str]) -> int:
    """Worker task as in an audit: read each file and load and validate it; the error findings."""
    return sum(
        1 for path in chunk for f in gd.validate(gd.load(path)) if f.severity is gd.Severity.ERROR
    )


def _count_only(chunk: Sequence[bytes]) -> int:
    """Worker task that does no work: measures the cost of shipping the bytes."""
    return len(chunk)


def _chunks(docs: Sequence[Any], total: int) -> Iterator[list[Any]]:
    stream = itertools.islice(itertools.cycle(docs), total)
    while chunk := list(itertools.islice(stream, CHUNK)):
        yield chunk


# --- checks that the comparison is like for like -------------------------------------------------


def _malformed(doc: bytes) -> list[tuple[str, bytes]]:
    """Documents that both libraries must reject, each with what is wrong."""
    data = orjson.loads(doc)
    cases: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
        ("count as float", lambda d: d["applications"]["received"].update(total=3.0)),
        ("count as string", lambda d: d["applications"]["received"].update(total="3")),
        ("count as bool", lambda d: d["reviews"]["review"].update(total=True)),
        ("unknown key in a row", lambda d: d["reviews"]["review"].update(extra=1)),
        ("unknown key at the top", lambda d: d.update(colour="red")),
        ("unknown form", lambda d: d["applications"].update(form="2020")),
        ("missing schema_version", lambda d: d.pop("schema_version")),
        ("paragraph not a string", lambda d: d.update(overview=[1])),
    ]
    if data["edition"] == "2021":
        cases.append(("money as float", lambda d: d["proactive"].update(fees=1.5)))
        cases.append(("money not a number", lambda d: d["proactive"].update(fees="1,5")))
    out = []
    for name, mutate in cases:
        copy = orjson.loads(doc)
        mutate(copy)
        out.append((name, orjson.dumps(copy)))
    return out


def _like_for_like(samples: Sequence[bytes], docs: Sequence[bytes]) -> list[str]:
    """Lines stating that both libraries accept, reject and count errors alike."""
    lines = []
    rejected = both = 0
    for sample in samples:
        for name, bad in _malformed(sample):
            both += 1
            gd_rejects = pd_rejects = False
            try:
                gd.loads(bad)
            except gd.SchemaError:
                gd_rejects = True
            try:
                PydanticReport.model_validate_json(bad)
            except pydantic.ValidationError:
                pd_rejects = True
            if gd_rejects and pd_rejects:
                rejected += 1
            else:
                lines.append(
                    f"  ! {name}: gov_disclosure rejects={gd_rejects}, pydantic={pd_rejects}"
                )
    lines.insert(0, f"malformed documents rejected by both: {rejected}/{both}")
    agree = 0
    for doc in docs:
        codes = [f.code for f in gd.validate(gd.loads(doc)) if f.code[:2] in ("A3", "A4")]
        found = validate_pydantic(PydanticReport.model_validate_json(doc))
        agree += len(codes) == len(found)
    lines.append(f"documents where the A301-A401 finding counts agree: {agree}/{len(docs)}")
    return lines


# --- timing --------------------------------------------------------------------------------------


def _scaled(report: gd.AnnualReport, factor: int) -> gd.AnnualReport:
    """The report with every cell multiplied by ``factor``: still consistent (the relations are
    linear), with distinct values in every row that is not all zeros."""
    cells = [
        (c.table, c.row, c.column, None if c.value is None else c.value * factor)
        for c in gd.to_cells(report)
    ]
    prose = {f"{t.spec().attr}_prose": t.prose for t in report.tables()}
    return from_cells(
        cells,
        agency=report.agency,
        year=report.year,
        edition=report.edition,
        title=report.title,
        published=report.published,
        overview=report.overview,
        problems=report.problems,
        other_matters=report.other_matters,
        printed=report.printed,
        **prose,
    )


def _run(fn: Callable[[Any], object], items: Sequence[Any], rounds: int) -> int:
    """Nanoseconds taken by ``rounds`` passes of ``fn`` over ``items``."""
    start = time.perf_counter_ns()
    for _ in range(rounds):
        for item in items:
            fn(item)
    return time.perf_counter_ns() - start


def _rounds(fn: Callable[[Any], object], items: Sequence[Any], min_time: float) -> int:
    """Passes over ``items`` needed for one run to last at least ``min_time`` seconds."""
    rounds = 1
    while _run(fn, items, rounds) < min_time * 1e9:
        rounds *= 2
    return rounds


LOAD_VALIDATE = "gd.loads + validate  [load+validate]"
LOAD_VALIDATE_A = "gd.loads + validate(A3, A4 rules only)"
PD_LOAD_VALIDATE = "pydantic load + A-checks  [load+validate]"
ORJSON = "orjson.loads (baseline)"
STRUCTURE = "gd.loads (structure only)"
VALIDATE = "gd.validate alone (report loaded)"

_A_RULES = ("A3", "A4")

_CASES: tuple[tuple[str, str, Callable[[Any], object]], ...] = (
    (ORJSON, "doc", orjson.loads),
    (STRUCTURE, "doc", gd.loads),
    (LOAD_VALIDATE, "doc", lambda b: gd.validate(gd.loads(b))),
    (LOAD_VALIDATE_A, "doc", lambda b: gd.validate(gd.loads(b), select=_A_RULES)),
    (VALIDATE, "report", gd.validate),
    ("pydantic model_validate_json", "doc", PydanticReport.model_validate_json),
    (PD_LOAD_VALIDATE, "doc", lambda b: validate_pydantic(PydanticReport.model_validate_json(b))),
    ("pydantic A-checks alone (model loaded)", "model", validate_pydantic),
)


def _timings(docs: Sequence[bytes], repeat: int, min_time: float) -> dict[str, tuple[float, float]]:
    """(best, median) µs per call of every case, cycling through ``docs``.

    The runs of the cases are interleaved (case 1, case 2, ..., case 1, ...) so that a burst of
    load from other processes hits all of them alike; the garbage collector stays on.
    """
    items = {
        "doc": docs,
        "report": [gd.loads(d) for d in docs],
        "model": [PydanticReport.model_validate_json(d) for d in docs],
    }
    plan = [
        (name, fn, items[kind], _rounds(fn, items[kind], min_time)) for name, kind, fn in _CASES
    ]
    runs: dict[str, list[float]] = {name: [] for name, _, _, _ in plan}
    for _ in range(repeat):
        for name, fn, case_items, rounds in plan:
            elapsed = _run(fn, case_items, rounds)
            runs[name].append(elapsed / (rounds * len(case_items)) / 1000)
    return {name: (min(times), statistics.median(times)) for name, times in runs.items()}


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def part_a(
    variants: dict[str, list[bytes]], repeat: int, min_time: float
) -> tuple[list[str], dict[str, dict[str, float]]]:
    """Times of every case, on the first document alone and cycling through all variants."""
    runs = {}
    for edition, docs in variants.items():
        runs[f"{edition} same"] = _timings(docs[:1], repeat, min_time)
        runs[f"{edition} distinct"] = _timings(docs, repeat, min_time)
    head = f"{'case':42} " + " ".join(f"{key:>19}" for key in runs)
    lines = [head, f"{'':42} " + " ".join(f"{'best':>9} {'median':>9}" for _ in runs)]
    lines.append("-" * len(head))
    for name, _, _ in _CASES:
        cells = " ".join(f"{runs[k][name][0]:9.1f} {runs[k][name][1]:9.1f}" for k in runs)
        lines.append(f"{name:42} {cells}")
    best = {key: {name: t[0] for name, t in times.items()} for key, times in runs.items()}
    lines.append("")
    lines.append("ratios (best times):")
    for key, r in best.items():
        vs_json = r[LOAD_VALIDATE] / r[ORJSON]
        vs_pd = r[LOAD_VALIDATE] / r[PD_LOAD_VALIDATE]
        lines.append(
            f"  {key:13} load+validate / orjson.loads = {vs_json:5.2f}x "
            f"(target <= {TARGET_VS_ORJSON}x: {_verdict(vs_json <= TARGET_VS_ORJSON)}); "
            f"/ pydantic load+validate = {vs_pd:4.2f}x "
            f"(target < 1: {_verdict(vs_pd < 1)}); "
            f"A-rules only / pydantic = {r[LOAD_VALIDATE_A] / r[PD_LOAD_VALIDATE]:4.2f}x"
        )
    lines.append("")
    lines.append("where the time of gd load+validate goes (best times, distinct documents):")
    for key, r in best.items():
        if not key.endswith("distinct"):
            continue
        parse = r[ORJSON]
        structure = r[STRUCTURE] - parse
        check = r[VALIDATE]
        whole = parse + structure + check
        lines.append(
            f"  {key:13} JSON parse {parse:5.1f} µs ({100 * parse / whole:2.0f}%), "
            f"structuring {structure:5.1f} µs ({100 * structure / whole:2.0f}%), "
            f"validate {check:5.1f} µs ({100 * check / whole:2.0f}%)"
        )
    return lines, best


HUZHU = Path(__file__).resolve().parents[1] / "examples" / "huzhu-tongjiju-2023.toml"
TYPED_PATH = "applications.refused.state_secret.natural_person"
TARGET_BLANK_VS_CLEAN = 2.0
TARGET_TYPED_READ_US = 1.0


def _interleaved(
    cases: Sequence[tuple[str, Callable[[Any], object], Sequence[Any]]],
    repeat: int,
    min_time: float,
) -> dict[str, float]:
    """Best µs per call of each case, the runs interleaved as in part A."""
    plan = [(name, fn, items, _rounds(fn, items, min_time)) for name, fn, items in cases]
    runs: dict[str, list[float]] = {name: [] for name, _, _, _ in plan}
    for _ in range(repeat):
        for name, fn, items, rounds in plan:
            runs[name].append(_run(fn, items, rounds) / (rounds * len(items)) / 1000)
    return {name: min(times) for name, times in runs.items()}


def _built(values: tuple[Any, ...]) -> object:
    return gd.Applications2021(values=values)


def _first_read(values: tuple[Any, ...]) -> object:
    table = gd.Applications2021(values=values)
    return table.refused.state_secret.natural_person


def part_a2(clean: bytes, repeat: int, min_time: float) -> list[str]:
    """A report with blank tables against a clean full one, and typed reads against look-ups."""
    blank = gd.dumps(gd.load(HUZHU)).encode()
    clean_report, blank_report = gd.loads(clean), gd.loads(blank)
    values = clean_report.applications.values() if clean_report.applications else ()
    findings = len(gd.validate(blank_report))
    t = _interleaved(
        [
            ("load+validate, clean full report", lambda b: gd.validate(gd.loads(b)), [clean]),
            ("load+validate, Huzhu (blank tables)", lambda b: gd.validate(gd.loads(b)), [blank]),
            ("validate, clean full report", gd.validate, [clean_report]),
            ("validate, Huzhu (blank tables)", gd.validate, [blank_report]),
            (
                f"typed read report.{TYPED_PATH}",
                lambda r: r.applications.refused.state_secret.natural_person,
                [clean_report],
            ),
            (
                f"cell look-up report.get({TYPED_PATH!r})",
                lambda r: r.get(TYPED_PATH),
                [clean_report],
            ),
            ("table 三 built from its values", _built, [values]),
            ("table 三 built, then the typed read", _first_read, [values]),
        ],
        repeat,
        min_time,
    )
    lines = [f"{name:58} {us:8.2f}" for name, us in t.items()]
    load_ratio = t["load+validate, Huzhu (blank tables)"] / t["load+validate, clean full report"]
    validate_ratio = t["validate, Huzhu (blank tables)"] / t["validate, clean full report"]
    typed = t[f"typed read report.{TYPED_PATH}"]
    first = t["table 三 built, then the typed read"] - t["table 三 built from its values"]
    lines += [
        "",
        f"Huzhu ({findings} findings) / clean: load+validate {load_ratio:4.2f}x "
        f"(target <= {TARGET_BLANK_VS_CLEAN}x: {_verdict(load_ratio <= TARGET_BLANK_VS_CLEAN)}), "
        f"validate alone {validate_ratio:4.2f}x",
        f"typed read {typed:.2f} µs (target <= {TARGET_TYPED_READ_US} µs: "
        f"{_verdict(typed <= TARGET_TYPED_READ_US)}); the first read of a table builds its views: "
        f"about {first:.1f} µs",
    ]
    return lines


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "huaian-2024.toml"
"""The fullest example: every statutory cell stated, and its narrative (sections 一, 五, 六)."""
TARGET_EXAMPLE_VS_PYDANTIC = 0.8


def part_example(repeat: int, min_time: float) -> list[str]:
    """The fullest example with its narrative, as one JSON document: gov_disclosure's load +
    validate (every rule, the narrative checks included) beside the pydantic model's load + its
    arithmetic checks, interleaved in one run; the ratio holds under load better than times."""
    doc = gd.dumps(gd.load(EXAMPLE)).encode()
    report = gd.loads(doc)
    assert not gd.validate(report)
    assert not validate_pydantic(PydanticReport.model_validate_json(doc))
    t = _interleaved(
        [
            ("gd.loads + validate (every rule)", lambda b: gd.validate(gd.loads(b)), [doc]),
            (
                "gd.loads + validate (narrative rules left out)",
                lambda b: gd.validate(gd.loads(b), ignore=["N"]),
                [doc],
            ),
            ("gd.validate alone (every rule)", gd.validate, [report]),
            (
                "pydantic load + A-checks",
                lambda b: validate_pydantic(PydanticReport.model_validate_json(b)),
                [doc],
            ),
        ],
        repeat,
        min_time,
    )
    ratio = t["gd.loads + validate (every rule)"] / t["pydantic load + A-checks"]
    plain = t["gd.loads + validate (narrative rules left out)"] / t["pydantic load + A-checks"]
    paragraphs = len(report.overview) + len(report.problems) + len(report.other_matters)
    return [
        f"{EXAMPLE.name}: {len(doc):,} bytes of JSON, {paragraphs} paragraphs of narrative",
        *(f"  {name:50} {us:8.1f} µs" for name, us in t.items()),
        f"ratio gd load+validate / pydantic load+validate = {ratio:4.2f}x "
        f"(target <= {TARGET_EXAMPLE_VS_PYDANTIC}x: {_verdict(ratio <= TARGET_EXAMPLE_VS_PYDANTIC)}); "
        f"without the narrative rules {plain:4.2f}x",
    ]


def part_b(docs: list[bytes], total: int) -> list[str]:
    lines = []
    chunks = list(_chunks(docs, total))
    start = time.perf_counter()
    serial_errors = sum(_count_errors(chunk) for chunk in chunks)
    serial = time.perf_counter() - start
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_count_errors, [docs[:4], docs[4:8]]))  # start and warm both workers
        start = time.perf_counter()
        shipped = sum(pool.map(_count_only, chunks))
        transport = time.perf_counter() - start
        start = time.perf_counter()
        pooled_errors = sum(pool.map(_count_errors, chunks))
        pooled = time.perf_counter() - start
        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for i, doc in enumerate(docs):
                path = Path(folder) / f"report-{i:04d}.json"
                path.write_bytes(doc)
                paths.append(str(path))
            start = time.perf_counter()
            file_errors = sum(pool.map(_count_file_errors, list(_chunks(paths, total))))
            from_files = time.perf_counter() - start
    assert shipped == total
    assert pooled_errors == serial_errors, (pooled_errors, serial_errors)
    assert file_errors == serial_errors, (file_errors, serial_errors)
    head = f"{'run':46} {'seconds':>8} {'reports/s':>10}"
    lines += [head, "-" * len(head)]
    lines.append(
        f"{'1 process (in the main process, no IPC)':46} {serial:8.2f} {total / serial:10,.0f}"
    )
    lines.append(f"{'2 worker processes, load+validate':46} {pooled:8.2f} {total / pooled:10,.0f}")
    lines.append(
        f"{'2 workers reading the files, load+validate':46} {from_files:8.2f} {total / from_files:10,.0f}"
    )
    lines.append(
        f"{'2 worker processes, bytes shipped only':46} {transport:8.2f} {total / transport:10,.0f}"
    )
    lines.append("")
    rate = total / from_files
    lines.append(
        f"2 processes / 1 process = {serial / pooled:4.2f}x (bytes shipped), "
        f"{serial / from_files:4.2f}x (files read by the workers)"
    )
    lines.append(
        f"target >= {TARGET_REPORTS_PER_S:,} reports/s (workers reading files, as an audit does): "
        f"{_verdict(rate >= TARGET_REPORTS_PER_S)}"
    )
    lines.append(f"error findings counted: {serial_errors:,} (the same on 1 and 2 processes)")
    return lines


def profile(docs: Sequence[bytes], seconds: float, top: int) -> list[str]:
    """cProfile of load+validate, cycling through ``docs``, for about ``seconds``."""
    rounds = max(1, int(seconds / 1e-4 / len(docs)))
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        for doc in docs:
            gd.validate(gd.loads(doc))
    profiler.disable()
    calls = rounds * len(docs)
    stats = pstats.Stats(profiler)
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for (_, _, tt, _, _) in table.values())
    rows = sorted(table.items(), key=lambda item: item[1][2], reverse=True)[:top]
    lines = [
        f"{calls:,} calls of gd.validate(gd.loads(doc)) over {len(docs)} distinct documents; "
        f"{total:.2f} s under cProfile (its overhead inflates small functions)"
    ]
    lines.append(f"{'own %':>6} {'cum %':>6} {'calls/doc':>9}  function")
    for (file, line, func), (_, ncalls, tt, ct, _) in rows:
        where = f"{_short(file)}:{line}({func})" if line else func
        lines.append(
            f"{100 * tt / total:6.1f} {100 * ct / total:6.1f} {ncalls / calls:9.1f}  {where}"
        )
    return lines


def _short(file: str) -> str:
    for marker in ("site-packages/", "src/", "lib/python"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def _machine() -> list[str]:
    return describe(f"orjson {orjson.__version__}, pydantic {pydantic.VERSION}")


def _describe(edition: str, report: gd.AnnualReport, doc: bytes) -> str:
    cells = sum(len(t.values()) for t in report.tables())
    return (
        f"  {edition}: {len(doc):,} bytes of JSON, {cells} cells (all stated), "
        f"{_cjk_chars(report):,} CJK characters of prose"
    )


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--count", type=int, help="documents in part B (default 100,000)")
    parser.add_argument("--profile", action="store_true", help="also profile load+validate")
    parser.add_argument(
        "--example",
        action="store_true",
        help="only the fullest example beside pydantic (part A3), then stop",
    )
    parser.add_argument(
        "--sample",
        action="store_true",
        help="part A on gov_disclosure.testing.sample_report instead of real figures",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    repeat, min_time = (3, 0.05) if args.quick else (15, 0.1)
    total = args.count or (5_000 if args.quick else 100_000)
    distinct = 300 if args.quick else DISTINCT_DOCUMENTS

    print("\n".join(_machine()), flush=True)
    if args.example:
        print(
            f"\n== A3. the fullest example with its narrative, beside pydantic ({repeat} runs) =="
        )
        print("\n".join(part_example(repeat, min_time)), flush=True)
        print(load_average())
        return 0
    r2021, r2019, origin = _sample_reports(args.sample)
    variants: dict[str, list[bytes]] = {}
    for edition, report in (("2021", r2021), ("2019", r2019)):
        variants[edition] = [gd.dumps(_scaled(report, m)).encode() for m in range(1, distinct + 1)]
        for doc in variants[edition][:: max(1, distinct // 10)]:
            found = [f.code for f in gd.validate(gd.loads(doc))]
            assert not found, (edition, found)
            assert not validate_pydantic(PydanticReport.model_validate_json(doc)), edition
    print(f"part A documents ({origin}), every cell stated, no finding:")
    print(_describe("2021", r2021, variants["2021"][0]))
    print(_describe("2019", r2019, variants["2019"][0]))
    print(
        f"  'same' repeats that one document; 'distinct' cycles through {distinct:,} variants "
        f"of it (every cell multiplied by 1..{distinct:,}), so that nothing one document "
        f"leaves in a cache serves the next"
    )

    many = _distinct_documents(distinct)
    print("\n== like for like ==")
    samples = [variants["2021"][0], variants["2019"][0]]
    print("\n".join(_like_for_like(samples, many)), flush=True)

    print(
        f"\n== A. one report: µs per report (best and median of {repeat} runs, "
        f"each a loop of >= {min_time} s; GC on) =="
    )
    lines, _ = part_a(variants, repeat, min_time)
    print("\n".join(lines), flush=True)
    print(load_average(), flush=True)

    print(f"\n== A3. the fullest example with its narrative, beside pydantic ({repeat} runs) ==")
    print("\n".join(part_example(repeat, min_time)), flush=True)
    print(load_average(), flush=True)

    print(f"\n== A2. blank cells and typed reads: best µs per call of {repeat} runs ==")
    print("\n".join(part_a2(variants["2021"][0], repeat, min_time)), flush=True)

    gc.collect()
    print(
        f"\n== B. throughput: {total:,} documents ({distinct:,} distinct, both editions, "
        f"{ZERO_ROWS:.0%} of table-三 outcome rows all zeros, every tenth with one wrong cell), "
        f"chunks of {CHUNK} =="
    )
    print("\n".join(part_b(many, total)), flush=True)

    if args.profile:
        print("\n== profile: gd.validate(gd.loads(doc)), 2021 documents, by own time ==")
        seconds = 1.0 if args.quick else 5.0
        print("\n".join(profile(variants["2021"], seconds, 25)), flush=True)
    print("\n" + load_average())
    return 0


if __name__ == "__main__":
    sys.exit(main())
