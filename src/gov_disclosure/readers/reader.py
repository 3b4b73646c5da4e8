"""The reader: blocks of any form → an :class:`~gov_disclosure.AnnualReport` and findings.

It knows the statute and nothing of the input forms. Its rules, each written for the
variation it names:

* **rows** — every line of text and every row of a grid becomes a row of cells (a text line
  is cut at tabs and runs of two or more spaces, and figures after a label are split off:
  ``行政许可 97``); merged cells spanning columns count once;
* **sections** — a row holding one of the six headings (numbered or not, with the known
  wording variants of :data:`~gov_disclosure.statutory.SECTION_TITLE_VARIANTS`) starts its
  section; headings are taken in order only, so a numbered list inside a section is no heading;
* **tables by label** — a statutory row is found by its label's key
  (:func:`~gov_disclosure.readers.normalize.label_key`), in any cell of the row, the innermost
  label winning; a label cut short or split over cells is matched by a unique part of it, and
  where two rows share that part by the order of the rows. Never by position in a stream of
  numbers: a missing or extra row shifts nothing;
* **rows of figures without a label** are placed only where a gap between two labelled rows
  leaves exactly as many statutory rows as there are such rows (R019); otherwise reported (R020);
* **forms** — each table's form is the spec, among every edition's in
  :data:`~gov_disclosure.statutory.EDITIONS`, its rows and column headers fit best (no edition is
  named here);
* **stages** — sections, metadata, table 四 (:mod:`.table4`), 三 (:mod:`.table3`), 二
  (:mod:`.table2`), the notes, the closing date and the prose, in that order: each takes the rows
  and the indexes of the rows the stages before it claimed, and returns its result, its findings
  and the rows it consumed; no row is changed by reading;
* **cells** — :func:`~gov_disclosure.readers.values.read_cell`; a row with fewer or more figures
  than columns is not guessed at (R013, R014, R018).

Cells the source lacks are recorded in :attr:`Parsed.absent <gov_disclosure.Parsed.absent>`, so that the arithmetic rules
skip the relations that involve them (a fragment must not produce false errors).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from .._i18n import _, _f
from ..findings import Location
from ..grid import (
    MISSING_TABLE_NOTE,
    form_note,
    table_caption,
)
from ..model import AnnualReport, build_table
from ..statutory import (
    SECTIONS,
    Edition,
)
from .blocks import Block
from .labels import NUMERALS, heading
from .meta import closing_date, read_metadata
from .normalize import label_key
from .parsed import InputFormat, Parsed
from .placing import TableRead, finding
from .rows import Row, rows_of
from .table2 import read_table2
from .table3 import read_table3
from .table4 import read_table4

__all__ = ["read_blocks"]


def _join(lines: Sequence[str]) -> str:
    """Lines of one paragraph as one text (no space between CJK, one between ASCII words)."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if (
            out
            and out[-1].isascii()
            and out[-1].isalnum()
            and line[0].isascii()
            and line[0].isalnum()
        ):
            out += " "
        out += line
    return out


_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|[0-9]{1,2}[、．])"
)
"""A line that starts a numbered paragraph (``二、``, ``（一）``, ``1、``)."""


def _paragraphs(rows: Sequence[Row]) -> tuple[str, ...]:
    """Narrative rows as paragraphs: the lines of one paragraph block joined, a new paragraph
    at each numbered line (text converted from PDF often has no blank lines)."""
    out: list[str] = []
    current: list[str] = []
    para: object = object()
    for row in rows:
        numbered = row.grid is None and current and _ORDINAL.match(row.raw) is not None
        if row.grid is not None or row.para != para or numbered:
            if current:
                out.append(_join(current))
            current = []
            para = row.para if row.grid is None else object()
        current.append(row.raw if row.grid is None else " ".join(c for c in row.cells if c))
    if current:
        out.append(_join(current))
    return tuple(p for p in out if p)


_NOTES = frozenset({label_key(MISSING_TABLE_NOTE), *(label_key(form_note(e)) for e in Edition)})
_CAPTIONS = tuple(label_key(table_caption(key)) for key in ("二", "三", "四"))


def _note(key: str) -> bool:
    """Whether a row is one of the notes printed around the tables: a caption (``表二：主动公开
    政府信息情况``, with or without a form note), a form note, the missing-table note."""
    if key in _NOTES:
        return True
    caption = next((c for c in _CAPTIONS if key.startswith(c)), None)
    return caption is not None and (key == caption or key[len(caption) :] in _NOTES)


def _sections(
    rows: Sequence[Row],
) -> tuple[dict[int, tuple[int, int]], frozenset[int], tuple[int, ...]]:
    """Row ranges of the sections found: number → (first row after the heading, end); the
    indexes of the heading rows; the section each row stands in (0 before the first). Headings
    are taken in order only, so a numbered list inside a section is no heading."""
    starts: list[tuple[int, int]] = []
    headings: set[int] = set()
    numbers: list[int] = []
    current = 0
    for row in rows:
        number = heading(row)
        if number is not None and number > current:
            starts.append((number, row.index))
            headings.add(row.index)
            current = number
        numbers.append(current)
    spans: dict[int, tuple[int, int]] = {}
    for i, (number, start) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(rows)
        spans[number] = (start + 1, end)
    return spans, frozenset(headings), tuple(numbers)


