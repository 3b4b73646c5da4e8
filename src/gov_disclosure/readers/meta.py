"""Metadata: title, reporting body, year, edition and publication date of a report.

The library's own metadata lines (``报告机关：`` …) are read first, several run together on one
line included; else the title line gives the agency and year, a truncated agency is completed
from the text (``统计局`` → ``互助县统计局``), and a closing date at the end gives the date.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Sequence, Set

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
) -> tuple[Metadata, list[tuple[str, str]], frozenset[int]]:
    """Title, agency, year, edition and date printed before section 一; what they lacked, as
    (``agency`` or ``year``, message); and the indexes of the rows taken (title, agency and
    metadata lines).

    Page chrome is never metadata: navigation (``当前位置：首页>…``), a ``标题:``/``名称：``
    prefix is cut off the title, and lines such as ``发布机构：``, ``来源：``, a URL or a view
    counter are neither title nor agency. A sentence (``根据…，现将…报告公布如下。``) is no title.
    """
    meta = Metadata()
    notes: list[tuple[str, str]] = []
    taken: set[int] = set()
    head = rows[:first_section]
    for i, row in enumerate(head):
        text = row.text.lstrip("-*• ").strip()
        items = _meta_items(text)
        for what, value in items:
            taken.add(row.index)
            if meta.title is None and i > 0 and head[i - 1].index not in taken:
                # The library's own layout: the title stands right above the metadata.
                above = _TITLE_PREFIX.sub("", clean_text(head[i - 1].text))
                if above and not _page_line(above):
                    meta.title = above
                    taken.add(head[i - 1].index)
            if what == "agency":
                meta.agency = value
            elif what == "year":
                match = re.search(r"[0-9]{4}", simplify(value))
                meta.year = int(match.group(0)) if match else None
            elif what == "edition":
                meta.edition = _edition_of(value)
            else:
                meta.published = _date_in(value)
        if items or meta.title is not None or row.index in taken:
            continue
        options = [text, *row.cells] if len(row.cells) > 1 else [text]
        title = next((t for t in map(_title_text, options) if t is not None), None)
        if title is None:
            continue
        if not _TITLE_END.search(simplify(title)) and i + 1 < len(head):
            following = clean_text(head[i + 1].text)
            joined = title + following
            if (
                len(following) <= 20
                and not _meta_items(following)
                and not _page_line(following)
                and _TITLE_END.search(simplify(joined))
                and _title_text(joined) is not None
            ):
                title = joined
                taken.add(head[i + 1].index)
        if not _TITLE_END.search(simplify(title)):
            continue
        if not _agency_in_title(title):
            # A cover page: the body's name on its own line above or below the title, or the
            # title's first line "某县统计局2024年" above "政府信息公开工作年度报告".
            upper = head[i - 1] if i > 0 and head[i - 1].index not in taken else None
            lower = head[i + 1] if i + 1 < len(head) else None
            if (
                upper is not None
                and _TITLE_HEAD.fullmatch(clean_text(upper.text))
                and not (_page_line(upper.text) or _YEAR.search(simplify(title)))
            ):
                title = clean_text(upper.text) + title
                taken.add(upper.index)
            else:
                for line in (upper, lower):
                    name = _agency_line(line) if line is not None else None
                    if line is not None and name is not None:
                        meta.agency = name
                        taken.add(line.index)
                        if line is upper:
                            title = line.text + title
                        break
        meta.title = clean_text(title.lstrip("#").strip())
        taken.add(row.index)
    if meta.year is None and meta.title:
        match = _YEAR.search(simplify(meta.title))
        if match:
            meta.year = int(match.group(1))
    from_title = False
    if meta.agency is None and meta.title:
        meta.agency = _agency_in_title(meta.title) or None
        from_title = True
    if meta.year is None:
        years = Counter(
            int(m.group(1))
            for r in rows
            if not _page_line(r.text)
            for m in _YEAR.finditer(simplify(r.text))
        )
        if years:
            meta.year = years.most_common(1)[0][0]
            notes.append(
                (
                    "year",
                    _f(
                        "the title names no year: the year most named in the text, {year}, is taken"
                    ).format(year=meta.year),
                )
            )
    if from_title and meta.agency and not any(c in meta.agency for c in "省市县縣区區州盟旗"):
        fuller = _fuller_agency(meta.agency, rows)
        if fuller:
            notes.append(
                (
                    "agency",
                    _f(
                        "the body named in the title, “{agency}”, is incomplete: “{fuller}” from the text is taken"
                    ).format(agency=meta.agency, fuller=fuller),
                )
            )
            meta.agency = fuller
    return meta, notes, frozenset(taken)


_NAVIGATION = re.compile(
    r"^(?:当前位置|您现在的位置|您当前的位置|您的位置|您所在的位置|所在位置|现在的位置|当前的位置|位置)"
    r"(?:是)?\s*[:：]?\s*"
)
"""Breadcrumb navigation printed above a report on a web page (``当前位置：首页>政务公开>…``)."""
_NAV_SEPARATOR = re.compile(r"\s*(?:>>|>|＞|»|›|→|/|／|\\)\s*")
_TITLE_PREFIX = re.compile(
    r"^(?:标题|名称|信息名称|文件名称|文章标题|文件标题|题目|主题|title)\s*[:：]\s*", re.IGNORECASE
)
"""A field name a crawler or a site prints before the title (``标题: …``, ``名称：…``)."""
_FIELD_NAMES = (
    r"(?:发布机构|发文机关|发文单位|发布单位|公开主体|来源|信息来源|文章来源|发布时间|发布日期|成文日期"
    r"|生成日期|时间|日期|索引号|文号|发文字号|栏目|所属栏目|分类|主题分类|公开方式|公开范围|原文链接"
    r"|链接|网址|本地目录|浏览次数|访问次数|阅读次数|阅读量|点击数|点击量|浏览量|点击率|作者|编辑"
    r"|责任编辑|字号|打印|关闭|分享到?|有效性)\s*[:：]"
)
_PAGE_FIELD = re.compile("^" + _FIELD_NAMES)
"""A field of a page's header or footer (``发布机构：…``, ``来源：…``, ``浏览次数：12``)."""
_PAGE_TEXT = re.compile(
    r"https?://|www\.|\.s?html?\b|浏览次数|点击数|访问量|【打印】|【关闭】|分享到|字号[:：]|^[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?:\s*(?:上午|下午)?\s*[0-9]{1,2}:[0-9]{2}.*)?$"
)
"""A URL, a view counter, a page's date (``2025-01-20 10:00``) alone: what a page prints around
a report."""
_TITLE_SUFFIX = re.compile(r"[\s》”\"'）)\]】]*(?:[（(][^（）()]{0,12}[）)])?[\s》”\"']*$")
_AGENCY_END = re.compile(
    r"(?:政府|办公厅|办公室|委员会|管委会|局|委|办|厅|院|署|中心|所|处|站|队|会|部|社|馆|街道|"
    r"办事处|镇|乡|区|县|市|州|盟|旗|省|公司|集团)$"
)


