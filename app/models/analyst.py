"""An analyst's corrections to a watch, each recorded with who made it and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, id_column, tenant_column


def _watch_key() -> Mapped[str]:
    return mapped_column(String(40), ForeignKey("watches.id", ondelete="CASCADE"), primary_key=True)


class IrrelevantPost(Base):
    """A post the analyst ruled out of a watch (a namesake, spam, an unrelated thread)."""

    __tablename__ = "irrelevant_posts"

    watch_id: Mapped[str] = _watch_key()
    post_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class ExcludedAlias(Base):
    """An alias that names someone else in this watch's context (小鹿 is also a common word):
    posts tied to the KOL only through it are left out of the watch."""

    __tablename__ = "excluded_aliases"

    watch_id: Mapped[str] = _watch_key()
    alias: Mapped[str] = mapped_column(String(200), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class DecisionOverride(Base):
    """An analyst's decision shown beside the computed one; the latest unrevoked one applies."""

    __tablename__ = "decision_overrides"

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    watch_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("watches.id", ondelete="CASCADE"), index=True
    )
    decision: Mapped[str] = mapped_column(String(10))
    rationale: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    revoked_by: Mapped[str | None] = mapped_column(String(200), default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
