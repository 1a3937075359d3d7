"""Running one job: record its start, outcome and error in job_state, never let it escape."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from sqlalchemy import select

from app.clock import Clock
from app.db import Database
from app.models import JobState

log = logging.getLogger(__name__)
ERROR_CHARS = 2000


def _state(database: Database, name: str, clock: Clock, **values: object) -> None:
    with database.session_scope() as session:
        state = session.scalar(select(JobState).where(JobState.name == name))
        if state is None:
            state = JobState(name=name, runs=0)
            session.add(state)
        for field, value in values.items():
            setattr(state, field, value)
        if "last_started_at" in values:
            state.runs += 1


def run_recorded(database: Database, name: str, work: Callable[[], object], clock: Clock) -> bool:
    """Run `work` once; True when it finished without an exception."""
    _state(database, name, clock, last_started_at=clock())
    try:
        result = work()
    except Exception as exc:
        # One failing run must not stop the scheduler; the next tick tries again.
        log.exception("job %s failed", name)
        detail = "".join(traceback.format_exception_only(exc)).strip()[:ERROR_CHARS]
        _state(database, name, clock, last_finished_at=clock(), last_ok=False, last_error=detail)
        return False
    summary = None if result is None else str(result)[:200]
    _state(
        database,
        name,
        clock,
        last_finished_at=clock(),
        last_ok=True,
        last_error=None,
        last_result=summary,
    )
    return True


def job_states(database: Database) -> dict[str, JobState]:
    with database.session_scope(write=False) as session:
        return {s.name: s for s in session.scalars(select(JobState))}
