"""RSS 2.0 and Atom news feeds (feedparser), for press coverage of a KOL and a brand.

A feed is a "user" whose id is the feed's URL. Conditional GET with ETag / Last-Modified: a 304
is an empty, finished page. Feeds have no follower or engagement numbers: those stay None.
"""

from __future__ import annotations

import calendar
import hashlib
from datetime import UTC, datetime
from typing import Any

import feedparser  # type: ignore[import-untyped]
import httpx

from collectors.base import Adapter
from collectors.errors import Blocked, CollectorError, UnreadableItem
from collectors.text import html_to_text
from collectors.timeparse import TimeFormatError, parse_time
from collectors.types import Author, CollectedPost, Cursor, Metrics, PostTime, ResultPage

PLATFORM = "news"


def classify(response: httpx.Response, body: Any) -> CollectorError | None:
    return None if response.status_code in (200, 304) else Blocked(f"HTTP {response.status_code}")


def _entry_time(entry: Any, now: datetime) -> PostTime:
    """`published` first (an Atom entry's `updated` can be older), then `updated`."""
    for raw, parsed in (("published", "published_parsed"), ("updated", "updated_parsed")):
        if entry.get(raw):
            try:
                return parse_time(entry[raw], now)
            except TimeFormatError:
                if entry.get(parsed):
                    moment = datetime.fromtimestamp(calendar.timegm(entry[parsed]), UTC)
                    return PostTime(moment, "second", entry[raw])
    raise TimeFormatError("a feed entry without a date")


def _entry_text(entry: Any) -> str:
    body = ""
    for content in entry.get("content") or []:
        body = content.get("value") or body
    body = body or entry.get("summary") or ""
    title = html_to_text(entry.get("title"))
    text = html_to_text(body)
    return f"{title}\n{text}" if title and text else title or text


def entry_post(entry: Any, feed_url: str, now: datetime) -> CollectedPost:
    link = entry.get("link")
    identity = entry.get("id") or link or entry.get("title")
    if not identity:
        raise UnreadableItem("a feed entry without an id, link or title")
    # Feed ids are URLs or URNs of any length: a stable digest keeps them inside our key size.
    digest = hashlib.sha256(f"{feed_url}\n{identity}".encode()).hexdigest()[:40]
    return CollectedPost(
        platform=PLATFORM,
        platform_id=digest,
        kind="article",
        text=_entry_text(entry),
        created=_entry_time(entry, now),
        author=Author(None, entry.get("author")) if entry.get("author") else None,
        url=link,
        metrics=Metrics(),
        raw={"id": identity, "link": link, "title": entry.get("title"), "feed": feed_url},
    )


class NewsAdapter(Adapter):
    platform = PLATFORM
    user_feeds = ("feed",)

    def user_posts(self, uid: str, cursor: Cursor | None, feed: str = "feed") -> ResultPage:
        headers = {}
        state = cursor or {}
        if state.get("etag"):
            headers["If-None-Match"] = str(state["etag"])
        if state.get("modified"):
            headers["If-Modified-Since"] = str(state["modified"])
        response = self.fetcher.get_text(uid, None, headers, classify)
        if response.status_code == 304:
            return ResultPage([], None, revisit=state or None)
        # Some feeds start with a newline before <?xml ...?>, which XML parsers reject.
        parsed = feedparser.parse(response.content.lstrip(b"\xef\xbb\xbf \t\r\n"))
        if parsed.get("bozo") and not parsed.entries:
            raise Blocked(f"not a feed: {parsed.get('bozo_exception')}")
        posts: list[CollectedPost] = []
        skipped: list[str] = []
        for entry in parsed.entries:
            try:
                posts.append(entry_post(entry, uid, self.clock()))
            except UnreadableItem as exc:
                skipped.append(str(exc))
        revisit = {
            key: value
            for key, value in (
                ("etag", response.headers.get("etag")),
                ("modified", response.headers.get("last-modified")),
            )
            if value
        }
        return ResultPage(posts, None, skipped=tuple(skipped), revisit=revisit or None)
