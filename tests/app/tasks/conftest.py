"""The task queue on the test database: PostgreSQL only (SQLite runs jobs inline)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import procrastinate
import pytest
from sqlalchemy import text

from app.config import Settings
from app.db import Database
from app.tasks.runtime import Runtime, build_app
from app.tasks.worker import make_worker
from tests.builders import FakeScorer

QUEUE_TABLES = (
    "procrastinate_periodic_defers",
    "procrastinate_events",
    "procrastinate_jobs",
    "procrastinate_workers",
)


def empty_queue(database: Database) -> None:
    with database.engine.begin() as connection:
        for table in QUEUE_TABLES:
            connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def pg(database: Database) -> Database:
    if database.is_sqlite:
        pytest.skip("the task queue lives in PostgreSQL; SQLite runs jobs inline")
    empty_queue(database)
    return database


@pytest.fixture
def runtime(pg: Database, clock) -> Runtime:
    settings = Settings(database_url=pg.url, score_batch_size=5, score_lanes=2)
    return Runtime(pg, settings, FakeScorer(), clock)


@pytest.fixture
def queue_app(runtime: Runtime) -> Iterator[procrastinate.App]:
    """The workers' app without its periodic tasks, so a test defers only what it means to."""
    app = build_app(runtime.settings)
    app.periodic_registry.periodic_tasks.clear()
    with app.open():
        yield app


def drain(app: procrastinate.App, runtime: Runtime, concurrency: int = 2) -> None:
    """Run a worker in this process until no job waits (a worker that does not wait stops
    when it finds the queue empty once, so jobs deferred by the last ones need another)."""

    async def run() -> None:
        async with app.open_async():
            worker = make_worker(app, runtime, concurrency, None)
            worker.wait = False
            await worker.run()

    for _ in range(100):
        asyncio.run(run())
        if not any(status == "todo" for _, status in job_counts(runtime.database)):
            return
    raise AssertionError("the queue never emptied")


def job_counts(database: Database) -> dict[tuple[str, str], int]:
    with database.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT task_name, status::text, count(*) FROM procrastinate_jobs GROUP BY 1, 2")
        )
        return {(name, status): count for name, status, count in rows}
