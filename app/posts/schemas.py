from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, NotRequired

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, with_config
from typing_extensions import TypedDict

from app.clock import POST_TIME_RANGE
from app.schemas import Platform, SentimentLabel
from app.storable import MAX_INT64

Kind = Literal["post", "comment", "repost", "article", "video"]
Precision = Literal["second", "minute", "day", "month"]


POST_TIME_TEXT = (
    f"ISO 8601, without an offset read as Asia/Shanghai; {POST_TIME_RANGE} (an item dated "
    "outside it is rejected with the reason)"
)

# The items of POST /v1/posts are TypedDicts, not models: validated into plain dicts they cost
# a third as much, and ingest checks some 10^4 of them a second (see app.bench).


@with_config(ConfigDict(coerce_numbers_to_str=True, str_strip_whitespace=True))
class AuthorIn(TypedDict, total=False):
    uid: Annotated[str | None, Field(max_length=200)]
    name: Annotated[str | None, Field(max_length=200)]
    followers: Annotated[int | None, Field(ge=0, le=MAX_INT64)]


@with_config(ConfigDict(extra="ignore"))
class MetricsIn(TypedDict, total=False):
    likes: Annotated[int | None, Field(ge=0, le=MAX_INT64)]
    reposts: Annotated[int | None, Field(ge=0, le=MAX_INT64)]
    comments: Annotated[int | None, Field(ge=0, le=MAX_INT64)]
    views: Annotated[int | None, Field(ge=0, le=MAX_INT64)]


@with_config(ConfigDict(extra="allow", coerce_numbers_to_str=True))
class PostIn(TypedDict):
    """One item of POST /v1/posts. Unknown fields are allowed and kept in raw."""

    platform: Platform
    platform_id: Annotated[str, Field(min_length=1, max_length=200)]
    text: str
    created_at: Annotated[datetime, Field(description=POST_TIME_TEXT)]
    kind: NotRequired[Annotated[Kind, Field(description='default "post"')]]
    author: NotRequired[AuthorIn | None]
    url: NotRequired[Annotated[str | None, Field(max_length=4000)]]
    metrics: NotRequired[MetricsIn | None]
    parent_platform_id: NotRequired[Annotated[str | None, Field(max_length=200)]]
    collected_at: NotRequired[Annotated[datetime | None, Field(description=POST_TIME_TEXT)]]
    raw: NotRequired[Any]
    time_precision: NotRequired[Annotated[Precision, Field(description='default "second"')]]
    tombstone_reason: NotRequired[Annotated[str | None, Field(max_length=200)]]


POST_IN: TypeAdapter[PostIn] = TypeAdapter(PostIn)
POST_IN_FIELDS = PostIn.__required_keys__ | PostIn.__optional_keys__


def unknown_fields(post: PostIn) -> dict[str, Any]:
    """The fields of a validated item that PostIn does not name (kept in raw)."""
    if post.keys() <= POST_IN_FIELDS:
        return {}
    return {key: value for key, value in post.items() if key not in POST_IN_FIELDS}


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
    label: SentimentLabel
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
    platform: Platform
    platform_id: str
    kind: Kind
    parent_platform_id: str | None
    text: str
    author: AuthorOut
    url: str | None
    metrics: MetricsOut
    metrics_updated_at: datetime | None
    created_at: datetime
    time_precision: Precision
    collected_at: datetime | None
    ingested_at: datetime
    cues: list[str]
    sentiment: ScoreOut | None
    mentions: list[MentionOut]
    tombstone: dict[str, Any] | None
    raw: Any
    # When retention dropped `raw` (KOLRISK_RETENTION_POST_RAW_DAYS); null while it is kept.
    raw_dropped_at: datetime | None = None
