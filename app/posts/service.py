"""Reading archived posts: one by id, or a watch's posts with filters and a cursor."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session, aliased

from app.errors import BadRequest, Unprocessable
from app.models import Mention, Post, PostScore, Watch
from app.pagination import PageRequest, split_page
from app.posts.schemas import AuthorOut, MentionOut, MetricsOut, PostOut, ScoreOut
from app.privacy.removals import missing_post
from app.search.query import Window
from app.search.service import Position, page_of_posts


@dataclass(frozen=True)
class PostFilter:
    since: datetime | None = None
    until: datetime | None = None
    platform: str | None = None
    sentiment: str | None = None
    entity: str | None = None  # a role: brand, fandom, executive, competitor, owned, kol
    limit: int = 50
    cursor: str | None = None
    q: str | None = None  # text the posts must hold (app.search)


@dataclass(frozen=True)
class TenantPostFilter:
    """GET /v1/posts: every filter optional."""

    platform: str | None = None
    platform_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    q: str | None = None


def get_post(session: Session, tenant_id: str, post_id: str) -> PostOut:
    post = session.get(Post, post_id)
    if post is None or post.tenant_id != tenant_id:
        raise missing_post(session, tenant_id, post_id)
    return to_out(session, [post])[0]


def list_posts(
    session: Session, tenant_id: str, flt: TenantPostFilter, page: PageRequest
) -> tuple[list[PostOut], str | None]:
    """A page of the tenant's posts, newest first, narrowed by the filters given."""
    query = select(Post).where(Post.tenant_id == tenant_id)
    if flt.platform:
        query = query.where(Post.platform == flt.platform)
    if flt.platform_id is not None:
        query = query.where(Post.platform_id == flt.platform_id)
    query = _within(query, flt.since, flt.until)
    window = Window(flt.since, flt.until)
    if page.bad_cursor is not None:
        raise BadRequest(page.bad_cursor)
    position = _position(page.after)
    # One post by its platform id is a bounded read: a short query is fine there.
    bounded = flt.platform_id is not None
    posts = page_of_posts(
        session, tenant_id, query, flt.q, window, position, page.limit, in_watch=bounded
    )
    shown, cursor = split_page(posts, page, lambda p: (p.created_at, p.id))
    return to_out(session, shown), cursor


def _position(after: tuple[Any, ...] | None) -> Position | None:
    if after is None:
        return None
    if len(after) != 2 or not isinstance(after[0], datetime) or not isinstance(after[1], str):
        raise BadRequest("cursor belongs to another list or ordering; start again without it")
    return after[0], after[1]


def _within(query: Select[Post], since: datetime | None, until: datetime | None) -> Select[Post]:
    if since:
        query = query.where(Post.created_at >= since)
    if until:
        query = query.where(Post.created_at < until)
    return query


def to_out(session: Session, posts: list[Post]) -> list[PostOut]:
    ids = [p.id for p in posts]
    scores = {
        s.post_id: s for s in session.scalars(select(PostScore).where(PostScore.post_id.in_(ids)))
    }
    mentions: dict[str, list[MentionOut]] = {}
    for m in session.scalars(select(Mention).where(Mention.post_id.in_(ids)).order_by(Mention.id)):
        mentions.setdefault(m.post_id, []).append(
            MentionOut.model_validate(m, from_attributes=True)
        )
    return [_post_out(p, scores.get(p.id), mentions.get(p.id, [])) for p in posts]


def _post_out(post: Post, score: PostScore | None, mentions: list[MentionOut]) -> PostOut:
    tombstone = (
        {"reason": post.tombstone_reason, "at": post.tombstoned_at}
        if post.tombstone_reason
        else None
    )
    return PostOut(
        id=post.id,
        platform=post.platform,
        platform_id=post.platform_id,
        kind=post.kind,
        parent_platform_id=post.parent_platform_id,
        text=post.text,
        author=AuthorOut(
            uid=post.author_uid, name=post.author_name, followers=post.author_followers
        ),
        url=post.url,
        metrics=MetricsOut(
            likes=post.likes, reposts=post.reposts, comments=post.comments, views=post.views
        ),
        metrics_updated_at=post.metrics_updated_at,
        created_at=post.created_at,
        time_precision=post.time_precision,
        collected_at=post.collected_at,
        ingested_at=post.ingested_at,
        cues=post.cues,
        sentiment=ScoreOut.model_validate(score, from_attributes=True) if score else None,
        mentions=mentions,
        tombstone=tombstone,
        raw=post.raw,
        # A later re-collection may have brought raw back: then it is not dropped any more.
        raw_dropped_at=None if post.raw else post.raw_dropped_at,
    )


def encode_cursor(post: Post) -> str:
    data = json.dumps([post.created_at.isoformat(), post.id]).encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, post_id = json.loads(base64.urlsafe_b64decode(padded))
        return datetime.fromisoformat(created), str(post_id)
    except (ValueError, TypeError) as exc:
        raise Unprocessable(
            "cursor: not a cursor this API gave out; start again without it"
        ) from exc


def watch_posts(
    session: Session, watch: Watch, flt: PostFilter
) -> tuple[list[PostOut], str | None]:
    """The watch's posts (those naming or written by its KOL), newest first."""
    kol = aliased(Mention)
    query = select(Post).where(
        Post.tenant_id == watch.tenant_id,
        exists().where(kol.post_id == Post.id, kol.entity_id == watch.kol_id, kol.role == "kol"),
    )
    query = _within(query, flt.since, flt.until)
    if flt.platform:
        query = query.where(Post.platform == flt.platform)
    if flt.sentiment:
        query = query.where(
            exists().where(PostScore.post_id == Post.id, PostScore.label == flt.sentiment)
        )
    if flt.entity and flt.entity != "kol":
        other = aliased(Mention)
        query = query.where(
            exists().where(
                other.post_id == Post.id,
                other.entity_id == watch.brand_id,
                other.role == flt.entity,
            )
        )
    window = Window(flt.since, flt.until)
    position = decode_cursor(flt.cursor) if flt.cursor else None
    posts = page_of_posts(
        session, watch.tenant_id, query, flt.q, window, position, flt.limit, in_watch=True
    )
    next_cursor = encode_cursor(posts[flt.limit - 1]) if len(posts) > flt.limit else None
    return to_out(session, posts[: flt.limit]), next_cursor
