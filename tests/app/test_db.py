import secrets
import sqlite3
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.exc import TimeoutError as SATimeoutError

from app import db
from app.clock import SHANGHAI
from app.config import Settings
from app.db import (
    SQLITE_BUSY_TIMEOUT_MS,
    SQLITE_PAGE_SIZE,
    Database,
    alembic_config,
    migration_status,
    normalize_database_url,
    upgrade_to_head,
)
from app.models import Base, Tenant
from app.models.search import SEARCH_FTS_TABLES, kept_out_of_metadata


def app_tables(database):
    # SQLite's FTS5 search table and its shadow tables are made by migration 0020, not models.
    names = set(inspect(database.engine).get_table_names()) - {"alembic_version"}
    return names - SEARCH_FTS_TABLES


def migrate(database, direction, target):
    # As upgrade_to_head does: Alembic opens its own transactions (one per migration).
    config = alembic_config(database.url)
    with database.engine.connect() as connection:
        config.attributes["connection"] = connection
        getattr(command, direction)(config, target)


@pytest.fixture
def sqlite_db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'fresh.db'}")
    yield database
    database.dispose()


@pytest.fixture
def round_trip_db(database, tmp_path):
    """A fresh SQLite file, or on PostgreSQL a private schema of the same database.

    The schema keeps the round trip from dropping tables under the shared test schema (and
    under any other test run using the same database); it is dropped at the end.
    """
    if database.is_sqlite:
        url = f"sqlite:///{tmp_path / 'round_trip.db'}"
    else:
        schema = f"round_trip_{secrets.token_hex(4)}"
        with database.engine.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        parsed = make_url(database.url).update_query_dict({"options": f"-csearch_path={schema}"})
        url = parsed.render_as_string(hide_password=False)
    fresh = Database(url)
    try:
        upgrade_to_head(fresh)
        yield fresh
    finally:
        fresh.dispose()
        if not database.is_sqlite:
            with database.engine.begin() as connection:
                connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def test_migrations_round_trip(round_trip_db):
    database = round_trip_db
    if not database.is_sqlite:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT current_schema()").scalar() != "public"
    expected = {table.name for table in Base.metadata.sorted_tables}
    if not database.is_sqlite:  # the task queue's tables, from procrastinate's own schema
        expected |= {"procrastinate_jobs", "procrastinate_events", "procrastinate_workers",
                     "procrastinate_periodic_defers"}  # fmt: skip
    assert app_tables(database) == expected
    migrate(database, "downgrade", "base")
    assert app_tables(database) == set()
    assert migration_status(database)[0] is None
    migrate(database, "upgrade", "head")
    assert app_tables(database) == expected
    current, head = migration_status(database)
    assert current == head is not None


def test_upgrade_to_head_is_idempotent(sqlite_db):
    upgrade_to_head(sqlite_db)
    upgrade_to_head(sqlite_db)
    current, head = migration_status(sqlite_db)
    assert current == head


def owned_by_us(name, type_, parent_names):
    """procrastinate's tables (the task queue's, created by migration 0019) have no models."""
    return not (type_ == "table" and (name or "").startswith("procrastinate_"))


def test_models_match_the_migrations(database):
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": owned_by_us,
                "include_object": kept_out_of_metadata,
            },
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_sqlite_connections_are_tuned(sqlite_db):
    with sqlite_db.engine.connect() as connection:
        journal = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
        busy_timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert journal.lower() == "wal"
    assert foreign_keys == 1
    assert busy_timeout == SQLITE_BUSY_TIMEOUT_MS > 0


def test_a_new_sqlite_database_gets_large_pages(sqlite_db):
    upgrade_to_head(sqlite_db)
    with sqlite3.connect(make_url(sqlite_db.url).database) as raw:
        assert raw.execute("PRAGMA page_size").fetchone() == (SQLITE_PAGE_SIZE,)
    assert SQLITE_PAGE_SIZE > 4096


def test_an_older_sqlite_database_keeps_its_pages_and_works(tmp_path):
    path = tmp_path / "older.db"
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY, name TEXT)")
    database = Database(f"sqlite:///{path}")
    with database.session_scope() as session:
        session.execute(text("INSERT INTO kept (name) VALUES ('老王')"))
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA page_size").scalar() == 4096
        assert connection.exec_driver_sql("SELECT name FROM kept").scalar() == "老王"
    database.dispose()


def test_sqlite_foreign_keys_are_enforced(sqlite_db):
    upgrade_to_head(sqlite_db)
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), sqlite_db.session_scope() as session:
        session.execute(
            text(
                "INSERT INTO brands (id, tenant_id, name, aliases, fandom_names, executives,"
                " competitors, owned_accounts, created_at, updated_at)"
                " VALUES ('b', 'no-such-tenant', 'n', '[]', '[]', '[]', '[]', '[]', '2026-01-01',"
                " '2026-01-01')"
            )
        )


