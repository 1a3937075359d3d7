"""Index the posts stored before the search index existed (or before its format changed).

The `index-search` job walks every post in id order, a batch per transaction, resuming from
derived_state; posts ingested meanwhile are indexed by ingest itself, and a post met twice is
skipped by the insert (ON CONFLICT DO NOTHING). Nothing here commits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import DerivedState, Post
from app.search.index import IndexedText, index_posts

STATE_NAME = "post_search"
# Bumped when app.search.grams changes what is indexed: the walk then runs again.
INDEX_VERSION = "bigram-tokens-1"


def pending_state(session: Session, now: datetime) -> DerivedState | None:
    """The walk's state while stored posts may lack their index row; None when all are."""
    state = session.get(DerivedState, STATE_NAME)
    if state is None:
        state = DerivedState(name=STATE_NAME, version=None, updated_at=now)
        session.add(state)
    if state.version == INDEX_VERSION:
        return None
    if state.target_version != INDEX_VERSION:
        state.target_version, state.resume_after = INDEX_VERSION, None
    return state


def index_batch(session: Session, state: DerivedState, size: int, now: datetime) -> int:
    """Index the next `size` posts; returns the index rows written (one a post). Marks the
    state current after the last batch."""
    query = select(Post.tenant_id, Post.id, Post.created_at, Post.text_norm).order_by(Post.id)
    if state.resume_after is not None:
        query = query.where(Post.id > state.resume_after)
    rows = session.execute(query.limit(size)).all()
    written = index_posts(session, (IndexedText(*row) for row in rows), skip_present=True)
    state.updated_at = now
    if len(rows) < size:
        state.version, state.target_version, state.resume_after = INDEX_VERSION, None, None
    else:
        state.resume_after = rows[-1].id
    return written


def is_complete(session: Session) -> bool:
    state = session.get(DerivedState, STATE_NAME)
    return state is not None and state.version == INDEX_VERSION
