"""Zhihu with a user-supplied login cookie: search, a member's answers, root comments with
their inline child comments, and profiles. The `x-zse-96` signature is not computed here; when
Zhihu insists on it (10003), the refusal says so and a provider can stand in.

Refusals: 10003 (HTTP 403, "upgrade the client") → SignatureRejected; 40352 with a redirect to
/account/unhuman → CaptchaRequired; `need_login` → LoginRequired; 40362 → Blocked; a 404 on a
comment list means "no comments".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from collectors.base import Adapter, as_dict, as_list, need_cookie, read_all, text_id
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
from collectors.provider import provider_headers
from collectors.text import html_to_text
from collectors.timeparse import parse_time
from collectors.types import (
    Author,
    CollectedPost,
    CollectedProfile,
    Cursor,
    Kind,
    Metrics,
    ResultPage,
)

PLATFORM = "zhihu"
_KINDS: dict[str, Kind] = {"answer": "post", "article": "article", "zvideo": "video", "pin": "post"}
_CODES: dict[int, Callable[[str], CollectorError]] = {
    10003: SignatureRejected,
    40352: CaptchaRequired,
    40362: Blocked,
}


def classify(response: httpx.Response, body: Any) -> CollectorError | None:
    error = as_dict(as_dict(body).get("error"))
    code = error.get("code")
    message = f"Zhihu {code}: {error.get('message', '')}"
    if "unhuman" in str(error.get("redirect", "")):
        return CaptchaRequired(message)
    if isinstance(code, int) and code in _CODES:
        return _CODES[code](message)
    if error.get("need_login") or response.status_code == 401:
        return LoginRequired(message)
    if error:
        return Blocked(message)
    return None


def _url(kind: str, item: Mapping[str, Any], item_id: str) -> str:
    question = text_id(as_dict(item.get("question")).get("id"))
    if kind == "answer" and question:
        return f"https://www.zhihu.com/question/{question}/answer/{item_id}"
    if kind == "article":
        return f"https://zhuanlan.zhihu.com/p/{item_id}"
    return f"https://www.zhihu.com/{kind}/{item_id}"


def content_post(item: Mapping[str, Any], now: datetime, headline: str = "") -> CollectedPost:
    """An answer, article or video object (search results and member lists share it)."""
    item_id = text_id(item.get("id"))
    kind = str(item.get("type") or "answer")
    if item_id is None:
        raise UnreadableItem("a Zhihu item without an id")
    author = as_dict(item.get("author"))
    title = headline or str(as_dict(item.get("question")).get("name") or item.get("title") or "")
    body = html_to_text(item.get("content") or item.get("excerpt"))
    return CollectedPost(
        platform=PLATFORM,
        platform_id=item_id,
        kind=_KINDS.get(kind, "post"),
        text="\n".join(p for p in (html_to_text(title), body) if p),
        created=parse_time(item.get("created_time") or item.get("created"), now),
        author=Author(
            text_id(author.get("url_token") or author.get("id")),
            author.get("name"),
            loose_count(author.get("follower_count")),
        ),
        url=_url(kind, item, item_id),
        metrics=Metrics(
            likes=loose_count(item.get("voteup_count")),
            comments=loose_count(item.get("comment_count")),
        ),
        raw=dict(item),
        comment_ref={"kind": f"{kind}s", "id": item_id},
    )


def comment_posts(comment: Mapping[str, Any], parent: str, now: datetime) -> list[CollectedPost]:
    cid = text_id(comment.get("id"))
    if cid is None:
        raise UnreadableItem("a Zhihu comment without an id")
    author = as_dict(comment.get("author"))
    reply_to = text_id(comment.get("reply_comment_id"))
    gone = comment.get("is_delete") or comment.get("collapsed") or comment.get("reviewing")
    post = CollectedPost(
        platform=PLATFORM,
        platform_id=cid,
        kind="comment",
        text=html_to_text(comment.get("content")),
        created=parse_time(comment.get("created_time"), now),
        author=Author(text_id(author.get("url_token") or author.get("id")), author.get("name")),
        url=None,
        metrics=Metrics(
            likes=loose_count(comment.get("like_count")),
            comments=loose_count(comment.get("child_comment_count")),
        ),
        raw={k: v for k, v in comment.items() if k != "child_comments"},
        parent_platform_id=parent,
        reply_to=reply_to if reply_to not in (None, "0") else None,
        tombstone_reason=("deleted" if comment.get("is_delete") else "folded") if gone else None,
    )
    children = [
        p
        for c in as_list(comment.get("child_comments"))
        for p in comment_posts(as_dict(c), parent, now)
    ]
    return [post, *children]


def next_offset(paging: Mapping[str, Any]) -> Cursor | None:
    if paging.get("is_end", True):
        return None
    query = parse_qs(urlsplit(str(paging.get("next") or "")).query)
    offset = (query.get("offset") or [""])[0]
    return {"offset": offset} if offset else None


class ZhihuAdapter(Adapter):
    platform = PLATFORM

    def _get(self, path: str, params: Mapping[str, Any]) -> dict[str, Any]:
        root = self.access.provider_url or self.access.base_url
        headers = {"Referer": "https://www.zhihu.com/", "x-requested-with": "fetch"}
        if self.access.provider_url:
            headers.update(provider_headers(self.access, PLATFORM))
        return as_dict(self.fetcher.get_json(root.rstrip("/") + path, params, headers, classify))

    def search(self, keyword: str, cursor: Cursor | None) -> ResultPage:
        if not self.access.provider_url:
            need_cookie(self.access, PLATFORM, "search")
        params = {
            "t": "general",
            "q": keyword,
            "correction": 1,
            "offset": (cursor or {}).get("offset", 0),
            "limit": 20,
            "search_source": "Normal",
            "sort": "created_time",
        }
        data = self._get("/api/v4/search_v3", params)
        posts, skipped = read_all(as_list(data.get("data")), _search_item, self.clock())
        return ResultPage(posts, next_offset(as_dict(data.get("paging"))), skipped=skipped)

    def user_posts(self, uid: str, cursor: Cursor | None, feed: str = "posts") -> ResultPage:
        params = {
            "offset": (cursor or {}).get("offset", 0),
            "limit": 20,
            "sort_by": "created",
            "include": "data[*].content,voteup_count,comment_count,created_time,updated_time",
        }
        data = self._get(f"/api/v4/members/{uid}/answers", params)
        posts, skipped = read_all(
            as_list(data.get("data")), lambda item, now: [content_post(item, now)], self.clock()
        )
        return ResultPage(posts, next_offset(as_dict(data.get("paging"))), skipped=skipped)

    def comments(self, ref: Mapping[str, str], cursor: Cursor | None) -> ResultPage:
        params = {"order": "score", "offset": (cursor or {}).get("offset", ""), "limit": 10}
        try:
            data = self._get(f"/api/v4/comment_v5/{ref['kind']}/{ref['id']}/root_comment", params)
        except NotOnPlatform:
            return ResultPage([], None)  # Zhihu's way of saying "no comments"
        posts, skipped = read_all(
            as_list(data.get("data")), lambda c, now: comment_posts(c, ref["id"], now), self.clock()
        )
        return ResultPage(posts, next_offset(as_dict(data.get("paging"))), skipped=skipped)

    def profile(self, uid: str) -> CollectedProfile:
        data = self._get(f"/api/v4/members/{uid}", {"include": "follower_count,answer_count"})
        if not data.get("name"):
            raise NotOnPlatform(f"no Zhihu member {uid}")
        return CollectedProfile(
            platform=PLATFORM,
            uid=str(data.get("url_token") or uid),
            name=data.get("name"),
            followers=loose_count(data.get("follower_count")),
            posts=loose_count(data.get("answer_count")),
            verified_reason=data.get("headline"),
            raw=data,
        )


def _search_item(item: dict[str, Any], now: datetime) -> list[CollectedPost]:
    """search_v3 mixes results with other cards (topics, people): only content is kept."""
    if item.get("type") != "search_result":
        return []
    content = as_dict(item.get("object"))
    if content.get("type") not in _KINDS:
        return []
    headline = html_to_text(as_dict(item.get("highlight")).get("title"))
    return [content_post(content, now, headline)]
