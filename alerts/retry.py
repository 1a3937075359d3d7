"""When to try again: 0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (±15 % jitter), then give up."""

from __future__ import annotations

import random

# Delay before attempt n+1, indexed by the number of attempts already made (the first is 0).
SCHEDULE_SECONDS = (0, 5, 300, 1800, 7200, 18000, 36000, 36000)
JITTER = 0.15
# A receiver's Retry-After is honoured, but never beyond a day.
MAX_HINT_SECONDS = 24 * 3600.0


def next_delay(
    attempts_made: int, rng: random.Random, hint_seconds: float | None = None
) -> float | None:
    """Seconds until the next attempt, or None when every attempt of the schedule is spent."""
    if attempts_made >= len(SCHEDULE_SECONDS):
        return None
    base = SCHEDULE_SECONDS[attempts_made]
    delay = base * (1 + rng.uniform(-JITTER, JITTER))
    if hint_seconds is not None:
        delay = max(delay, min(hint_seconds, MAX_HINT_SECONDS))
    return delay
