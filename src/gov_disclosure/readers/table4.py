"""Table 四: the review and litigation figures, read by its header and group labels.

Agencies and crawlers print the table in many layouts; each rule below is written for the
variation it names:

* **headers over one, two or three lines** — ``行政复议 | 行政诉讼``, then ``未经复议直接起诉 |
  复议后起诉``, then the five outcomes repeated; with or without the group labels, the words run
  together (crawled text) or split over lines and cells (``行政`` / ``复议``, OCR). The header's
  words are read as a sequence (:func:`header_words`); the groups' order is the order their
  labels are printed in (the two litigation groups in either order, at ``行政诉讼``'s place), the
  outcomes' order that of their first five labels; without group labels, the statutory order;
* **the figures after a header** — on one line, one per line, or run together: as many as the
  header's groups have cells are taken, and placed by
  :func:`~gov_disclosure.readers.placing.place_rows` (the group sums decide digits run together
  or blank cells that left no trace; several placements give a finding, no value);
* **groups printed as separate tables** — each header is followed by its own figures and names
  its own groups (``行政复议`` alone, ``行政诉讼`` with its two groups, or each group alone);
* **one row per group** — a row labelled ``行政复议``, ``未经复议直接起诉`` or ``复议后起诉`` holds
  that group's five figures;
* **transposed** — rows labelled by an outcome (``结果维持 1 0 2``) hold one figure per group, in
  the order of the groups' labels in the header;
* **OCR** — full-width digits; the letter ``O`` for a zero is read as 0 only where every group
  sum of its row confirms it (R023), otherwise the cell is unreadable (R015).

The table is read within the section of its first header or group row; a sentence, another
table's labelled row or the next section ends it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from functools import cache, lru_cache

from attrs import define, field, frozen

from .._i18n import _f
from ..findings import Finding, Location
from ..grid import table_caption
from ..statutory import T4_COLUMNS, CellSpec, TableSpec, table_spec
from .normalize import label_key, simplify
from .placing import Entry, TableRead, finding, place_rows, shown
from .rows import Row
from .values import looks_numeric

__all__ = ["Word", "header_words", "read_table4"]

GROUP, PARENT, OUTCOME, FILLER = "group", "parent", "outcome", "filler"
_FILLERS = ("情况", "项目", "类别", "单位件", "单位", "(件)", "件", "数量", "表四")
"""Words printed around table 四's labels that name nothing: skipped in a header."""
_OCR_FIGURE = re.compile(r"[0-9０-９OoＯｏ]*[OoＯｏ][0-9０-９OoＯｏ]*")
"""A figure with the letter O where a 0 is meant (OCR)."""
_O = str.maketrans("OoＯｏ", "0000")
_SHORT_LABEL = 4
"""The longest unknown label a row of figures may carry after a header (``数量``, ``件数``)."""


@frozen
class Word:
    """A word of table 四's header: its kind (group, parent, outcome, filler) and the name it
    stands for (``review``, ``upheld``; '' for the parent ``行政诉讼`` and fillers)."""

    kind: str
    name: str


@cache
def _vocabulary() -> tuple[tuple[str, Word], ...]:
    words: dict[str, Word] = {}
    for column in T4_COLUMNS:
        group, outcome = column.name.split(".")
        words[label_key(column.labels[-2])] = Word(GROUP, group)
        words[label_key(column.labels[-1])] = Word(OUTCOME, outcome)
        if len(column.labels) > 2:
            words[label_key(column.labels[0])] = Word(PARENT, "")
    for filler in _FILLERS:
        words.setdefault(label_key(filler), Word(FILLER, ""))
    return tuple(sorted(words.items(), key=lambda kv: len(kv[0]), reverse=True))


@lru_cache(maxsize=4096)
def header_words(key: str) -> tuple[tuple[Word, ...], str]:
    """The words of table 四's header in a label key, read from its start (longest first), and
    the rest of the key from where no word matches ('' when every character is read)."""
    out: list[Word] = []
    rest = key.replace("/", "")
    while rest:
        hit = next(((k, w) for k, w in _vocabulary() if rest.startswith(k)), None)
        if hit is None:
            break
        out.append(hit[1])
        rest = rest[len(hit[0]) :]
    return tuple(out), rest


def _prefix(rest: str) -> bool:
    """Whether ``rest`` is the start of a header word cut by a line or cell break."""
    return rest in _prefixes()


@cache
def _prefixes() -> frozenset[str]:
    return frozenset(k[:n] for k, _ in _vocabulary() for n in range(1, len(k)))


