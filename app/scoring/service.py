"""Background sentiment scoring: posts without a score under the current model get one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, func, select
from sqlalchemy.orm import Session

from app.bulk import insert_many
from app.models import Mention, Post, PostScore, Tenant
from app.models.tenant import bump_version
from sentiment import ModelInfo, Scorer, SentimentResult


def model_key(model: ModelInfo) -> str:
    return f"{model.name}:{model.version}"


def result_out(result: SentimentResult) -> dict[str, Any]:
    return {
        "polarity": round(result.polarity, 4),
        "label": result.label,
        "confidence": round(result.confidence, 4),
        "emotions": {k: round(v, 4) for k, v in result.emotions.items()},
        "cues": list(result.cues),
        "model": model_key(result.model),
    }


def _pending_condition(current_model: str) -> ColumnElement[bool]:
    scored = exists().where(PostScore.post_id == Post.id, PostScore.model == current_model)
    return ~scored


def _watch_condition(kol_id: str) -> ColumnElement[bool]:
    return exists().where(
        Mention.post_id == Post.id, Mention.entity_id == kol_id, Mention.role == "kol"
    )


def count_pending(
    session: Session, tenant_id: str, scorer: Scorer, kol_id: str | None = None
) -> int:
    conditions = [Post.tenant_id == tenant_id, _pending_condition(model_key(scorer.model))]
    if kol_id is not None:
        conditions.append(_watch_condition(kol_id))
    return session.scalar(select(func.count()).select_from(Post).where(*conditions)) or 0


def score_pending(
    session: Session,
    scorer: Scorer,
    now: datetime,
    *,
    limit: int,
    tenant_id: str | None = None,
    kol_id: str | None = None,
) -> int:
    """Score up to `limit` pending posts (all tenants unless one is given); return how many.

    Posts never scored go first; posts scored by an older model are rescored after them, so a
    model upgrade never delays the reading of new posts.
    """
    model = model_key(scorer.model)
    if kol_id is not None and tenant_id is not None:
        ids = _pending_ids_of_kol(session, tenant_id, kol_id, model, limit)
        return score_posts(session, scorer, now, ids)
    return _score_rows(session, scorer, now, _pending_rows(session, model, limit, tenant_id))


def score_posts(session: Session, scorer: Scorer, now: datetime, post_ids: Sequence[str]) -> int:
    """Score (or rescore) these posts; return how many."""
    if not post_ids:
        return 0
    query = select(Post.id, Post.tenant_id, Post.text).where(Post.id.in_(post_ids))
    return _score_rows(session, scorer, now, list(session.execute(query)))


def _score_rows(session: Session, scorer: Scorer, now: datetime, rows: list[Any]) -> int:
    if not rows:
        return 0
    results = scorer.score_many([text for _, _, text in rows])
    store_scores(session, [(pid, tid) for pid, tid, _ in rows], results, now)
    return len(rows)


def _pending_rows(session: Session, model: str, limit: int, tenant_id: str | None) -> list[Any]:
    scope = [Post.tenant_id == tenant_id] if tenant_id is not None else []
    never_scored = ~exists().where(PostScore.post_id == Post.id)
    stale = exists().where(PostScore.post_id == Post.id, PostScore.model != model)
    rows: list[Any] = []
    for condition in (never_scored, stale):
        if len(rows) < limit:
            query = select(Post.id, Post.tenant_id, Post.text).where(condition, *scope)
            rows += session.execute(query.limit(limit - len(rows))).all()
    return rows


def _pending_ids_of_kol(
    session: Session, tenant_id: str, kol_id: str, model: str, limit: int
) -> list[str]:
    """Walk the KOL's mentions (an index) rather than the tenant's posts: at a million posts
    this is what keeps a risk read that finds new posts from scanning the posts table."""
    ids: list[str] = []
    never_scored = PostScore.post_id.is_(None)
    stale = PostScore.model != model
    for condition in (never_scored, stale):
        if len(ids) < limit:
            query = (
                select(Mention.post_id)
                .outerjoin(PostScore, PostScore.post_id == Mention.post_id)
                .where(
                    Mention.tenant_id == tenant_id,
                    Mention.entity_id == kol_id,
                    Mention.role == "kol",
                    condition,
                )
                .limit(limit - len(ids))
            )
            ids += session.scalars(query)
    return ids


def store_scores(
    session: Session,
    posts: Sequence[tuple[str, str]],
    results: Sequence[SentimentResult],
    now: datetime,
) -> None:
    """Replace the scores of these (post_id, tenant_id) pairs."""
    post_ids = [post_id for post_id, _ in posts]
    session.execute(delete(PostScore).where(PostScore.post_id.in_(post_ids)))
    rows = [
        {"post_id": post_id, "tenant_id": tenant_id, "scored_at": now, **result_out(result)}
        for (post_id, tenant_id), result in zip(posts, results, strict=True)
    ]
    insert_many(session, PostScore, rows)
    for tenant_id in {tenant_id for _, tenant_id in posts}:
        bump_version(session, tenant_id, Tenant.scores_version)
