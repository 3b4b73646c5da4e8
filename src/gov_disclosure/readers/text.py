"""The plain-text and Markdown front end: text → blocks.

A published report reaches users as text in several shapes, and each becomes blocks here:

* paragraphs: runs of lines up to a blank line (a paragraph's lines stay separate in the
  block, joined by ``\\n``: the reader splits headings off and joins wrapped lines);
* **tab-separated** table rows (text copied from a web page or a spreadsheet): a run of lines
  holding tabs is one grid;
* **Markdown pipe tables** (``| a | b |``; delimiter rows skipped, ``\\|`` inside a cell kept),
  including the library's own Markdown with its `` / `` header paths;
* **ASCII box grids** (``+----+`` rules and ``|`` walls, as the library's text renderer and
  tabulate draw them): a cell's lines between two rules are joined into one cell;
* in Markdown, ``#`` headings, ``-`` list markers, ``**bold**`` and backslash escapes are
  removed; a backslash at the end of a line is a line break.

Cells separated by runs of spaces and one cell per line need no shape of their own: the
reader cuts every line at tabs and runs of two or more spaces, and joins a label's cells printed
one per line (:mod:`~gov_disclosure.readers.cell_lines`); each paragraph keeps the count of empty
lines before it (``blank_before``), as such an empty line is a blank cell. An empty field between
tabs is a blank cell where it stands, at the end of a line too.
"""

from __future__ import annotations

import re
from itertools import zip_longest

from .blocks import Block, Grid, Paragraph

__all__ = ["MAX_LINE", "text_blocks"]

MAX_LINE = 100_000
"""Characters of one line that are read; the rest of a longer line is dropped (no report
line is that long; a binary file can be)."""

_ESCAPE = re.compile(r"\\([\\`*_\[\]<>|~&$#.+\-=!(){}])")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_HEADING = re.compile(r"^#{1,6}\s+")
_LIST = re.compile(r"^(?:[-*+]|[0-9]{1,9}[.)])\s+(?=\S)")
_DELIMITER = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_RULE = re.compile(r"^\+(?:[-=:]+\+)+$")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")


def _inline(text: str, markdown: bool) -> str:
    if not markdown:
        return text
    if "**" in text or "__" in text:  # most text has no bold and no escape: no regex run
        text = _BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


def _pipe_cells(line: str, markdown: bool) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    if "\\" not in body:  # no escaped bar: a plain split
        return [_inline(c.strip(), markdown) for c in body.split("|")]
    return [_inline(c.strip(), markdown).replace("\\|", "|") for c in _PIPE_SPLIT.split(body)]


def _box(lines: list[tuple[int, str]], number: int) -> Grid:
    """An ASCII box grid: rows between rules, each cell's lines joined."""
    rows: list[list[str]] = []
    row_lines: list[int | None] = []
    pending: list[list[str]] = []
    first_line: int | None = None

    def flush() -> None:
        nonlocal pending, first_line
        if pending:
            if len(pending) == 1:  # a row of one line: no wrapped cells to join
                rows.append(list(map(str.strip, pending[0])))
            else:  # a cell wraps inside numbers and words too: its lines join without space
                rows.append(
                    [
                        "".join(map(str.strip, lines))
                        for lines in zip_longest(*pending, fillvalue="")
                    ]
                )
            row_lines.append(first_line)
        pending = []
        first_line = None

    for number_, line in lines:
        stripped = line.strip()
        if stripped[:1] == "+" and _RULE.match(stripped):
            flush()
            continue
        if first_line is None:
            first_line = number_
        body = stripped.strip("|")
        pending.append(body.split("|") if "\\" not in body else _PIPE_SPLIT.split(body))
    flush()
    return Grid.of(rows, lines=row_lines, number=number)


def text_blocks(text: str, *, markdown: bool = False) -> list[Block]:
    """The blocks of a plain-text (or, with ``markdown``, Markdown) document."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(text) > MAX_LINE:  # no line of a shorter text is that long
        lines = [line[:MAX_LINE] for line in lines]
    blocks: list[Block] = []
    grids = 0
    para: list[str] = []
    para_start = 0
    last_end = 0  # the (1-based) number of the last line of the last paragraph or grid

    def end_paragraph() -> None:
        nonlocal para, last_end
        if para:
            # Empty lines between paragraphs are kept as a count: among cells printed one per
            # line, an empty line is a blank cell.
            blank = max(0, para_start - 1 - last_end) if blocks or last_end else 0
            blocks.append(Paragraph("\n".join(para), line=para_start, blank_before=blank))
            last_end = para_start - 1 + len(para)
        para = []

    i = 0
    n = len(lines)
    while i < n:
        line = lines[i].rstrip()
        stripped = line.strip()
        if not stripped:
            end_paragraph()
            i += 1
            continue
        if _RULE.match(stripped) or (stripped.startswith("|") and _is_box(lines, i)):
            end_paragraph()
            box: list[tuple[int, str]] = []
            while i < n:
                current = lines[i].strip()
                if current[:1] not in ("+", "|"):
                    break
                box.append((i + 1, current))
                i += 1
            grids += 1
            last_end = i
            blocks.append(_box(box, grids))
            continue
        if stripped.startswith("|"):
            end_paragraph()
            rows: list[list[str]] = []
            row_lines: list[int | None] = []
            while i < n and lines[i].strip().startswith("|"):
                current = lines[i].strip()
                if not _DELIMITER.match(current):
                    rows.append(_pipe_cells(current, markdown))
                    row_lines.append(i + 1)
                i += 1
            grids += 1
            last_end = i
            blocks.append(Grid.of(rows, lines=row_lines, number=grids))
            continue
        if "\t" in line:
            end_paragraph()
            rows = []
            row_lines = []
            while i < n and "\t" in lines[i]:
                # Trailing tabs stay: an empty field is a blank cell where it stands.
                fields = lines[i].rstrip(" \u00a0\u3000\f\v").split("\t")
                rows.append([_inline(c.strip(), markdown) for c in fields])
                row_lines.append(i + 1)
                i += 1
            grids += 1
            last_end = i
            blocks.append(Grid.of(rows, lines=row_lines, number=grids))
            continue
        if markdown:
            hard = line.endswith("\\") and not line.endswith("\\\\")
            if hard:
                stripped = stripped[:-1].rstrip()
            stripped = _LIST.sub("", _HEADING.sub("", stripped))
            if _HEADING.match(line.strip()):
                end_paragraph()
                para_start = i + 1
                para = [_inline(stripped, markdown)]
                end_paragraph()
                i += 1
                continue
        if not para:
            para_start = i + 1
        para.append(_inline(stripped, markdown))
        i += 1
    end_paragraph()
    return blocks


def _is_box(lines: list[str], i: int) -> bool:
    """Whether a line starting with ``|`` belongs to an ASCII box (a rule above or below)."""
    return any(0 <= j < len(lines) and _RULE.match(lines[j].strip()) for j in (i - 1, i + 1))
