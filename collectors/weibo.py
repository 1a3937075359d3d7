"""Weibo through the m.weibo.cn container API: keyword search (needs a login cookie), a user's
timeline, hot comments with their inline replies, long texts and profiles.

Refusals (platform-data.md §8.4): `ok:-100` → LoginRequired; its login page, the "Sina Visitor
System" page or a redirect to passport.weibo.com where JSON was expected → LoginWall (anonymous
reading is refused as a whole; the pass stops for Weibo); a page with captcha.weibo.com, or the
wbBotDetector script outside a login page → CaptchaRequired; HTTP 414/418/432 → RateLimited;
403 → Blocked.

Visitor cookies: the visitor flow (passport.weibo.com/visitor/genvisitor → SUB/SUBP) is named in
platform-data.md but not documented there, public clients disagree on its host and parameters,
and the research reports its cookies refused with HTTP 500 in 2026, so it is not attempted: the
wall is recognised and reported, and a tenant login cookie is the way through.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import httpx

from collectors.base import Adapter, as_dict, as_list, need_cookie, text_id
from collectors.errors import (
    Blocked,
    CaptchaRequired,
    CollectorError,
    LoginRequired,
    LoginWall,
    NotOnPlatform,
    RateLimited,
    UnreadableItem,
)
from collectors.importers.values import loose_count
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

PLATFORM = "weibo"
SEARCH_NEWEST = "100103type=61&q="  # 实时: newest first, so a rotation sees fresh posts first
# Texts Weibo shows instead of a post that is gone, and what each says about why.
TOMBSTONES = (
    ("此微博已被作者删除", "deleted_by_author"),
    ("仅展示半年内微博", "hidden_by_author"),
    ("你暂时没有这条微博的查看权限", "hidden_by_author"),
    ("根据博主设置，此内容无法访问", "hidden_by_author"),
    ("违反《微博社区公约》的相关规定，已被删除", "removed_by_platform"),
    ("该账号因被投诉违反法律法规", "account_banned"),
)


# What Weibo's login and visitor pages (and redirects to them) carry. The mobile login page
# also loads the wbBotDetector fingerprint script (dataabc/weibo-crawler#601), so that script
# alone does not make a page a captcha.
LOGIN_WALL_MARKERS = (
    "passport.weibo",
    "Sina Visitor System",
    "/visitor/",
    "h5.sinaimg.cn/m/login",
    "登录 - 微博",
)
WALL_ADVICE = (
    "anonymous reading is refused right now; a tenant login cookie (PUT "
    "/v1/collection/platforms/weibo) lets collection through, or a fresh one if it expired"
)


def classify(response: httpx.Response, body: Any) -> CollectorError | None:
    status = response.status_code
    if status in (414, 418, 432):
        return RateLimited(f"HTTP {status}: Weibo's anti-crawler limit")
    if body is None or 300 <= status < 400:  # a redirect is never data, whatever it carries
        return _page_refusal(response)
    data = as_dict(body)
    if data.get("ok") == -100 or "passport.weibo" in str(data.get("url", "")):
        return LoginRequired("Weibo wants a login (ok:-100)")
    if status == 403:
        return Blocked("HTTP 403 from Weibo")
    return None


def _page_refusal(response: httpx.Response) -> CollectorError | None:
    """What an HTML answer (or a redirect) where JSON was expected means."""
    where = response.headers.get("location", "")
    page = response.text[:20000]
    if "captcha.weibo.com" in page or "captcha" in where:
        return CaptchaRequired("Weibo answered a captcha page")
    if any(marker in where or marker in page for marker in LOGIN_WALL_MARKERS):
        return LoginWall(f"Weibo answered its login or visitor page instead of data: {WALL_ADVICE}")
    if "wbBotDetector" in page:
        return CaptchaRequired("Weibo answered a bot-check page")
    if "登录" in page or 300 <= response.status_code < 400:
        return LoginWall(f"Weibo answered a login page or redirect instead of data: {WALL_ADVICE}")
    return None


def tombstone_of(text: str) -> str | None:
    for marker, reason in TOMBSTONES:
        if marker in text:
            return reason
    return None


def _author(user: Any) -> Author | None:
    user = as_dict(user)
    if not user:
        return None
    followers = loose_count(user.get("followers_count_str") or user.get("followers_count"))
    return Author(text_id(user.get("id")), user.get("screen_name"), followers)


def mblog_posts(
    mblog: Mapping[str, Any], now: datetime, kind: Kind = "post"
) -> list[CollectedPost]:
    """The post and, for a repost, the original it quotes (its own author, its own text)."""
    posts: list[CollectedPost] = []
    original = as_dict(mblog.get("retweeted_status"))
    original_id = text_id(original.get("mid") or original.get("id"))
    if original_id:
        posts.extend(mblog_posts(original, now))
    mid = text_id(mblog.get("mid") or mblog.get("id"))
    if mid is None:
        raise UnreadableItem("a Weibo post without an id")
    text = html_to_text(mblog.get("longTextContent") or mblog.get("text"))
    user = _author(mblog.get("user"))
    posts.append(
        CollectedPost(
            platform=PLATFORM,
            platform_id=mid,
            kind="repost" if original_id else kind,
            text=text,
            created=parse_time(mblog.get("created_at"), now),
            author=user,
            url=f"https://m.weibo.cn/detail/{mid}",
            metrics=Metrics(
                likes=loose_count(mblog.get("attitudes_count")),
                reposts=loose_count(mblog.get("reposts_count")),
                comments=loose_count(mblog.get("comments_count")),
            ),
            raw=dict(mblog),
            parent_platform_id=original_id,
            tombstone_reason=tombstone_of(text) if (user is None or mblog.get("deleted")) else None,
            comment_ref={"mid": mid},
        )
    )
    return posts


def card_mblogs(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """card_type 9 carries a post; card_type 11 groups more of them (search pages)."""
    found: list[dict[str, Any]] = []
    for card in as_list(data.get("cards")):
        card = as_dict(card)
        if card.get("card_type") == 9 and card.get("mblog"):
            found.append(as_dict(card["mblog"]))
        for inner in as_list(card.get("card_group")):
            inner = as_dict(inner)
            if inner.get("card_type") == 9 and inner.get("mblog"):
                found.append(as_dict(inner["mblog"]))
    return found


def comment_posts(comment: Mapping[str, Any], mid: str, now: datetime) -> list[CollectedPost]:
    """A comment and the replies Weibo inlines under it (`comments`, a list or false)."""
    cid = text_id(comment.get("id"))
    root = text_id(comment.get("rootid"))
    if cid is None:
        raise UnreadableItem("a Weibo comment without an id")
    post = CollectedPost(
        platform=PLATFORM,
        platform_id=cid,
        kind="comment",
        text=html_to_text(comment.get("text")),
        created=parse_time(comment.get("created_at"), now),
        author=_author(comment.get("user")),
        url=f"https://m.weibo.cn/detail/{mid}?cid={cid}",
        metrics=Metrics(
            likes=loose_count(comment.get("like_count", comment.get("like_counts"))),
            comments=loose_count(comment.get("total_number")),
        ),
        raw=dict(comment),
        parent_platform_id=mid,
        reply_to=root if root and root != cid else text_id(comment.get("reply_id")),
    )
    replies: list[CollectedPost] = []
    for reply in as_list(comment.get("comments")):
        replies.extend(comment_posts(as_dict(reply), mid, now))
    return [post, *replies]


class WeiboAdapter(Adapter):
    platform = PLATFORM

    def _get(self, path: str, params: Mapping[str, Any], referer: str | None = None) -> Any:
        headers = {"Referer": referer or "https://m.weibo.cn/", "MWeibo-Pwa": "1"}
        body = self.fetcher.get_json(self.access.root(path), params, headers, classify)
        return as_dict(body)

    def search(self, keyword: str, cursor: Cursor | None) -> ResultPage:
        need_cookie(self.access, PLATFORM, "keyword search")
        page = int((cursor or {}).get("page", 1))
        params = {"containerid": SEARCH_NEWEST + keyword, "page_type": "searchall", "page": page}
        data = as_dict(self._get("/api/container/getIndex", params).get("data"))
        mblogs = card_mblogs(data)
        posts, skipped = self._posts(mblogs)
        return ResultPage(posts, {"page": page + 1} if mblogs else None, skipped=skipped)

    def user_posts(self, uid: str, cursor: Cursor | None, feed: str = "posts") -> ResultPage:
        params: dict[str, Any] = {"type": "uid", "value": uid, "containerid": f"107603{uid}"}
        params.update(cursor or {})
        data = as_dict(self._get("/api/container/getIndex", params).get("data"))
        mblogs = card_mblogs(data)
        posts, skipped = self._posts(mblogs)
        info = as_dict(data.get("cardlistInfo"))
        following: Cursor | None = None
        if mblogs and info.get("since_id"):
            following = {"since_id": str(info["since_id"])}
        elif mblogs and info.get("page"):  # older payloads number their pages instead
            following = {"page": int(info["page"])}
        return ResultPage(posts, following, skipped=skipped)

    def comments(self, ref: Mapping[str, str], cursor: Cursor | None) -> ResultPage:
        mid = ref["mid"]
        params: dict[str, Any] = {"id": mid, "mid": mid, "max_id_type": 0}
        params.update(cursor or {})
        body = self._get("/comments/hotflow", params, f"https://m.weibo.cn/detail/{mid}")
        if body.get("ok") == 0 and not body.get("data"):
            return ResultPage([], None)  # no (more) comments
        data = as_dict(body.get("data"))
        posts: list[CollectedPost] = []
        skipped: list[str] = []
        for comment in as_list(data.get("data")):
            try:
                posts.extend(comment_posts(as_dict(comment), mid, self.clock()))
            except UnreadableItem as exc:
                skipped.append(str(exc))
        max_id = data.get("max_id") or 0
        following = {"max_id": max_id, "max_id_type": data.get("max_id_type", 0)}
        return ResultPage(posts, following if max_id else None, skipped=tuple(skipped))

    def profile(self, uid: str) -> CollectedProfile:
        data = as_dict(self._get("/api/container/getIndex", {"type": "uid", "value": uid}))
        info = as_dict(as_dict(data.get("data")).get("userInfo"))
        if not info:
            raise NotOnPlatform(f"no Weibo user {uid}")
        return CollectedProfile(
            platform=PLATFORM,
            uid=text_id(info.get("id")) or uid,
            name=info.get("screen_name"),
            followers=loose_count(info.get("followers_count")),
            posts=loose_count(info.get("statuses_count")),
            verified_reason=(info.get("verified_reason") or "").strip() or None,
            raw=info,
        )

    def _posts(self, mblogs: list[dict[str, Any]]) -> tuple[list[CollectedPost], tuple[str, ...]]:
        posts: list[CollectedPost] = []
        skipped: list[str] = []
        for mblog in mblogs:
            if mblog.get("isLongText"):
                mblog = self._with_long_text(mblog)
            try:
                posts.extend(mblog_posts(mblog, self.clock()))
            except UnreadableItem as exc:
                skipped.append(str(exc))
        return posts, tuple(skipped)

    def _with_long_text(self, mblog: dict[str, Any]) -> dict[str, Any]:
        """The full text behind "全文"; a failure keeps the truncated text and says so."""
        mid = text_id(mblog.get("mid") or mblog.get("id"))
        try:
            body = self._get("/statuses/extend", {"id": mid})
        except CollectorError as exc:
            if exc.permanent:
                raise
            return {**mblog, "_long_text_error": exc.kind}
        full = as_dict(body.get("data")).get("longTextContent")
        return {**mblog, "longTextContent": full} if full else mblog
