"""Per watch x Asia/Shanghai day x platform x sentiment bucket: post counts and engagement.

Built incrementally: only days holding posts changed or scored since the last build are
recomputed; a change to the KOL's names (which moves posts in or out of the watch) rebuilds all.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, cast, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from app.models import Kol, Mention, Post, PostScore, Rollup, RollupState, Watch

# Rows committed a little after our read began still carry earlier timestamps; re-reading a
# minute of changes next time costs little and loses nothing.
SAFETY_MARGIN = timedelta(minutes=1)


def shanghai_day(session: Session, column: Any) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("Asia/Shanghai", column), Date)
    # SQLite keeps UTC text; Shanghai has had no daylight saving since 1991, so +8 h is exact.
    return func.date(column, "+8 hours")


def _watch_posts(watch: Watch) -> ColumnElement[bool]:
    return and_(
        Post.tenant_id == watch.tenant_id,
        Mention.post_id == Post.id,
        Mention.entity_id == watch.kol_id,
        Mention.role == "kol",
    )


def _dirty_days(session: Session, watch: Watch, since: datetime) -> list[dt.date | str]:
    """Days of any of the tenant's posts changed since: an edit may also move a post *out* of
    the watch, so the watch's own posts alone would miss the day it left."""
    day = shanghai_day(session, Post.created_at)
    query = (
        select(day)
        .select_from(Post)
        .outerjoin(PostScore, PostScore.post_id == Post.id)
        .where(
            Post.tenant_id == watch.tenant_id,
            or_(Post.updated_at > since, PostScore.scored_at > since),
        )
        .distinct()
    )
    return list(session.scalars(query))


def _aggregate(
    session: Session, watch: Watch, days: list[dt.date | str] | None
) -> list[dict[str, Any]]:
    day = shanghai_day(session, Post.created_at)
    bucket = func.coalesce(PostScore.label, "pending")
    engagement = (
        func.coalesce(Post.likes, 0)
        + func.coalesce(Post.reposts, 0)
        + func.coalesce(Post.comments, 0)
    )
    query = (
        select(day, Post.platform, bucket, func.count(), func.sum(engagement))
        .select_from(Post)
        .join(Mention, Mention.post_id == Post.id)
        .outerjoin(PostScore, PostScore.post_id == Post.id)
        .where(_watch_posts(watch))
        .group_by(day, Post.platform, bucket)
    )
    if days is not None:
        query = query.where(day.in_(days))
    return [
        {
            "watch_id": watch.id,
            "day": d if isinstance(d, dt.date) else dt.date.fromisoformat(d),
            "platform": platform,
            "bucket": label,
            "posts": count,
            "engagement": int(total or 0),
        }
        for d, platform, label, count, total in session.execute(query)
    ]


def build_rollups(session: Session, watch: Watch, now: datetime) -> int:
    """Bring one watch's rollups up to date; return how many day rows were rewritten."""
    kol = session.get(Kol, watch.kol_id)
    marker = f"{kol.updated_at if kol else ''}|{kol.links_stale if kol else ''}"
    state = session.get(RollupState, watch.id)
    if state is None or state.entities_marker != marker:
        session.execute(delete(Rollup).where(Rollup.watch_id == watch.id))
        rows = _aggregate(session, watch, None)
    else:
        days = _dirty_days(session, watch, state.built_at)
        if not days:
            state.built_at = now - SAFETY_MARGIN
            return 0
        parsed = [d if isinstance(d, dt.date) else dt.date.fromisoformat(d) for d in days]
        session.execute(delete(Rollup).where(Rollup.watch_id == watch.id, Rollup.day.in_(parsed)))
        rows = _aggregate(session, watch, days)
    if rows:
        session.execute(insert(Rollup), rows)
    if state is None:
        session.add(
            RollupState(watch_id=watch.id, built_at=now - SAFETY_MARGIN, entities_marker=marker)
        )
    else:
        state.built_at, state.entities_marker = now - SAFETY_MARGIN, marker
    return len(rows)


def daily_counts(session: Session, watch_id: str) -> list[Rollup]:
    query = (
        select(Rollup)
        .where(Rollup.watch_id == watch_id)
        .order_by(Rollup.day, Rollup.platform, Rollup.bucket)
    )
    return list(session.scalars(query))
