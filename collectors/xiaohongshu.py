"""Xiaohongshu (RED) through a tenant's provider (see collectors/provider.py): note search
(followed by the note detail, since search items carry no body and no time), a user's notes,
comments and their sub-comments. `xsec_token` from a search item is threaded to detail and
comments, as the site requires.

Refusals: -100 and HTTP 401 → LoginRequired; -104 (no permission to search) → LoginRequired;
HTTP 461/471 → CaptchaRequired; 300012/300011 and HTTP 429 → Blocked/RateLimited; 300015 →
SignatureRejected; -510000/-510001 → NotOnPlatform (the note is gone: a tombstone).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import httpx

from collectors.base import Adapter, as_dict, as_list, read_all, text_id
from collectors.errors import (
    Blocked,
    CaptchaRequired,
    CollectorError,
    LoginRequired,
    NotOnPlatform,
    SignatureRejected,
    UnreadableItem,
)
from collectors.importers.values import loose_count
from collectors.provider import provider_headers, provider_root, unwrap
from collectors.text import xhs_text
from collectors.timeparse import parse_time
from collectors.types import Author, CollectedPost, Cursor, Metrics, ResultPage

PLATFORM = "xiaohongshu"
_CODES: dict[int, Callable[[str], CollectorError]] = {
    -100: LoginRequired,
    -104: LoginRequired,
    300011: Blocked,
    300012: Blocked,
    300015: SignatureRejected,
    -510000: NotOnPlatform,
    -510001: NotOnPlatform,
}


def classify(response: httpx.Response, body: Any) -> CollectorError | None:
    if response.status_code in (461, 471):
        return CaptchaRequired(f"HTTP {response.status_code}: Xiaohongshu wants a captcha")
    if response.status_code == 401:
        return LoginRequired("HTTP 401 from Xiaohongshu")
    data = as_dict(unwrap(body, "success"))
    code = data.get("code")
    if isinstance(code, int) and code in _CODES:
        return _CODES[code](f"Xiaohongshu code {code}: {data.get('msg', '')}")
    if data.get("success") is False:
        return Blocked(f"Xiaohongshu code {code}: {data.get('msg', '')}")
    return None


def _author(user: Any) -> Author:
    user = as_dict(user)
    return Author(text_id(user.get("user_id")), user.get("nickname") or user.get("nick_name"))


def note_post(card: Mapping[str, Any], now: datetime, xsec_token: str = "") -> CollectedPost:
    """A note from the detail (`note_card`), the only shape with its text and time."""
    note_id = text_id(card.get("note_id") or card.get("id"))
    if note_id is None:
        raise UnreadableItem("a note without an id")
    stats = as_dict(card.get("interact_info"))
    title, desc = (
        str(card.get("title") or card.get("display_title") or ""),
        str(card.get("desc") or ""),
    )
    return CollectedPost(
        platform=PLATFORM,
        platform_id=note_id,
        kind="video" if card.get("type") == "video" else "post",
        text=xhs_text("\n".join(p for p in (title, desc) if p)),
        created=parse_time(card.get("time"), now),
        author=_author(card.get("user")),
        url=f"https://www.xiaohongshu.com/explore/{note_id}",
        metrics=Metrics(
            likes=loose_count(stats.get("liked_count")),
            reposts=loose_count(stats.get("share_count")),
            comments=loose_count(stats.get("comment_count")),
        ),
        raw=dict(card),
        comment_ref={"note_id": note_id, "xsec_token": xsec_token},
    )


def comment_posts(comment: Mapping[str, Any], note_id: str, now: datetime) -> list[CollectedPost]:
    cid = text_id(comment.get("id"))
    if cid is None:
        raise UnreadableItem("a comment without an id")
    target = text_id(as_dict(comment.get("target_comment")).get("id"))
    post = CollectedPost(
        platform=PLATFORM,
        platform_id=cid,
        kind="comment",
        text=xhs_text(str(comment.get("content") or "")),
        created=parse_time(comment.get("create_time"), now),
        author=_author(comment.get("user_info")),
        url=f"https://www.xiaohongshu.com/explore/{note_id}",
        metrics=Metrics(
            likes=loose_count(comment.get("like_count")),
            comments=loose_count(comment.get("sub_comment_count")),
        ),
        raw={k: v for k, v in comment.items() if k != "sub_comments"},
        parent_platform_id=note_id,
        reply_to=target,
    )
    children = [
        p
        for c in as_list(comment.get("sub_comments"))
        for p in comment_posts(as_dict(c), note_id, now)
    ]
    return [post, *children]


class XiaohongshuAdapter(Adapter):
    platform = PLATFORM

    def _call(
        self, path: str, params: Mapping[str, Any] | None = None, body: Any = None
    ) -> dict[str, Any]:
        url = provider_root(self.access, PLATFORM) + path
        headers = provider_headers(self.access, PLATFORM)
        if body is not None:
            answer = self.fetcher.post_json(url, body, headers, classify)
        else:
            answer = self.fetcher.get_json(url, params, headers, classify)
        return as_dict(as_dict(unwrap(answer, "success")).get("data"))

    def search(self, keyword: str, cursor: Cursor | None) -> ResultPage:
        state = cursor or {"page": 1, "search_id": uuid.uuid4().hex}
        body = {
            "keyword": keyword,
            "page": int(state["page"]),
            "page_size": 20,
            "search_id": state["search_id"],
            "sort": "time_descending",
            "note_type": 0,
        }
        data = self._call("/api/sns/web/v1/search/notes", body=body)
        posts: list[CollectedPost] = []
        skipped: list[str] = []
        for item in as_list(data.get("items")):
            item = as_dict(item)
            if item.get("model_type") != "note":
                continue  # "rec_query" and other suggestion cards
            try:
                posts.append(self._detail(str(item.get("id")), str(item.get("xsec_token") or "")))
            except (UnreadableItem, NotOnPlatform) as exc:
                skipped.append(str(exc))
        following = {"page": int(state["page"]) + 1, "search_id": state["search_id"]}
        return ResultPage(
            posts, following if data.get("has_more") else None, skipped=tuple(skipped)
        )

    def _detail(self, note_id: str, xsec_token: str) -> CollectedPost:
        body = {
            "source_note_id": note_id,
            "image_formats": ["jpg", "webp", "avif"],
            "extra": {"need_body_topic": "1"},
            "xsec_source": "pc_search",
            "xsec_token": xsec_token,
        }
        data = self._call("/api/sns/web/v1/feed", body=body)
        items = as_list(data.get("items"))
        if not items:
            raise NotOnPlatform(f"note {note_id} has no detail")
        return note_post(as_dict(as_dict(items[0]).get("note_card")), self.clock(), xsec_token)

    def user_posts(self, uid: str, cursor: Cursor | None, feed: str = "posts") -> ResultPage:
        params = {"user_id": uid, "cursor": (cursor or {}).get("cursor", ""), "num": 30}
        data = self._call("/api/sns/web/v1/user_posted", params)
        posts: list[CollectedPost] = []
        skipped: list[str] = []
        for note in as_list(data.get("notes")):
            note = as_dict(note)
            try:
                posts.append(
                    self._detail(str(note.get("note_id")), str(note.get("xsec_token") or ""))
                )
            except (UnreadableItem, NotOnPlatform) as exc:
                skipped.append(str(exc))
        following = {"cursor": str(data.get("cursor") or "")}
        return ResultPage(
            posts, following if data.get("has_more") else None, skipped=tuple(skipped)
        )

    def comments(self, ref: Mapping[str, str], cursor: Cursor | None) -> ResultPage:
        note_id = ref["note_id"]
        state = cursor or {}
        if state.get("root"):  # sub-comments of one root comment
            return self._sub_comments(note_id, ref, state)
        params = {
            "note_id": note_id,
            "cursor": state.get("cursor", ""),
            "top_comment_id": "",
            "image_formats": "jpg,webp,avif",
            "xsec_token": ref.get("xsec_token", ""),
        }
        data = self._call("/api/sns/web/v2/comment/page", params)
        posts, skipped = read_all(
            as_list(data.get("comments")),
            lambda c, now: comment_posts(c, note_id, now),
            self.clock(),
        )
        following = {"cursor": str(data.get("cursor") or "")}
        return ResultPage(posts, following if data.get("has_more") else None, skipped=skipped)

    def _sub_comments(self, note_id: str, ref: Mapping[str, str], state: Cursor) -> ResultPage:
        params = {
            "note_id": note_id,
            "root_comment_id": state["root"],
            "num": 10,
            "cursor": state.get("cursor", ""),
            "xsec_token": ref.get("xsec_token", ""),
        }
        data = self._call("/api/sns/web/v2/comment/sub/page", params)
        posts, skipped = read_all(
            as_list(data.get("comments")),
            lambda c, now: comment_posts(c, note_id, now),
            self.clock(),
        )
        following = {"root": state["root"], "cursor": str(data.get("cursor") or "")}
        return ResultPage(posts, following if data.get("has_more") else None, skipped=skipped)
