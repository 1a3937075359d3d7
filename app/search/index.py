"""Writing and removing a post's row of the search index (post_search). Nothing here commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, delete
from sqlalchemy.orm import Session

from app.bulk import insert_encoded
from app.models import Post, PostSearch
from app.search.rows import GRAM_COLUMNS, GramRows

# Posts removed per DELETE statement.
DELETE_CHUNK = 400


class IndexedText(NamedTuple):
    """What a post's index row is made of."""

    tenant_id: str
    post_id: str
    created_at: datetime
    text_norm: str


def indexed_text(post: Post) -> IndexedText:
    return IndexedText(post.tenant_id, post.id, post.created_at, post.text_norm)


def search_table() -> Table:
    return cast(Table, PostSearch.__table__)


def insert_rows(session: Session, rows: Sequence[Any], skip_present: bool = False) -> int:
    """Store rows made by app.search.rows.GramRows; `skip_present` for a walk that may meet
    posts indexed already (the backfill)."""
    conflict = ("post_id",) if skip_present else ()
    return insert_encoded(
        session, search_table(), GRAM_COLUMNS, rows, conflict, few_statements=True
    )


def index_posts(session: Session, posts: Iterable[IndexedText], skip_present: bool = False) -> int:
    encoder = GramRows(session.get_bind().dialect.name)
    rows = [row for p in posts for row in encoder.of_post(*p)]
    return insert_rows(session, rows, skip_present)


def forget(session: Session, posts: Iterable[IndexedText]) -> None:
    """Remove posts' index rows (deleting the post does too, by cascade). Call before the
    text changes."""
    post_ids = sorted({post.post_id for post in posts})
    for start in range(0, len(post_ids), DELETE_CHUNK):
        chunk = post_ids[start : start + DELETE_CHUNK]
        session.execute(delete(PostSearch).where(PostSearch.post_id.in_(chunk)))


def reindex(session: Session, old: IndexedText, new_text_norm: str) -> None:
    """A post's text was edited: its row follows the new text."""
    forget(session, [old])
    index_posts(session, [old._replace(text_norm=new_text_norm)])
