"""Prune speed: `python -m app.retention.bench [--rows 100000] [--database URL]`.

Seeds a database with old rows of each kind retention removes (N snapshots over 100 watches, of
which each keeps its newest 100; N delivery attempts over N/5 finished messages and their
events; N posts with a raw object, stored 40 days ago), then prunes them as the `prune` job
does, one batch per transaction, and prints for each kind the rows handled per second and the
longest batch (the longest any lock was held). Prints the load average with the figures:
this machine is shared.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.bulk import insert_many
from app.config import Settings
from app.db import Database, upgrade_to_head
from app.ids import new_ids
from app.models import (
    AlertEvent,
    AlertMessage,
    Assessment,
    Brand,
    DeliveryAttempt,
    Kol,
    Post,
    Tenant,
    Watch,
    WebhookEndpoint,
)
from app.retention import service
from app.retention.job import in_batches
from app.retention.policy import RetentionPolicy

NOW = datetime(2026, 12, 1, tzinfo=UTC)
OLD = NOW - timedelta(days=120)
WATCHES = 100
SEED_CHUNK = 5000
# About what a real snapshot carries: reasons, five components with a few evidence quotes.
PAYLOAD = {"reasons": ["r" * 80] * 3, "components": [{"evidence": [{"quote": "q" * 120}] * 4}] * 5}
RAW = {"mblog": {"id": "4960000000000000", "text": "t" * 400, "user": {"id": 1, "name": "n"}}}


def _chunks(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [rows[i : i + SEED_CHUNK] for i in range(0, len(rows), SEED_CHUNK)]


def _insert(database: Database, model: Any, rows: list[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        with database.session_scope() as session:
            insert_many(session, model, chunk)


def seed_owners(database: Database) -> tuple[str, list[str], str]:
    with database.session_scope() as session:
        tenant = Tenant(id=new_ids("tnt", 1)[0], name="bench")
        session.add(tenant)
        session.flush()
        brand = Brand(id=new_ids("brd", 1)[0], tenant_id=tenant.id, name="星河手机")
        session.add(brand)
        session.flush()
        watch_ids = []
        for kol_id, watch_id in zip(new_ids("kol", WATCHES), new_ids("wch", WATCHES), strict=True):
            session.add(Kol(id=kol_id, tenant_id=tenant.id, name=f"kol{kol_id}"))
            session.flush()
            session.add(Watch(id=watch_id, tenant_id=tenant.id, brand_id=brand.id, kol_id=kol_id))
            watch_ids.append(watch_id)
        endpoint = WebhookEndpoint(
            id=new_ids("whk", 1)[0], tenant_id=tenant.id, kind="standard",
            url_ciphertext="x", url_hint="https://example.invalid/hook",
        )  # fmt: skip
        session.add(endpoint)
        return tenant.id, watch_ids, endpoint.id


def seed(database: Database, rows: int) -> None:
    tenant, watch_ids, endpoint = seed_owners(database)
    per_watch = rows // WATCHES
    snapshots = [
        {"id": asm, "tenant_id": tenant, "watch_id": watch_id, "seq": seq, "evaluated_at": OLD,
         "score": 50.0, "level": "medium", "decision": "caution", "confidence": 0.8,
         "posts_seen": 1, "inputs_marker": "m", "payload": PAYLOAD}
        for watch_id in watch_ids
        for seq, asm in enumerate(new_ids("asm", per_watch), start=1)
    ]  # fmt: skip
    _insert(database, Assessment, snapshots)
    events = [
        {"id": evt, "tenant_id": tenant, "type": "firing", "cause": "evidence",
         "payload": {"kol": "k"}, "silenced": False, "created_at": OLD, "grouped_at": OLD}
        for evt in new_ids("evt", rows // 5)
    ]  # fmt: skip
    _insert(database, AlertEvent, events)
    messages = [
        {"id": msg, "tenant_id": tenant, "endpoint_id": endpoint, "event_ids": [evt["id"]],
         "layout": "detail", "is_test": False, "status": "delivered", "attempts": 5,
         "next_attempt_at": OLD, "created_at": OLD}
        for msg, evt in zip(new_ids("msg", rows // 5), events, strict=True)
    ]  # fmt: skip
    _insert(database, AlertMessage, messages)
    attempts = [
        {"id": att, "message_id": messages[i // 5]["id"], "endpoint_id": endpoint,
         "attempted_at": OLD, "outcome": "retry", "latency_ms": 30}
        for i, att in enumerate(new_ids("att", rows))
    ]  # fmt: skip
    _insert(database, DeliveryAttempt, attempts)
    stored = NOW - timedelta(days=40)
    posts = [
        {"id": pst, "tenant_id": tenant, "platform": "weibo", "platform_id": str(i),
         "kind": "post", "text": "测评老王", "text_norm": "测评老王", "created_at": stored,
         "time_precision": "second", "ingested_at": stored, "updated_at": stored, "cues": [],
         "raw": RAW}
        for i, pst in enumerate(new_ids("pst", rows))
    ]  # fmt: skip
    _insert(database, Post, posts)


class Timed:
    """Work run batch by batch: rows handled, and the longest batch."""

    def __init__(self) -> None:
        self.rows, self.longest = 0, 0.0

    def run(self, database: Database, size: int, work: Callable[[Session], int]) -> None:
        def timed(session: Session) -> int:
            started = time.perf_counter()
            done = work(session)
            self.longest = max(self.longest, time.perf_counter() - started)
            self.rows += done
            return done

        in_batches(database, size, timed)


def run(database: Database, settings: Settings) -> None:
    policy = RetentionPolicy.of(settings, NOW)
    size, before, keep = policy.batch_rows, policy.alerts_before, policy.assessments_per_watch
    raw_before = NOW - timedelta(days=30)
    with database.session_scope(write=False) as session:
        watch_ids = list(session.scalars(select(Watch.id)))

    def snapshots_of(watch_id: str) -> Callable[[Session], int]:
        return lambda session: service.delete_assessments(session, watch_id, keep, size)

    started, snapshots = time.perf_counter(), Timed()
    for watch_id in watch_ids:
        snapshots.run(database, size, snapshots_of(watch_id))
    _report("snapshots", snapshots, time.perf_counter() - started)
    kinds: dict[str, Callable[[Session], int]] = {
        "delivery attempts": lambda s: service.delete_delivery_attempts(s, before, size),
        "alert messages": lambda s: service.delete_alert_messages(s, before, size),
        "alert events": lambda s: service.delete_alert_events(s, before, size),
        "post raw": lambda s: service.drop_post_raw(s, raw_before, size, NOW),
    }
    for name, work in kinds.items():
        started, timed = time.perf_counter(), Timed()
        timed.run(database, size, work)
        _report(name, timed, time.perf_counter() - started)


def _report(name: str, timed: Timed, seconds: float) -> None:
    rate = timed.rows / seconds if seconds else 0.0
    print(
        f"{name:<18} {timed.rows:>8,} rows in {seconds:6.2f} s  {rate:>9,.0f} rows/s"
        f"   longest batch {timed.longest * 1000:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", help="an empty database (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database or f"sqlite:///{scratch}/bench.db"
        database = Database(url)
        upgrade_to_head(database)
        settings = Settings(database_url=url)
        started = time.perf_counter()
        seed(database, args.rows)
        print(f"{database.engine.dialect.name}: seeded {args.rows:,} rows of each kind "
              f"in {time.perf_counter() - started:.0f} s; batches of {settings.retention_batch_rows}")  # fmt: skip
        run(database, settings)
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        database.dispose()


if __name__ == "__main__":
    main()
