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
  (:func:`~gov_disclosure.parse.normalize.label_key`), in any cell of the row, the innermost
  label winning; a label cut short or split over cells is matched by a unique part of it, and
  where two rows share that part by the order of the rows. Never by position in a stream of
  numbers: a missing or extra row shifts nothing;
* **rows of figures without a label** are placed only where a gap between two labelled rows
  leaves exactly as many statutory rows as there are such rows (R019); otherwise reported (R020);
* **forms** — each table's form is taken from its shape: the column headers and rows of
  table 二, the （六） sub-items of table 三;
* **cells** — :func:`~gov_disclosure.parse.values.read_cell`; a row with fewer or more figures
  than columns is not guessed at (R013, R014, R018).

Cells the source lacks are recorded in :attr:`Reading.absent`, so that the arithmetic rules
skip the relations that involve them (a fragment must not produce false errors).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from itertools import combinations, pairwise
from typing import Any

from attrs import define, field, frozen

from ..findings import Finding, Location, Source
from ..grid import (
    META_AGENCY,
    META_EDITION,
    META_PUBLISHED,
    META_YEAR,
    MISSING_TABLE_NOTE,
    form_note,
    table_caption,
)
from ..model import AnnualReport, Cell, build_table
from ..rules import rule
from ..statutory import (
    LABEL_VARIANTS,
    SECTION_TITLE_VARIANTS,
    SECTIONS,
    T2_CONTENT_HEADER,
    T3_CAPTION,
    T3_COLUMNS,
    T4_COLUMNS,
    TABLE3_NOTE,
    CellSpec,
    Edition,
    TableSpec,
    table_spec,
)
from .blocks import Block, Grid, Paragraph
from .normalize import clean_text, label_key, simplify
from .values import looks_numeric, read_cell

__all__ = ["Reading", "read_blocks"]


@frozen
class Reading:
    """What the reader made of a document."""

    report: AnnualReport
    findings: tuple[Finding, ...]
    absent: frozenset[str]
    """Report-level paths of the cells the source lacks (rows or figures not printed)."""
    sources: Mapping[str, Source]
    """Where each statutory cell was read, by report-level path."""


# --- rows ------------------------------------------------------------------------------------


@define
class _Row:
    cells: list[str]
    keys: list[str]
    line: int | None
    page: int | None
    grid: int | None
    index: int
    """Position of the row in the document's row stream."""
    para: int | None = None
    """For a line of text: the paragraph it belongs to."""
    raw: str = ""
    """For a line of text: the line as printed (spaces cleaned)."""
    section: int = 0
    used: bool = False
    columns: list[int] = field(factory=list)
    """For a row of a grid: the grid column of each cell (a cell spanning columns counts at
    its first column)."""
    prose: bool = False
    """A sentence (it holds a full stop 。): never a label or header of a table."""
    split: tuple[list[int], list[str]] | None = None
    """The row's label cells and figures, once computed (:func:`_split_row`)."""
    where: Source | None = None

    def __attrs_post_init__(self) -> None:
        self.prose = any("。" in c for c in self.cells)

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)

    def source(self, file: str | None) -> Source:
        """Where the row stands in the source: file, page, line, and grid when in one."""
        if self.where is None:
            cell = f"表格{self.grid}" if self.grid is not None else None
            self.where = Source(file=file, page=self.page, line=self.line, cell=cell)
        return self.where


_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－_]+\s*[0-9]{1,4}\s*[-—–－_]+|第\s*[0-9]{1,4}\s*页(?:\s*[,，/]?\s*共\s*[0-9]{1,4}\s*页)?)\s*$"
)
"""A page number printed as a line of its own (``— 2 —``, ``- 2 -``, ``第 2 页``)."""
_RULE_LINE = re.compile(r"^\s*[-=_*~]{3,}\s*$")
"""A line drawn under a title or heading (``=====``, ``-----``)."""
_CELL_SPLIT = re.compile(r"\t|[ \u00a0]{2,}|\u3000+")
_TOKEN = re.compile(r"\S+")


def _split_line(line: str) -> list[str]:
    """A line of text as cells: tabs and runs of spaces separate cells, and figures printed
    after a label (``行政许可 97``, ``规章 22 235``) become cells of their own."""
    parts = [p for p in (clean_text(x) for x in _CELL_SPLIT.split(line)) if p]
    out: list[str] = []
    for part in parts:
        tokens = _TOKEN.findall(part)
        k = len(tokens)
        while k > 0 and looks_numeric(tokens[k - 1]):
            k -= 1
        if k == len(tokens) or (k > 0 and len("".join(tokens[:k])) > 60):
            out.append(part)
            continue
        if k:
            out.append(" ".join(tokens[:k]))
        out.extend(tokens[k:])
    return out


