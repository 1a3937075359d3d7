"""Builds the engine's inputs from the database, stores current snapshots and transitions."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from app.ids import new_id
from app.models import Assessment, Brand, Kol, Mention, Post, PostScore, Transition, Watch
from app.risk.engine import assess
from app.risk.inputs import PostFacts, RiskInputs
from app.risk.rules import DEFAULT_RULES, RiskRules
from app.risk.schemas import RiskHistoryOut, RiskOut, SnapshotOut, TransitionOut, risk_out
from app.scoring.service import count_pending, model_key
from sentiment import Scorer, normalize

REPLAY_NOTE = (
    "as_of replay: posts that existed then, read with today's stored text, metrics and aliases"
)


def _kol_posts(tenant_id: str, kol_id: str) -> ColumnElement[bool]:
    linked = exists().where(
        Mention.post_id == Post.id, Mention.entity_id == kol_id, Mention.role == "kol"
    )
    return and_(Post.tenant_id == tenant_id, linked)


def _known_at(as_of: datetime | None) -> list[ColumnElement[bool]]:
    if as_of is None:
        return []
    return [Post.created_at < as_of, or_(Post.collected_at.is_(None), Post.collected_at < as_of)]


def _brand_roles(
    session: Session, tenant_id: str, brand_id: str, kol_id: str
) -> dict[str, set[str]]:
    kol_mention = aliased(Mention)
    query = select(Mention.post_id, Mention.role).where(
        Mention.tenant_id == tenant_id,
        Mention.entity_id == brand_id,
        exists().where(
            kol_mention.post_id == Mention.post_id,
            kol_mention.entity_id == kol_id,
            kol_mention.role == "kol",
        ),
    )
    roles: dict[str, set[str]] = {}
    for post_id, role in session.execute(query):
        roles.setdefault(post_id, set()).add(role)
    return roles


def _venues(session: Session, tenant_id: str, brand_id: str) -> set[tuple[str, str]]:
    """(platform, platform_id) of posts written by the brand's executives or owned accounts."""
    query = (
        select(Post.platform, Post.platform_id)
        .join(Mention, Mention.post_id == Post.id)
        .where(
            Mention.tenant_id == tenant_id,
            Mention.entity_id == brand_id,
            Mention.role.in_(("executive", "owned")),
            Mention.via == "author",
        )
    )
    return {(platform, platform_id) for platform, platform_id in session.execute(query)}


def gather_inputs(
    session: Session, brand: Brand, kol: Kol, scorer: Scorer, as_of: datetime, replay: bool
) -> RiskInputs:
    tenant_id, current_model = brand.tenant_id, model_key(scorer.model)
    roles = _brand_roles(session, tenant_id, brand.id, kol.id)
    venues = _venues(session, tenant_id, brand.id)
    kol_mention = aliased(Mention)
    query = (
        select(Post, PostScore, kol_mention.via, kol_mention.matched)
        .join(
            kol_mention,
            and_(
                kol_mention.post_id == Post.id,
                kol_mention.entity_id == kol.id,
                kol_mention.role == "kol",
            ),
        )
        .outerjoin(PostScore, and_(PostScore.post_id == Post.id, PostScore.model == current_model))
        .where(Post.tenant_id == tenant_id, *_known_at(as_of if replay else None))
    )
    full_names = kol_full_names(kol)
    facts: list[PostFacts] = []
    pending = 0
    for post, score, via, matched in session.execute(query):
        pending += score is None
        kol_via = "author" if via == "author" else ("name" if matched in full_names else "alias")
        facts.append(_facts(post, score, kol_via, roles.get(post.id, set()), venues))
    return RiskInputs(
        brand_name=brand.name,
        kol_name=kol.name,
        as_of=as_of,
        posts=tuple(facts),
        pending_posts=pending,
        model_versions=(current_model,),
    )


def kol_full_names(kol: Kol) -> set[str]:
    """The KOL's name and handles, normalised: a match on these is no namesake's."""
    handles = [a["handle"] for a in kol.accounts if a.get("handle")]
    return {normalize(name) for name in (kol.name, *handles)}


def _facts(
    post: Post, score: PostScore | None, kol_via: str, roles: set[str], venues: set[tuple[str, str]]
) -> PostFacts:
    engagement = sum(v or 0 for v in (post.likes, post.reposts, post.comments))
    in_venue = (
        post.parent_platform_id is not None and (post.platform, post.parent_platform_id) in venues
    )
    return PostFacts(
        post_id=post.id,
        platform=post.platform,
        platform_id=post.platform_id,
        url=post.url,
        author_uid=post.author_uid,
        author_name=post.author_name,
        author_followers=post.author_followers,
        created_at=post.created_at,
        kind=post.kind,
        text=post.text,
        text_norm=post.text_norm,
        engagement=engagement,
        kol_via=kol_via,
        brand_roles=frozenset(roles),
        cues=tuple(post.cues),
        in_venue=in_venue,
        tombstone_reason=post.tombstone_reason,
        label=score.label if score else None,
        polarity=score.polarity if score else None,
        emotions=dict(score.emotions) if score else {},
        sentiment_cues=tuple(score.cues) if score else (),
    )


