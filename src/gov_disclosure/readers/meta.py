"""Metadata: title, reporting body, year, edition and publication date of a report.

The library's own metadata lines (``报告机关：`` …) are read first, several run together on one
line included; else the title line gives the agency and year, a truncated agency is completed
from the text (``统计局`` → ``互助县统计局``), and a closing date at the end gives the date.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Sequence

from attrs import define

from .._i18n import _f
from ..grid import (
    META_AGENCY,
    META_EDITION,
    META_PUBLISHED,
    META_YEAR,
)
from ..statutory import (
    Edition,
)
from .normalize import clean_text, label_key, simplify
from .rows import Row

_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年")
_DATE = re.compile(r"([12][0-9]{3})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日")
_CN_DATE = re.compile(
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_ISO_DATE = re.compile(r"((?:19|20)[0-9]{2})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})")
_TITLE_WORDS = ("信息公开", "政务公开")
_TITLE_END = re.compile(r"(?:信息公开|政务公开).*(?:报告|年报)")
_AGENCY_LINE = 30
"""The longest line above a title that is taken for the reporting body's name."""


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


@define
class Metadata:
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


def read_metadata(
    rows: Sequence[Row], first_section: int
) -> tuple[Metadata, list[str], frozenset[int]]:
    """Title, agency, year, edition and date printed before section 一; what they lacked; the
    indexes of the rows they were read from."""
    meta = Metadata()
    used: set[int] = set()
    notes: list[str] = []
    head = rows[:first_section]
    from_title = False
    for i, row in enumerate(head):
        text = row.text.lstrip("-*• ").strip()
        items = _meta_items(text)
        for what, value in items:
            used.add(row.index)
            if meta.title is None and i > 0 and head[i - 1].index not in used:
                # The library's own layout: the title stands right above the metadata.
                meta.title = clean_text(head[i - 1].text)
                used.add(head[i - 1].index)
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
                if (
                    len(following) <= 20
                    and not _meta_items(following)
                    and _TITLE_END.search(simplify(title + following))
                ):
                    title += following
                    used.add(head[i + 1].index)
            if _TITLE_END.search(simplify(title)) and len(title) <= 80:
                above = head[i - 1] if i > 0 else None
                if (
                    not _agency_in_title(title)
                    and above is not None
                    and above.index not in used
                    and not above.prose
                    and len(above.text) <= _AGENCY_LINE
                ):
                    # A cover page: the body's name on the line above "2024年…年度报告".
                    title = above.text + title
                    used.add(above.index)
                meta.title = clean_text(title.lstrip("#").strip())
                used.add(row.index)
    if meta.year is None and meta.title:
        match = _YEAR.search(simplify(meta.title))
        if match:
            meta.year = int(match.group(1))
    if meta.agency is None and meta.title:
        meta.agency = _agency_in_title(meta.title)
        from_title = True
    if meta.year is None:
        years = Counter(int(m.group(1)) for r in rows for m in _YEAR.finditer(simplify(r.text)))
        if years:
            meta.year = years.most_common(1)[0][0]
            notes.append(
                _f(
                    "the title names no year: the year most named in the text, {year}, is taken"
                ).format(year=meta.year)
            )
    if from_title and meta.agency and not any(c in meta.agency for c in "省市县縣区區州盟旗"):
        fuller = _fuller_agency(meta.agency, rows)
        if fuller:
            notes.append(
                _f(
                    "the body named in the title, “{agency}”, is incomplete: “{fuller}” from the text is taken"
                ).format(agency=meta.agency, fuller=fuller)
            )
            meta.agency = fuller
    if not meta.agency:
        notes.append(_f("the name of the reporting body is not found"))
    return meta, notes, frozenset(used)


def _agency_in_title(title: str) -> str:
    """The reporting body named by a title: the text before its year (``淮安市人民政府2024年…``),
    else the text after the year up to the last ``政府信息公开``/``政务公开``/``信息公开``
    (``2024年上海市科委政府信息公开工作年度报告``), so that a body whose own name holds those
    words (``某市政务公开办公室``) keeps its name. Found on the simplified title, cut from the
    title as printed (traditional characters in a body's name stay as printed)."""
    printed = re.sub(r"\s+", "", title)
    text, origin = _simplified(printed)
    year = _TITLE_YEAR.search(text)
    if year is not None and year.start() > 0:
        start, end = 0, year.start()
    else:
        offset = year.end() if year is not None else 0
        rest = text[offset:]
        cut = next((rest.rfind(w) for w in _CUT_WORDS if w in rest), len(rest))
        start, end = offset, offset + cut
    agency = printed[origin[start] : origin[end]] if start < end else ""
    agency = re.sub(r"^关于|关于$", "", agency)
    return agency.strip("《》“”\"'·:：,，、 ")


def _simplified(text: str) -> tuple[str, list[int]]:
    """:func:`simplify` of ``text``, and for each position of the result (and its end) the
    position in ``text`` it comes from (NFKC may turn one character into several)."""
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        folded = simplify(char)
        out.append(folded)
        origin.extend([i] * len(folded))
    origin.append(len(text))
    return "".join(out), origin


_TITLE_YEAR = re.compile(r"(?:19|20)[0-9]{2}年度?")
_CUT_WORDS = ("政府信息公开", "政务公开", "信息公开")


def _fuller_agency(agency: str, rows: Sequence[Row]) -> str | None:
    pattern = re.compile(r"([\u4e00-\u9fff]{1,10}[省市县縣区區州盟旗])" + re.escape(agency))
    found: Counter[str] = Counter()
    for row in rows:
        for match in pattern.finditer(row.text):  # as printed: the name is kept as it stands
            found[match.group(0)] += 1
    return found.most_common(1)[0][0] if found else None


def closing_date(
    rows: Sequence[Row], agency: str, claimed: frozenset[int]
) -> tuple[datetime.date | None, frozenset[int]]:
    """A closing date (and the signature above it) at the end of the report, among the rows
    not ``claimed``; the indexes of the rows it was read from."""
    tail = [r for r in rows if r.index not in claimed][-3:]
    for row in reversed(tail):
        text = simplify(row.text).replace(" ", "")
        if len(text) <= 16:
            date = _date_in(text)
            if date is not None and (_DATE.fullmatch(text) or _CN_DATE.fullmatch(text)):
                used = {row.index}
                before = rows[row.index - 1] if row.index > 0 else None
                if (
                    before is not None
                    and agency
                    and label_key(before.text).endswith(label_key(agency)[-3:])
                ):
                    used.add(before.index)
                return date, frozenset(used)
    return None, frozenset()
