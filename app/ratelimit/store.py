"""Where budgets are kept: in memory for one process (SQLite installs), or in the
rate_limit_buckets table, shared by every API process (PostgreSQL), each attempt one atomic
upsert (in autocommit on PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from sqlalchemy import Connection, Engine, text

from app.ratelimit.gcra import EPSILON, Policy, take

# Past this many buckets the memory store drops the ones that are full again (their state is
# the same as no row), so addresses that tried once do not pile up.
MEMORY_PRUNE_AT = 10_000


class Store(Protocol):
    def take(self, bucket: str, now: float, policy: Policy) -> tuple[bool, float]:
        """(admitted, the bucket's tat afterwards), atomically."""
        ...

    def give_back(self, bucket: str, policy: Policy) -> None:
        """Return one request to the budget (a sign-in that succeeded)."""
        ...


class MemoryStore:
    def __init__(self) -> None:
        self._tats: dict[str, float] = {}
        self._lock = threading.Lock()

    def take(self, bucket: str, now: float, policy: Policy) -> tuple[bool, float]:
        with self._lock:
            if len(self._tats) >= MEMORY_PRUNE_AT:
                self._tats = {b: t for b, t in self._tats.items() if t > now}
            current = self._tats.get(bucket)
            new_tat = take(current, now, policy)
            if new_tat is None:
                return False, current if current is not None else now
            self._tats[bucket] = new_tat
            return True, new_tat

    def give_back(self, bucket: str, policy: Policy) -> None:
        with self._lock:
            if bucket in self._tats:
                self._tats[bucket] -= policy.interval


# The same step as gcra.take, in one statement: the row changes only when the request fits,
# and RETURNING says whether it did. GREATEST is MAX on SQLite (used there by tests only).
_TAKE = """
INSERT INTO rate_limit_buckets (bucket, tat) VALUES (:bucket, :now + :interval)
ON CONFLICT (bucket) DO UPDATE SET tat = {greatest}(rate_limit_buckets.tat, :now) + :interval
WHERE {greatest}(rate_limit_buckets.tat, :now) + :interval - :now <= :window
RETURNING tat
"""


# Every this many takes a process deletes the rows that are full again (as good as absent),
# so names and addresses that tried once do not pile up.
PRUNE_EVERY = 1000


class SqlStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        greatest = "MAX" if engine.dialect.name == "sqlite" else "GREATEST"
        self._take = text(_TAKE.format(greatest=greatest))
        self._takes = 0

    def take(self, bucket: str, now: float, policy: Policy) -> tuple[bool, float]:
        params = {
            "bucket": bucket, "now": float(now), "interval": policy.interval,
            "window": policy.window + EPSILON,
        }  # fmt: skip
        self._takes += 1
        if self._takes % PRUNE_EVERY == 0:
            self.prune(now)
        with self._connect() as connection:
            taken = connection.execute(self._take, params).scalar()
            if taken is not None:
                return True, float(taken)
            current = connection.execute(
                text("SELECT tat FROM rate_limit_buckets WHERE bucket = :bucket"), params
            ).scalar()
        return False, float(current) if current is not None else float(now)

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """The take is one statement, atomic on its own: on PostgreSQL it runs in autocommit
        (one round trip on every API request, not three with BEGIN and COMMIT). SQLite's
        transactions are begun by app.db's own BEGIN, which autocommit would leave open."""
        if self._engine.dialect.name == "sqlite":
            with self._engine.begin() as connection:
                yield connection
            return
        with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            yield connection

    def prune(self, now: float) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                text("DELETE FROM rate_limit_buckets WHERE tat <= :now"), {"now": float(now)}
            )

    def give_back(self, bucket: str, policy: Policy) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                text("UPDATE rate_limit_buckets SET tat = tat - :interval WHERE bucket = :bucket"),
                {"bucket": bucket, "interval": policy.interval},
            )