def _rows(blocks: Iterable[Block]) -> list[_Row]:
    rows: list[_Row] = []
    para = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            para += 1
            lines = block.text.split("\n")
            for offset, line in enumerate(lines):
                cells = _split_line(line)
                if not cells or _PAGE_NUMBER.match(line) or _RULE_LINE.match(line):
                    continue
                row_line = block.line + offset if block.line is not None else None
                rows.append(
                    _Row(
                        cells,
                        [label_key(c) for c in cells],
                        row_line,
                        block.page,
                        None,
                        0,
                        para,
                        raw=clean_text(line),
                    )
                )
            continue
        assert isinstance(block, Grid)
        for r, (texts, ids, row_line) in enumerate(
            zip(block.rows, block.ids, block.lines, strict=False)
        ):
            grid_cells: list[str] = []
            columns: list[int] = []
            last: int | None = None
            for column, (text, ident) in enumerate(zip(texts, ids, strict=False)):
                if ident != last:  # a cell spanning columns counts once
                    grid_cells.append(clean_text(text))
                    columns.append(column)
                last = ident
            if not any(grid_cells):
                continue
            rows.append(
                _Row(
                    grid_cells,
                    [label_key(c) for c in grid_cells],
                    row_line,
                    block.page,
                    block.number,
                    r + 1,
                    columns=columns,
                )
            )
    for i, row in enumerate(rows):
        row.index = i
    return rows


def _split_row(row: _Row) -> tuple[list[int], list[str]]:
    """Indexes of the row's label cells (the text cells before its first figure), and the
    cells after the last label (its figures, blanks and unreadable text included)."""
    if row.split is not None:
        return row.split
    labels: list[int] = []
    if row.prose:
        row.split = (labels, [])
        return row.split
    for i, cell in enumerate(row.cells):
        if cell and looks_numeric(cell):
            break
        if cell:
            labels.append(i)
    start = labels[-1] + 1 if labels else 0
    row.split = (labels, row.cells[start:])
    return row.split


# --- sections and metadata ---------------------------------------------------------------------

_SECTION_NUMBER = re.compile(r"^(?:第)?([一二三四五六])(?:、|\.|部分)")
_NUMERALS = "一二三四五六"


@cache
def _section_keys() -> dict[str, int]:
    keys: dict[str, int] = {}
    for number, variants in SECTION_TITLE_VARIANTS.items():
        for variant in variants:
            keys[label_key(variant)] = number
    for section in SECTIONS:
        keys[label_key(section.title.split("、", 1)[1])] = section.number
    return keys


def _heading(row: _Row) -> int | None:
    """The section a row is the heading of, or None."""
    if row.prose or len([c for c in row.cells if c]) != 1:
        return None
    text = simplify(row.text).replace(" ", "").lstrip("#*").rstrip("*")
    if len(text) > 40:
        return None
    match = _SECTION_NUMBER.match(text)
    rest = label_key(text[match.end() :] if match else text)
    number = _section_keys().get(rest)
    if number is None:
        return None
    if match is None or _NUMERALS.index(match.group(1)) + 1 == number:
        return number
    return number  # an exact title with another number (tables renumbered in some reports)


