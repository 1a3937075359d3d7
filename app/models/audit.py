"""The audit log: who changed what in a tenant, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, id_column, tenant_column


class AuditEntry(Base):
    """One change to a tenant's state, written in the transaction that made it (app/audit)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        # Newest first, per tenant (the list's keyset order) and per object.
        Index("ix_audit_log_tenant_at", "tenant_id", "at", "id"),
        Index("ix_audit_log_tenant_object", "tenant_id", "object_id", "at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column(indexed=False)
    at: Mapped[datetime]
    # key (an API key), person (signed in to the dashboard) or cli (an operator on the host).
    actor_kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[str | None] = mapped_column(String(40), default=None)
    # The key's name (and prefix) or the person's name, as it was when the change was made.
    actor: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(300))
    # {"before": {...}, "after": {...}}: the fields that changed, secrets redacted.
    changes: Mapped[dict[str, Any]]