def _page_line(text: str) -> bool:
    """Whether a line is page chrome: navigation, a header field, a URL, a counter, a date."""
    text = clean_text(text)
    return bool(
        _NAVIGATION.match(text)
        or _PAGE_FIELD.match(text)
        or _PAGE_TEXT.search(text)
        or "首页>" in text.replace(" ", "")
    )


_TITLE_HEAD = re.compile(r"[^\s:：>＞»/。，,；;]{2,28}?\s*(?:19|20)[0-9]{2}\s*年度?")
"""The first line of a title split before its words: ``某县统计局2024年``."""
_CLOCK = re.compile(
    r"^(?:[0-9]{4}\s*[-/.年]\s*[0-9]{1,2}\s*[-/.月]\s*[0-9]{1,2}\s*日?)?\s*(?:上午|下午)?\s*"
    r"(?:[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\s*(?:[AaPp][Mm])?)?\s*"
)
"""A date and time a browser prints at the top of a page (``2025/1/20 上午10:00``)."""


def _title_text(line: str) -> str | None:
    """The title a line prints, or None: a ``标题:`` prefix cut off, the last step of a
    breadcrumb taken, what follows a title on a page's header line (``来源：…``) cut off; a
    sentence or a page field is no title."""
    text = _TITLE_PREFIX.sub("", clean_text(line).lstrip("-*•# ").strip())
    text = _CLOCK.sub("", text, count=1)
    navigation = _NAVIGATION.match(text)
    if navigation is not None or "首页>" in text.replace(" ", ""):
        steps = _NAV_SEPARATOR.split(text[navigation.end() if navigation else 0 :])
        if len(steps) == 1:
            steps = steps[0].split()
        text = steps[-1] if steps else ""
        if not _YEAR.search(simplify(text)):
            return None  # a column of the site (政府信息公开年报), not a report's title
    elif _PAGE_FIELD.match(text):
        return None
    field = re.search(r"\s+" + _FIELD_NAMES, text)
    if field is not None:
        text = text[: field.start()]
    simple = simplify(text)
    if not any(w in simple for w in _TITLE_WORDS) or len(text) > 80:
        return None
    if any(p in simple for p in "。，,；;") or simple.startswith(_SENTENCE_START):
        return None
    end = _TITLE_END.search(simple)
    if end is not None and not _TITLE_SUFFIX.fullmatch(simple[end.end() :]):
        return None  # words after the title: a sentence that names the report
    return text


_SENTENCE_START = ("根据", "按照", "依据", "依照", "现将", "特此", "本报告", "为")


def _agency_line(row: Row) -> str | None:
    """A line that is a body's name and nothing else (a cover page), or None."""
    text = re.sub(r"\s+", "", clean_text(row.text))
    if row.prose or not 2 <= len(text) <= _AGENCY_LINE or _page_line(text):
        return None
    if re.search(r"[0-9:：>＞»/。，,；;、“”\"《》]", simplify(text)):
        return None
    if any(w in simplify(text) for w in ("报告", "公开", "年度")):
        return None
    return text if _AGENCY_END.search(simplify(text)) else None


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
    rows: Sequence[Row], agency: str, claimed: Set[int]
) -> tuple[datetime.date | None, frozenset[int]]:
    """A closing date (and the signature above it) at the end of the report, among the rows
    not ``claimed``; and the indexes of the rows it takes."""
    tail = [r for r in rows if r.index not in claimed][-3:]
    for row in reversed(tail):
        text = simplify(row.text).replace(" ", "")
        if len(text) <= 16:
            date = _date_in(text)
            if date is not None and (_DATE.fullmatch(text) or _CN_DATE.fullmatch(text)):
                taken = {row.index}
                before = rows[row.index - 1] if row.index > 0 else None
                if (
                    before is not None
                    and agency
                    and label_key(before.text).endswith(label_key(agency)[-3:])
                ):
                    taken.add(before.index)
                return date, frozenset(taken)
    return None, frozenset()
