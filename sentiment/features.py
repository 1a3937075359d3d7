"""What the linear model sees: slang-expanded text cut into character n-grams.

Training (sentiment.train) and inference (sentiment.model) both call ``ngram_counts``, so the
features cannot drift apart.
"""

from __future__ import annotations

import re
from collections import Counter

# The sizes an artifact was trained with are stored in its meta ("ngram_sizes"); this is the
# default for training and for artifacts that predate the field.
NGRAM_SIZES: tuple[int, ...] = (1, 2, 3)

# Pinyin abbreviations and number slang written out, so the model reads them through the
# Chinese it was trained on. Only whole Latin/digit words are replaced.
SLANG_EXPANSIONS: dict[str, str] = {
    "yyds": "永远的神",
    "xswl": "笑死我了",
    "nsdd": "你说得对",
    "awsl": "啊我死了",
    "tql": "太强了",
    "zqsg": "真情实感",
    "yygq": "阴阳怪气",
    "nbcs": "没人在乎",
    "bdjw": "不懂就问",
    "dbq": "对不起",
    "bhys": "不好意思",
    "ssfd": "瑟瑟发抖",
    "srds": "虽然但是",
    "u1s1": "有一说一",
    "plgg": "漂亮哥哥",
    "pljj": "漂亮姐姐",
    "xjj": "小姐姐",
    "xgg": "小哥哥",
    "zfmlb": "祖坟冒蓝烟",
    "nmsl": "你妈死了",
    "mlgb": "妈了个逼",
    "sb": "傻逼",
    "nb": "牛逼",
    "666": "厉害",
    "233": "哈哈",
    "555": "呜呜",
}
# Text the platform writes for the user (Weibo's default repost text, share captions, link
# labels): it says nothing about what the author feels, and a plain repost ("转发微博") would
# otherwise be read through whatever the corpora happened to pair those characters with.
_PLATFORM_BOILERPLATE = re.compile(r"转发微博|分享图片|分享视频|网页链接")
_LATIN = re.compile(r"[0-9a-z]")
_SLANG_WORD = re.compile(r"(?<![0-9a-z])(" + "|".join(SLANG_EXPANSIONS) + r")(?![0-9a-z])")


def expand_slang(text: str) -> str:
    """Replace known pinyin abbreviations in normalised text with their Chinese phrase."""
    if _LATIN.search(text) is None:
        return text
    return _SLANG_WORD.sub(lambda match: SLANG_EXPANSIONS[match.group(1)], text)


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each ``[start, end)`` span blanked (used for spans the rules already read)."""
    for start, end in sorted(spans, reverse=True):
        text = f"{text[:start]} {text[end:]}"
    return text


def unmasked_share(text: str, spans: list[tuple[int, int]]) -> float:
    """Share of ``text`` outside the ``spans`` the rules already read (1.0 with no spans)."""
    if not spans or not text:
        return 1.0
    covered: set[int] = set()
    for start, end in spans:
        covered.update(range(start, end))
    return max(0.0, 1.0 - len(covered) / len(text))


def ngrams(text: str, sizes: tuple[int, ...] = NGRAM_SIZES) -> list[str]:
    """Every character n-gram of ``text`` (of the given sizes), in no particular order. N-grams
    that start or end with a space are included; they are never in the vocabulary."""
    length = len(text)
    return [text[i : i + size] for size in sizes for i in range(length - size + 1)]


def ngram_counts(text: str, sizes: tuple[int, ...] = NGRAM_SIZES) -> Counter[str]:
    """Character n-gram counts of a model-ready text (spaces never start or end an n-gram)."""
    counts: Counter[str] = Counter()
    length = len(text)
    for size in sizes:
        for start in range(length - size + 1):
            gram = text[start : start + size]
            if gram[0] != " " and gram[-1] != " ":
                counts[gram] += 1
    return counts


def model_input(text: str, negated_spans: list[tuple[int, int]]) -> str:
    """The string the model reads: negated spans (already read by the rules) blanked out,
    platform boilerplate dropped, pinyin slang written out in Chinese."""
    text = mask_spans(text, negated_spans) if negated_spans else text
    return expand_slang(_PLATFORM_BOILERPLATE.sub(" ", text).strip())
