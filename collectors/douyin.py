"""Douyin through a tenant's provider (see collectors/provider.py): general search, a user's
posts, comments with replies. The response shapes are the web API's own (`aweme` objects).

Refusals: an empty body or the text "blocked" → Blocked; a search answer without `data` →
LoginRequired (the session was refused); a slider-captcha page → CaptchaRequired.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import httpx

from collectors.base import Adapter, as_dict, as_list, read_all, read_each, text_id
from collectors.errors import (
    Blocked,
    CaptchaRequired,
    CollectorError,
    LoginRequired,
    NotOnPlatform,
    UnreadableItem,
)
from collectors.importers.values import loose_count
from collectors.provider import provider_headers, provider_root, unwrap
from collectors.text import tidy
from collectors.timeparse import parse_time
from collectors.types import Author, CollectedPost, CollectedProfile, Cursor, Metrics, ResultPage

PLATFORM = "douyin"
API = "/aweme/v1/web"
PAGE_SIZE = 20


def classify(response: httpx.Response, body: Any) -> CollectorError | None:
    if body is None:
        text = response.text.strip()
        if "captcha" in text.lower() or "验证" in text:
            return CaptchaRequired("Douyin answered a captcha page")
        if not text or text == "blocked":
            return Blocked("Douyin answered an empty body or 'blocked': the session is refused")
        return None
    data = as_dict(unwrap(body, "status_code"))
    code = data.get("status_code")
    if code == 2483 or "请先登录" in str(data.get("status_msg", "")):
        return LoginRequired("Douyin wants a login")
    if isinstance(code, int) and code != 0:
        return Blocked(f"Douyin status_code {code}: {data.get('status_msg', '')}")
    return None


def douyin_uid(user: Mapping[str, Any]) -> str | None:
    """sec_uid where Douyin gives it: accounts are fetched, and KOLs listed, by sec_uid, so a
    KOL's own videos are linked as authored by them; the numeric uid stays in raw."""
    return text_id(user.get("sec_uid")) or text_id(user.get("uid"))


def aweme_post(aweme: Mapping[str, Any], now: datetime) -> CollectedPost:
    aweme_id = text_id(aweme.get("aweme_id"))
    if aweme_id is None:
        raise UnreadableItem("an aweme without an id")
    author = as_dict(aweme.get("author"))
    stats = as_dict(aweme.get("statistics"))
    status = as_dict(aweme.get("status"))
    # follower_count is 0 in search results because it is hidden there: unknown, not zero.
    followers = loose_count(author.get("follower_count")) or None
    return CollectedPost(
        platform=PLATFORM,
        platform_id=aweme_id,
        kind="video",
        text=tidy(str(aweme.get("desc") or aweme.get("caption") or "")),
        created=parse_time(aweme.get("create_time"), now),
        author=Author(douyin_uid(author), author.get("nickname"), followers),
        url=f"https://www.douyin.com/video/{aweme_id}",
        metrics=Metrics(
            likes=loose_count(stats.get("digg_count")),
            reposts=loose_count(stats.get("share_count")),
            comments=loose_count(stats.get("comment_count")),
            views=loose_count(stats.get("play_count")) or None,  # 0 on the web: unknown
        ),
        raw=dict(aweme),
        tombstone_reason="deleted" if status.get("is_delete") else None,
        comment_ref={"aweme_id": aweme_id},
    )


def comment_post(comment: Mapping[str, Any], aweme_id: str, now: datetime) -> CollectedPost:
    cid = text_id(comment.get("cid"))
    if cid is None:
        raise UnreadableItem("a comment without a cid")
    user = as_dict(comment.get("user"))
    reply_to = text_id(comment.get("reply_id"))
    return CollectedPost(
        platform=PLATFORM,
        platform_id=cid,
        kind="comment",
        text=tidy(str(comment.get("text") or "")),  # "" is real: sticker-only comments
        created=parse_time(comment.get("create_time"), now),
        author=Author(douyin_uid(user), user.get("nickname")),
        url=f"https://www.douyin.com/video/{aweme_id}",
        metrics=Metrics(
            likes=loose_count(comment.get("digg_count")),
            comments=loose_count(comment.get("reply_comment_total")),
        ),
        raw=dict(comment),
        parent_platform_id=aweme_id,
        reply_to=reply_to if reply_to not in (None, "0") else None,
        tombstone_reason="folded" if comment.get("is_folded") else None,
    )


