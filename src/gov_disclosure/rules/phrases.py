"""The ways reports put their tables into words: data for :mod:`.narrative`.

Three kinds of statement are recognised:

* :data:`PHRASES` — a figure restated (``共收到政府信息公开申请86件``): the words just before
  (or just after) the figure, and the cells it may restate, every alternative reading listed
  (``共受理`` is 一 in most reports, 一 + 二 in some; ``因本机关不掌握等原因无法提供96件`` is
  （四）1 or （四） in total; table 四 by group or in total);
* :data:`CLAIMS` — a claim in words that some cells are zero (``未发生行政诉讼``,
  ``行政复议…均获维持``);
* :data:`CHANGE` — a change over the year right after a restated figure (``同比增长2.4%``,
  ``较上年减少9件``), checked against the previous year's report.

The patterns are plain regular expressions without nested quantifiers; every repetition is
bounded, so that reading a paragraph stays linear in its length.
"""

from __future__ import annotations

from attrs import frozen

# An implementation module (docs/reference/api.md): __all__ lists only the names a public module re-exports.
__all__: list[str] = []


@frozen
class Phrase:
    """A way of quoting a table figure in the text.

    ``before`` must match the end of the clause before the figure (``after``: the start of the
    text after its unit); ``cells`` are the alternatives: each a tuple of cell paths of table
    ``table`` whose sum the figure may restate (``*`` stands for any sub-item). ``whole``
    marks a figure for the whole of the work (a total): it is not compared inside a sentence
    that has said ``其中`` before it. ``group`` (table 四): the paths are relative to the group
    the sentence last named (行政复议 or 行政诉讼). ``items``: the group's sub-items, each a path
    and the words that name it; a clause naming one (``因本机关不掌握等原因无法提供``) may
    restate that sub-item rather than the group.
    """

    name: str
    table: str
    cells: tuple[tuple[str, ...], ...]
    before: str | None = None
    after: str | None = None
    whole: bool = False
    group: bool = False
    context: tuple[str, ...] = ()
    """Patterns the paragraph must each match before the figure (申请 for table 三, a verb of
    publishing for table 二) unless the paragraph is the table's own prose."""
    items: tuple[tuple[str, str], ...] = ()


@frozen
class Claim:
    """A claim in words that cells are zero.

    ``pattern`` finds the claim; its named group ``groups`` (if any) holds the words naming
    table 四's groups (行政复议, 行政诉讼), else the group is the one the sentence last named
    before the claim. ``zero`` are the cells the claim says are zero, relative to each group
    (``{}`` stands for the group) or absolute when the claim names no group.
    """

    name: str
    table: str
    pattern: str
    zero: tuple[str, ...]
    group: bool = False
    said: str = ""
    """What the claim says, in the finding's words."""


_APPLICATION = ("申请",)
_PUBLISHING = ("公开|制发|出台|发布|印发|制定",)
_REFUSED = ("refused.*.total",)
_UNAVAILABLE = ("unavailable.*.total",)
_NOT_PROCESSED = ("not_processed.*.total",)
_OTHER = ("other.*.total", "other.total")
_ANSWER = r"(?:答复)?(?:的)?(?:申请)?(?:有|共|为)?"

SUB_ITEMS: dict[str, tuple[tuple[str, str], ...]] = {
    "refused": (
        ("refused.state_secret.total", "国家秘密"),
        ("refused.prohibited.total", "禁止公开"),
        ("refused.endangers_safety.total", "三安全一稳定|危及"),
        ("refused.third_party.total", "第三方"),
        ("refused.internal_affairs.total", "内部事务"),
        ("refused.process_information.total", "过程性信息"),
        ("refused.enforcement_files.total", "执法案卷"),
        ("refused.inquiry_matters.total", "查询事项"),
    ),
    "unavailable": (
        ("unavailable.not_held.total", "不掌握"),
        ("unavailable.needs_creation.total", "另行制作|现成信息"),
        ("unavailable.still_unclear.total", "不明确"),
    ),
    "not_processed": (
        ("not_processed.complaints.total", "信访|举报|投诉"),
        ("not_processed.repeated.total", "重复申请"),
        ("not_processed.publications.total", "公开出版物"),
        ("not_processed.excessive.total", "大量反复"),
        ("not_processed.confirmation.total", "重新出具"),
    ),
    "other": (
        ("other.no_correction.total", "不补正"),
        ("other.unpaid_fees.total", "缴纳费用|收费通知"),
    ),
}
"""The sub-items of table 三's result groups and the words a sentence names them by."""

