"""Many processes starting together migrate safely; --no-migrate refuses a stale schema."""

import os
import secrets
import subprocess
import sys

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.db import Database, migration_status

MIGRATE_SECONDS = 120


def run_cli(url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "KOLRISK_DATABASE_URL": url}
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def empty_schema_url(database):
    """An empty schema of the test database on PostgreSQL; dropped at the end."""
    if database.is_sqlite:
        pytest.skip("the migration lock is PostgreSQL's (SQLite serialises writers itself)")
    schema = f"migrate_race_{secrets.token_hex(4)}"
    with database.engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    parsed = make_url(database.url).update_query_dict({"options": f"-csearch_path={schema}"})
    yield parsed.render_as_string(hide_password=False)
    with database.engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def test_three_processes_migrating_an_empty_database_together_all_succeed(empty_schema_url):
    processes = [run_cli(empty_schema_url, "migrate") for _ in range(3)]
    outcomes = [process.communicate(timeout=MIGRATE_SECONDS) for process in processes]

    assert [process.returncode for process in processes] == [0, 0, 0], outcomes
    migrated = Database(empty_schema_url)
    try:
        current, head = migration_status(migrated)
    finally:
        migrated.dispose()
    assert current == head


def test_no_migrate_refuses_a_database_behind_the_code(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    process = run_cli(url, "scheduler", "--no-migrate")
    _, stderr = process.communicate(timeout=MIGRATE_SECONDS)

    assert process.returncode == 1
    assert "run `kolrisk migrate` first" in stderr
