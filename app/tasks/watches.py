"""One watch's derived data brought up to date: the `rollup` and `evaluate` tasks, deferred
for a watch whose collection just stored new posts (the periodic jobs cover the rest)."""

from __future__ import annotations

from app.clock import Clock
from app.db import Database
from app.jobs.maintenance import INLINE_SCORES
from app.models import Watch
from app.risk import service as risk_service
from app.rollups.service import build_rollups
from app.watches.service import pairing
from sentiment import Scorer


def rollup_watch(database: Database, clock: Clock, watch_id: str) -> int:
    """Day rows rewritten (0 when nothing changed or the watch is gone)."""
    with database.session_scope() as session:
        watch = session.get(Watch, watch_id)
        return build_rollups(session, watch, clock()) if watch is not None else 0


def evaluate_watch(database: Database, scorer: Scorer, clock: Clock, watch_id: str) -> bool:
    """Store a fresh assessment when the watch's inputs changed; False when it is gone."""
    with database.session_scope() as session:
        watch = session.get(Watch, watch_id)
        if watch is None:
            return False
        rules = risk_service.tenant_rules(session, watch.tenant_id)
        risk_service.current_risk(
            session, watch, pairing(session, watch), scorer, rules, clock(), INLINE_SCORES
        )
    return True
