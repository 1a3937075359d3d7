"""Engines, sessions and migrations.

Unit of work: the request dependency (app.deps) and each job's session_scope() commit or roll
back; services only add and flush.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, aliased, sessionmaker

import migrations
from app.config import Settings

# Seconds a SQLite writer waits for the lock before giving up: long enough to ride out an
# import batch in another process, short enough that a stuck writer surfaces as an error.
SQLITE_BUSY_TIMEOUT_MS = 15_000
SQLITE_PAGE_SIZE = 16_384
WRITE_OPTION = "kolrisk_write"
Entity = TypeVar("Entity")


def normalize_database_url(url: str) -> str:
    """Accept the plain postgresql:// form and use psycopg 3, the driver we ship."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


@dataclass(frozen=True)
class PoolSettings:
    """Connections each process keeps per database (see the db_pool_* settings)."""

    size: int = 5
    max_overflow: int = 10
    timeout_seconds: float = 30.0
    recycle_seconds: int = -1

    @classmethod
    def of(cls, settings: Settings) -> PoolSettings:
        return cls(
            settings.db_pool_size,
            settings.db_max_overflow,
            settings.db_pool_timeout_seconds,
            settings.db_pool_recycle_seconds,
        )

    def engine_options(self) -> dict[str, Any]:
        return {
            "pool_size": self.size,
            "max_overflow": self.max_overflow,
            "pool_timeout": self.timeout_seconds,
            "pool_recycle": self.recycle_seconds,
        }


def create_db_engine(url: str, pool: PoolSettings | None = None) -> Engine:
    url = normalize_database_url(url)
    parsed = make_url(url)
    options = (pool or PoolSettings()).engine_options()
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, **options)
        _ping_idle_connections(engine)
        return engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    else:
        options = {}  # one connection per thread: an in-memory database has no pool to size
    engine = create_engine(url, connect_args={"check_same_thread": False}, **options)
    _tune_sqlite(engine)
    return engine


# A pooled connection idle this long is tried before use. SQLAlchemy's pool_pre_ping tries
# every checkout: a round trip each, two or three per request under load. One that was in use
# a moment ago has nothing to tell; if the server went away since, SQLAlchemy drops the whole
# pool at the first error (one failed request per process).
PING_IDLE_SECONDS = 5.0


def _ping_idle_connections(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("checked_in_at")
        if idle_since is None or time.monotonic() - idle_since < PING_IDLE_SECONDS:
            return  # new, or in use a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)  # what pool_pre_ping runs
        except Exception as error:
            raise DisconnectionError() from error  # the pool replaces it and tries again


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself, so writers can take the
        # lock up front (BEGIN IMMEDIATE) instead of failing on a read-to-write upgrade.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # Before WAL, which writes the first page: only a new, empty file takes a page size.
        # 16 KiB pages cut an import's write cost by a fifth (fewer splits, fewer pages
        # dirtied per batch in the indexes that take random keys).
        cursor.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # 64 MB of page cache per connection (negative = KiB): index pages of a large posts
        # table stay in memory during imports instead of being re-read for every batch.
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        writes = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


class Database:
    """One engine and the two session factories bound to it.

    A replica (`replica=True`, the KOLRISK_READ_DATABASE_URL copy) hands out read sessions
    only: asking it for a writing one is a bug, caught before anything reaches the database.
    """

    def __init__(
        self, url: str, pool: PoolSettings | None = None, *, replica: bool = False
    ) -> None:
        self.url = normalize_database_url(url)
        self.is_replica = replica
        self.engine = create_db_engine(self.url, pool)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls(settings.database_url, PoolSettings.of(settings))

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self, *, write: bool) -> Session:
        if write and self.is_replica:
            raise RuntimeError("the read replica takes no writes; use the primary database")
        return (self._writer if write else self._reader)()

    @contextmanager
    def session_scope(self, *, write: bool = True) -> Iterator[Session]:
        session = self.session(write=write)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def autocommit_scope(self) -> Iterator[Session]:
        """A session whose every statement commits on its own, for reads of a statement or
        two on PostgreSQL: no BEGIN and COMMIT round trips. Under READ COMMITTED each
        statement sees its own snapshot anyway, inside a transaction or not. Never for writes
        that must land together."""
        connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        with connection, Session(bind=connection, expire_on_commit=False) as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def read_replica(settings: Settings, primary: Database) -> Database:
    """The database for reads a lagging copy serves as well: the replica when one is set,
    else the primary itself."""
    if not settings.read_database_url:
        return primary
    return Database(settings.read_database_url, PoolSettings.of(settings), replica=True)


