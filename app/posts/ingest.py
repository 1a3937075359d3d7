"""POST /v1/posts, imports and collectors all store posts through ingest(): validated per item,
idempotent on (tenant, platform, platform_id). Imports and collection never wait for sentiment
scoring (their posts are queued); a small POST /v1/posts batch is scored as it is stored, so
the risk read that follows it has nothing left to score."""

from __future__ import annotations

from datetime import datetime
from itertools import chain
from typing import Any, cast

from sqlalchemy import Table, delete, select, update
from sqlalchemy.orm import Session

from app.bulk import insert_encoded
from app.changes import Named, enqueue_scoring, named_by, note_named
from app.clock import as_utc
from app.models import Mention, Post, PostScore
from app.posts.cues import find_cues
from app.posts.linking import Matcher
from app.posts.mentions import insert_mentions, mention_rows, tenant_matcher
from app.posts.prepare import (
    MENTION_COLUMNS,
    POST_COLUMNS,
    IngestLimits,
    PostKey,
    PreparedPosts,
    RowEncoders,
    add_rows,
    check_items,
    metrics_of,
    rare_collections,
    stored_raw,
    validate_item,
)
from app.posts.schemas import IngestResult, PostIn, unknown_fields
from app.privacy.subjects import REFUSED, erased_positions, erased_subjects
from app.scoring.service import InlineScoring, store_new_scores
from app.search import index as search_index
from sentiment import normalize

__all__ = ["IngestLimits", "InlineScoring", "ingest", "validate_item", "write_prepared"]

LOOKUP_CHUNK = 500
POST_KEY_COLUMNS = ("tenant_id", "platform", "platform_id")


def ingest(
    session: Session,
    tenant_id: str,
    items: list[Any],
    now: datetime,
    limits: IngestLimits,
    *,
    scoring: InlineScoring | None = None,
) -> IngestResult:
    with rare_collections():
        # Checked before the first query, which takes SQLite's write lock: meanwhile another
        # request can still commit.
        prepared, checked = check_items(items, now, limits)
        if not checked:
            return write_prepared(session, tenant_id, prepared, now, limits, scoring=scoring)
        matcher = tenant_matcher(session, tenant_id)
        encoders = RowEncoders.for_dialect(session.get_bind().dialect.name)
        add_rows(prepared, checked, tenant_id, now, matcher, encoders)
        return write_prepared(session, tenant_id, prepared, now, limits, scoring=scoring)


def write_prepared(
    session: Session,
    tenant_id: str,
    prepared: PreparedPosts,
    now: datetime,
    limits: IngestLimits,
    *,
    scoring: InlineScoring | None = None,
) -> IngestResult:
    """Store a prepared batch: new posts and their mentions in two bulk inserts, and posts
    stored before (by an earlier batch, run or concurrent request) updated instead. With
    `scoring`, a batch of up to scoring.max_posts new posts is scored here, in the same
    transaction; else (and always for imports and collection) the posts are queued."""
    if prepared.post_ids:
        erased = erased_subjects(session, tenant_id)
        prepared.refuse(erased_positions(tenant_id, prepared.authors, erased), REFUSED)
    result = IngestResult(rejected=prepared.rejected, duplicates=prepared.duplicates)
    if not prepared.posts:
        return result
    posts_table, mentions_table = cast(Table, Post.__table__), cast(Table, Mention.__table__)
    inserted = insert_encoded(session, posts_table, POST_COLUMNS, prepared.posts, POST_KEY_COLUMNS)
    if inserted == len(prepared.posts):  # the common case: every post is new
        kept, lost, texts = prepared.post_ids, [], prepared.texts
        mentions, grams = chain.from_iterable(prepared.mentions), prepared.grams
        named = list(chain.from_iterable(prepared.named))
    else:
        present = _present_ids(session, prepared.post_ids)
        stored = [i for i, post_id in enumerate(prepared.post_ids) if post_id in present]
        lost = [i for i, post_id in enumerate(prepared.post_ids) if post_id not in present]
        kept = [prepared.post_ids[i] for i in stored]
        texts = [prepared.texts[i] for i in stored]
        mentions = chain.from_iterable(prepared.mentions[i] for i in stored)
        grams = [prepared.grams[i] for i in stored]
        named = [n for i in stored for n in prepared.named[i]]
    insert_encoded(session, mentions_table, MENTION_COLUMNS, list(mentions))
    search_index.insert_rows(session, list(chain.from_iterable(grams)))
    result.inserted = len(kept)
    if scoring is not None and len(kept) <= scoring.max_posts:
        store_new_scores(session, tenant_id, kept, scoring.scorer.score_many(texts), now)
    else:
        enqueue_scoring(session, tenant_id, kept, now, new=True)
    updated, named_before = _update_stored(session, tenant_id, prepared, lost, now, limits)
    result.duplicates += len(updated)
    if updated:
        # What they name now and what they named before an edit: a post may leave a watch.
        named += named_before + named_by(session, updated)
    # Last, so the entity rows this locks on PostgreSQL are held only until the commit.
    note_named(session, tenant_id, named)
    return result


