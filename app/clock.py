"""Time helpers: UTC inside, Asia/Shanghai only for reading naive input and for calendars."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Aware datetimes convert; naive ones are read as Asia/Shanghai (the contract's rule)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(UTC)


# The times kolrisk accepts. Nothing it watches predates 2000; a post dated more than a day
# ahead of our clock is a parsing bug upstream, not news; and no time it is asked about lies
# past 2100. Outside these lie dates that break day arithmetic (year 1 has no day before it
# in Shanghai, 0001-01-01T00:00+08:00 no UTC time at all).
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)
TIME_RANGE = "from 2000-01-01T00:00:00Z up to 2100-01-01T00:00:00Z"
POST_TIME_RANGE = "from 2000-01-01T00:00:00Z up to one day after the server's current time"


def range_problem(moment: datetime) -> str | None:
    """Why a time given to us lies outside TIME_RANGE, or None. Aware times are compared as
    they are (no conversion: this runs for every post ingested)."""
    try:
        aware = moment if moment.tzinfo is not None else as_utc(moment)
    except OverflowError:  # 0001-01-01T00:00 in Shanghai has no UTC time
        return f"{moment.isoformat()} is out of range; send a time {TIME_RANGE}"
    if EARLIEST <= aware < LATEST:
        return None
    return f"{aware.isoformat()} is out of range; send a time {TIME_RANGE}"


def time_problem(moment: datetime, now: datetime) -> str | None:
    """Why a post's time lies outside POST_TIME_RANGE, or None."""
    if problem := range_problem(moment):
        return problem.replace(TIME_RANGE, POST_TIME_RANGE)
    aware = moment if moment.tzinfo is not None else as_utc(moment)
    if aware > now + FUTURE_TOLERANCE:
        where = "send the time the platform shows, with its offset"
        return f"{aware.isoformat()} lies in the future; {where}"
    return None
