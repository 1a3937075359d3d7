"""The report model: everything a format shows, built once by app.reports.service."""

from __future__ import annotations

import datetime as dt
from datetime import datetime

from pydantic import BaseModel, Field

from app.risk.schemas import Evidence, MessageOut, RiskOut


class ReportWatch(BaseModel):
    id: str
    brand_id: str
    brand_name: str
    kol_id: str
    kol_name: str
    stage: str


class ReasonOut(BaseModel):
    """One line of the decision's reasons, with the posts of the component it names."""

    text: str
    component: str | None
    evidence: list[Evidence]
    # `text` as data, so each format words it in the report's language.
    message: MessageOut | None = None
    # Every post of the named component is already quoted under an earlier reason.
    quotes_above: bool = False


class DayPoint(BaseModel):
    """One Asia/Shanghai day of the pairing's posts."""

    day: dt.date
    posts: int
    scored: int
    negative: int
    negative_share: float | None
    collab_posts: int = 0
    # Collaboration talk starts this day after a quiet spell: a leak or a rumour breaking.
    rumour_start: bool = False


class StanceEntry(BaseModel):
    post_id: str
    created_at: datetime
    platform: str
    url: str | None
    stance: str
    towards: list[str]
    quote: str


class PlatformCoverage(BaseModel):
    platform: str
    posts: int
    from_: datetime | None = Field(default=None, serialization_alias="from")
    to: datetime | None


class CollectionState(BaseModel):
    platform: str
    query: str
    last_success_at: datetime | None
    last_error_at: datetime | None
    last_error_kind: str | None
    items: int | None
    from_: datetime | None = Field(default=None, serialization_alias="from")
    to: datetime | None


class FailureGroup(BaseModel):
    """Failing queries of one platform with one cause: one line of the report, not thirty."""

    platform: str
    kind: str
    listings: int
    last_error_at: datetime | None
    last_success_at: datetime | None


class ReportCoverage(BaseModel):
    platforms: list[PlatformCoverage]
    posts: int
    from_: datetime | None = Field(default=None, serialization_alias="from")
    to: datetime | None
    collection: list[CollectionState]
    # Queries whose last attempt failed: what this report could not see.
    not_collected: list[CollectionState]
    # The same, grouped by platform and cause (what the report shows; details fold away).
    not_collected_groups: list[FailureGroup] = Field(default_factory=list)


class Report(BaseModel):
    watch: ReportWatch
    generated_at: datetime
    replay: bool
    risk: RiskOut
    top_reasons: list[ReasonOut]
    timeline: list[DayPoint]
    stance_history: list[StanceEntry]
    stance_total: int
    coverage: ReportCoverage