@cache
def _hint() -> re.Pattern[str]:
    """Every two characters in a row of table 四's label words (from the spec): a row of its
    header, even a word cut across rows (``行政`` / ``复议``), holds one; rows without any are
    passed over quickly."""
    pairs = {k[i : i + 2] for k, w in _vocabulary() if w.kind != FILLER for i in range(len(k) - 1)}
    return re.compile("|".join(sorted(pairs)))


@lru_cache(maxsize=65536)
def _figure(text: str) -> bool:
    return looks_numeric(text) or _OCR_FIGURE.fullmatch(text) is not None


@frozen
class _Line:
    """A row as table 四 sees it: its header words, figures, and whether it holds other text
    (``unknown``: the length of that text's key, 0 for none)."""

    row: Row
    words: tuple[Word, ...]
    figures: tuple[str, ...]
    unknown: int
    carry: str
    """The start of a header word the row ends with, completed by the next row."""


def _line(row: Row, carry: str) -> _Line:
    # Blank cells stand where they are (a grid's, an empty field between tabs); a text cell
    # is cut at spaces too (``行政复议 1 O``: OCR).
    cells = row.cells if row.grid is not None else [t for c in row.cells for t in c.split() or [""]]
    labels: list[str] = []
    start = 0
    for i, cell in enumerate(cells):
        if cell and _figure(cell):
            break
        if cell:
            labels.append(cell)
            start = i + 1
    else:
        start = len(cells)
    figures = tuple(cells[start:]) if labels else tuple(cells)
    if not all(map(_figure, filter(None, figures))):  # a cell that is no figure
        return _Line(row, (), figures, 99, "")
    key = carry + "".join(_uncaptioned(label_key(c)) for c in labels)
    words, rest = header_words(key)
    if rest and not figures and _prefix(rest):
        return _Line(row, tuple(words), (), 0, rest)
    return _Line(row, tuple(words), figures, len(rest), "")


@cache
def _captions() -> tuple[str, ...]:
    """The keys of table 四's caption, with and without its ``表四``, longest first."""
    caption = label_key(table_caption("四"))
    return (caption, caption.removeprefix(label_key("表四")))


def _uncaptioned(key: str) -> str:
    """A label cell's key without the caption it begins with (a spreadsheet or page may put
    the caption and the first header label in one merged cell: ``表四 …情况 / 行政复议``)."""
    for caption in _captions():
        if key.startswith(caption) and len(key) > len(caption):
            return key[len(caption) :]
    return key


def _lines(rows: Sequence[Row], claimed: Collection[int]) -> Iterator[_Line]:
    """The rows from the first as table 四 sees them (a claimed row or a sentence holds
    nothing; a row's carry completes the next row's first word)."""
    carry = ""
    for row in rows:
        if row.index in claimed or row.prose:
            yield _Line(row, (), (), 99 if row.prose else 0, "")
            carry = ""
            continue
        line = _line(row, carry)
        carry = line.carry
        yield line


def _start(rows: Sequence[Row], claimed: Collection[int]) -> int | None:
    """The index of the row table 四 starts at (see :func:`_starts`), or None."""
    carry = ""
    hint = _hint().search
    for row in rows:
        if row.index in claimed or row.prose or not hint("".join(row.keys)):
            carry = ""
            continue
        line = _line(row, carry)
        if _starts(line):
            return row.index - 1 if carry else row.index  # a word begun on the row before
        carry = line.carry
    return None


def _starts(line: _Line) -> bool:
    """Whether a row opens table 四: a header row (a group label, or two outcome labels, and
    nothing else), or a group's row of figures."""
    if line.unknown or not line.words:
        return False
    kinds = [w.kind for w in line.words]
    if line.figures:
        return kinds[-1] == GROUP and OUTCOME not in kinds and any(line.figures)
    return GROUP in kinds or PARENT in kinds or kinds.count(OUTCOME) >= 2


def _order(words: Sequence[Word]) -> list[str]:
    """The groups a header names, in printed order: ``行政诉讼`` stands for its two groups at its
    place (in the order their own labels follow, else the statutory order)."""
    groups = [g for g, _ in _groups()]
    named = list(dict.fromkeys(w.name for w in words if w.kind == GROUP))
    if not any(w.kind == PARENT for w in words):
        return named
    litigation = [g for g in named if g != groups[0]] or groups[1:]
    out: list[str] = []
    for w in words:
        if w.kind == GROUP and w.name == groups[0] and groups[0] not in out:
            out.append(groups[0])
        elif w.kind in (PARENT, GROUP) and w.name != groups[0] and litigation[0] not in out:
            out += litigation
    return out