def search_awemes(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Cards of type 1 carry a video; mixes carry theirs in aweme_mix_info; others are skipped."""
    found = []
    for card in as_list(data.get("data")):
        card = as_dict(card)
        aweme = (
            card.get("aweme_info")
            or as_list(as_dict(card.get("aweme_mix_info")).get("mix_items"))[:1]
        )
        if isinstance(aweme, list):
            aweme = aweme[0] if aweme else None
        if isinstance(aweme, dict):
            found.append(aweme)
    return found


class DouyinAdapter(Adapter):
    platform = PLATFORM

    def _get(self, path: str, params: Mapping[str, Any]) -> dict[str, Any]:
        root = provider_root(self.access, PLATFORM)
        headers = provider_headers(self.access, PLATFORM)
        body = self.fetcher.get_json(root + API + path, params, headers, classify)
        return as_dict(unwrap(body, "status_code"))

    def search(self, keyword: str, cursor: Cursor | None) -> ResultPage:
        state = cursor or {}
        params = {
            "keyword": keyword,
            "search_channel": "aweme_general",
            "offset": int(state.get("offset", 0)),
            "count": 15,
            "search_id": state.get("search_id", ""),
            "sort_type": 2,  # newest first
        }
        data = self._get("/general/search/single/", params)
        if "data" not in data:
            raise LoginRequired("Douyin search answered without data: the session was refused")
        posts, skipped = read_each(search_awemes(data), aweme_post, self.clock())
        following = {
            "offset": int(data.get("cursor") or 0),
            "search_id": str(as_dict(data.get("extra")).get("logid") or ""),
        }
        return ResultPage(posts, following if data.get("has_more") else None, skipped=skipped)

    def user_posts(self, uid: str, cursor: Cursor | None, feed: str = "posts") -> ResultPage:
        params = {
            "sec_user_id": uid,
            "max_cursor": int((cursor or {}).get("max_cursor", 0)),
            "count": PAGE_SIZE,
        }
        data = self._get("/aweme/post/", params)
        posts, skipped = read_each(as_list(data.get("aweme_list")), aweme_post, self.clock())
        following = {"max_cursor": int(data.get("max_cursor") or 0)}
        return ResultPage(posts, following if data.get("has_more") else None, skipped=skipped)

    def comments(self, ref: Mapping[str, str], cursor: Cursor | None) -> ResultPage:
        aweme_id = ref["aweme_id"]
        params = {
            "aweme_id": aweme_id,
            "cursor": int((cursor or {}).get("cursor", 0)),
            "count": PAGE_SIZE,
            "item_type": 0,
        }
        data = self._get("/comment/list/", params)
        if (
            data.get("status_code") == 0
            and data.get("comments") is None
            and not data.get("has_more")
        ):
            return ResultPage([], None)
        posts, skipped = read_all(
            as_list(data.get("comments")),
            lambda c, now: (
                [comment_post(c, aweme_id, now)]
                + [comment_post(as_dict(r), aweme_id, now) for r in as_list(c.get("reply_comment"))]
            ),
            self.clock(),
        )
        following = {"cursor": int(data.get("cursor") or 0)}
        return ResultPage(posts, following if data.get("has_more") else None, skipped=skipped)

    def profile(self, uid: str) -> CollectedProfile:
        data = self._get("/user/profile/other/", {"sec_user_id": uid})
        user = as_dict(data.get("user"))
        if not user:
            raise NotOnPlatform(f"no Douyin user {uid}")
        return CollectedProfile(
            platform=PLATFORM,
            uid=uid,
            name=user.get("nickname"),
            followers=loose_count(user.get("follower_count")),
            posts=loose_count(user.get("aweme_count")),
            raw=user,
        )
