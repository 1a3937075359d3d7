"""The scheduled job: collect the most overdue watches, a few per run, each on its own."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clock import Clock
from app.collection.gates import Gates
from app.collection.runner import run_collection
from app.collection.service import cadence
from app.config import Settings
from app.db import Database
from app.errors import Conflict
from app.models import Tenant, Watch, WatchCollection

log = logging.getLogger(__name__)


def due_watches(session: Session, settings: Settings, clock: Clock) -> list[tuple[str, str]]:
    """(tenant_id, watch_id) of watches due now, most overdue first (never run: first of all).
    Tenants with collection switched off (the demo) have none."""
    now = clock()
    rows = session.execute(
        select(
            Watch.tenant_id,
            Watch.id,
            Watch.stage,
            WatchCollection.next_due_at,
            WatchCollection.running_until,
        )
        .join(Tenant, Tenant.id == Watch.tenant_id)
        .outerjoin(WatchCollection, WatchCollection.watch_id == Watch.id)
        .where(Tenant.collection_enabled)
    ).all()
    due = []
    for tenant_id, watch_id, stage, next_due, running_until in rows:
        if cadence(settings, stage) is None or (running_until is not None and running_until > now):
            continue
        if next_due is None or next_due <= now:
            due.append((next_due or now.replace(year=1970), tenant_id, watch_id))
    due.sort()
    return [(tenant_id, watch_id) for _, tenant_id, watch_id in due]


def collect_due_watches(
    database: Database, settings: Settings, clock: Clock, gates: Gates | None = None
) -> int:
    """Passes run; one watch's failure is logged and never stops the rest. `gates` stands in
    for the process's politeness gates (tests give one with a fake clock)."""
    with database.session_scope(write=False) as session:
        due = due_watches(session, settings, clock)[: settings.collect_watches_per_run]
    done = 0
    for tenant_id, watch_id in due:
        try:
            run_collection(database, settings, clock, tenant_id, watch_id, gates=gates)
            done += 1
        except Conflict:
            continue  # another process took it meanwhile
        except Exception:
            log.exception("collection pass for watch %s failed", watch_id)
    return done
