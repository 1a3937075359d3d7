"""Which rows of every table belong to one tenant, worked out from the schema itself.

Export, delete and the per-tenant counts walk `Base.metadata` instead of a hand-kept list, so a
table added later is covered the day it lands: a table with a `tenant_id` column is the
tenant's by that column; a table without one is the tenant's through a foreign key to a table
that is (irrelevant_posts through watches, delivery_attempts through alert_messages). A table
that is neither must be named in INSTALLATION_TABLES with the reason, or `tenant_tables()`
refuses to guess (and the test of this module fails), so nobody forgets a new table.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Engine, Select, Table, inspect, select

from app.models import Base

# Tables that belong to the installation, not to a tenant: never exported, deleted or counted
# per tenant. (Tables outside Base.metadata, e.g. alembic_version and a task queue's own
# tables, are not walked at all; see docs/operations.md for how backups and the copy treat them.)
INSTALLATION_TABLES: dict[str, str] = {
    "scheduler_leases": "who runs the scheduled jobs",
    "job_state": "the last run of each scheduled job",
    "derived_state": "which version of derived fields the stored rows carry",
    # Keyed by key, sign-in name or client address, and refilled by themselves: a deleted
    # tenant's buckets only outlive it until they are full again.
    "rate_limit_buckets": "request and sign-in budgets (app.ratelimit)",
    "platform_pace": "when each platform may next be asked, shared by all workers",
}


@dataclass(frozen=True)
class TenantTable:
    """A table and the way from its rows to their tenant: `via` is None for a table with a
    tenant_id column (or the tenants table itself), else the foreign key column followed and
    the table it points to."""

    table: Table
    via: tuple[str, TenantTable] | None = None

    @property
    def name(self) -> str:
        return self.table.name

    def owned_by(self, tenant_id: str) -> ColumnElement[bool]:
        """A WHERE clause for this table's rows of the tenant (subqueries up the keys)."""
        if self.via is None:
            key = "id" if self.table.name == "tenants" else "tenant_id"
            return self.table.c[key] == tenant_id
        column, parent = self.via
        referenced = _referenced_column(self.table, column)
        parent_keys = select(parent.table.c[referenced]).where(parent.owned_by(tenant_id))
        return self.table.c[column].in_(parent_keys)

    def rows_of(self, tenant_id: str) -> Select[tuple[object, ...]]:
        return select(self.table).where(self.owned_by(tenant_id))


def _referenced_column(table: Table, column: str) -> str:
    (key,) = table.c[column].foreign_keys
    return key.column.name


class UnscopedTable(Exception):
    """A table with no way to a tenant that is not declared the installation's either."""


def tenant_tables(present_in: Connection | Engine | None = None) -> list[TenantTable]:
    """Every tenant-owned table, parents before children (foreign-key order); with a
    database, only those it has (a table one dialect's migrations leave out holds nothing
    there)."""
    found: dict[str, TenantTable] = {}
    for table in Base.metadata.sorted_tables:
        if table.name in INSTALLATION_TABLES:
            continue
        scoped = _scope_of(table, found)
        if scoped is None:
            raise UnscopedTable(
                f"table {table.name!r} has no tenant_id column and no foreign key to a "
                "tenant's table: give it one, or list it in "
                "app.tenants.scope.INSTALLATION_TABLES with the reason"
            )
        found[table.name] = scoped
    if present_in is None:
        return list(found.values())
    there = set(inspect(present_in).get_table_names())
    return [scoped for scoped in found.values() if scoped.name in there]


def _scope_of(table: Table, found: dict[str, TenantTable]) -> TenantTable | None:
    if table.name == "tenants" or "tenant_id" in table.c:
        return TenantTable(table)
    # Prefer a NOT NULL key (a row whose nullable key is empty would belong to nobody), then
    # the first by name: the same way every run.
    keys = sorted(table.foreign_keys, key=lambda fk: (bool(fk.parent.nullable), fk.parent.name))
    for key in keys:
        parent = found.get(key.column.table.name)
        if parent is not None and key.constraint is not None and len(key.constraint.columns) == 1:
            return TenantTable(table, (key.parent.name, parent))
    return None


def installation_tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name in INSTALLATION_TABLES]