@cache
def _groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Table 四's groups in statutory order, each with its outcomes in statutory order."""
    by: dict[str, list[str]] = {}
    for column in T4_COLUMNS:
        group, outcome = column.name.split(".")
        by.setdefault(group, []).append(outcome)
    return tuple((g, tuple(o)) for g, o in by.items())


def _outcomes(words: Sequence[Word]) -> tuple[str, ...]:
    """The outcomes' order: that of their first labels in the header when all five are there."""
    statutory = _groups()[0][1]
    seen = tuple(dict.fromkeys(w.name for w in words if w.kind == OUTCOME))
    return seen[: len(statutory)] if set(seen) == set(statutory) else statutory


@define
class _Reading:
    """What the walk over table 四's rows has gathered."""

    spec: TableSpec
    file: str | None
    entries: list[Entry] = field(factory=list)
    filled: set[str] = field(factory=set)
    consumed: set[int] = field(factory=set)
    findings: list[Finding] = field(factory=list)
    header: list[Word] = field(factory=list)
    header_rows: list[Row] = field(factory=list)
    block: list[str] = field(factory=list)
    block_rows: list[Row] = field(factory=list)
    transposed: list[tuple[str, tuple[str, ...], Row]] = field(factory=list)
    used: bool = False
    """Whether figures were read under the current header (a header row after them opens a
    new one)."""

    def head(self, words: Sequence[Word], row: Row) -> None:
        """Header words: the current header's, or a new header's after figures."""
        if self.block or self.transposed:
            self.flush()
        if self.used:
            self.header, self.used = [], False
        self.header += words
        self.header_rows.append(row)
        self.consumed.add(row.index)

    def cell(self, group: str, outcome: str) -> CellSpec:
        return next(c for c in self.spec.cells if c.path == f"{group}.{outcome}")

    def expected(self) -> int:
        groups = _order(self.header) or [g for g, _ in _groups() if g not in self.filled]
        return len(groups) * len(_groups()[0][1])

    def add(self, key: str, cells: Sequence[CellSpec], figures: Sequence[str], row: Row) -> None:
        groups = {c.path.split(".")[0] for c in cells}
        if groups & self.filled or not cells:
            return
        self.filled |= groups
        self.entries.append(Entry(key, tuple(cells), _zeros(self, cells, figures, row), row))

    def flush(self) -> None:
        """The figures gathered after the header, placed into the groups it names."""
        groups = _order(self.header) or [g for g, _ in _groups() if g not in self.filled]
        outcomes = _outcomes(self.header)
        self.used = self.used or bool(self.block or self.transposed)
        if self.block and any(self.block):
            cells = [self.cell(g, o) for g in groups for o in outcomes]
            self.add("+".join(groups), cells, self.block, self.block_rows[0])
            self.consumed |= {r.index for r in self.block_rows}
        if self.transposed:
            self._flush_transposed(groups)
        self.block, self.block_rows, self.transposed = [], [], []

    def _flush_transposed(self, groups: list[str]) -> None:
        width = len(groups)
        rows = [(o, f, r) for o, f, r in self.transposed if len(f) == width]
        for outcome, figures, row in self.transposed:
            self.consumed.add(row.index)
            if len(figures) != width:
                self.findings.append(
                    finding(
                        "R013" if len(figures) < width else "R014",
                        Location(
                            self.spec.key,
                            (),
                            self.cell(_groups()[0][0], outcome).column.labels[-1:],
                        ),
                        _f(
                            "the row is printed with {count} cells ({figures}) instead of "
                            "{width}: not read"
                        ).format(count=len(figures), figures=shown(figures), width=width),
                        row.source(self.file),
                    )
                )
        for j, group in enumerate(groups):
            cells = [self.cell(group, o) for o, _, _ in rows]
            column = [f[j] for _, f, _ in rows]
            if rows:
                self.add(group, cells, column, rows[0][2])


