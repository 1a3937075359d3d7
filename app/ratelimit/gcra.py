"""The generic cell rate algorithm: a budget of `limit` requests that refills evenly over
`window` seconds, kept as one number per bucket (the theoretical arrival time, `tat`).

A full budget allows a burst of `limit` requests at once; after that one request every
`window / limit` seconds. The budget is full again at `tat`. Pure functions: the stores
(app/ratelimit/store.py) apply `take` atomically.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Float sums of many intervals drift by a few ulps; never deny a request over that.
EPSILON = 1e-6


@dataclass(frozen=True)
class Policy:
    name: str
    limit: int
    window: float

    @property
    def interval(self) -> float:
        return self.window / self.limit


@dataclass(frozen=True)
class Decision:
    policy: Policy
    admitted: bool
    remaining: int
    # Seconds until the budget is full again.
    reset: int
    # Seconds until one more request fits (0 when admitted).
    retry_after: int


def take(tat: float | None, now: float, policy: Policy) -> float | None:
    """The new tat when a request fits the budget, else None (nothing taken)."""
    new_tat = max(tat if tat is not None else now, now) + policy.interval
    return new_tat if new_tat - now <= policy.window + EPSILON else None


def decision(policy: Policy, admitted: bool, tat: float, now: float) -> Decision:
    """What to tell the client, from the bucket's tat after the attempt."""
    used = max(tat - now, 0.0)
    remaining = max(int((policy.window - used) / policy.interval + EPSILON), 0)
    retry = 0 if admitted else max(math.ceil(used + policy.interval - policy.window), 1)
    return Decision(policy, admitted, remaining, math.ceil(used - EPSILON), retry)
