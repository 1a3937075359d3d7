"""Per watch x Asia/Shanghai day x platform x sentiment bucket: post counts, engagement, and
the span (first and last created_at, last collected_at) of the row's posts.

Built incrementally: only days holding posts changed or scored since the last build are
recomputed; a change to what decides the watch's posts (the KOL's names, the analyst's
irrelevant posts and excluded aliases) rebuilds all. The risk engine takes whole days of
coverage from here (app.risk.coverage), so a row counts exactly the posts a live count of that
day would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Date, and_, cast, delete, func, insert, select
from sqlalchemy.orm import Session

from app.analyst.service import Exclusions, exclusions_of, kept
from app.clock import EARLIEST, LATEST, SHANGHAI
from app.models import IrrelevantPost, Kol, Mention, Post, PostScore, Rollup, RollupState, Watch

# Rows committed a little after our read began still carry earlier timestamps; re-reading a
# minute of changes next time costs little and loses nothing.
SAFETY_MARGIN = timedelta(minutes=1)
# Shanghai has had no daylight saving since 1991, so on SQLite (UTC text) +8 h draws its days.
PLUS_8 = timezone(timedelta(hours=8))


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def shanghai_day(session: Session, column: Any) -> ColumnElement[Any]:
    if _is_postgres(session):
        return cast(func.timezone("Asia/Shanghai", column), Date)
    return func.date(column, "+8 hours")


def _zone(session: Session) -> ZoneInfo | timezone:
    """The zone shanghai_day draws days in on this database, so Python splits time the same."""
    return SHANGHAI if _is_postgres(session) else PLUS_8


def day_of(session: Session, moment: datetime) -> dt.date:
    """The rollup day a moment falls on."""
    return moment.astimezone(_zone(session)).date()


def day_start(session: Session, day: dt.date) -> datetime:
    """The UTC instant a rollup day begins."""
    return datetime.combine(day, dt.time(), tzinfo=_zone(session)).astimezone(UTC)


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _watch_posts(watch: Watch) -> ColumnElement[bool]:
    return and_(
        Post.tenant_id == watch.tenant_id,
        Mention.post_id == Post.id,
        Mention.entity_id == watch.kol_id,
        Mention.role == "kol",
        *dated_in_range(Post.created_at),
    )


def dated_in_range(created: Any) -> list[ColumnElement[bool]]:
    """Posts dated where the API accepts times: one stored before that was enforced (year 1,
    year 9999) has no day a reading can draw, and is left out of every reading."""
    return [created >= EARLIEST, created < LATEST]


def _readable_days(values: list[Any]) -> set[dt.date]:
    """Days as dates, without those outside the accepted range: SQLite has no day at all
    (NULL) past 9999, and a year-1 day has no start in UTC."""
    days = {_as_date(v) for v in values if v is not None}
    return {d for d in days if EARLIEST.date() <= d < LATEST.date()}


def rollup_marker(session: Session, watch: Watch, exclusions: Exclusions) -> str:
    """Changes whenever the set of posts that belong to the watch may have changed other than
    through the posts themselves: the KOL's names and accounts, or the analyst's exclusions."""
    kol = session.get(Kol, watch.kol_id)
    irrelevant = session.scalars(
        select(IrrelevantPost.post_id)
        .where(IrrelevantPost.watch_id == watch.id)
        .order_by(IrrelevantPost.post_id)
    )
    parts = [
        f"{watch.kol_id}|{kol.updated_at if kol else ''}|{kol.links_stale if kol else ''}",
        *sorted(exclusions.aliases),
        "|",
        *irrelevant,
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def changed_days(session: Session, tenant_id: str, since: datetime) -> set[dt.date]:
    """Days of any of the tenant's posts changed or scored after `since`: an edit may also
    move a post *out* of a watch, so the watch's own posts alone would miss the day it left.
    Two index ranges (ix_posts_tenant_updated, ix_scores_tenant_scored), never a scan."""
    day = shanghai_day(session, Post.created_at)
    dated = dated_in_range(Post.created_at)  # PostgreSQL's drivers read no day past 9999
    edited = (
        select(day).where(Post.tenant_id == tenant_id, Post.updated_at > since, *dated).distinct()
    )
    scored = (
        select(day)
        .join(PostScore, PostScore.post_id == Post.id)
        .where(PostScore.tenant_id == tenant_id, PostScore.scored_at > since, *dated)
        .distinct()
    )
    return _readable_days([*session.scalars(edited), *session.scalars(scored)])


def _aggregate(
    session: Session, watch: Watch, exclusions: Exclusions, days: set[dt.date] | None
) -> list[dict[str, Any]]:
    day = shanghai_day(session, Post.created_at)
    bucket = func.coalesce(PostScore.label, "pending")
    engagement = (
        func.coalesce(Post.likes, 0)
        + func.coalesce(Post.reposts, 0)
        + func.coalesce(Post.comments, 0)
    )
    query = (
        select(
            day,
            Post.platform,
            bucket,
            func.count(),
            func.sum(engagement),
            func.min(Post.created_at),
            func.max(Post.created_at),
            func.max(Post.collected_at),
        )
        .select_from(Post)
        .join(Mention, Mention.post_id == Post.id)
        .outerjoin(PostScore, PostScore.post_id == Post.id)
        .where(_watch_posts(watch), *kept(Mention, exclusions))
        .group_by(day, Post.platform, bucket)
    )
    if days is not None:
        # SQLite's date() gives text, PostgreSQL's cast a date: compare like with like.
        keys = sorted(days) if _is_postgres(session) else sorted(d.isoformat() for d in days)
        query = query.where(day.in_(keys))
    return [
        {
            "watch_id": watch.id,
            "day": _as_date(d),
            "platform": platform,
            "bucket": label,
            "posts": count,
            "engagement": int(total or 0),
            "first_at": first,
            "last_at": last,
            "last_collected_at": collected,
        }
        for d, platform, label, count, total, first, last, collected in session.execute(query)
    ]


def build_rollups(session: Session, watch: Watch, now: datetime) -> int:
    """Bring one watch's rollups up to date; return how many day rows were rewritten."""
    exclusions = exclusions_of(session, watch)
    marker = rollup_marker(session, watch, exclusions)
    state = session.get(RollupState, watch.id)
    if state is None or state.entities_marker != marker:
        session.execute(delete(Rollup).where(Rollup.watch_id == watch.id))
        rows = _aggregate(session, watch, exclusions, None)
    else:
        days = changed_days(session, watch.tenant_id, state.built_at)
        if not days:
            state.built_at = now - SAFETY_MARGIN
            return 0
        session.execute(delete(Rollup).where(Rollup.watch_id == watch.id, Rollup.day.in_(days)))
        rows = _aggregate(session, watch, exclusions, days)
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
