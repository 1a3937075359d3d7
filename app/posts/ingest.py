"""POST /v1/posts, imports and collectors all store posts through ingest(): validated per item,
idempotent on (tenant, platform, platform_id), never waiting for sentiment scoring."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.bulk import insert_many
from app.clock import as_utc
from app.errors import describe_validation_errors
from app.ids import new_id
from app.models import Mention, Post, PostScore, Tenant
from app.models.tenant import bump_version
from app.posts.cues import find_cues
from app.posts.linking import Matcher
from app.posts.mentions import PostKey, insert_mentions, mention_rows, tenant_matcher
from app.posts.schemas import IngestResult, PostIn, Rejected
from sentiment import normalize

# A post dated more than this ahead of our clock is a parsing bug upstream, not news.
FUTURE_TOLERANCE = timedelta(days=1)
LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class IngestLimits:
    max_text_chars: int


def validate_item(item: Any, now: datetime, limits: IngestLimits) -> PostIn | str:
    """The parsed item, or a reason that says what to fix."""
    if not isinstance(item, dict):
        return f"each item must be a JSON object, got {type(item).__name__}"
    try:
        post = PostIn.model_validate(item)
    except ValidationError as exc:
        return "; ".join(
            f"{d['field']}: {d['problem']}" for d in describe_validation_errors(exc.errors())
        )
    if len(post.text) > limits.max_text_chars:
        return f"text: {len(post.text)} characters is over the limit of {limits.max_text_chars}"
    if as_utc(post.created_at) > now + FUTURE_TOLERANCE:
        return "created_at: lies in the future; send the time the platform shows, with its offset"
    return post


def ingest(
    session: Session, tenant_id: str, items: list[Any], now: datetime, limits: IngestLimits
) -> IngestResult:
    result = IngestResult()
    latest: dict[tuple[str, str], PostIn] = {}
    for index, item in enumerate(items):
        checked = validate_item(item, now, limits)
        if isinstance(checked, str):
            result.rejected.append(Rejected(index=index, reason=checked))
            continue
        key: tuple[str, str] = (checked.platform, checked.platform_id)
        if key in latest:
            result.duplicates += 1  # the same post twice in one batch: the later copy wins
        latest[key] = checked
    if not latest:
        return result
    matcher = tenant_matcher(session, tenant_id)
    existing = _existing_posts(session, tenant_id, list(latest))
    fresh = [post for key, post in latest.items() if key not in existing]
    lost_races = _insert_new(session, tenant_id, fresh, now, matcher)
    for post in lost_races:  # written by a concurrent request since we looked: update instead
        existing.update(_existing_posts(session, tenant_id, [(post.platform, post.platform_id)]))
    for key, stored in existing.items():
        _update_existing(session, stored, latest[key], now, matcher)
    result.inserted = len(fresh) - len(lost_races)
    result.duplicates += len(existing)
    bump_version(session, tenant_id, Tenant.posts_version)
    return result


def _existing_posts(
    session: Session, tenant_id: str, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], Post]:
    """Stored posts among `keys`. Looked up per platform with a plain IN on platform_id, which
    walks the unique index; a fresh import usually finds none and loads no objects at all."""
    by_platform: dict[str, list[str]] = {}
    for platform, platform_id in keys:
        by_platform.setdefault(platform, []).append(platform_id)
    found: dict[tuple[str, str], Post] = {}
    for platform, platform_ids in by_platform.items():
        for start in range(0, len(platform_ids), LOOKUP_CHUNK):
            chunk = platform_ids[start : start + LOOKUP_CHUNK]
            query = select(Post).where(
                Post.tenant_id == tenant_id, Post.platform == platform, Post.platform_id.in_(chunk)
            )
            for post in session.scalars(query):
                found[(post.platform, post.platform_id)] = post
    return found


def _stored_raw(post: PostIn) -> dict[str, Any]:
    raw: dict[str, Any] = post.raw if isinstance(post.raw, dict) else {}
    if post.raw is not None and not isinstance(post.raw, dict):
        raw = {"value": post.raw}
    if post.model_extra:
        raw = {**raw, "_unknown_fields": post.model_extra}
    return raw


def _metrics(post: PostIn) -> dict[str, int | None]:
    m = post.metrics
    return {
        "likes": m.likes if m else None,
        "reposts": m.reposts if m else None,
        "comments": m.comments if m else None,
        "views": m.views if m else None,
    }


def _new_row(tenant_id: str, post: PostIn, now: datetime) -> dict[str, Any]:
    author = post.author
    text_norm = normalize(post.text)
    return {
        "id": new_id("pst"),
        "tenant_id": tenant_id,
        "platform": post.platform,
        "platform_id": post.platform_id,
        "kind": post.kind,
        "parent_platform_id": post.parent_platform_id,
        "text": post.text,
        "text_norm": text_norm,
        "author_uid": author.uid if author else None,
        "author_name": author.name if author else None,
        "author_followers": author.followers if author else None,
        "url": post.url,
        **_metrics(post),
        "metrics_updated_at": now if post.metrics else None,
        "created_at": as_utc(post.created_at),
        "time_precision": post.time_precision,
        "collected_at": as_utc(post.collected_at) if post.collected_at else None,
        "ingested_at": now,
        "updated_at": now,
        "cues": find_cues(text_norm),
        "raw": _stored_raw(post),
        "tombstone_reason": post.tombstone_reason,
        "tombstoned_at": now if post.tombstone_reason else None,
    }


def _insert_new(
    session: Session, tenant_id: str, fresh: list[PostIn], now: datetime, matcher: Matcher
) -> list[PostIn]:
    """Insert posts not seen before; return those another writer inserted first."""
    if not fresh:
        return []
    rows = [_new_row(tenant_id, post, now) for post in fresh]
    inserted_ids = _insert_ignoring_conflicts(session, rows)
    mentions: list[dict[str, object]] = []
    lost: list[PostIn] = []
    for row, post in zip(rows, fresh, strict=True):
        if row["id"] not in inserted_ids:
            lost.append(post)
            continue
        matches = matcher.match(row["text_norm"], row["platform"], row["author_uid"])
        key = PostKey(
            row["id"], row["created_at"], row["platform"], row["collected_at"], row["cues"]
        )
        mentions += mention_rows(tenant_id, key, matches)
    insert_mentions(session, mentions)
    return lost


def _insert_ignoring_conflicts(session: Session, rows: list[dict[str, Any]]) -> set[str]:
    """Insert rows with one Core executemany; return the ids that went in.

    Core, not the ORM's bulk path, and no RETURNING: this is the hot loop of every import. The
    affected-row count tells whether any row lost a race; only then are the ids looked up.
    """
    inserted = insert_many(session, Post, rows, ("tenant_id", "platform", "platform_id"))
    ids = [row["id"] for row in rows]
    if inserted == len(rows):
        return set(ids)
    found: set[str] = set()
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        found.update(session.scalars(select(Post.id).where(Post.id.in_(chunk))))
    return found


def _update_existing(
    session: Session, stored: Post, post: PostIn, now: datetime, matcher: Matcher
) -> None:
    """A replay refreshes what can change on a platform: metrics, text (edits), author, removal."""
    if post.metrics:
        for name, value in _metrics(post).items():
            if value is not None:
                setattr(stored, name, value)
        stored.metrics_updated_at = now
    if post.author:
        stored.author_name = post.author.name or stored.author_name
        if post.author.followers is not None:
            stored.author_followers = post.author.followers
    stored.url = post.url or stored.url
    if post.collected_at and as_utc(post.collected_at) != stored.collected_at:
        stored.collected_at = as_utc(post.collected_at)
        session.execute(
            update(Mention)
            .where(Mention.post_id == stored.id)
            .values(post_collected_at=stored.collected_at)
        )
    if post.tombstone_reason and not stored.tombstone_reason:
        stored.tombstone_reason, stored.tombstoned_at = post.tombstone_reason, now
    if post.raw is not None or post.model_extra:
        stored.raw = _stored_raw(post)
    if post.text != stored.text:
        _replace_text(session, stored, post.text, matcher)
    stored.updated_at = now


def _replace_text(session: Session, stored: Post, text: str, matcher: Matcher) -> None:
    stored.text, stored.text_norm = text, normalize(text)
    stored.cues = find_cues(stored.text_norm)
    session.execute(delete(Mention).where(Mention.post_id == stored.id))
    session.execute(delete(PostScore).where(PostScore.post_id == stored.id))
    matches = matcher.match(stored.text_norm, stored.platform, stored.author_uid)
    key = PostKey(stored.id, stored.created_at, stored.platform, stored.collected_at, stored.cues)
    insert_mentions(session, mention_rows(stored.tenant_id, key, matches))
