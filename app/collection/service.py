"""A watch's collection schedule on a session: claimed for a pass so two processes never run
it at once, and moved on (cadence by stage) when the pass ends. The pass itself, which opens
its own transactions, is app.collection.runner.run_collection."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from app.collection.subject import Subject
from app.config import Settings
from app.models import WatchCollection

CLAIM_TTL = timedelta(minutes=30)


def schedule_row(session: Session, watch_id: str) -> WatchCollection:
    row = session.get(WatchCollection, watch_id)
    if row is None:
        row = WatchCollection(watch_id=watch_id, rotation=0)
        session.add(row)
        session.flush()
    return row


def claim(session: Session, watch_id: str, now: datetime) -> int | None:
    """Take the watch for a pass; its rotation offset, or None when another pass holds it."""
    row = schedule_row(session, watch_id)
    taken = session.execute(
        update(WatchCollection)
        .where(
            WatchCollection.watch_id == watch_id,
            or_(WatchCollection.running_until.is_(None), WatchCollection.running_until < now),
        )
        .values(running_until=now + CLAIM_TTL, last_started_at=now)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return None
    session.refresh(row)
    return row.rotation


def cadence(settings: Settings, stage: str) -> timedelta | None:
    minutes = settings.collect_cadence_minutes.get(stage)
    return timedelta(minutes=minutes) if minutes else None


def finish(
    session: Session, subject: Subject, totals: dict[str, int], settings: Settings, now: datetime
) -> None:
    row = schedule_row(session, subject.watch_id)
    every = cadence(settings, subject.stage)
    row.running_until, row.last_finished_at = None, now
    row.next_due_at = now + every if every else None
    row.rotation = (row.rotation or 0) + settings.collect_queries_per_platform
    row.last_summary = {**totals, "finished_at": now.isoformat()}