def _present_ids(session: Session, ids: list[str]) -> set[str]:
    """Which of our new ids went in. Asked only when the insert skipped a row: no RETURNING
    on the hot path, the affected-row count tells whether anything was skipped."""
    found: set[str] = set()
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        found.update(session.scalars(select(Post.id).where(Post.id.in_(chunk))))
    return found


def _update_stored(
    session: Session,
    tenant_id: str,
    prepared: PreparedPosts,
    lost: list[int],
    now: datetime,
    limits: IngestLimits,
) -> tuple[list[str], list[Named]]:
    """Update the posts whose insert was skipped because they were stored already; return
    their ids and what they named before."""
    if not lost:
        return [], []
    posts = [cast(PostIn, validate_item(prepared.item(i), now, limits)) for i in lost]
    keys: list[tuple[str, str]] = [(post["platform"], post["platform_id"]) for post in posts]
    existing = _existing_posts(session, tenant_id, keys)
    updated = [post.id for post in existing.values()]
    named_before = named_by(session, updated)
    matcher = tenant_matcher(session, tenant_id)
    for key, post in zip(keys, posts, strict=True):
        stored = existing.get(key)
        if stored is not None:
            _update_existing(session, stored, post, now, matcher)
    return updated, named_before


def _existing_posts(
    session: Session, tenant_id: str, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], Post]:
    """Stored posts among `keys`, looked up per platform with a plain IN on platform_id, which
    walks the unique index."""
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


def _update_existing(
    session: Session, stored: Post, post: PostIn, now: datetime, matcher: Matcher
) -> None:
    """A replay refreshes what can change on a platform: metrics, text (edits), author, removal."""
    if post.get("metrics"):
        for name, value in metrics_of(post).items():
            if value is not None:
                setattr(stored, name, value)
        stored.metrics_updated_at = now
    if author := post.get("author"):
        stored.author_name = author.get("name") or stored.author_name
        if author.get("followers") is not None:
            stored.author_followers = author.get("followers")
    stored.url = post.get("url") or stored.url
    collected_at = post.get("collected_at")
    if collected_at and as_utc(collected_at) != stored.collected_at:
        stored.collected_at = as_utc(collected_at)
        session.execute(
            update(Mention)
            .where(Mention.post_id == stored.id)
            .values(post_collected_at=stored.collected_at)
        )
    tombstone_reason = post.get("tombstone_reason")
    if tombstone_reason and not stored.tombstone_reason:
        stored.tombstone_reason, stored.tombstoned_at = tombstone_reason, now
    if post.get("raw") is not None or unknown_fields(post):
        stored.raw = stored_raw(post)
    if post["text"] != stored.text:
        _replace_text(session, stored, post["text"], matcher, now)
    stored.updated_at = now


def _replace_text(
    session: Session, stored: Post, text: str, matcher: Matcher, now: datetime
) -> None:
    old = search_index.IndexedText(stored.tenant_id, stored.id, stored.created_at, stored.text_norm)
    stored.text, stored.text_norm = text, normalize(text)
    search_index.reindex(session, old, stored.text_norm)
    stored.cues = find_cues(stored.text_norm)
    session.execute(delete(Mention).where(Mention.post_id == stored.id))
    session.execute(delete(PostScore).where(PostScore.post_id == stored.id))
    enqueue_scoring(session, stored.tenant_id, [stored.id], now)  # the new text's score
    matches = matcher.match(stored.text_norm, stored.platform, stored.author_uid)
    key = PostKey(stored.id, stored.created_at, stored.platform, stored.collected_at, stored.cues)
    insert_mentions(session, mention_rows(stored.tenant_id, key, matches))
