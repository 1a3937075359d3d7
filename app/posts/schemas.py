from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.schemas import Platform

Kind = Literal["post", "comment", "repost", "article", "video"]
Precision = Literal["second", "minute", "day", "month"]


class AuthorIn(BaseModel):
    model_config = ConfigDict(coerce_numbers_to_str=True, str_strip_whitespace=True)

    uid: str | None = Field(default=None, max_length=200)
    name: str | None = Field(default=None, max_length=200)
    followers: int | None = Field(default=None, ge=0)


class MetricsIn(BaseModel):
    likes: int | None = Field(default=None, ge=0)
    reposts: int | None = Field(default=None, ge=0)
    comments: int | None = Field(default=None, ge=0)
    views: int | None = Field(default=None, ge=0)


class PostIn(BaseModel):
    """One item of POST /v1/posts. Unknown fields are allowed and kept in raw."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)

    platform: Platform
    platform_id: str = Field(min_length=1, max_length=200)
    text: str
    created_at: datetime
    kind: Kind = "post"
    author: AuthorIn | None = None
    url: str | None = Field(default=None, max_length=4000)
    metrics: MetricsIn | None = None
    parent_platform_id: str | None = Field(default=None, max_length=200)
    collected_at: datetime | None = None
    raw: Any = None
    time_precision: Precision = "second"
    tombstone_reason: str | None = Field(default=None, max_length=200)


class Rejected(BaseModel):
    index: int
    reason: str


class IngestResult(BaseModel):
    inserted: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = Field(default_factory=list)


class AuthorOut(BaseModel):
    uid: str | None
    name: str | None
    followers: int | None


class MetricsOut(BaseModel):
    likes: int | None
    reposts: int | None
    comments: int | None
    views: int | None


class ScoreOut(BaseModel):
    polarity: float
    label: str
    confidence: float
    emotions: dict[str, float]
    cues: list[str]
    model: str


class MentionOut(BaseModel):
    entity_id: str
    role: str
    target: str
    matched: str
    via: str


class PostOut(BaseModel):
    id: str
    platform: str
    platform_id: str
    kind: str
    parent_platform_id: str | None
    text: str
    author: AuthorOut
    url: str | None
    metrics: MetricsOut
    metrics_updated_at: datetime | None
    created_at: datetime
    time_precision: str
    collected_at: datetime | None
    ingested_at: datetime
    cues: list[str]
    sentiment: ScoreOut | None
    mentions: list[MentionOut]
    tombstone: dict[str, Any] | None
    raw: Any
