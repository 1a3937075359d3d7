"""One batch of each kind of retention work. Each function takes a session, touches at most
`batch` rows, never commits, and returns how many it touched: the job (app.retention.job)
commits each batch and calls again until one comes back short.

Nothing here deletes a post: evidence in stored assessments, reports and alerts names posts
by id, and GET /v1/posts/{id} must keep answering for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, func, select, tuple_, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.models import (
    AlertEvent,
    AlertMessage,
    Assessment,
    CollectionCursor,
    DeliveryAttempt,
    DerivedState,
    EntityChange,
    EntityStamp,
    Post,
    Transition,
)

# derived_state row that remembers the last post whose raw retention has passed.
POST_RAW_STATE = "post_raw_retention"
# Change records kept per brand or KOL: a process whose kept facts of a watch are further
# behind than this reloads them all (app.risk.facts_cache), which is only slower.
ENTITY_CHANGES_KEPT = 100


def delete_oldest(
    session: Session,
    key: InstrumentedAttribute[Any],
    conditions: Sequence[ColumnElement[bool]],
    order_by: InstrumentedAttribute[Any],
    batch: int,
) -> int:
    """Delete up to `batch` rows matching `conditions`, oldest first, by primary key."""
    ids = list(session.scalars(select(key).where(*conditions).order_by(order_by).limit(batch)))
    if ids:
        session.execute(delete(key.class_).where(key.in_(ids)))
    return len(ids)


def old_assessments(session: Session, watch_id: str, keep: int, batch: int) -> list[str]:
    """Snapshots of a watch beyond its newest `keep`, oldest first, sparing every snapshot
    a transition points to: together they are the watch's record of each change of level or
    decision (and deleting one would cascade to its transition)."""
    newest = session.scalar(select(func.max(Assessment.seq)).where(Assessment.watch_id == watch_id))
    if newest is None or newest <= keep:
        return []
    query = (
        select(Assessment.id)
        .where(
            Assessment.watch_id == watch_id,
            Assessment.seq <= newest - keep,  # seq counts a watch's snapshots, one by one
            ~exists().where(Transition.assessment_id == Assessment.id),
        )
        .order_by(Assessment.seq)
        .limit(batch)
    )
    return list(session.scalars(query))


def delete_assessments(session: Session, watch_id: str, keep: int, batch: int) -> int:
    ids = old_assessments(session, watch_id, keep, batch)
    if ids:
        session.execute(delete(Assessment).where(Assessment.id.in_(ids)))
    return len(ids)


def delete_entity_changes(session: Session, batch: int) -> int:
    """Change records more than ENTITY_CHANGES_KEPT moves behind their entity's stamp."""
    stale = (
        select(EntityChange.entity_id, EntityChange.version)
        .join(EntityStamp, EntityStamp.entity_id == EntityChange.entity_id)
        .where(EntityChange.version <= EntityStamp.version - ENTITY_CHANGES_KEPT)
        .limit(batch)
    )
    keys = [tuple(row) for row in session.execute(stale)]
    if keys:
        session.execute(
            delete(EntityChange).where(
                tuple_(EntityChange.entity_id, EntityChange.version).in_(keys)
            )
        )
    return len(keys)


def delete_delivery_attempts(session: Session, before: datetime, batch: int) -> int:
    return delete_oldest(
        session,
        DeliveryAttempt.id,
        [DeliveryAttempt.attempted_at < before],
        DeliveryAttempt.attempted_at,
        batch,
    )


def delete_alert_messages(session: Session, before: datetime, batch: int) -> int:
    """Finished messages (delivered, failed, merged); their remaining attempts go with them
    (ON DELETE CASCADE, a few rows each). A message still being sent stays."""
    conditions = [AlertMessage.created_at < before, AlertMessage.status != "pending"]
    return delete_oldest(session, AlertMessage.id, conditions, AlertMessage.created_at, batch)


def delete_alert_events(session: Session, before: datetime, batch: int) -> int:
    """Events already grouped into messages, except those a pending message still carries
    (the sender reads them when it sends)."""
    carried = {
        event_id
        for event_ids in session.scalars(
            select(AlertMessage.event_ids).where(AlertMessage.status == "pending")
        )
        for event_id in event_ids
    }
    conditions = [AlertEvent.created_at < before, AlertEvent.grouped_at.is_not(None)]
    if carried:
        conditions.append(AlertEvent.id.not_in(carried))
    return delete_oldest(session, AlertEvent.id, conditions, AlertEvent.created_at, batch)


def delete_cursors(session: Session, before: datetime, batch: int) -> int:
    """Cursors of listings nobody has read since `before` (a small table: no index)."""
    key = tuple_(CollectionCursor.tenant_id, CollectionCursor.platform, CollectionCursor.listing)
    stale = session.execute(
        select(CollectionCursor.tenant_id, CollectionCursor.platform, CollectionCursor.listing)
        .where(CollectionCursor.updated_at < before)
        .order_by(CollectionCursor.updated_at)
        .limit(batch)
    ).all()
    if stale:
        session.execute(delete(CollectionCursor).where(key.in_([tuple(row) for row in stale])))
    return len(stale)


def drop_post_raw(session: Session, before: datetime, batch: int, now: datetime) -> int:
    """Empty `raw` of up to `batch` posts stored (ingested) before `before`.

    Post ids sort by when the post was stored, so the posts are walked in primary-key order
    from where the last batch stopped (kept in derived_state): each post is visited once, and
    a run costs what was stored since the last one, not the size of the table. The walk stops
    at the first post stored after `before`.
    """
    state = session.get(DerivedState, POST_RAW_STATE)
    if state is None:
        state = DerivedState(name=POST_RAW_STATE, updated_at=now)
        session.add(state)
    query = select(Post.id, Post.ingested_at).order_by(Post.id).limit(batch)
    if state.resume_after is not None:
        query = query.where(Post.id > state.resume_after)
    due: list[str] = []
    for post_id, ingested_at in session.execute(query):
        if ingested_at >= before:
            break
        due.append(post_id)
    if due:
        session.execute(
            update(Post)
            .where(Post.id.in_(due), Post.raw_dropped_at.is_(None))
            .values(raw={}, raw_dropped_at=now)
            .execution_options(synchronize_session=False)
        )
        state.resume_after, state.updated_at = due[-1], now
    return len(due)
