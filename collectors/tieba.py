"""Baidu Tieba through its legacy HTML pages: keyword search, a bar's thread list (`forum`), a
thread's floors and their 楼中楼 replies. Pages are parsed as HTML (collectors.html_tree), never by
regular expressions over markup.

Refusals: a 302 to wappass.baidu.com (captcha) or a 403 "百度安全验证" page → CaptchaRequired;
an empty body or "blocked" → Blocked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from collectors.base import Adapter, as_dict, text_id
from collectors.errors import (
    Blocked,
    CaptchaRequired,
    CollectorError,
    NotOnPlatform,
    UnreadableItem,
)
from collectors.html_tree import Element, parse_html
from collectors.importers.values import loose_count
from collectors.timeparse import parse_time
from collectors.types import Author, CollectedPost, Cursor, Metrics, ResultPage

PLATFORM = "tieba"
BAR_PAGE_STEP = 50
LZL_FLOORS_PER_PAGE = 3  # 楼中楼 pages fetched per thread page: the busiest floors first
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}( \d{1,2}:\d{2})?")
_CHARSET = re.compile(rb"charset=[\"']?([A-Za-z0-9_-]+)")


def classify(response: httpx.Response, body: Any) -> CollectorError | None:
    location = response.headers.get("location", "")
    if response.status_code in (301, 302) and ("wappass" in location or "captcha" in location):
        return CaptchaRequired("Tieba redirected to its captcha page")
    page = decode(response)[:5000]
    if "百度安全验证" in page:
        return CaptchaRequired("Tieba answered its security check page")
    if not page.strip() or page.strip() == "blocked":
        return Blocked("Tieba answered an empty body")
    if 300 <= response.status_code < 400:
        return Blocked(f"Tieba redirected (HTTP {response.status_code}) to {location[:100]}")
    return None


def decode(response: httpx.Response) -> str:
    """By the declared charset (header, then <meta>), never by assumption: old pages are GBK."""
    if response.charset_encoding:
        return response.text
    found = _CHARSET.search(response.content[:4000])
    encoding = found.group(1).decode() if found else "utf-8"
    try:
        return response.content.decode(encoding, errors="replace")
    except LookupError:
        return response.content.decode("utf-8", errors="replace")


def field_json(element: Element | None) -> dict[str, Any]:
    """`data-field` attributes hold JSON (already entity-decoded by the parser)."""
    if element is None:
        return {}
    try:
        return as_dict(json.loads(element.attrs.get("data-field", "") or "{}"))
    except (ValueError, RecursionError):  # not JSON, a 5,000-digit number, a deep nest
        return {}


def search_hits(root: Element, now: datetime) -> list[CollectedPost]:
    posts = []
    for hit in root.find_all("div", "s_post"):
        link = hit.find("a", "bluelink")
        date = hit.find("font", "p_date")
        if link is None or date is None:
            continue
        query = parse_qs(urlsplit(link.attrs.get("href", "")).query)
        pid, tid = (query.get("pid") or [""])[0], link.attrs.get("data-tid")
        author = next(
            (a for a in hit.find_all("a") if "/home/main?un=" in a.attrs.get("href", "")), None
        )
        content = hit.find("div", "p_content")
        text = "\n".join(t for t in (link.text(), content.text() if content else "") if t)
        posts.append(
            CollectedPost(
                platform=PLATFORM,
                platform_id=pid or str(tid),
                kind="post",
                text=text,
                created=parse_time(date.text(), now),
                author=Author(None, author.text() if author else None),
                url=f"https://tieba.baidu.com/p/{tid}?pid={pid}",
                metrics=Metrics(),
                raw={
                    "tid": tid,
                    "pid": pid,
                    "forum": _text(hit.find("a", "p_forum")),
                },
                comment_ref={"tid": str(tid)} if tid else None,
            )
        )
    return posts


def _text(element: Element | None) -> str | None:
    return element.text() if element is not None else None


def _floor_time(floor: Element) -> str | None:
    for span in floor.find_all("span", "tail-info"):
        if _DATE.fullmatch(span.text()):
            return span.text()
    return None


def thread_floors(
    root: Element, tid: str, first_pid: str | None, now: datetime
) -> list[CollectedPost]:
    """Floor 1 is the thread's own post; later floors are comments under it."""
    posts = []
    for floor in root.find_all("div", "l_post"):
        data = field_json(floor)
        content, author = as_dict(data.get("content")), as_dict(data.get("author"))
        pid = text_id(content.get("post_id") or floor.attrs.get("data-pid"))
        when = _floor_time(floor)
        if pid is None or when is None:
            continue
        number = int(content.get("post_no") or 0)
        first_pid = pid if number == 1 else first_pid
        body = floor.find("div", "d_post_content")
        posts.append(
            CollectedPost(
                platform=PLATFORM,
                platform_id=pid,
                kind="post" if number == 1 else "comment",
                text=body.text() if body else "",
                created=parse_time(when, now),
                author=Author(
                    text_id(author.get("user_id")),
                    author.get("user_name") or author.get("user_nickname"),
                ),
                url=f"https://tieba.baidu.com/p/{tid}?pid={pid}#{pid}",
                metrics=Metrics(comments=loose_count(content.get("comment_num"))),
                raw={"data_field": data, "tid": tid},
                parent_platform_id=None if number == 1 else first_pid,
                comment_ref={"tid": tid, "pid": pid, "fid": str(content.get("forum_id") or "")},
            )
        )
    return posts


