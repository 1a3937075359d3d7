"""Alerts as the API shows them, acknowledgements and silences."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.alerting.schemas import AlertOut, SilenceCreate, SilenceOut
from app.alerting.silences import is_silenced
from app.audit import Actor, record
from app.clock import as_utc
from app.errors import Conflict, NotFound, Unprocessable
from app.ids import new_id
from app.models import Alert, AlertSilence, Watch
from app.pagination import PageRequest, keyset, split_page

MAX_SILENCE = timedelta(days=365)


def alert_out(session: Session, alert: Alert, now: datetime) -> AlertOut:
    return AlertOut(
        id=alert.id,
        watch_id=alert.watch_id,
        rule=alert.rule,
        fingerprint=alert.fingerprint,
        status=alert.status,
        level=alert.level,
        decision=alert.decision,
        score=alert.score,
        started_at=alert.started_at,
        updated_at=alert.updated_at,
        resolved_at=alert.resolved_at,
        last_notified_at=alert.last_notified_at,
        acked_at=alert.acked_at,
        acked_by=alert.acked_by,
        silenced=is_silenced(session, alert.watch_id, now),
        watch_url=f"/ui/watches/{alert.watch_id}",
    )


def _alerts(tenant_id: str, status: str | None, watch_id: str | None) -> Select[Alert]:
    query = select(Alert).where(Alert.tenant_id == tenant_id)
    if status:
        query = query.where(Alert.status == status)
    if watch_id:
        query = query.where(Alert.watch_id == watch_id)
    return query


def list_alerts(
    session: Session, tenant_id: str, status: str | None, watch_id: str | None, limit: int
) -> list[Alert]:
    query = _alerts(tenant_id, status, watch_id)
    query = query.order_by(Alert.updated_at.desc(), Alert.id.desc()).limit(limit)
    return list(session.scalars(query))


def list_page(
    session: Session, tenant_id: str, status: str | None, watch_id: str | None, page: PageRequest
) -> tuple[list[Alert], str | None]:
    """Most recently changed first, one page."""
    columns = (Alert.updated_at, Alert.id)
    query = keyset(_alerts(tenant_id, status, watch_id), columns, page, descending=True)
    return split_page(list(session.scalars(query)), page, lambda a: (a.updated_at, a.id))


def get(session: Session, tenant_id: str, alert_id: str) -> Alert:
    alert = session.get(Alert, alert_id)
    if alert is None or alert.tenant_id != tenant_id:
        raise NotFound(f"no alert {alert_id!r}")
    return alert


def ack(session: Session, alert: Alert, actor: Actor, now: datetime) -> None:
    """Acknowledged alerts get no reminders until they escalate or fire again."""
    if alert.status != "firing":
        raise Conflict(
            f"alert {alert.id!r} is resolved; there is nothing to acknowledge",
            key="err.alert_resolved",
        )
    if alert.acked_at is None:
        alert.acked_at, alert.acked_by = now, actor.name
        after = {"watch_id": alert.watch_id, "rule": alert.rule, "level": alert.level}
        record(session, actor, "ack", "alert", alert.id, after=after, at=now)


def _watch(session: Session, tenant_id: str, watch_id: str) -> Watch:
    watch = session.get(Watch, watch_id)
    if watch is None or watch.tenant_id != tenant_id:
        raise NotFound(f"no watch {watch_id!r}")
    return watch


def silence_out(silence: AlertSilence, now: datetime) -> SilenceOut:
    return SilenceOut(
        id=silence.id,
        watch_id=silence.watch_id,
        starts_at=silence.starts_at,
        ends_at=silence.ends_at,
        reason=silence.reason,
        created_by=silence.created_by,
        created_at=silence.created_at,
        active=silence.starts_at <= now < silence.ends_at,
    )


def _silence_state(silence: AlertSilence) -> dict[str, str | None]:
    return {
        "silence": silence.id, "starts_at": silence.starts_at.isoformat(),
        "ends_at": silence.ends_at.isoformat(), "reason": silence.reason,
    }  # fmt: skip


def add_silence(
    session: Session, tenant_id: str, watch_id: str, data: SilenceCreate, actor: Actor,
    now: datetime,
) -> AlertSilence:  # fmt: skip
    watch = _watch(session, tenant_id, watch_id)
    starts = as_utc(data.starts_at) if data.starts_at else now
    ends = as_utc(data.ends_at)
    if ends <= max(starts, now):
        raise Unprocessable("ends_at: must be in the future and after starts_at")
    if ends - starts > MAX_SILENCE:
        raise Unprocessable("ends_at: a silence lasts at most 365 days")
    silence = AlertSilence(
        id=new_id("sil"),
        tenant_id=tenant_id,
        watch_id=watch.id,
        starts_at=starts,
        ends_at=ends,
        reason=data.reason,
        created_by=actor.name,
        created_at=now,
    )
    session.add(silence)
    session.flush()
    record(session, actor, "add_silence", "watch", watch.id, after=_silence_state(silence), at=now)
    return silence


def silences(session: Session, tenant_id: str, watch_id: str) -> list[AlertSilence]:
    watch = _watch(session, tenant_id, watch_id)
    query = (
        select(AlertSilence)
        .where(AlertSilence.watch_id == watch.id)
        .order_by(AlertSilence.ends_at.desc())
    )
    return list(session.scalars(query))


def remove_silence(
    session: Session, tenant_id: str, watch_id: str, silence_id: str, actor: Actor, now: datetime
) -> None:
    watch = _watch(session, tenant_id, watch_id)
    silence = session.get(AlertSilence, silence_id)
    if silence is None or silence.watch_id != watch.id:
        raise NotFound(f"no silence {silence_id!r} on watch {watch_id!r}")
    before = _silence_state(silence)
    record(session, actor, "remove_silence", "watch", watch.id, before=before, at=now)
    session.delete(silence)
