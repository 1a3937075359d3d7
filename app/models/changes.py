"""What changed, kept where the work that follows it can find it without scanning.

Ingest, scoring, re-cueing and erasure write these in their own transactions; the scoring job,
the rollups and risk reads consume or compare them. Each row is small and written once per
batch, so the cost of a change grows with the change, never with the database.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, tenant_column


class ScoreQueue(Base):
    """A post waiting for a score under the current model: written in the transaction that
    stores (or re-texts) the post, deleted in the one that scores it."""

    __tablename__ = "score_queue"
    # Claims take the oldest first; /metrics reads the oldest's age from the same end.
    __table_args__ = (Index("ix_score_queue_enqueued_at", "enqueued_at"),)

    post_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    tenant_id: Mapped[str] = tenant_column(indexed=False)
    enqueued_at: Mapped[dt.datetime]


class EntityStamp(Base):
    """A counter per brand or KOL, moved by every change to a post that names it (stored,
    re-texted, scored, re-cued, erased). A watch's stored assessment stands while its brand's
    and its KOL's counters have not moved: a post naming someone else never touches it."""

    __tablename__ = "entity_stamps"

    entity_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    tenant_id: Mapped[str] = tenant_column()
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class EntityChange(Base):
    """Which posts one move of an entity's stamp was about. A risk read that keeps a watch's
    post facts in memory at an older stamp reloads only the posts of the moves since
    (app.risk.facts_cache) instead of every post of the KOL. post_ids None: the move was about
    too many posts, or unknown ones (an erasure); the reader then reloads them all."""

    __tablename__ = "entity_changes"

    entity_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    tenant_id: Mapped[str] = tenant_column()
    post_ids: Mapped[list[str] | None] = mapped_column(nullable=True)


class RollupChange(Base):
    """A day of a watch's posts that changed since its rollups were built. The build that folds
    it in deletes it in the same transaction, so a row committed late is simply folded in by
    the next build: no clock, no margin. A risk read counts these days live meanwhile."""

    __tablename__ = "rollup_changes"
    __table_args__ = (Index("ix_rollup_changes_watch_day", "watch_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    watch_id: Mapped[str] = mapped_column(String(40), ForeignKey("watches.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
