"""Commercial markers: does a post announce a paid deal, and with which brands? Pure.

A creator's sponsored posts say so in a few customary ways: a disclosure tag (#广告#,
【广告】, required by the 2023 internet advertising rules), trade words (商单, 年框, 品牌合伙人,
代言人, 恰饭), or an ordinary word (合作, 推广, 感谢) next to the brand it thanks. The ordinary
words are everyday Chinese ("合作社", "和朋友合作拍了个视频", "推广普通话"), so they count only
beside a brand: a known brand's
name, or an @handle that reads like a brand's account (…官方, …手机, …旗舰店). Platforms also
label ads in their own data (Douyin's `commerce_info.is_ad`); `raw` carries those where kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sentiment import normalize

# Enough on their own: disclosure tags and the trade's words for a paid deal.
STRONG_MARKERS = (
    "#广告", "广告#", "【广告】", "[广告]", "(广告)", "商单", "年框", "品牌合伙人", "品牌大使",
    "代言人", "官宣代言", "恰饭", "推荐官", "本期由", "本视频由", "本条由", "赞助",
)  # fmt: skip
# Deal words of everyday speech: a deal only when a brand is named beside them.
WEAK_MARKERS = (
    "合作", "推广", "代言", "联名", "感谢", "种草", "优惠码", "福利", "抽奖", "链接", "同款",
)  # fmt: skip
# Disclaimers: "不是广告", "自费购买" deny the deal the words around them suggest.
DENIALS = (
    "不是广告", "非广告", "无广告", "没有广告", "不是恰饭", "没恰饭", "没有恰饭", "不恰饭",
    "非商单", "不是商单", "自费", "自己买的", "无合作", "非合作", "没有合作", "无利益相关",
)  # fmt: skip
# How brands' accounts are usually named: an @handle ending so reads as a brand.
BRAND_HANDLE_ENDINGS = (
    "官方", "官微", "旗舰店", "手机", "科技", "中国", "集团", "品牌", "官方号", "app", "汽车",
    "美妆", "数码", "电器", "食品", "服饰", "store", "official",
)  # fmt: skip
# Platform fields (in `raw`) that label a post as an ad, as the platforms' APIs return them.
AD_FLAG_PATHS = (
    ("commerce_info", "is_ad"),  # Douyin aweme
    ("is_ads",),  # Douyin aweme
    ("is_ad",),  # Douyin, Weibo feed cards
    ("promotion", "adid"),  # Weibo promoted feed posts carry the ad's id
    ("is_commercial",),
    ("business_info", "is_ad"),
)
HANDLE = re.compile(r"@([^\s@:：,，。!！?？、#\[\]【】()（）]{2,30})")


@dataclass(frozen=True)
class Deal:
    """A post's commercial reading: the markers found, the brands named, and how sure."""

    markers: tuple[str, ...]
    brands: tuple[str, ...]
    # "strong": a disclosure or trade word (or a platform label); "named": an everyday deal
    # word beside a named brand.
    strength: str


def dig(raw: Mapping[str, Any] | None, path: tuple[str, ...]) -> Any:
    """The value at a path of keys in a post's raw data, None where any step is missing."""
    value: Any = raw
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def platform_ad_label(raw: Mapping[str, Any] | None) -> str | None:
    """The platform's own ad label in a post's raw data ("commerce_info.is_ad"), if set."""
    for path in AD_FLAG_PATHS:
        if dig(raw, path) not in (None, False, 0, "", "0", "false"):
            return ".".join(path)
    return None


def brands_named(text_norm: str, known: Mapping[str, str]) -> list[str]:
    """Brands a normalised text names: known names (normalised name -> the brand's display
    name) and @handles that read like a brand's account, in order of first appearance."""
    found: list[tuple[int, str]] = []
    for name, display in known.items():
        at = text_norm.find(name)
        if name and at >= 0:
            found.append((at, display))
    for match in HANDLE.finditer(text_norm):
        handle = match.group(1)
        if any(handle.endswith(ending) for ending in BRAND_HANDLE_ENDINGS):
            if not any(name and name in handle for name in known):
                found.append((match.start(), handle))
    ordered: list[str] = []
    for _, display in sorted(found):
        if display not in ordered:
            ordered.append(display)
    return ordered


def find_deal(
    text: str, known: Mapping[str, str] | None = None, raw: Mapping[str, Any] | None = None
) -> Deal | None:
    """The deal a post announces, or None. `known` maps normalised brand names and aliases to
    the name to show; a platform ad label in `raw` counts as a strong marker."""
    text_norm = normalize(text)
    names = known or {}
    label = platform_ad_label(raw)
    denied = any(denial in text_norm for denial in DENIALS)
    strong = [] if denied else [m for m in STRONG_MARKERS if m in text_norm]
    weak = [] if denied else [m for m in WEAK_MARKERS if m in text_norm]
    brands = tuple(brands_named(text_norm, names))
    if label:
        return Deal((f"platform:{label}", *strong, *weak), brands, "strong")
    if strong:
        return Deal(tuple(strong + weak), brands, "strong")
    if weak and brands:
        return Deal(tuple(weak), brands, "named")
    return None
