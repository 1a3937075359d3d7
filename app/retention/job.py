"""The daily `prune` job: everything retention allows, in small batches of one transaction
each, so no lock is held for long and other writers get in between batches."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clock import Clock
from app.config import Settings
from app.db import Database
from app.models import AuditEntry, Watch
from app.retention import service
from app.retention.policy import RetentionPolicy

log = logging.getLogger(__name__)

Batch = Callable[[Session], int]


def in_batches(database: Database, batch_rows: int, work: Batch) -> int:
    """Run `work` (one batch) in its own transaction until a batch comes back short."""
    total = 0
    while True:
        with database.session_scope() as session:
            done = work(session)
        total += done
        if done < batch_rows:
            return total


def prune(database: Database, settings: Settings, clock: Clock) -> dict[str, int]:
    """Rows deleted (or posts whose raw was dropped) per kind."""
    now = clock()
    policy = RetentionPolicy.of(settings, now)
    size = policy.batch_rows
    steps: dict[str, Batch] = {
        "delivery_attempts": lambda s: service.delete_delivery_attempts(
            s, policy.alerts_before, size
        ),
        "alert_messages": lambda s: service.delete_alert_messages(s, policy.alerts_before, size),
        "alert_events": lambda s: service.delete_alert_events(s, policy.alerts_before, size),
        "collection_cursors": lambda s: service.delete_cursors(s, policy.cursors_before, size),
        "entity_changes": lambda s: service.delete_entity_changes(s, size),
        # A year at least, whatever is configured (policy.AUDIT_LOG_MIN_DAYS).
        "audit_log": lambda s: service.delete_oldest(
            s, AuditEntry.id, [AuditEntry.at < policy.audit_log_before], AuditEntry.at, size
        ),
    }
    if policy.post_raw_before is not None:
        before = policy.post_raw_before
        steps["post_raw"] = lambda s: service.drop_post_raw(s, before, size, now)
    done = {"assessments": prune_assessments(database, policy)}
    for name, work in steps.items():
        done[name] = in_batches(database, size, work)
    log.info("prune: %s", ", ".join(f"{name} {count}" for name, count in done.items()))
    return done


def prune_assessments(database: Database, policy: RetentionPolicy) -> int:
    with database.session_scope(write=False) as session:
        watch_ids = list(session.scalars(select(Watch.id).order_by(Watch.id)))
    keep, size = policy.assessments_per_watch, policy.batch_rows

    def of_watch(watch_id: str) -> Batch:
        return lambda session: service.delete_assessments(session, watch_id, keep, size)

    return sum(in_batches(database, size, of_watch(watch_id)) for watch_id in watch_ids)
