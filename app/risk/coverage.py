"""Coverage of a pairing: how many of the KOL's posts stand behind a call, on which platforms,
from when to when, and how many still lack a score under the current model.

The reference is one aggregate over the KOL's mentions (`live_counts`). At a million posts it
costs seconds, so a watch takes whole days from its rollups instead and counts live only what
the rollups cannot vouch for: the day of as_of (or of now) onwards, days with posts changed or
scored since the rollups were built, and, for a replay, days holding posts collected after
as_of. Rollups that are missing, or were built for other names or exclusions, or scores of an
older model still waiting for a rescore, send the count back to the reference. So does a
watch whose last reading counted fewer than LIVE_BELOW posts: there one aggregate costs less
than the rollup rows and a count for every day writes touched since the last build.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from app.analyst.service import Exclusions, kept
from app.clock import EARLIEST, LATEST
from app.models import Assessment, Mention, PostScore, Rollup, RollupState, Watch
from app.posts.linking import SIGNAL_BITS
from app.risk.inputs import CoverageCounts
from app.risk.moment import ReadTime
from app.rollups.service import dated_in_range, day_of, day_start, pending_days, rollup_marker
from app.scoring.service import other_models

# Every value Mention.signal can take. Naming them all lets a day's count range-scan
# ix_mentions_entity (signal comes before post_created_at in it) instead of reading every entry.
SIGNAL_VALUES = tuple(range(sum(SIGNAL_BITS.values()) + 1))
# Past this many days to recount live, the reference count is as quick and simpler.
MAX_LIVE_DAYS = 31
# Below this many posts at the last reading, the reference count is the cheaper one (docs/
# benchmarks.md, "Mixed load", round 6).
LIVE_BELOW = 5000


def known_at(
    created: Any = Mention.post_created_at, collected: Any = Mention.post_collected_at, *,
    time: ReadTime,
) -> list[ColumnElement[bool]]:  # fmt: skip
    """What was known at time.as_of (a current read: everything): created before it, and
    collected before it where we know when; and dated within the range the API accepts, so a
    post stored before that range was enforced (dated year 1, or 9999) is left out of every
    reading instead of failing it."""
    dated = dated_in_range(created)
    as_of = time.as_of
    if as_of is None:
        return dated
    return [*dated, created < as_of, or_(collected.is_(None), collected < as_of)]


MISDATED = select(func.count()).where(
    Mention.tenant_id == bindparam("tenant"),
    Mention.entity_id == bindparam("kol"),
    Mention.role == "kol",
    Mention.signal.in_(SIGNAL_VALUES),
    or_(Mention.post_created_at < EARLIEST, Mention.post_created_at >= LATEST),
)


def misdated_posts(session: Session, tenant_id: str, kol_id: str) -> int:
    """The KOL's posts known_at() leaves out for their dates (two ends of one index range)."""
    return int(session.scalar(MISDATED, {"tenant": tenant_id, "kol": kol_id}) or 0)


@dataclass(frozen=True)
class Span:
    """created_at from start (inclusive) to end (exclusive; None: no end)."""

    start: datetime
    end: datetime | None = None

    def bounds(self, created: Any = Mention.post_created_at) -> list[ColumnElement[bool]]:
        return [created >= self.start] + ([created < self.end] if self.end else [])


@dataclass(frozen=True)
class CountedCoverage:
    counts: CoverageCounts
    # Where the unscored posts lie, when the rollups told us; None: anywhere.
    pending_spans: tuple[Span, ...] | None = None
    # Posts taken from rollup rows rather than counted (0: counted live throughout).
    rollup_posts: int = 0


@dataclass
class _Tally:
    platforms: dict[str, int] = field(default_factory=dict)
    starts: list[datetime] = field(default_factory=list)
    ends: list[datetime] = field(default_factory=list)
    pending: int = 0

    def add(self, platform: str, posts: int, start: Any, end: Any, pending: int) -> None:
        self.platforms[platform] = self.platforms.get(platform, 0) + posts
        self.starts.append(start)
        self.ends.append(end)
        self.pending += pending

    def counts(self) -> CoverageCounts:
        total = sum(self.platforms.values())
        start, end = min(self.starts, default=None), max(self.ends, default=None)
        return CoverageCounts(dict(self.platforms), start, end, total, self.pending)


