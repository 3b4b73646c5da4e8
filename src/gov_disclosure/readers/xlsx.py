"""Excel (.xlsx) front end: the visible sheets of a workbook → blocks, sheet by sheet.

Read with :mod:`zipfile` and lxml through :class:`.package.Package`, within the Word front
end's bounds (zip entries and directory, part sizes and compression ratio, no DTD or entities,
bounded tags); openpyxl is not used: it is one more dependency, it builds every cell of every
sheet as a Python object with its style, and the front end needs only the cells' text and the
merged ranges.

What is read:

* the sheets in the workbook's order (``xl/workbook.xml`` and its relationships); hidden and
  very hidden sheets are left out. Without a readable workbook part, the worksheets found in
  ``xl/worksheets/`` are read in the order of their names;
* a cell's text as Excel shows it without its number format: shared strings (rich text runs
  joined, phonetic guides left out), inline strings, formula results (``str`` and numbers, the
  cached value ``v``; formulas are never evaluated), ``TRUE``/``FALSE`` and error values as
  written (``#N/A``). A number is written out in full without exponent, to Excel's 15
  significant digits (``0.30000000000000004`` is ``0.3``; integers stay integers), with
  :class:`~decimal.Decimal`, never float;
* merged ranges (``mergeCell``) are expanded as the HTML front end expands ``rowspan`` and
  ``colspan``: every position of the range holds the text of its top-left cell and the same
  cell id;
* a sheet is cut into parts at empty rows. A part whose rows each hold at most one cell with
  text is read as paragraphs (titles, headings, narrative); otherwise it is a
  :class:`~.blocks.Grid`, after any leading rows of one cell (a table's caption above it).
  Columns empty in every row of a part are dropped at its left edge.

Positions: a block's ``page`` is the 1-based number of its sheet among the sheets read, its
``line`` (a grid's ``lines``) the spreadsheet row number, as Excel shows it.

Speed: a workbook LibreOffice wrote from the sample report's web page (one sheet, ~2,200
cells, most of them empty and styled) takes 12 ms of CPU in ``xlsx_blocks`` on a loaded shared
machine; empty cells are skipped before their reference is parsed.

Limits: :data:`MAX_SHEETS` sheets (255), Excel's own 1,048,576 rows and 16,384 columns
(``XFD``) in a cell reference, at most ``MAX_LINES`` rows with text over all sheets, and at
most :data:`MAX_POSITIONS` grid positions once merged ranges are expanded; a cell reference
that is not one, or a shared string that does not exist, is a ParseError naming the sheet and
the cell.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from .._i18n import N_, _
from ..errors import ParseError
from .blocks import Block, Grid, Paragraph
from .package import Package, join, local

__all__ = ["MAX_POSITIONS", "MAX_SHEETS", "xlsx_blocks"]

MAX_SHEETS = 255
"""The most sheets read from a workbook."""
MAX_POSITIONS = 2_000_000
"""The most grid positions (rows × columns of every table, merged ranges expanded)."""

_WHAT = N_("an Excel workbook (.xlsx)")
_MAX_ROW = 1_048_576
_MAX_COLUMN = 16_384
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_RANGE = re.compile(r"([A-Za-z]{1,3}[0-9]{1,7})(?::([A-Za-z]{1,3}[0-9]{1,7}))?")
_OFFICE_REL = "/officeDocument/2006/relationships"


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _ref(text: str, where: str, file: str | None) -> tuple[int, int]:
    """(row, column), 1-based, of a cell reference such as ``B12``."""
    match = _REF.fullmatch(text.strip())
    if match is not None:
        row, column = int(match.group(2)), _column(match.group(1))
        if 1 <= row <= _MAX_ROW and 1 <= column <= _MAX_COLUMN:
            return row, column
    raise ParseError(
        _("{where}: {text!r} is not a cell reference (A1 to XFD1048576)").format(
            where=where, text=text[:40]
        ),
        file=file,
    )


def _text(el: Any) -> str:
    """The text of a string item (``si``, ``is``): its ``t`` elements, phonetic runs left out."""
    parts: list[str] = []
    for node in el.iter():
        name = local(node.tag)
        if name == "t" and node.text and local(node.getparent().tag) != "rPh":
            parts.append(node.text)
    return "".join(parts)


def _number(value: str) -> str:
    """A stored number as Excel shows it in the General format, to 15 significant digits."""
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return value.strip()
    if not number.is_finite() or abs(number.adjusted()) > 30:
        return value.strip()
    if number == 0:
        return "0"
    digits = len(number.as_tuple().digits)
    if digits > 15:
        number = round(number, 14 - number.adjusted())
    text = format(number.normalize(), "f")
    return text


def _shared(package: Package, path: str | None) -> list[str]:
    if path is None or not package.has(path):
        return []
    root = package.xml(path)
    return [_text(si) for si in root if local(si.tag) == "si"]


def _sheets(package: Package) -> list[tuple[str, str]]:
    """(name, part path) of the visible sheets in the workbook's order."""
    workbook = "xl/workbook.xml"
    if package.has(workbook):
        root = package.xml(workbook)
        targets: dict[str, str] = {}
        rels = "xl/_rels/workbook.xml.rels"
        if package.has(rels):
            for rel in package.xml(rels):
                if local(rel.tag) == "Relationship" and rel.get("Type", "").endswith("/worksheet"):
                    targets[rel.get("Id", "")] = join(workbook, rel.get("Target", ""))
        found: list[tuple[str, str]] = []
        for el in root.iter():
            if local(el.tag) != "sheet":
                continue
            if el.get("state") in ("hidden", "veryHidden"):
                continue
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), "")
            target = targets.get(rid)
            if target is not None and package.has(target):
                found.append((el.get("name") or target, target))
        if found:
            return found
    names = sorted(
        (n for n in package.names() if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)),
        key=lambda n: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", n)],
    )
    return [(n.rsplit("/", 1)[1][:-4], n) for n in names]


