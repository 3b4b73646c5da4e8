"""The straightforward reading of a report's text, the measure of the fast one in
:mod:`gov_disclosure.rules.narrative`: every pattern compiled from the phrase data as written,
each phrasing searched in turn, every kind of word found by its own scan of the paragraph, the
digits of every paragraph normalised. Slow and plain on purpose; the tests compare the
statements the library collects with the ones read here (tests/test_rules_narrative_fast.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from decimal import Decimal

from gov_disclosure import AnnualReport
from gov_disclosure.numbers import normalize_digits, parse_chinese_number
from gov_disclosure.rules.narrative import (
    _GROUP_PATHS,
    Change,
    ClaimQuote,
    Quote,
    _own_names,
    _paragraphs,
)
from gov_disclosure.rules.phrases import CHANGE, CLAIMS, HEDGES, PHRASES, SCOPE, Phrase

_NUMERALS = "零〇一二两三四五六七八九十百千万"
_FIGURE = re.compile(
    rf"(?:(?<![0-9.．第])([0-9][0-9,]{{0,14}})|(?<![0-9.．第{_NUMERALS}])([{_NUMERALS}]{{1,12}}))"
    r"\s{0,3}(余|多)?\s{0,3}(件|条|起|宗)"
)
_GROUPS = re.compile("|".join(sorted(map(re.escape, _GROUP_PATHS), key=len, reverse=True)))
_APPROXIMATE = re.compile(r"(?:近|约|超|逾|超过|将近|大约)\s*$")
_CLAUSE = re.compile(r"[，,；;。：:！？!?、（()）]")
_SENTENCE = re.compile(r"[。；;！？!?]")
_YEAR = re.compile(r"(\d{4})\s{0,2}年")
_SCOPE = re.compile(SCOPE.replace("部门(?<!本部门)", "(?<!本)部门"))
_HEDGES = re.compile(HEDGES)
_CHANGE = re.compile(CHANGE)
_WINDOW = 48
_QUOTED = 120


def _ends(pattern: re.Pattern[str], text: str) -> list[int]:
    return [m.end() for m in pattern.finditer(text)]


def _last_before(ends: list[int], at: int) -> int:
    i = bisect_right(ends, at) - 1
    return ends[i] if i >= 0 else 0


def _any_within(spans: list[tuple[int, int]], lo: int, hi: int) -> bool:
    return any(lo <= s and e <= hi for s, e in spans)


class _Paragraph:
    """One paragraph and every kind of word in it, each found by its own scan."""

    def __init__(self, section: str, index: int, text: str, year: int, agency: str) -> None:
        self.section, self.index, self.text, self.year = section, index, text, year
        norm = self.norm = normalize_digits(text)
        self.clauses = _ends(_CLAUSE, norm)
        self.sentences = _ends(_SENTENCE, norm)
        own = [
            (m.start(), m.end())
            for name in _own_names(agency)
            for m in re.finditer(re.escape(name), norm)
        ]
        self.scope = [
            (m.start(), m.end())
            for m in _SCOPE.finditer(norm)
            if not any(s <= m.start() and m.end() <= e for s, e in _union(own))
        ]
        self.years = [(m.start(), m.end()) for m in _YEAR.finditer(norm) if int(m.group(1)) != year]
        self.within = [(m.start(), m.end()) for m in re.finditer("其中", norm)]
        self.hedges = [(m.start(), m.end()) for m in _HEDGES.finditer(norm)]
        self.groups = [(m.start(), m.end(), m.group()) for m in _GROUPS.finditer(norm)]

    def plain(self, start: int, at: int) -> bool:
        return not _any_within(self.scope, start, at) and not _any_within(self.years, start, at)

    def group(self, start: int, at: int) -> str | None:
        inside = [g for s, e, g in self.groups if start <= s and e <= at]
        return inside[-1] if inside else None

    def sentence(self, start: int, at: int) -> str:
        i = bisect_right(self.sentences, at)
        end = self.sentences[i] if i < len(self.sentences) else len(self.text)
        lo, hi = max(start, at - _QUOTED // 2), min(end, at + _QUOTED // 2)
        quoted = self.text[lo:hi].strip()
        return ("…" if lo > start else "") + quoted + ("…" if hi < end else "")


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _phrase(clause: str, norm: str, end: int, year: int) -> Phrase | None:
    for phrase in PHRASES:
        if phrase.before is not None and re.search(f"(?:{phrase.before})\\s*$", clause):
            return phrase
    for phrase in PHRASES:
        if phrase.after is not None and (m := re.compile(phrase.after).match(norm, end)):
            named = m.groupdict().get("year")
            return phrase if named is None or int(named) == year + 1 else None
    return None


def _change(norm: str, end: int) -> Change | None:
    m = _CHANGE.match(norm, end)
    if m is None:
        return None
    text = m.group().strip(" ，,（(")
    if m.group("flat"):
        return Change(0, None, False, text)
    direction = 1 if m.group("verb") in ("增长", "增加", "上升", "提高") else -1
    return Change(direction, Decimal(m.group("amount")), m.group("unit") in ("%", "％"), text)


def quotes(p: _Paragraph) -> Iterator[Quote]:
    norm = p.norm
    for m in _FIGURE.finditer(norm):
        if m.group(3):
            continue
        digits, at = (m.group(1), m.start(1)) if m.group(1) else (m.group(2), m.start(2))
        try:
            value = parse_chinese_number(digits)
        except ValueError:
            continue
        start = _last_before(p.sentences, at)
        clause_start = _last_before(p.clauses, at)
        lo = max(clause_start, at - _WINDOW)
        clause = ("\x00" if lo > clause_start else "") + norm[lo:at].strip()
        if re.search(_APPROXIMATE, clause[-8:]) or not p.plain(start, at):
            continue
        phrase = _phrase(clause, norm, m.end(), p.year)
        if phrase is None:
            continue
        within = _any_within(p.within, start, at)
        if phrase.whole and within:
            continue
        if (
            phrase.context
            and p.section != phrase.table
            and not all((f := re.search(c, norm)) and f.start() < at for c in phrase.context)
        ):
            continue
        cells = phrase.cells
        if phrase.group:
            group = p.group(start, at)
            if group is None:
                continue
            cells = tuple(
                tuple(path.format(c) for c in alternative for path in _GROUP_PATHS[group])
                for alternative in cells
            )
        named = tuple((path,) for path, words in phrase.items if re.search(words, clause))
        yield Quote(
            p.section,
            p.index,
            at,
            p.sentence(start, at),
            value,
            m.group(4),
            phrase,
            named + cells,
            _change(norm, m.end()),
            within and phrase.table == "三",
        )


def claims(p: _Paragraph) -> Iterator[ClaimQuote]:
    found = sorted(
        (m.start(), rank, claim, m)
        for rank, claim in enumerate(CLAIMS)
        for m in re.finditer(claim.pattern, p.norm)
    )
    taken = -1
    for at, _, claim, m in found:
        if at < taken:
            continue
        taken = m.end()
        start = _last_before(p.sentences, at)
        if not p.plain(start, at) or _any_within(p.hedges, start, at):
            continue
        if _any_within(p.within, start, at) and claim.group:
            continue
        if claim.group:
            words = m.group("groups")
            groups = [g for g, name in _CLAIM_GROUPS if name in words]
            zero = tuple(path.format(g) for g in groups for path in claim.zero)
        elif claim.table == "四":
            group = p.group(start, at)
            if group is None:
                continue
            zero = tuple(g.format(path) for g in _GROUP_PATHS[group] for path in claim.zero)
        else:
            zero = claim.zero
        yield ClaimQuote(p.section, p.index, at, p.sentence(start, at), claim, zero)


_CLAIM_GROUPS = (("review", "复议"), ("lawsuit_direct", "诉讼"), ("lawsuit_after_review", "诉讼"))


def paragraph(section: str, index: int, text: str, year: int, agency: str = "") -> _Paragraph:
    return _Paragraph(section, index, text, year, agency)


def statements(report: AnnualReport) -> tuple[list[Quote], list[ClaimQuote]]:
    """Every restated figure and every claim of a report, each paragraph read in full."""
    found: list[Quote] = []
    said: list[ClaimQuote] = []
    year, agency = report.year, report.agency
    for section, i, text in _paragraphs(report):
        p = _Paragraph(section, i, text, year, agency)
        found.extend(quotes(p))
        said.extend(claims(p))
    return found, said
