"""Sections: the six headings of the format found in a report's rows, by number and key words.

Agencies word and number the headings their own way: ``五、存在的主要问题及整改措施``,
``一、政府信息公开工作总体情况``, ``（一）总体情况`` for ``一、总体情况``, a section more than the
format's six (``五、政府信息管理`` before ``六、其他需要报告的事项``), tables renumbered
``一、``–``三、`` after the narrative. A heading is found in three steps:

1. **Exact titles.** A row holding only one of the six titles or their known variants
   (:data:`~gov_disclosure.statutory.SECTION_TITLE_VARIANTS`), numbered or not. Headings are
   taken in order only (the longest run whose numbers increase), so a numbered list inside a
   section is no heading; and in one numbering style only (``一、``, ``（一）``, ``第一部分``,
   ``1、``) — the one that finds the most sections — so the sub-headings ``（一）主动公开`` of a
   report headed ``一、`` are none.
2. **Key words.** A section still missing is looked for between the headings found on each
   side of it: a numbered row, in the same style, whose words name that section and no other
   (``问题`` or ``不足`` for 五, ``其他`` with ``事项`` for 六, …).
3. **Another structure.** A report that prints its problems and improvements under another
   section (``（一）主要问题``, ``（二）改进情况`` after table 四, with no heading 五) has section
   五 read from that sub-heading to the end of its section: :attr:`Sections.moved` says so,
   and the reader reports it once (R004) instead of a missing heading.

The stage is pure: it takes the rows and returns :class:`Sections`; no row is changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache

from attrs import frozen

from ..statutory import SECTION_TITLE_VARIANTS, SECTIONS
from .normalize import label_key, simplify
from .rows import Row

__all__ = ["Sections", "find_sections"]

_NUMBERED = re.compile(
    r"^(?:第(?P<part>[一二三四五六七八九十]{1,2})部分[、.:：]?"
    r"|(?P<dun>[一二三四五六七八九十]{1,2})[、.．]"
    r"|[（(](?P<paren>[一二三四五六七八九十]{1,2})[）)][、.．]?"
    r"|(?P<arabic>[1-9])[、．](?![0-9]))"
)
"""The numbering of a heading, by style: ``第一部分``, ``一、``, ``（一）``, ``1、``."""
_STYLES = ("dun", "part", "paren", "arabic")
_MAX_HEADING = 40
"""The longest row (characters, spaces left out) taken for a heading."""
_MAX_SUBHEADING = 30


@frozen
class Sections:
    """The sections found in a report's rows."""

    spans: Mapping[int, tuple[int, int]]
    """Section number → (index of its first row after the heading, index after its last)."""
    headings: frozenset[int]
    """Indexes of the heading rows."""
    section_of: tuple[int, ...]
    """For each row, the number of the section it stands in (0 before the first heading)."""
    first: int
    """Index of the first heading row (the number of rows when there is none): what stands
    before it is the title page."""
    moved: Mapping[int, tuple[int, str]]
    """Sections printed under another one, with no heading of their own: number → (the
    section they stand in, the sub-heading they start at, as printed)."""


@cache
def _exact_keys() -> dict[str, int]:
    keys: dict[str, int] = {}
    for number, variants in SECTION_TITLE_VARIANTS.items():
        for variant in variants:
            keys[label_key(variant)] = number
    for section in SECTIONS:
        keys[label_key(section.title.split("、", 1)[1])] = section.number
    return keys


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(map(text.__contains__, words))


_KEY_WORDS: dict[int, Callable[[str], bool]] = {
    1: lambda t: _has(t, ("总体情况", "概述", "总述", "基本情况")) or t in ("总体", "总体工作"),
    2: lambda t: "主动公开" in t and "申请" not in t,
    3: lambda t: "申请" in t and _has(t, ("收到", "依申请", "申请办理", "申请处理", "受理")),
    4: lambda t: "复议" in t and "诉讼" in t,
    5: lambda t: _has(t, ("问题", "不足")) and "申请" not in t,
    6: lambda t: "其他" in t and _has(t, ("事项", "需要报告", "需要说明")) and "管理" not in t,
}
"""The words that name each section in a numbered heading (after its number)."""


def _by_words(rest: str) -> int | None:
    """The one section whose key words a heading's words hold, or None."""
    found: int | None = None
    for number, test in _KEY_WORDS.items():
        if test(rest):
            if found is not None:
                return None  # the words of two sections: none
            found = number
    return found


