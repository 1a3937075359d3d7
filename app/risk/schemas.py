from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from app.risk.engine import Assessment, Component
from app.risk.inputs import PostFacts

QUOTE_CHARS = 140


class EvidenceAuthor(BaseModel):
    uid: str | None
    name: str | None
    followers: int | None


class Evidence(BaseModel):
    post_id: str
    platform: str
    platform_id: str
    url: str | None
    author: EvidenceAuthor
    created_at: datetime
    quote: str
    sentiment: str | None = None
    cues: list[str] = Field(default_factory=list)


class ComponentOut(BaseModel):
    name: str
    score: float
    weight: float
    summary: str
    evidence: list[Evidence]


class CoverageOut(BaseModel):
    platforms: dict[str, int]
    from_: datetime | None = Field(default=None, alias="from", serialization_alias="from")
    to: datetime | None
    posts: int
    # Platforms the watch's collection could not reach, with why (e.g. login_required).
    not_collected: dict[str, str] = Field(default_factory=dict)

    model_config = {"populate_by_name": True}


class OverrideOut(BaseModel):
    decision: str
    rationale: str
    created_by: str
    created_at: datetime


class RiskOut(BaseModel):
    watch_id: str | None = None
    brand_id: str
    kol_id: str
    score: float
    level: str
    decision: str
    reasons: list[str]
    components: list[ComponentOut]
    coverage: CoverageOut
    confidence: float
    as_of: datetime
    evaluated_at: datetime
    stored: bool
    model_versions: list[str]
    pending_posts: int
    notes: list[str] = Field(default_factory=list)
    # An analyst's override, shown beside the computed decision; effective_decision is what the
    # team decided (the override when there is one). Alerts follow the computed decision.
    override: OverrideOut | None = None
    effective_decision: str | None = None


class TransitionOut(BaseModel):
    id: str
    assessment_id: str
    from_level: str | None
    to_level: str
    from_decision: str | None
    to_decision: str
    cause: str
    created_at: datetime


class SnapshotOut(BaseModel):
    id: str
    evaluated_at: datetime
    score: float
    level: str
    decision: str
    confidence: float


class RiskHistoryOut(BaseModel):
    watch_id: str
    snapshots: list[SnapshotOut]
    transitions: list[TransitionOut]


def evidence_of(post: PostFacts) -> Evidence:
    quote = post.text if len(post.text) <= QUOTE_CHARS else post.text[: QUOTE_CHARS - 1] + "…"
    return Evidence(
        post_id=post.post_id,
        platform=post.platform,
        platform_id=post.platform_id,
        url=post.url,
        author=EvidenceAuthor(
            uid=post.author_uid, name=post.author_name, followers=post.author_followers
        ),
        created_at=post.created_at,
        quote=quote,
        sentiment=post.label,
        cues=[*post.cues, *post.sentiment_cues],
    )


def component_out(component: Component) -> ComponentOut:
    return ComponentOut(
        name=component.name,
        score=component.score,
        weight=component.weight,
        summary=component.summary,
        evidence=[evidence_of(p) for p in component.evidence],
    )


def risk_out(
    assessment: Assessment, *, brand_id: str, kol_id: str, evaluated_at: datetime, **extra: Any
) -> RiskOut:
    coverage = assessment.coverage
    return RiskOut(
        brand_id=brand_id,
        kol_id=kol_id,
        score=assessment.score,
        level=assessment.level,
        decision=assessment.decision,
        reasons=list(assessment.reasons),
        components=[component_out(c) for c in assessment.components],
        coverage=CoverageOut(
            not_collected=coverage.not_collected,
            platforms=coverage.platforms,
            from_=coverage.start,
            to=coverage.end,
            posts=coverage.posts,
        ),
        confidence=assessment.confidence,
        as_of=assessment.as_of,
        evaluated_at=evaluated_at,
        model_versions=list(assessment.model_versions),
        pending_posts=assessment.pending_posts,
        **extra,
    )