def read_blocks(
    blocks: Iterable[Block], *, file: str | None = None, format: InputFormat = "text"
) -> Parsed:
    """Read a document's blocks into a report (see the module documentation).

    Raises :class:`~gov_disclosure.ParseError` when the blocks hold no report at all (no
    section heading and no statutory table).
    """
    from ..errors import ParseError

    rows = rows_of(blocks)
    # The stages, in this order; each reads the rows no earlier stage claimed.
    spans, headings, numbers = _sections(rows)
    first = min((start - 1 for start, _ in spans.values()), default=len(rows))
    meta, notes, meta_rows = read_metadata(rows, first)
    year_form = meta.edition or (Edition.for_year(meta.year) if meta.year else Edition.latest())
    claimed = headings | meta_rows
    reviews = read_table4(rows, claimed, numbers, file)
    claimed |= reviews.consumed if reviews else frozenset()
    t3 = read_table3(rows, claimed, file, year_form)
    claimed |= t3.consumed if t3 else frozenset()
    t2 = read_table2(rows, claimed, file, t3.spec.form or year_form if t3 else year_form)
    claimed |= t2.consumed if t2 else frozenset()
    if not spans and t3 is None and t2 is None and reviews is None:
        raise ParseError(
            _(
                "no annual report found: no section heading (“一、总体情况” …) and no statutory "
                "table"
            ),
            file=file,
        )
    if meta.year is None:
        raise ParseError(
            _("the report's year is printed nowhere (title, “报告年度” or text)"), file=file
        )
    read_tables = [t for t in (reviews, t3, t2) if t is not None]
    findings = [f for t in read_tables for f in t.findings]
    findings += [finding("R002", Location(), note, None) for note in notes]
    for section in SECTIONS:
        if section.number not in spans:
            findings.append(
                finding(
                    "R001",
                    Location(NUMERALS[section.number - 1]),
                    _f("the section heading “{title}” is not found").format(title=section.title),
                    None,
                )
            )
    claimed |= {r.index for r in rows if r.index not in claimed and _note("".join(r.keys))}
    agency = meta.agency or ""
    # The signature and date at the end are no prose.
    closing, closing_rows = closing_date(rows, agency, claimed)
    claimed |= closing_rows
    published = meta.published or closing
    forms = [t.spec.form for t in (t2, t3) if t is not None and t.spec.form is not None]
    if meta.edition is not None:
        edition = meta.edition
    elif forms and all(f is forms[0] for f in forms):
        edition = forms[0]
    elif Edition.for_year(meta.year) in forms:
        edition = Edition.for_year(meta.year)
    else:
        edition = forms[-1] if forms else Edition.for_year(meta.year)
    narrative: dict[str, tuple[str, ...]] = {}
    read: dict[str, TableRead | None] = {"proactive": t2, "applications": t3, "reviews": reviews}
    tables: dict[str, Any] = dict.fromkeys(read)
    preamble = [r for r in rows[:first] if r.index not in claimed]
    for section in SECTIONS:
        start, end = spans.get(section.number, (0, 0))
        body = [r for r in rows[start:end] if r.index not in claimed]
        if section.number == 1:
            body = preamble + body
        if section.table is None:
            narrative[section.key] = _paragraphs(body)
            continue
        table = read[section.key]
        used = [r.index for r in rows[start:end] if r.index in claimed]
        if used:
            lo, hi = min(used), max(used)
            body = [r for r in body if r.index < lo or r.index > hi]
        if table is not None:
            spec = table.spec
            tables[section.key] = build_table(
                spec.key, spec.form, table.values, prose=_paragraphs(body)
            )
    present = {attr for attr, table in tables.items() if table is not None}
    printed = {
        k: v for t in read_tables for k, v in t.printed.items() if k.split(".", 1)[0] in present
    }
    report = AnnualReport(
        agency=agency,
        year=meta.year,
        edition=edition,
        title=meta.title,
        published=published,
        printed=printed,
        overview=narrative["overview"],
        problems=narrative["problems"],
        other_matters=narrative["other_matters"],
        proactive=tables["proactive"],
        applications=tables["applications"],
        reviews=tables["reviews"],
    )
    if meta.title is not None and attrs.evolve(report, title=None).display_title == meta.title:
        report = attrs.evolve(report, title=None)  # the standard title: nothing to keep
    absent = frozenset().union(*(t.absent for t in read_tables))
    sources = {path: source for t in read_tables for path, source in t.sources.items()}
    return Parsed(report, tuple(findings), absent, sources, format)
