"""Events become messages: one per endpoint and group, after the group's wait.

Evidence events of a tenant wait group_wait (30 s) from the first of them, so a burst is one
message, and group_interval (5 min) from the tenant's previous message. Flips from a rescoring
or a rules edit (any other cause) wait until they stop coming, then go out as one summary per
tenant and endpoint, however many watches moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from alerts.registry import CHANNELS
from app.alerting import lifecycle
from app.alerting.policy import DEFAULT_POLICY, AlertPolicy
from app.ids import new_id
from app.models import AlertEvent, AlertMessage, WebhookEndpoint

# News about the tenant's setup, not about one watch: no level or watch filter applies.
NO_FILTER_TYPES = ("webhook_disabled", "weekly_digest", "operator")
# For the tenant's admin channel (endpoints flagged admin_channel; every enabled endpoint
# when none is), and sent without waiting for the tenant's group interval.
OPERATOR_TYPES = ("webhook_disabled", "operator")


def filter_type(event: AlertEvent) -> str:
    return event.type if event.cause == "evidence" else "summary"


def operator_channels(endpoints: Sequence[WebhookEndpoint]) -> set[str]:
    """The ids of the endpoints operator alerts go to."""
    flagged = {e.id for e in endpoints if e.admin_channel}
    return flagged or {e.id for e in endpoints}


def accepts(endpoint: WebhookEndpoint, event: AlertEvent, operator_channel: bool = True) -> bool:
    if endpoint.event_types and filter_type(event) not in endpoint.event_types:
        return False
    if event.type in OPERATOR_TYPES:
        return operator_channel
    if event.type in NO_FILTER_TYPES:
        return True
    if endpoint.watch_ids and event.watch_id not in endpoint.watch_ids:
        return False
    seriousness = max(
        lifecycle.rank(event.level, event.decision),
        lifecycle.rank(event.previous_level, event.previous_decision),
    )
    return seriousness >= lifecycle.LEVEL_RANK.get(endpoint.min_level, 1)


def _ready_groups(session: Session, now: datetime, policy: AlertPolicy) -> list[tuple[str, bool]]:
    """(tenant, is_bulk) groups whose wait is over."""
    rows = session.execute(
        select(
            AlertEvent.tenant_id,
            AlertEvent.cause,
            AlertEvent.type,
            func.min(AlertEvent.created_at),
            func.max(AlertEvent.created_at),
        )
        .where(AlertEvent.grouped_at.is_(None))
        .group_by(AlertEvent.tenant_id, AlertEvent.cause, AlertEvent.type)
    ).all()
    spans: dict[tuple[str, bool], tuple[datetime, datetime]] = {}
    urgent: set[str] = set()  # a disabled endpoint is news the tenant needs now
    for tenant_id, cause, event_type, first, last in rows:
        key = (tenant_id, cause != "evidence")
        known = spans.get(key, (first, last))
        spans[key] = (min(known[0], first), max(known[1], last))
        if event_type in OPERATOR_TYPES:
            urgent.add(tenant_id)
    sent = _last_sent(session, [t for t, bulk in spans if not bulk])
    ready = []
    for (tenant_id, bulk), (first, last) in spans.items():
        if bulk:
            due = last <= now - policy.bulk_quiet or first <= now - policy.bulk_max_wait
        else:
            previous = sent.get(tenant_id)
            spaced = previous is None or previous <= now - policy.group_interval
            due = first <= now - policy.group_wait and (spaced or tenant_id in urgent)
        if due:
            ready.append((tenant_id, bulk))
    return ready


def _last_sent(session: Session, tenant_ids: list[str]) -> dict[str, datetime]:
    """When each tenant's last detail message (not a test, not a summary) was queued."""
    if not tenant_ids:
        return {}
    rows = session.execute(
        select(AlertMessage.tenant_id, func.max(AlertMessage.created_at))
        .where(
            AlertMessage.tenant_id.in_(tenant_ids),
            AlertMessage.layout == "detail",
            AlertMessage.is_test.is_(False),
        )
        .group_by(AlertMessage.tenant_id)
    ).all()
    return {tenant_id: at for tenant_id, at in rows if at is not None}


def _claim_events(session: Session, tenant_id: str, bulk: bool, now: datetime) -> list[AlertEvent]:
    cause_test = AlertEvent.cause != "evidence" if bulk else AlertEvent.cause == "evidence"
    events = list(
        session.scalars(
            select(AlertEvent)
            .where(
                AlertEvent.tenant_id == tenant_id,
                AlertEvent.grouped_at.is_(None),
                AlertEvent.created_at <= now,
                cause_test,
            )
            .order_by(AlertEvent.created_at, AlertEvent.id)
        )
    )
    if not events:
        return []
    result = session.execute(
        update(AlertEvent)
        .where(AlertEvent.id.in_([e.id for e in events]), AlertEvent.grouped_at.is_(None))
        .values(grouped_at=now)
        .execution_options(synchronize_session=False)
    )
    if int(cast(CursorResult[Any], result).rowcount) != len(events):
        raise GroupLost(tenant_id)
    return events


class GroupLost(Exception):
    """Another scheduler grouped some of these events first; roll back and leave them to it."""


def _chunks(ids: list[str], size: int) -> list[list[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _messages_for(
    endpoint: WebhookEndpoint,
    events: Sequence[AlertEvent],
    bulk: bool,
    now: datetime,
    policy: AlertPolicy,
    operator_channel: bool = True,
) -> list[AlertMessage]:
    chosen = [e for e in events if accepts(endpoint, e, operator_channel)]
    if not chosen:
        return []
    watches = {e.watch_id for e in chosen if e.watch_id}
    summary = bulk or len(watches) > policy.storm_watches
    ids = [e.id for e in chosen]
    batches = [ids] if summary else _chunks(ids, CHANNELS[endpoint.kind].max_events)
    return [
        AlertMessage(
            id=new_id("msg"),
            tenant_id=endpoint.tenant_id,
            endpoint_id=endpoint.id,
            event_ids=batch,
            layout="summary" if summary else "detail",
            next_attempt_at=now,
            created_at=now,
        )
        for batch in batches
    ]


def build_messages(session: Session, now: datetime, policy: AlertPolicy = DEFAULT_POLICY) -> int:
    """Group every ready group into messages; returns how many messages were queued."""
    queued = 0
    for tenant_id, bulk in _ready_groups(session, now, policy):
        try:
            with session.begin_nested():
                events = _claim_events(session, tenant_id, bulk, now)
                endpoints = session.scalars(
                    select(WebhookEndpoint).where(
                        WebhookEndpoint.tenant_id == tenant_id, WebhookEndpoint.enabled.is_(True)
                    )
                ).all()
                operators = operator_channels(endpoints)
                for endpoint in endpoints:
                    messages = _messages_for(
                        endpoint, events, bulk, now, policy, endpoint.id in operators
                    )
                    session.add_all(messages)
                    queued += len(messages)
        except GroupLost:
            continue
    return queued