_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年")
_DATE = re.compile(r"([12][0-9]{3})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日")
_CN_DATE = re.compile(
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_ISO_DATE = re.compile(r"((?:19|20)[0-9]{2})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})")
_TITLE_WORDS = ("信息公开", "政务公开")
_TITLE_END = re.compile(r"(?:信息公开|政务公开).*(?:报告|年报)")
_AGENCY_SUFFIX = "省市县区州盟旗镇乡局委办厅府院署会"


def _cn_digit(text: str) -> int:
    from ..numbers import parse_chinese_number

    if len(text) == 4:
        return int("".join(str("〇一二三四五六七八九".index(c) if c != "零" else 0) for c in text))
    return parse_chinese_number(text)


def _date_in(text: str) -> datetime.date | None:
    normal = simplify(text)
    for pattern in (_DATE, _ISO_DATE):
        match = pattern.search(normal)
        if match:
            try:
                return datetime.date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    match = _CN_DATE.search(normal)
    if match:
        try:
            return datetime.date(*(_cn_digit(g) for g in match.groups()))
        except ValueError:
            return None
    return None


# --- the label index ---------------------------------------------------------------------------


@frozen
class _Target:
    """A statutory row the reader can place figures in."""

    table: str
    name: str
    order: int
    forms: tuple[Edition | None, ...]


def _body(key: str) -> str:
    """A key without its leading numbering (``(三)``, ``1.``, ``一、``)."""
    return re.sub(r"^(?:\([一二三四五六七八九十]+\)|[0-9]{1,2}\.|[一二三四五六七八九十]+)", "", key)


@cache
def _t3_targets() -> tuple[tuple[_Target, ...], dict[str, list[_Target]]]:
    """Table 三's rows of both forms, in statutory order, by key and by key without number."""
    rows: list[tuple[str, str, Edition]] = []
    for form in (Edition.E2021, Edition.E2019):
        for row in table_spec("三", form).rows:
            rows.append((row.name, row.label, form))
    ordered: dict[str, _Target] = {}
    order = 0
    for name, _label, _form in sorted(rows, key=lambda r: _t3_order(r[0])):
        if name not in ordered:
            forms = tuple(f for n, _, f in rows if n == name)
            ordered[name] = _Target("三", name, order, forms)
            order += 1
    index: dict[str, list[_Target]] = {}
    for name, label, _form in rows:
        target = ordered[name]
        key = label_key(label)
        for k in {key, _body(key)}:
            if (k == key or len(k) >= _MIN_PART) and target not in index.setdefault(k, []):
                index[k].append(target)
    return tuple(ordered.values()), index


def _t3_order(name: str) -> tuple[int, int]:
    spec = table_spec("三", Edition.E2021)
    names = [r.name for r in spec.rows]
    if name in names:
        return (names.index(name), 0)
    return (names.index("other.no_correction"), -1)  # the 2019 single （六） row


_MIN_PART = 4
"""The fewest characters of a label's key a cut-off or split label is matched by."""
_RUN_IN = 12
"""The most characters of other text a label run into its neighbours may carry."""


@lru_cache(maxsize=4096)
def _t3_candidates(keys: tuple[str, ...]) -> tuple[_Target, ...]:
    """:func:`_candidates` in table 三's index (the same label cells recur across reports)."""
    return tuple(_candidates(keys, _t3_targets()[1]))


def _candidates(keys: Sequence[str], index: Mapping[str, list[_Target]]) -> list[_Target]:
    """The rows a row's label cells may name, innermost label first; exact keys win."""
    for key in reversed(keys):
        if key in index:
            return list(index[key])
        body = _body(key)
        if body != key and body in index:
            return list(index[body])
    found: list[_Target] = []
    for key in reversed(keys):
        body = _body(key)
        if len(body) < _MIN_PART:
            continue
        hits = [t for k, ts in index.items() if len(k) >= _MIN_PART and body in k for t in ts]
        hits = list(dict.fromkeys(hits))
        if hits:
            if len(hits) == 1:
                return hits
            found = found or hits
    if found:
        return found
    body = _body("".join(keys))
    if len(body) >= _MIN_PART:
        # A label with fragments of its neighbours run into it ("予处理4.无正当理由…"): a
        # known label inside a short text, never inside a sentence of the narrative.
        hits = [
            t
            for k, ts in index.items()
            if len(k) >= _MIN_PART and k in body and len(body) <= len(k) + _RUN_IN
            for t in ts
        ]
        return list(dict.fromkeys(hits))
    return []


# --- the reader --------------------------------------------------------------------------------


@frozen
class _Read:
    """A statutory table as read: its spec (form) and the values placed, by cell path."""

    spec: TableSpec
    values: dict[str, Cell]


@define
class _Placed:
    target: _Target
    figures: list[str]
    row: _Row


@define
class _Reader:
    rows: list[_Row]
    file: str | None
    findings: list[Finding] = field(factory=list)
    absent: set[str] = field(factory=set)
    sources: dict[str, Source] = field(factory=dict)
    printed: dict[str, str] = field(factory=dict)
    value_columns: dict[int, int] = field(factory=dict)
    """Table 三: the grid column its figures begin at, by grid (from the header 自然人)."""

    def report(self, code: str, location: Location, message: str, source: Source | None) -> None:
        r = rule(code)
        self.findings.append(Finding(code, r.severity, message, location, source))

    # --- sections ---

    def sections(self) -> dict[int, tuple[int, int]]:
        """Row ranges of the sections found: number → (first row after the heading, end)."""
        starts: list[tuple[int, int]] = []
        current = 0
        for row in self.rows:
            number = _heading(row)
            if number is not None and number > current:
                starts.append((number, row.index))
                row.used = True
                current = number
            row.section = current
        spans: dict[int, tuple[int, int]] = {}
        for i, (number, start) in enumerate(starts):
            end = starts[i + 1][1] if i + 1 < len(starts) else len(self.rows)
            spans[number] = (start + 1, end)
        return spans

    # --- table 三 ---

    def table3(self, year_form: Edition) -> _Read | None:
        targets = _t3_targets()[0]
        anchor = None
        placed: list[_Placed] = []
        labelled: list[tuple[_Row, list[_Target]]] = []
        bare: list[_Row] = []
        note_key, caption_key = label_key(TABLE3_NOTE), label_key(T3_CAPTION)
        first_column = label_key(T3_COLUMNS[0].label)
        for row in self.rows:
            if row.prose:
                continue
            if row.grid is not None and first_column in row.keys:
                # The header of the applicant columns: where a grid's figures begin.
                column = row.columns[row.keys.index(first_column)]
                self.value_columns.setdefault(row.grid, column)
            if any(k == caption_key or (len(k) > 10 and k in note_key) for k in row.keys):
                anchor = anchor if anchor is not None else row.index
                row.used = True
                continue
            labels, figures = _split_row(row)
            if not labels:
                if not row.used and any(figures):
                    bare.append(row)
                continue
            found = list(_t3_candidates(tuple(row.keys[i] for i in labels)))
            if found:
                labelled.append((row, found))
        if not labelled and anchor is None:
            return None
        start = min([r.index for r, _ in labelled] + ([anchor] if anchor is not None else []))
        stop = max(r.index for r, _ in labelled) if labelled else start
        bare = [b for b in bare if start < b.index]
        # Resolve each labelled row, in file order; ties by statutory order after the last.
        last = -1
        taken: dict[str, _Placed] = {}
        label_only: list[tuple[_Row, _Target]] = []
        for row, found in labelled:
            figures = self._figures(row)
            target = found[0]
            if len(found) > 1:
                free = [t for t in found if t.name not in taken]
                after = [t for t in free if t.order > last]
                target = (after or free or found)[0]
            row.used = True
            if not any(figures):
                label_only.append((row, target))
                continue
            last = target.order
            entry = _Placed(target, figures, row)
            if target.name in taken:
                self._repeated("三", taken[target.name], entry)
                continue
            taken[target.name] = entry
            placed.append(entry)
        # One figure per line after a label (a table printed one cell per line).
        for row, target in label_only:
            if target.name in taken:
                continue
            figures = self._following_figures(row, 7)
            if figures:
                entry = _Placed(target, figures, row)
                taken[target.name] = entry
                placed.append(entry)
        names = {t.name for t in targets}
        sub_items = {n for n in names if n.startswith("other.")}
        mentioned = {t.name for _, t in label_only} | set(taken)
        if sub_items & mentioned:
            form = Edition.E2021
        elif "other" in mentioned:
            form = Edition.E2019
        else:
            form = year_form
        spec = table_spec("三", form)
        order = [r.name for r in spec.rows]
        placed = [p for p in placed if p.target.name in order or self._unknown("三", p)]
        placed.sort(key=lambda p: p.row.index)
        placed = self._fill_gaps(spec, placed, bare, mentioned, stop)
        return self._build(spec, placed, mentioned, anchor)

    def _figures(self, row: _Row) -> list[str]:
        """The figures of a row of table 三: under the applicant columns when its grid has
        their header, else the cells after its label."""
        start = self.value_columns.get(row.grid) if row.grid is not None else None
        if start is not None and not row.prose:
            return [c for c, column in zip(row.cells, row.columns, strict=True) if column >= start]
        return _split_row(row)[1]

    def _following_figures(self, row: _Row, width: int) -> list[str]:
        """The figures printed one per line right after a label: exactly ``width`` of them,
        or none (a lone figure after a label is no row of figures)."""
        following: list[_Row] = []
        for nxt in self.rows[row.index + 1 : row.index + 1 + width]:
            cells = [c for c in nxt.cells if c]
            if len(cells) != 1 or not looks_numeric(cells[0]) or nxt.used:
                break
            following.append(nxt)
        if len(following) != width:
            return []
        for nxt in following:
            nxt.used = True
        return [nxt.cells[0] for nxt in following]

    def _unknown(self, key: str, placed: _Placed) -> bool:
        label = " ".join(c for c in placed.row.cells if c and not looks_numeric(c))
        self.report(
            "R011",
            Location(key),
            f"“{label}”不是本表格式中的行，其数字（{'、'.join(f for f in placed.figures if f)}）未读入",
            placed.row.source(self.file),
        )
        return False

    def _repeated(self, key: str, first: _Placed, again: _Placed) -> None:
        spec_rows = {
            r.name: r
            for s in (table_spec(key, Edition.E2019), table_spec(key, Edition.E2021))
            for r in s.rows
        }
        row = spec_rows.get(first.target.name)
        location = Location(key, row.labels if row else ())
        if [f for f in first.figures if f] == [f for f in again.figures if f]:
            self.report(
                "R016", location, "本行重复印出，数字相同，取第一次", again.row.source(self.file)
            )
        else:
            shown = "、".join(f or "空" for f in again.figures)
            self.report(
                "R021",
                location,
                f"本行重复印出且数字不同（{shown}），取第一次",
                again.row.source(self.file),
            )

    def _fill_gaps(
        self,
        spec: TableSpec,
        placed: list[_Placed],
        bare: list[_Row],
        mentioned: set[str],
        stop: int,
    ) -> list[_Placed]:
        """Place rows of figures printed without a label (see the module documentation).

        Only full rows (as many figures as columns) fill a gap; a lone figure among the rows,
        or a row in a gap that does not leave exactly as many statutory rows, is reported.
        After the last labelled row only full rows count (the table may simply end)."""
        width = len(spec.columns)
        bare = [b for b in bare if not b.used]  # not figures read one per line after a label
        full = [b for b in bare if len(_trimmed(self._figures(b), width)) == width]
        stray = [b for b in bare if b not in full and b.index < stop]
        bare = full
        for brow in stray:
            brow.used = True
            figures = "、".join(c for c in brow.cells if c)
            self.report(
                "R020",
                Location(spec.key),
                f"表中的数字（{figures}）没有行名，无法确定属于哪一行，未读入",
                brow.source(self.file),
            )
        if not bare:
            return placed
        order = [r.name for r in spec.rows]
        position = {n: i for i, n in enumerate(order)}
        taken = {p.target.name for p in placed}
        targets = {t.name: t for t in _t3_targets()[0]}
        out = list(placed)
        bounds = [(-1, -1)] + [(p.row.index, position[p.target.name]) for p in placed]
        bounds.append((len(self.rows), len(order)))
        left_over: list[_Row] = []
        for (row_a, pos_a), (row_b, pos_b) in pairwise(bounds):
            rows_between = [b for b in bare if row_a < b.index < row_b and not b.used]
            if not rows_between:
                continue
            missing = [n for n in order[pos_a + 1 : pos_b] if n not in taken]
            if row_a >= 0 and len(missing) == len(rows_between) and pos_b > pos_a:
                for name, brow in zip(missing, rows_between, strict=True):
                    brow.used = True
                    out.append(_Placed(targets[name], self._figures(brow), brow))
                    taken.add(name)
                    mentioned.add(name)
                    row = spec.rows[position[name]]
                    self.report(
                        "R019",
                        Location("三", row.labels),
                        "本行数字未印行名，按其在前后两个有行名的行之间的位置读入",
                        brow.source(self.file),
                    )
            else:
                left_over.extend(rows_between)
        for brow in left_over:
            if brow.index > stop:
                continue
            brow.used = True
            figures = "、".join(c for c in brow.cells if c)
            self.report(
                "R020",
                Location("三"),
                f"表中一行数字（{figures}）没有行名，无法确定属于哪一行，未读入",
                brow.source(self.file),
            )
        return sorted(out, key=lambda p: p.row.index)

    # --- building a table ---

    def _build(
        self, spec: TableSpec, placed: list[_Placed], mentioned: set[str], anchor: int | None
    ) -> _Read:
        values: dict[str, Cell] = {}
        by_row: dict[str, list[CellSpec]] = {}
        for cell in spec.cells:
            by_row.setdefault(cell.row.name, []).append(cell)
        for p in placed:
            cells = by_row.get(p.target.name)
            if cells is None:
                continue
            self._place(spec, cells, p.figures, p.row, values)
        missing = [r for r in spec.rows if r.name not in mentioned]
        self._missing(spec, missing, any(p for p in placed))
        return _Read(spec, values)

    def _place(
        self,
        spec: TableSpec,
        cells: list[CellSpec],
        figures: list[str],
        row: _Row,
        values: dict[str, Cell],
    ) -> None:
        prefix = spec.attr + "."
        width = len(cells)
        figures = _trimmed(figures, width)
        if not any(figures):
            return  # a row printed with every cell blank
        location = Location(spec.key, cells[0].row.labels)
        if len(figures) != width:
            for cell in cells:
                self.absent.add(prefix + cell.path)
            shown = "、".join(f or "空" for f in figures)
            if len(figures) > width:
                self.report(
                    "R014",
                    location,
                    f"本行印有 {len(figures)} 个单元格（{shown}），应为 {width} 个，未读入",
                    row.source(self.file),
                )
                return
            splits = _digit_splits(spec, cells, figures)
            if splits:
                options = "；".join("、".join(str(v) for v in s) for s in splits[:5])
                more = f"等 {len(splits)} 种" if len(splits) > 5 else ""
                self.report(
                    "R018",
                    location,
                    f"本行数字（{shown}）少于 {width} 列，疑为相邻单元格数字粘连；"
                    f"满足勾稽关系的拆分有：{options}{more}，未读入",
                    row.source(self.file),
                )
                return
            self.report(
                "R013",
                location,
                f"本行只印有 {len(figures)} 个数字（{shown}），应为 {width} 列，"
                "无法确定各属哪一列，未读入",
                row.source(self.file),
            )
            return
        for cell, text in zip(cells, figures, strict=True):
            path = prefix + cell.path
            reading = read_cell(text, cell)
            self.sources[path] = row.source(self.file)
            values[cell.path] = reading.value
            if reading.printed is not None:
                self.printed[path] = reading.printed
            if reading.unreadable:
                self.report(
                    "R015",
                    Location(spec.key, cell.row.labels, cell.column.labels),
                    f"单元格印为“{reading.printed}”，读不出数字，按空白处理",
                    self.sources[path],
                )

    def _missing(self, spec: TableSpec, missing: list[Any], any_placed: bool) -> None:
        if not missing:
            return
        prefix = spec.attr + "."
        for row in missing:
            for cell in spec.cells:
                if cell.row.name == row.name:
                    self.absent.add(prefix + cell.path)
        names = [r.name for r in spec.rows]
        positions = sorted(names.index(r.name) for r in missing)
        tail = positions == list(range(len(names) - len(missing), len(names)))
        head = positions == list(range(len(missing)))
        if (tail or head) and len(missing) > 1:
            which = "末尾" if tail else "开头"
            first = missing[0] if tail else missing[-1]
            self.report(
                "R017",
                Location(spec.key),
                f"表{spec.key}{which}缺少 {len(missing)} 行（自“{first.label or spec.key}”起），"
                "表格可能不完整；有关勾稽关系不予核对",
                None,
            )
            return
        for row in missing:
            self.report(
                "R012",
                Location(spec.key, row.labels),
                "未找到本行；其单元格按缺失处理，有关勾稽关系不予核对",
                None,
            )

    # --- table 二 ---

    def table2(self, year_form: Edition) -> _Read | None:
        rows_by_key, columns_by_key, blocks = _t2_index()
        votes: Counter[Edition] = Counter()
        header_columns: list[str] = []
        found: list[_Placed] = []
        anchor = False
        content = label_key(T2_CONTENT_HEADER)
        for row in self.rows:
            keys = [k for k in row.keys if k]
            if not keys or row.prose:
                continue
            if keys[0].startswith("第二十条第") and keys[0][5:] in blocks:
                anchor = True
                row.used = True
                continue
            if keys[0].startswith(content):
                rest = [keys[0][len(content) :], *keys[1:]]
                header_columns = _header_labels(rest, columns_by_key)
                for column in header_columns:
                    votes.update(columns_by_key[column][1])
                row.used = True
                anchor = True
                continue
            labels, figures = _split_row(row)
            if not labels:
                continue
            key = row.keys[labels[-1]]
            name = rows_by_key.get(key) or _annotated_label(key, rows_by_key)
            if name is None:
                continue
            anchor = True
            row.used = True
            if name in ("other_services", "procurement"):
                votes[Edition.E2019] += 2
            if not any(figures):
                figures = self._following_figures(row, 3)
            found.append(_Placed(_Target("二", name, 0, ()), figures, row))
        if not anchor:
            return None
        for p in found:
            if p.target.name in ("licensing", "punishment", "enforcement"):
                count = len([f for f in p.figures if f])
                if count == 1:
                    votes[Edition.E2021] += 1
                elif count >= 2:
                    votes[Edition.E2019] += 1
        if votes[Edition.E2019] == votes[Edition.E2021]:
            form = year_form
        else:
            form = max(votes, key=lambda e: votes[e])
        spec = table_spec("二", form)
        names = {r.name for r in spec.rows}
        taken: dict[str, _Placed] = {}
        placed: list[_Placed] = []
        for p in found:
            if p.target.name not in names:
                self._unknown("二", p)
                continue
            if p.target.name in taken:
                self._repeated("二", taken[p.target.name], p)
                continue
            taken[p.target.name] = p
            placed.append(p)
        return self._build(spec, placed, set(taken), None)

    # --- table 四 ---

    def table4(self) -> _Read | None:
        spec = table_spec("四")
        review, direct, after = (
            label_key(x) for x in ("行政复议", "未经复议直接起诉", "复议后起诉")
        )
        anchor: _Row | None = None
        groups: dict[str, tuple[list[str], _Row]] = {}
        group_keys = {review: "review", direct: "lawsuit_direct", after: "lawsuit_after_review"}
        for row in self.rows:
            labels, figures = _split_row(row)
            keys = [row.keys[i] for i in labels]
            group = group_keys.get(keys[-1]) if keys else None
            if group is not None and any(figures):
                # Table 四 printed one row per group (行政复议, 未经复议直接起诉, 复议后起诉).
                if group not in groups:
                    groups[group] = (figures, row)
                    row.used = True
                    anchor = anchor or row
                continue
            if keys and not any(figures) and all(_t4_header(k) for k in keys):
                anchor = anchor or row
                row.used = True
        if anchor is None:
            return None
        values: dict[str, Cell] = {}
        if groups:
            for group, (figures, row) in groups.items():
                cells = [c for c in spec.cells if c.path.startswith(group + ".")]
                self._place(spec, cells, figures, row, values)
            for group in group_keys.values():
                if group not in groups:
                    for c in spec.cells:
                        if c.path.startswith(group + "."):
                            self.absent.add("reviews." + c.path)
            return _Read(spec, values)
        data = self._t4_data(anchor)
        if data is not None:
            figures, row = data
            self._place(spec, list(spec.cells), figures, row, values)
        return _Read(spec, values)

    def _t4_data(self, anchor: _Row) -> tuple[list[str], _Row] | None:
        figures: list[str] = []
        first: _Row | None = None
        for row in self.rows[anchor.index + 1 :]:
            if row.section != anchor.section:
                break
            labels, cells = _split_row(row)
            if labels:
                if figures:
                    break
                continue
            if not any(cells):
                continue
            first = first or row
            row.used = True
            figures.extend(cells if row.grid is not None else [c for c in cells if c])
            if len([f for f in figures if f]) >= len(T4_COLUMNS) or row.grid is not None:
                break
        return (figures, first) if first is not None else None


@cache
def _t4_words() -> tuple[str, ...]:
    words = {label_key(label) for column in T4_COLUMNS for label in column.labels}
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4096)
def _t4_header(key: str) -> bool:
    """Whether a cell holds nothing but table-四 header words (``行政复议行政诉讼``,
    ``结果维持``), possibly run together."""
    rest = key
    while rest:
        rest = rest.lstrip("/")  # the library's Markdown joins header paths with " / "
        if not rest:
            break
        word = next((w for w in _t4_words() if rest.startswith(w)), None)
        if word is None:
            return False
        rest = rest[len(word) :]
    return bool(key)


