"""Which adapter serves which platform, and how to build one with its polite HTTP client."""

from __future__ import annotations

import httpx

from collectors.base import Access, Adapter, Clock
from collectors.bilibili import BilibiliAdapter
from collectors.douyin import DouyinAdapter
from collectors.http import Fetcher, Gate, new_client
from collectors.news import NewsAdapter
from collectors.tieba import TiebaAdapter
from collectors.weibo import WeiboAdapter
from collectors.xiaohongshu import XiaohongshuAdapter
from collectors.zhihu import ZhihuAdapter

ADAPTERS: dict[str, type[Adapter]] = {
    "weibo": WeiboAdapter,
    "bilibili": BilibiliAdapter,
    "douyin": DouyinAdapter,
    "xiaohongshu": XiaohongshuAdapter,
    "zhihu": ZhihuAdapter,
    "tieba": TiebaAdapter,
    "news": NewsAdapter,
}


def build_adapter(
    platform: str,
    access: Access,
    gate: Gate,
    clock: Clock,
    transport: httpx.BaseTransport | None = None,
) -> Adapter:
    """The platform's adapter; its client carries the cookie (never the provider token, which
    only goes to the provider)."""
    client = new_client(gate.politeness.timeout, transport, access.cookie)
    return ADAPTERS[platform](Fetcher(platform, client, gate), access, clock)