def _kol_mentions(tenant_id: str, kol_id: str) -> list[ColumnElement[bool]]:
    return [Mention.tenant_id == tenant_id, Mention.entity_id == kol_id, Mention.role == "kol"]


def _counted(
    model: str, conditions: list[ColumnElement[bool]]
) -> Select[int, str, int, datetime, datetime, int]:
    """Per platform: 0 (not from rollups), posts, first and last, and how many lack a current
    score. Reads the mentions index and the scores key only, never the posts table."""
    return (
        select(
            literal(0),
            Mention.post_platform,
            func.count(),
            func.min(Mention.post_created_at),
            func.max(Mention.post_created_at),
            func.count() - func.count(PostScore.post_id),
        )
        .outerjoin(PostScore, and_(PostScore.post_id == Mention.post_id, PostScore.model == model))
        .where(*conditions)
        .group_by(Mention.post_platform)
    )


def _count(
    session: Session, model: str, conditions: list[ColumnElement[bool]], tally: _Tally
) -> None:
    for _flag, platform, count, start, end, unscored in session.execute(
        _counted(model, conditions)
    ):
        tally.add(platform, count, start, end, unscored)


def live_counts(
    session: Session,
    tenant_id: str,
    kol_id: str,
    model: str,
    exclusions: Exclusions,
    *,
    time: ReadTime,
) -> CoverageCounts:
    """The reference: every mention of the KOL known at time.as_of and kept by the analyst."""
    tally = _Tally()
    known = known_at(time=time)
    conditions = [*_kol_mentions(tenant_id, kol_id), *known, *kept(Mention, exclusions)]
    _count(session, model, conditions, tally)
    return tally.counts()


def count_coverage(
    session: Session,
    tenant_id: str,
    kol_id: str,
    model: str,
    exclusions: Exclusions,
    *,
    time: ReadTime,
) -> CountedCoverage:
    """Coverage at time.moment; a replay counts only what was known at its as_of (a current
    read: every post)."""
    if exclusions.watch_id is not None:
        fast = _with_rollups(session, (tenant_id, kol_id), model, exclusions, time=time)
        if fast is not None:
            return fast
    counts = live_counts(session, tenant_id, kol_id, model, exclusions, time=time)
    return CountedCoverage(counts)


def _usable_state(
    session: Session, watch_id: str, model: str, exclusions: Exclusions
) -> RollupState | None:
    """The watch's rollup state if its rows can stand for whole days and are worth reading
    (the last reading counted LIVE_BELOW posts or more, or there is none yet), else None."""
    watch = session.get(Watch, watch_id)
    last_seen = (
        select(Assessment.posts_seen)
        .where(Assessment.watch_id == watch_id)
        .order_by(Assessment.seq.desc())
        .limit(1)
        .scalar_subquery()
    )
    found = session.execute(
        select(RollupState, last_seen).where(RollupState.watch_id == watch_id)
    ).first()
    if watch is None or found is None:
        return None
    state, posts_seen = found
    if posts_seen is not None and posts_seen < LIVE_BELOW:
        return None
    if state.entities_marker != rollup_marker(session, watch, exclusions):
        return None
    # Rollup buckets do not say which model scored a post; while any score of another model
    # waits for its rescore, "scored" in a rollup is not "scored by the current model".
    return None if other_models(session, model) else state


