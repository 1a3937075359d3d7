"""Counts and times as crawlers write them."""

import pytest

from collectors.importers.values import loose_count, parse_count, parse_time


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (123, 123),
        ("123", 123),
        ("1,021,325", 1021325),
        ("2.3万", 23000),
        ("100万+", 1000000),
        ("139.6万", 1396000),
        ("1.2亿", 120000000),
        ("1.5w", 15000),
        ("3k", 3000),
        (" 42 ", 42),
        (12.0, 12),
        ("", None),
        (None, None),
        ("None", None),
        (-1, None),  # platforms write -1 for hidden counts: unknown, not zero
        ("-", None),
    ],
)
def test_counts(value, expected):
    assert parse_count(value) == expected


@pytest.mark.parametrize("value", ["很多", "12abc", "nan万"])
def test_unreadable_counts_raise_but_loose_counts_are_unknown(value):
    with pytest.raises(ValueError, match="not a count"):
        parse_count(value)
    assert loose_count(value) is None


@pytest.mark.parametrize(
    ("value", "iso_utc", "precision"),
    [
        (1780317330, "2026-06-01T12:35:30+00:00", "second"),
        ("1780317330", "2026-06-01T12:35:30+00:00", "second"),
        (1780317330123, "2026-06-01T12:35:30.123000+00:00", "second"),  # xhs: milliseconds
        ("2026-06-01 20:35:30", "2026-06-01T12:35:30+00:00", "second"),  # Shanghai wall time
        ("2026-06-01 20:35", "2026-06-01T12:35:00+00:00", "minute"),
        ("2026-06-01", "2026-05-31T16:00:00+00:00", "day"),
        ("2026-6-1 8:05", "2026-06-01T00:05:00+00:00", "minute"),
        ("2026年6月1日 20:35", "2026-06-01T12:35:00+00:00", "minute"),
        ("2026-06", "2026-05-31T16:00:00+00:00", "month"),
        ("2026-06-01T20:35:30+08:00", "2026-06-01T12:35:30+00:00", "second"),
        ("2026-06-01T12:35:30Z", "2026-06-01T12:35:30+00:00", "second"),
        ("Mon Jun 01 20:35:30 +0800 2026", "2026-06-01T12:35:30+00:00", "second"),
    ],
)
def test_times_become_utc_with_their_precision(value, iso_utc, precision):
    assert parse_time(value) == (iso_utc, precision)


@pytest.mark.parametrize("value", ["昨天", "7-6", "2026-13-01", "", 0, None, True, "Foo Bar 01"])
def test_unreadable_times_say_what_was_expected(value):
    with pytest.raises(ValueError, match="not a time we can read"):
        parse_time(value)