def lzl_replies(
    root: Element, ref: Mapping[str, str], parent: str | None, now: datetime
) -> list[CollectedPost]:
    posts = []
    for item in root.find_all("li", "lzl_single_post"):
        data = field_json(item)
        spid = text_id(data.get("spid"))
        when = item.find("span", "lzl_time")
        body = item.find("span", "lzl_content_main")
        if spid is None or when is None:
            continue
        posts.append(
            CollectedPost(
                platform=PLATFORM,
                platform_id=spid,
                kind="comment",
                text=body.text() if body else "",
                created=parse_time(when.text(), now),
                author=Author(
                    data.get("portrait") or None, data.get("showname") or data.get("user_name")
                ),
                url=f"https://tieba.baidu.com/p/{ref['tid']}?pid={ref['pid']}#{spid}",
                metrics=Metrics(),
                raw={"data_field": data, "tid": ref["tid"]},
                parent_platform_id=parent,
                reply_to=ref["pid"],
            )
        )
    return posts


def bar_threads(root: Element, now: datetime) -> list[CollectedPost]:
    posts = []
    for item in root.find_all("li", "j_thread_list"):
        data = field_json(item)
        tid = text_id(data.get("id") or item.attrs.get("data-tid"))
        created = item.find("span", "is_show_create_time")
        title = item.find("a", "j_th_tit")
        if tid is None or created is None:
            continue
        summary = item.find("div", "threadlist_abs")
        text = "\n".join(
            t for t in (title.text() if title else "", summary.text() if summary else "") if t
        )
        posts.append(
            CollectedPost(
                platform=PLATFORM,
                platform_id=text_id(data.get("first_post_id")) or tid,
                kind="post",
                text=text,
                created=parse_time(created.text(), now),  # "7-6", "2020-05": day or month only
                author=Author(
                    data.get("author_portrait"),
                    data.get("author_name") or data.get("author_nickname"),
                ),
                url=f"https://tieba.baidu.com/p/{tid}",
                metrics=Metrics(comments=loose_count(data.get("reply_num"))),
                raw={"data_field": data, "tid": tid},
                comment_ref={"tid": tid},
            )
        )
    return posts


def uncomment_pagelets(page: str) -> str:
    """The live bar page hides its thread list inside an HTML comment in a <code> pagelet."""
    return page.replace("<!--", "").replace("-->", "")


