"""Counts and times as the crawlers write them, parsed without pydantic (the hot path of imports).

Times: Unix seconds or milliseconds (told apart by magnitude), ISO 8601, and the plain
"YYYY-MM-DD HH:MM[:SS]" / "YYYY-MM-DD" / "YYYY-MM" strings, which are Asia/Shanghai wall time.
Each parse also says how precise the value is, so a day-only date is never read as midnight.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Unix seconds pass 1e11 only in the year 5138; milliseconds pass it in 1973.
EPOCH_MS_THRESHOLD = 100_000_000_000

_UNITS = {"万": 10_000, "w": 10_000, "亿": 100_000_000, "k": 1_000}
_EMPTY_COUNTS = {"", "none", "null", "nan", "-", "--"}
_LOOSE_DATE = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
    r"(?:[ T]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})秒?)?)?"
)
_MONTH_ONLY = re.compile(r"(\d{4})[-/.年](\d{1,2})月?")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
# Weibo's own "Sat Jun 14 12:00:00 +0800 2025", parsed by hand: %b depends on the locale.
_WEIBO_API = re.compile(
    r"[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{2})(\d{2}) (\d{4})"
)


def parse_count(value: Any) -> int | None:
    """123, "1,021,325", "2.3万", "100万+", "1.2亿" -> int; empty -> None; garbage -> ValueError.

    Negative numbers (platforms use -1 for "hidden") are unknown, not zero.
    """
    if type(value) is str:
        return int(value) if value.isdigit() else _count_text(value)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if value >= 0 else None
    return _count_text(str(value))


@lru_cache(maxsize=4096)  # exports repeat the same display counts ("1.2万") over and over
def _count_text(value: str) -> int | None:
    text = value.strip().replace(",", "").replace("，", "").rstrip("+").strip()
    if text.isdigit():
        return int(text)
    if text.lower() in _EMPTY_COUNTS:
        return None
    unit = _UNITS.get(text[-1].lower(), 1)
    number = text[:-1].strip() if unit != 1 else text
    try:
        parsed = float(number) * unit
    except ValueError:
        raise ValueError(f"{value!r} is not a count") from None
    if not math.isfinite(parsed):
        raise ValueError(f"{value!r} is not a count")
    return round(parsed) if parsed >= 0 else None


def loose_count(value: Any) -> int | None:
    """parse_count for other tools' exports: an unreadable count is unknown (kept in raw)."""
    try:
        return parse_count(value)
    except ValueError:
        return None


def parse_time(value: Any) -> tuple[str, str]:
    """(ISO 8601 in UTC, precision) or ValueError saying what was expected."""
    moment, precision = _parse_moment(value)
    return moment.astimezone(UTC).isoformat(), precision


def _parse_moment(value: Any) -> tuple[datetime, str]:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=SHANGHAI)), "second"
    if isinstance(value, bool) or value is None:
        raise ValueError(_time_problem(value))
    if isinstance(value, int | float):
        return _from_epoch(float(value), value), "second"
    text = str(value).strip()
    if text.isdigit() or _is_decimal(text):
        return _from_epoch(float(text), value), "second"
    return _from_text(text, value)


def _from_epoch(number: float, original: Any) -> datetime:
    if number <= 0:  # crawlers write 0 when the platform gave no time
        raise ValueError(_time_problem(original))
    seconds = number / 1000 if number >= EPOCH_MS_THRESHOLD else number
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError(_time_problem(original)) from None


def _from_text(text: str, original: Any) -> tuple[datetime, str]:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return _from_loose_text(text, original)
    if len(text) == 10:  # "YYYY-MM-DD": a day, not its midnight
        return parsed.replace(tzinfo=SHANGHAI), "day"
    precision = "minute" if len(text) == 16 else "second"
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)), precision


def _from_loose_text(text: str, original: Any) -> tuple[datetime, str]:
    found = _LOOSE_DATE.fullmatch(text)
    if found:
        year, month, day, hour, minute, second = found.groups()
        clock = (int(hour or 0), int(minute or 0), int(second or 0))
        moment = _checked((int(year), int(month), int(day), *clock), original)
        precision = "day" if hour is None else ("minute" if second is None else "second")
        return moment, precision
    month_only = _MONTH_ONLY.fullmatch(text)
    if month_only:
        return _checked((int(month_only[1]), int(month_only[2]), 1, 0, 0, 0), original), "month"
    api = _WEIBO_API.fullmatch(text)
    if api and api[1].lower() in _MONTHS:
        month, day, hour, minute, second, tz_hours, tz_minutes, year = api.groups()
        stamp = f"{year}-{_MONTHS[month.lower()]:02d}-{int(day):02d}T{hour}:{minute}:{second}"
        return datetime.fromisoformat(f"{stamp}{tz_hours}:{tz_minutes}"), "second"
    raise ValueError(_time_problem(original))


def _checked(parts: tuple[int, int, int, int, int, int], original: Any) -> datetime:
    try:
        return datetime(*parts, tzinfo=SHANGHAI)
    except ValueError:
        raise ValueError(_time_problem(original)) from None


def _is_decimal(text: str) -> bool:
    head, dot, tail = text.partition(".")
    return bool(dot) and head.isdigit() and tail.isdigit()


def _time_problem(value: Any) -> str:
    return (
        f"{value!r} is not a time we can read; expected Unix seconds or milliseconds, ISO 8601, "
        "or 'YYYY-MM-DD HH:MM:SS' (Asia/Shanghai)"
    )
