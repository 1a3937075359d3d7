"""Background sentiment scoring: posts without a score under the current model get one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, delete, exists, func, or_, select
from sqlalchemy.orm import Session

from app.bulk import insert_many
from app.changes import note_posts
from app.models import Mention, Post, PostScore, ScoreQueue
from sentiment import ModelInfo, Scorer, SentimentResult


@dataclass(frozen=True)
class InlineScoring:
    """Score a write's new posts in its own transaction when there are at most `max_posts`."""

    scorer: Scorer
    max_posts: int


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

    Pending posts are the score queue's (app.changes.enqueue_scoring), claimed with SKIP LOCKED
    on PostgreSQL so that two scorers never take the same post. Posts scored by an older model
    are queued once the queue runs dry, so a model upgrade never delays the reading of new ones.
    """
    model = model_key(scorer.model)
    if kol_id is not None and tenant_id is not None:
        ids = _pending_ids_of_kol(session, tenant_id, kol_id, model, limit)
        return score_posts(session, scorer, now, ids)
    ids = claim_queued(session, limit, tenant_id)
    if len(ids) < limit and enqueue_rescoring(session, model, limit - len(ids), now, tenant_id):
        ids += claim_queued(session, limit - len(ids), tenant_id)
    return score_posts(session, scorer, now, ids)


def claim_queued(session: Session, limit: int, tenant_id: str | None = None) -> list[str]:
    """The oldest queued posts, locked until this transaction ends; on PostgreSQL rows another
    scorer holds are skipped (SQLite has one writer at a time anyway)."""
    query = select(ScoreQueue.post_id).order_by(ScoreQueue.enqueued_at).limit(limit)
    if tenant_id is not None:
        query = query.where(ScoreQueue.tenant_id == tenant_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


QUEUED_OF_KOL = (
    select(ScoreQueue.post_id)
    .join(Mention, Mention.post_id == ScoreQueue.post_id)
    .where(
        ScoreQueue.tenant_id == bindparam("tenant"),
        Mention.entity_id == bindparam("kol"),
        Mention.role == "kol",
    )
    .limit(bindparam("limit"))
)


def queued_posts_of(session: Session, tenant_id: str, kol_id: str, limit: int) -> list[str]:
    """Up to `limit` of the KOL's posts in the score queue: the queue is short (the scoring job
    drains it), and each entry finds its mentions through their key, which leads with post_id."""
    params = {"tenant": tenant_id, "kol": kol_id, "limit": limit}
    return list(session.scalars(QUEUED_OF_KOL, params))


MODEL_ENDS = select(func.min(PostScore.model), func.max(PostScore.model))


def other_models(session: Session, model: str) -> bool:
    """Whether any score was written by another model: the two ends of the model index. One
    query on PostgreSQL, which reads both ends of an index for it; two on SQLite, which reads
    an index end only for a lone min() or max() (both together scan the table).

    Asked once per session: a risk read asks it at several steps, and within one session only
    scoring with `model` can change the answer, which can only turn it False; an answer kept
    True at worst takes the slower, always-correct path."""
    asked: dict[str, bool] = session.info.setdefault(OTHER_MODELS_ASKED, {})
    if model not in asked:
        asked[model] = _other_models(session, model)
    return asked[model]


OTHER_MODELS_ASKED = "kolrisk_other_models"


def _other_models(session: Session, model: str) -> bool:
    lowest: str | None
    highest: str | None
    if session.get_bind().dialect.name == "postgresql":
        lowest, highest = session.execute(MODEL_ENDS).one()
    else:
        lowest = session.scalar(select(func.min(PostScore.model)))
        highest = session.scalar(select(func.max(PostScore.model)))
    return lowest is not None and (lowest != model or highest != model)


def enqueue_rescoring(
    session: Session, model: str, limit: int, now: datetime, tenant_id: str | None = None
) -> int:
    """Queue up to `limit` posts scored by another model; return how many were queued."""
    if limit <= 0 or not other_models(session, model):
        return 0
    scope = [PostScore.tenant_id == tenant_id] if tenant_id is not None else []
    stale = (
        select(PostScore.post_id, PostScore.tenant_id)
        .where(
            or_(PostScore.model < model, PostScore.model > model),
            ~exists().where(ScoreQueue.post_id == PostScore.post_id),
            *scope,
        )
        .limit(limit)
    )
    rows = [
        {"post_id": post_id, "tenant_id": owner, "enqueued_at": now}
        for post_id, owner in session.execute(stale)
    ]
    return insert_many(session, ScoreQueue, rows, conflict_columns=("post_id",))


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


def score_rows(
    posts: Sequence[tuple[str, str]], results: Sequence[SentimentResult], now: datetime
) -> list[dict[str, Any]]:
    """Score table rows of these (post_id, tenant_id) pairs."""
    return [
        {"post_id": post_id, "tenant_id": tenant_id, "scored_at": now, **result_out(result)}
        for (post_id, tenant_id), result in zip(posts, results, strict=True)
    ]


def store_new_scores(
    session: Session,
    tenant_id: str,
    post_ids: Sequence[str],
    results: Sequence[SentimentResult],
    now: datetime,
) -> None:
    """Scores of posts inserted in this same transaction: nobody else can have queued or
    scored them yet, and the insert's own change record (app.changes.note_named) covers the
    scores, so this is one insert."""
    posts = [(post_id, tenant_id) for post_id in post_ids]
    insert_many(session, PostScore, score_rows(posts, results, now))


def store_scores(
    session: Session,
    posts: Sequence[tuple[str, str]],
    results: Sequence[SentimentResult],
    now: datetime,
) -> None:
    """Replace the scores of these (post_id, tenant_id) pairs."""
    post_ids = [post_id for post_id, _ in posts]
    # The queue rows first: a scorer that claimed them holds their locks, so waiting here
    # (never on scores it is writing) keeps the lock order of both the same.
    session.execute(delete(ScoreQueue).where(ScoreQueue.post_id.in_(post_ids)))
    session.execute(delete(PostScore).where(PostScore.post_id.in_(post_ids)))
    # A concurrent scorer of the same posts (two reads of one watch, or a read and the job,
    # after the queue rows were gone) may insert first: its score is as good as ours.
    insert_many(session, PostScore, score_rows(posts, results, now), conflict_columns=("post_id",))
    by_tenant: dict[str, list[str]] = {}
    for post_id, tenant_id in posts:
        by_tenant.setdefault(tenant_id, []).append(post_id)
    for tenant_id, tenant_posts in sorted(by_tenant.items()):
        note_posts(session, tenant_id, tenant_posts)