def _trimmed(figures: Sequence[str], width: int) -> list[str]:
    """Figures without the blank padding cells a row may carry beyond its ``width``."""
    out = list(figures)
    while len(out) > width and not out[0]:  # label columns left empty
        out.pop(0)
    while len(out) > width and not out[-1]:  # padding after the last column
        out.pop()
    return out


@cache
def _t2_index() -> tuple[dict[str, str], dict[str, tuple[str, tuple[Edition, ...]]], set[str]]:
    rows: dict[str, str] = {}
    columns: dict[str, tuple[str, tuple[Edition, ...]]] = {}
    items: set[str] = set()
    for form in (Edition.E2019, Edition.E2021):
        spec = table_spec("二", form)
        for block in spec.blocks:
            items.add(label_key(block.item) + "项")
            for row in block.rows:
                rows[label_key(row.label)] = row.name
            for column in block.columns:
                for label in (column.label, *LABEL_VARIANTS.get(column.label, ())):
                    key = label_key(label)
                    name, forms = columns.get(key, (column.name, ()))
                    if form not in forms:
                        forms = (*forms, form)
                    columns[key] = (name, forms)
    return rows, columns, items


def _annotated_label(key: str, rows_by_key: Mapping[str, str]) -> str | None:
    """A table-二 row label with a note after it (``规章(设区的市…)``)."""
    if "(" not in key:
        return None
    for label, name in rows_by_key.items():
        if key.startswith(label + "("):
            return name
    return None


