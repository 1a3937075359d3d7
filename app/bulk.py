"""Bulk inserts for the ingest hot path.

SQLAlchemy processes every bound value in Python (type decorators, JSON serialisers), which
costs more than the database itself on wide rows. Rows are therefore encoded here the way
SQLAlchemy would store them, once per row and possibly in another process (the import worker),
and handed to the driver whole: tuples to SQLite's executemany, COPY text to PostgreSQL.

    encode = row_encoder("sqlite", Post.__table__, columns)
    insert_encoded(session, Post.__table__, columns, [encode(v) for v in values])
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import JSON, DateTime, Table
from sqlalchemy.orm import Session

from app.models import Base

RowEncoder = Callable[[Sequence[Any]], Any]
# COPY's text format gives these four characters a meaning of their own.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


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
    kinds = [_kind(table.c[name].type) for name in columns]
    if dialect == "sqlite":
        return _sqlite_encoder(kinds, datetimes or DatetimeTexts())
    return _copy_encoder(kinds)


def insert_encoded(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Any],
    conflict_columns: Sequence[str] = (),
) -> int:
    """Insert rows made by row_encoder(); returns how many went in (conflicts are skipped)."""
    if not rows:
        return 0
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        if session.get_bind().dialect.name == "sqlite":
            return _sqlite_insert(cursor, table, columns, rows, conflict_columns)
        return _postgres_insert(cursor, table, columns, rows, conflict_columns)
    finally:
        cursor.close()


def _kind(column_type: Any) -> str:
    if isinstance(column_type, JSON):
        return "json"
    if isinstance(getattr(column_type, "impl", column_type), DateTime):
        return "datetime"
    return "plain"


# json.dumps builds a new encoder on every call that changes a default (ensure_ascii here),
# which costs more than encoding a short cues list; one encoder serves every call.
_JSON_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _json_text(value: Any) -> str:
    if not value:  # most cues lists and many raw objects are empty
        return "[]" if isinstance(value, list) else "{}"
    return _JSON_ENCODER.encode(value)


def _utc_text(value: datetime) -> str:
    # The exact text SQLAlchemy's SQLite DateTime writes, so comparisons in SQL still hold.
    naive_utc = (value if value.tzinfo is UTC else value.astimezone(UTC)).replace(tzinfo=None)
    return naive_utc.isoformat(sep=" ", timespec="microseconds")


class DatetimeTexts:
    """Datetimes already turned into stored text, known by identity: `now` fills several
    columns of every row of a batch, and a post's created_at is copied into its mention rows.
    Share one between the encoders of rows that repeat each other's datetimes."""

    SIZE = 64

    def __init__(self) -> None:
        self._texts: dict[int, tuple[datetime, str]] = {}

    def text(self, value: datetime) -> str:
        known = self._texts.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if len(self._texts) >= self.SIZE:
            self._texts.clear()
        text = _utc_text(value)
        self._texts[id(value)] = (value, text)  # the value is kept, so its id is not reused
        return text


def _sqlite_encoder(kinds: list[str], datetimes: DatetimeTexts) -> RowEncoder:
    datetime_indexes = [i for i, kind in enumerate(kinds) if kind == "datetime"]
    json_indexes = [i for i, kind in enumerate(kinds) if kind == "json"]

    def encode(values: Sequence[Any]) -> list[Any]:
        row = list(values)  # sqlite3 binds a list as well as a tuple
        for index in datetime_indexes:
            if (value := row[index]) is not None:
                row[index] = datetimes.text(value)
        for index in json_indexes:
            if (value := row[index]) is not None:
                row[index] = _json_text(value)
        return row

    return encode


def _escaped(value: str) -> str:
    # str.translate looks up every character of a long Chinese text; four scans cost less.
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_COPY_ESCAPES)
    return value


def _aware_iso(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return value.isoformat()


# By exact type: one dict lookup a value instead of a chain of isinstance checks.
_COPY_TEXT: dict[type, Callable[[Any], str]] = {
    str: _escaped,
    int: int.__repr__,
    float: float.__repr__,
    bool: lambda value: "t" if value else "f",
    datetime: _aware_iso,
}


def _copy_text(value: Any, kind: str) -> str:
    if value is None:
        return "\\N"
    if kind == "json":
        return _escaped(_json_text(value))
    convert = _COPY_TEXT.get(type(value))
    if convert is None:
        raise TypeError(f"no COPY text for {type(value).__name__}")
    return convert(value)


def _copy_encoder(kinds: list[str]) -> RowEncoder:
    """One line of COPY's text format: the database parses it, not psycopg's Python code."""

    def encode(values: Sequence[Any]) -> str:
        return "\t".join(map(_copy_text, values, kinds)) + "\n"

    return encode


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
    cursor.execute(f"TRUNCATE {staging}")
    return inserted


def _copy(cursor: Any, table_name: str, names: str, lines: Sequence[str]) -> None:
    with cursor.copy(f"COPY {table_name} ({names}) FROM STDIN") as copy:
        copy.write("".join(lines))
