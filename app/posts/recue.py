"""Bring stored posts' cues (and their mentions' signal bits) up to the current vocabulary.

Cues are stored at ingest, so a word added to app.posts.cues reaches older posts only through
this refresh. The refresh-cues job drives it batch by batch; nothing here commits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.changes import bump_stamps, named_by
from app.models import DerivedState, Mention, Post
from app.posts.cues import VOCABULARY_VERSION, find_cues
from app.posts.linking import signal_of

STATE_NAME = "post_cues"


def pending_state(session: Session, now: datetime) -> DerivedState | None:
    """The refresh's state when stored cues lag the vocabulary; None when they are current."""
    state = session.get(DerivedState, STATE_NAME)
    if state is None:
        # Posts of a database older than this record may carry any vocabulary: check them all.
        state = DerivedState(name=STATE_NAME, version=None, updated_at=now)
        session.add(state)
    if state.version == VOCABULARY_VERSION:
        return None
    if state.target_version != VOCABULARY_VERSION:  # a new vocabulary restarts the walk
        state.target_version, state.resume_after = VOCABULARY_VERSION, None
    return state


def refresh_batch(session: Session, state: DerivedState, size: int, now: datetime) -> int:
    """Recompute the cues of the next `size` posts; return how many changed. Marks the state
    current after the last batch."""
    query = select(Post.id, Post.tenant_id, Post.text_norm, Post.cues).order_by(Post.id)
    if state.resume_after is not None:
        query = query.where(Post.id > state.resume_after)
    rows = session.execute(query.limit(size)).all()
    changed = 0
    changed_posts: dict[str, list[str]] = {}
    for post_id, tenant_id, text_norm, stored in rows:
        cues = find_cues(text_norm)
        if cues != list(stored or []):
            _store_cues(session, post_id, cues)
            changed += 1
            changed_posts.setdefault(tenant_id, []).append(post_id)
    for tenant_id, post_ids in sorted(changed_posts.items()):
        # New cues change which posts are signals (the risk reads them), not the rollups.
        posts_of: dict[str, set[str]] = {}
        for named in named_by(session, post_ids):
            posts_of.setdefault(named.entity_id, set()).add(named.post_id)
        bump_stamps(session, tenant_id, posts_of)
    state.updated_at = now
    if len(rows) < size:
        state.version, state.target_version, state.resume_after = VOCABULARY_VERSION, None, None
    else:
        state.resume_after = rows[-1].id
    return changed


def _store_cues(session: Session, post_id: str, cues: list[str]) -> None:
    session.execute(update(Post).where(Post.id == post_id).values(cues=cues))
    for via in ("text", "author"):
        session.execute(
            update(Mention)
            .where(Mention.post_id == post_id, Mention.via == via)
            .values(signal=signal_of(via, cues))
        )
