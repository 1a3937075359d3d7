from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from app.schemas import Decision, Level, Moment, Strict

Status = Literal["firing", "resolved"]


class AlertOut(BaseModel):
    id: str
    watch_id: str
    rule: str
    fingerprint: str
    status: Status
    level: Level
    decision: Decision
    score: float
    started_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    last_notified_at: datetime | None
    acked_at: datetime | None
    acked_by: str | None
    silenced: bool
    watch_url: str


class SilenceCreate(Strict):
    ends_at: Moment
    starts_at: Moment | None = None
    reason: str | None = Field(default=None, max_length=500)


class SilenceOut(BaseModel):
    id: str
    watch_id: str
    starts_at: datetime
    ends_at: datetime
    reason: str | None
    created_by: str
    created_at: datetime
    active: bool