def shared_alias(entity: type[Entity], name: str) -> type[Entity]:
    """An alias of a mapped class, kept at module level and used by many threads: compiled once
    here, where it is made. SQLAlchemy fills in an alias's columns on first use, and threads
    doing that at once (a new process's first concurrent requests) can leave it unable to
    take part in a join for the life of the process: under load, every re-evaluation in one API
    process failed with "Can't determine which FROM clause to join from"."""
    alias: type[Entity] = aliased(entity, name=name)
    str(select(alias))
    return alias


def upsert_for(session: Session) -> Any:
    """The session's dialect's INSERT, which has ON CONFLICT (PostgreSQL and SQLite spell it
    alike, but SQLAlchemy builds it per dialect)."""
    return dialect_insert(session.get_bind().dialect.name)


def dialect_insert(dialect: str) -> Any:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def refresh_statistics(database: Database, tables: tuple[str, ...] = ("posts", "mentions")) -> None:
    """ANALYZE on PostgreSQL. A large first import outruns autovacuum: with no statistics the
    planner looked up known posts through the wrong index, scanning thousands of rows each."""
    if database.is_sqlite:
        return
    with database.engine.begin() as connection:
        connection.exec_driver_sql(f"ANALYZE {', '.join(tables)}")


def alembic_config(url: str) -> Config:
    """Alembic settings for the installed package, so `kolrisk migrate` works from any folder."""
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


# Any fixed number shared by every kolrisk process: the key of the migration advisory lock.
MIGRATION_LOCK_KEY = 0x6B6F6C7269736B  # "kolrisk"
MIGRATION_LOCK_POLL_SECONDS = 0.2


def upgrade_to_head(database: Database) -> None:
    config = alembic_config(database.url)
    with _migration_lock(database):
        # Alembic opens the transactions itself, one per migration (migrations/env.py), so that
        # a migration can step outside them, as PostgreSQL's CREATE INDEX CONCURRENTLY must.
        with database.engine.connect() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


@contextmanager
def _migration_lock(database: Database) -> Iterator[None]:
    """One migrating process at a time on PostgreSQL; the others wait, then find the schema at
    head. Without it, several processes starting together on an empty database crashed on
    duplicate types. The lock is polled on an autocommit connection: a waiter blocked inside a
    transaction would hold a snapshot that CREATE INDEX CONCURRENTLY has to wait out."""
    if database.is_sqlite:
        yield
        return
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as holder:
        while not holder.exec_driver_sql(
            f"SELECT pg_try_advisory_lock({MIGRATION_LOCK_KEY})"
        ).scalar():
            time.sleep(MIGRATION_LOCK_POLL_SECONDS)
        try:
            yield
        finally:
            holder.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})")


def require_head(database: Database) -> None:
    """For --no-migrate: refuse to start on a schema the code does not match."""
    current, head = migration_status(database)
    if current != head:
        raise SchemaBehind(
            f"the database is at schema {current or 'none'}, the code needs {head}: "
            "run `kolrisk migrate` first (or start without --no-migrate)"
        )


class SchemaBehind(Exception):
    pass


def open_migrated(url: str) -> Database:
    """The database at `url`, upgraded to the code's schema: how every command starts."""
    database = Database(url)
    upgrade_to_head(database)
    return database


def migration_status(database: Database) -> tuple[str | None, str | None]:
    """(revision the database is at, head revision of the code)."""
    script = ScriptDirectory.from_config(alembic_config(database.url))
    with database.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, script.get_current_head()
