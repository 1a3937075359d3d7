"""Bilibili: video search and a user's uploads (both WBI-signed), a user's dynamics, comments
page by page with sub-replies, and profiles.

Anonymous calls without the buvid3/buvid4 device cookies a browser gets on its first visit are
commonly refused with -412/-352, so before its first request an adapter asks the frontend's
finger/spi endpoint for them (on the API host, so KOLRISK_BILIBILI_BASE_URL moves it too) and
keeps them in its client's cookie jar, unless the tenant's cookie already carries buvid3. On a
-412/-352 it fetches fresh ones once per pass and retries before calling the platform blocked.

Refusals (platform-data.md §8.4): -101 → LoginRequired; -352/-412 → Blocked; -509/-799 →
RateLimited; -403 or `data.v_voucher` → SignatureRejected; -404 and 12002 (comments closed) →
NotOnPlatform. An anonymous empty comment page 2 is "restricted", not the end of the comments.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

from collectors import bilibili_parse as parse
from collectors.base import Adapter, as_dict, as_list, read_all, read_each, text_id
from collectors.errors import (
    Blocked,
    CollectorError,
    LoginRequired,
    NotOnPlatform,
    RateLimited,
    SignatureRejected,
)
from collectors.http import Classifier
from collectors.importers.values import loose_count
from collectors.types import CollectedPost, CollectedProfile, Cursor, ResultPage
from collectors.wbi import key_from_url, signed_query

DEVICE_COOKIES_PATH = "/x/frontend/finger/spi"
DEVICE_COOKIES = {"b_3": "buvid3", "b_4": "buvid4"}  # answer field → cookie name
REFERER = {"Referer": "https://www.bilibili.com/"}
COMMENTS_PER_PAGE = 20
UPLOADS_PER_PAGE = 30
# Sub-reply pages fetched per comment page: the roots with the most hidden replies first.
SUB_REPLY_ROOTS_PER_PAGE = 3


class Intercepted(Blocked):
    """-412 (request intercepted) and -352 (risk check failed): fresh device cookies may help."""


_CODES: dict[int, Callable[[str], CollectorError]] = {
    -101: LoginRequired,
    -352: Intercepted,
    -412: Intercepted,
    -509: RateLimited,
    -799: RateLimited,
    -403: SignatureRejected,
    -404: NotOnPlatform,
    12002: NotOnPlatform,
}


def classify(response: httpx.Response, body: Any) -> CollectorError | None:
    data = as_dict(body)
    code = data.get("code")
    if isinstance(code, int) and code in _CODES:
        return _CODES[code](f"Bilibili code {code}: {data.get('message', '')}".strip())
    if as_dict(data.get("data")).get("v_voucher"):
        return SignatureRejected("Bilibili answered a v_voucher: signature or risk check refused")
    if isinstance(code, int) and code != 0:
        return Blocked(f"Bilibili code {code}: {data.get('message', '')}")
    return None


def nav_classify(response: httpx.Response, body: Any) -> CollectorError | None:
    """nav answers -101 when logged out and still carries the WBI keys."""
    if as_dict(as_dict(body).get("data")).get("wbi_img"):
        return None
    return classify(response, body)


class BilibiliAdapter(Adapter):
    platform = parse.PLATFORM
    user_feeds = ("dynamics", "videos")

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._keys: tuple[str, str] | None = None
        self._warmed = False
        self._rewarmed = False
        self._warm_up_failure: str | None = None

    def _get(self, path: str, params: Mapping[str, Any], signed: bool = False) -> dict[str, Any]:
        url = self.access.root(path)
        if signed:
            img, sub = self._wbi_keys()
            url = f"{url}?{signed_query(params, img, sub, int(self.clock().timestamp()))}"
            return as_dict(self._call(url, None, classify))
        return as_dict(self._call(url, params, classify))

    def _call(self, url: str, params: Mapping[str, Any] | None, check: Classifier) -> Any:
        """One request with device cookies; an interception is retried once per pass with
        fresh ones, since stale or missing cookies are its usual cause."""
        if not self._warmed:
            self._warm_up()
        try:
            return self.fetcher.get_json(url, params, REFERER, check)
        except Intercepted as exc:
            if self._rewarmed:
                raise
            self._rewarmed = True
            self._warm_up(fresh=True)
            try:
                return self.fetcher.get_json(url, params, REFERER, check)
            except Intercepted as again:
                tried = self._warm_up_failure or "with fresh buvid3/buvid4 cookies"
                raise Intercepted(f"{again.message} (also {tried})") from exc

    def _warm_up(self, fresh: bool = False) -> None:
        """buvid3/buvid4 into the cookie jar, as a browser's first visit gets them. A failure
        is not the pass's end: the real request then says what the platform thinks."""
        self._warmed = True
        jar = self.fetcher.client.cookies
        if not fresh and any(cookie.name == "buvid3" for cookie in jar.jar):
            return  # the tenant's cookie already carries one
        try:
            body = self.fetcher.get_json(
                self.access.root(DEVICE_COOKIES_PATH), None, REFERER, classify
            )
        except CollectorError as exc:
            self._warm_up_failure = f"device cookies unavailable: {exc.kind}: {exc.message}"
            return
        found = as_dict(as_dict(body).get("data"))
        if not found.get("b_3"):
            self._warm_up_failure = "device cookies unavailable: finger/spi gave no b_3"
            return
        for field, name in DEVICE_COOKIES.items():
            if found.get(field):
                jar.delete(name)
                jar.set(name, str(found[field]))
        self._warm_up_failure = None

    def _wbi_keys(self) -> tuple[str, str]:
        if self._keys is None:  # they change daily; one adapter lives for one pass
            body = self._call(self.access.root("/x/web-interface/nav"), None, nav_classify)
            image = as_dict(as_dict(as_dict(body).get("data")).get("wbi_img"))
            if not image.get("img_url") or not image.get("sub_url"):
                raise SignatureRejected("nav gave no WBI keys")
            self._keys = key_from_url(image["img_url"]), key_from_url(image["sub_url"])
        return self._keys

    def search(self, keyword: str, cursor: Cursor | None) -> ResultPage:
        page = int((cursor or {}).get("page", 1))
        params = {"search_type": "video", "keyword": keyword, "order": "pubdate", "page": page}
        data = as_dict(self._get("/x/web-interface/wbi/search/type", params, signed=True)["data"])
        posts, skipped = read_each(as_list(data.get("result")), parse.search_result, self.clock())
        last = int(data.get("numPages") or 0)
        return ResultPage(
            posts, {"page": page + 1} if posts and page < last else None, skipped=skipped
        )

    def user_posts(self, uid: str, cursor: Cursor | None, feed: str = "dynamics") -> ResultPage:
        if feed == "videos":
            return self._uploads(uid, int((cursor or {}).get("pn", 1)))
        return self._dynamics(uid, str((cursor or {}).get("offset", "")))

    def _uploads(self, uid: str, pn: int) -> ResultPage:
        params = {"mid": uid, "ps": UPLOADS_PER_PAGE, "pn": pn, "order": "pubdate"}
        data = as_dict(self._get("/x/space/wbi/arc/search", params, signed=True).get("data"))
        videos = as_list(as_dict(data.get("list")).get("vlist"))
        posts, skipped = read_each(videos, parse.upload, self.clock())
        count = int(as_dict(data.get("page")).get("count") or 0)
        more = bool(videos) and pn * UPLOADS_PER_PAGE < count
        return ResultPage(posts, {"pn": pn + 1} if more else None, skipped=skipped)

    def _dynamics(self, uid: str, offset: str) -> ResultPage:
        params = {"host_mid": uid, "offset": offset, "platform": "web"}
        data = as_dict(self._get("/x/polymer/web-dynamic/v1/feed/space", params).get("data"))
        posts, skipped = read_all(as_list(data.get("items")), parse.dynamic_posts, self.clock())
        following = str(data.get("offset") or "")
        more = bool(data.get("has_more")) and following
        return ResultPage(posts, {"offset": following} if more else None, skipped=skipped)

    def comments(self, ref: Mapping[str, str], cursor: Cursor | None) -> ResultPage:
        pn = int((cursor or {}).get("pn", 1))
        params = {
            "type": ref["type"],
            "oid": ref["oid"],
            "sort": 0,
            "pn": pn,
            "ps": COMMENTS_PER_PAGE,
        }
        data = as_dict(self._get("/x/v2/reply", params).get("data"))
        if parse.is_anonymous_cutoff(data, pn):
            return ResultPage([], {"pn": pn}, restricted="comments beyond page 1 need a login")
        replies = as_list(data.get("replies"))
        parent = ref.get("parent") or ref["oid"]
        posts, skipped = read_all(
            replies, lambda r, now: parse.reply_posts(r, parent, now), self.clock()
        )
        posts += self._hidden_sub_replies(ref, replies, parent)
        count = int(as_dict(data.get("page")).get("count") or 0)
        more = bool(replies) and pn * COMMENTS_PER_PAGE < count
        return ResultPage(posts, {"pn": pn + 1} if more else None, skipped=skipped)

    def _hidden_sub_replies(
        self, ref: Mapping[str, str], replies: list[Any], parent: str
    ) -> list[CollectedPost]:
        """The first page of sub-replies for the roots whose page shows only a few of them."""

        def hidden(reply: Any) -> int:
            reply = as_dict(reply)
            return int(reply.get("rcount") or 0) - len(as_list(reply.get("replies")))

        roots = sorted((r for r in replies if hidden(r) > 0), key=hidden, reverse=True)
        found: list[CollectedPost] = []
        for root in roots[:SUB_REPLY_ROOTS_PER_PAGE]:
            params = {
                "type": ref["type"],
                "oid": ref["oid"],
                "root": as_dict(root).get("rpid"),
                "pn": 1,
                "ps": COMMENTS_PER_PAGE,
            }
            data = as_dict(self._get("/x/v2/reply/reply", params).get("data"))
            children, _ = read_all(
                as_list(data.get("replies")),
                lambda r, now: parse.reply_posts(r, parent, now),
                self.clock(),
            )
            found += children
        return found

    def profile(self, uid: str) -> CollectedProfile:
        data = as_dict(self._get("/x/web-interface/card", {"mid": uid}).get("data"))
        card = as_dict(data.get("card"))
        if not card:
            raise NotOnPlatform(f"no Bilibili user {uid}")
        return CollectedProfile(
            platform=self.platform,
            uid=text_id(card.get("mid")) or uid,
            name=card.get("name"),
            followers=loose_count(data.get("follower") or card.get("fans")),
            posts=loose_count(data.get("archive_count")),
            raw=data,
        )
