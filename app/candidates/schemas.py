from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from app.risk.schemas import ComponentOut, Evidence, MessageOut
from app.schemas import Decision, Level
from app.watches.schemas import Stage

CandidateSort = Literal[
    "score", "-score", "fit", "-fit", "decision", "-decision", "followers", "-followers",
    "change", "-change", "name", "-name",
]  # fmt: skip
FitTone = Literal["gentle", "neutral", "sharp"]


class FitPartOut(BaseModel):
    name: str = Field(description="category, tone, audience or past_work")
    score: float | None = Field(description="0-1; null when there is no data for it")
    value: float | None = Field(description="the share measured (past_work: posts found)")
    summary: str = Field(description="in the language asked for (lang)")
    summary_message: MessageOut = Field(description="the summary as a key of fit.msg.* words")
    evidence: list[Evidence]


class FitOut(BaseModel):
    """Whether the KOL is right for the brand, kept apart from the risk decision."""

    score: float | None = Field(description="0-100; null when no part has data")
    confidence: float = Field(description="0-1: how much data stands behind it")
    kol_tone: FitTone | None
    brand_tone: FitTone
    parts: list[FitPartOut]
    gaps: list[str] = Field(description="what could not be read, and thin data")
    gap_messages: list[MessageOut] = Field(default_factory=list)


class ChangeOut(BaseModel):
    """Against the last snapshot stored at least seven days ago."""

    since: datetime
    score: float = Field(description="risk score now minus then")
    decision_then: Decision
    level_then: Level


class CandidateOut(BaseModel):
    watch_id: str
    kol_id: str
    kol_name: str
    stage: Stage
    decision: Decision
    effective_decision: Decision | None
    level: Level
    score: float
    confidence: float
    provisional: bool
    followers: int | None = Field(description="from the KOL's latest own post that said")
    top_reason: str | None
    top_quote: Evidence | None = Field(description="the strongest component's first evidence")
    change: ChangeOut | None = Field(description="null when no snapshot is a week old")
    components: list[ComponentOut]
    fit: FitOut
    evaluated_at: datetime


class CandidatesOut(BaseModel):
    brand_id: str
    brand_name: str
    category: str | None
    tone: FitTone
    sort: CandidateSort
    candidates: list[CandidateOut]
