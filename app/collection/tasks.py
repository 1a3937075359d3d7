"""Collection on workers: one task per watch and platform.

The periodic `collect` job (app.tasks) hands every due watch's pass out as one task per
enabled platform, so a slow or paused platform never holds up another, and moves the watch's
schedule on when it does (a lost task waits for the next cadence rather than repeating at
once). Each platform task reads that platform's listings with the rotation of the pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from app.clock import Clock
from app.collection import access as access_service
from app.collection.gates import Gates
from app.collection.jobs import due_watches
from app.collection.runner import PassRunner, PassSummary
from app.collection.service import cadence, schedule_row
from app.collection.subject import subject_of
from app.config import Settings
from app.db import Database
from app.models import Watch


@dataclass(frozen=True)
class PlatformPass:
    watch_id: str
    platform: str
    rotation: int


def hand_out_due_passes(database: Database, settings: Settings, clock: Clock) -> list[PlatformPass]:
    """The most overdue watches' passes (KOLRISK_COLLECT_WATCHES_PER_RUN of them, as inline),
    split per enabled platform, their schedules moved on. A platform task mostly waits for
    its platform's turn while it holds a worker's slot, so handing out every due watch at once
    would fill the workers with waiting collection."""
    with database.session_scope(write=False) as session:
        due = due_watches(session, settings, clock)[: settings.collect_watches_per_run]
    passes: list[PlatformPass] = []
    for tenant_id, watch_id in due:
        with database.session_scope() as session:
            passes += _hand_out(session, settings, clock(), tenant_id, watch_id)
    return passes


def _hand_out(
    session: Session, settings: Settings, now: datetime, tenant_id: str, watch_id: str
) -> list[PlatformPass]:
    watch = session.get(Watch, watch_id)
    row = schedule_row(session, watch_id)
    if watch is None or (row.running_until is not None and row.running_until > now):
        return []  # deleted, or `kolrisk collect` is running a pass of it right now
    rotation = row.rotation or 0
    every = cadence(settings, watch.stage)
    row.last_started_at = now
    row.next_due_at = now + every if every else None
    row.rotation = rotation + settings.collect_queries_per_platform
    setups = access_service.load_setups(session, settings, tenant_id)
    return [
        PlatformPass(watch_id, platform, rotation)
        for platform, setup in sorted(setups.items())
        if setup.enabled
    ]


def collect_platform(
    database: Database,
    settings: Settings,
    clock: Clock,
    job: PlatformPass,
    gates: Gates | None = None,
) -> PassSummary:
    """Read one platform's listings for the watch; safe to run again (cursors and stored
    posts make a repeat read only what is new)."""
    with database.session_scope(write=False) as session:
        watch = session.get(Watch, job.watch_id)
        subject = subject_of(session, watch) if watch is not None else None
    if subject is None:
        return PassSummary(job.watch_id)  # the watch was deleted meanwhile
    runner = PassRunner(database, settings, clock, subject, gates=gates)
    summary = runner.run(job.rotation, platforms={job.platform})
    with database.session_scope() as session:
        row = schedule_row(session, job.watch_id)
        row.last_finished_at = clock()
        row.last_summary = {
            **summary.totals,
            "platform": job.platform,
            "finished_at": row.last_finished_at.isoformat(),
        }
    return summary