def _zeros(
    reading: _Reading, cells: Sequence[CellSpec], figures: Sequence[str], row: Row
) -> tuple[str, ...]:
    """Figures with the letter O read as 0 where every group sum of the row confirms it."""
    if not any(f and _OCR_FIGURE.fullmatch(f) and not looks_numeric(f) for f in figures):
        return tuple(figures)
    if len(figures) != len(cells):
        return tuple(f.translate(_O) if _OCR_FIGURE.fullmatch(f) else f for f in figures)
    fixed = [
        simplify(f).translate(_O) if _OCR_FIGURE.fullmatch(f) else simplify(f) for f in figures
    ]
    value = {c.index: int(t) for c, t in zip(cells, fixed, strict=True) if t.isdigit()}
    sums = [r for r in reading.spec.relations if all(i in value for i in (*r.left, *r.right))]
    positions = {
        c.index
        for c, f in zip(cells, figures, strict=True)
        if _OCR_FIGURE.fullmatch(f) and not looks_numeric(f)
    }
    covered = all(any(p in (*r.left, *r.right) for r in sums) for p in positions)
    if not covered or any(value[r.left[0]] != sum(value[i] for i in r.right) for r in sums):
        return tuple(figures)  # unconfirmed: the cells read as unreadable (R015)
    reading.findings.append(
        finding(
            "R023",
            Location(reading.spec.key),
            _f(
                "the figures “{figures}” hold the letter O where a 0 is meant; the group sums "
                "confirm it, read as: {reading}"
            ).format(figures=shown(figures), reading=shown(fixed)),
            row.source(reading.file),
        )
    )
    return tuple(fixed)


def read_table4(
    rows: Sequence[Row], claimed: Collection[int], sections: Sequence[int], file: str | None
) -> TableRead | None:
    """Table 四 from the rows not ``claimed`` by earlier stages, or None when neither its header
    nor a group label is found. ``sections[i]`` is the section row ``i`` stands in: the table is
    read within the section of its first row."""
    spec = table_spec("四")
    first = _start(rows, claimed)
    if first is None:
        return None
    reading = _Reading(spec, file)
    section = sections[first]
    for line in _lines(rows[first:], claimed):
        row = line.row
        if sections[row.index] != section or row.index in claimed:
            break
        if line.row.prose and not (reading.entries or reading.block or reading.transposed):
            continue  # a note under the header (注：…。)
        if line.unknown >= 99 or (line.unknown and line.figures and not _data(reading, line)):
            break  # a sentence after the figures, or another table's row
        if line.unknown and not line.figures:
            continue  # a caption or note inside the table
        kinds = [w.kind for w in line.words if w.kind != FILLER]
        if line.carry or (line.words and not line.figures):
            reading.head(line.words, row)
            continue
        if not any(line.figures):
            continue
        if kinds and kinds[-1] == GROUP and OUTCOME not in kinds:
            # One row per group (行政复议 / 未经复议直接起诉 / 复议后起诉).
            reading.flush()
            group = next(w.name for w in reversed(line.words) if w.kind == GROUP)
            outcomes = _outcomes(reading.header)
            cells = [reading.cell(group, o) for o in outcomes]
            reading.add(group, cells, line.figures, row)
            reading.consumed.add(row.index)
            continue
        if kinds == [OUTCOME]:
            # Transposed: an outcome's figures, one per group.
            if reading.block:
                reading.flush()
            reading.transposed.append((line.words[-1].name, line.figures, row))
            continue
        if reading.transposed:
            reading.flush()
        if kinds:
            reading.head(line.words, row)
        reading.block += line.figures
        reading.block_rows.append(row)
        if _positional(row) or len([f for f in reading.block if f]) >= reading.expected():
            reading.flush()
            if len(reading.filled) == len(_groups()):
                break
    reading.flush()
    reading.consumed |= {r.index for r in reading.header_rows}
    placed = place_rows(spec, reading.entries, file)
    absent: set[str] = set()
    if reading.filled:
        absent = {
            f"{spec.attr}.{c.path}"
            for c in spec.cells
            if c.path.split(".")[0] not in reading.filled
        }
    return TableRead(
        spec,
        placed.values,
        placed.printed,
        placed.sources,
        frozenset(placed.absent | absent),
        (*reading.findings, *placed.findings),
        frozenset(reading.consumed),
    )


def _positional(row: Row) -> bool:
    """Whether a row's cells keep their positions (a grid's row, text with empty fields between
    tabs): its figures are a whole row of the table, not a part of a run over lines."""
    return row.grid is not None or "" in row.cells


def _data(reading: _Reading, line: _Line) -> bool:
    """Whether figures after an unknown label are table 四's own: a short label (``数量``) in
    a row of figures right after a header that has had none yet."""
    return (
        bool(reading.header)
        and not reading.block
        and not reading.transposed
        and line.unknown <= _SHORT_LABEL
    )
