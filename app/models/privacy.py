"""Personal-data requests (PIPL): what was erased, kept without the personal data itself."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, id_column, tenant_column


class Erasure(Base):
    """One erasure request carried out. The author is kept only as a hash of (platform, uid),
    enough to show that a given request was answered without keeping who it named."""

    __tablename__ = "erasures"

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    platform: Mapped[str] = mapped_column(String(20))
    subject_hash: Mapped[str] = mapped_column(String(64), index=True)
    requested_by: Mapped[str] = mapped_column(String(200))
    requested_at: Mapped[datetime]
    # What was removed, per kind of record ({"posts": 3, "assessments": 2, ...}).
    removed: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ErasedPost(Base):
    """A post deleted on request: its (opaque) id stays known, so evidence and links that
    pointed at it read "removed on request (date)" instead of breaking."""

    __tablename__ = "erased_posts"

    post_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    tenant_id: Mapped[str] = tenant_column()
    erasure_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("erasures.id", ondelete="CASCADE"), index=True
    )
    erased_at: Mapped[datetime]
