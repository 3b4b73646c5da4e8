"""The reader: blocks of any form → an :class:`~gov_disclosure.AnnualReport` and findings.

It knows the statute and nothing of the input forms. Its rules, each written for the
variation it names:

* **rows** — every line of text and every row of a grid becomes a row of cells (a text line
  is cut at tabs and runs of two or more spaces, and figures after a label are split off:
  ``行政许可 97``); merged cells spanning columns count once;
* **sections** — :func:`~gov_disclosure.readers.sections.find_sections`: the headings by
  number and key words, in order; a section printed under another one is read there (R004);
* **metadata** — :func:`~gov_disclosure.readers.meta.read_metadata`: the title page, never a
  page's chrome; ``agency=`` and ``year=`` win over it (R006); no year is R003;
* **fragments** — a source with no title and no section 一 reads what it prints (R005), and the
  sections it does not print are absent; a report on a year before 2019 without the tables is a
  ParseError;
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
from ..errors import ParseError
from ..findings import Finding, Location
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
from .labels import NUMERALS
from .meta import Metadata, closing_date, read_metadata
from .normalize import label_key
from .parsed import InputFormat, Parsed
from .placing import TableRead, finding
from .rows import Row, rows_of
from .sections import find_sections
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


_FIRST_YEAR = min(edition.first_year for edition in Edition)
"""The first year of the statutory tables (the 2019 format): reports on earlier years follow
the 2008 regulation, without them."""


def _supplied(
    meta: Metadata, agency: str | None, year: int | None
) -> tuple[str | None, int | None, list[Finding]]:
    """The agency and year: those supplied when given (R006 where the printed ones differ),
    else those read."""
    findings = []
    if agency is not None and meta.agency and label_key(meta.agency) != label_key(agency):
        findings.append(
            finding(
                "R006",
                Location(),
                _f(
                    "the body printed, “{printed}”, differs from the one given, “{given}”: “{given}” is taken"
                ).format(printed=meta.agency, given=agency),
                None,
            )
        )
    if year is not None and meta.year is not None and meta.year != year:
        findings.append(
            finding(
                "R006",
                Location(),
                _f(
                    "the year printed, {printed}, differs from the one given, {given}: {given} is taken"
                ).format(printed=meta.year, given=year),
                None,
            )
        )
    return (
        agency if agency is not None else meta.agency,
        year if year is not None else meta.year,
        findings,
    )


def read_blocks(
    blocks: Iterable[Block],
    *,
    file: str | None = None,
    format: InputFormat = "text",
    agency: str | None = None,
    year: int | None = None,
) -> Parsed:
    """Read a document's blocks into a report (see the module documentation). ``agency`` and
    ``year``, when given, win over what is printed (R006 notes where they differ).

    Raises :class:`~gov_disclosure.ParseError` when the blocks hold no report at all (no
    section heading and no statutory table), or a report under the 2008 regulation.
    """
    rows = rows_of(blocks)
    # The stages, in this order; each reads the rows no earlier stage claimed.
    sections = find_sections(rows)
    spans, headings, numbers, first = (
        sections.spans,
        sections.headings,
        sections.section_of,
        sections.first,
    )
    meta, notes, meta_rows = read_metadata(rows, first)
    printed_year = meta.year
    meta.agency, meta.year, findings = _supplied(meta, agency, year)
    year_form = meta.edition or (Edition.for_year(meta.year) if meta.year else Edition.latest())
    claimed = headings | meta_rows
    reviews = read_table4(rows, claimed, numbers, file)
    claimed |= reviews.consumed if reviews else frozenset()
    t3 = read_table3(rows, claimed, file, year_form)
    claimed |= t3.consumed if t3 else frozenset()
    t2 = read_table2(rows, claimed, file, t3.spec.form or year_form if t3 else year_form)
    claimed |= t2.consumed if t2 else frozenset()
    found = [t for t in (t2, t3, reviews) if t is not None]
    titled = meta.title is not None or bool(spans)  # a report's title or headings
    if not found and titled and printed_year is not None and printed_year < _FIRST_YEAR:
        raise ParseError(
            _(
                "a report under the 2008 regulation, before the statutory tables of 2019: the "
                "report on {year} prints none of tables 二, 三 and 四; the library reads the "
                "reports on 2019 and later"
            ).format(year=printed_year),
            file=file,
        )
    if not spans and not found:
        raise ParseError(
            _(
                "no annual report found: no section heading (“一、总体情况” …) and no statutory "
                "table"
            ),
            file=file,
        )
    read_tables = [t for t in (reviews, t3, t2) if t is not None]
    findings = [f for t in read_tables for f in t.findings] + findings
    given = {"agency": agency is not None, "year": year is not None}
    findings += [finding("R002", Location(), n, None) for what, n in notes if not given[what]]
    if not meta.agency:
        findings.append(
            finding("R002", Location(), _f("the name of the reporting body is not found"), None)
        )
    if meta.year is None:
        forms = [t.spec.form for t in found if t.spec.form is not None]
        meta.year = (forms[0] if forms else Edition.latest()).first_year
        findings.append(
            finding(
                "R003",
                Location(),
                _f(
                    "the report's year is printed nowhere (title, “报告年度” or text): {year}, "
                    "the first year of its tables' form, stands in; give the year to read it as "
                    "printed"
                ).format(year=meta.year),
                None,
            )
        )
    read: dict[str, TableRead | None] = {"proactive": t2, "applications": t3, "reviews": reviews}
    fragment = meta.title is None and 1 not in spans  # no beginning: part of a report
    lacking = [
        s
        for s in SECTIONS
        if fragment and (read[s.key] is None if s.table is not None else s.number not in spans)
    ]
    if fragment:
        findings.append(
            finding(
                "R005",
                Location(),
                _f(
                    "a fragment: no title and no section 一; what it does not print ({parts}) is "
                    "absent and not checked"
                ).format(parts="、".join(NUMERALS[s.number - 1] for s in lacking)),
                None,
            )
        )
    for section in SECTIONS:
        if section.number in sections.moved:
            host, subheading = sections.moved[section.number]
            findings.append(
                finding(
                    "R004",
                    Location(NUMERALS[section.number - 1]),
                    _f(
                        "the report is structured otherwise: no heading “{title}”, the section "
                        "is read from “{subheading}” under section {host}"
                    ).format(title=section.title, subheading=subheading, host=NUMERALS[host - 1]),
                    None,
                )
            )
        elif section.number not in spans and not fragment:
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
    absent = frozenset().union(*(t.absent for t in read_tables), (s.key for s in lacking))
    sources = {path: source for t in read_tables for path, source in t.sources.items()}
    return Parsed(report, tuple(findings), absent, sources, format)
