"""Webhook endpoints: validated (SSRF guard included) and stored with encrypted URL and secret."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from alerts.registry import CHANNELS
from alerts.signing import new_secret
from alerts.ssrf import AllowList, Resolver, UnsafeUrl, check_url
from app.audit import Actor, record, recording, snapshot
from app.config import Settings
from app.crypto import encrypt
from app.errors import NotFound, Unprocessable
from app.ids import new_id
from app.models import AlertMessage, DeliveryAttempt, Watch, WebhookEndpoint
from app.pagination import PageRequest, keyset, split_page
from app.webhooks.schemas import AttemptOut, RotateSecret, WebhookCreate, WebhookOut

ROTATION_OVERLAP = timedelta(hours=24)


def url_hint(url: str) -> str:
    """Scheme, host and port only: robot tokens and Slack paths are credentials."""
    parts = urlsplit(url)
    shown = f"{parts.scheme}://{parts.hostname or ''}"
    if parts.port:
        shown += f":{parts.port}"
    return shown + ("/…" if parts.path.strip("/") or parts.query else "/")


def out(endpoint: WebhookEndpoint) -> WebhookOut:
    return WebhookOut(
        id=endpoint.id,
        kind=endpoint.kind,
        url=endpoint.url_hint,
        min_level=endpoint.min_level,
        watch_ids=list(endpoint.watch_ids),
        event_types=list(endpoint.event_types),
        language=endpoint.language,
        description=endpoint.description,
        admin_channel=endpoint.admin_channel,
        has_secret=endpoint.secret_ciphertext is not None,
        previous_secret_until=endpoint.previous_secret_until,
        enabled=endpoint.enabled,
        disabled_at=endpoint.disabled_at,
        disabled_reason=endpoint.disabled_reason,
        failing_since=endpoint.failing_since,
        last_success_at=endpoint.last_success_at,
        paused_until=endpoint.paused_until,
        created_at=endpoint.created_at,
        updated_at=endpoint.updated_at,
    )


def _check_secret(kind: str, secret: str | None) -> None:
    rule = CHANNELS[kind].secret
    if secret is None or rule == "robot":
        return
    if rule == "generated":
        raise Unprocessable(f"secret: leave it out; {kind} webhooks get a generated whsec_ secret")
    raise Unprocessable(f"secret: {kind} webhooks have no secret; their URL is the credential")


def _check_watches(session: Session, tenant_id: str, watch_ids: list[str]) -> None:
    if not watch_ids:
        return
    known = set(
        session.scalars(
            select(Watch.id).where(Watch.tenant_id == tenant_id, Watch.id.in_(watch_ids))
        )
    )
    missing = [w for w in watch_ids if w not in known]
    if missing:
        raise Unprocessable(f"watch_ids: no watch {missing[0]!r}; list them with GET /v1/watches")


def check_destination(url: str, settings: Settings, resolver: Resolver) -> None:
    try:
        check_url(url, AllowList.parse(settings.webhook_allow_hosts), resolver)
    except UnsafeUrl as exc:
        raise Unprocessable(f"url: {exc}", {"field": "url"}) from exc


def create(
    session: Session,
    tenant_id: str,
    data: WebhookCreate,
    settings: Settings,
    resolver: Resolver,
    now: datetime,
    actor: Actor,
) -> tuple[WebhookEndpoint, str | None]:
    """The stored endpoint and the secret to show once (None when there is none to show)."""
    _check_secret(data.kind, data.secret)
    _check_watches(session, tenant_id, data.watch_ids)
    url = data.url.strip()
    check_destination(url, settings, resolver)
    generated = CHANNELS[data.kind].secret == "generated"
    secret = new_secret() if generated else data.secret
    endpoint = WebhookEndpoint(
        id=new_id("whk"),
        tenant_id=tenant_id,
        kind=data.kind,
        url_ciphertext=encrypt(settings, url),
        url_hint=url_hint(url),
        secret_ciphertext=encrypt(settings, secret) if secret else None,
        min_level=data.min_level,
        watch_ids=list(dict.fromkeys(data.watch_ids)),
        event_types=list(dict.fromkeys(data.event_types)),
        language=data.language,
        description=data.description,
        admin_channel=data.admin_channel,
        created_at=now,
        updated_at=now,
    )
    session.add(endpoint)
    session.flush()
    # The URL and secrets are encrypted columns: the entry says they were set, not what.
    record(session, actor, "create", "webhook", endpoint.id, after=snapshot(endpoint), at=now)
    return endpoint, secret if generated else None


def get(session: Session, tenant_id: str, webhook_id: str) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, webhook_id)
    if endpoint is None or endpoint.tenant_id != tenant_id:
        raise NotFound(f"no webhook {webhook_id!r}")
    return endpoint


def list_all(session: Session, tenant_id: str) -> list[WebhookEndpoint]:
    query = (
        select(WebhookEndpoint)
        .where(WebhookEndpoint.tenant_id == tenant_id)
        .order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)
    )
    return list(session.scalars(query))


def remove(session: Session, tenant_id: str, webhook_id: str, actor: Actor, now: datetime) -> None:
    endpoint = get(session, tenant_id, webhook_id)
    record(session, actor, "delete", "webhook", endpoint.id, before=snapshot(endpoint), at=now)
    session.delete(endpoint)


def rotate_secret(
    session: Session,
    endpoint: WebhookEndpoint,
    data: RotateSecret,
    settings: Settings,
    now: datetime,
    actor: Actor,
) -> str | None:
    """New secret; a standard endpoint keeps signing with the old one too for 24 hours."""
    with recording(session, actor, "rotate_secret", "webhook", endpoint.id, endpoint, at=now):
        return _new_secret(endpoint, data, settings, now)


def _new_secret(
    endpoint: WebhookEndpoint, data: RotateSecret, settings: Settings, now: datetime
) -> str | None:
    rule = CHANNELS[endpoint.kind].secret
    if rule == "generated":
        if data.secret is not None:
            raise Unprocessable("secret: leave it out; a new whsec_ secret is generated")
        secret = new_secret()
        endpoint.previous_secret_ciphertext = endpoint.secret_ciphertext
        endpoint.previous_secret_until = now + ROTATION_OVERLAP
        endpoint.secret_ciphertext = encrypt(settings, secret)
        endpoint.updated_at = now
        return secret
    if rule != "robot":
        raise Unprocessable(
            f"{endpoint.kind} webhooks have no secret: delete this one and add the new URL"
        )
    if data.secret is None:
        raise Unprocessable("secret: give the robot's new secret (from the robot's settings)")
    # The robot accepts only its new secret, so there is nothing to overlap.
    endpoint.secret_ciphertext = encrypt(settings, data.secret)
    endpoint.updated_at = now
    return None


def enable(session: Session, endpoint: WebhookEndpoint, actor: Actor, now: datetime) -> None:
    with recording(session, actor, "enable", "webhook", endpoint.id, endpoint, at=now):
        endpoint.enabled = True
        endpoint.disabled_at = endpoint.disabled_reason = None
        endpoint.failing_since = endpoint.paused_until = None
        endpoint.updated_at = now


def _attempts(endpoint: WebhookEndpoint) -> Select[DeliveryAttempt, bool]:
    return (
        select(DeliveryAttempt, AlertMessage.is_test)
        .join(AlertMessage, AlertMessage.id == DeliveryAttempt.message_id)
        .where(DeliveryAttempt.endpoint_id == endpoint.id)
    )


def attempts(session: Session, endpoint: WebhookEndpoint, limit: int) -> list[AttemptOut]:
    """Every attempt, newest first: retries, tests and the response each one got."""
    query = _attempts(endpoint).order_by(
        DeliveryAttempt.attempted_at.desc(), DeliveryAttempt.id.desc()
    )
    return _attempts_out(session.execute(query.limit(limit)).all())


def attempts_page(
    session: Session, endpoint: WebhookEndpoint, page: PageRequest
) -> tuple[list[AttemptOut], str | None]:
    """Newest first, one page."""
    columns = (DeliveryAttempt.attempted_at, DeliveryAttempt.id)
    query = keyset(_attempts(endpoint), columns, page, descending=True)
    shown, cursor = split_page(
        session.execute(query).all(), page, lambda r: (r[0].attempted_at, r[0].id)
    )
    return _attempts_out(shown), cursor


def _attempts_out(rows: Sequence[Row[DeliveryAttempt, bool]]) -> list[AttemptOut]:
    return [
        AttemptOut(
            id=a.id,
            message_id=a.message_id,
            is_test=is_test,
            attempted_at=a.attempted_at,
            outcome=a.outcome,
            status_code=a.status_code,
            provider_code=a.provider_code,
            latency_ms=a.latency_ms,
            error=a.error,
            response=a.response_excerpt,
        )
        for a, is_test in rows
    ]
