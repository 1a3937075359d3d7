"""What the per-platform loopback tests share: settings that point every adapter at the stub,
a tenant reaching only the platform under test, a scheduled pass after a "restart" (fresh
politeness gates with a fake clock that records every wait), and readers for what landed in
the database (posts, cursors, coverage)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.collection.gates import Gates
from app.collection.jobs import collect_due_watches
from app.models import CollectionCursor, Coverage, PlatformAccess, Post, Tenant
from collectors.http import Timing
from collectors.platforms import COLLECTED
from collectors.platforms import PLATFORMS as ALL
from tests.app.collection.stub import Answer, Hit, Stub, raw_answer

PLATFORMS = COLLECTED
FIXTURES = Path(__file__).resolve().parents[2] / "collectors" / "fixtures"
# Parameters that change on every request by design (signatures, timestamps).
VOLATILE = frozenset({"w_rid", "wts", "search_id"})


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def served(name: str, content_type: str = "application/json") -> Answer:
    return raw_answer(fixture(name), content_type=content_type)


def loop_settings(settings: Any, url: str, **overrides: Any) -> Any:
    urls = {p.url_setting: url for p in ALL if p.collected and p.base_url}
    return settings.model_copy(
        update={
            **urls,
            "collect_min_interval_seconds": 0.0,
            "collect_jitter_seconds": 0.0,
            "collect_pages_per_listing": 1,
            "collect_queries_per_platform": 1,
            "collect_thread_posts": 0,  # tests of discussion threads turn them on
            **overrides,
        }
    )


def only(api: Any, platform: str, **access: Any) -> None:
    """The tenant collects from `platform` alone, with these access settings."""
    for other in PLATFORMS:
        body = {**access, "enabled": True} if other == platform else {"enabled": False}
        response = api.put(f"/v1/collection/platforms/{other}", json=body)
        assert response.status_code == 200, response.text


@dataclass
class FakeTime:
    now: float = 1000.0
    waits: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


def scheduled_pass(database: Any, settings: Any, clock: Any) -> FakeTime:
    """One run of the scheduled collect job, as a freshly started process would run it."""
    time = FakeTime()
    gates = Gates(Timing(time.monotonic, time.sleep))
    assert collect_due_watches(database, settings, clock, gates) == 1
    clock.advance(minutes=11)  # negotiating watches are due every 10 minutes
    return time


def tenant_id(database: Any) -> str:
    with database.session_scope(write=False) as session:
        return str(session.scalar(select(Tenant.id).where(Tenant.name == "acme")))


def coverage(database: Any, watch_id: str) -> dict[str, Coverage]:
    with database.session_scope(write=False) as session:
        rows = session.scalars(select(Coverage).where(Coverage.watch_id == watch_id)).all()
        session.expunge_all()
        return {row.query: row for row in rows}


def cursors(database: Any, platform: str) -> dict[str, CollectionCursor]:
    with database.session_scope(write=False) as session:
        rows = session.scalars(
            select(CollectionCursor).where(CollectionCursor.platform == platform)
        ).all()
        session.expunge_all()
        return {row.listing: row for row in rows}


def stored(database: Any, platform: str) -> dict[str, Post]:
    with database.session_scope(write=False) as session:
        rows = session.scalars(select(Post).where(Post.platform == platform)).all()
        session.expunge_all()
        return {row.platform_id: row for row in rows}


def paused(database: Any, platform: str) -> str | None:
    with database.session_scope(write=False) as session:
        row = session.get(PlatformAccess, (tenant_id(database), platform))
        return row.paused_reason if row else None


def request_key(hit: Hit) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    params = tuple(sorted((k, str(v)) for k, v in hit.items() if k not in VOLATILE))
    return hit.method, hit.path, params


def repeated(stub: Stub, since: int) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """Requests after the first `since` that ask again for something asked before."""
    before = {request_key(hit) for hit in stub.requests[:since]}
    return [request_key(hit) for hit in stub.requests[since:] if request_key(hit) in before]
