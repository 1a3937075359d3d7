"""A page of posts narrowed to a text query (app.search.query), for every list that takes `q`.
Nothing here commits.

With a bigram to drive it, the page is read in two steps, so no plan can turn it into a scan
of the tenant's posts (PostgreSQL's planner, misjudging how few posts LIKE keeps, would hash
join every post): the rarest bigram's postings are read newest first, a chunk at a time, off
post_grams' key, and only those posts are checked against the filters, the other bigrams and
the terms. A page costs at most the rarest bigram's postings, and usually one chunk.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from app.models import Post, PostGram
from app.search.query import Window, matching, parse, rarest_gram, require_bound

PostSelect = Select[Post]
Position = tuple[datetime, str]  # (created_at, id) of the last post of the previous page
# Postings read per step: a page of matches is usually found in the first.
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
    rarest = rarest_gram(session, tenant_id, query, window)
    driver = rarest[0] if rarest else None
    found = matching(tenant_id, query, driver)
    narrowed = statement.where(*found.conditions)
    if driver is None:  # one-character terms: bounded by the watch or the window
        bounded = _after(narrowed, Post.created_at, Post.id, position)
        return list(session.scalars(bounded.order_by(*newest).limit(limit + 1)))
    if rarest is not None and rarest[1] == 0:
        return []
    return _driven(session, tenant_id, narrowed, driver, window, position, limit)


def _driven(
    session: Session,
    tenant_id: str,
    narrowed: PostSelect,
    driver: int,
    window: Window,
    position: Position | None,
    limit: int,
) -> list[Post]:
    postings = select(PostGram.post_created_at, PostGram.post_id).where(
        PostGram.tenant_id == tenant_id, PostGram.gram == driver
    )
    if window.since is not None:
        postings = postings.where(PostGram.post_created_at >= window.since)
    if window.until is not None:
        postings = postings.where(PostGram.post_created_at < window.until)
    kept: list[Post] = []
    while len(kept) <= limit:
        step = _after(postings, PostGram.post_created_at, PostGram.post_id, position)
        order = (PostGram.post_created_at.desc(), PostGram.post_id.desc())
        chunk = session.execute(step.order_by(*order).limit(CHUNK)).all()
        if not chunk:
            break
        ids = [row.post_id for row in chunk]
        checked = narrowed.where(Post.id.in_(ids))
        kept.extend(session.scalars(checked.order_by(Post.created_at.desc(), Post.id.desc())))
        if len(chunk) < CHUNK:
            break
        position = (chunk[-1].post_created_at, chunk[-1].post_id)
    return kept[: limit + 1]