class TiebaAdapter(Adapter):
    """A user's own posts are not listed (their pages are login-walled and 403-prone); bars
    (吧), where a fandom gathers, are read by name through `forum`."""

    platform = PLATFORM
    user_feeds = ()

    def _page(self, path: str, params: Mapping[str, Any]) -> Element:
        response = self.fetcher.get_text(
            self.access.root(path), params, {"Referer": "https://tieba.baidu.com/"}, classify
        )
        return parse_html(decode(response))

    def search(self, keyword: str, cursor: Cursor | None) -> ResultPage:
        pn = int((cursor or {}).get("pn", 1))
        params = {"isnew": 1, "qw": keyword, "rn": 10, "pn": pn, "sm": 1, "only_thread": 0}
        posts = self._read(lambda now: search_hits(self._page("/f/search/res", params), now))
        return ResultPage(posts, {"pn": pn + 1} if posts else None)

    def forum(self, name: str, cursor: Cursor | None) -> ResultPage:
        """A bar's threads, most recently replied first; `name` as in /f?kw=NAME."""
        pn = int((cursor or {}).get("pn", 0))
        response = self.fetcher.get_text(
            self.access.root("/f"), {"kw": name, "pn": pn}, None, classify
        )
        root = parse_html(uncomment_pagelets(decode(response)))
        if not any(ul.attrs.get("id") == "thread_list" for ul in root.find_all("ul")):
            # Not "no more threads" (that is an empty list): a page that is no bar at all.
            raise NotOnPlatform(
                f"Tieba showed no thread list for the bar {name!r}: check its name as in "
                "tieba.baidu.com/f?kw=NAME (or Tieba changed its page layout)"
            )
        posts = self._read(lambda now: bar_threads(root, now))
        return ResultPage(posts, {"pn": pn + BAR_PAGE_STEP} if posts else None)

    def comments(self, ref: Mapping[str, str], cursor: Cursor | None) -> ResultPage:
        state = cursor or {}
        if "pid" in ref and "tid" in ref and ref.get("lzl"):
            return self._lzl(ref, state)
        pn = int(state.get("pn", 1))
        root = self._page(f"/p/{ref['tid']}", {"pn": pn})
        floors = self._read(lambda now: thread_floors(root, ref["tid"], state.get("first"), now))
        if not floors:
            if pn == 1:
                raise NotOnPlatform(f"thread {ref['tid']} shows no floors (deleted?)")
            return ResultPage([], None)
        if floors[0].platform_id == state.get("previous"):
            return ResultPage([], None)  # past the last page Tieba repeats the last one
        first = floors[0].platform_id if pn == 1 else state.get("first")
        replies = self._busy_floor_replies(floors, first)
        following = {"pn": pn + 1, "first": first, "previous": floors[0].platform_id}
        return ResultPage(floors + replies, following)

    def _busy_floor_replies(
        self, floors: list[CollectedPost], first: str | None
    ) -> list[CollectedPost]:
        busy = sorted(
            (f for f in floors if (f.metrics.comments or 0) > 0),
            key=lambda f: -(f.metrics.comments or 0),
        )
        replies: list[CollectedPost] = []
        for floor in busy[:LZL_FLOORS_PER_PAGE]:
            ref = floor.comment_ref or {}
            params = {"tid": ref.get("tid"), "pid": ref.get("pid"), "fid": ref.get("fid"), "pn": 1}
            page = self._page("/p/comment", params)
            replies += self._read(
                lambda now, page=page, ref=ref: lzl_replies(page, ref, first, now)
            )
        return replies

    def _lzl(self, ref: Mapping[str, str], state: Cursor) -> ResultPage:
        pn = int(state.get("pn", 1))
        root = self._page(
            "/p/comment",
            {"tid": ref["tid"], "pid": ref["pid"], "fid": ref.get("fid", ""), "pn": pn},
        )
        posts = self._read(lambda now: lzl_replies(root, ref, ref.get("parent"), now))
        return ResultPage(posts, {"pn": pn + 1} if len(posts) >= 10 else None)

    def _read(self, read: Any) -> list[CollectedPost]:
        try:
            return list(read(self.clock()))
        except UnreadableItem as exc:
            raise Blocked(f"Tieba page layout not understood: {exc}") from exc
