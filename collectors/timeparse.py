"""Every time format the platforms show, read with an injected `now`, Asia/Shanghai in, UTC out.

Relative ("刚刚", "3分钟前", "昨天 12:00") and partial ("06-14", "7-6", "11:24", "2020-05")
times are placed against `now` as the platform's page did; the precision says how far the
result can be trusted, since a day-only "7-6" cannot be placed inside a 36-hour window.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo

from collectors.errors import UnreadableItem
from collectors.types import PostTime, Precision

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Unix seconds pass 1e11 only in the year 5138; milliseconds pass it in 1973.
EPOCH_MS_THRESHOLD = 100_000_000_000

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_WEIBO_API = re.compile(
    r"[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})"
)
_AGO = re.compile(r"(\d+)\s*(秒|分钟|小时|天)前(?:发布)?")
_DAY_WORD = re.compile(r"(今天|昨天|前天)\s*(?:(\d{1,2}):(\d{2}))?")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_FULL_DATE = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{2})(?::(\d{2}))?)?"
)
_MONTH_DAY = re.compile(r"(\d{1,2})[-/月](\d{1,2})日?(?:\s+(\d{1,2}):(\d{2}))?")
_YEAR_MONTH = re.compile(r"(\d{4})[-/年](\d{1,2})月?")
_AGO_UNITS: dict[str, tuple[timedelta, Precision]] = {
    "秒": (timedelta(seconds=1), "second"),
    "分钟": (timedelta(minutes=1), "minute"),
    # "3小时前" is placed to within the hour; the contract has no hour precision, and a
    # minute claims less than a day would hide.
    "小时": (timedelta(hours=1), "minute"),
    "天": (timedelta(days=1), "day"),
}


class TimeFormatError(UnreadableItem):
    """A time we cannot read: the item carrying it is unreadable."""


def parse_time(value: Any, now: datetime) -> PostTime:
    """The UTC moment, its precision and the raw string; TimeFormatError when unreadable."""
    raw = "" if value is None else str(value).strip()
    if isinstance(value, bool) or not raw:
        raise TimeFormatError(f"{value!r} is not a time")
    if isinstance(value, int | float) or raw.isdigit():
        return PostTime(_from_epoch(float(raw)), "second", raw)
    local_now = now.astimezone(SHANGHAI)
    for reader in _READERS:
        found = reader(raw, local_now)
        if found is not None:
            moment, precision = found
            return PostTime(moment.astimezone(UTC), precision, raw)
    raise TimeFormatError(f"{raw!r} is not a time format we know")


def _from_epoch(number: float) -> datetime:
    if number <= 0:
        raise TimeFormatError("0 or negative epoch: the platform gave no time")
    seconds = number / 1000 if number >= EPOCH_MS_THRESHOLD else number
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        raise TimeFormatError(f"{number} is out of range") from None


Found = tuple[datetime, Precision] | None


def _relative(raw: str, now: datetime) -> Found:
    if raw == "刚刚":
        return now, "minute"
    ago = _AGO.fullmatch(raw)
    if ago:
        step, precision = _AGO_UNITS[ago[2]]
        moment = now - step * int(ago[1])
        return (_midnight(moment), precision) if precision == "day" else (moment, precision)
    word = _DAY_WORD.fullmatch(raw)
    if word:
        day = now - timedelta(days=("今天", "昨天", "前天").index(word[1]))
        if word[2] is None:
            return _midnight(day), "day"
        return _at(day, int(word[2]), int(word[3])), "minute"
    clock = _CLOCK.fullmatch(raw)  # Tieba's "11:24": today
    if clock:
        return _at(now, int(clock[1]), int(clock[2])), "minute"
    return None


def _weibo_api(raw: str, now: datetime) -> Found:
    found = _WEIBO_API.fullmatch(raw)
    if not found or found[1].lower() not in _MONTHS:
        return None
    month, day, hour, minute, second, sign, tz_h, tz_m, year = found.groups()
    offset = timedelta(hours=int(tz_h), minutes=int(tz_m)) * (1 if sign == "+" else -1)
    parts = (int(year), _MONTHS[month.lower()], int(day), int(hour), int(minute), int(second))
    return _checked(parts, zone=UTC) - offset, "second"


def _iso(raw: str, now: datetime) -> Found:
    if not re.match(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", raw):
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    precision: Precision = "minute" if len(raw) == 16 else "second"
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)), precision


def _full_date(raw: str, now: datetime) -> Found:
    found = _FULL_DATE.fullmatch(raw)
    if not found:
        return None
    year, month, day, hour, minute, second = found.groups()
    clock = (int(hour or 0), int(minute or 0), int(second or 0))
    precision: Precision = "day" if hour is None else ("minute" if second is None else "second")
    return _checked((int(year), int(month), int(day), *clock)), precision


def _month_day(raw: str, now: datetime) -> Found:
    """ "06-14", "7-6", "06月14日 12:00": this year, or last year when that is still ahead."""
    found = _MONTH_DAY.fullmatch(raw)
    if not found:
        return None
    month, day, hour, minute = found.groups()
    clock = (int(hour or 0), int(minute or 0), 0)
    moment = _checked((now.year, int(month), int(day), *clock), leap_fallback=True)
    if moment.date() > now.date():
        moment = _checked((now.year - 1, int(month), int(day), *clock), leap_fallback=True)
    return moment, ("day" if hour is None else "minute")


def _year_month(raw: str, now: datetime) -> Found:
    found = _YEAR_MONTH.fullmatch(raw)
    if not found:
        return None
    return _checked((int(found[1]), int(found[2]), 1, 0, 0, 0)), "month"


def _rfc822(raw: str, now: datetime) -> Found:
    if "," not in raw and not re.match(r"\d{1,2} [A-Za-z]{3} \d{4}", raw):
        return None
    try:
        parsed = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)), "second"


_READERS: tuple[Callable[[str, datetime], Found], ...] = (
    _relative,
    _weibo_api,
    _iso,
    _full_date,
    _year_month,
    _month_day,
    _rfc822,
)


def _midnight(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _at(day: datetime, hour: int, minute: int) -> datetime:
    try:
        return day.replace(hour=hour, minute=minute, second=0, microsecond=0)
    except ValueError:
        raise TimeFormatError(f"{hour}:{minute:02d} is not a time of day") from None


def _checked(
    parts: tuple[int, ...], leap_fallback: bool = False, zone: tzinfo = SHANGHAI
) -> datetime:
    year, month, day, hour, minute, second = parts
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        if leap_fallback and (month, day) == (2, 29):  # "02-29": the latest leap year's
            return _checked((year - 1, *parts[1:]), leap_fallback=True, zone=zone)
        raise TimeFormatError(f"{parts} is not a date") from None