def _cells(
    root: Any, shared: list[str], sheet: str, file: str | None
) -> tuple[dict[tuple[int, int], str], list[tuple[int, int, int, int]]]:
    """The sheet's cells with text by (row, column), and its merged ranges (top, left, bottom,
    right)."""
    cells: dict[tuple[int, int], str] = {}
    merges: list[tuple[int, int, int, int]] = []
    row_number = 0
    for part in root:
        name = local(part.tag)
        if name == "sheetData":
            for row in part:
                if local(row.tag) != "row":
                    continue
                r = row.get("r")
                if r is not None:
                    if not (r.isascii() and r.isdigit() and 1 <= int(r[:8]) <= _MAX_ROW):
                        raise ParseError(
                            _("sheet {sheet}: row number {r!r} is out of range").format(
                                sheet=sheet, r=r[:20]
                            ),
                            file=file,
                        )
                    row_number = int(r)
                else:
                    row_number += 1
                column = 0
                skipped: str | None = None  # the reference of an empty cell not yet parsed
                for c in row:
                    if local(c.tag) != "c":
                        continue
                    ref = c.get("r")
                    if ref is not None and len(c) == 0:
                        skipped = ref  # an empty (styled) cell: its place matters only if
                        continue  # the next cell has no reference of its own
                    if ref is None and skipped is not None:
                        column = _ref(skipped, f"sheet {sheet}", file)[1]
                    skipped = None
                    if ref is not None:
                        at_row, column = _ref(ref, f"sheet {sheet}", file)
                        if at_row != row_number:
                            raise ParseError(
                                _("sheet {sheet}: cell {ref} is inside row {row_number}").format(
                                    sheet=sheet, ref=ref, row_number=row_number
                                ),
                                file=file,
                            )
                    else:
                        column += 1
                        if column > _MAX_COLUMN:
                            raise ParseError(
                                _(
                                    "sheet {sheet}: row {row_number} has more than "
                                    "{max_column} columns"
                                ).format(
                                    sheet=sheet, row_number=row_number, max_column=_MAX_COLUMN
                                ),
                                file=file,
                            )
                    text = _value(c, shared, f"sheet {sheet}, cell {ref or column}", file)
                    if text.strip():
                        cells[(row_number, column)] = text
        elif name == "mergeCells":
            for merge in part:
                if local(merge.tag) != "mergeCell":
                    continue
                ref = merge.get("ref", "")
                match = _RANGE.fullmatch(ref.strip())
                if match is None:
                    raise ParseError(
                        _("sheet {sheet}: merged range {ref!r} is not a range").format(
                            sheet=sheet, ref=ref[:40]
                        ),
                        file=file,
                    )
                top, left = _ref(match.group(1), f"sheet {sheet}", file)
                bottom, right = _ref(match.group(2) or match.group(1), f"sheet {sheet}", file)
                top, bottom = min(top, bottom), max(top, bottom)
                left, right = min(left, right), max(left, right)
                merges.append((top, left, bottom, right))
    return cells, merges


def _value(c: Any, shared: list[str], where: str, file: str | None) -> str:
    kind = c.get("t", "n")
    v: str | None = None
    for child in c:
        name = local(child.tag)
        if name == "v":
            v = child.text or ""
        elif name == "is":
            return _text(child)
    if v is None:
        return ""
    if kind == "s":
        index = v.strip()
        if not (index.isascii() and index.isdigit() and int(index[:9]) < len(shared)):
            raise ParseError(
                _(
                    "{where}: shared string {index!r} does not exist (the workbook has {count})"
                ).format(where=where, index=index[:20], count=len(shared)),
                file=file,
            )
        return shared[int(index)]
    if kind == "b":
        return "TRUE" if v.strip() == "1" else "FALSE"
    if kind in ("str", "e", "inlineStr"):
        return v
    return _number(v)


