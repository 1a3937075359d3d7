"""`kolrisk db copy --to URL`: a SQLite installation into an empty, migrated database
(PostgreSQL, the point of it; another SQLite file works too).

Every table of the schema (`Base.metadata`, tenant tables and the installation's alike) is
copied in foreign-key order, in batches read by rowid. Each batch and the note of how far its
table got commit together in the target (table `kolrisk_copy_progress`), so an interrupted
copy resumes where it stopped and never copies a row twice. At the end every table's rows are
counted on both sides; only when all agree is the progress table dropped.

Values travel the way they are stored: SQLite's text for datetimes becomes a UTC literal,
JSON text stays text (PostgreSQL parses it into JSONB), booleans 0/1 are accepted as such; no
row is decoded into Python objects and encoded again. Computed columns are left to the
target. Integer keys the database numbers itself keep their numbers, and PostgreSQL's
sequences are moved past them.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Integer,
    Table,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import make_url

from app.db import Database, migration_status, normalize_database_url, open_migrated
from app.encoding import escaped_copy_text
from app.errors import AppError, Conflict, Unprocessable
from app.models import Base
from app.ops.backup import sqlite_path

BATCH_ROWS = 10_000
PROGRESS_TABLE = "kolrisk_copy_progress"
Progress = Callable[[str, int, int], None]  # table, rows copied so far, rows in the source


Kind = Literal["plain", "datetime", "bool"]


def kinds_of(columns: Sequence[Column[Any]]) -> list[Kind]:
    """How each column's stored SQLite value is written for PostgreSQL (JSON text and dates
    are already what PostgreSQL reads)."""
    kinds: list[Kind] = []
    for column in columns:
        column_type = getattr(column.type, "impl", column.type)
        if isinstance(column_type, DateTime):
            kinds.append("datetime")
        elif isinstance(column_type, Boolean):
            kinds.append("bool")
        else:
            kinds.append("plain")
    return kinds


class CountMismatch(AppError):
    error = "count_mismatch"


@dataclass
class CopyResult:
    rows: dict[str, int] = field(default_factory=dict)
    resumed: list[str] = field(default_factory=list)


def copy_database(
    source_url: str,
    target_url: str,
    batch_rows: int = BATCH_ROWS,
    progress: Progress | None = None,
) -> CopyResult:
    source_file = _sqlite_source(source_url)
    open_migrated(source_url).dispose()  # both sides at the code's schema
    target = open_migrated(target_url)
    try:
        _same_revision(source_url, target)
        # Read from the copy's second thread too, one batch at a time.
        with sqlite3.connect(source_file, check_same_thread=False) as source:
            tables = copied_tables(source)
            result = _copy_tables(source, target, tables, batch_rows, progress)
            _check_counts(source, target, tables)
        _finish(target, tables)
        return result
    finally:
        target.dispose()


def _sqlite_source(url: str) -> str:
    parsed = make_url(normalize_database_url(url))
    if parsed.get_backend_name() != "sqlite":
        raise Unprocessable(
            "db copy reads a SQLite installation (KOLRISK_DATABASE_URL); between PostgreSQL "
            "databases use pg_dump / pg_restore (see `kolrisk backup`)"
        )
    path = sqlite_path(url)
    if not path.exists():
        raise Unprocessable(f"no SQLite database at {path}")
    return str(path)


def _same_revision(source_url: str, target: Database) -> None:
    source = Database(source_url)
    try:
        source_revision = migration_status(source)[0]
    finally:
        source.dispose()
    target_revision = migration_status(target)[0]
    if source_revision != target_revision:
        raise Conflict(f"schemas differ: source at {source_revision}, target {target_revision}")


def copied_tables(source: sqlite3.Connection) -> list[Table]:
    """Every table of the schema the source has, parents first (a table SQLite's migrations
    leave out, if one ever is, holds nothing to copy)."""
    there = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
    return [table for table in Base.metadata.sorted_tables if table.name in there]


def _copy_tables(
    source: sqlite3.Connection,
    target: Database,
    tables: list[Table],
    batch_rows: int,
    progress: Progress | None,
) -> CopyResult:
    result = CopyResult()
    with target.engine.begin() as connection:
        done = _start_or_resume(connection, tables, _source_mark(source))
    for table in tables:
        state = done.get(table.name)
        if state is not None and state[1]:
            result.rows[table.name] = _count(source, table.name)
            continue
        if state is not None:
            result.resumed.append(table.name)
        after = state[0] if state else 0
        result.rows[table.name] = _copy_table(source, target, table, after, batch_rows, progress)
    return result


def _source_mark(source: sqlite3.Connection) -> str:
    """Which source a progress table belongs to: its file, as the progress table's first row."""
    path = source.execute("PRAGMA database_list").fetchone()[2]
    return "source:" + hashlib.sha256(os.path.realpath(path).encode()).hexdigest()[:40]


