"""Running text: a report run together on one line, cut back into lines by its labels.

Crawled pages are often stored as their text stripped and joined (``get_text(strip=True)``):
the title, the metadata, every heading, caption, label and cell on one line, with no separator
or with single spaces (``…申请数量300153006143119二、上年结转…``). :func:`unrun` finds the statute's
own words in such a line — the section headings in order, then inside each table's section its
captions, block headers and row labels (in statutory order, numbering included, so the ``2``
of ``2.其他法律…`` is never taken for a figure) — and cuts the line before each, a label set off
from the figures after it by two spaces as a cell of its own. The rows, tables and placer then
read the lines as any other text; figures run together are the placer's to split.

A line is taken for running text only where at least two section headings stand inside it.
Labels are matched on the normalised text (:func:`~gov_disclosure.readers.normalize.simplify`:
full and half width, radicals, traditional characters), with optional spaces between their
characters and any numbering punctuation (``1.``/``1、``); the pieces are cut from the line as
printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from ..grid import META_AGENCY, META_EDITION, META_PUBLISHED, META_YEAR, table_caption
from ..statutory import (
    LABEL_VARIANTS,
    SECTION_TITLE_VARIANTS,
    SECTIONS,
    T2_CONTENT_HEADER,
    T3_CAPTION,
    T4_COLUMNS,
    TABLE3_NOTE,
    all_table_specs,
)
from .normalize import simplify

__all__ = ["MIN_LENGTH", "unrun"]

MIN_LENGTH = 200
"""The shortest line looked at for running text (a heading line or a table row is shorter)."""
_NUMERALS = "一二三四五六"


def _pattern(label: str) -> str:
    """A label as a pattern over normalised text: spaces allowed between characters, any
    numbering punctuation after a leading number, either bracket widths."""
    text = simplify(label).replace(" ", "")
    out: list[str] = []
    for i, char in enumerate(text):
        if char in ".、" and i > 0 and (text[i - 1].isdigit() or text[i - 1] in _NUMERALS + "十"):
            out.append(r"[.、,，．]")
        elif char in "“”\"'":
            out.append(r"[“”\"'‘’]?")
        else:
            out.append(re.escape(char))
    return r"\s*".join(out)


@cache
def _sections() -> tuple[tuple[int, re.Pattern[str]], ...]:
    out = []
    for section in SECTIONS:
        titles = {section.title.split("、", 1)[1], *SECTION_TITLE_VARIANTS.get(section.number, ())}
        numeral = _NUMERALS[section.number - 1]
        body = "|".join(_pattern(t) for t in sorted(titles, key=len, reverse=True))
        out.append((section.number, re.compile(rf"{numeral}\s*[、.．]\s*(?:{body})")))
    return tuple(out)


@cache
def _meta() -> re.Pattern[str]:
    labels = (META_AGENCY, META_YEAR, META_EDITION, META_PUBLISHED)
    return re.compile("|".join(_pattern(label.rstrip("：")) + r"\s*[:：]" for label in labels))


@cache
def _table_labels() -> dict[str, tuple[tuple[str, re.Pattern[str], bool], ...]]:
    """Per table, the words to cut at, in printed order: (text, pattern, whether the words
    are a row label with figures after it)."""
    out: dict[str, list[tuple[str, bool]]] = {"二": [], "三": [], "四": []}
    for key in out:
        out[key].append((table_caption(key), False))
    out["三"] += [(TABLE3_NOTE, False), (T3_CAPTION, False)]
    for spec in all_table_specs():
        words = out[spec.key]
        if spec.key == "二":
            for block in spec.blocks:
                words.append((block.label, False))
                for row in block.rows:
                    for label in (row.label, *LABEL_VARIANTS.get(row.label, ())):
                        words.append((label, True))
            words.append((T2_CONTENT_HEADER, False))
        elif spec.key == "三":
            for row in spec.rows:
                for depth, label in enumerate(row.labels):
                    words.append((label, depth == len(row.labels) - 1))
        else:
            words.append((T4_COLUMNS[0].labels[0], False))
    return {
        key: tuple(
            (text, re.compile(_pattern(text)), figures) for text, figures in dict.fromkeys(words)
        )
        for key, words in out.items()
    }


class _Normalised(dict[int, str]):
    """Each character's normal form (:func:`simplify` of it alone), by code point, filled in
    as characters are met: a table for :meth:`str.translate`."""

    def __missing__(self, code: int) -> str:
        normal = self[code] = simplify(chr(code))
        return normal


_CHARACTERS = _Normalised()


def _normalised(line: str) -> tuple[str, Sequence[int]]:
    """The line normalised character by character, and for each normalised character the
    index of the printed character it came from."""
    text = line.translate(_CHARACTERS)
    if len(text) == len(line):  # no character normalises to none, so each to one
        return text, range(len(line) + 1)
    chars: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(line):
        for normal in simplify(char):
            chars.append(normal)
            origin.append(i)
    origin.append(len(line))
    return "".join(chars), origin


def _headings(text: str) -> list[tuple[int, int, int]]:
    """The section headings inside ``text``, in order: (number, start, end)."""
    found: list[tuple[int, int, int]] = []
    at = 0
    for number, pattern in _sections():
        match = pattern.search(text, at)
        if match is not None:
            found.append((number, match.start(), match.end()))
            at = match.end()
    return found


def _labels(text: str, key: str, start: int, end: int) -> Iterable[tuple[int, int, bool]]:
    """The table's words between ``start`` and ``end``: (start, end, row label). The table
    begins at the first of its captions or headers; each word is looked for after the one
    before it (the statutory order), else anywhere in the table where no other word stands;
    the longest wins where two start together."""
    words = _table_labels()[key]
    heads = [
        m.start() for _, p, figures in words if not figures and (m := p.search(text, start, end))
    ]
    if not heads:
        return
    start = at = min(heads)
    taken: dict[int, tuple[int, bool]] = {}
    for _text, pattern, figures in words:
        if not figures:  # a caption or header: wherever it stands (every block has its own)
            for header in pattern.finditer(text, start, end):
                taken[header.start()] = max(
                    taken.get(header.start(), (0, False)), (header.end(), False)
                )
            continue
        found = pattern.search(text, at, end)
        if found is None:
            found = pattern.search(text, start, end)  # printed out of the statutory order
        if found is None:
            continue
        current = taken.get(found.start())
        if current is None or current[0] < found.end():
            taken[found.start()] = (found.end(), figures)
        at = found.end()
    kept_end = -1
    for s in sorted(taken):
        e, figures = taken[s]
        if s < kept_end:
            continue  # inside a longer label (规范性文件 in 行政规范性文件)
        kept_end = e
        yield s, e, figures


def _t4_figures(text: str, start: int, end: int) -> int | None:
    """Where table 四's figures begin: the run of digits (and spaces) after its last header
    word ``总计`` that ends the section, or None."""
    last = T4_COLUMNS[-1].labels[-1]  # the header's last word: the last group's total
    at = text.rfind(last, start, end)
    if at < 0:
        return None
    at += len(last)
    match = re.match(r"\s*[0-9][0-9\s]*", text[at:end])
    return at if match is not None else None


def unrun(line: str) -> list[str] | None:
    """A line of running text cut into lines (see the module documentation), or None when
    the line is no report run together."""
    if len(line) < MIN_LENGTH:
        return None
    text, origin = _normalised(line)
    heads = _headings(text)
    if len(heads) < 2:
        return None
    cuts: dict[int, bool] = {}  # normalised position → a label ends there (cells follow)
    meta = _meta()
    for match in meta.finditer(text, 0, heads[0][1]):
        cuts.setdefault(match.start(), False)
    bounds = [*heads, (0, len(text), len(text))]
    for (number, start, end), (_, following, _) in zip(heads, bounds[1:], strict=True):
        cuts[start] = False
        cuts[end] = False
        table = SECTIONS[number - 1].table
        if table is None:
            continue
        for s, e, figures in _labels(text, table, end, following):
            cuts[s] = False  # a label starts a line, even where another label ends
            if figures:
                cuts.setdefault(e, True)
        if table == "四":
            at = _t4_figures(text, end, following)
            if at is not None:
                cuts[at] = False
    pieces: list[str] = []
    positions = sorted(cuts)
    for a, b in zip([0, *positions], [*positions, len(text)], strict=True):
        piece = line[origin[a] : origin[b]].strip()
        if not piece:
            continue
        if cuts.get(a) and pieces:
            pieces[-1] = f"{pieces[-1]}  {piece}"  # the figures after a row label
        else:
            pieces.append(piece)
    return pieces
