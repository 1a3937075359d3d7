"""Per-tenant platform access: stored settings (secrets encrypted with app.crypto) turned into
the collectors' Access, with base URLs from Settings. Secrets are never returned or logged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import Actor, recording
from app.collection.schemas import PlatformAccessIn
from app.config import Settings
from app.crypto import decrypt, encrypt
from app.models import PlatformAccess
from collectors.base import Access
from collectors.platforms import BY_NAME, COLLECTED

COLLECTED_PLATFORMS = COLLECTED


def base_url(settings: Settings, platform: str) -> str:
    """The platform's KOLRISK_<PLATFORM>_BASE_URL; "" for one reached otherwise (news feeds)."""
    return str(getattr(settings, BY_NAME[platform].url_setting, ""))


@dataclass(frozen=True)
class PlatformSetup:
    platform: str
    enabled: bool
    access: Access
    feeds: tuple[str, ...]
    paused_reason: str | None


def load_setups(session: Session, settings: Settings, tenant_id: str) -> dict[str, PlatformSetup]:
    rows = {
        row.platform: row
        for row in session.scalars(
            select(PlatformAccess).where(PlatformAccess.tenant_id == tenant_id)
        )
    }
    setups = {}
    for platform in COLLECTED_PLATFORMS:
        row = rows.get(platform)
        access = Access(
            base_url=base_url(settings, platform),
            cookie=decrypt(settings, row.cookie_encrypted)
            if row and row.cookie_encrypted
            else None,
            provider_url=row.provider_url if row else None,
            provider_token=(
                decrypt(settings, row.provider_token_encrypted)
                if row and row.provider_token_encrypted
                else None
            ),
        )
        setups[platform] = PlatformSetup(
            platform,
            row.enabled if row else True,
            access,
            tuple(row.feeds) if row else (),
            row.paused_reason if row else None,
        )
    return setups


def access_row(session: Session, tenant_id: str, platform: str, now: datetime) -> PlatformAccess:
    row = session.get(PlatformAccess, (tenant_id, platform))
    if row is None:
        row = PlatformAccess(
            tenant_id=tenant_id, platform=platform, enabled=True, feeds=[], updated_at=now
        )
        session.add(row)
    return row


def set_secret(settings: Settings, value: str | None) -> str | None:
    """ "" clears a stored secret; None leaves it as it was (handled by the caller)."""
    return encrypt(settings, value) if value else None


def update_settings(
    session: Session, settings: Settings, tenant_id: str, platform: str,
    body: PlatformAccessIn, now: datetime, actor: Actor,
) -> PlatformAccess:  # fmt: skip
    """Apply the fields given; secrets are stored encrypted (and redacted in the audit log)."""
    row = access_row(session, tenant_id, platform, now)
    with recording(session, actor, "update", "collection_platform", platform, row, at=now):
        if body.enabled is not None:
            row.enabled = body.enabled
        if body.cookie is not None:
            row.cookie_encrypted = set_secret(settings, body.cookie)
        if body.provider_url is not None:
            row.provider_url = str(body.provider_url) or None
        if body.provider_token is not None:
            row.provider_token_encrypted = set_secret(settings, body.provider_token)
        if body.feeds is not None:
            row.feeds = [str(url) for url in body.feeds]
        # Any change is the operator acting on the platform: a captcha pause ends with it.
        row.paused_reason, row.paused_at, row.updated_at = None, None, now
        session.flush()
    return row


def pause(session: Session, tenant_id: str, platform: str, reason: str, now: datetime) -> None:
    """A captcha stops the platform for the tenant until an operator updates its settings."""
    row = access_row(session, tenant_id, platform, now)
    row.paused_reason, row.paused_at, row.updated_at = reason[:1000], now, now
