"""What the text says about the tables, compared with the tables (N201, N301, N401, N302,
N402; the changes over the year for the cross-year rules C203, C302, C402).

The phrasings are data (:mod:`.phrases`): a restated figure (:class:`Quote`), a claim in words
that cells are zero (:class:`ClaimQuote`), and a change over the year after a restated figure
(:class:`Change`). A statement is compared only when its sentence is plain: a sentence about
a narrower or other scope (``代表``, ``备案``, ``各部门``, …; a body's own name is not one),
about part of the work (``其中…办结``), about another year, an approximate figure
(``5500 余条``) or an aim (``确保…``) is passed over in silence. A false alarm costs an auditor
more than a miss.

Reading is linear in the text: each paragraph is scanned once for every kind of word the rules
look for (:class:`_Scan`), and every question about a figure's sentence is a binary search in
those positions; the words before a figure are matched in a bounded window. The statements
of a report are collected once per validation (:func:`report_statements`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from attrs import frozen

from .._i18n import _f, clauses
from ..agency import agency_key, parent_stripped
from ..cells import Effective, effective_values
from ..findings import Location
from ..numbers import normalize_digits, parse_chinese_number
from ..statutory import TABLE_ATTRS, CellSpec, TableSpec, table_spec
from .backwards import LastOf
from .phrases import CHANGE, CLAIMS, HEDGES, PHRASES, SCOPE, Claim, Phrase

if TYPE_CHECKING:
    from ..model import AnnualReport
    from .checks import Context, Hit

# An implementation module (docs/reference/api.md): __all__ lists only the names a public module re-exports.
__all__: list[str] = []


def _group_paths() -> dict[str, tuple[str, ...]]:
    """The words that name table 四's groups in a sentence, each with its cells' path pattern:
    every group's label from the layout (行政复议, 未经复议直接起诉, 复议后起诉), their parent
    (行政诉讼: both lawsuit groups), and the short form reports write (直接起诉)."""
    paths: dict[str, tuple[str, ...]] = {}
    for column in table_spec("四").columns:
        group = column.name.split(".")[0] + ".{}"
        for label in column.labels[:-1]:
            if group not in paths.setdefault(label, ()):
                paths[label] += (group,)
    paths["直接起诉"] = paths[next(k for k in paths if k.endswith("直接起诉"))]
    return paths


_GROUP_PATHS = _group_paths()
_GROUPS = re.compile("|".join(sorted(map(re.escape, _GROUP_PATHS), key=len, reverse=True)))
_NUMERALS = "零〇一二两三四五六七八九十百千万"
_FIGURE = re.compile(  # one class of first digits (the engine skips to them), then the branch
    rf"([0-9{_NUMERALS}](?:(?<=[0-9])(?<![0-9.．第][0-9])[0-9,]{{0,14}}"
    rf"|(?<=[{_NUMERALS}])(?<![0-9.．第{_NUMERALS}][{_NUMERALS}])[{_NUMERALS}]{{0,11}}))"
    r"\s{0,3}(余|多)?\s{0,3}(件|条|起|宗)"
)
"""A figure and its unit: group 1 the number (Arabic or Chinese digits), 2 余/多 (an
approximate figure), 3 the unit."""
_APPROXIMATE = re.compile(r"(?:近|约|超|逾|超过|将近|大约)\s*$")
_CLAUSE = re.compile(r"[，,；;。：:！？!?、（()）]")
_SENTENCE_MARKS = frozenset("。；;！？!?")
"""The marks that end a sentence (each one also ends a clause: :data:`_CLAUSE`)."""
_YEAR = re.compile(r"(\d{4})\s{0,2}年")
_SCOPE = re.compile(SCOPE)
_HEDGES = re.compile(HEDGES)
_WITHIN = "其中"
_CHANGE = re.compile(CHANGE)
_CHANGE_WORDS = re.compile(r"同比|(?:比|较|与)(?:上一?年度?|去年)")
_WINDOW = 48
"""How many characters before a figure its phrasing is matched in (the longest phrasing is
shorter): what keeps reading a long paragraph linear."""
_QUOTED = 120
"""The most characters of a sentence a finding quotes (around the statement)."""

_BEFORE = tuple(p for p in PHRASES if p.before is not None)
_BEFORE_WORDS = LastOf([p.before or "" for p in _BEFORE])
"""The phrasings' words before a figure, matched backwards from the figure all at once."""
_AFTER = tuple((p, re.compile(p.after)) for p in PHRASES if p.after is not None)
_CONTEXT = {c: re.compile(c) for p in PHRASES for c in p.context}
_ITEMS = {p.name: tuple((path, re.compile(words)) for path, words in p.items) for p in PHRASES}
_CLAIMS = tuple((c, re.compile(c.pattern)) for c in CLAIMS)
_UNITS = re.compile("[件条起宗]")
"""A paragraph without one of these quotes no figure (:data:`_FIGURE` ends with a unit)."""
_CLAIM_WORDS = re.compile("复议|诉讼|维持|胜诉|收费通知|收取")
"""A paragraph without one of these words holds no claim: every pattern of
:data:`.phrases.CLAIMS` requires one of them (a test holds them to it)."""
_CLAIM_GROUPS = (
    ("review", "复议"),
    ("lawsuit_direct", "诉讼"),
    ("lawsuit_after_review", "诉讼"),
)
"""Table 四's groups a claim names (行政复议, 行政诉讼: both lawsuit groups)."""


