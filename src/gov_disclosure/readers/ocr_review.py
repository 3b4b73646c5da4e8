"""What reading a scan adds to :class:`~.parsed.Parsed`: each cell's OCR box, and its doubts.

After the one reader has read the blocks recognised from a scan (:mod:`.scan`), every
statutory cell read from a recognised page is mapped back to the OCR box it was printed in —
the box on the cell's source line (or the nearest line, for a figure printed beside a wrapped
label) whose text is the cell's printed figure; figures equal on one line are paired with
their boxes left to right in column order. Mapping after reading keeps the reader unaware of
OCR: blocks stay text, and the reader's stages need no confidence to carry.

Findings (nothing is ever changed):

* **R030** — a figure recognised with a confidence under :data:`LOW_CONFIDENCE`: the cell,
  its printed text, the confidence, page and box.
* **R031** — a figure that breaks a relation of its table, where one common OCR confusion
  (``0/8/6/9``, ``1/7``, ``3/8``, ``5/6``, a digit dropped or doubled) gives a figure with which
  every relation of the table holds: the likely reading is named.
  Two figures printed alike and misread alike (a row's only figure and its total, both ``9``
  read ``6``), where one reading given to both makes every relation hold and no single
  figure's does: R031 on each, naming the reading and the other's box.
* **R032** — image-only pages not recognised (the ``ocr`` extra not installed).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation

import attrs

from .._i18n import _f
from ..findings import Finding, Location, Source
from ..model import AnnualReport, Cell
from ..rules import rule
from ..statutory import Relation, TableSpec
from .parsed import Parsed
from .scan import OcrBox, OcrPages

__all__ = ["CONFUSIONS", "LOW_CONFIDENCE", "misreadings", "review"]

MAX_PAIRED = 8
"""Figures printed alike and misread alike are looked for among at most this many cells of a
table breaking its relations with one printed figure (each pair is tried)."""
LOW_CONFIDENCE = 600
"""A figure recognised with less confidence than this (per mille) gets a finding (R030)."""

CONFUSIONS: Mapping[str, str] = {
    "0": "869",
    "8": "0369",
    "6": "0895",
    "9": "086",
    "1": "7",
    "7": "1",
    "3": "8",
    "5": "6",
}
"""The digits OCR commonly reads for each digit."""


def _normal(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).replace(",", "")


def _printed(report: AnnualReport, path: str) -> str | None:
    """The figure of a cell as printed: its printed text, else its value; None if blank."""
    if path in report.printed:
        return _normal(report.printed[path])
    value = report.get(path)
    if value is None or isinstance(value, bool):
        return None
    return str(value)


def _map(parsed: Parsed, record: OcrPages) -> dict[str, OcrBox]:
    """The box each cell read from a recognised page was printed in."""
    by_line: dict[tuple[int, int], list[OcrBox]] = {}
    for box in record.boxes:
        by_line.setdefault((box.page, box.line), []).append(box)
    for boxes in by_line.values():
        boxes.sort(key=lambda b: b.box[0])
    pages = set(record.pages)
    wanted: dict[tuple[int, int, str], list[str]] = {}
    for path, source in parsed.sources.items():
        if source.page not in pages or source.line is None or not parsed.report.has_cell(path):
            continue
        figure = _printed(parsed.report, path)
        if figure is not None:
            wanted.setdefault((source.page, source.line, figure), []).append(path)
    out: dict[str, OcrBox] = {}
    for (page, line, figure), paths in wanted.items():
        for near in (0, 1, -1, 2, -2):
            found = [b for b in by_line.get((page, line + near), ()) if _normal(b.text) == figure]
            if found:
                break
        if not found:
            continue
        paths.sort(key=lambda p: _index(parsed.report, p))
        if len(found) != len(paths):
            # cannot pair them one to one: each takes the least confident of its candidates
            weakest = min(found, key=lambda b: b.confidence)
            found = [weakest] * len(paths)
        for path, box in zip(paths, found, strict=True):
            out[path] = box
    return out


def _index(report: AnnualReport, path: str) -> int:
    attr, _, rest = path.partition(".")
    table = getattr(report, attr)
    return int(table.spec().by_path[rest].index)


def _location(spec: TableSpec, index: int) -> Location:
    cell = spec.cells[index]
    return Location(spec.key, cell.row.labels, cell.column.labels)


def _box_text(box: OcrBox) -> str:
    left, bottom, right, top = box.box
    return f"({left}, {bottom})–({right}, {top})"


def misreadings(figure: str) -> Iterator[str]:
    """The figures OCR may have read as ``figure``: one digit confused (:data:`CONFUSIONS`),
    one digit dropped from the true figure (one digit more), one doubled (one digit less).
    No figure has a leading zero unless it is ``0``."""
    seen = {figure}
    digits = [i for i, c in enumerate(figure) if c.isdigit()]
    candidates: list[str] = []
    for i in digits:
        for other in CONFUSIONS.get(figure[i], ""):
            candidates.append(figure[:i] + other + figure[i + 1 :])
    for i in digits:  # the true figure had a digit that was dropped: one more
        for extra in "0123456789":
            candidates.append(figure[:i] + extra + figure[i:])
        candidates.append(figure[: i + 1] + figure[i] + figure[i + 1 :])
    if len(digits) > 1:
        for i in digits:  # a digit read twice: the true figure has one less
            candidates.append(figure[:i] + figure[i + 1 :])
    for text in candidates:
        whole = text.split(".", 1)[0]
        if text in seen or not whole.isdigit():
            continue
        if len(whole) > 1 and whole.startswith("0"):
            continue
        seen.add(text)
        yield text


def _value(text: str, like: Cell) -> Cell | None:
    try:
        if isinstance(like, bool):
            return None
        if isinstance(like, int):
            return int(text)
        if isinstance(like, Decimal):
            return Decimal(text)
    except (ValueError, InvalidOperation):
        return None
    return None


def _fails(values: Sequence[Cell], relation: Relation) -> bool:
    """Whether a relation with every cell stated does not hold."""
    cells = (*relation.left, *relation.right)
    if any(values[i] is None or isinstance(values[i], bool) for i in cells):
        return False
    left = sum(values[i] for i in relation.left)  # type: ignore[misc]
    right = sum(values[i] for i in relation.right)  # type: ignore[misc]
    return bool(left != right)


def _confusions(parsed: Parsed, ocr: Mapping[str, OcrBox]) -> list[Finding]:
    report = parsed.report
    out: list[Finding] = []
    for table in report.tables():
        spec = table.spec()
        values = list(table.values())
        failing: set[int] = set()
        for relation in spec.relations:
            if _fails(values, relation):
                failing.update((*relation.left, *relation.right))
        alone: dict[str, list[int]] = {}  # figures no single reading explains, by figure
        for index in sorted(failing):
            path = f"{spec.attr}.{spec.cells[index].path}"
            box = ocr.get(path)
            figure = _printed(report, path)
            if box is None or figure is None:
                continue
            readings = _readings(spec, values, figure, (index,))
            if not readings:
                alone.setdefault(figure, []).append(index)
            if readings:
                out.append(
                    Finding(
                        "R031",
                        rule("R031").severity,
                        _f(
                            "the scan reads “{printed}” (page {page}, box {box}), which breaks "
                            "the table's relations; read as {readings}, every relation holds: "
                            "check the printed report"
                        ).format(
                            printed=box.text,
                            page=box.page,
                            box=_box_text(box),
                            readings=_f(" or ").join(f"“{r}”" for r in readings),
                        ),
                        _location(spec, index),
                        parsed.sources.get(path),
                    )
                )
        out.extend(_pairs(parsed, ocr, spec, values, alone))
    return out


def _readings(
    spec: TableSpec, values: Sequence[Cell], figure: str, indexes: tuple[int, ...]
) -> list[str]:
    """The common misreadings of ``figure`` that, given to every cell of ``indexes``, make
    every relation of the table hold."""
    readings = []
    for text in misreadings(figure):
        value = _value(text, values[indexes[0]])
        if value is None:
            continue
        trial = list(values)
        for index in indexes:
            trial[index] = value
        if not any(_fails(trial, r) for r in spec.relations):
            readings.append(text)
    return readings


def _pairs(
    parsed: Parsed,
    ocr: Mapping[str, OcrBox],
    spec: TableSpec,
    values: Sequence[Cell],
    alone: Mapping[str, list[int]],
) -> list[Finding]:
    """R031 for two figures of a table printed alike and misread alike (a row's only figure
    and its total, the same glyph read the same wrong way): one reading given to both makes
    every relation hold, and no single figure's reading does."""
    out: list[Finding] = []
    for figure, indexes in alone.items():
        if len(indexes) > MAX_PAIRED:
            continue
        for a, first in enumerate(indexes):
            for second in indexes[a + 1 :]:
                readings = _readings(spec, values, figure, (first, second))
                if not readings:
                    continue
                for index, other in ((first, second), (second, first)):
                    path = f"{spec.attr}.{spec.cells[index].path}"
                    box, twin = ocr[path], ocr[f"{spec.attr}.{spec.cells[other].path}"]
                    out.append(
                        Finding(
                            "R031",
                            rule("R031").severity,
                            _f(
                                "the scan reads “{printed}” here (page {page}, box {box}) and "
                                "in box {other} of page {other_page}, which breaks the table's "
                                "relations; read as {readings} in both, every relation holds: "
                                "check the printed report"
                            ).format(
                                printed=box.text,
                                page=box.page,
                                box=_box_text(box),
                                other=_box_text(twin),
                                other_page=twin.page,
                                readings=_f(" or ").join(f"“{r}”" for r in readings),
                            ),
                            _location(spec, index),
                            parsed.sources.get(path),
                        )
                    )
    return out


