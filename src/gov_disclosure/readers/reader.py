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
* **forms** — each table's form is taken from its shape: the column headers and rows of
  table 二, the （六） sub-items of table 三;
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
from .labels import NUMERALS
from .meta import Metadata, closing_date, read_metadata
from .normalize import label_key
from .parsed import InputFormat, Parsed
from .rows import Row, rows_of
from .sections import find_sections
from .table4 import read_table4
from .tables import TableReader

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
    reader: TableReader, meta: Metadata, agency: str | None, year: int | None
) -> tuple[str | None, int | None]:
    """The agency and year: those supplied when given (R006 where the printed ones differ),
    else those read."""
    if agency is not None and meta.agency and label_key(meta.agency) != label_key(agency):
        reader.report(
            "R006",
            Location(),
            _f(
                "the body printed, “{printed}”, differs from the one given, “{given}”: “{given}” is taken"
            ).format(printed=meta.agency, given=agency),
            None,
        )
    if year is not None and meta.year is not None and meta.year != year:
        reader.report(
            "R006",
            Location(),
            _f(
                "the year printed, {printed}, differs from the one given, {given}: {given} is taken"
            ).format(printed=meta.year, given=year),
            None,
        )
    return (agency if agency is not None else meta.agency), (
        year if year is not None else meta.year
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
    from ..errors import ParseError

    rows = rows_of(blocks)
    reader = TableReader(rows, file)
    sections = find_sections(rows)
    spans, first = sections.spans, sections.first
    for row in rows:
        row.section = sections.section_of[row.index]
        row.used = row.used or row.index in sections.headings
    meta, notes, taken = read_metadata(rows, first)
    for index in taken:
        rows[index].used = True
    printed_year = meta.year
    meta.agency, meta.year = _supplied(reader, meta, agency, year)
    year_form = meta.edition or Edition.for_year(meta.year or 2021)
    reviews = read_table4(reader)
    t3 = reader.table3(year_form)
    t2 = reader.table2(t3.spec.form or year_form if t3 else year_form)
    found = [t for t in (t2, t3, reviews) if t is not None]
    read = {"proactive": t2, "applications": t3, "reviews": reviews}
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
    fragment = meta.title is None and 1 not in spans  # no beginning: part of a report
    given = {"agency": agency is not None, "year": year is not None}
    for what, note in notes:
        if not given[what]:  # a value given makes the note moot
            reader.report("R002", Location(), note, None)
    if not meta.agency:
        reader.report("R002", Location(), _f("the name of the reporting body is not found"), None)
    if meta.year is None:
        forms = [t.spec.form for t in found if t.spec.form is not None]
        meta.year = (forms[0] if forms else Edition.latest()).first_year
        reader.report(
            "R003",
            Location(),
            _f(
                "the report's year is printed nowhere (title, “报告年度” or text): {year}, the "
                "first year of its tables' form, stands in; give the year to read it as printed"
            ).format(year=meta.year),
            None,
        )
    if fragment:
        lacking = [
            s
            for s in SECTIONS
            if (read[s.key] is None if s.table is not None else s.number not in spans)
        ]
        reader.absent.update(s.key for s in lacking)
        reader.report(
            "R005",
            Location(),
            _f(
                "a fragment: no title and no section 一; what it does not print ({parts}) is "
                "absent and not checked"
            ).format(parts="、".join(NUMERALS[s.number - 1] for s in lacking)),
            None,
        )
    for section in SECTIONS:
        if section.number in sections.moved:
            host, subheading = sections.moved[section.number]
            reader.report(
                "R004",
                Location(NUMERALS[section.number - 1]),
                _f(
                    "the report is structured otherwise: no heading “{title}”, the section is "
                    "read from “{subheading}” under section {host}"
                ).format(title=section.title, subheading=subheading, host=NUMERALS[host - 1]),
                None,
            )
        elif section.number not in spans and not fragment:
            reader.report(
                "R001",
                Location(NUMERALS[section.number - 1]),
                _f("the section heading “{title}” is not found").format(title=section.title),
                None,
            )
    for row in rows:
        if not row.used and _note("".join(row.keys)):
            row.used = True
    agency = meta.agency or ""
    claimed = frozenset(r.index for r in rows if r.used)
    closing, signed = closing_date(rows, agency, claimed)  # no prose: the signature and date
    for index in signed:
        rows[index].used = True
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
    preamble = [r for r in rows[:first] if not r.used]
    for section in SECTIONS:
        start, end = spans.get(section.number, (0, 0))
        body = [r for r in rows[start:end] if not r.used]
        if section.number == 1:
            body = preamble + body
        if section.table is None:
            narrative[section.key] = _paragraphs(body)
            continue
        table = read[section.key]
        used = [r.index for r in rows[start:end] if r.used]
        if used:
            lo, hi = min(used), max(used)
            body = [r for r in body if r.index < lo or r.index > hi]
        if table is not None:
            spec = table.spec
            tables[section.key] = build_table(
                spec.key, spec.form, table.values, prose=_paragraphs(body)
            )
    present = {attr for attr, table in tables.items() if table is not None}
    printed = {k: v for k, v in reader.printed.items() if k.split(".", 1)[0] in present}
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
    return Parsed(
        report, tuple(reader.findings), frozenset(reader.absent), dict(reader.sources), format
    )