@frozen
class Change:
    """A change over the year stated right after a restated figure (``同比增长2.4%``)."""

    direction: int
    """+1 (增长), -1 (减少) or 0 (持平)."""
    amount: Decimal | None
    """The amount printed (None for 持平)."""
    percent: bool
    """Whether the amount is a percentage (else a count)."""
    text: str
    """The words as printed."""


@frozen
class Quote:
    """A figure quoted in the text and the phrasing it was recognised by."""

    section: str
    """The section of the sentence (一 … 六)."""
    paragraph: int
    """The paragraph index within the section (0-based)."""
    offset: int
    """The character offset of the figure in the paragraph (0-based)."""
    sentence: str
    value: int
    unit: str
    phrase: Phrase
    cells: tuple[tuple[str, ...], ...]
    """The alternatives, with group paths and sub-items resolved."""
    change: Change | None = None
    """A change over the year stated right after the figure."""
    part: bool = False
    """A result of table 三 after ``其中`` (``受理3119件，其中予以公开1000件``): it may count
    the results of this year's requests only, so a smaller figure than the table's is no
    disagreement."""


@frozen
class ClaimQuote:
    """A claim in words that cells are zero (``未发生行政诉讼``)."""

    section: str
    paragraph: int
    offset: int
    sentence: str
    claim: Claim
    zero: tuple[str, ...]
    """The cell paths the claim says are zero, groups resolved."""


@lru_cache(maxsize=64)
def _own_names(agency: str) -> tuple[str, ...]:
    """The ways a report may name its own body: its name, without its parents' place names,
    人民政府 or 政府, 办事处 dropped (``某某街道``)."""
    if not agency.strip():
        return ()
    key = agency_key(agency)
    names: set[str] = set()
    bare = key
    while (place := _PLACE.match(bare)) is not None and len(bare) - place.end() >= 3:
        bare = bare[place.end() :]
    for name in (key, *parent_stripped(key), bare):
        names.update((name, name.replace("政府", "人民政府")))
        for suffix in ("人民政府", "政府", "办事处"):
            if name.endswith(suffix):
                names.add(name[: -len(suffix)])
    return tuple(sorted(n for n in names if len(n) >= 3))


_PLACE = re.compile(r"\S{1,12}?(?:省|自治区|市|自治州|地区|盟|区|县|自治县|旗)")
"""A leading place name of a body's name (``淮安市``, ``清江浦区``)."""