def _low(parsed: Parsed, ocr: Mapping[str, OcrBox]) -> list[Finding]:
    out = []
    for path, box in ocr.items():
        if box.confidence >= LOW_CONFIDENCE:
            continue
        attr, _, rest = path.partition(".")
        spec = getattr(parsed.report, attr).spec()
        out.append(
            Finding(
                "R030",
                rule("R030").severity,
                _f(
                    "the scan reads “{printed}” here with low confidence ({confidence}‰, page "
                    "{page}, box {box}): check the printed report"
                ).format(
                    printed=box.text,
                    confidence=box.confidence,
                    page=box.page,
                    box=_box_text(box),
                ),
                _location(spec, spec.by_path[rest].index),
                parsed.sources.get(path),
            )
        )
    return out


def review(parsed: Parsed, record: OcrPages, *, file: str | None = None) -> Parsed:
    """``parsed`` with each cell's OCR box and the findings about the scan added."""
    findings = list(parsed.findings)
    if record.skipped:
        findings.append(
            Finding(
                "R032",
                rule("R032").severity,
                _f(
                    "{pages} page(s) are images without text and were not read (pages {numbers}): "
                    "install gov-disclosure[ocr] to read scans"
                ).format(
                    pages=len(record.skipped),
                    numbers=", ".join(str(p) for p in record.skipped),
                ),
                Location(),
                Source(file, record.skipped[0]),
            )
        )
    ocr = _map(parsed, record)
    findings.extend(_low(parsed, ocr))
    findings.extend(_confusions(parsed, ocr))
    return attrs.evolve(parsed, findings=tuple(findings), ocr=ocr)
