"""Per-tenant usage counters, and the state of the notices sent to a tenant (digests, operator
alerts), so each goes out once per period or per episode."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


def _tenant_key() -> Mapped[str]:
    return mapped_column(String(40), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)


class UsageCount(Base):
    """How much of something a tenant used on one Asia/Shanghai day: API calls, collection
    requests per platform (the subject). Added to, never rewritten."""

    __tablename__ = "usage_counts"

    tenant_id: Mapped[str] = _tenant_key()
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    metric: Mapped[str] = mapped_column(String(40), primary_key=True)
    subject: Mapped[str] = mapped_column(String(40), primary_key=True, default="")
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[dt.datetime]


class TenantNotice(Base):
    """A notice kind x subject for one tenant: a digest ("digest", ""), or an operator alert
    episode ("login_required", "weibo"). first_seen_at starts the period or the episode."""

    __tablename__ = "tenant_notices"

    tenant_id: Mapped[str] = _tenant_key()
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    subject: Mapped[str] = mapped_column(String(200), primary_key=True)
    first_seen_at: Mapped[dt.datetime]
    last_sent_at: Mapped[dt.datetime | None] = mapped_column(default=None)