_RECEIVED = (("received.total",), ("received.total", "carried_over.total"))
_NOUN = (
    r"(?:(?:政府信息公开|信息公开|依申请公开)?申请|依申请(?:政府)?(?:信息)?公开(?:申请)?)"
    r"(?:案件|事项)?"
)

PHRASES: tuple[Phrase, ...] = (
    # --- table 三 ---------------------------------------------------------------------------
    Phrase(
        "received",
        "三",
        _RECEIVED,
        before=r"(?:收到|受理|新收|接收|接到|收办|新增)(?:各类|群众|公民|社会公众)?(?:的)?"
        rf"{_NOUN}(?:数量|总数|总量)?(?:为|共|共计|合计|达)?",
        whole=True,
    ),
    Phrase(
        "received-new",
        "三",
        _RECEIVED,
        before=r"(?:^|本年度?|全年|今年|年内)新收(?:为|共|共计)?",
        whole=True,
        context=_APPLICATION,
    ),
    Phrase(
        "handled",
        "三",
        (("received.total", "carried_over.total"), ("total.total",), ("received.total",)),
        before=rf"(?:^|共|全年|年内|共计)办理(?:各类)?{_NOUN}(?:为|共|共计|合计)?",
        whole=True,
    ),
    Phrase(
        "to-handle",
        "三",
        (("received.total", "carried_over.total"),),
        before=r"(?:共需|需要|合计需|共应)办理(?:的)?(?:申请)?(?:为|共)?",
        whole=True,
        context=_APPLICATION,
    ),
    Phrase(
        "appeals-total",
        "四",
        (("review.total", "lawsuit_direct.total", "lawsuit_after_review.total"),),
        before=r"(?:(?:行政)?复议(?:和|及|、|与)(?:行政)?诉讼|相关)案件(?:数量?)?(?:为|共|共计|合计)?",
        whole=True,
        context=("复议", "诉讼"),
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
        before=r"(?:(?:^|共|全年|年内|已)(?:答复|办结)(?:政府信息公开)?(?:申请)?(?:共|共计)?"
        r"|办理结果(?:总计|合计|共计)?(?:为)?)",
        whole=True,
        context=_APPLICATION,
    ),
    Phrase(
        "granted-and-partial",
        "三",
        (("granted.total", "partially_granted.total"),),
        before=r"(?:予以|同意)?公开(?:及|和|与|、)部分公开" + _ANSWER,
        context=_APPLICATION,
    ),
    Phrase(
        "granted",
        "三",
        (("granted.total",),),
        before=r"(?:予以公开|同意公开|全部公开)" + _ANSWER,
        context=_APPLICATION,
    ),
    Phrase(
        "partially-granted",
        "三",
        (("partially_granted.total",),),
        before=r"部分公开" + _ANSWER,
        context=_APPLICATION,
    ),
    Phrase(
        "refused",
        "三",
        (_REFUSED,),
        before=r"不予公开" + _ANSWER,
        context=_APPLICATION,
        items=SUB_ITEMS["refused"],
    ),
    Phrase(
        "unavailable",
        "三",
        (_UNAVAILABLE,),
        before=r"无法提供" + _ANSWER,
        context=_APPLICATION,
        items=SUB_ITEMS["unavailable"],
    ),
    Phrase(
        "not-processed",
        "三",
        (_NOT_PROCESSED,),
        before=r"不予处理" + _ANSWER,
        context=_APPLICATION,
        items=SUB_ITEMS["not_processed"],
    ),
    Phrase(
        "other",
        "三",
        (_OTHER,),
        before=r"其他处理" + _ANSWER,
        context=_APPLICATION,
        items=SUB_ITEMS["other"],
    ),
    Phrase(
        "not-held",
        "三",
        (("unavailable.not_held.total",),),
        before=r"(?:属于)?本机关不掌握(?:相关)?(?:的)?(?:政府)?(?:信息)?(?:的)?(?:申请)?(?:有|共|为)?",
        context=_APPLICATION,
    ),
    Phrase(
        "needs-creation",
        "三",
        (("unavailable.needs_creation.total",),),
        before=r"(?:需要|需)另行制作(?:的)?(?:信息)?(?:的)?(?:申请)?(?:有|共|为)?",
        context=_APPLICATION,
    ),
    Phrase(
        "state-secret",
        "三",
        (("refused.state_secret.total",),),
        before=r"属于国家秘密(?:的)?(?:申请)?(?:有|共|为)?",
        context=_APPLICATION,
    ),
    Phrase(
        "third-party",
        "三",
        (("refused.third_party.total",),),
        before=r"(?:保护|涉及|损害)第三方合法权益(?:的)?(?:申请)?(?:有|共|为)?",
        context=_APPLICATION,
    ),
    Phrase(
        "repeated",
        "三",
        (("not_processed.repeated.total",),),
        before=r"(?:属于)?重复申请(?:的)?(?:有|共|为)?",
        context=_APPLICATION,
    ),
    Phrase(
        "complaints",
        "三",
        (("not_processed.complaints.total",),),
        before=r"(?:属于)?信访举报投诉类(?:的)?(?:申请)?(?:有|共|为)?",
        context=_APPLICATION,
    ),
    Phrase(
        "no-correction",
        "三",
        (("other.no_correction.total",),),
        before=r"(?:申请人)?(?:无正当理由)?逾期不补正(?:的)?(?:申请)?(?:有|共|为)?",
        context=_APPLICATION,
    ),
    Phrase(
        "unpaid-fees",
        "三",
        (("other.unpaid_fees.total",),),
        before=r"逾期未(?:按收费通知要求)?缴纳(?:信息处理费|费用)(?:的)?(?:申请)?(?:有|共|为)?",
        context=_APPLICATION,
    ),
    Phrase(
        "carried-forward",
        "三",
        (("carried_forward.total",),),
        before=r"(?:结转|转入|转|顺延)(?:到|至)?下一?年度?(?:继续)?(?:办理)?(?:答复)?(?:的)?"
        r"(?:申请)?(?:有|共|为)?",
        context=_APPLICATION,
    ),
    Phrase(
        "carried-forward-after",
        "三",
        (("carried_forward.total",),),
        after=r"(?:申请)?(?:顺延|结转|转入|转)(?:到|至)?(?:下一?年度|(?P<year>\d{4})年)",
        context=_APPLICATION,
    ),
    # --- table 四 ---------------------------------------------------------------------------
    Phrase(
        "review",
        "四",
        (("review.total",),),
        before=r"(?:被申请|申请)?行政复议(?:案件)?(?:数量?)?(?:为|共|共计)?",
        whole=True,
    ),
    Phrase(
        "lawsuit",
        "四",
        (
            ("lawsuit_direct.total", "lawsuit_after_review.total"),
            ("lawsuit_direct.total",),
        ),
        before=r"(?:被提起|提起|被诉)?行政诉讼(?:案件)?(?:数量?)?(?:为|共|共计)?",
        whole=True,
    ),
    Phrase(
        "lawsuit-direct",
        "四",
        (("lawsuit_direct.total",),),
        before=r"(?:未经复议)?直接(?:提起)?(?:行政)?(?:起诉|诉讼)(?:案件)?(?:的)?(?:为|共)?",
    ),
    Phrase(
        "lawsuit-after-review",
        "四",
        (("lawsuit_after_review.total",),),
        before=r"(?:经)?复议后(?:提起)?(?:行政)?(?:起诉|诉讼)(?:案件)?(?:的)?(?:为|共)?",
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
        before=r"(?:^|公开|制发|出台|发布|印发|制定)(?:了)?[^，,、；;]{0,12}?(?:行政)?规范性文件",
        context=_PUBLISHING,
    ),
)
"""The phrasings of a restated figure, in the order they are tried (the more specific first)."""

