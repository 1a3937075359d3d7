from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from app.risk.engine import Component, RiskReading
from app.risk.inputs import PostFacts
from app.risk.messages import Message, MessageLang, render, render_or
from app.schemas import Decision, Level, Platform, SentimentLabel

QUOTE_CHARS = 140


class EvidenceAuthor(BaseModel):
    uid: str | None
    name: str | None
    followers: int | None


class Evidence(BaseModel):
    post_id: str
    platform: Platform
    platform_id: str
    url: str | None
    author: EvidenceAuthor
    created_at: datetime
    quote: str
    sentiment: SentimentLabel | None = None
    cues: list[str] = Field(default_factory=list)
    # Set when the post was erased at its author's request (PIPL): the quote then says so.
    removed_on_request: dt.date | None = None


class MessageOut(BaseModel):
    """A sentence as data: a key of app.risk.messages and its parameters."""

    key: str
    params: dict[str, str | int | float] = Field(default_factory=dict)

    def message(self) -> Message:
        return Message(self.key, dict(self.params))


class ComponentOut(BaseModel):
    name: str
    score: float
    weight: float
    summary: str
    evidence: list[Evidence]
    # The summary as data, for other languages; None in snapshots stored before it existed.
    summary_message: MessageOut | None = None


class CoverageOut(BaseModel):
    platforms: dict[str, int]
    from_: datetime | None = Field(default=None, alias="from", serialization_alias="from")
    to: datetime | None
    posts: int
    # Platforms the watch's collection could not reach, with why (e.g. login_required).
    not_collected: dict[str, str] = Field(default_factory=dict)

    model_config = {"populate_by_name": True}


class OverrideOut(BaseModel):
    decision: Decision
    rationale: str
    created_by: str
    created_at: datetime


class RiskOut(BaseModel):
    """An assessment of a brand × KOL pairing: the decision, why, and how sure it is."""

    watch_id: str | None = None
    brand_id: str
    kol_id: str
    score: float = Field(description="Risk, 0-100.", examples=[96.0])
    level: Level = Field(description="low, medium, high or critical.", examples=["critical"])
    decision: Decision = Field(
        description="go, caution or no_go. With `provisional` true, show it as a preliminary call.",
        examples=["no_go"],
    )
    reasons: list[str] = Field(
        description="The top drivers, one line each: the rule that decided first. English by "
        "default; `lang=zh` for Chinese."
    )
    # `reasons` as data, one per reason; empty in snapshots stored before they existed.
    reason_messages: list[MessageOut] = Field(default_factory=list)
    components: list[ComponentOut] = Field(
        description="Each warning sign's score, weight, summary and the stored posts that show it."
    )
    coverage: CoverageOut
    confidence: float = Field(
        description="0-1: more posts, more platforms, scored posts and reachable platforms "
        "raise it.",
        examples=[0.99],
    )
    provisional: bool = Field(
        False,
        description="Confidence is below the tenant's firm_confidence_from (0.5 by default): "
        "show `decision` as a preliminary call (the dashboard says 初步判断 · 数据不足), with "
        "`shortfalls` beside it. `decision` itself is unchanged.",
    )
    shortfalls: list[str] = Field(
        default_factory=list,
        description="What keeps the call from being firm and what to collect, one line each "
        "(English by default, `lang=zh` in Chinese); `shortfall_messages` holds them as data.",
    )
    shortfall_messages: list[MessageOut] = Field(default_factory=list)
    as_of: datetime
    evaluated_at: datetime
    stored: bool
    model_versions: list[str]
    pending_posts: int = Field(description="Posts not scored yet, left out of this reading.")
    notes: list[str] = Field(default_factory=list)
    # An analyst's override, shown beside the computed decision; effective_decision is what the
    # team decided (the override when there is one). Alerts follow the computed decision.
    override: OverrideOut | None = None
    effective_decision: Decision | None = None


class TransitionOut(BaseModel):
    id: str
    assessment_id: str
    from_level: Level | None
    to_level: Level
    from_decision: Decision | None
    to_decision: Decision
    cause: str
    created_at: datetime


class SnapshotOut(BaseModel):
    id: str
    evaluated_at: datetime
    score: float
    level: Level
    decision: Decision
    confidence: float


class RiskHistoryOut(BaseModel):
    watch_id: str
    snapshots: list[SnapshotOut]
    transitions: list[TransitionOut]


def quote_of(text: str) -> str:
    """A post's text as evidence quotes it: whole up to QUOTE_CHARS, cut with an ellipsis."""
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def evidence_of(post: PostFacts) -> Evidence:
    quote = quote_of(post.text)
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


def message_out(message: Message) -> MessageOut:
    return MessageOut(key=message.key, params=dict(message.params))


def component_out(component: Component) -> ComponentOut:
    return ComponentOut(
        name=component.name,
        score=component.score,
        weight=component.weight,
        summary=component.summary,
        evidence=[evidence_of(p) for p in component.evidence],
        summary_message=message_out(component.message),
    )


def _texts(texts: list[str], messages: list[MessageOut], lang: MessageLang) -> list[str]:
    """Sentences in lang; the stored English where messages are missing (old snapshots)."""
    if len(messages) != len(texts):
        return list(texts)
    return [render_or(text, m.message(), lang) for text, m in zip(texts, messages, strict=True)]


def reason_texts(risk: RiskOut, lang: MessageLang) -> list[str]:
    return _texts(risk.reasons, risk.reason_messages, lang)


def shortfall_texts(risk: RiskOut, lang: MessageLang) -> list[str]:
    return _texts(risk.shortfalls, risk.shortfall_messages, lang)


def summary_text(component: ComponentOut, lang: MessageLang) -> str:
    message = component.summary_message.message() if component.summary_message else None
    return render_or(component.summary, message, lang)


def localised(risk: RiskOut, lang: MessageLang) -> RiskOut:
    """A copy whose reasons and summaries read in lang; the messages stay as they are."""
    if lang == "en":
        return risk
    components = [c.model_copy(update={"summary": summary_text(c, lang)}) for c in risk.components]
    update = {
        "reasons": reason_texts(risk, lang),
        "components": components,
        "shortfalls": shortfall_texts(risk, lang),
    }
    return risk.model_copy(update=update)


def risk_out(
    assessment: RiskReading, *, brand_id: str, kol_id: str, evaluated_at: datetime, **extra: Any
) -> RiskOut:
    coverage = assessment.coverage
    return RiskOut(
        brand_id=brand_id,
        kol_id=kol_id,
        score=assessment.score,
        level=assessment.level,
        decision=assessment.decision,
        reasons=list(assessment.reasons),
        reason_messages=[message_out(m) for m in assessment.messages],
        components=[component_out(c) for c in assessment.components],
        coverage=CoverageOut(
            not_collected=coverage.not_collected,
            platforms=coverage.platforms,
            from_=coverage.start,
            to=coverage.end,
            posts=coverage.posts,
        ),
        confidence=assessment.confidence,
        provisional=assessment.provisional,
        shortfalls=[render(m, "en") for m in assessment.shortfalls],
        shortfall_messages=[message_out(m) for m in assessment.shortfalls],
        as_of=assessment.as_of,
        evaluated_at=evaluated_at,
        model_versions=list(assessment.model_versions),
        pending_posts=assessment.pending_posts,
        **extra,
    )
