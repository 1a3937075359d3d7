"""Emoji: Unicode emoji and platform bracket codes folded into one bracket form.

Weibo, Bilibili, Douyin and Xiaohongshu each render their own sticker sets as ``[name]`` codes
in the text ([微笑], [tv_doge], [偷笑R], [发怒]...). Different names for the same face are mapped to
one canonical code here, and the Unicode emoji people type on phones are mapped to the same codes,
so the scorer and the reports see one vocabulary. Unknown codes are kept as they are.
"""

from __future__ import annotations

import re

# Canonical code ← other platform spellings of the same sticker (after lowercasing).
_CODE_ALIASES: dict[str, tuple[str, ...]] = {
    "怒": ("生气", "发怒", "愤怒", "怒火", "气愤", "怒骂", "暴怒"),
    "微笑": ("呵呵", "微微笑"),  # Weibo's old smile sticker was named 呵呵
    "doge": ("狗头", "二哈doge", "doge脸"),
    "抓狂": ("崩溃", "抓狂了"),
    "偷笑": ("捂嘴笑",),
    "笑哭": ("笑cry", "哭笑", "笑出眼泪", "笑哭了"),
    "哈哈": ("大笑", "开心", "嘻嘻", "憨笑"),
    "泪": ("流泪", "大哭", "哭", "哭惹", "伤心", "悲伤", "泪目"),
    "赞": ("good", "强", "点赞", "棒", "赞赞"),
    "心": ("爱心", "红心", "爱你", "比心", "心心"),
    "心碎": ("伤心碎",),
    "吐": ("呕吐", "恶心", "吐了"),
    "白眼": ("翻白眼",),
    "鄙视": ("不屑",),
    "汗": ("流汗", "擦汗", "尴尬"),
    "吃瓜": ("瓜", "吃瓜群众"),
    "鼓掌": ("拍手", "掌声"),
    "疑问": ("问号", "疑惑", "费解"),
    "捂脸": ("掩面",),
    "裂开": ("裂了",),
    "拜拜": ("再见",),
    "衰": ("倒霉",),
    "失望": ("难过",),
    "可怜": ("委屈",),
    "害羞": ("羞",),
    "酷": ("墨镜",),
    "加油": ("奋斗",),
    "弱": ("踩", "差评"),
    "打脸": ("啪啪",),
}

CODE_ALIASES: dict[str, str] = {
    alias: canonical for canonical, aliases in _CODE_ALIASES.items() for alias in aliases
}

# Unicode emoji (single code points; variation selectors are stripped before lookup).
UNICODE_EMOJI: dict[str, str] = {
    **dict.fromkeys("😡😠🤬👿💢", "怒"),
    **dict.fromkeys("🙂", "微笑"),
    **dict.fromkeys("🐶🐕", "doge"),
    **dict.fromkeys("😫😩😤", "抓狂"),
    **dict.fromkeys("🤭", "偷笑"),
    **dict.fromkeys("😂🤣", "笑哭"),
    **dict.fromkeys("😀😃😄😁😆😊☺😸", "哈哈"),
    **dict.fromkeys("😭😢🥲😿", "泪"),
    **dict.fromkeys("👍👌💯🆗", "赞"),
    **dict.fromkeys("❤♥💕💖💗💓💞💘💝🥰😍😘🩷🧡💛💚💙💜", "心"),
    **dict.fromkeys("💔", "心碎"),
    **dict.fromkeys("🤮🤢", "吐"),
    **dict.fromkeys("🙄", "白眼"),
    **dict.fromkeys("😒🖕", "鄙视"),
    **dict.fromkeys("😅😓", "汗"),
    **dict.fromkeys("🍉", "吃瓜"),
    **dict.fromkeys("👏", "鼓掌"),
    **dict.fromkeys("❓❔🤔", "疑问"),
    **dict.fromkeys("🤦", "捂脸"),
    **dict.fromkeys("👋", "拜拜"),
    **dict.fromkeys("😞😔😟☹🙁", "失望"),
    **dict.fromkeys("🥺", "可怜"),
    **dict.fromkeys("😳", "害羞"),
    **dict.fromkeys("😎", "酷"),
    **dict.fromkeys("💪", "加油"),
    **dict.fromkeys("👎", "弱"),
    **dict.fromkeys("🤡", "小丑"),
    **dict.fromkeys("🙃", "倒脸"),
    **dict.fromkeys("😏", "坏笑"),
    **dict.fromkeys("🔥", "火"),
    **dict.fromkeys("🥵", "热"),
}

_CJK_NAME = re.compile(r"[\u4e00-\u9fff]+")


def canonical_code(name: str) -> str:
    """The canonical sticker name for a bracket code's inner ``name`` (already lowercased)."""
    if name.startswith("tv_"):  # Bilibili's small-TV sticker set: [tv_doge], [tv_微笑]
        name = name[3:]
    if len(name) > 1 and name.endswith("r") and _CJK_NAME.fullmatch(name[:-1]):
        name = name[:-1]  # Xiaohongshu appends R to its stickers: [偷笑R], [哭惹R]
    return CODE_ALIASES.get(name, name)


def unicode_emoji_table() -> dict[int, str]:
    """``str.translate`` entries turning Unicode emoji into bracket codes."""
    return {ord(char): f"[{canonical_code(code)}]" for char, code in UNICODE_EMOJI.items()}
