"""The pairing's days: posts, negative share and where collaboration talk breaks. Pure."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class ChartWindow:
    """One chart: its bars (a day, or several days summed) and how many days a bar holds."""

    kind: str  # "recent" or "full"
    bars: list[DayPoint]
    days_per_bar: int
    days: int


# A bar narrower than this many pixels in a 670-pixel plot stops reading as a bar.
MAX_BARS = 120


def chart_windows(points: list[DayPoint]) -> list[ChartWindow]:
    """The recent days first (where a fresh leak is), then the whole history when it is longer,
    summed into weeks or months so every bar stays visible."""
    recent = recent_days(points)
    if not recent:
        return [ChartWindow("full", points, 1, len(points))]
    per_bar = 1 if len(points) <= MAX_BARS else 7 if len(points) <= 7 * MAX_BARS else 30
    return [
        ChartWindow("recent", recent, 1, len(recent)),
        ChartWindow("full", summed(points, per_bar), per_bar, len(points)),
    ]


def summed(points: list[DayPoint], per_bar: int) -> list[DayPoint]:
    """Consecutive days in groups of per_bar, counted back from the last day (so the last bar
    is the latest days), each dated by its first day; a rumour start in a group marks it."""
    if per_bar <= 1:
        return list(points)
    groups: list[list[DayPoint]] = []
    for index, point in enumerate(reversed(points)):
        if index % per_bar == 0:
            groups.append([])
        groups[-1].insert(0, point)
    bars = []
    for group in reversed(groups):
        scored = sum(p.scored for p in group)
        negative = sum(p.negative for p in group)
        bars.append(
            DayPoint(
                day=group[0].day,
                posts=sum(p.posts for p in group),
                scored=scored,
                negative=negative,
                negative_share=round(negative / scored, 3) if scored else None,
                collab_posts=sum(p.collab_posts for p in group),
                rumour_start=any(p.rumour_start for p in group),
            )
        )
    return bars
