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
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Date, and_, cast, delete, exists, func, insert, select
from sqlalchemy.orm import Session

from app.analyst.service import Exclusions, exclusions_of, kept
from app.clock import EARLIEST, LATEST, SHANGHAI
from app.models import (
    ExcludedAlias,
    IrrelevantPost,
    Kol,
    Mention,
    Post,
    PostScore,
    Rollup,
    RollupChange,
    RollupState,
    Watch,
)

CHUNK = 500
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


def day_zone(session: Session) -> ZoneInfo | timezone:
    """The zone of day_of(), for splitting many moments: moment.astimezone(zone).date()."""
    return _zone(session)


def day_start(session: Session, day: dt.date) -> datetime:
    """The UTC instant a rollup day begins."""
    return datetime.combine(day, dt.time(), tzinfo=_zone(session)).astimezone(UTC)


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _watch_posts(watch: Watch) -> ColumnElement[bool]:
    return and_(
        Post.tenant_id == watch.tenant_id,
        Mention.tenant_id == watch.tenant_id,
        Mention.post_id == Post.id,
        Mention.entity_id == watch.kol_id,
        Mention.role == "kol",
        # On the mention's copy of created_at: the planner then walks the KOL's entries in
        # ix_mentions_entity, not every post of the tenant (once per watch).
        *dated_in_range(Mention.post_created_at),
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
    kol_state = (kol.updated_at, kol.links_stale) if kol else None
    return _marker(watch.kol_id, kol_state, exclusions.aliases, exclusions.irrelevant)


def _marker(
    kol_id: str,
    kol_state: tuple[datetime, bool] | None,
    aliases: Iterable[str],
    irrelevant: Iterable[str],
) -> str:
    updated, stale = kol_state if kol_state else ("", "")
    parts = [f"{kol_id}|{updated}|{stale}", *sorted(aliases), "|", *sorted(irrelevant)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def outdated_watches(session: Session) -> list[str]:
    """Watches whose rollups were built for other names or exclusions than now. Three queries
    for all watches: what decides the markers is small (KOLs and analysts' rows)."""
    aliases: dict[str, list[str]] = {}
    for watch_id, alias in session.execute(select(ExcludedAlias.watch_id, ExcludedAlias.alias)):
        aliases.setdefault(watch_id, []).append(alias)
    irrelevant: dict[str, list[str]] = {}
    for watch_id, post_id in session.execute(
        select(IrrelevantPost.watch_id, IrrelevantPost.post_id)
    ):
        irrelevant.setdefault(watch_id, []).append(post_id)
    built = session.execute(
        select(Watch.id, Watch.kol_id, Kol.updated_at, Kol.links_stale, RollupState.entities_marker)
        .join(RollupState, RollupState.watch_id == Watch.id)
        .outerjoin(Kol, Kol.id == Watch.kol_id)
    )
    return [
        watch_id
        for watch_id, kol_id, updated, stale, marker in built
        if marker
        != _marker(
            kol_id,
            (updated, stale) if updated is not None else None,
            aliases.get(watch_id, ()),
            irrelevant.get(watch_id, ()),
        )
    ]


def pending_days(session: Session, watch_id: str) -> dict[dt.date, list[int]]:
    """Days of the watch's posts changed since its rollups were built (app.changes queues
    them), with the queue rows that say so."""
    query = select(RollupChange.day, RollupChange.id).where(RollupChange.watch_id == watch_id)
    days: dict[dt.date, list[int]] = {}
    for day, change_id in session.execute(query):
        days.setdefault(_as_date(day), []).append(change_id)
    return days


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
    """Bring one watch's rollups up to date; return how many day rows were rewritten. Writes
    nothing when nothing changed. On PostgreSQL the watch's state row is locked first, so two
    builds of one watch take turns (the second then sees the first one's rows)."""
    state_query = select(RollupState).where(RollupState.watch_id == watch.id)
    if _is_postgres(session):
        state_query = state_query.with_for_update()
    state = session.scalar(state_query)
    exclusions = exclusions_of(session, watch)
    marker = rollup_marker(session, watch, exclusions)
    changes = pending_days(session, watch.id)
    if state is None or state.entities_marker != marker:
        session.execute(delete(Rollup).where(Rollup.watch_id == watch.id))
        rows = _aggregate(session, watch, exclusions, None)
    else:
        days = {d for d in changes if EARLIEST.date() <= d < LATEST.date()}
        if not changes:
            return 0
        session.execute(delete(Rollup).where(Rollup.watch_id == watch.id, Rollup.day.in_(days)))
        rows = _aggregate(session, watch, exclusions, days) if days else []
    if rows:
        session.execute(insert(Rollup), rows)
    consumed = sorted(i for ids in changes.values() for i in ids)
    for start in range(0, len(consumed), 500):
        session.execute(
            delete(RollupChange).where(RollupChange.id.in_(consumed[start : start + 500]))
        )
    if state is None:
        session.add(RollupState(watch_id=watch.id, built_at=now, entities_marker=marker))
    else:
        state.built_at, state.entities_marker = now, marker
    return len(rows)


def watches_to_build(session: Session) -> list[str]:
    """Watches whose rollups have changes queued, were never built, or were built for other
    names or exclusions. Costs a few queries whatever the number of posts."""
    queued = select(RollupChange.watch_id).distinct()
    unbuilt = select(Watch.id).where(~exists().where(RollupState.watch_id == Watch.id))
    found = set(session.scalars(queued)) | set(session.scalars(unbuilt))
    return sorted(found | set(outdated_watches(session)))


def daily_counts(session: Session, watch_id: str) -> list[Rollup]:
    query = (
        select(Rollup)
        .where(Rollup.watch_id == watch_id)
        .order_by(Rollup.day, Rollup.platform, Rollup.bucket)
    )
    return list(session.scalars(query))
