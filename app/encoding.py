"""Row values encoded the way SQLAlchemy would store them, for app.bulk's inserts.

Without SQLAlchemy itself: the import worker encodes rows too, and leaving SQLAlchemy out of
its imports halves its start-up. A column's kind (plain, json, datetime) says how to encode it;
app.bulk.column_kinds() reads the kinds off a table.

    encode = row_encoder("sqlite", ["plain", "datetime", "json"])
    encode(["pst_1", created_at, ["collab:合作"]])
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

Kind = Literal["plain", "json", "datetime"]
RowEncoder = Callable[[Sequence[Any]], Any]
# COPY's text format gives these four characters a meaning of their own.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def row_encoder(
    dialect: str, kinds: Sequence[Kind], datetimes: DatetimeTexts | None = None
) -> RowEncoder:
    """A function from a row's values (one per kind) to what app.bulk.insert_encoded() takes:
    a list for SQLite's executemany, a line of COPY text for PostgreSQL."""
    if dialect == "sqlite":
        return _sqlite_encoder(kinds, datetimes or DatetimeTexts())
    return _copy_encoder(kinds)


def kinds_of(
    columns: Sequence[str], *, datetimes: Sequence[str] = (), json: Sequence[str] = ()
) -> tuple[Kind, ...]:
    """The kind of each column, named by the columns that are not plain."""
    return tuple(
        "datetime" if name in datetimes else "json" if name in json else "plain" for name in columns
    )


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


def _sqlite_encoder(kinds: Sequence[Kind], datetimes: DatetimeTexts) -> RowEncoder:
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


def escaped_copy_text(value: str) -> str:
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
    str: escaped_copy_text,
    int: int.__repr__,
    float: float.__repr__,
    bool: lambda value: "t" if value else "f",
    datetime: _aware_iso,
}


def _copy_text(value: Any, kind: Kind) -> str:
    if value is None:
        return "\\N"
    if kind == "json":
        return escaped_copy_text(_json_text(value))
    convert = _COPY_TEXT.get(type(value))
    if convert is None:
        raise TypeError(f"no COPY text for {type(value).__name__}")
    return convert(value)


def _copy_encoder(kinds: Sequence[Kind]) -> RowEncoder:
    """One line of COPY's text format: the database parses it, not psycopg's Python code."""

    def encode(values: Sequence[Any]) -> str:
        return "\t".join(map(_copy_text, values, kinds)) + "\n"

    return encode