class _Positions:
    """The (start, end) of a pattern's matches in a paragraph, for range queries."""

    __slots__ = ("ends", "starts", "tags")

    def __init__(self, spans: Sequence[tuple[int, int, str]]) -> None:
        self.starts = [s for s, _, _ in spans]
        self.ends = [e for _, e, _ in spans]
        self.tags = [t for _, _, t in spans]

    def any_within(self, lo: int, hi: int) -> bool:
        """Whether a match lies in text[lo:hi]."""
        i = bisect_left(self.starts, lo)
        return i < len(self.starts) and self.ends[i] <= hi

    def last_within(self, lo: int, hi: int) -> str | None:
        """The tag of the last match that lies in text[lo:hi]."""
        i = bisect_right(self.ends, hi) - 1
        return self.tags[i] if i >= 0 and self.starts[i] >= lo else None


_NOWHERE = _Positions(())


def _spans(pattern: re.Pattern[str], text: str) -> _Positions:
    found = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
    return _Positions(found) if found else _NOWHERE


class _Scan:
    """One paragraph, scanned for every kind of word the rules look for: each kind when a rule
    first asks for it (most paragraphs quote no figure, and need none of them), and only once."""

    __slots__ = (
        "_clauses",
        "_context",
        "_groups",
        "_hedges",
        "_plain",
        "_sentences",
        "_within",
        "agency",
        "norm",
        "paragraph",
        "section",
        "text",
        "year",
    )

    def __init__(self, section: str, paragraph: int, text: str, year: int, agency: str) -> None:
        self.year = year
        self.section = section
        self.paragraph = paragraph
        self.text = text
        self.agency = agency
        self.norm = normalize_digits(text)  # one character for one: offsets are kept
        self._clauses: list[int] | None = None
        self._sentences: list[int] = []
        self._plain: tuple[_Positions, _Positions] | None = None
        self._hedges: _Positions | None = None
        self._groups: _Positions | None = None
        self._within: _Positions | None = None
        self._context: dict[str, int] = {}

    def _bounds(self) -> list[int]:
        clauses = self._clauses
        if clauses is None:
            norm = self.norm  # each mark one character: a clause ends after its piece and mark
            pieces = _CLAUSE.split(norm)
            pieces.pop()
            clauses = self._clauses = [
                end + n for n, end in enumerate(accumulate(map(len, pieces)), 1)
            ]
            # a sentence ends where a clause does, at one of its own marks
            self._sentences = [end for end in clauses if norm[end - 1] in _SENTENCE_MARKS]
        return clauses

    def _scope_and_years(self) -> tuple[_Positions, _Positions]:
        found = self._plain
        if found is None:
            norm = self.norm
            scope = _spans(_SCOPE, norm)
            if scope is not _NOWHERE and (names := _own_names(self.agency)):
                own = _merged((i, i + len(name)) for name in names for i in _find_all(norm, name))
                if own:
                    spans = zip(scope.starts, scope.ends, scope.tags, strict=True)
                    scope = _Positions([s for s in spans if not _inside(own, s)])
            years = (
                _Positions(
                    [
                        (m.start(), m.end(), "")
                        for m in _YEAR.finditer(norm)
                        if int(m.group(1)) != self.year
                    ]
                )
                if "年" in norm
                else _NOWHERE
            )
            found = self._plain = (scope, years)
        return found

    def within(self, start: int, at: int) -> bool:
        """Whether text[start:at] says ``其中`` (a search of the sentence for each figure would
        make a long sentence quadratic: the places are found once)."""
        found = self._within
        if found is None:
            norm = self.norm
            found = self._within = (
                _Positions([(i, i + 2, _WITHIN) for i in _find_all(norm, _WITHIN)])
                if _WITHIN in norm
                else _NOWHERE
            )
        return found.any_within(start, at)

    @property
    def hedges(self) -> _Positions:
        if self._hedges is None:
            self._hedges = _spans(_HEDGES, self.norm)
        return self._hedges

    @property
    def groups(self) -> _Positions:
        if self._groups is None:
            self._groups = _spans(_GROUPS, self.norm)
        return self._groups

    def sentence_start(self, at: int) -> int:
        self._bounds()
        i = bisect_right(self._sentences, at) - 1
        return self._sentences[i] if i >= 0 else 0

    def clause_start(self, at: int) -> int:
        clauses = self._bounds()
        i = bisect_right(clauses, at) - 1
        return clauses[i] if i >= 0 else 0

    def sentence(self, start: int, at: int) -> str:
        """The sentence from ``start`` that holds ``at``, at most :data:`_QUOTED` characters
        around it."""
        self._bounds()
        sentences = self._sentences
        i = bisect_right(sentences, at)
        end = sentences[i] if i < len(sentences) else len(self.text)
        lo, hi = max(start, at - _QUOTED // 2), min(end, at + _QUOTED // 2)
        quoted = self.text[lo:hi].strip()
        return ("…" if lo > start else "") + quoted + ("…" if hi < end else "")

    def plain(self, start: int, at: int) -> bool:
        """Whether text[start:at] says nothing of another scope or year."""
        scope, years = self._scope_and_years()
        return not scope.any_within(start, at) and not years.any_within(start, at)

    def context(self, patterns: tuple[str, ...], at: int) -> bool:
        """Whether every pattern matches the paragraph before ``at`` (searched once each)."""
        for pattern in patterns:
            first = self._context.get(pattern)
            if first is None:
                found = _CONTEXT[pattern].search(self.norm)
                first = self._context[pattern] = found.start() if found else len(self.norm) + 1
            if first >= at:
                return False
        return True


def _find_all(text: str, name: str) -> Iterator[int]:
    i = text.find(name)
    while i >= 0:
        yield i
        i = text.find(name, i + len(name))


def _merged(spans: Iterator[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _inside(spans: list[tuple[int, int]], span: tuple[int, int, str]) -> bool:
    i = bisect_right(spans, (span[0], 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= span[0] and span[1] <= spans[i][1]


def quotes(
    section: str, paragraph: int, text: str, year: int, *, agency: str = ""
) -> Iterator[Quote]:
    """Every figure of one paragraph that a phrasing recognises and no silence rule excludes
    (``agency``: the report's body, whose own name is not a narrower scope)."""
    return _quotes(_Scan(section, paragraph, text, year, agency))


def _quotes(scan: _Scan) -> Iterator[Quote]:
    norm = scan.norm
    for m in _FIGURE.finditer(norm):
        if m.group(2):  # 余, 多: an approximate figure
            continue
        digits, at = m.group(1), m.start()
        if digits[0] <= "9" and "," not in digits:
            value = int(digits)  # plain Arabic digits, the common case
        else:
            try:
                value = parse_chinese_number(digits)
            except ValueError:
                continue
        start = scan.sentence_start(at)
        clause_start = scan.clause_start(at)
        lo = max(clause_start, at - _WINDOW)
        clause = ("\x00" if lo > clause_start else "") + norm[lo:at].strip()
        if _APPROXIMATE.search(clause[-8:]) or not scan.plain(start, at):
            continue
        phrase = _match(clause, norm, m.end(), scan.year)
        if phrase is None:
            continue
        within = scan.within(start, at)
        if phrase.whole and within:
            continue
        if phrase.context and scan.section != phrase.table and not scan.context(phrase.context, at):
            continue
        cells = phrase.cells
        if phrase.group:
            group = scan.groups.last_within(start, at)
            if group is None:
                continue
            cells = tuple(
                tuple(p.format(c) for c in alternative for p in _GROUP_PATHS[group])
                for alternative in cells
            )
        items = _ITEMS[phrase.name]
        if items:
            cells = tuple((path,) for path, words in items if words.search(clause)) + cells
        yield Quote(
            scan.section,
            scan.paragraph,
            at,
            scan.sentence(start, at),
            value,
            m.group(3),
            phrase,
            cells,
            _change(norm, m.end()),
            within and phrase.table == "三",
        )


def _match(clause: str, norm: str, end: int, year: int) -> Phrase | None:
    first = _BEFORE_WORDS.first(clause)
    if first is not None:
        return _BEFORE[first]
    for phrase, pattern in _AFTER:
        m = pattern.match(norm, end)
        if m is not None:  # carried to a year: only to the next one
            named = m.groupdict().get("year")
            return phrase if named is None or int(named) == year + 1 else None
    return None


def _change(norm: str, end: int) -> Change | None:
    m = _CHANGE.match(norm, end)
    if m is None:
        return None
    if m.group("flat"):
        return Change(0, None, False, m.group().strip(" ，,（("))
    direction = 1 if m.group("verb") in ("增长", "增加", "上升", "提高") else -1
    percent = m.group("unit") in ("%", "％")
    return Change(direction, Decimal(m.group("amount")), percent, m.group().strip(" ，,（("))


def has_change(text: str) -> bool:
    """Whether a paragraph may state a change over the year (what the cross-year pass keeps
    of a report's text)."""
    return _CHANGE_WORDS.search(text) is not None


def claims(
    section: str, paragraph: int, text: str, year: int, *, agency: str = ""
) -> Iterator[ClaimQuote]:
    """Every claim in words of one paragraph that no silence rule excludes."""
    return _claims(_Scan(section, paragraph, text, year, agency))


def _claims(scan: _Scan) -> Iterator[ClaimQuote]:
    found = sorted(
        (m.start(), rank, claim, m)
        for rank, (claim, pattern) in enumerate(_CLAIMS)
        for m in pattern.finditer(scan.norm)
    )
    taken = -1
    for at, _, claim, m in found:
        if at < taken:
            continue
        taken = m.end()
        start = scan.sentence_start(at)
        if not scan.plain(start, at) or scan.hedges.any_within(start, at):
            continue
        if scan.within(start, at) and claim.group:
            continue
        if claim.group:
            words = m.group("groups")
            groups = [g for g, name in _CLAIM_GROUPS if name in words]
            zero = tuple(p.format(g) for g in groups for p in claim.zero)
        elif claim.table == "四":
            group = scan.groups.last_within(start, at)
            if group is None:
                continue
            zero = tuple(g.format(p) for g in _GROUP_PATHS[group] for p in claim.zero)
        else:
            zero = claim.zero
        yield ClaimQuote(scan.section, scan.paragraph, at, scan.sentence(start, at), claim, zero)


_SECTIONS = (("overview", "一"), ("problems", "五"), ("other_matters", "六"))
_PROSE = (("proactive", "二"), ("applications", "三"), ("reviews", "四"))


def _paragraphs(report: Any) -> Iterator[tuple[str, int, str]]:
    for attr, number in _SECTIONS[:1]:
        for i, p in enumerate(getattr(report, attr)):
            yield number, i, p
    for attr, number in _PROSE:
        table = getattr(report, attr)
        if table is not None:
            for i, p in enumerate(table.prose):
                yield number, i, p
    for attr, number in _SECTIONS[1:]:
        for i, p in enumerate(getattr(report, attr)):
            yield number, i, p


def report_statements(report: AnnualReport) -> tuple[list[Quote], list[ClaimQuote]]:
    """Every restated figure and every claim in words of a report's text."""
    found: list[Quote] = []
    said: list[ClaimQuote] = []
    for section, i, text in _paragraphs(report):
        # the units and the claim words are not digits: normalising keeps them where they are
        figures = _UNITS.search(text) is not None
        claimed = _CLAIM_WORDS.search(text) is not None
        if not figures and not claimed:
            continue
        scan = _Scan(section, i, text, report.year, report.agency)
        if figures:
            found.extend(_quotes(scan))
        if claimed:
            said.extend(_claims(scan))
    return found, said


def _statements(ctx: Context) -> tuple[list[Quote], list[ClaimQuote]]:
    """The statements of the report under validation, collected once for every rule."""
    memo = ctx.memo.get("narrative")
    if memo is None:
        memo = ctx.memo["narrative"] = report_statements(ctx.report)
    return memo


def _table(ctx: Context, key: str) -> tuple[TableSpec, Effective] | None:
    for spec, _, values, _ in ctx.tables:
        if spec.key == key:
            return spec, ctx.effective(spec, values)
    return None


def narrative(key: str) -> Any:
    """The check of the figures quoted in the text against table ``key``."""

    def check(ctx: Context) -> Iterator[Hit]:
        table = _table(ctx, key)
        if table is None:
            return
        spec, eff = table
        for quote in _statements(ctx)[0]:
            if quote.phrase.table != key:
                continue
            hit = _compare(spec, eff, quote)
            if hit is not None:
                yield hit

    check.__doc__ = f"Figures quoted in the text against table {key}."
    return check


def claim_check(key: str) -> Any:
    """The check of the claims in words (``未发生行政诉讼``) against table ``key``."""

    def check(ctx: Context) -> Iterator[Hit]:
        table = _table(ctx, key)
        if table is None:
            return
        spec, eff = table
        for said in _statements(ctx)[1]:
            if said.claim.table == key:
                hit = _compare_claim(spec, eff, said)
                if hit is not None:
                    yield hit

    check.__doc__ = f"Claims in words against table {key}."
    return check


def expand(spec: TableSpec, path: str) -> list[CellSpec]:
    """The cells of ``path`` in ``spec`` (``*``: any sub-item); none where the form lacks it."""
    return list(_expanded(spec, path))


@lru_cache(maxsize=1024)
def _expanded(spec: TableSpec, path: str) -> tuple[CellSpec, ...]:
    """:func:`expand`, worked out once per spec and path (the phrasings name a few dozen)."""
    if "*" not in path:
        cell = spec.by_path.get(path)
        return (cell,) if cell is not None else ()
    head, tail = path.split("*")
    return tuple(c for c in spec.cells if c.path.startswith(head) and c.path.endswith(tail))


def _common(items: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    first = items[0]
    n = 0
    while n < len(first) and all(len(i) > n and i[n] == first[n] for i in items):
        n += 1
    return first[:n]


def location(spec: TableSpec, cells: Sequence[CellSpec]) -> Location:
    """The cell, or the common part of the cells' labels."""
    return Location(
        spec.key, _common([c.row.labels for c in cells]), _common([c.column.labels for c in cells])
    )


def label(spec: TableSpec, cells: Sequence[CellSpec], listed: bool) -> str:
    """The cells' common label, with the parts listed (``listed``) when there are several."""
    loc = location(spec, cells)
    text = "/".join([*loc.row, *loc.column])
    if listed and len(cells) > 1:
        rows, columns = len(loc.row), len(loc.column)
        parts = ["/".join([*c.row.labels[rows:], *c.column.labels[columns:]]) for c in cells]
        text += "（" + "＋".join(parts) + "）"
    return text


def where(said: Quote | ClaimQuote) -> str:
    """The sentence located and quoted: ``第一部分第2段第20字“…”``."""
    return _f("section {section}, paragraph {paragraph}, character {offset}: “{sentence}”").format(
        section=said.section,
        paragraph=said.paragraph + 1,
        offset=said.offset + 1,
        sentence=said.sentence,
    )


def alternatives(
    spec: TableSpec, eff: Effective, quote: Quote
) -> list[tuple[int, list[CellSpec], Any, bool]]:
    """Each alternative reading whose cells are all known: its position, its cells, their sum,
    and whether its parts are listed by name in a message."""
    found = []
    for n, alternative in enumerate(quote.cells):
        cells = [c for path in alternative for c in _expanded(spec, path)]
        if not cells or not all(eff.known[c.index] for c in cells):
            continue
        total = sum((eff.values[c.index] for c in cells), start=0)
        found.append((n, cells, total, not any("*" in path for path in alternative)))
    return found


@lru_cache(maxsize=1024)
def _readings(spec: TableSpec, cells: tuple[tuple[str, ...], ...]) -> tuple[tuple[int, ...], ...]:
    """The cell indexes of each alternative reading of a figure in ``spec``, worked out once
    per spec and set of alternatives (the phrasings make a few dozen)."""
    return tuple(tuple(c.index for path in alt for c in _expanded(spec, path)) for alt in cells)


def _agrees(spec: TableSpec, eff: Effective, quote: Quote) -> bool:
    """Whether one reading whose cells are all known adds up to the figure (the common case:
    no message is written)."""
    known, values = eff.known, eff.values
    for indexes in _readings(spec, quote.cells):
        if (
            indexes
            and all([known[i] for i in indexes])
            and sum([values[i] for i in indexes], start=0) == quote.value
        ):
            return True
    return False


def _compare(spec: TableSpec, eff: Effective, quote: Quote) -> Hit | None:
    if _agrees(spec, eff, quote):
        return None
    candidates = alternatives(spec, eff, quote)
    if not candidates or any(total == quote.value for _, _, total, _ in candidates):
        return None
    if quote.part and any(quote.value < total for _, _, total, _ in candidates):
        return None
    _, cells, total, listed = candidates[0]
    stated = f"{quote.value}{quote.unit}"
    others = "".join(
        _f(", nor “{label}” {total}").format(label=label(spec, c, lst), total=t)
        for _, c, t, lst in candidates[1:]
    )
    message = _f(
        "{where} states “{stated}”, but table {table} has “{label}” {total}{others}; check the "
        "text or the table"
    ).format(
        where=where(quote),
        stated=stated,
        table=spec.key,
        label=label(spec, cells, listed),
        total=total,
        others=others,
    )
    return location(spec, cells), message


def _compare_claim(spec: TableSpec, eff: Effective, said: ClaimQuote) -> Hit | None:
    cells = [c for path in said.zero for c in _expanded(spec, path)]
    if not cells or not all(eff.known[c.index] for c in cells):
        return None
    nonzero = [c for c in cells if eff.values[c.index] != 0]
    if not nonzero:
        return None
    listed = clauses([f"“{label(spec, [c], False)}” {eff.values[c.index]}" for c in nonzero])
    message = _f(
        "{where} says “{said}”, but table {table} has {listed}; check the text or the table"
    ).format(where=where(said), said=said.claim.said, table=spec.key, listed=listed)
    return location(spec, nonzero), message


def previous_values(report: AnnualReport, key: str) -> tuple[TableSpec, Effective] | None:
    """Table ``key`` of ``report`` with its blanks resolved, or None where it is missing."""
    table = getattr(report, TABLE_ATTRS[key])
    if table is None:
        return None
    spec = table.spec()
    return spec, effective_values(spec, table.values())


def change_agrees(change: Change, now: int, before: int) -> bool | None:
    """Whether a change from ``before`` to ``now`` is the change stated (counts exactly, a
    percentage to its printed places, rounded or cut); None where it cannot be told (a
    percentage of nothing)."""
    if change.amount is None:
        return now == before
    if not change.percent:
        return now - before == change.direction * change.amount
    if before == 0:
        return None
    if (now - before) * change.direction < 0:
        return False
    exact = abs(Decimal(now - before) * 100 / Decimal(before))
    exponent = change.amount.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return change.amount in (
        exact.quantize(places, rounding=ROUND_HALF_UP),
        exact.quantize(places, rounding=ROUND_DOWN),
    )