def _header_labels(keys: Sequence[str], columns: Mapping[str, Any]) -> list[str]:
    """Column labels of a table-二 header row, its cells possibly run together."""
    out: list[str] = []
    known = sorted(columns, key=len, reverse=True)
    for key in keys:
        rest = key
        while rest:
            hit = next((k for k in known if rest.startswith(k)), None)
            if hit is None:
                break
            out.append(hit)
            rest = rest[len(hit) :]
            rest = re.sub(r"^\([^)]*\)", "", rest)
    return out


def _digit_splits(spec: TableSpec, cells: list[CellSpec], figures: list[str]) -> list[list[int]]:
    """Splits of run-together digits into ``len(cells)`` figures that satisfy the table's
    relations among these cells (only tried when every figure is plain digits)."""
    if not figures or not all(f.isdigit() for f in figures):
        return []
    need = len(cells) - len(figures)
    digits = sum(len(f) for f in figures)
    if need <= 0 or digits < len(cells) or digits > 24:
        return []
    indexes = [c.index for c in cells]
    relations = [r for r in spec.relations if set(r.left) | set(r.right) <= set(indexes)]
    if not relations:
        return []
    out: list[list[int]] = []
    for parts in _compositions(figures, len(cells)):
        value = dict(zip(indexes, parts, strict=True))
        if all(sum(value[i] for i in r.left) == sum(value[i] for i in r.right) for r in relations):
            out.append(parts)
            if len(out) > 50:
                break
    return out


