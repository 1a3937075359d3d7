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
    row = access_service.update_settings(
        session, settings, caller.tenant_id, platform, body, clock(), caller.who
    )
    return _out(platform, row)
