"""The one text normaliser used everywhere (scoring, entity matching, storage).

Rules, in order:

1. Anything that is not a ``str`` becomes ``""``; the function never raises.
2. Unicode NFKC: full-width letters, digits and ASCII punctuation become half-width
   (Ｏｐｐｏ → Oppo, ！→ !, ＃ → #, the ideographic space → space). CJK punctuation without a
   compatibility form (。、「」【】) is left alone.
3. URLs (``http(s)://…``, ``www.…``, bare ``t.cn/…`` short links) become the token ``<url>``
   surrounded by spaces, so a link never glues onto a name.
4. One ``str.translate`` pass: ASCII lowercased, traditional → simplified (character table from
   opencc), Unicode emoji → canonical bracket codes (😡 → [怒]), control characters → space,
   zero-width characters and variation selectors dropped.
5. Platform bracket codes are folded to their canonical name ([偷笑R] → [偷笑], [tv_doge] → [doge],
   [生气] → [怒]).
6. Runs of three or more identical characters (or identical bracket codes) are squeezed to two;
   runs of two are kept so names such as "OPPO" survive, and digits are never squeezed ("1000").
7. Whitespace runs collapse to one space; leading and trailing space is removed.

@handles and #topics# pass through the same folding as any text ("@測評老王" → "@测评老王"), so an
alias normalised with this function is found as a substring of a normalised post. Slang and pinyin
abbreviations are deliberately *not* expanded here; that is the scorer's job, so names are never
rewritten.
"""

from __future__ import annotations

import re
import unicodedata

from sentiment.emoji import canonical_code, unicode_emoji_table
from sentiment.t2s import TRADITIONAL_TO_SIMPLIFIED

URL_TOKEN = "<url>"

_URL = re.compile(
    r"(?:https?://|www\.)[\x21-\x7e]+|\bt\.cn/[0-9a-zA-Z]+|\b(?:b23\.tv|v\.douyin\.com|xhslink\.com)/[0-9a-zA-Z/]+",
    re.IGNORECASE,
)
_BRACKET_CODE = re.compile(r"\[([^\[\]\s]{1,12})\]")
_REPEATED_CODE = re.compile(r"(\[[^\[\]\s]{1,12}\])\1{2,}")
_REPEATED_CHAR = re.compile(r"([^\d\s])\1{2,}")
_WHITESPACE = re.compile(r"\s+")

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f\u00ad"


def _build_translation() -> dict[int, str | None]:
    table: dict[int, str | None] = dict(TRADITIONAL_TO_SIMPLIFIED)
    table.update({ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
    table.update(unicode_emoji_table())
    for code in [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]:
        table[code] = " "
    table.update(dict.fromkeys(map(ord, _ZERO_WIDTH)))
    # Skin-tone modifiers would otherwise trail the bracket code as stray symbols.
    table.update(dict.fromkeys(range(0x1F3FB, 0x1F400)))
    return table


_TRANSLATION = _build_translation()


def _canonical_bracket(match: re.Match[str]) -> str:
    return f"[{canonical_code(match.group(1))}]"


def normalize(text: str) -> str:
    """Fold ``text`` into the canonical form described in the module docstring."""
    if not isinstance(text, str) or not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    if "." in text:
        text = _URL.sub(f" {URL_TOKEN} ", text)
    text = text.translate(_TRANSLATION)
    if "[" in text:
        text = _BRACKET_CODE.sub(_canonical_bracket, text)
        text = _REPEATED_CODE.sub(r"\1\1", text)
    if _REPEATED_CHAR.search(text):  # searching alone costs half of substituting
        text = _REPEATED_CHAR.sub(r"\1\1", text)
    return _WHITESPACE.sub(" ", text).strip()