def _compositions(figures: list[str], total: int) -> Iterable[list[int]]:
    """Every way to cut each digit string into numbers (no leading zeros), ``total`` in all."""
    cuts_per: list[list[list[int]]] = []
    for f in figures:
        options: list[list[int]] = []
        for k in range(1, len(f) + 1):
            for cut in combinations(range(1, len(f)), k - 1):
                bounds = (0, *cut, len(f))
                parts = [f[a:b] for a, b in pairwise(bounds)]
                if any(len(p) > 1 and p[0] == "0" for p in parts):
                    continue
                options.append([int(p) for p in parts])
        cuts_per.append(options)

    def walk(i: int, acc: list[int]) -> Iterable[list[int]]:
        if i == len(cuts_per):
            if len(acc) == total:
                yield acc
            return
        for option in cuts_per[i]:
            if len(acc) + len(option) <= total:
                yield from walk(i + 1, acc + option)

    return walk(0, [])


# --- metadata and narrative --------------------------------------------------------------------


@define
class _Meta:
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    edition: Edition | None = None
    published: datetime.date | None = None


_META_LABELS = {META_AGENCY: "agency", META_YEAR: "year", META_EDITION: "edition"}
_META_LABELS[META_PUBLISHED] = "published"
_META = re.compile("|".join(re.escape(label) for label in _META_LABELS))


