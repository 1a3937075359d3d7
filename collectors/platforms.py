"""Every platform a post can come from, defined once: its code, its names in zh and en, what a
collection pass reads there, where it is reached, and what other tools call it.

The rest derive from this list: the API's platform enums (app.schemas, app.collection.schemas),
the posts table's allowed values (app.models.post), the `KOLRISK_<PLATFORM>_BASE_URL` settings
(app.config), the collection plan and access (app.collection), the importers' aliases
(collectors.importers), the words of messages and the dashboard (app.risk.messages, app.i18n).
tests/collectors/test_platforms.py holds every consumer to it. Which adapter serves a platform
is in collectors.registry (the adapters import the importers, which import this list).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# What a collection pass reads on a platform (app.collection.plan):
#   search    keyword search for the brand × KOL names
#   timeline  the KOL's (and the brand's venue accounts') own posts, by account uid
#   bars      forums named on the watch (Tieba bars)
#   feeds     the feed URLs an operator configured (RSS/Atom), instead of accounts
#   comments  the comment sections under posts it found
Reading = Literal["search", "timeline", "bars", "feeds", "comments"]


@dataclass(frozen=True)
class Platform:
    name: str
    zh: str
    en: str
    # Default of KOLRISK_<NAME>_BASE_URL; None: the platform has no such setting.
    base_url: str | None = None
    # Empty: posts arrive only through POST /v1/posts and imports, never a collection pass.
    reads: frozenset[Reading] = frozenset()
    # Names other tools' exports use for it (MediaCrawler's xhs, kuaishou filed under other).
    aliases: tuple[str, ...] = ()

    @property
    def collected(self) -> bool:
        return bool(self.reads)

    @property
    def url_setting(self) -> str:
        """The Settings field of its base URL (KOLRISK_ + this, upper-cased)."""
        return f"{self.name}_base_url"


_SOCIAL: frozenset[Reading] = frozenset({"search", "timeline", "comments"})

# In the contract's order (DESIGN: POST /v1/posts), which every enum and list keeps.
PLATFORMS: tuple[Platform, ...] = (
    Platform("weibo", "微博", "Weibo", "https://m.weibo.cn", _SOCIAL),
    Platform("bilibili", "哔哩哔哩", "Bilibili", "https://api.bilibili.com", _SOCIAL),
    Platform("douyin", "抖音", "Douyin", "https://www.douyin.com", _SOCIAL),
    Platform("xiaohongshu", "小红书", "Xiaohongshu", "https://edith.xiaohongshu.com", _SOCIAL,
             aliases=("xhs", "redbook")),
    Platform("zhihu", "知乎", "Zhihu", "https://www.zhihu.com", _SOCIAL),
    Platform("tieba", "贴吧", "Tieba", "https://tieba.baidu.com",
             frozenset({"search", "bars", "comments"})),
    Platform("news", "新闻", "News", reads=frozenset({"feeds"})),
    # kuaishou has no platform of its own in the contract.
    Platform("other", "其他", "Other", aliases=("kuaishou", "ks")),
)  # fmt: skip

BY_NAME = {platform.name: platform for platform in PLATFORMS}
NAMES = tuple(BY_NAME)
COLLECTED = tuple(p.name for p in PLATFORMS if p.collected)
ALIASES = {alias: p.name for p in PLATFORMS for alias in p.aliases}


def reads(name: str, reading: Reading) -> bool:
    platform = BY_NAME.get(name)
    return platform is not None and reading in platform.reads
