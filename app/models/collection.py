"""Collection state: per-tenant platform access (credentials encrypted), resumable cursors,
and each watch's collection schedule."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


def _tenant_key() -> Mapped[str]:
    return mapped_column(String(40), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)


class PlatformAccess(Base):
    """How a tenant reaches one platform. Secrets are Fernet tokens (app.crypto), never
    returned by the API nor logged; `paused_*` is set when a captcha needs an operator."""

    __tablename__ = "platform_access"

    tenant_id: Mapped[str] = _tenant_key()
    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    cookie_encrypted: Mapped[str | None] = mapped_column(Text, default=None)
    provider_url: Mapped[str | None] = mapped_column(String(2000), default=None)
    provider_token_encrypted: Mapped[str | None] = mapped_column(Text, default=None)
    # News feeds to read (platform "news" only): [url, ...]
    feeds: Mapped[list[str]] = mapped_column(default=list)
    paused_reason: Mapped[str | None] = mapped_column(Text, default=None)
    paused_at: Mapped[datetime | None] = mapped_column(default=None)
    updated_at: Mapped[datetime]


class CollectionCursor(Base):
    """Where a listing stands, per tenant (two watches of one KOL share the KOL's timeline).

    `cursor` starts the listing's unfinished range (None: nothing left below, start from the
    top); `watermark` is the newest post time seen, so a walk from the top stops at known posts;
    `backfilled` turns true once the history back to the backfill horizon (or the listing's
    end) has been read; after that, `gap_floor` is where an unfinished range ends: the newest
    post known before a burst of new posts outran a pass's page budget.
    """

    __tablename__ = "collection_cursors"

    tenant_id: Mapped[str] = _tenant_key()
    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    listing: Mapped[str] = mapped_column(String(300), primary_key=True)
    cursor: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    revisit: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    watermark: Mapped[datetime | None] = mapped_column(default=None)
    backfilled: Mapped[bool] = mapped_column(Boolean, default=False)
    gap_floor: Mapped[datetime | None] = mapped_column(default=None)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime]


class WatchCollection(Base):
    """A watch's collection schedule: when it is due, who runs it now, where rotation stands."""

    __tablename__ = "watch_collection"

    watch_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("watches.id", ondelete="CASCADE"), primary_key=True
    )
    next_due_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    # A pass claims the watch until this time, so two processes never collect it at once.
    running_until: Mapped[datetime | None] = mapped_column(default=None)
    last_started_at: Mapped[datetime | None] = mapped_column(default=None)
    last_finished_at: Mapped[datetime | None] = mapped_column(default=None)
    # Offset into the watch's search queries: each pass takes the next slice of the rotation.
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    last_summary: Mapped[dict[str, Any] | None] = mapped_column(default=None)