def _blocks(
    cells: dict[tuple[int, int], str],
    merges: list[tuple[int, int, int, int]],
    page: int,
    first_grid: int,
    budget: int,
) -> tuple[list[Block], int]:
    """A sheet's blocks (module documentation) and what is left of the position budget."""
    ids: dict[tuple[int, int], int] = {}
    texts = dict(cells)
    for next_id, (top, left, bottom, right) in enumerate(merges):
        budget -= (bottom - top + 1) * (right - left + 1)
        if budget < 0:
            raise _Refused
        text = cells.get((top, left), "")
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) not in ids:
                    ids[(r, c)] = next_id
                    if text:
                        texts[(r, c)] = text
                    else:
                        texts.pop((r, c), None)
    rows: dict[int, list[int]] = {}
    for r, c in texts:
        rows.setdefault(r, []).append(c)
    blocks: list[Block] = []
    grid_number = first_grid
    part: list[int] = []
    numbers = sorted(rows)
    for i, r in enumerate(numbers):
        part.append(r)
        if i + 1 == len(numbers) or numbers[i + 1] != r + 1:
            budget = _part(part, rows, texts, ids, page, blocks, grid_number, budget)
            grid_number = first_grid + sum(isinstance(b, Grid) for b in blocks)
            part = []
    return blocks, budget


class _Refused(Exception):
    """The position budget is spent."""


def _distinct(r: int, columns: list[int], ids: dict[tuple[int, int], int]) -> int:
    """How many cells (a merged range counting once) of row ``r`` hold text."""
    seen: set[object] = set()
    for c in columns:
        seen.add(ids.get((r, c), (r, c)))
    return len(seen)


def _part(
    part: list[int],
    rows: dict[int, list[int]],
    texts: dict[tuple[int, int], str],
    ids: dict[tuple[int, int], int],
    page: int,
    blocks: list[Block],
    number: int,
    budget: int,
) -> int:
    """Append the blocks of one part of a sheet (rows without an empty row between them)."""
    lead = 0
    while lead < len(part) and _distinct(part[lead], rows[part[lead]], ids) <= 1:
        lead += 1
    for r in part[:lead] if lead < len(part) else part:
        columns = sorted(rows[r])
        blocks.append(Paragraph(texts[(r, columns[0])], line=r, page=page))
    if lead >= len(part):
        return budget
    body = part[lead:]
    left = min(min(rows[r]) for r in body)
    right = max(max(rows[r]) for r in body)
    budget -= len(body) * (right - left + 1)
    if budget < 0:
        raise _Refused
    grid_rows: list[tuple[str, ...]] = []
    grid_ids: list[tuple[int, ...]] = []
    fresh = 1_000_000_000
    for r in body:
        cells: list[str] = []
        idents: list[int] = []
        for c in range(left, right + 1):
            cells.append(texts.get((r, c), ""))
            ident = ids.get((r, c))
            if ident is None:
                ident = fresh
                fresh += 1
            idents.append(ident)
        grid_rows.append(tuple(cells))
        grid_ids.append(tuple(idents))
    blocks.append(Grid(tuple(grid_rows), tuple(grid_ids), tuple(body), number, page))
    return budget


def xlsx_blocks(data: bytes, *, file: str | None = None) -> list[Block]:
    """An Excel workbook (.xlsx bytes) → blocks (see the module documentation).

    Raises :class:`~gov_disclosure.ParseError` (with ``file``) for anything that is not a
    readable workbook within the limits."""
    from . import MAX_LINES

    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"xlsx_blocks() takes bytes, not {type(data).__name__}")
    data = bytes(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ParseError(
            _(
                "a password-protected .xlsx or an old Excel 97-2003 .xls (an OLE file, not a zip): "
                "save it unprotected as .xlsx first"
            ),
            file=file,
        )
    with Package(data, what=_(_WHAT), file=file) as package:
        sheets = _sheets(package)
        if not sheets:
            raise ParseError(_("{what} without a worksheet").format(what=_(_WHAT)), file=file)
        if len(sheets) > MAX_SHEETS:
            raise ParseError(
                _("more than {max_sheets} sheets, the most read").format(max_sheets=MAX_SHEETS),
                file=file,
            )
        shared_path = next(
            (n for n in package.names() if n.lower() == "xl/sharedstrings.xml"), None
        )
        shared = _shared(package, shared_path)
        blocks: list[Block] = []
        budget = MAX_POSITIONS
        rows = 0
        for page, (name, path) in enumerate(sheets, start=1):
            root = package.xml(path)
            if local(root.tag) != "worksheet":
                raise ParseError(_("{path} is not a worksheet").format(path=path), file=file)
            cells, merges = _cells(root, shared, name, file)
            rows += len({r for r, _ in cells})
            if rows > MAX_LINES:
                raise ParseError(
                    _("more than {max_lines} rows with text: no annual report is that long").format(
                        max_lines=MAX_LINES
                    ),
                    file=file,
                )
            grids = sum(isinstance(b, Grid) for b in blocks)
            try:
                found, budget = _blocks(cells, merges, page, grids + 1, budget)
            except _Refused:
                raise ParseError(
                    _("more than {max_positions:,} cells once merged ranges are expanded").format(
                        max_positions=MAX_POSITIONS
                    ),
                    file=file,
                ) from None
            blocks.extend(found)
    return blocks
