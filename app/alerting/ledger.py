"""Recording an attempt: the attempt row, the message's next step, the endpoint's health.

An endpoint failing for five days (or answering 410, or a provider's "token gone") is
disabled, its waiting messages are closed, and the tenant's other channels are told.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from alerts.retry import next_delay
from alerts.sender import AttemptResult
from app.alerting.config import DeliveryConfig
from app.ids import new_id
from app.models import AlertEvent, AlertMessage, DeliveryAttempt, WebhookEndpoint

log = logging.getLogger(__name__)


def add_attempt(
    session: Session, message: AlertMessage, result: AttemptResult, now: datetime
) -> DeliveryAttempt:
    attempt = DeliveryAttempt(
        id=new_id("att"),
        message_id=message.id,
        endpoint_id=message.endpoint_id,
        attempted_at=now,
        outcome=result.outcome.result,
        status_code=result.status_code,
        provider_code=result.outcome.provider_code,
        latency_ms=result.latency_ms,
        error=None if result.outcome.delivered else result.outcome.reason[:2000],
        response_excerpt=result.response_excerpt,
    )
    session.add(attempt)
    message.attempts += 1
    message.claimed_until = None
    return attempt


def disable_endpoint(
    session: Session, endpoint: WebhookEndpoint, reason: str, now: datetime
) -> None:
    endpoint.enabled = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = reason
    session.execute(
        update(AlertMessage)
        .where(AlertMessage.endpoint_id == endpoint.id, AlertMessage.status == "pending")
        .values(status="failed", last_error=f"endpoint disabled: {reason}")
        .execution_options(synchronize_session=False)
    )
    # Told through the tenant's other channels (the grouping step routes it) and shown by
    # GET /v1/webhooks.
    session.add(
        AlertEvent(
            id=new_id("evt"),
            tenant_id=endpoint.tenant_id,
            type="webhook_disabled",
            cause="evidence",
            payload={
                "endpoint_id": endpoint.id,
                "kind": endpoint.kind,
                "url": endpoint.url_hint,
                "detail": f"{endpoint.kind} {endpoint.url_hint}: {reason}",
            },
            created_at=now,
        )
    )
    log.warning("alert endpoint disabled endpoint_id=%s reason=%s", endpoint.id, reason)


def _failed(
    session: Session,
    endpoint: WebhookEndpoint,
    message: AlertMessage,
    result: AttemptResult,
    now: datetime,
    config: DeliveryConfig,
) -> None:
    outcome = result.outcome
    message.last_error = outcome.reason[:2000]
    endpoint.failing_since = endpoint.failing_since or now
    if outcome.pause_endpoint and outcome.wait_seconds:
        endpoint.paused_until = now + timedelta(seconds=outcome.wait_seconds)
    failing_too_long = now - endpoint.failing_since >= config.disable_after
    if outcome.result == "disabled" or failing_too_long:
        message.status = "failed"
        why = outcome.reason if outcome.result == "disabled" else "failing for 5 days"
        disable_endpoint(session, endpoint, why, now)
        return
    delay = next_delay(message.attempts, config.rng, outcome.wait_seconds)
    if outcome.result == "failed" or delay is None:
        message.status = "failed"
        if delay is None:
            message.last_error = f"gave up after {message.attempts} attempts: {outcome.reason}"
        return
    message.next_attempt_at = now + timedelta(seconds=delay)


def record(
    session: Session,
    message_id: str,
    result: AttemptResult,
    now: datetime,
    config: DeliveryConfig,
) -> None:
    message = session.scalar(
        select(AlertMessage).where(AlertMessage.id == message_id).with_for_update()
    )
    endpoint = session.get(WebhookEndpoint, message.endpoint_id) if message else None
    if message is None or endpoint is None:
        return  # the endpoint was deleted while we sent
    add_attempt(session, message, result, now)
    if result.outcome.delivered:
        message.status, message.delivered_at, message.last_error = "delivered", now, None
        endpoint.failing_since, endpoint.last_success_at = None, now
        return
    _failed(session, endpoint, message, result, now, config)
