import random
from datetime import UTC, datetime, timedelta

from alerts.ratecap import allows
from alerts.retry import JITTER, SCHEDULE_SECONDS, next_delay

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def test_schedule_is_the_svix_one_with_bounded_jitter():
    assert SCHEDULE_SECONDS == (0, 5, 300, 1800, 7200, 18000, 36000, 36000)
    rng = random.Random(1)
    for made, base in enumerate(SCHEDULE_SECONDS):
        for _ in range(50):
            delay = next_delay(made, rng)
            assert base * (1 - JITTER) <= delay <= base * (1 + JITTER)
    assert next_delay(len(SCHEDULE_SECONDS), rng) is None


def test_a_longer_hint_wins():
    rng = random.Random(1)
    assert next_delay(1, rng, hint_seconds=120) == 120
    assert next_delay(3, rng, hint_seconds=1) > 1000


def test_caps_per_kind():
    last_minute = [NOW - timedelta(seconds=s) for s in range(18)]
    assert not allows("dingtalk", last_minute, NOW)
    assert allows("dingtalk", last_minute[:17], NOW)
    assert not allows("slack", [NOW], NOW)
    assert allows("slack", [NOW - timedelta(seconds=1)], NOW)
    assert not allows("feishu", [NOW] * 4, NOW)
    assert allows("standard", [NOW] * 1000, NOW)
