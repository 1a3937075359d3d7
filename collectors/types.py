"""What every adapter returns: posts and profiles as plain data, ready for the app's ingest.

Times are UTC with the platform's raw string and how precise it was ("7-6" is a day, not a
midnight); counts are integers or None (unknown, never 0 by default); ids are strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Precision = Literal["second", "minute", "day", "month"]
Kind = Literal["post", "comment", "repost", "article", "video"]
Cursor = dict[str, Any]


@dataclass(frozen=True, slots=True)
class PostTime:
    utc: datetime
    precision: Precision
    raw: str


@dataclass(frozen=True, slots=True)
class Author:
    uid: str | None
    name: str | None = None
    followers: int | None = None


@dataclass(frozen=True, slots=True)
class Metrics:
    likes: int | None = None
    reposts: int | None = None
    comments: int | None = None
    views: int | None = None

    def as_dict(self) -> dict[str, int | None]:
        return {
            "likes": self.likes,
            "reposts": self.reposts,
            "comments": self.comments,
            "views": self.views,
        }


@dataclass(frozen=True, slots=True)
class CollectedPost:
    """One post, comment or reply.

    `parent_platform_id` is the content a comment sits under (the venue), also for replies to
    comments; the comment replied to is `reply_to`. `comment_ref` is what the same adapter's
    `comments()` takes to list this post's comments (None when it has none to list).
    """

    platform: str
    platform_id: str
    kind: Kind
    text: str
    created: PostTime
    author: Author | None
    url: str | None
    metrics: Metrics
    raw: dict[str, Any]
    parent_platform_id: str | None = None
    reply_to: str | None = None
    tombstone_reason: str | None = None
    comment_ref: dict[str, str] | None = None

    def as_item(self, collected_at: datetime) -> dict[str, Any]:
        """The POST /v1/posts item for this post (the one ingest path takes it from here)."""
        author = self.author
        extra = {"time_raw": self.created.raw, "reply_to": self.reply_to}
        return {
            "platform": self.platform,
            "platform_id": self.platform_id,
            "kind": self.kind,
            "text": self.text,
            "created_at": self.created.utc.isoformat(),
            "time_precision": self.created.precision,
            "author": (
                {"uid": author.uid, "name": author.name, "followers": author.followers}
                if author
                else None
            ),
            "url": self.url,
            "metrics": self.metrics.as_dict(),
            "parent_platform_id": self.parent_platform_id,
            "collected_at": collected_at.isoformat(),
            "tombstone_reason": self.tombstone_reason,
            "raw": {**self.raw, "_collector": extra},
        }


@dataclass(frozen=True, slots=True)
class CollectedProfile:
    platform: str
    uid: str
    name: str | None
    followers: int | None
    posts: int | None = None
    verified_reason: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ResultPage:
    """One page of a listing.

    `next_cursor` None means the platform said the listing ends here. `restricted` says the
    platform stopped serving further pages to us (Bilibili's anonymous empty page 2): the
    listing is not finished, and coverage must say so.
    """

    posts: list[CollectedPost]
    next_cursor: Cursor | None
    restricted: str | None = None
    # Items the page held that we could not read (no time, no id), each with the reason.
    skipped: tuple[str, ...] = ()
    # For a finished listing: what to send when it is next walked from the top (RSS ETag).
    revisit: Cursor | None = None
