"""The alerting job's core: transitions -> events -> messages, each step its own transaction."""

from __future__ import annotations

from app.alerting.events import ingest_transitions, queue_repeats
from app.alerting.grouping import build_messages
from app.alerting.policy import DEFAULT_POLICY, AlertPolicy
from app.clock import Clock
from app.config import Settings
from app.db import Database

TRANSITION_BATCH = 500


def process_alerts(
    database: Database, settings: Settings, clock: Clock, policy: AlertPolicy = DEFAULT_POLICY
) -> dict[str, int]:
    """One pass; `settings` is taken for symmetry with the delivery job (the policy is fixed)."""
    applied = 0
    while True:
        with database.session_scope() as session:
            step = ingest_transitions(session, clock(), TRANSITION_BATCH)
        applied += step
        if step < TRANSITION_BATCH:
            break
    with database.session_scope() as session:
        repeats = queue_repeats(session, clock(), policy)
    with database.session_scope() as session:
        messages = build_messages(session, clock(), policy)
    return {"transitions": applied, "reminders": repeats, "messages": messages}
