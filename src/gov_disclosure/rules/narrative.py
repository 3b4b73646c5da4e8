"""Figures quoted in the text, compared with the table cells they restate (N201, N301, N401).

The phrasings are data: :data:`PHRASES` maps a pattern of the words just before (or just after)
a quoted figure to the cells the figure restates, with alternatives where reports differ in
what they mean (``共受理…件`` is 一 in most reports, 一 + 二 in some). A figure is compared only
when its sentence is plain: a sentence about a narrower or other scope (``代表``, ``备案``,
``各部门``, …), about part of the work (``其中…办结``), about another year, or an approximate
figure (``5500 余条``) restates no cell and is passed over in silence. A false alarm costs an
auditor more than a miss.

All regular expressions are linear (no nested quantifiers); numbers are read with
:func:`gov_disclosure.numbers.parse_chinese_number`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from attrs import frozen

from .._i18n import _f
from ..findings import Location
from ..numbers import normalize_digits, parse_chinese_number
from ..statutory import CellSpec, TableSpec, table_spec

if TYPE_CHECKING:
    from .checks import Context, Hit

__all__ = ["PHRASES", "Phrase", "Quote", "narrative", "quotes"]


@frozen
class Phrase:
    """A way of quoting a table figure in the text.

    ``before`` must match the end of the clause before the figure (``after``: the start of the
    text after its unit); ``cells`` are the alternatives: each a tuple of cell paths of table
    ``table`` whose sum the figure may restate (``*`` stands for any sub-item). ``whole``
    marks a figure for the whole of the work (a total): it is not compared inside a sentence
    that has said ``其中`` before it. ``group`` (table 四): the paths are relative to the group
    the sentence last named (行政复议 or 行政诉讼).
    """

    name: str
    table: str
    cells: tuple[tuple[str, ...], ...]
    before: str | None = None
    after: str | None = None
    whole: bool = False
    group: bool = False
    context: str | None = None
    """A pattern the paragraph must match before the figure (申请 for table 三, a verb of
    publishing for table 二)."""


_APPLICATION = "申请"
_PUBLISHING = "公开|制发|出台|发布|印发|制定"
_REFUSED = ("refused.*.total",)
_UNAVAILABLE = ("unavailable.*.total",)
_NOT_PROCESSED = ("not_processed.*.total",)
_OTHER = ("other.*.total", "other.total")

PHRASES: tuple[Phrase, ...] = (
    # --- table 三 ---------------------------------------------------------------------------
    Phrase(
        "received",
        "三",
        (("received.total",), ("received.total", "carried_over.total")),
        before=r"(?:收到|受理|新收|接收|接到)(?:各类)?(?:政府信息公开|信息公开|依申请公开)?申请"
        r"(?:数量|总数|总量)?(?:为|共|共计|合计|达)?",
        whole=True,
    ),
    Phrase(
        "carried-over",
        "三",
        (("carried_over.total",),),
        before=r"上一?年度?结转(?:的)?(?:政府信息公开)?(?:申请)?(?:数量)?(?:为|共)?",
        context=_APPLICATION,
    ),
    Phrase(
        "results-total",
        "三",
        (("total.total",),),
        before=r"(?:^|共|全年|年内|已)(?:答复|办结)(?:政府信息公开)?(?:申请)?(?:共|共计)?",
        whole=True,
        context=_APPLICATION,
    ),
    Phrase(
        "granted-and-partial",
        "三",
        (("granted.total", "partially_granted.total"),),
        before=r"(?:予以|同意)?公开(?:及|和|与|、)部分公开(?:答复)?(?:的)?",
        context=_APPLICATION,
    ),
    Phrase(
        "granted",
        "三",
        (("granted.total",),),
        before=r"(?:予以公开|同意公开|全部公开)(?:答复)?(?:的)?",
        context=_APPLICATION,
    ),
    Phrase(
        "partially-granted",
        "三",
        (("partially_granted.total",),),
        before=r"部分公开(?:答复)?(?:的)?",
        context=_APPLICATION,
    ),
    Phrase("refused", "三", (_REFUSED,), before=r"不予公开(?:答复)?(?:的)?", context=_APPLICATION),
    Phrase(
        "unavailable",
        "三",
        (_UNAVAILABLE,),
        before=r"无法提供(?:答复)?(?:的)?",
        context=_APPLICATION,
    ),
    Phrase(
        "not-processed",
        "三",
        (_NOT_PROCESSED,),
        before=r"不予处理(?:答复)?(?:的)?",
        context=_APPLICATION,
    ),
    Phrase("other", "三", (_OTHER,), before=r"其他处理(?:答复)?(?:的)?", context=_APPLICATION),
    Phrase(
        "carried-forward",
        "三",
        (("carried_forward.total",),),
        before=r"(?:结转|转入|转|顺延)(?:到|至)?下一?年度?(?:继续)?(?:办理)?(?:答复)?(?:的)?"
        r"(?:有|共|为)?",
        context=_APPLICATION,
    ),
    Phrase(
        "carried-forward-after",
        "三",
        (("carried_forward.total",),),
        after=r"(?:申请)?(?:顺延|结转|转入|转)(?:到|至)?下一?年度",
        context=_APPLICATION,
    ),
    # --- table 四 ---------------------------------------------------------------------------
    Phrase(
        "review",
        "四",
        (("review.total",),),
        before=r"(?:被申请)?行政复议(?:案件)?(?:数量?)?(?:为|共|共计)?",
        whole=True,
    ),
    Phrase(
        "lawsuit",
        "四",
        (
            ("lawsuit_direct.total", "lawsuit_after_review.total"),
            ("lawsuit_direct.total",),
        ),
        before=r"(?:被提起|提起)?行政诉讼(?:案件)?(?:数量?)?(?:为|共|共计)?",
        whole=True,
    ),
    Phrase("upheld", "四", (("upheld",),), before=r"(?:结果)?维持(?:原)?(?:的)?", group=True),
    Phrase("corrected", "四", (("corrected",),), before=r"(?:结果)?纠正(?:的)?", group=True),
    Phrase("other-result", "四", (("other",),), before=r"其他结果(?:的)?", group=True),
    Phrase("pending", "四", (("pending",),), before=r"尚未审结(?:的)?", group=True),
    # --- table 二 ---------------------------------------------------------------------------
    Phrase(
        "regulations",
        "二",
        (("regulations.issued",), ("regulations.made",), ("regulations.published",)),
        before=r"(?:^|公开|制发|出台|发布|印发|制定)(?:了)?(?:[市区县省]|市政府|区政府|县政府|省政府)?规章",
        context=_PUBLISHING,
    ),
    Phrase(
        "normative-documents",
        "二",
        (
            ("normative_documents.issued",),
            ("normative_documents.made",),
            ("normative_documents.published",),
        ),
        before=r"(?:^|公开|制发|出台|发布|印发|制定)(?:了)?[^，,、；;]{0,12}?行政规范性文件",
        context=_PUBLISHING,
    ),
)
"""The phrasings recognised, in the order they are tried (the more specific first)."""

# Words that make a sentence about another or a narrower scope, another year, or a comparison:
# figures after them restate no cell of this report's tables.
_SCOPE = re.compile(
    r"代表|备案|各部门|(?<!本)部门|各级|各地|各县|各区|各镇|各乡|各单位|所属|下属|系统|乡镇|街道|"
    r"办公室|政府办|指导|转办|协助|同比|去年|较上年|比上年|上年同期|增长|下降|减少|增加|累计|"
    r"截至|历年|以来|平均|占比|涉及|清理|废止|现行有效|修订|修改|失效|刊登|转载|解读"
)


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
_FIGURE = re.compile(
    r"(?<![0-9.．第])([0-9][0-9,]*|[零〇一二两三四五六七八九十百千万]+)\s*(余|多)?\s*(件|条|起|宗)"
)
_APPROXIMATE = re.compile(r"(?:近|约|超|逾|超过|将近|大约)\s*$")
_CLAUSE = re.compile(r"[，,；;。：:！？!?、（()）]")
_SENTENCE = re.compile(r"[。；;！？!?]")
_YEAR = re.compile(r"(\d{4})\s*年")

_BEFORE = tuple((p, re.compile(f"(?:{p.before})\\s*$")) for p in PHRASES if p.before is not None)
_AFTER = tuple((p, re.compile(p.after)) for p in PHRASES if p.after is not None)


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
    """The alternatives, with group paths resolved."""


def _last_start(pattern: re.Pattern[str], text: str, end: int) -> int:
    start = 0
    for m in pattern.finditer(text, 0, end):
        start = m.end()
    return start


def quotes(section: str, paragraph: int, text: str, year: int) -> Iterator[Quote]:
    """Every figure of one paragraph that a phrasing recognises and no silence rule excludes."""
    norm = normalize_digits(text)  # one character for one: offsets are kept
    for m in _FIGURE.finditer(norm):
        if m.group(2):  # 余, 多: an approximate figure
            continue
        try:
            value = parse_chinese_number(m.group(1))
        except ValueError:
            continue
        at = m.start(1)
        sentence_start = _last_start(_SENTENCE, norm, at)
        clause_start = _last_start(_CLAUSE, norm, at)
        head = norm[sentence_start:at]
        clause = norm[clause_start:at].strip()
        if _APPROXIMATE.search(clause):
            continue
        if _SCOPE.search(head):
            continue
        if any(int(y) != year for y in _YEAR.findall(head)):
            continue
        phrase = _match(clause, norm[m.end() :])
        if phrase is None:
            continue
        if phrase.whole and "其中" in head:
            continue
        if phrase.context is not None and not re.search(phrase.context, norm[:at]):
            continue
        cells = phrase.cells
        if phrase.group:
            groups = _GROUPS.findall(head)
            if not groups:
                continue
            cells = tuple(
                tuple(p.format(c) for c in alternative for p in _GROUP_PATHS[groups[-1]])
                for alternative in cells
            )
        end = _SENTENCE.search(norm, m.end())
        sentence = text[sentence_start : end.end() if end else len(text)].strip()
        yield Quote(section, paragraph, at, sentence, value, m.group(3), phrase, cells)


def _match(clause: str, rest: str) -> Phrase | None:
    for phrase, pattern in _BEFORE:
        if pattern.search(clause):
            return phrase
    for phrase, pattern in _AFTER:
        if pattern.match(rest):
            return phrase
    return None


def _expand(spec: TableSpec, path: str) -> list[CellSpec]:
    if "*" not in path:
        cell = spec.by_path.get(path)
        return [cell] if cell is not None else []
    head, tail = path.split("*")
    return [c for c in spec.cells if c.path.startswith(head) and c.path.endswith(tail)]


def _common(items: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    first = items[0]
    n = 0
    while n < len(first) and all(len(i) > n and i[n] == first[n] for i in items):
        n += 1
    return first[:n]


def _location(spec: TableSpec, cells: Sequence[CellSpec]) -> Location:
    return Location(
        spec.key, _common([c.row.labels for c in cells]), _common([c.column.labels for c in cells])
    )


def _label(spec: TableSpec, cells: Sequence[CellSpec], listed: bool) -> str:
    loc = _location(spec, cells)
    label = "/".join([*loc.row, *loc.column])
    if listed and len(cells) > 1:
        rows, columns = len(loc.row), len(loc.column)
        parts = ["/".join([*c.row.labels[rows:], *c.column.labels[columns:]]) for c in cells]
        label += "（" + "＋".join(parts) + "）"
    return label


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


def narrative(key: str) -> Any:
    """The check of the figures quoted in the text against table ``key``."""

    def check(ctx: Context) -> Iterator[Hit]:
        tables = {spec.key: (spec, values) for spec, _, values, _ in ctx.tables}
        if key not in tables:
            return
        spec, values = tables[key]
        eff = ctx.effective(spec, values)
        for quote in _all_quotes(ctx):
            if quote.phrase.table != key:
                continue
            hit = _compare(spec, eff, quote)
            if hit is not None:
                yield hit

    check.__doc__ = f"Figures quoted in the text against table {key}."
    return check


def _all_quotes(ctx: Context) -> list[Quote]:
    report = ctx.report
    return [
        q for section, i, text in _paragraphs(report) for q in quotes(section, i, text, report.year)
    ]


def _compare(spec: TableSpec, eff: Any, quote: Quote) -> Hit | None:
    candidates: list[tuple[list[CellSpec], Any, bool]] = []
    for alternative in quote.cells:
        cells = [c for path in alternative for c in _expand(spec, path)]
        if not cells or not all(eff.known[c.index] for c in cells):
            continue
        total = sum((eff.values[c.index] for c in cells), start=0)
        if total == quote.value:
            return None
        listed = not any("*" in path for path in alternative)
        candidates.append((cells, total, listed))
    if not candidates:
        return None
    cells, total, listed = candidates[0]
    stated = f"{quote.value}{quote.unit}"
    others = "".join(
        _f(", nor “{label}” {total}").format(label=_label(spec, c, lst), total=t)
        for c, t, lst in candidates[1:]
    )
    message = _f(
        "section {section}, paragraph {paragraph}, character {offset}: “{sentence}” states “"
        "{stated}”, but table {table} has “{label}” {total}{others}; check the text or the table"
    ).format(
        section=quote.section,
        paragraph=quote.paragraph + 1,
        offset=quote.offset + 1,
        sentence=quote.sentence,
        stated=stated,
        table=spec.key,
        label=_label(spec, cells, listed),
        total=total,
        others=others,
    )
    return _location(spec, cells), message