def _with_rollups(
    session: Session,
    pairing: tuple[str, str],
    model: str,
    exclusions: Exclusions,
    *,
    time: ReadTime,
) -> CountedCoverage | None:
    watch_id = str(exclusions.watch_id)
    state = _usable_state(session, watch_id, model, exclusions)
    if state is None:
        return None
    split = day_of(session, time.moment)
    cutoff = time.as_of
    live_days = {d for d in pending_days(session, watch_id) if d < split}
    if cutoff is not None:
        live_days |= _days_collected_late(session, watch_id, split, cutoff)
    if len(live_days) > MAX_LIVE_DAYS:
        return None
    rollup_days = [Rollup.watch_id == watch_id, Rollup.day < split, Rollup.day.not_in(live_days)]
    live = [*_spans(session, live_days), Span(day_start(session, split), cutoff)]
    shared = [
        *_kol_mentions(*pairing),
        Mention.signal.in_(SIGNAL_VALUES),
        *known_at(time=time),
        *kept(Mention, exclusions),
    ]  # built once: a write can leave a live span on every day of the month
    per_span = [[*shared, *span.bounds()] for span in live]
    tally, from_rollups = _tally_days(session, model, rollup_days, per_span)
    counts = tally.counts()
    spans = _pending_spans(session, rollup_days, live) if counts.pending else ()
    return CountedCoverage(counts, spans, from_rollups)


def _days_collected_late(
    session: Session, watch_id: str, split: dt.date, cutoff: datetime
) -> set[dt.date]:
    """Days before the split holding posts collected after the cutoff: unknown at as_of, so
    their rows would overcount."""
    query = select(Rollup.day).where(
        Rollup.watch_id == watch_id, Rollup.day < split, Rollup.last_collected_at >= cutoff
    )
    return set(session.scalars(query.distinct()))


def _tally_days(
    session: Session,
    model: str,
    rollup_days: list[ColumnElement[bool]],
    per_span: list[list[ColumnElement[bool]]],
) -> tuple[_Tally, int]:
    """The rollup rows' days and the live spans' counts, per platform, in one statement (a
    re-evaluation after a write has a live span for every day the writes touched), and how
    many of the posts came from rollup rows."""
    rollups = (
        select(
            literal(1),
            Rollup.platform,
            func.sum(Rollup.posts),
            func.min(Rollup.first_at),
            func.max(Rollup.last_at),
            func.sum(case((Rollup.bucket == "pending", Rollup.posts), else_=0)),
        )
        .where(*rollup_days)
        .group_by(Rollup.platform)
    )
    counted = [_counted(model, conditions) for conditions in per_span]
    tally, from_rollups = _Tally(), 0
    rows: Any = session.execute(union_all(rollups, *counted))
    for flag, platform, posts, start, end, unscored in rows:
        tally.add(platform, int(posts), start, end, int(unscored))
        from_rollups += int(posts) if flag else 0
    return tally, from_rollups


def _spans(session: Session, days: set[dt.date]) -> list[Span]:
    """Whole days as created_at spans, neighbours merged."""
    spans: list[Span] = []
    for day in sorted(days):
        start, end = day_start(session, day), day_start(session, day + timedelta(days=1))
        if spans and spans[-1].end == start:
            spans[-1] = Span(spans[-1].start, end)
        else:
            spans.append(Span(start, end))
    return spans


def _pending_spans(
    session: Session, rollup_days: list[ColumnElement[bool]], live: list[Span]
) -> tuple[Span, ...] | None:
    """Days whose rows hold unscored posts, and the live spans: where inline scoring looks."""
    query = select(Rollup.day).where(*rollup_days, Rollup.bucket == "pending").distinct()
    days = set(session.scalars(query))
    if len(days) > MAX_LIVE_DAYS:
        return None
    return (*_spans(session, days), *live)


def pending_post_ids(
    session: Session, tenant_id: str, kol_id: str, spans: tuple[Span, ...], limit: int
) -> list[str]:
    """The KOL's never-scored posts within the spans (the rollups are only used when no score
    of another model exists, so these are all its pending posts there)."""
    ids: list[str] = []
    for span in spans:
        query = (
            select(Mention.post_id)
            .outerjoin(PostScore, PostScore.post_id == Mention.post_id)
            .where(
                *_kol_mentions(tenant_id, kol_id),
                Mention.signal.in_(SIGNAL_VALUES),
                *span.bounds(),
                PostScore.post_id.is_(None),
            )
            .limit(limit - len(ids))
        )
        ids += session.scalars(query)
        if len(ids) >= limit:
            break
    return ids
