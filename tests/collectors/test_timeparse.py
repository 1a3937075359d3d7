from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collectors.timeparse import TimeFormatError, parse_time

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31)).map(
    lambda d: d.replace(microsecond=0, tzinfo=SHANGHAI)
)
nows = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2035, 1, 1)).map(
    lambda d: d.replace(tzinfo=UTC)
)


@pytest.mark.parametrize(
    ("raw", "expected", "precision"),
    [
        ("刚刚", "2026-11-20T04:00:00+00:00", "minute"),
        ("3分钟前", "2026-11-20T03:57:00+00:00", "minute"),
        ("2小时前", "2026-11-20T02:00:00+00:00", "minute"),
        ("今天 12:00", "2026-11-20T04:00:00+00:00", "minute"),
        ("昨天 12:00", "2026-11-19T04:00:00+00:00", "minute"),
        ("06-14", "2026-06-13T16:00:00+00:00", "day"),
        ("12-25", "2025-12-24T16:00:00+00:00", "day"),  # later than today: last year
        ("7-6", "2026-07-05T16:00:00+00:00", "day"),
        ("2019-06-14", "2019-06-13T16:00:00+00:00", "day"),
        ("2024-8-6 22:11", "2024-08-06T14:11:00+00:00", "minute"),
        ("2020-05", "2020-04-30T16:00:00+00:00", "month"),
        ("11:24", "2026-11-20T03:24:00+00:00", "minute"),
        ("543天前发布", "2025-05-25T16:00:00+00:00", "day"),
        ("Sat Jun 14 12:00:00 +0800 2025", "2025-06-14T04:00:00+00:00", "second"),
        (1750000000, "2025-06-15T15:06:40+00:00", "second"),
        (1750000000000, "2025-06-15T15:06:40+00:00", "second"),
        ("Fri, 21 Nov 2025 00:00:00 +0000", "2025-11-21T00:00:00+00:00", "second"),
        ("2025-12-01T03:52:42Z", "2025-12-01T03:52:42+00:00", "second"),
    ],
)
def test_every_format_of_the_issue(raw, expected, precision):
    parsed = parse_time(raw, NOW)
    assert (parsed.utc.isoformat(), parsed.precision) == (expected, precision)
    assert parsed.raw == str(raw)


@pytest.mark.parametrize("raw", ["", None, "soon", "13-45", "2019-02-30", True])
def test_unreadable_times_raise(raw):
    with pytest.raises(TimeFormatError):
        parse_time(raw, NOW)


@given(moments)
def test_wall_time_round_trips(moment):
    parsed = parse_time(moment.strftime("%Y-%m-%d %H:%M:%S"), NOW)
    assert parsed.utc == moment.astimezone(UTC)
    assert parsed.utc.tzinfo is UTC


@given(moments)
def test_weibo_api_format_round_trips(moment):
    raw = moment.strftime("%a %b %d %H:%M:%S +0800 %Y")
    assert parse_time(raw, NOW).utc == moment


@given(moments)
def test_epoch_seconds_and_milliseconds_agree(moment):
    seconds = int(moment.timestamp())
    assert parse_time(seconds, NOW).utc == parse_time(seconds * 1000, NOW).utc == moment


@given(nows, st.integers(min_value=0, max_value=10_000))
def test_minutes_ago_is_exactly_that(now, minutes):
    assert parse_time(f"{minutes}分钟前", now).utc == now - timedelta(minutes=minutes)


@given(nows, st.integers(1, 12), st.integers(1, 28))
def test_month_day_is_never_in_the_future(now, month, day):
    parsed = parse_time(f"{month:02d}-{day:02d}", now)
    assert parsed.utc <= now + timedelta(days=1)
    assert parsed.utc > now - timedelta(days=367)
