"""Alerting tables: webhook endpoints, alert state per fingerprint, events, messages, attempts.

Flow: a risk Transition (the outbox row) becomes an AlertEvent and updates the Alert of its
fingerprint; events are grouped into one AlertMessage per endpoint (its id is the
`webhook-id` every retry repeats); every HTTP try is a DeliveryAttempt.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamped, id_column, tenant_column

EVENT_TYPES = (
    "firing",
    "escalated",
    "resolved",
    "repeat",
    "summary",
    "webhook_disabled",
    "weekly_digest",
    "operator",
)
MESSAGE_STATES = ("pending", "delivered", "failed", "merged")


def _watch_fk(nullable: bool = False) -> Mapped[Any]:
    return mapped_column(
        String(40), ForeignKey("watches.id", ondelete="CASCADE"), index=True, nullable=nullable
    )


class WebhookEndpoint(Timestamped, Base):
    """Where a tenant's alerts go. The URL and secrets are stored encrypted: for Slack and WeCom
    the URL itself is the credential."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    kind: Mapped[str] = mapped_column(String(20))  # one of alerts.registry.KINDS
    url_ciphertext: Mapped[str] = mapped_column(Text)
    # scheme://host/first-path-part…, safe to show and log.
    url_hint: Mapped[str] = mapped_column(String(300))
    secret_ciphertext: Mapped[str | None] = mapped_column(Text, default=None)
    # During a rotation the old secret keeps signing too, until previous_secret_until.
    previous_secret_ciphertext: Mapped[str | None] = mapped_column(Text, default=None)
    previous_secret_until: Mapped[dt.datetime | None] = mapped_column(default=None)
    min_level: Mapped[str] = mapped_column(String(10), default="medium")
    # Empty lists mean "every watch" / "every event type".
    watch_ids: Mapped[list[str]] = mapped_column(default=list)
    event_types: Mapped[list[str]] = mapped_column(default=list)
    language: Mapped[str] = mapped_column(String(5), default="zh")
    description: Mapped[str | None] = mapped_column(String(200), default=None)
    # The tenant's admin channel: operator alerts (failing credentials, lagging work, a
    # disabled endpoint) go to these; to every enabled endpoint when none is flagged.
    admin_channel: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    disabled_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    disabled_reason: Mapped[str | None] = mapped_column(Text, default=None)
    # First failure since the last success: five days of failing disables the endpoint.
    failing_since: Mapped[dt.datetime | None] = mapped_column(default=None)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    # A provider throttle (e.g. DingTalk 130101) pauses every send to this endpoint.
    paused_until: Mapped[dt.datetime | None] = mapped_column(default=None)


class Alert(Base):
    """The state of one fingerprint (watch + rule): firing or resolved, acknowledged or not."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_tenant_status", "tenant_id", "status"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column(indexed=False)
    watch_id: Mapped[str] = _watch_fk()
    rule: Mapped[str] = mapped_column(String(40))
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(10))
    level: Mapped[str] = mapped_column(String(10))
    decision: Mapped[str] = mapped_column(String(10))
    score: Mapped[float] = mapped_column(Float)
    started_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    resolved_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    # None while this firing cycle has not been notified (e.g. silenced): no resolved notice then.
    last_notified_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    acked_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    # Who acknowledged it: the key's name or the person's.
    acked_by: Mapped[str | None] = mapped_column(String(200), default=None)


class AlertEvent(Base):
    """Something to tell: a firing, escalation, resolution, reminder, or a notice about us."""

    __tablename__ = "alert_events"
    __table_args__ = (
        Index("ix_alert_events_tenant_grouped", "tenant_id", "grouped_at"),
        # Retention deletes the oldest first (app.retention).
        Index("ix_alert_events_created_at", "created_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column(indexed=False)
    alert_id: Mapped[str | None] = mapped_column(
        String(40), ForeignKey("alerts.id", ondelete="CASCADE"), index=True, default=None
    )
    watch_id: Mapped[str | None] = _watch_fk(nullable=True)
    transition_id: Mapped[str | None] = mapped_column(String(40), default=None)
    type: Mapped[str] = mapped_column(String(20))
    # "evidence" events are grouped for 30 s; any other cause (a rescoring, a rules edit) is
    # folded into one summary per tenant.
    cause: Mapped[str] = mapped_column(String(20), default="evidence")
    level: Mapped[str | None] = mapped_column(String(10), default=None)
    decision: Mapped[str | None] = mapped_column(String(10), default=None)
    previous_level: Mapped[str | None] = mapped_column(String(10), default=None)
    previous_decision: Mapped[str | None] = mapped_column(String(10), default=None)
    # What the message shows: names, scores, reasons, evidence quotes (post text: hostile).
    payload: Mapped[dict[str, Any]]
    silenced: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[dt.datetime]
    # Set when the grouping step took the event into messages (or skipped it as silenced).
    grouped_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class AlertMessage(Base):
    """One notification to one endpoint. Its id is the `webhook-id`: the same on every retry."""

    __tablename__ = "alert_messages"
    __table_args__ = (
        Index("ix_alert_messages_due", "status", "next_attempt_at"),
        Index("ix_alert_messages_created_at", "created_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column(indexed=False)
    endpoint_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True
    )
    event_ids: Mapped[list[str]] = mapped_column(default=list)
    # "detail" lists each alert; "summary" counts them (rescorings, storms).
    layout: Mapped[str] = mapped_column(String(10), default="detail")
    is_test: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime]
    # A dispatcher owns the message until then; a crashed one's claim simply runs out.
    claimed_until: Mapped[dt.datetime | None] = mapped_column(default=None)
    created_at: Mapped[dt.datetime]
    delivered_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    merged_into: Mapped[str | None] = mapped_column(String(40), default=None)


class DeliveryAttempt(Base):
    """One HTTP try: when, what came back, how long it took, a truncated response."""

    __tablename__ = "delivery_attempts"
    __table_args__ = (
        Index("ix_delivery_attempts_endpoint_time", "endpoint_id", "attempted_at"),
        # Retention, and /metrics' attempts of the last hour.
        Index("ix_delivery_attempts_attempted_at", "attempted_at"),
    )

    id: Mapped[str] = id_column()
    message_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("alert_messages.id", ondelete="CASCADE"), index=True
    )
    endpoint_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("webhook_endpoints.id", ondelete="CASCADE")
    )
    attempted_at: Mapped[dt.datetime]
    outcome: Mapped[str] = mapped_column(String(20))
    status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    provider_code: Mapped[str | None] = mapped_column(String(40), default=None)
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    response_excerpt: Mapped[str | None] = mapped_column(Text, default=None)


class AlertSilence(Base):
    """While active, a watch's alerts are recorded but not delivered."""

    __tablename__ = "alert_silences"

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    watch_id: Mapped[str] = _watch_fk()
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]
