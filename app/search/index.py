"""Writing and removing a post's rows of the search index (post_grams). Nothing here commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, delete
from sqlalchemy.orm import Session

from app.bulk import insert_encoded
from app.models import Post, PostGram
from app.search.grams import text_grams
from app.search.rows import GRAM_COLUMNS, GramRows

GRAM_KEY = ("tenant_id", "gram", "post_created_at", "post_id")
# Bigrams removed per DELETE statement: a long post has a few hundred.
DELETE_CHUNK = 400


class IndexedText(NamedTuple):
    """What a post's index rows are made of."""

    tenant_id: str
    post_id: str
    created_at: datetime
    text_norm: str


def indexed_text(post: Post) -> IndexedText:
    return IndexedText(post.tenant_id, post.id, post.created_at, post.text_norm)


def gram_table() -> Table:
    return cast(Table, PostGram.__table__)


def insert_rows(session: Session, rows: Sequence[Any], skip_present: bool = False) -> int:
    """Store rows made by app.search.rows.GramRows; `skip_present` for a walk that may meet
    posts indexed already (the backfill)."""
    conflict = GRAM_KEY if skip_present else ()
    return insert_encoded(session, gram_table(), GRAM_COLUMNS, rows, conflict)


def index_posts(session: Session, posts: Iterable[IndexedText], skip_present: bool = False) -> int:
    encoder = GramRows(session.get_bind().dialect.name)
    rows = [row for p in posts for row in encoder.of_post(*p)]
    return insert_rows(session, rows, skip_present)


def forget(session: Session, posts: Iterable[IndexedText]) -> None:
    """Remove posts' index rows, found by key from their stored text (so no second index by
    post id is needed). Call before the text changes or the post is deleted."""
    for post in posts:
        grams = sorted(text_grams(post.text_norm))
        for start in range(0, len(grams), DELETE_CHUNK):
            chunk = grams[start : start + DELETE_CHUNK]
            session.execute(
                delete(PostGram).where(
                    PostGram.tenant_id == post.tenant_id,
                    PostGram.gram.in_(chunk),
                    PostGram.post_created_at == post.created_at,
                    PostGram.post_id == post.post_id,
                )
            )


def reindex(session: Session, old: IndexedText, new_text_norm: str) -> None:
    """A post's text was edited: its rows follow the new text."""
    forget(session, [old])
    index_posts(session, [old._replace(text_norm=new_text_norm)])
