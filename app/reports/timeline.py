"""The pairing's days: posts, negative share and where collaboration talk breaks. Pure."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from app.reports.schemas import DayPoint
from app.risk.inputs import PostFacts

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Collaboration talk after this many quiet days counts as a new leak or rumour.
QUIET_DAYS = 3
RECENT_DAYS = 30


def shanghai_date(moment: datetime) -> dt.date:
    return moment.astimezone(SHANGHAI).date()


def collab_days(posts: Iterable[PostFacts]) -> dict[dt.date, int]:
    """Posts with collaboration cues (合作, 恰饭, 投了...) per Shanghai day."""
    counts: dict[dt.date, int] = defaultdict(int)
    for post in posts:
        if post.has_cue("collab"):
            counts[shanghai_date(post.created_at)] += 1
    return dict(counts)


def day_points(
    rollup_rows: Iterable[tuple[dt.date, str, int]],
    collab: dict[dt.date, int],
    last_day: dt.date | None = None,
) -> list[DayPoint]:
    """rollup_rows: (day, sentiment bucket, posts). Days after last_day (a replay) are left out."""
    totals: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, bucket, posts in rollup_rows:
        if last_day is None or day <= last_day:
            totals[day][bucket] += posts
    for day in collab:
        if last_day is None or day <= last_day:
            totals.setdefault(day, defaultdict(int))
    if totals:
        # Every day between the first and the last, so the chart's x axis is true time.
        first, last = min(totals), max(totals)
        for offset in range((last - first).days + 1):
            totals.setdefault(first + dt.timedelta(days=offset), defaultdict(int))
    points = []
    for day in sorted(totals):
        buckets = totals[day]
        scored = sum(n for bucket, n in buckets.items() if bucket != "pending")
        negative = buckets.get("negative", 0)
        quiet_before = all(
            day - dt.timedelta(days=back) not in collab for back in range(1, QUIET_DAYS + 1)
        )
        points.append(
            DayPoint(
                day=day,
                posts=sum(buckets.values()),
                scored=scored,
                negative=negative,
                negative_share=round(negative / scored, 3) if scored else None,
                collab_posts=collab.get(day, 0),
                rumour_start=day in collab and quiet_before,
            )
        )
    return points


def recent_days(points: list[DayPoint], days: int = RECENT_DAYS) -> list[DayPoint]:
    """The last `days` points when the history is long enough to squeeze them into the chart's
    last pixels (a fresh leak after a year of quiet), else nothing: one chart is enough."""
    return points[-days:] if len(points) > 2 * days else []
