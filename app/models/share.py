"""Shareable report links: a signed, read-only, revocable link to one watch's report."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, id_column, tenant_column


class ReportShare(Base):
    """A link that opens a watch's report without a key, until it expires or is revoked.

    The URL carries the id, the expiry and an HMAC of both (app.shares.tokens); the row is what
    can be revoked, and what the signature alone could not say."""

    __tablename__ = "report_shares"

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    watch_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("watches.id", ondelete="CASCADE"), index=True
    )
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_by: Mapped[str | None] = mapped_column(String(200), default=None)
    uses: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)


class ReportShareUse(Base):
    """One opening of a shared link (refused ones too): when, what, from where."""

    __tablename__ = "report_share_uses"

    id: Mapped[str] = id_column()
    share_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("report_shares.id", ondelete="CASCADE"), index=True
    )
    used_at: Mapped[datetime]
    # "html", "pdf", "md", "json" or "post" (an archived post opened from the report).
    what: Mapped[str] = mapped_column(String(20))
    # "ok", "expired" or "revoked".
    outcome: Mapped[str] = mapped_column(String(10))
    client: Mapped[str | None] = mapped_column(String(100), default=None)
    user_agent: Mapped[str | None] = mapped_column(String(200), default=None)
