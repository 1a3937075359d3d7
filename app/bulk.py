"""Bulk inserts for the ingest hot path.

SQLAlchemy processes every bound value in Python (type decorators, JSON serialisers), which
costs more than the database itself on wide rows. Rows are therefore encoded the way
SQLAlchemy would store them (app.encoding), once per row and possibly in another process (the
import worker), and handed to the driver whole: lists to SQLite's executemany, COPY text to
PostgreSQL.

    encode = row_encoder("sqlite", Post.__table__, columns)
    insert_encoded(session, Post.__table__, columns, [encode(v) for v in values])
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import JSON, DateTime, Table
from sqlalchemy.orm import Session

from app import encoding
from app.encoding import DatetimeTexts, Kind, RowEncoder
from app.models import Base


def insert_many(
    session: Session,
    model: type[Base],
    rows: Sequence[dict[str, Any]],
    conflict_columns: Sequence[str] = (),
) -> int:
    """Insert rows (all with the same keys); skip conflicts on `conflict_columns` if given.
    Returns the number of rows inserted."""
    if not rows:
        return 0
    table = cast(Table, model.__table__)
    columns = list(rows[0])
    encode = row_encoder(session.get_bind().dialect.name, table, columns)
    encoded = [encode([row[name] for name in columns]) for row in rows]
    return insert_encoded(session, table, columns, encoded, conflict_columns)


def row_encoder(
    dialect: str, table: Table, columns: Sequence[str], datetimes: DatetimeTexts | None = None
) -> RowEncoder:
    """A function from a row's values (in `columns` order) to what insert_encoded() takes."""
    return encoding.row_encoder(dialect, column_kinds(table, columns), datetimes)


def column_kinds(table: Table, columns: Sequence[str]) -> tuple[Kind, ...]:
    return tuple(_kind(table.c[name].type) for name in columns)


def insert_encoded(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Any],
    conflict_columns: Sequence[str] = (),
    *,
    few_statements: bool = False,
) -> int:
    """Insert rows made by row_encoder(); returns how many went in (conflicts are skipped).

    `few_statements`: on SQLite, multi-row INSERTs of as many rows as a statement may bind,
    instead of one statement a row. For a table whose triggers write an FTS5 index: FTS5
    writes its pending terms out as a new segment at every statement, so one statement a row
    made one segment a row, and merging them cost more than the rows themselves."""
    if not rows:
        return 0
    connection = session.connection().connection.driver_connection
    cursor = connection.cursor()  # type: ignore[union-attr]
    try:
        if session.get_bind().dialect.name != "sqlite":
            return _postgres_insert(cursor, table, columns, rows, conflict_columns)
        if few_statements:
            limit = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)  # type: ignore[union-attr]
            return _sqlite_multirow_insert(cursor, table, columns, rows, conflict_columns, limit)
        return _sqlite_insert(cursor, table, columns, rows, conflict_columns)
    finally:
        cursor.close()


def _kind(column_type: Any) -> Kind:
    if isinstance(column_type, JSON):
        return "json"
    if isinstance(getattr(column_type, "impl", column_type), DateTime):
        return "datetime"
    return "plain"


def _conflict_clause(conflict_columns: Sequence[str]) -> str:
    if not conflict_columns:
        return ""
    return f" ON CONFLICT ({', '.join(conflict_columns)}) DO NOTHING"


def _sqlite_insert(
    cursor: Any,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Any],
    conflict_columns: Sequence[str],
) -> int:
    placeholders = ", ".join("?" for _ in columns)
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({placeholders})"
        f"{_conflict_clause(conflict_columns)}"
    )
    cursor.executemany(sql, rows)
    return int(cursor.rowcount)


def _sqlite_multirow_insert(
    cursor: Any,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Any],
    conflict_columns: Sequence[str],
    max_variables: int,
) -> int:
    per_statement = max(1, max_variables // len(columns))
    row_marks = f"({', '.join('?' for _ in columns)})"
    inserted = 0
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        sql = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES "
            f"{', '.join(row_marks for _ in chunk)}{_conflict_clause(conflict_columns)}"
        )
        cursor.execute(sql, [value for row in chunk for value in row])
        inserted += int(cursor.rowcount)
    return inserted


SMALL_STAGING_ROWS = 1000


def _postgres_insert(
    cursor: Any,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Any],
    conflict_columns: Sequence[str],
) -> int:
    """COPY straight into the table; with conflict columns, COPY into a session-local staging
    table and one INSERT ... SELECT ... ON CONFLICT (COPY itself cannot skip conflicts).
    Bound parameters (psycopg parses statement text in Python) were five times slower."""
    names = ", ".join(columns)
    if not conflict_columns:
        _copy(cursor, table.name, names, rows)
        return len(rows)
    staging = f"staging_{table.name}"
    cursor.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {staging} "
        f"(LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
    )
    _copy(cursor, staging, names, rows)
    cursor.execute(
        f"INSERT INTO {table.name} ({names}) SELECT {names} FROM {staging}"
        f"{_conflict_clause(conflict_columns)}"
    )
    inserted = int(cursor.rowcount)
    # Emptied for the next batch of the same transaction (the commit empties it too). A small
    # batch's rows are deleted: TRUNCATE costs more than that (1.3-1.8 against 0.9 ms with
    # a 10-post write), while a big batch's dead rows would be scanned by every batch after it.
    small = len(rows) <= SMALL_STAGING_ROWS
    cursor.execute(f"DELETE FROM {staging}" if small else f"TRUNCATE {staging}")
    return inserted


def _copy(cursor: Any, table_name: str, names: str, lines: Sequence[str]) -> None:
    with cursor.copy(f"COPY {table_name} ({names}) FROM STDIN") as copy:
        copy.write("".join(lines))
