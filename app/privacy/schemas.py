from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from app.schemas import Platform, Strict


class ErasureSubjectIn(Strict):
    platform: Platform
    uid: str = Field(min_length=1, max_length=200)


class PostHeld(BaseModel):
    id: str
    platform_id: str
    kind: str
    created_at: datetime
    url: str | None
    author_name: str | None
    text: str


class MentionHeld(BaseModel):
    post_id: str
    entity_id: str
    role: str
    target: str


class AccountHeld(BaseModel):
    role: str = Field(description="kol, owned (a brand's account) or executive")
    entity_id: str
    entity: str
    person: str | None
    handle: str | None


class QuotedIn(BaseModel):
    kind: str = Field(description="assessment (a stored snapshot) or alert_event")
    id: str
    watch_id: str | None
    at: datetime


class ErasureOut(BaseModel):
    id: str
    platform: str
    requested_by: str
    requested_at: datetime
    removed: dict[str, Any]


class FindingsOut(BaseModel):
    """What this tenant holds about one author."""

    platform: str
    uid: str
    posts: list[PostHeld]
    mentions: list[MentionHeld]
    accounts: list[AccountHeld]
    evidence: list[QuotedIn]
    erasures: list[ErasureOut] = Field(description="earlier erasures for this author")


class ReevaluatedWatch(BaseModel):
    watch_id: str
    decision: str
    level: str
    score: float


class ErasureDone(ErasureOut):
    watches: list[ReevaluatedWatch]