_GROUP_WORDS = r"(?:行政复议|行政诉讼)(?:(?:[、和及与或]|以及)(?:行政)?(?:复议|诉讼))?"
_CORRECTED = r"纠错|纠正|败诉|撤销|确认违法"

CLAIMS: tuple[Claim, ...] = (
    Claim(
        "none-corrected-both",
        "四",
        r"(?:未发生|没有发生|未出现|未有|没有|无)(?:过)?(?:任何)?[^，,。；;：:！？!?]{0,16}?"
        rf"(?P<groups>(?:行政)?复议(?:案件)?(?:被)?(?:{_CORRECTED})(?:或|和|及|、|或者)"
        rf"(?:行政)?诉讼)(?:案件)?(?:被)?(?:{_CORRECTED})",
        ("{}.corrected",),
        group=True,
        said="被纠错的案件为零",
    ),
    Claim(
        "none-corrected",
        "四",
        r"(?:未发生|没有发生|未出现|未有|没有|无)(?:过)?(?:任何)?[^，,。；;：:！？!?]{0,16}?"
        rf"(?P<groups>{_GROUP_WORDS})(?:案件)?(?:被)?(?:{_CORRECTED})",
        ("{}.corrected",),
        group=True,
        said="被纠错的案件为零",
    ),
    Claim(
        "none",
        "四",
        r"(?:未发生|没有发生|未出现|未有|没有|(?<![全均])无)(?:过)?(?:任何)?"
        r"(?:因|涉及|有关|关于)?[^，,。；;：:！？!?]{0,16}?"
        rf"(?P<groups>{_GROUP_WORDS})(?=案|事|情况|的情况|[，,。；;）)]|$|等)",
        ("{}.total",),
        group=True,
        said="未发生",
    ),
    Claim(
        "all-zero",
        "四",
        rf"(?P<groups>{_GROUP_WORDS})(?:案件)?(?:数量?)?(?:均|都)(?:为)?(?:零|0)(?!\d)",
        ("{}.total",),
        group=True,
        said="均为零",
    ),
    Claim(
        "all-upheld-concluded",
        "四",
        r"(?:已审结|审结的|已结案|已办结)[^，,。；;]{0,12}?(?:均|全部|都|皆)(?:已)?(?:获|被|予以)?"
        r"(?:依法)?(?:维持|胜诉)",
        ("corrected",),
        said="均获维持（已审结的）",
    ),
    Claim(
        "all-upheld",
        "四",
        r"(?:均|全部|都|皆)(?:已)?(?:获|被|予以)?(?:依法)?(?:维持|胜诉)",
        ("corrected", "pending"),
        said="均获维持",
    ),
    Claim(
        "no-fee-notice",
        "三",
        r"(?:未|没有|从未)(?:向申请人)?(?:发出|出具|送达|发送)(?:过)?(?:任何)?收费通知"
        r"|不(?:向申请人)?收取(?:任何)?(?:信息处理费|费用)",
        ("other.unpaid_fees.total",),
        said="未发出收费通知（不收费）",
    ),
)
"""The claims in words, in the order they are tried: where two start at the same place, the
first wins. ``all-upheld`` has no group in its pattern: the group is the one its sentence last
named (a sentence naming none is passed over)."""

