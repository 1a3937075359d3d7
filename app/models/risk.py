from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, id_column, tenant_column

LEVELS = ("low", "medium", "high", "critical")
DECISIONS = ("go", "caution", "no_go")


def _watch_fk() -> Mapped[str]:
    return mapped_column(String(40), ForeignKey("watches.id", ondelete="CASCADE"))


class Assessment(Base):
    """A stored snapshot of a watch's *current* evaluation (as_of replays are never stored).

    seq counts a watch's snapshots; UNIQUE(watch_id, seq) makes two overlapping evaluations
    race for the same number, so only one of them can write a snapshot and a transition.
    """

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("watch_id", "seq"),
        Index("ix_assessments_watch_time", "watch_id", "evaluated_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    watch_id: Mapped[str] = _watch_fk()
    seq: Mapped[int] = mapped_column(Integer)
    evaluated_at: Mapped[dt.datetime]
    score: Mapped[float] = mapped_column(Float)
    level: Mapped[str] = mapped_column(String(10))
    decision: Mapped[str] = mapped_column(String(10))
    confidence: Mapped[float] = mapped_column(Float)
    # What the evaluation saw, so a read can tell whether new posts arrived since.
    posts_seen: Mapped[int] = mapped_column(Integer)
    inputs_marker: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]]


class Transition(Base):
    """A change of level or decision between two snapshots: the alert outbox row."""

    __tablename__ = "transitions"

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    watch_id: Mapped[str] = _watch_fk()
    assessment_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("assessments.id", ondelete="CASCADE"), unique=True
    )
    from_level: Mapped[str | None] = mapped_column(String(10))
    to_level: Mapped[str] = mapped_column(String(10))
    from_decision: Mapped[str | None] = mapped_column(String(10))
    to_decision: Mapped[str] = mapped_column(String(10))
    # "evidence" for new posts or scores; "model_change" when only a rescoring moved it, which
    # alerts summarise instead of firing per watch.
    cause: Mapped[str] = mapped_column(String(20), default="evidence", server_default="evidence")
    created_at: Mapped[dt.datetime] = mapped_column(index=True)
    # Set when the alert dispatcher has claimed the row.
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(default=None, index=True)


class Rollup(Base):
    """Per watch x Asia/Shanghai day x platform x sentiment bucket: counts and engagement."""

    __tablename__ = "rollups"

    watch_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("watches.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    bucket: Mapped[str] = mapped_column(String(10), primary_key=True)
    posts: Mapped[int] = mapped_column(Integer, default=0)
    engagement: Mapped[int] = mapped_column(BigInteger, default=0)
    # Earliest and latest created_at, and latest collected_at, of the row's posts: what lets
    # a risk read take coverage from whole days here (app.risk.coverage) instead of counting.
    first_at: Mapped[dt.datetime]
    last_at: Mapped[dt.datetime]
    last_collected_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class RollupState(Base):
    """How far a watch's rollups are built: changes after built_at are folded in next run."""

    __tablename__ = "rollup_state"

    watch_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("watches.id", ondelete="CASCADE"), primary_key=True
    )
    built_at: Mapped[dt.datetime]
    # What decides which posts belong to the watch (the KOL's names and the analyst's
    # exclusions) when the rollups were built; a change rebuilds them all.
    entities_marker: Mapped[str] = mapped_column(String(100))


class Coverage(Base):
    """Per watch x platform x query: what collection last achieved."""

    __tablename__ = "coverage"

    watch_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("watches.id", ondelete="CASCADE"), primary_key=True
    )
    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    query: Mapped[str] = mapped_column(String(300), primary_key=True)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    last_error_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    last_error_kind: Mapped[str | None] = mapped_column(String(50), default=None)
    last_error_message: Mapped[str | None] = mapped_column(Text, default=None)
    items: Mapped[int] = mapped_column(Integer, default=0)
    span_from: Mapped[dt.datetime | None] = mapped_column(default=None)
    span_to: Mapped[dt.datetime | None] = mapped_column(default=None)
    # Posts in gap_from..gap_to may exist that were not fetched yet: "backfill" while history is
    # first read, "gap" when a burst of new posts outran a pass's page budget. None once filled.
    gap_kind: Mapped[str | None] = mapped_column(String(20), default=None)
    gap_from: Mapped[dt.datetime | None] = mapped_column(default=None)
    gap_to: Mapped[dt.datetime | None] = mapped_column(default=None)
    updated_at: Mapped[dt.datetime]
