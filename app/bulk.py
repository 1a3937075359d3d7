"""Bulk inserts for the ingest hot path.

SQLAlchemy processes every bound value in Python (type decorators, JSON serialisers), which
costs more than SQLite itself on wide rows. For SQLite we convert values the way SQLAlchemy
would store them and hand plain tuples to the driver's executemany; PostgreSQL keeps the Core
path, whose multi-row VALUES batching is already fast there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import JSON, DateTime, Table
from sqlalchemy.orm import Session

from app.models import Base


def insert_many(
    session: Session,
    model: type[Base],
    rows: Sequence[dict[str, Any]],
    conflict_columns: Sequence[str] = (),
) -> int:
    """Insert rows (all with the same keys); skip conflicts on `conflict_columns` if given.
    Returns the number of rows inserted, or -1 when the driver cannot tell."""
    if not rows:
        return 0
    table = cast(Table, model.__table__)
    if session.get_bind().dialect.name == "sqlite":
        return _sqlite_insert_many(session, table, rows, conflict_columns)
    return _postgres_insert_many(session, table, rows, conflict_columns)


def _postgres_insert_many(
    session: Session, table: Table, rows: Sequence[dict[str, Any]], conflict_columns: Sequence[str]
) -> int:
    """COPY into a session-local staging table, then one INSERT ... SELECT. Bound parameters
    (psycopg parses statement text in Python) made imports five times slower than SQLite."""
    names = list(rows[0])
    columns = ", ".join(names)
    staging = f"staging_{table.name}"
    json_columns = {name for name in names if isinstance(table.c[name].type, JSON)}
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {staging} "
            f"(LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
        )
        with cursor.copy(f"COPY {staging} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [
                        _json_text(row[n]) if n in json_columns and row[n] is not None else row[n]
                        for n in names
                    ]
                )
        conflict = (
            f" ON CONFLICT ({', '.join(conflict_columns)}) DO NOTHING" if conflict_columns else ""
        )
        cursor.execute(
            f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM {staging}{conflict}"
        )
        inserted = int(cursor.rowcount)
        cursor.execute(f"TRUNCATE {staging}")
        return inserted
    finally:
        cursor.close()


def _json_text(value: Any) -> str:
    if not value:  # most cues lists and many raw objects are empty
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value, ensure_ascii=False)


def _utc_text(value: datetime) -> str:
    # The exact text SQLAlchemy's SQLite DateTime writes, so comparisons in SQL still hold.
    naive_utc = value.astimezone(UTC).replace(tzinfo=None)
    return naive_utc.isoformat(sep=" ", timespec="microseconds")


def _converter(column_type: Any) -> Callable[[Any], Any] | None:
    if isinstance(column_type, JSON):
        return _json_text
    if isinstance(getattr(column_type, "impl", column_type), DateTime):
        return _utc_text
    return None


def _sqlite_insert_many(
    session: Session, table: Table, rows: Sequence[dict[str, Any]], conflict_columns: Sequence[str]
) -> int:
    names = list(rows[0])
    converted = [(i, c) for i, name in enumerate(names) if (c := _converter(table.c[name].type))]
    conflict = (
        f" ON CONFLICT ({', '.join(conflict_columns)}) DO NOTHING" if conflict_columns else ""
    )
    placeholders = ", ".join("?" for _ in names)
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({placeholders}){conflict}"
    pick = itemgetter(*names)
    values = []
    # Several columns of a batch hold the very same datetime (ingested_at, updated_at, ...):
    # converting each distinct object once halves the cost of this loop.
    seen: dict[int, tuple[Any, Any]] = {}
    for row in rows:
        value = list(pick(row)) if len(names) > 1 else [pick(row)]
        for index, convert in converted:
            original = value[index]
            if original is None:
                continue
            cached = seen.get(id(original))
            if cached is not None and cached[0] is original:
                value[index] = cached[1]
                continue
            value[index] = convert(original)
            if isinstance(original, datetime):
                seen[id(original)] = (original, value[index])
        values.append(value)
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, values)
        return int(cursor.rowcount)
    finally:
        cursor.close()