def _meta_items(text: str) -> list[tuple[str, str]]:
    """The metadata items of a line (``报告机关：…``), several when run together on one line."""
    matches = list(_META.finditer(text))
    if not matches or matches[0].start() != 0:
        return []
    items = []
    for m, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        items.append((_META_LABELS[m.group(0)], text[m.end() : end].strip()))
    return items


def _edition_of(text: str) -> Edition | None:
    normal = label_key(text)
    for edition in Edition:
        if label_key(edition.document) in normal:
            return edition
    return None


def _metadata(reader: _Reader, first_section: int) -> tuple[_Meta, list[str]]:
    """Title, agency, year, edition and date printed before section 一; what they lacked."""
    meta = _Meta()
    notes: list[str] = []
    head = reader.rows[:first_section]
    from_title = False
    for i, row in enumerate(head):
        text = row.text.lstrip("-*• ").strip()
        items = _meta_items(text)
        for what, value in items:
            row.used = True
            if meta.title is None and i > 0 and not head[i - 1].used:
                # The library's own layout: the title stands right above the metadata.
                meta.title = clean_text(head[i - 1].text)
                head[i - 1].used = True
            if what == "agency":
                meta.agency = value
            elif what == "year":
                match = re.search(r"[0-9]{4}", simplify(value))
                meta.year = int(match.group(0)) if match else None
            elif what == "edition":
                meta.edition = _edition_of(value)
            else:
                meta.published = _date_in(value)
        if items:
            continue
        if meta.title is None and any(w in simplify(text) for w in _TITLE_WORDS):
            title = text
            if not _TITLE_END.search(simplify(title)) and i + 1 < len(head):
                following = head[i + 1].text
                if len(following) <= 20 and _TITLE_END.search(simplify(title + following)):
                    title += following
                    head[i + 1].used = True
            if _TITLE_END.search(simplify(title)) and len(title) <= 80:
                meta.title = clean_text(title.lstrip("#").strip())
                row.used = True
    if meta.year is None and meta.title:
        match = _YEAR.search(simplify(meta.title))
        if match:
            meta.year = int(match.group(1))
    if meta.agency is None and meta.title:
        meta.agency = _agency_in_title(meta.title)
        from_title = True
    if meta.year is None:
        years = Counter(
            int(m.group(1)) for r in reader.rows for m in _YEAR.finditer(simplify(r.text))
        )
        if years:
            meta.year = years.most_common(1)[0][0]
            notes.append(f"标题中没有年度，取正文中最常见的年份 {meta.year}")
    if from_title and meta.agency and not any(c in meta.agency for c in "省市县区州盟旗"):
        fuller = _fuller_agency(meta.agency, reader.rows)
        if fuller:
            notes.append(f"标题中的机关名称“{meta.agency}”不完整，取正文中的“{fuller}”")
            meta.agency = fuller
    if not meta.agency:
        notes.append("未找到报告机关名称")
    return meta, notes


