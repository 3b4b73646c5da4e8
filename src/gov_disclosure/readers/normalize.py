"""Label keys: the text of a printed label reduced to what identifies it.

Published reports print the statutory labels with every kind of drift: full-width or
half-width characters, the Kangxi and CJK-supplement radicals that PDF and Word fonts map
characters to (``⼀`` for ``一``, ``⻓`` for ``长``), ``1.``/``1、``/``1．`` numbering, ``()``
or ``（）``, straight or curly quotes, spaces and line breaks inside labels (``三、 本 年 度``),
traditional characters. :func:`label_key` maps all of them to one key, so the reader compares
keys, never raw text. The key is for comparing only; it is never shown.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["clean_text", "label_key", "simplify"]

# Traditional forms of the characters of the statutory labels, section titles and the
# words around them, mapped to the simplified forms the format uses. The pairs were taken
# from OpenCC's conversions (s2t, s2tw, s2hk) of those labels, kept where OpenCC's t2s
# converts them back; tests/test_parse_normalize.py holds every label to them.
_TRADITIONAL = "佈係內動務區問單國執報審對屬廢強後採據數於會條業構機權歷決沒況減為無爲獲現當發確祕穩範糾納組結統經維總織繳繼續罰舉萬處補製複覆規計訟訪許訴詢認請議護費購轉辦這進過開關項題額類體"
_SIMPLIFIED = "布系内动务区问单国执报审对属废强后采据数于会条业构机权历决没况减为无为获现当发确秘稳范纠纳组结统经维总织缴继续罚举万处补制复复规计讼访许诉询认请议护费购转办这进过开关项题额类体"

# CJK Radicals Supplement characters that stand for a whole character and that NFKC leaves
# alone (PDF fonts map glyphs to them); the Kangxi radicals (U+2F00…) are handled by NFKC.
_RADICALS = "⺠⺟⻄⻅⻆⻉⻋⻓⻔⻗⻘⻙⻚⻛⻜⻝⻡⻢⻤⻥⻦⻧⻨⻩⻬⻮⻰⻳"
_RADICAL_CHARS = "民母西见角贝车长门雨青韦页风飞食首马鬼鱼鸟卤麦黄齐齿龙龟"

_FOLD = str.maketrans(_TRADITIONAL + _RADICALS, _SIMPLIFIED + _RADICAL_CHARS)

# After NFKC: numbering "1、" / "1," / "1．" → "1."; every other character that is not a CJK
# ideograph, an ASCII letter or digit, a bracket, "/" or "." is dropped from the key.
_NUMBERING = re.compile(r"(?<![0-9.])([0-9]{1,2})[、,，]")
_DROP = re.compile(r"[^0-9A-Za-z()/.\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_BRACKETS = str.maketrans("[]【】〔〕［］｛｝{}", "()()()()()()")


@lru_cache(maxsize=65536)
def simplify(text: str) -> str:
    """NFKC, the radicals PDF fonts carry, and traditional characters of the statute's words."""
    if text.isascii():
        return text  # NFKC leaves ASCII alone and the folds map no ASCII character
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """The comparison key of a label (see the module documentation).

    >>> label_key("(三) 不 予 公 开") == label_key("（三）不予公开")
    True
    >>> label_key("1、申请人") == label_key("1．申请人") == label_key("1.申请人")
    True
    """
    folded = _NUMBERING.sub(r"\1.", simplify(text).translate(_BRACKETS))
    return _DROP.sub("", folded)


_SPACE = re.compile(r"[\s\u00a0\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")


@lru_cache(maxsize=65536)
def clean_text(text: str) -> str:
    """Printed text with zero-width characters removed and runs of white space (incl.
    no-break and ideographic spaces) as one ASCII space, stripped."""
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()