def rules_for(tenant_rules: dict[str, Any] | None) -> RiskRules:
    return DEFAULT_RULES if not tenant_rules else RiskRules(**tenant_rules)


def evaluate(
    session: Session,
    brand: Brand,
    kol: Kol,
    scorer: Scorer,
    rules: RiskRules,
    as_of: datetime,
    *,
    replay: bool,
) -> RiskOut:
    inputs = gather_inputs(session, brand, kol, scorer, as_of, replay)
    assessment = assess(inputs, rules)
    notes = [REPLAY_NOTE] if replay else []
    return risk_out(
        assessment, brand_id=brand.id, kol_id=kol.id, evaluated_at=as_of, stored=False, notes=notes
    )


def inputs_marker(session: Session, watch: Watch, brand: Brand, kol: Kol, scorer: Scorer) -> str:
    """Changes whenever anything the evaluation reads has changed since the last snapshot."""
    current_model = model_key(scorer.model)
    scored = exists().where(PostScore.post_id == Post.id, PostScore.model == current_model)
    row = session.execute(
        select(
            func.count(),
            func.max(Post.updated_at),
            func.count().filter(scored),
        ).where(_kol_posts(watch.tenant_id, kol.id))
    ).one()
    seen = f"{row[0]}|{row[1]}|{row[2]}|{brand.updated_at}|{kol.updated_at}|{current_model}"
    return hashlib.sha256(seen.encode()).hexdigest()


def latest_snapshot(session: Session, watch_id: str) -> Assessment | None:
    query = (
        select(Assessment)
        .where(Assessment.watch_id == watch_id)
        .order_by(Assessment.seq.desc())
        .limit(1)
    )
    return session.scalar(query)


def current_risk(
    session: Session,
    watch: Watch,
    brand: Brand,
    kol: Kol,
    scorer: Scorer,
    rules: RiskRules,
    now: datetime,
) -> RiskOut:
    """The stored snapshot if nothing changed since; otherwise evaluate, store, maybe transition."""
    marker = inputs_marker(session, watch, brand, kol, scorer)
    previous = latest_snapshot(session, watch.id)
    if previous is not None and previous.inputs_marker == marker:
        return RiskOut.model_validate(previous.payload)
    risk = evaluate(session, brand, kol, scorer, rules, now, replay=False)
    risk.watch_id = watch.id
    return store_snapshot(session, watch, risk, marker, previous, now)


def store_snapshot(
    session: Session,
    watch: Watch,
    risk: RiskOut,
    marker: str,
    previous: Assessment | None,
    now: datetime,
) -> RiskOut:
    risk.stored = True
    snapshot = Assessment(
        id=new_id("asm"),
        tenant_id=watch.tenant_id,
        watch_id=watch.id,
        seq=(previous.seq + 1) if previous else 1,
        evaluated_at=now,
        score=risk.score,
        level=risk.level,
        decision=risk.decision,
        confidence=risk.confidence,
        posts_seen=risk.coverage.posts,
        inputs_marker=marker,
        payload=risk.model_dump(mode="json", by_alias=True),
    )
    changed = previous is None or (previous.level, previous.decision) != (risk.level, risk.decision)
    try:
        with session.begin_nested():
            session.add(snapshot)
            session.flush()
            if changed:
                session.add(_transition(snapshot, previous, now))
                session.flush()
    except IntegrityError:
        # An overlapping evaluation stored this step first; ours is the same reading, unstored.
        risk.stored = False
    return risk


def _transition(snapshot: Assessment, previous: Assessment | None, now: datetime) -> Transition:
    return Transition(
        id=new_id("trn"),
        tenant_id=snapshot.tenant_id,
        watch_id=snapshot.watch_id,
        assessment_id=snapshot.id,
        from_level=previous.level if previous else None,
        to_level=snapshot.level,
        from_decision=previous.decision if previous else None,
        to_decision=snapshot.decision,
        cause=_cause(snapshot, previous),
        created_at=now,
    )


def _cause(snapshot: Assessment, previous: Assessment | None) -> str:
    """ "model_change" when the scorer changed and nothing else did: alerts summarise those."""
    if previous is None:
        return "evidence"
    same_posts = previous.posts_seen == snapshot.posts_seen
    new_model = previous.payload.get("model_versions") != snapshot.payload.get("model_versions")
    return "model_change" if same_posts and new_model else "evidence"


def history(session: Session, watch: Watch, limit: int = 500) -> RiskHistoryOut:
    snapshots = session.scalars(
        select(Assessment)
        .where(Assessment.watch_id == watch.id)
        .order_by(Assessment.seq.desc())
        .limit(limit)
    )
    transitions = session.scalars(
        select(Transition)
        .where(Transition.watch_id == watch.id)
        .order_by(Transition.created_at.desc())
        .limit(limit)
    )
    return RiskHistoryOut(
        watch_id=watch.id,
        snapshots=[SnapshotOut.model_validate(s, from_attributes=True) for s in snapshots],
        transitions=[TransitionOut.model_validate(t, from_attributes=True) for t in transitions],
    )


__all__ = ["count_pending", "current_risk", "evaluate", "history", "rules_for"]
