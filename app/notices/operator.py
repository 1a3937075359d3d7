"""The conditions operator alerts watch for, each found from stored rows: a platform whose
stored credentials meet login walls, watches overdue for collection, and jobs that stopped
succeeding. Each is an episode (tenant, kind, subject) that starts when first seen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.models import Coverage, JobState, PlatformAccess, Watch, WatchCollection


@dataclass(frozen=True)
class Condition:
    kind: str
    subject: str
    # When it is known to have started; None: when the job first saw it.
    since: datetime | None = None
    facts: dict[str, Any] = field(default_factory=dict)


def login_failures(session: Session, tenant_id: str) -> list[Condition]:
    """Platforms the tenant stored credentials for whose latest run of some listing ended at
    a login wall (platforms never configured are expected to meet one and are left out)."""
    configured = select(PlatformAccess.platform).where(
        PlatformAccess.tenant_id == tenant_id,
        PlatformAccess.enabled.is_(True),
        or_(
            PlatformAccess.cookie_encrypted.is_not(None),
            PlatformAccess.provider_token_encrypted.is_not(None),
        ),
    )
    platforms = session.scalars(
        select(Coverage.platform)
        .join(Watch, Watch.id == Coverage.watch_id)
        .where(
            Watch.tenant_id == tenant_id,
            Coverage.platform.in_(configured),
            Coverage.last_error_kind == "login_required",
            or_(
                Coverage.last_success_at.is_(None),
                Coverage.last_error_at > Coverage.last_success_at,
            ),
        )
        .distinct()
    )
    return [
        Condition("login_required", platform, facts={"platform": platform})
        for platform in platforms
    ]


def collection_lag(
    session: Session, tenant_id: str, now: datetime, lag: timedelta
) -> list[Condition]:
    """Watches due for collection more than `lag` ago and not being collected."""
    overdue, oldest = session.execute(
        select(func.count(), func.min(WatchCollection.next_due_at))
        .join(Watch, Watch.id == WatchCollection.watch_id)
        .where(
            Watch.tenant_id == tenant_id,
            WatchCollection.next_due_at < now - lag,
            or_(WatchCollection.running_until.is_(None), WatchCollection.running_until < now),
        )
    ).one()
    if not overdue:
        return []
    return [Condition("collection_lag", "collect", oldest, {"watches": overdue})]


def job_lag(
    session: Session, intervals: dict[str, timedelta], now: datetime, lag: timedelta
) -> list[Condition]:
    """Jobs whose last run failed, or that have not started for `lag` (or three of their
    intervals, when longer)."""
    states = {s.name: s for s in session.scalars(select(JobState))}
    found = []
    for name, every in intervals.items():
        state = states.get(name)
        started = state.last_started_at if state else None
        if started is None or started < now - max(lag, 3 * every):
            found.append(Condition("job_lag", name, started, {"job": name, "state": "not running"}))
        elif state is not None and state.last_ok is False:
            error = (state.last_error or "failed").splitlines()[0][:120]
            found.append(Condition("job_lag", name, None, {"job": name, "state": error}))
    return found