def _agency_in_title(title: str) -> str:
    text = re.sub(r"\s+", "", simplify(title))
    text = re.sub(r"(?:19|20)[0-9]{2}年度?", "", text)
    cut = min(
        (text.find(w) for w in ("政府信息公开", "政务公开", "信息公开") if w in text),
        default=len(text),
    )
    agency = text[:cut]
    agency = re.sub(r"关于$", "", agency)
    return agency.strip("《》“”\"'·:：,，、 ")


def _fuller_agency(agency: str, rows: Sequence[_Row]) -> str | None:
    pattern = re.compile(r"([\u4e00-\u9fff]{1,10}[省市县区州盟旗])" + re.escape(agency))
    found: Counter[str] = Counter()
    for row in rows:
        for match in pattern.finditer(simplify(row.text)):
            found[match.group(0)] += 1
    return found.most_common(1)[0][0] if found else None


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


def _paragraphs(rows: Sequence[_Row]) -> tuple[str, ...]:
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


def _closing(reader: _Reader, agency: str) -> datetime.date | None:
    """A closing date (and the signature above it) at the end of the report."""
    tail = [r for r in reader.rows if not r.used][-3:]
    for row in reversed(tail):
        text = simplify(row.text).replace(" ", "")
        if len(text) <= 16:
            date = _date_in(text)
            if date is not None and (_DATE.fullmatch(text) or _CN_DATE.fullmatch(text)):
                row.used = True
                before = reader.rows[row.index - 1] if row.index > 0 else None
                if (
                    before is not None
                    and agency
                    and label_key(before.text).endswith(label_key(agency)[-3:])
                ):
                    before.used = True
                return date
    return None


def read_blocks(blocks: Iterable[Block], *, file: str | None = None) -> Reading:
    """Read a document's blocks into a report (see the module documentation).

    Raises :class:`~gov_disclosure.ParseError` when the blocks hold no report at all (no
    section heading and no statutory table).
    """
    from ..errors import ParseError

    rows = _rows(blocks)
    reader = _Reader(rows, file)
    spans = reader.sections()
    first = min((start - 1 for start, _ in spans.values()), default=len(rows))
    meta, notes = _metadata(reader, first)
    year_form = meta.edition or Edition.for_year(meta.year or 2021)
    reviews = reader.table4()
    t3 = reader.table3(year_form)
    t2 = reader.table2(t3.spec.form or year_form if t3 else year_form)
    if not spans and t3 is None and t2 is None and reviews is None:
        raise ParseError(
            "no annual report found: no section heading (一、总体情况 …) and no statutory table",
            file=file,
        )
    if meta.year is None:
        raise ParseError(
            "the report's year is printed nowhere (title, 报告年度 or text)", file=file
        )
    for note in notes:
        reader.report("R002", Location(), note, None)
    for section in SECTIONS:
        if section.number not in spans:
            reader.report(
                "R001",
                Location(_NUMERALS[section.number - 1]),
                f"未找到章节标题“{section.title}”",
                None,
            )
    for row in rows:
        if _note(label_key(row.text)):
            row.used = True
    agency = meta.agency or ""
    published = meta.published or _closing(reader, agency)
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
    read = {"proactive": t2, "applications": t3, "reviews": reviews}
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
    title = meta.title
    if title is not None and title == f"{agency}{meta.year}年政府信息公开工作年度报告":
        title = None
    report = AnnualReport(
        agency=agency,
        year=meta.year,
        edition=edition,
        title=title,
        published=published,
        printed=printed,
        overview=narrative["overview"],
        problems=narrative["problems"],
        other_matters=narrative["other_matters"],
        proactive=tables["proactive"],
        applications=tables["applications"],
        reviews=tables["reviews"],
    )
    return Reading(report, tuple(reader.findings), frozenset(reader.absent), dict(reader.sources))