CHANGE = (
    r"\s{0,3}[，,（(]?\s{0,3}(?:同比|(?:比|较|与)(?:上一?年度?|去年)(?:同期)?(?:相比)?[，,]?)\s{0,3}"
    r"(?:(?P<verb>增长|增加|上升|提高|减少|下降|降低)了?\s{0,3}"
    r"(?P<amount>[0-9]{1,9}(?:\.[0-9]{1,4})?)\s{0,3}(?P<unit>%|％|件|条|起|宗)"
    r"|(?P<flat>持平|不变|相同|一致))"
)
"""A change over the year right after a restated figure: a verb, an amount and its unit (a
percentage or a count), or no change."""

SCOPE = (
    r"代表|备案|各部门|(?<!本)部门|各级|各地|各县|各区|各镇|各乡|各单位|所属|下属|系统|乡镇|街道|"
    r"办公室|政府办|指导|转办|协助|同比|去年|较上年|比上年|上年同期|增长|下降|减少|增加|累计|"
    r"截至|历年|以来|平均|占比|涉及|清理|废止|现行有效|修订|修改|失效|刊登|转载|解读|"
    r"上一?年度?(?!度|结转)|前年|往年|社区|辖区|县区|区县|县市区|县（市、区）"
)
"""Words that make a sentence about another or a narrower scope, another year, or a
comparison: figures and claims after them restate no cell of this report's tables (unless
the word is part of the body's own name: ``某某街道共受理…``)."""

HEDGES = r"确保|力争|争取|避免|防止|杜绝|力求|如果|假如|倘若|一旦|是否"
"""Words that make a claim an aim or a condition rather than a fact."""
