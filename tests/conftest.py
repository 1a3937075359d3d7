"""Wiring only: databases, the app client and an API key per test.

Tests that take the `database` fixture run once per configured database: SQLite always, and
PostgreSQL when KOLRISK_TEST_DATABASE_URL is set (CI sets it). Each test starts from empty tables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text

from app.auth import service as auth_service
from app.config import Settings
from app.db import Database, upgrade_to_head
from app.main import create_app
from app.models import Base

PG_URL_ENV = "KOLRISK_TEST_DATABASE_URL"


def database_backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(PG_URL_ENV) else ["sqlite"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database" in metafunc.fixturenames:
        metafunc.parametrize("backend", database_backends(), indirect=True)


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def worker_postgres_url(url: str) -> str:
    """Under pytest-xdist each worker gets a database of its own (kolrisk_test_gw0, ...),
    created on first use, so parallel workers never empty each other's tables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    parsed = make_url(url)
    own = parsed.set(database=f"{parsed.database}_{worker}")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database}
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    finally:
        admin.dispose()
    return own.render_as_string(hide_password=False)


def reset_postgres(url: str) -> None:
    database = Database(url)
    with database.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    database.dispose()


_migrated: dict[str, Database] = {}


def migrated_database(backend: str, tmp_dir: Path) -> Database:
    if backend not in _migrated:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_dir / 'test.db'}"
        else:
            url = worker_postgres_url(os.environ[PG_URL_ENV])
            reset_postgres(url)
        database = Database(url)
        upgrade_to_head(database)
        _migrated[backend] = database
    return _migrated[backend]


def empty_tables(database: Database) -> None:
    """DELETE, children first, on both databases: a test leaves a few rows, and PostgreSQL's
    TRUNCATE of every table (new files for each) cost ~230 ms a test against ~10 ms for this."""
    tables = list(reversed(Base.metadata.sorted_tables))
    with database.engine.begin() as connection:
        for table in tables:
            connection.execute(table.delete())


@pytest.fixture
def database(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = migrated_database(backend, tmp_path_factory.getbasetemp())
    empty_tables(db)
    return db


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 20, 0, 0, tzinfo=UTC))


@pytest.fixture
def settings(database: Database) -> Settings:
    return Settings(database_url=database.url)


@pytest.fixture
def app_client(settings: Settings, database: Database, clock: FakeClock) -> Iterator[TestClient]:
    app = create_app(settings, database, clock=clock)
    with TestClient(app) as client:
        yield client


def make_key(
    database: Database, tenant: str, scopes: list[str], name: str | None = None, **options: Any
) -> str:
    with database.session_scope() as session:
        owner = auth_service.get_or_create_tenant(session, tenant)
        _, plaintext = auth_service.create_key(
            session, owner, scopes, datetime.now(UTC), name, **options
        )
    return plaintext


@pytest.fixture
def api(app_client: TestClient, database: Database) -> TestClient:
    """The app client, signed in as tenant "acme" with an admin key."""
    app_client.headers["Authorization"] = f"Bearer {make_key(database, 'acme', ['admin'])}"
    return app_client
