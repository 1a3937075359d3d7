"""Post text is hostile input. Before it goes into a chat message it is flattened to one line,
its links are removed, its mentions (@all, @所有人, <at …>, <@…>, <!channel>) are neutralised,
and the markup characters of the target channel are made inert.
"""

from __future__ import annotations

import re
import unicodedata

LINK_REMOVED = {"zh": "[链接已移除]", "en": "[link removed]"}

_SCHEME_LINK = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]{1,15}):(?://|\\\\)\S*")
_WWW_LINK = re.compile(r"(?i)\bwww\.\S+")
# Bare domains that chat clients turn into links by themselves (t.cn/xyz, evil.com).
_BARE_DOMAIN = re.compile(
    r"(?i)(?<![A-Za-z0-9-])(?:[A-Za-z0-9-]+\.)+"
    r"(?:com|cn|net|org|io|cc|me|co|tv|top|xyz|info|link|ly|gl|app|site|vip|club)"
    r"(?![A-Za-z0-9-])(?:/\S*)?"
)
_SPACE = re.compile(r"\s+")

# Markup characters swapped for their full-width forms: readable in Chinese text, and no
# markdown, lark_md or mrkdwn parser treats them as syntax.
_INERT_MARKUP = str.maketrans(
    {
        "[": "［",
        "]": "］",
        "(": "（",
        ")": "）",
        "*": "＊",
        "_": "＿",
        "#": "＃",
        ">": "＞",
        "<": "＜",
        "`": "｀",
        "|": "｜",
        "~": "～",
        "@": "＠",
        "$": "＄",
        "{": "｛",
        "}": "｝",
    }
)


def _visible(text: str) -> str:
    # Control and format characters (bidi overrides, zero-width joiners) can disguise text.
    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf") or c in "\n\t")


def strip_links(text: str, language: str = "zh") -> str:
    marker = LINK_REMOVED.get(language, LINK_REMOVED["en"])
    for pattern in (_SCHEME_LINK, _WWW_LINK, _BARE_DOMAIN):
        text = pattern.sub(marker, text)
    return text


def one_line(text: str) -> str:
    return _SPACE.sub(" ", _visible(text)).strip()


def clip_chars(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def clip_bytes(text: str, limit: int) -> str:
    """At most `limit` UTF-8 bytes, cut on a character boundary, marked with an ellipsis."""
    encoded = text.encode()
    if len(encoded) <= limit:
        return text
    room = max(limit - len("…".encode()), 0)
    return encoded[:room].decode(errors="ignore") + "…"


def inert(text: str) -> str:
    """Markup made inert for markdown-like chat formats (DingTalk, WeCom, Feishu)."""
    return text.translate(_INERT_MARKUP)


def inert_slack(text: str) -> str:
    """Slack mrkdwn: its three escapes, then the rest of the markup made inert."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.translate(_INERT_MARKUP)


def chat_quote(text: str, language: str, limit: int) -> str:
    """A post quote as it may appear in a chat message (before the channel's escaping)."""
    return clip_chars(one_line(strip_links(text, language)), limit)
