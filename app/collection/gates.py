"""Process-wide politeness per platform: every pass in this process shares one gate per
platform (one request in flight, the gap between requests, the circuit breaker)."""

from __future__ import annotations

import threading

from app.config import Settings
from collectors.http import Gate, Politeness, Timing


def politeness(settings: Settings) -> Politeness:
    return Politeness(
        min_interval=settings.collect_min_interval_seconds,
        jitter=settings.collect_jitter_seconds,
        timeout=settings.collect_timeout_seconds,
    )


class Gates:
    def __init__(self, timing: Timing | None = None) -> None:
        self.timing = timing or Timing()
        self._gates: dict[tuple[str, Politeness], Gate] = {}
        self._lock = threading.Lock()

    def get(self, platform: str, rules: Politeness) -> Gate:
        with self._lock:
            key = (platform, rules)
            if key not in self._gates:
                self._gates[key] = Gate(rules, self.timing)
            return self._gates[key]


PROCESS_GATES = Gates()
