"""One watch's rollups brought up to date: the `rollup` task, deferred for a watch whose
collection just stored new posts (the periodic `update-rollups` job covers the rest)."""

from __future__ import annotations

from app.clock import Clock
from app.db import Database
from app.models import Watch
from app.rollups.service import build_rollups


def rollup_watch(database: Database, clock: Clock, watch_id: str) -> int:
    """Day rows rewritten (0 when nothing changed or the watch is gone)."""
    with database.session_scope() as session:
        watch = session.get(Watch, watch_id)
        return build_rollups(session, watch, clock()) if watch is not None else 0