def _start_or_resume(
    connection: Connection, tables: list[Table], mark: str
) -> dict[str, tuple[int, bool]]:
    """What an earlier, interrupted copy of this source finished; refuses a target holding
    other data, or the half-finished copy of another source."""
    if connection.dialect.has_table(connection, PROGRESS_TABLE):
        rows = connection.execute(
            text(f"SELECT table_name, last_rowid, done FROM {PROGRESS_TABLE}")
        ).all()
        if mark not in {name for name, _last, _done in rows}:
            raise Conflict(
                f"the target holds a half-finished copy of another source ({PROGRESS_TABLE}): "
                "finish that one, or start again from an empty, migrated database"
            )
        return {name: (int(last), bool(done)) for name, last, done in rows}
    holding = [t.name for t in tables if _has_rows(connection, t)]
    if holding:
        raise Conflict(
            f"the target database is not empty ({', '.join(holding[:5])} hold rows): copy "
            "into an empty, migrated database"
        )
    connection.execute(
        text(
            f"CREATE TABLE {PROGRESS_TABLE} (table_name VARCHAR(200) PRIMARY KEY, "
            "last_rowid BIGINT NOT NULL, done BOOLEAN NOT NULL)"
        )
    )
    _note(connection, mark, 0, done=True)
    return {}


def _has_rows(connection: Connection, table: Table) -> bool:
    return connection.execute(select(text("1")).select_from(table).limit(1)).first() is not None


@dataclass(frozen=True)
class CopiedBatch:
    last_rowid: int
    rows: int
    # Rows for SQLite's executemany, or one COPY text for PostgreSQL.
    payload: list[tuple[Any, ...]] | str


def _copy_table(
    source: sqlite3.Connection,
    target: Database,
    table: Table,
    after: int,
    batch_rows: int,
    progress: Progress | None,
) -> int:
    columns = [c for c in table.columns if c.computed is None]
    names = [c.name for c in columns]
    query = (
        f"SELECT rowid, {', '.join(names)} FROM {table.name} WHERE rowid > ? ORDER BY rowid LIMIT ?"
    )
    encode = _encoder(target.is_sqlite, kinds_of(columns))
    total, copied = _count(source, table.name), _count(source, table.name, up_to=after)

    def read(start: int) -> CopiedBatch:
        rows = source.execute(query, (start, batch_rows)).fetchall()
        return CopiedBatch(rows[-1][0] if rows else start, len(rows), encode(rows))

    # The next batch is read and encoded while this one is written: the write waits on the
    # database with the GIL released, so the two overlap.
    with ThreadPoolExecutor(1, thread_name_prefix="copy-read") as reader:
        coming = reader.submit(read, after)
        while True:
            batch = coming.result()
            done = batch.rows < batch_rows
            if not done:
                coming = reader.submit(read, batch.last_rowid)
            with target.engine.begin() as connection:
                _write(connection, table.name, names, batch)
                _note(connection, table.name, batch.last_rowid, done=done)
            copied += batch.rows
            if progress is not None:
                progress(table.name, copied, total)
            if done:
                return total


