"""Two scheduled jobs, plain functions of (database, settings, clock): the periodic digest to
each tenant's channels, and operator alerts to each tenant's admin channel. Both write alert
events, which the alert pipeline groups and delivers like any other (app.alerting)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.formats.digest import operator_lines
from app.clock import SHANGHAI, Clock
from app.config import Settings
from app.db import Database
from app.ids import new_id
from app.models import AlertEvent, TenantNotice, WebhookEndpoint
from app.notices.digest import digest_facts
from app.notices.operator import Condition, collection_lag, job_lag, login_failures

DIGEST = "digest"
OPERATOR_KINDS = ("login_required", "collection_lag", "job_lag")


def _tenants_with_channels(database: Database) -> list[str]:
    with database.session_scope(write=False) as session:
        query = select(WebhookEndpoint.tenant_id).where(WebhookEndpoint.enabled.is_(True))
        return sorted(set(session.scalars(query)))


def _event(
    session: Session, tenant_id: str, kind: str, payload: dict[str, Any], now: datetime
) -> None:
    session.add(
        AlertEvent(id=new_id("evt"), tenant_id=tenant_id, type=kind, cause="evidence",
                   payload=payload, created_at=now)
    )  # fmt: skip


def send_digests(database: Database, settings: Settings, clock: Clock) -> int:
    """A digest for every tenant whose period is over; returns how many were queued."""
    if settings.digest_every_days <= 0:
        return 0
    every = timedelta(days=settings.digest_every_days)
    sent = 0
    for tenant_id in _tenants_with_channels(database):
        now = clock()
        with database.session_scope() as session:
            if _digest_due(session, tenant_id, settings, now):
                facts = digest_facts(session, tenant_id, now - every, now)
                _event(session, tenant_id, "weekly_digest", {"facts": facts}, now)
                sent += 1
    return sent


def _digest_due(session: Session, tenant_id: str, settings: Settings, now: datetime) -> bool:
    """Due at digest_hour (Asia/Shanghai) once every_days days have passed since the last
    one, or since the job first saw the tenant (its first period)."""
    notice = session.get(TenantNotice, (tenant_id, DIGEST, ""))
    if notice is None:
        session.add(TenantNotice(tenant_id=tenant_id, kind=DIGEST, subject="", first_seen_at=now))
        return False
    local = now.astimezone(SHANGHAI)
    since = (notice.last_sent_at or notice.first_seen_at).astimezone(SHANGHAI)
    if (
        local.hour < settings.digest_hour
        or (local.date() - since.date()).days < settings.digest_every_days
    ):
        return False
    notice.last_sent_at = now
    return True


def operator_alerts(
    database: Database, settings: Settings, clock: Clock, job_intervals: dict[str, timedelta]
) -> int:
    """Alert each tenant's admin channel of conditions that lasted too long; returns how many
    alerts were queued. A condition is told once, then reminded every operator_remind_hours
    while it lasts, and forgotten when it ends."""
    lag = timedelta(minutes=settings.operator_lag_minutes)
    now = clock()
    with database.session_scope(write=False) as session:
        jobs = job_lag(session, job_intervals, now, lag)
    sent = 0
    for tenant_id in _tenants_with_channels(database):
        with database.session_scope() as session:
            found = [
                *login_failures(session, tenant_id),
                *collection_lag(session, tenant_id, now, lag),
                *jobs,
            ]
            sent += _episodes(session, tenant_id, found, settings, now)
    return sent


def _episodes(
    session: Session, tenant_id: str, found: list[Condition], settings: Settings, now: datetime
) -> int:
    known = {
        (n.kind, n.subject): n
        for n in session.scalars(
            select(TenantNotice).where(
                TenantNotice.tenant_id == tenant_id, TenantNotice.kind.in_(OPERATOR_KINDS)
            )
        )
    }
    sent = 0
    for condition in found:
        notice = known.pop((condition.kind, condition.subject), None)
        if notice is None:
            notice = TenantNotice(tenant_id=tenant_id, kind=condition.kind,
                                  subject=condition.subject, first_seen_at=now)  # fmt: skip
            session.add(notice)
        if _due(condition, notice, settings, now):
            facts = _facts(condition, notice, now)
            detail = operator_lines(facts, "en")[0]
            _event(session, tenant_id, "operator", {"facts": facts, "detail": detail}, now)
            notice.last_sent_at = now
            sent += 1
    for ended in known.values():
        session.delete(ended)
    return sent


def _started(condition: Condition, notice: TenantNotice) -> datetime:
    return condition.since or notice.first_seen_at


def _due(condition: Condition, notice: TenantNotice, settings: Settings, now: datetime) -> bool:
    if notice.last_sent_at is not None:
        return now - notice.last_sent_at >= timedelta(hours=settings.operator_remind_hours)
    if condition.kind == "login_required":
        wait = timedelta(hours=settings.operator_login_hours)
    else:  # a lag is over its threshold when found; a failing job must keep failing for it
        wait = (
            timedelta(minutes=settings.operator_lag_minutes)
            if condition.since is None
            else timedelta()
        )
    return now - _started(condition, notice) >= wait


def _facts(condition: Condition, notice: TenantNotice, now: datetime) -> dict[str, Any]:
    lasted = now - _started(condition, notice)
    return {
        "kind": condition.kind,
        **condition.facts,
        "since": _started(condition, notice).isoformat(),
        "hours": round(lasted.total_seconds() / 3600, 1),
        "minutes": int(lasted.total_seconds() // 60),
    }
