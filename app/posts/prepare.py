"""The CPU half of ingest: items checked, normalised, matched and encoded as rows, with no
database. ingest() runs it in the request; a large file import runs it in a worker process
for the next batch while the main process writes this one (app.imports.pipeline).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import Table

from app.bulk import RowEncoder, row_encoder
from app.clock import as_utc
from app.ids import new_id
from app.models import Mention, Post
from app.posts.cues import find_cues
from app.posts.linking import Matcher
from app.posts.mentions import MENTION_COLUMNS, PostKey, mention_values
from app.posts.schemas import PostIn, Rejected
from sentiment import normalize

# A post dated more than this ahead of our clock is a parsing bug upstream, not news.
FUTURE_TOLERANCE = timedelta(days=1)

POST_COLUMNS = (
    "id", "tenant_id", "platform", "platform_id", "kind", "parent_platform_id", "text",
    "text_norm", "author_uid", "author_name", "author_followers", "url", "likes", "reposts",
    "comments", "views", "metrics_updated_at", "created_at", "time_precision", "collected_at",
    "ingested_at", "updated_at", "cues", "raw", "tombstone_reason", "tombstoned_at",
)  # fmt: skip


@dataclass(frozen=True)
class IngestLimits:
    max_text_chars: int


@dataclass(frozen=True)
class RowEncoders:
    """How posts and mentions are encoded for one database (see app.bulk)."""

    posts: RowEncoder
    mentions: RowEncoder

    @classmethod
    def for_dialect(cls, dialect: str) -> RowEncoders:
        return cls(
            row_encoder(dialect, cast(Table, Post.__table__), POST_COLUMNS),
            row_encoder(dialect, cast(Table, Mention.__table__), MENTION_COLUMNS),
        )


@dataclass
class PreparedPosts:
    """A batch of items as rows ready to insert; ingest.write_prepared() stores them.

    Index i of post_ids, posts, mentions and items is one post; `items` keeps the item as sent,
    because a post that turns out to be stored already is updated from it instead.
    """

    rejected: list[Rejected] = field(default_factory=list)
    duplicates: int = 0  # the same post twice in the batch: the later copy wins
    post_ids: list[str] = field(default_factory=list)
    posts: list[Any] = field(default_factory=list)
    mentions: list[list[Any]] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)
    packed_items: bytes | None = None

    def pack(self) -> None:
        """Pickle the items as one blob before the batch crosses processes: the writer then
        unpickles thousands of dicts only in the rare batch that holds a stored post."""
        self.packed_items = pickle.dumps(self.items, pickle.HIGHEST_PROTOCOL)
        self.items = []

    def item(self, index: int) -> Any:
        if self.packed_items is not None:
            self.items, self.packed_items = pickle.loads(self.packed_items), None
        return self.items[index]


def validate_item(item: Any, now: datetime, limits: IngestLimits) -> PostIn | str:
    """The parsed item, or a reason that says what to fix."""
    if not isinstance(item, dict):
        return f"each item must be a JSON object, got {type(item).__name__}"
    try:
        post = PostIn.model_validate(item)
    except ValidationError as exc:
        # Imported here: app.errors pulls in FastAPI, which the import worker does not need
        # (a third of its start-up time).
        from app.errors import describe_validation_errors

        return "; ".join(
            f"{d['field']}: {d['problem']}" for d in describe_validation_errors(exc.errors())
        )
    if len(post.text) > limits.max_text_chars:
        return f"text: {len(post.text)} characters is over the limit of {limits.max_text_chars}"
    if as_utc(post.created_at) > now + FUTURE_TOLERANCE:
        return "created_at: lies in the future; send the time the platform shows, with its offset"
    return post


Checked = list[tuple[PostIn, Any]]  # valid posts, each with the item it came from


def prepare_posts(
    tenant_id: str,
    items: list[Any],
    now: datetime,
    limits: IngestLimits,
    matcher: Matcher,
    encoders: RowEncoders,
) -> PreparedPosts:
    prepared, checked = check_items(items, now, limits)
    add_rows(prepared, checked, tenant_id, now, matcher, encoders)
    return prepared


def check_items(
    items: list[Any], now: datetime, limits: IngestLimits
) -> tuple[PreparedPosts, Checked]:
    """Validation and repeats within the batch: a batch with its rejects and duplicates
    counted, and the posts still to be turned into rows by add_rows()."""
    prepared = PreparedPosts()
    latest: dict[tuple[str, str], tuple[PostIn, Any]] = {}
    for index, item in enumerate(items):
        checked = validate_item(item, now, limits)
        if isinstance(checked, str):
            prepared.rejected.append(Rejected(index=index, reason=checked))
            continue
        key = (checked.platform, checked.platform_id)
        prepared.duplicates += key in latest
        latest[key] = (checked, item)
    return prepared, list(latest.values())


def add_rows(
    prepared: PreparedPosts,
    checked: Checked,
    tenant_id: str,
    now: datetime,
    matcher: Matcher,
    encoders: RowEncoders,
) -> None:
    for post, item in checked:
        post_id = new_id("pst")
        values, mentions = _rows(post_id, tenant_id, post, now, matcher)
        prepared.post_ids.append(post_id)
        prepared.posts.append(encoders.posts(values))
        prepared.mentions.append([encoders.mentions(m) for m in mentions])
        prepared.items.append(item)


def _rows(
    post_id: str, tenant_id: str, post: PostIn, now: datetime, matcher: Matcher
) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    """The new post's row in POST_COLUMNS order, and its mention rows."""
    author = post.author
    author_uid = author.uid if author else None
    text_norm = normalize(post.text)
    cues = find_cues(text_norm)
    created_at = as_utc(post.created_at)
    collected_at = as_utc(post.collected_at) if post.collected_at else None
    values = (
        post_id, tenant_id, post.platform, post.platform_id, post.kind, post.parent_platform_id,
        post.text, text_norm, author_uid, author.name if author else None,
        author.followers if author else None, post.url, *metrics_of(post).values(),
        now if post.metrics else None, created_at, post.time_precision, collected_at, now, now,
        cues, stored_raw(post), post.tombstone_reason, now if post.tombstone_reason else None,
    )  # fmt: skip
    matches = matcher.match(text_norm, post.platform, author_uid)
    key = PostKey(post_id, created_at, post.platform, collected_at, cues)
    return values, mention_values(tenant_id, key, matches)


def stored_raw(post: PostIn) -> dict[str, Any]:
    raw: dict[str, Any] = post.raw if isinstance(post.raw, dict) else {}
    if post.raw is not None and not isinstance(post.raw, dict):
        raw = {"value": post.raw}
    if post.model_extra:
        raw = {**raw, "_unknown_fields": post.model_extra}
    return raw


def metrics_of(post: PostIn) -> dict[str, int | None]:
    m = post.metrics
    return {
        "likes": m.likes if m else None,
        "reposts": m.reposts if m else None,
        "comments": m.comments if m else None,
        "views": m.views if m else None,
    }
