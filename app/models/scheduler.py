from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class SchedulerLease(Base):
    """Who may run jobs: one row per lease name; a holder must renew it before it expires."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class JobState(Base):
    """The last run of each scheduled job, for `kolrisk jobs list` and /readyz."""

    __tablename__ = "job_state"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    last_started_at: Mapped[datetime | None] = mapped_column(default=None)
    last_finished_at: Mapped[datetime | None] = mapped_column(default=None)
    last_ok: Mapped[bool | None] = mapped_column(Boolean, default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    last_result: Mapped[str | None] = mapped_column(String(200), default=None)
    runs: Mapped[int] = mapped_column(Integer, default=0)


class PlatformPace(Base):
    """When each platform may next be asked: the request pace shared by every worker, taken
    row-locked (SELECT ... FOR UPDATE) and moved on by one gap per request."""

    __tablename__ = "platform_pace"

    platform: Mapped[str] = mapped_column(String(40), primary_key=True)
    next_allowed_at: Mapped[datetime]
