"""A collection pass for a watch, claimed so two processes never run it at once, and the
watch's schedule (cadence by stage) moved on when it ends."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from app.clock import Clock
from app.collection.gates import Gates
from app.collection.runner import PassRunner, PassSummary, Progress
from app.collection.subject import Subject, subject_of
from app.config import Settings
from app.db import Database
from app.errors import Conflict
from app.models import Tenant, WatchCollection
from app.watches.service import get as get_watch

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
    session: Session, subject: Subject, summary: PassSummary, settings: Settings, now: datetime
) -> None:
    row = schedule_row(session, subject.watch_id)
    every = cadence(settings, subject.stage)
    row.running_until, row.last_finished_at = None, now
    row.next_due_at = now + every if every else None
    row.rotation = (row.rotation or 0) + settings.collect_queries_per_platform
    row.last_summary = {**summary.totals, "finished_at": now.isoformat()}


def run_collection(
    database: Database,
    settings: Settings,
    clock: Clock,
    tenant_id: str,
    watch_id: str,
    progress: Progress | None = None,
    gates: Gates | None = None,
    transport: httpx.BaseTransport | None = None,
) -> PassSummary:
    """One pass now. Conflict when another pass is running for the watch, or when the tenant's
    collection is switched off (the demo's posts are seeded, never fetched)."""
    with database.session_scope() as session:
        watch = get_watch(session, tenant_id, watch_id)
        tenant = session.get(Tenant, tenant_id)
        if tenant is not None and not tenant.collection_enabled:
            raise Conflict(
                f"collection is switched off for tenant {tenant.name!r}: its posts come from "
                "seeding or imports only (the demo tenant never reaches a real platform)"
            )
        subject = subject_of(session, watch)
        rotation = claim(session, watch_id, clock())
    if rotation is None:
        raise Conflict(f"a collection pass for watch {watch_id!r} is already running")
    summary = PassSummary(watch_id)
    try:
        runner = PassRunner(database, settings, clock, subject, progress, gates, transport)
        summary = runner.run(rotation)
    finally:
        with database.session_scope() as session:
            finish(session, subject, summary, settings, clock())
    return summary
