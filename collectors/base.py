"""The one interface every platform adapter implements, and what an adapter is given.

Adapters fetch one page per call and hand back the next cursor: the caller decides how many
pages a pass may take, stores the cursor, and resumes from it after a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from collectors.errors import LoginRequired, UnreadableItem, Unsupported
from collectors.http import Fetcher
from collectors.types import CollectedPost, CollectedProfile, Cursor, ResultPage

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Access:
    """Where and as whom to ask. Secrets are excluded from repr so they never reach a log."""

    base_url: str
    cookie: str | None = field(default=None, repr=False)
    provider_url: str | None = None
    provider_token: str | None = field(default=None, repr=False)

    def root(self, path: str) -> str:
        return self.base_url.rstrip("/") + path


class Collector(Protocol):
    """`user_feeds` names a user's listings (Bilibili: "videos" and "dynamics"; none where a
    user's posts cannot be listed); each is paged by `user_posts(uid, cursor, feed)` on its own
    cursor. `forum` pages a forum's threads by the forum's name (Tieba bars)."""

    platform: str
    user_feeds: tuple[str, ...]

    def search(self, keyword: str, cursor: Cursor | None) -> ResultPage: ...

    def user_posts(self, uid: str, cursor: Cursor | None, feed: str = "posts") -> ResultPage: ...

    def forum(self, name: str, cursor: Cursor | None) -> ResultPage: ...

    def comments(self, ref: Mapping[str, str], cursor: Cursor | None) -> ResultPage: ...

    def profile(self, uid: str) -> CollectedProfile: ...


class Adapter:
    """Shared plumbing; each listing a platform cannot serve says so as Unsupported."""

    platform = "other"
    user_feeds: tuple[str, ...] = ("posts",)

    def __init__(self, fetcher: Fetcher, access: Access, clock: Clock) -> None:
        self.fetcher, self.access, self.clock = fetcher, access, clock

    def search(self, keyword: str, cursor: Cursor | None) -> ResultPage:
        raise Unsupported(f"{self.platform} has no keyword search here")

    def user_posts(self, uid: str, cursor: Cursor | None, feed: str = "posts") -> ResultPage:
        raise Unsupported(f"{self.platform} has no user timeline here")

    def forum(self, name: str, cursor: Cursor | None) -> ResultPage:
        raise Unsupported(f"{self.platform} has no forums here")

    def comments(self, ref: Mapping[str, str], cursor: Cursor | None) -> ResultPage:
        raise Unsupported(f"{self.platform} has no comment listing here")

    def profile(self, uid: str) -> CollectedProfile:
        raise Unsupported(f"{self.platform} has no profile lookup here")


def need_cookie(access: Access, platform: str, what: str) -> None:
    if not access.cookie:
        raise LoginRequired(
            f"{platform} {what} needs a login cookie; set it in the tenant's collection settings"
        )


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def text_id(value: Any) -> str | None:
    """Platform ids as strings: 19-digit ids are unsafe as JSON numbers elsewhere."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    return str(value)


def read_each(
    items: list[Any], read: Callable[[dict[str, Any], datetime], CollectedPost], now: datetime
) -> tuple[list[CollectedPost], tuple[str, ...]]:
    return read_all(items, lambda item, when: [read(item, when)], now)


def read_all(
    items: list[Any],
    read: Callable[[dict[str, Any], datetime], list[CollectedPost]],
    now: datetime,
) -> tuple[list[CollectedPost], tuple[str, ...]]:
    """Every readable item's posts, and why each unreadable one was skipped."""
    posts: list[CollectedPost] = []
    skipped: list[str] = []
    for item in items:
        try:
            posts.extend(read(as_dict(item), now))
        except UnreadableItem as exc:
            skipped.append(str(exc))
    return posts, tuple(skipped)
