"""Claiming a message to send: atomically, so two dispatchers never send the same one.

A claim is a conditional UPDATE (... WHERE status = 'pending' AND the claim is free) whose
rowcount must be 1; the claim is committed before the HTTP call and simply runs out if the
dispatcher dies, so the message is sent again, with the same webhook-id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, or_, select, update
from sqlalchemy.orm import Session

from alerts import ratecap
from alerts.notice import Digest
from alerts.registry import CHANNELS
from alerts.sender import Destination
from app.alerting.config import DeliveryConfig
from app.alerting.notices import digest_of
from app.config import Settings
from app.crypto import decrypt
from app.ids import new_id
from app.models import AlertMessage, DeliveryAttempt, WebhookEndpoint


class ClaimLost(Exception):
    """Another dispatcher claimed one of the messages first; roll back and move on."""


@dataclass(frozen=True)
class Claim:
    message_id: str
    endpoint_id: str
    destination: Destination
    digest: Digest


def destination_of(endpoint: WebhookEndpoint, settings: Settings, now: datetime) -> Destination:
    secrets = []
    if endpoint.secret_ciphertext:
        secrets.append(decrypt(settings, endpoint.secret_ciphertext))
    overlap = endpoint.previous_secret_until is not None and endpoint.previous_secret_until > now
    if endpoint.previous_secret_ciphertext and overlap:
        secrets.append(decrypt(settings, endpoint.previous_secret_ciphertext))
    return Destination(endpoint.kind, decrypt(settings, endpoint.url_ciphertext), tuple(secrets))


def _rowcount(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount)


def _free(now: datetime) -> Any:
    return or_(AlertMessage.claimed_until.is_(None), AlertMessage.claimed_until <= now)


def take(session: Session, message_id: str, now: datetime, values: dict[str, Any]) -> None:
    """The conditional UPDATE every claim goes through; raises ClaimLost on rowcount 0."""
    result = session.execute(
        update(AlertMessage)
        .where(AlertMessage.id == message_id, AlertMessage.status == "pending", _free(now))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if _rowcount(result) != 1:
        raise ClaimLost(message_id)


def _busy_times(session: Session, endpoint_id: str, now: datetime) -> list[datetime]:
    """Sends in the longest cap window, plus claims in flight (sent, not yet recorded)."""
    since = now - ratecap.LONGEST_WINDOW
    sent = session.scalars(
        select(DeliveryAttempt.attempted_at).where(
            DeliveryAttempt.endpoint_id == endpoint_id, DeliveryAttempt.attempted_at > since
        )
    )
    in_flight = session.scalar(
        select(func.count()).where(
            AlertMessage.endpoint_id == endpoint_id, AlertMessage.claimed_until > now
        )
    )
    return [*sent, *([now] * int(in_flight or 0))]


def _due(session: Session, endpoint_id: str, now: datetime) -> list[AlertMessage]:
    query = (
        select(AlertMessage)
        .where(
            AlertMessage.endpoint_id == endpoint_id,
            AlertMessage.status == "pending",
            AlertMessage.is_test.is_(False),
            AlertMessage.next_attempt_at <= now,
            _free(now),
        )
        .order_by(AlertMessage.next_attempt_at, AlertMessage.id)
        .limit(500)
    )
    return list(session.scalars(query))


def _coalesce(
    session: Session,
    endpoint: WebhookEndpoint,
    fresh: list[AlertMessage],
    now: datetime,
    until: datetime,
) -> AlertMessage:
    """Fold never-tried messages into one: what waited behind a rate cap or a throttle goes out
    together instead of being dropped. A detailed message keeps within the channel's size."""
    summary = any(m.layout == "summary" for m in fresh)
    taken: list[AlertMessage] = []
    event_ids: list[str] = []
    for message in fresh:
        if (
            not summary
            and taken
            and len(event_ids) + len(message.event_ids) > CHANNELS[endpoint.kind].max_events
        ):
            break
        taken.append(message)
        event_ids += [i for i in message.event_ids if i not in event_ids]
    if len(taken) == 1:
        take(session, taken[0].id, now, {"claimed_until": until})
        return taken[0]
    merged = AlertMessage(
        id=new_id("msg"),
        tenant_id=endpoint.tenant_id,
        endpoint_id=endpoint.id,
        event_ids=event_ids,
        layout="summary" if summary else "detail",
        next_attempt_at=now,
        claimed_until=until,
        created_at=now,
    )
    for message in taken:
        take(session, message.id, now, {"status": "merged", "merged_into": merged.id})
    session.add(merged)
    session.flush()
    return merged


def claim_next(
    session: Session, endpoint_id: str, settings: Settings, config: DeliveryConfig, now: datetime
) -> Claim | None:
    """The next message for this endpoint, claimed; None when nothing may be sent now."""
    # FOR UPDATE serialises claims per endpoint on PostgreSQL (SQLite writers are serial).
    endpoint = session.get(WebhookEndpoint, endpoint_id, with_for_update=True)
    if endpoint is None or not endpoint.enabled:
        return None
    if endpoint.paused_until is not None and endpoint.paused_until > now:
        return None
    if not ratecap.allows(endpoint.kind, _busy_times(session, endpoint_id, now), now):
        return None
    due = _due(session, endpoint_id, now)
    if not due:
        return None
    until = now + config.claim
    if due[0].attempts == 0:
        message = _coalesce(session, endpoint, [m for m in due if m.attempts == 0], now, until)
    else:
        # A retry keeps its own id and content: the receiver may have seen it already.
        message = due[0]
        take(session, message.id, now, {"claimed_until": until})
    return Claim(
        message_id=message.id,
        endpoint_id=endpoint.id,
        destination=destination_of(endpoint, settings, now),
        digest=digest_of(session, message, endpoint, config.base_url),
    )


def endpoints_with_due(session: Session, now: datetime) -> list[str]:
    query = (
        select(AlertMessage.endpoint_id)
        .where(
            AlertMessage.status == "pending",
            AlertMessage.is_test.is_(False),
            AlertMessage.next_attempt_at <= now,
            _free(now),
        )
        .distinct()
    )
    return sorted(session.scalars(query))


__all__ = ["Claim", "ClaimLost", "claim_next", "endpoints_with_due"]