def _count(source: sqlite3.Connection, table: str, up_to: int | None = None) -> int:
    if up_to is None:
        return int(source.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    query = f"SELECT count(*) FROM {table} WHERE rowid <= ?"
    return int(source.execute(query, (up_to,)).fetchone()[0])


def _write(connection: Connection, table: str, names: Sequence[str], batch: CopiedBatch) -> None:
    if not batch.rows:
        return
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    if isinstance(batch.payload, list):
        placeholders = ", ".join("?" for _ in names)
        insert = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders})"
        cursor.executemany(insert, batch.payload)
        return
    # Each batch commits with its progress note, so a commit lost in a crash loses both
    # together: no need to wait for the WAL flush of every batch.
    cursor.execute("SET LOCAL synchronous_commit = off")
    with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
        copy.write(batch.payload)


def _encoder(
    to_sqlite: bool, kinds: Sequence[Kind]
) -> Callable[[list[tuple[Any, ...]]], list[tuple[Any, ...]] | str]:
    """Rows as read (rowid first) into what _write takes."""
    if to_sqlite:
        return lambda rows: [row[1:] for row in rows]
    convert = [COPY_TEXT[kind] for kind in kinds]

    def copy_text(rows: list[tuple[Any, ...]]) -> str:
        return "".join(
            "\t".join([c(v) for c, v in zip(convert, row[1:], strict=True)]) + "\n" for row in rows
        )

    return copy_text


def _plain(value: Any) -> str:
    if value is None:
        return "\\N"
    if type(value) is str:
        return escaped_copy_text(value)
    if type(value) is bytes:
        return "\\\\x" + value.hex()
    return repr(value)


def _datetime(value: Any) -> str:
    # SQLite keeps naive UTC text (app.models.base.UTCDateTime): say it is UTC.
    return "\\N" if value is None else f"{value}+00"


def _bool(value: Any) -> str:
    return "\\N" if value is None else ("t" if value else "f")


# One stored SQLite value as COPY text for the PostgreSQL column of that kind.
COPY_TEXT: dict[Kind, Callable[[Any], str]] = {
    "plain": _plain,
    "datetime": _datetime,
    "bool": _bool,
}


def _note(connection: Connection, table: str, last_rowid: int, *, done: bool) -> None:
    connection.execute(
        text(f"DELETE FROM {PROGRESS_TABLE} WHERE table_name = :name"), {"name": table}
    )
    connection.execute(
        text(f"INSERT INTO {PROGRESS_TABLE} VALUES (:name, :last, :done)"),
        {"name": table, "last": last_rowid, "done": done},
    )


def _check_counts(source: sqlite3.Connection, target: Database, tables: list[Table]) -> None:
    with target.engine.connect() as connection:
        wrong = {}
        for table in tables:
            ours = _count(source, table.name)
            theirs = int(connection.scalar(select(func.count()).select_from(table)) or 0)
            if ours != theirs:
                wrong[table.name] = {"source": ours, "target": theirs}
    if wrong:
        raise CountMismatch(
            "row counts differ after the copy (was the source written to meanwhile? stop "
            f"kolrisk on it and run the copy again): {wrong}",
            wrong,
        )


def _finish(target: Database, tables: list[Table]) -> None:
    """Sequences past the copied numbers (PostgreSQL), then forget the progress."""
    with target.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            for table in tables:
                for column in _numbered_keys(table):
                    connection.execute(
                        text(
                            "SELECT setval(pg_get_serial_sequence(:table, :column), "
                            f"coalesce((SELECT max({column}) FROM {table.name}), 0) + 1, false)"
                        ),
                        {"table": table.name, "column": column},
                    )
        connection.execute(text(f"DROP TABLE {PROGRESS_TABLE}"))


def _numbered_keys(table: Table) -> list[str]:
    return [
        c.name
        for c in table.primary_key.columns
        if isinstance(c.type, Integer) and c.autoincrement is True
    ]


def empty_tables(database: Database) -> None:
    """Every table of the schema emptied, children first (a restore's --yes)."""
    with database.engine.begin() as connection:
        there = set(inspect(connection).get_table_names())
        for table in reversed(Base.metadata.sorted_tables):
            if table.name in there:
                connection.execute(table.delete())
