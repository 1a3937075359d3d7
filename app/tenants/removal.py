"""Deleting a tenant and everything it holds, in batches: children before parents, each batch
its own short transaction, so a tenant of millions of posts never holds one long write lock
(and an interrupted deletion is finished by running it again)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, select, tuple_

from app.audit import Actor, cli_actor
from app.clock import Clock
from app.db import Database
from app.tenants.audit_hooks import audit
from app.tenants.registry import require_tenant
from app.tenants.scope import TenantTable, tenant_tables

BATCH_ROWS = 5000
Progress = Callable[[str, int], None]


def delete_tenant(
    database: Database,
    name: str,
    clock: Clock,
    actor: Actor | None = None,
    progress: Progress | None = None,
    batch_rows: int = BATCH_ROWS,
) -> dict[str, int]:
    """Remove the tenant; returns the rows removed per table (tables with none left out)."""
    with database.session_scope(write=False) as session:
        tenant_id = require_tenant(session, name).id
    removed: dict[str, int] = {}
    for scoped in reversed(tenant_tables(database.engine)):
        count = _delete_rows(database, scoped, tenant_id, batch_rows)
        if count:
            removed[scoped.name] = count
            if progress is not None:
                progress(scoped.name, count)
    who = cli_actor(tenant_id) if actor is None else actor
    audit(None, who, "delete", "tenant", name, at=clock(), detail={"removed": removed})
    return removed


def _delete_rows(database: Database, scoped: TenantTable, tenant_id: str, batch_rows: int) -> int:
    keys = list(scoped.table.primary_key.columns)
    total = 0
    while True:
        chosen = select(*keys).where(scoped.owned_by(tenant_id)).limit(batch_rows)
        if len(keys) == 1:
            statement = delete(scoped.table).where(keys[0].in_(chosen))
        else:
            statement = delete(scoped.table).where(tuple_(*keys).in_(chosen))
        with database.session_scope() as session:
            deleted = session.execute(statement).rowcount  # type: ignore[attr-defined]
        total += int(deleted)
        if deleted < batch_rows:
            return total
