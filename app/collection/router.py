"""Per-tenant platform access for the collectors: cookies and provider credentials (stored
encrypted, never returned), news feeds, and switching a platform off or back on."""

from __future__ import annotations

from fastapi import APIRouter

from app.collection import access as access_service
from app.collection.schemas import CollectedPlatform, PlatformAccessIn, PlatformAccessOut
from app.deps import Admin, ClockDep, Reader, ReadSession, SettingsDep, WriteSession
from app.models import PlatformAccess

router = APIRouter(prefix="/v1/collection", tags=["collection"])


def _out(platform: str, row: PlatformAccess | None) -> PlatformAccessOut:
    return PlatformAccessOut(
        platform=platform,
        enabled=row.enabled if row else True,
        has_cookie=bool(row and row.cookie_encrypted),
        provider_url=row.provider_url if row else None,
        has_provider_token=bool(row and row.provider_token_encrypted),
        feeds=list(row.feeds) if row else [],
        paused_reason=row.paused_reason if row else None,
        paused_at=row.paused_at if row else None,
    )


@router.get("/platforms")
def list_platforms(session: ReadSession, caller: Reader) -> list[PlatformAccessOut]:
    return [
        _out(platform, session.get(PlatformAccess, (caller.tenant_id, platform)))
        for platform in access_service.COLLECTED_PLATFORMS
    ]


@router.put("/platforms/{platform}")
def set_platform(
    platform: CollectedPlatform,
    body: PlatformAccessIn,
    session: WriteSession,
    caller: Admin,
    settings: SettingsDep,
    clock: ClockDep,
) -> PlatformAccessOut:
    now = clock()
    row = access_service.access_row(session, caller.tenant_id, platform, now)
    if body.enabled is not None:
        row.enabled = body.enabled
    if body.cookie is not None:
        row.cookie_encrypted = access_service.set_secret(settings, body.cookie)
    if body.provider_url is not None:
        row.provider_url = str(body.provider_url) or None
    if body.provider_token is not None:
        row.provider_token_encrypted = access_service.set_secret(settings, body.provider_token)
    if body.feeds is not None:
        row.feeds = [str(url) for url in body.feeds]
    # Any change is the operator acting on the platform: a captcha pause ends with it.
    row.paused_reason, row.paused_at, row.updated_at = None, None, now
    session.flush()
    return _out(platform, row)
