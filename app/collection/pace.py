"""The request pace per platform, shared by every worker through the database.

Inline, one process collects and its gates (app.collection.gates) keep the pace in memory. On
workers, passes of the same platform run in several processes, so the next allowed request
time lives in platform_pace: a request reserves its turn by moving that time on by one gap
under a row lock (SELECT ... FOR UPDATE), then sleeps until its turn outside the transaction.
Turns are spaced by the gap between their starts, whichever process takes them. The database's
clock decides, so machines with skewed clocks still keep the pace.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from app.collection.gates import Gates
from app.db import Database
from app.models import PlatformPace
from collectors.http import Gate, Politeness, Timing


def reserve_turn(database: Database, platform: str, gap_seconds: float) -> float:
    """Take the platform's next turn; the seconds to wait for it (0: go now). PostgreSQL."""
    with database.session_scope() as session:
        session.execute(
            insert(PlatformPace)
            .values(platform=platform, next_allowed_at=func.clock_timestamp())
            .on_conflict_do_nothing(index_elements=["platform"])
        )
        allowed_at, now = session.execute(
            select(PlatformPace.next_allowed_at, func.clock_timestamp())
            .where(PlatformPace.platform == platform)
            .with_for_update()
        ).one()
        turn = max(allowed_at, now)
        row = session.get(PlatformPace, platform)
        assert row is not None
        row.next_allowed_at = turn + timedelta(seconds=gap_seconds)
    wait: float = (turn - now).total_seconds()
    return max(0.0, wait)


class SharedPaceGate(Gate):
    """A gate whose turns come from platform_pace; the breaker stays per process."""

    def __init__(
        self, politeness: Politeness, timing: Timing, database: Database, platform: str
    ) -> None:
        super().__init__(politeness, timing)
        self.database, self.platform = database, platform

    def wait_turn(self) -> None:
        gap = self.politeness.min_interval + self.timing.uniform(0, self.politeness.jitter)
        wait = reserve_turn(self.database, self.platform, gap)
        if wait > 0:
            self.timing.sleep(wait)


class SharedPaceGates(Gates):
    """Gates for a worker process: one per platform, each pacing through the database."""

    def __init__(self, database: Database, timing: Timing | None = None) -> None:
        super().__init__(timing)
        self.database = database

    def get(self, platform: str, rules: Politeness) -> Gate:
        with self._lock:
            key = (platform, rules)
            if key not in self._gates:
                self._gates[key] = SharedPaceGate(rules, self.timing, self.database, platform)
            return self._gates[key]
