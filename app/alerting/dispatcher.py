"""The delivery job: for every endpoint with due messages, claim one, send it, record it.

The claim commits before the HTTP call (no database lock is held while a receiver thinks) and
the ledger update is a separate transaction after it. A dispatcher killed in between leaves a
claim that runs out; the next run sends the message again with the same webhook-id, so
receivers see it at least once and can deduplicate on the id.
"""

from __future__ import annotations

import logging

from alerts.sender import AttemptResult, attempt
from alerts.transport import make_client
from app.alerting import ledger
from app.alerting.claims import Claim, ClaimLost, claim_next, destination_of, endpoints_with_due
from app.alerting.config import DeliveryConfig
from app.alerting.notices import digest_of
from app.clock import Clock
from app.config import Settings
from app.db import Database
from app.ids import new_id
from app.models import AlertMessage, WebhookEndpoint

log = logging.getLogger(__name__)
# Bounds one run's work per endpoint; the next run carries on.
MAX_SENDS_PER_ENDPOINT = 100


def _claim(
    database: Database, endpoint_id: str, settings: Settings, config: DeliveryConfig, clock: Clock
) -> Claim | None:
    try:
        with database.session_scope() as session:
            return claim_next(session, endpoint_id, settings, config, clock())
    except ClaimLost:
        return None  # another dispatcher is on it


def deliver_endpoint(
    database: Database,
    endpoint_id: str,
    settings: Settings,
    clock: Clock,
    config: DeliveryConfig | None = None,
) -> int:
    """Send what is due to one endpoint (a worker's `deliver` task); the attempts made."""
    config = config or DeliveryConfig.from_settings(settings)
    sent = 0
    with make_client(
        config.allow, config.resolver, config.inner_transport, config.timeout_seconds
    ) as client:
        while sent < MAX_SENDS_PER_ENDPOINT:
            claim = _claim(database, endpoint_id, settings, config, clock)
            if claim is None:
                break
            result = attempt(client, claim.destination, claim.digest, clock())
            with database.session_scope() as session:
                ledger.record(session, claim.message_id, result, clock(), config)
            sent += 1
    return sent


def deliver_due(
    database: Database, settings: Settings, clock: Clock, config: DeliveryConfig | None = None
) -> int:
    """Send what is due now; returns the number of attempts made."""
    config = config or DeliveryConfig.from_settings(settings)
    with database.session_scope(write=False) as session:
        endpoint_ids = endpoints_with_due(session, clock())
    attempts = 0
    for endpoint_id in endpoint_ids:
        try:
            attempts += deliver_endpoint(database, endpoint_id, settings, clock, config)
        except Exception:
            # One broken endpoint must not hold up the others' alerts.
            log.exception("alert delivery failed endpoint_id=%s", endpoint_id)
    return attempts


def send_test(
    database: Database,
    endpoint_id: str,
    settings: Settings,
    clock: Clock,
    config: DeliveryConfig | None = None,
) -> tuple[str, AttemptResult]:
    """One test message, sent once without retries; it leaves the endpoint's health alone."""
    config = config or DeliveryConfig.from_settings(settings)
    now = clock()
    with database.session_scope() as session:
        endpoint = session.get(WebhookEndpoint, endpoint_id)
        if endpoint is None:
            raise LookupError(endpoint_id)
        message = AlertMessage(
            id=new_id("msg"),
            tenant_id=endpoint.tenant_id,
            endpoint_id=endpoint.id,
            is_test=True,
            next_attempt_at=now,
            created_at=now,
        )
        session.add(message)
        session.flush()
        claim = Claim(
            message.id,
            endpoint.id,
            destination_of(endpoint, settings, now),
            digest_of(session, message, endpoint, config.base_url),
        )
    with make_client(
        config.allow, config.resolver, config.inner_transport, config.timeout_seconds
    ) as client:
        result = attempt(client, claim.destination, claim.digest, clock())
    with database.session_scope() as session:
        stored = session.get(AlertMessage, claim.message_id)
        if stored is not None:
            ledger.add_attempt(session, stored, result, clock())
            stored.status = "delivered" if result.outcome.delivered else "failed"
            stored.last_error = None if result.outcome.delivered else result.outcome.reason
    return claim.message_id, result
