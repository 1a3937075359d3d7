"""One shortlist candidate on a session: its risk read's headline, its fit, its change since
last week. app.candidates.reads reads the whole shortlist."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.candidates.schemas import (
    CandidateOut,
    CandidateSort,
    ChangeOut,
    FitOut,
    FitPartOut,
)
from app.fit.compute import FitMessage, FitRead, OwnPost, assess_fit
from app.fit.gather import fit_inputs, written_by
from app.i18n import translate
from app.models import Assessment, Brand, Kol, Mention, Post, Watch
from app.risk.schemas import Evidence, EvidenceAuthor, MessageOut, RiskOut

WEEK = timedelta(days=7)
QUOTE_CHARS = 140
_DECISION_ORDER = {"go": 0, "caution": 1, "no_go": 2}


def candidate(
    session: Session, brand: Brand, kol: Kol, watch: Watch, risk: RiskOut, now: datetime,
    lang: Literal["en", "zh"],
) -> CandidateOut:  # fmt: skip
    return CandidateOut(
        watch_id=watch.id,
        kol_id=kol.id,
        kol_name=kol.name,
        stage=watch.stage,
        decision=risk.decision,
        effective_decision=risk.effective_decision,
        level=risk.level,
        score=risk.score,
        confidence=risk.confidence,
        provisional=risk.provisional,
        followers=followers(session, kol),
        top_reason=risk.reasons[0] if risk.reasons else None,
        top_quote=top_quote(risk),
        change=change_since_last_week(session, watch, risk, now),
        components=risk.components,
        fit=fit_out(assess_fit(fit_inputs(session, brand, kol)), brand.tone, lang),
        evaluated_at=risk.evaluated_at,
    )


def top_quote(risk: RiskOut) -> Evidence | None:
    """The first evidence of the component weighing most in the score."""
    ranked = sorted(risk.components, key=lambda c: c.score * c.weight, reverse=True)
    for component in ranked:
        if component.evidence:
            return component.evidence[0]
    return None


def followers(session: Session, kol: Kol) -> int | None:
    """The follower count the KOL's latest own post carried."""
    return session.scalar(
        select(Post.author_followers)
        .join(Mention, Mention.post_id == Post.id)
        .where(*written_by(kol), Post.author_followers.is_not(None))
        .order_by(Mention.post_created_at.desc())
        .limit(1)
    )


def change_since_last_week(
    session: Session, watch: Watch, risk: RiskOut, now: datetime
) -> ChangeOut | None:
    then = session.scalar(
        select(Assessment)
        .where(Assessment.watch_id == watch.id, Assessment.evaluated_at <= now - WEEK)
        .order_by(Assessment.evaluated_at.desc())
        .limit(1)
    )
    if then is None:
        return None
    return ChangeOut(
        since=then.evaluated_at,
        score=round(risk.score - then.score, 1),
        decision_then=then.decision,
        level_then=then.level,
    )


def evidence_of(post: OwnPost) -> Evidence:
    quote = post.text if len(post.text) <= QUOTE_CHARS else post.text[: QUOTE_CHARS - 1] + "…"
    return Evidence(
        post_id=post.post_id,
        platform=post.platform,
        platform_id=post.platform_id,
        url=post.url,
        author=EvidenceAuthor(uid=post.author_uid, name=post.author_name, followers=None),
        created_at=post.created_at,
        quote=quote,
    )


def worded(message: FitMessage, lang: str) -> str:
    if lang == "en":
        return message.text
    return translate(lang, f"fit.msg.{message.key}", **message.params)


def message_of(message: FitMessage) -> MessageOut:
    return MessageOut(key=f"fit.msg.{message.key}", params=dict(message.params))


def fit_out(read: FitRead, brand_tone: str, lang: str = "en") -> FitOut:
    return FitOut(
        score=read.score,
        confidence=read.confidence,
        kol_tone=read.kol_tone,
        brand_tone=brand_tone if brand_tone in ("gentle", "sharp") else "neutral",
        parts=[
            FitPartOut(
                name=p.name,
                score=None if p.score is None else round(p.score, 3),
                value=None if p.value is None else round(p.value, 3),
                summary=worded(p.message, lang),
                summary_message=message_of(p.message),
                evidence=[evidence_of(e) for e in p.evidence],
            )
            for p in read.parts
        ],
        gaps=[worded(g, lang) for g in read.gaps],
        gap_messages=[message_of(g) for g in read.gaps],
    )


def sort_key(sort: CandidateSort) -> Callable[[CandidateOut], tuple[float, str]]:
    name = sort.lstrip("-")

    def key(c: CandidateOut) -> tuple[float, str]:
        value: float
        if name == "score":
            value = c.score
        elif name == "fit":
            value = c.fit.score if c.fit.score is not None else -1.0
        elif name == "decision":
            value = _DECISION_ORDER[c.effective_decision or c.decision]
        elif name == "followers":
            value = float(c.followers or 0)
        elif name == "change":
            value = c.change.score if c.change else 0.0
        else:
            value = 0.0
        return (value, c.kol_name)

    return key
