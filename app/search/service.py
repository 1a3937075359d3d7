"""A page of posts narrowed to a text query (app.search.query), for every list that takes `q`.
Nothing here commits.

With bigrams to find them by, the page is read in two steps, so no plan can turn it into a
scan of the tenant's posts (PostgreSQL's planner, misjudging how few posts LIKE keeps, would
hash join every post): the posts whose index document holds every bigram are read newest
first, a chunk at a time, off post_search, and only those posts are checked against the
filters and the terms. A page costs the bigrams' matches, and usually one chunk.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Select, and_, cast, column, literal_column, or_, select, table
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session

from app.models import Post, PostSearch
from app.models.search import SEARCH_FTS
from app.search.query import TextQuery, Window, fts_match, matching, parse, require_bound, ts_query

PostSelect = Select[Post]
Position = tuple[datetime, str]  # (created_at, id) of the last post of the previous page
# Matches read per step at most: a page of matches is usually found in the first.
CHUNK = 500


def _after(statement: Any, at: Any, key: Any, position: Position | None) -> Any:
    if position is None:
        return statement
    created, post_id = position
    return statement.where(or_(at < created, and_(at == created, key < post_id)))


def page_of_posts(
    session: Session,
    tenant_id: str,
    statement: PostSelect,
    q: str | None,
    window: Window,
    position: Position | None,
    limit: int,
    in_watch: bool = False,
) -> list[Post]:
    """Up to limit + 1 posts of `statement` holding `q`, newest first, after `position` (the
    extra one says a next page exists)."""
    newest = (Post.created_at.desc(), Post.id.desc())
    if q is None:
        plain = _after(statement, Post.created_at, Post.id, position)
        return list(session.scalars(plain.order_by(*newest).limit(limit + 1)))
    query = parse(q)
    require_bound(query, window, in_watch)
    narrowed = statement.where(*matching(query).conditions)
    if not query.grams:  # one-character terms: bounded by the watch or the window
        bounded = _after(narrowed, Post.created_at, Post.id, position)
        return list(session.scalars(bounded.order_by(*newest).limit(limit + 1)))
    if in_watch:  # the watch's posts are few: read them newest first, each checked in the set
        matches = _matches(session, tenant_id, query, window).with_only_columns(PostSearch.post_id)
        in_index = _after(narrowed.where(Post.id.in_(matches)), Post.created_at, Post.id, position)
        return list(session.scalars(in_index.order_by(*newest).limit(limit + 1)))
    return _driven(session, tenant_id, narrowed, query, window, position, limit)


def _matches(session: Session, tenant_id: str, query: TextQuery, window: Window) -> Any:
    """(post_created_at, post_id) of the tenant's posts whose document holds every bigram."""
    matches = select(PostSearch.post_created_at, PostSearch.post_id).where(
        PostSearch.tenant_id == tenant_id
    )
    if session.get_bind().dialect.name == "sqlite":
        fts = table(SEARCH_FTS, column("rowid", Integer))
        matches = matches.join(fts, fts.c.rowid == PostSearch.doc).where(
            literal_column(SEARCH_FTS).op("MATCH")(fts_match(tenant_id, query))
        )
    else:
        matches = matches.where(PostSearch.grams.op("@@")(cast(ts_query(query), TSQUERY)))
    if window.since is not None:
        matches = matches.where(PostSearch.post_created_at >= window.since)
    if window.until is not None:
        matches = matches.where(PostSearch.post_created_at < window.until)
    return matches


def _driven(
    session: Session,
    tenant_id: str,
    narrowed: PostSelect,
    query: TextQuery,
    window: Window,
    position: Position | None,
    limit: int,
) -> list[Post]:
    matches = _matches(session, tenant_id, query, window)
    order = (PostSearch.post_created_at.desc(), PostSearch.post_id.desc())
    kept: list[Post] = []
    # Most matches pass the checks (a two-character term's bigram is the term): the first
    # step reads a page, the further ones CHUNK.
    size = min(limit + 1, CHUNK)
    while len(kept) <= limit:
        step = _after(matches, PostSearch.post_created_at, PostSearch.post_id, position)
        chunk = session.execute(step.order_by(*order).limit(size)).all()
        if not chunk:
            break
        ids = [row.post_id for row in chunk]
        checked = narrowed.where(Post.id.in_(ids))
        kept.extend(session.scalars(checked.order_by(Post.created_at.desc(), Post.id.desc())))
        if len(chunk) < size:
            break
        position = (chunk[-1].post_created_at, chunk[-1].post_id)
        size = CHUNK
    return kept[: limit + 1]