def lock_is_free(path):
    """Whether another process could start writing to the SQLite file right now."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc):
            raise
        return False
    finally:
        other.close()


def test_sqlite_write_sessions_take_the_write_lock_up_front(sqlite_db, tmp_path):
    upgrade_to_head(sqlite_db)
    path = tmp_path / "fresh.db"
    with sqlite_db.session_scope(write=False) as session:
        session.execute(select(Tenant)).all()
        assert lock_is_free(path)
    with sqlite_db.session_scope(write=True) as session:
        session.execute(select(Tenant)).all()
        assert not lock_is_free(path)
    assert lock_is_free(path)


def test_utc_datetimes_round_trip_as_aware_utc(database):
    moment = datetime(2026, 1, 5, 15, 30, 12, 345678, tzinfo=SHANGHAI)
    with database.session_scope() as session:
        session.add(Tenant(id="tnt_tz", name="tz", created_at=moment, updated_at=moment))
    with database.session_scope(write=False) as session:
        tenant = session.get(Tenant, "tnt_tz")
        stored = tenant.created_at
    assert stored == moment
    assert stored.tzinfo is not None
    assert stored.utcoffset().total_seconds() == 0
    assert stored.replace(tzinfo=None) == datetime(2026, 1, 5, 7, 30, 12, 345678)


def test_datetimes_compare_in_utc_inside_queries(database):
    early = datetime(2026, 1, 5, 23, 0, tzinfo=SHANGHAI)  # 15:00 UTC
    late = datetime(2026, 1, 5, 16, 0, tzinfo=UTC)
    with database.session_scope() as session:
        session.add(Tenant(id="tnt_a", name="a", created_at=early, updated_at=early))
        session.add(Tenant(id="tnt_b", name="b", created_at=late, updated_at=late))
    with database.session_scope(write=False) as session:
        order = session.scalars(select(Tenant.id).order_by(Tenant.created_at)).all()
        after = session.scalars(
            select(Tenant.id).where(Tenant.created_at > datetime(2026, 1, 5, 15, 30, tzinfo=UTC))
        ).all()
    assert order == ["tnt_a", "tnt_b"]
    assert after == ["tnt_b"]


def test_naive_datetimes_are_refused(database):
    naive = datetime(2026, 1, 5, 15, 30)
    with database.session_scope() as session:
        session.add(Tenant(id="tnt_naive", name="naive", created_at=naive, updated_at=naive))
        with pytest.raises(StatementError, match="naive"):
            session.flush()
        session.rollback()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql://u:p%40ss@h:5433/d", "postgresql+psycopg://u:p%40ss@h:5433/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///var/kolrisk.db", "sqlite:///var/kolrisk.db"),
    ],
)
def test_normalize_database_url(given, expected):
    assert normalize_database_url(given) == expected


def test_database_keeps_the_password():
    database = Database("postgresql://u:secret@127.0.0.1:1/d")
    try:
        assert database.engine.url.password == "secret"
        assert database.engine.dialect.driver == "psycopg"
    finally:
        database.dispose()


def test_pool_size_overflow_and_timeout_come_from_the_settings(database, monkeypatch):
    monkeypatch.setenv("KOLRISK_DB_POOL_SIZE", "1")
    monkeypatch.setenv("KOLRISK_DB_MAX_OVERFLOW", "0")
    monkeypatch.setenv("KOLRISK_DB_POOL_TIMEOUT_SECONDS", "0.05")
    sized = Database.from_settings(Settings(database_url=database.url))
    try:
        assert (sized.engine.pool.size(), sized.engine.pool.overflow()) == (1, -1)
        with sized.engine.connect():
            # The one connection is taken and no overflow is allowed: the next caller waits
            # pool_timeout, then gives up.
            with pytest.raises(SATimeoutError), sized.engine.connect():
                pass
    finally:
        sized.dispose()


@pytest.fixture
def own_pool(database):
    """A PostgreSQL engine of the test's own, so its pool can be watched and tampered with."""
    if database.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no server to drop a connection, and never pings")
    own = Database(database.url)
    yield own
    own.dispose()


def test_an_idle_connection_the_server_dropped_is_replaced(database, own_pool, monkeypatch):
    with own_pool.engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    with database.engine.connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    monkeypatch.setattr(db, "PING_IDLE_SECONDS", 0.0)  # the connection counts as idle
    with own_pool.engine.connect() as connection:
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid


def test_a_connection_in_use_a_moment_ago_is_not_pinged(own_pool, monkeypatch):
    pings = []
    monkeypatch.setattr(own_pool.engine.dialect, "do_ping", lambda c: pings.append(c) or True)
    for _ in range(3):
        with own_pool.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    assert pings == []
    monkeypatch.setattr(db, "PING_IDLE_SECONDS", 0.0)
    with own_pool.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    assert len(pings) == 1


def test_a_shared_alias_joins_when_threads_first_use_it_at_once():
    """Plain `aliased()` fails here in most trials (the threads fill in the alias's columns at
    once and the join cannot find its left side, for good)."""
    import sys
    import threading

    from sqlalchemy import and_, select
    from sqlalchemy.dialects import postgresql

    from app.db import shared_alias
    from app.models import Mention, Post, PostScore

    def join(alias, failures):
        statement = (
            select(Post.id, PostScore.label, alias.via)
            .join(alias, and_(alias.post_id == Post.id, alias.role == "kol"))
            .outerjoin(PostScore, PostScore.post_id == Post.id)
        )
        try:
            statement.compile(dialect=postgresql.dialect())
        except Exception as error:  # any failure is the finding
            failures.append(error)

    failures: list[Exception] = []
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns as often as they can
    try:
        for _ in range(20):
            alias = shared_alias(Mention, "kol_mention")
            start = threading.Barrier(8)

            def first_use(alias=alias, start=start):
                start.wait()
                join(alias, failures)

            threads = [threading.Thread(target=first_use) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert failures == []
