"""Narrowing a select of posts to a text query (app.search.query), for every list that takes
`q`. Nothing here commits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from app.models import Post
from app.search.query import Window, matching, parse, rarest_gram, require_bound

PostSelect = Select[Post]


@dataclass(frozen=True)
class Narrowed:
    """The statement narrowed to the query, and the columns to order and page it by (newest
    first); `empty` when no post can match (a bigram no post holds)."""

    statement: PostSelect
    order: list[Any]
    empty: bool = False


def narrow(
    session: Session,
    tenant_id: str,
    statement: PostSelect,
    q: str | None,
    window: Window,
    in_watch: bool = False,
) -> Narrowed:
    if q is None:
        return Narrowed(statement, [Post.created_at, Post.id])
    query = parse(q)
    require_bound(query, window, in_watch)
    rarest = rarest_gram(session, tenant_id, query, window)
    if rarest is not None and rarest[1] == 0:
        return Narrowed(statement, [Post.created_at, Post.id], empty=True)
    found = matching(tenant_id, query, rarest[0] if rarest else None)
    return Narrowed(statement.where(*found.conditions), found.order)
