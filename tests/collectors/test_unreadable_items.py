"""An item without an id is an UnreadableItem (as an item with an unreadable time is): the page
keeps its other items and lists this one as skipped, with the reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from collectors import bilibili_parse, douyin, news, weibo, xiaohongshu, zhihu
from collectors.base import read_each
from collectors.errors import UnreadableItem
from collectors.timeparse import TimeFormatError

NOW = datetime(2026, 11, 1, tzinfo=UTC)
# A time every parser reads, so only the missing id is wrong.
TIMED = {"created_at": 1761955200, "pubdate": 1761955200, "ctime": 1761955200,
         "create_time": 1761955200, "created_time": 1761955200, "time": 1761955200,
         "published": "2026-10-31T12:00:00Z", "title": ""}  # fmt: skip

READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "bilibili search result": lambda item: bilibili_parse.search_result(item, NOW),
    "bilibili upload": lambda item: bilibili_parse.upload(item, NOW),
    "bilibili dynamic": lambda item: bilibili_parse.dynamic_posts(item, NOW),
    "bilibili reply": lambda item: bilibili_parse.reply_posts(item, "BV1", NOW),
    "douyin aweme": lambda item: douyin.aweme_post(item, NOW),
    "douyin comment": lambda item: douyin.comment_post(item, "7001", NOW),
    "news entry": lambda item: news.entry_post(item, "https://example.org/feed", NOW),
    "weibo post": lambda item: weibo.mblog_posts(item, NOW),
    "weibo comment": lambda item: weibo.comment_posts(item, "5001", NOW),
    "xiaohongshu note": lambda item: xiaohongshu.note_post(item, NOW),
    "xiaohongshu comment": lambda item: xiaohongshu.comment_posts(item, "64a1", NOW),
    "zhihu item": lambda item: zhihu.content_post(item, NOW),
    "zhihu comment": lambda item: zhihu.comment_posts(item, "1001", NOW),
}


@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
def test_an_item_without_an_id_is_unreadable_not_a_time_error(reader):
    with pytest.raises(UnreadableItem, match="without") as raised:
        reader(dict(TIMED))
    assert not isinstance(raised.value, TimeFormatError)


def test_a_page_keeps_its_readable_items_and_says_why_it_skipped_the_other():
    def read(item: dict[str, Any], now: datetime) -> Any:
        return news.entry_post(item, "https://example.org/feed", now)

    good = {**TIMED, "id": "urn:1", "title": "星河手机发布会"}
    posts, skipped = read_each([good, dict(TIMED)], read, NOW)
    assert len(posts) == 1
    assert skipped == ("a feed entry without an id, link or title",)


def test_an_unreadable_time_is_an_unreadable_item_too():
    assert issubclass(TimeFormatError, UnreadableItem)