@frozen
class _Candidate:
    index: int
    style: str | None
    section: int | None
    """The section of an exact title, else None."""
    words: int | None
    """The section its key words name, else None."""
    printed: str


def _candidate(row: Row) -> _Candidate | None:
    """A row that may be a heading: one cell, no sentence, short, no table caption."""
    if row.prose or not row.text or len(row.text) > 2 * _MAX_HEADING:
        return None
    if len(row.cells) > 1 and sum(map(bool, row.cells)) != 1:
        return None
    text = simplify(row.text).replace(" ", "").lstrip("#*").rstrip("*")
    if len(text) > _MAX_HEADING or text.startswith(("表", "附表", "附件")):
        return None
    match = _NUMBERED.match(text)
    style = match.lastgroup if match is not None else None
    rest = text[match.end() :] if match is not None else text
    key = label_key(rest)
    if not key:
        return None
    exact = _exact_keys().get(key)
    words = _by_words(rest) if match is not None and len(rest) <= _MAX_SUBHEADING else None
    if exact is None and words is None:
        return None
    return _Candidate(row.index, style, exact, words, row.text)


def _in_order(found: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of (section, row) pairs, in row order, whose sections increase (the
    earliest such run): a title or a line that reads like a later heading before section 一
    does not hide the headings after it."""
    best: list[tuple[int, int]] = []  # (length of the longest run ending here, previous)
    for i, (number, _index) in enumerate(found):
        length, previous = 1, -1
        for j in range(i):
            if found[j][0] < number and best[j][0] + 1 > length:
                length, previous = best[j][0] + 1, j
        best.append((length, previous))
    if not best:
        return []
    end = max(range(len(best)), key=lambda i: (best[i][0], -i))
    run: list[tuple[int, int]] = []
    while end >= 0:
        run.append(found[end])
        end = best[end][1]
    return run[::-1]


def find_sections(rows: Sequence[Row]) -> Sections:
    """The sections of a report's rows (see the module documentation)."""
    candidates = [c for c in (_candidate(r) for r in rows) if c is not None]
    best: list[tuple[int, int]] = []
    style: str | None = None
    for option in _STYLES:
        exact = [
            (c.section, c.index)
            for c in candidates
            if c.section is not None and c.style in (option, None)
        ]
        taken = _in_order(exact)
        if len(taken) > len(best):
            best, style = taken, option
    if style is None:
        numbered = [c.style for c in candidates if c.words is not None]
        style = max(_STYLES, key=numbered.count) if numbered else "dun"
    headings = dict(best)
    for number in range(1, len(SECTIONS) + 1):
        if number in headings:
            continue
        low = max((i for n, i in headings.items() if n < number), default=-1)
        high = min((i for n, i in headings.items() if n > number), default=len(rows))
        for c in candidates:
            if low < c.index < high and c.style == style and c.words == number:
                headings[number] = c.index
                break
    ordered = sorted(headings.items(), key=lambda item: item[1])
    spans: dict[int, tuple[int, int]] = {}
    for k, (number, index) in enumerate(ordered):
        end = ordered[k + 1][1] if k + 1 < len(ordered) else len(rows)
        spans[number] = (index + 1, end)
    moved: dict[int, tuple[int, str]] = {}
    if 5 not in spans:
        problems = _moved_problems(rows, candidates, spans)
        if problems is not None:
            host, index, printed = problems
            start, end = spans[host]
            spans[host] = (start, index)
            spans[5] = (index, end)
            moved[5] = (host, printed)
    section_of = [0] * len(rows)
    for number, (start, end) in spans.items():
        heading = start - 1 if number not in moved else start
        for i in range(heading, end):
            section_of[i] = number
    return Sections(
        spans=dict(sorted(spans.items())),
        headings=frozenset(headings.values()),
        section_of=tuple(section_of),
        first=min(headings.values(), default=len(rows)),
        moved=moved,
    )


def _moved_problems(
    rows: Sequence[Row], candidates: Sequence[_Candidate], spans: Mapping[int, tuple[int, int]]
) -> tuple[int, int, str] | None:
    """A numbered sub-heading naming problems (``（一）主要问题``) inside another section after
    section 一: (that section, the sub-heading's row, its text as printed), or None."""
    for c in candidates:
        if c.words != 5 or c.style is None:
            continue
        host = next(
            (n for n, (s, e) in spans.items() if n != 1 and s <= c.index < e),
            None,
        )
        if host is not None:
            return host, c.index, c.printed
    return None
