"""One made-up row in every tenant-owned table of the schema, whatever tables exist: the tests
of export, import, deletion and copying then cover tables added after they were written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, Float, Integer, Table, select

from app.db import Database
from app.tenants.scope import installation_tables, tenant_tables

NOW = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)


def fill_tenant(database: Database, name: str) -> str:
    """Insert the rows; returns the tenant id."""
    tenant_id = f"tnt_{name}"
    made: dict[str, dict[str, Any]] = {}
    with database.engine.begin() as connection:
        for scoped in tenant_tables():
            row = _row(scoped.table, name, tenant_id, made)
            connection.execute(scoped.table.insert(), [row])
            made[scoped.name] = row
    return tenant_id


def fill_installation(database: Database) -> None:
    """A row in each of the installation's own tables (job state, leases...)."""
    with database.engine.begin() as connection:
        for table in installation_tables():
            connection.execute(table.insert(), [_row(table, "site", "", {})])


def _row(
    table: Table, name: str, tenant_id: str, made: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column in table.columns:
        if column.primary_key and isinstance(column.type, Integer) and column.autoincrement is True:
            continue
        if table.name == "tenants" and column.name in ("id", "name"):
            row[column.name] = tenant_id if column.name == "id" else name
        elif column.name == "tenant_id":
            row[column.name] = tenant_id
        elif column.foreign_keys:
            (key,) = column.foreign_keys
            row[column.name] = made[key.column.table.name][key.column.name]
        else:
            row[column.name] = _value(table, column, name)
    return row


def _value(table: Table, column: Any, name: str) -> Any:
    kind = getattr(column.type, "impl", column.type)
    if isinstance(kind, JSON):
        return {"made_up": name}
    if isinstance(kind, DateTime):
        return NOW
    if isinstance(kind, Date):
        return NOW.date()
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer | BigInteger):
        return 1
    if isinstance(kind, Float):
        return 0.5
    text = f"{name}-{table.name}-{column.name}"
    length = getattr(kind, "length", None)
    return text[-length:] if length else text


def tenant_rows(database: Database, tenant_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of the tenant per table, as dicts sorted by their text, numbered keys left out
    (an import numbers them anew)."""
    rows = {}
    with database.engine.connect() as connection:
        for scoped in tenant_tables():
            generated = {
                c.name
                for c in scoped.table.primary_key.columns
                if isinstance(c.type, Integer) and c.autoincrement is True
            }
            found = [
                {k: v for k, v in r._mapping.items() if k not in generated}
                for r in connection.execute(scoped.rows_of(tenant_id))
            ]
            rows[scoped.name] = sorted(found, key=repr)
    return rows


def count(database: Database, table: Table) -> int:
    with database.engine.connect() as connection:
        return len(connection.execute(select(table)).all())
