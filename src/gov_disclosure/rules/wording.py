"""The checks of a report's dates and words (S009, S010, S501): the year in the title and the
statistics period, the publication deadline, and a section 五 that says nothing.

Like every check (:mod:`.checks`), each takes a :class:`~.checks.Context` and yields
``(location, message)`` pairs; the registry attaches the rule's code and severity.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from .._i18n import N_, _f
from ..findings import Location
from ..numbers import normalize_digits, parse_chinese_number
from .checks import Context, Hit

# An implementation module (docs/reference/api.md): nothing here is re-exported.
__all__: list[str] = []


_YEAR = r"(\d{4}|[〇零一二三四五六七八九]{4})"
_TITLE_YEAR = re.compile(_YEAR + r"\s*年")
_PERIOD = re.compile(
    r"统计(?:期限|周期|期间|时限|时间|区间)[^。；\d]{0,10}"
    + _YEAR
    + r"\s*年\s*[1一]\s*月\s*[1一]\s*日[^。；\d]{0,6}(?:"
    + _YEAR
    + r"\s*年\s*)?(?:12|十二)\s*月\s*(?:31|三十一)\s*日"
)


def _year(text: str) -> int:
    return parse_chinese_number(text)


def check_year_mismatch(ctx: Context) -> Iterator[Hit]:
    """S009: the year in the title or the statistics period is not the report's year."""
    report = ctx.report
    if report.title:
        years = [_year(m.group(1)) for m in _TITLE_YEAR.finditer(normalize_digits(report.title))]
        if years and report.year not in years:
            yield (
                Location(),
                _f(
                    "the year in the title “{title}” is {found}, while the report is on {year}"
                ).format(title=report.title, found=years[0], year=report.year),
            )
    for paragraph in report.overview:
        if "统计" not in paragraph:  # the period is named after it (normalising keeps it)
            continue
        for m in _PERIOD.finditer(normalize_digits(paragraph)):
            for text in filter(None, m.groups()):
                if _year(text) != report.year:
                    yield (
                        Location("一"),
                        _f(
                            "the statistics period in the text, “{period}”, is of {found}, "
                            "while the report is on {year}"
                        ).format(period=m.group(0), found=_year(text), year=report.year),
                    )
                    break


_DEADLINES = {
    "government": (3, 31, N_("local people's government at or above the county level")),
    "department": (1, 31, N_("department of a people's government at or above the county level")),
}


def _date(day: datetime.date) -> str:
    return _f("{year}-{month:02}-{day:02}").format(year=day.year, month=day.month, day=day.day)


def check_publication_deadline(ctx: Context) -> Iterator[Hit]:
    """S010: published after the deadline of 条例第四十九条 (only with ValidationOptions.body)."""
    body, published = ctx.options.body, ctx.report.published
    if body is None or published is None:
        return
    month, day, who = _DEADLINES[body]
    deadline = datetime.date(ctx.report.year + 1, month, day)
    if published > deadline:
        late = (published - deadline).days
        yield (
            Location(),
            _f(
                "the report was published on {published}, after the deadline for a {who} to "
                "publish its report on {year}, {deadline} ({late} days late)"
            ).format(
                published=_date(published),
                who=_f(who),
                year=ctx.report.year,
                deadline=_date(deadline),
                late=late,
            ),
        )


_NOTHING = re.compile(r"(?:无|暂无|没有|未发现|不存在)[。.！!]?")
_SENTENCE_END = re.compile(r"[。！？!?；;]")
SHORT_PROBLEMS = 30
"""Fewer characters than this in one sentence is too short for section 五 (S501)."""


def check_problems_too_short(ctx: Context) -> Iterator[Hit]:
    """S501: section 五 says only 无 or one short sentence."""
    text = "".join(p.strip() for p in ctx.report.problems)
    if not text:
        return  # S001 reports the empty section
    if _NOTHING.fullmatch(text):
        yield (
            Location("五"),
            _f(
                "“五、存在的主要问题及改进情况” says only “{text}”: no problem and no improvement is "
                "stated"
            ).format(text=text),
        )
        return
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    if len(sentences) <= 1 and len(text) < SHORT_PROBLEMS:
        yield (
            Location("五"),
            _f(
                "“五、存在的主要问题及改进情况” is one sentence ({length} characters): “{text}”; "
                "it should state the main problems and the improvements"
            ).format(length=len(text), text=text),
        )
