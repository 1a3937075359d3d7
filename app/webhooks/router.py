from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from alerts.ssrf import Resolver, system_resolver
from app.alerting.config import DeliveryConfig
from app.alerting.dispatcher import send_test
from app.db import Database
from app.deps import ClockDep, Reader, ReadSession, SettingsDep, Writer, WriteSession, get_database
from app.pagination import PageDep, link_next
from app.webhooks import service
from app.webhooks.schemas import (
    AttemptOut,
    RotateSecret,
    TestResult,
    WebhookCreate,
    WebhookOut,
    WebhookWithSecret,
)

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])


def get_resolver() -> Resolver:
    """DNS for the SSRF check when a URL is saved; tests override this dependency."""
    return system_resolver


def get_delivery_config(request: Request) -> DeliveryConfig:
    """How test sends are made; tests override this dependency to inject a transport."""
    return DeliveryConfig.from_settings(request.app.state.settings)


ResolverDep = Annotated[Resolver, Depends(get_resolver)]
DeliveryConfigDep = Annotated[DeliveryConfig, Depends(get_delivery_config)]
DatabaseDep = Annotated[Database, Depends(get_database)]


@router.post("", status_code=201)
def create_webhook(
    body: WebhookCreate,
    session: WriteSession,
    caller: Writer,
    settings: SettingsDep,
    clock: ClockDep,
    resolver: ResolverDep,
) -> WebhookWithSecret:
    """Add a destination. A standard webhook's whsec_ secret is in this answer only."""
    endpoint, secret = service.create(
        session, caller.tenant_id, body, settings, resolver, clock(), caller.who
    )
    return WebhookWithSecret(**service.out(endpoint).model_dump(), secret=secret)


@router.get("")
def list_webhooks(session: ReadSession, caller: Reader) -> list[WebhookOut]:
    return [service.out(e) for e in service.list_all(session, caller.tenant_id)]


@router.get("/{webhook_id}")
def get_webhook(webhook_id: str, session: ReadSession, caller: Reader) -> WebhookOut:
    return service.out(service.get(session, caller.tenant_id, webhook_id))


@router.delete("/{webhook_id}", status_code=204)
def delete_webhook(
    webhook_id: str, session: WriteSession, caller: Writer, clock: ClockDep
) -> Response:
    service.remove(session, caller.tenant_id, webhook_id, caller.who, clock())
    return Response(status_code=204)


@router.post("/{webhook_id}/test")
def test_webhook(
    webhook_id: str,
    caller: Writer,
    database: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    config: DeliveryConfigDep,
) -> TestResult:
    """Send one test message now, once, without retries, and say what came back."""
    with database.session_scope(write=False) as session:
        service.get(session, caller.tenant_id, webhook_id)
    # Sent outside any transaction: no database lock is held while the receiver answers.
    message_id, result = send_test(database, webhook_id, settings, clock, config)
    return TestResult(
        message_id=message_id,
        delivered=result.outcome.delivered,
        outcome=result.outcome.result,
        status_code=result.status_code,
        latency_ms=result.latency_ms,
        error=None if result.outcome.delivered else result.outcome.reason,
        response=result.response_excerpt,
    )


@router.post("/{webhook_id}/rotate-secret")
def rotate_webhook_secret(
    webhook_id: str,
    session: WriteSession,
    caller: Writer,
    settings: SettingsDep,
    clock: ClockDep,
    body: RotateSecret | None = None,
) -> WebhookWithSecret:
    """A new secret. Standard webhooks sign with both the old and the new one for 24 hours,
    so receivers can switch without losing a message."""
    endpoint = service.get(session, caller.tenant_id, webhook_id)
    secret = service.rotate_secret(
        session, endpoint, body or RotateSecret(), settings, clock(), caller.who
    )
    return WebhookWithSecret(**service.out(endpoint).model_dump(), secret=secret)


@router.post("/{webhook_id}/enable")
def enable_webhook(
    webhook_id: str, session: WriteSession, caller: Writer, clock: ClockDep
) -> WebhookOut:
    """Turn a disabled endpoint back on once its receiver is fixed."""
    endpoint = service.get(session, caller.tenant_id, webhook_id)
    service.enable(session, endpoint, caller.who, clock())
    return service.out(endpoint)


@router.get("/{webhook_id}/deliveries")
def list_deliveries(
    webhook_id: str,
    request: Request,
    response: Response,
    page: PageDep,
    session: ReadSession,
    caller: Reader,
) -> list[AttemptOut]:
    """Every attempt, newest first: time, outcome, HTTP status, latency, truncated response;
    the next page's address is in the `Link` header."""
    endpoint = service.get(session, caller.tenant_id, webhook_id)
    shown, cursor = service.attempts_page(session, endpoint, page)
    link_next(request, response, cursor)
    return shown
