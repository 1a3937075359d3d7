"""The audit log. Every service that changes a tenant's state calls `record()` once per
object changed, in the same session (so the entry commits or rolls back with the change):

    record(session, actor, "create", "brand", brand.id, after=snapshot(brand), at=now)

    with recording(session, actor, "update", "brand", brand.id, brand, at=now):
        ...change brand...

`before` is left out for a creation and `after` for a deletion; `recording` takes the row's
snapshot before and after the block. Only the fields that differ
are kept, and secrets (any field named like a secret, cookie, token, password, hash, or an
encrypted column) are written as "[redacted]": the entry says a secret changed, never what it
is. Entries are never updated or deleted by the service (kept with the tenant).
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.ids import new_id
from app.models import AuditEntry
from app.models.base import Base
from app.pagination import PageRequest, keyset, split_page

REDACTED = "[redacted]"
SECRET_MARKS = ("secret", "password", "cookie", "token", "ciphertext", "encrypted", "hash")
# Columns that say nothing about the change itself: keys, times every row has, and state the
# service derives (a brand's or KOL's posts waiting to be re-linked).
BOOKKEEPING = frozenset({"id", "tenant_id", "created_at", "updated_at", "links_stale"})
ACTOR_KINDS = ("key", "person", "cli")


@dataclass(frozen=True)
class Actor:
    """Who makes a change: an API key, a person signed in to the dashboard, or an operator
    at the `kolrisk` command line, acting in one tenant."""

    tenant_id: str
    kind: str
    id: str | None
    name: str


def cli_actor(tenant_id: str) -> Actor:
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        account = "unknown"
    return Actor(tenant_id, "cli", None, f"kolrisk CLI ({account})")


def snapshot(row: Base) -> dict[str, Any]:
    """The row's columns as JSON values (secrets still in: `record` redacts after comparing)."""
    mapper = inspect(row).mapper
    return {
        attr.key: _json_value(getattr(row, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in BOOKKEEPING
    }


def record(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry | None:
    """Add one entry to the session (the caller's transaction commits it with the change).
    An update that changed nothing writes none."""
    old, new = _changed(dict(before or {}), dict(after or {}))
    if before and after and not new:
        return None
    entry = AuditEntry(
        id=new_id("aud"),
        tenant_id=actor.tenant_id,
        at=at or utcnow(),
        actor_kind=actor.kind,
        actor_id=actor.id,
        actor=actor.name[:300],
        action=action,
        object_type=object_type,
        object_id=object_id[:300],
        changes={"before": _redacted(old), "after": _redacted(new)},
    )
    session.add(entry)
    return entry


@contextmanager
def recording(
    session: Session, actor: Actor, action: str, object_type: str, object_id: str, row: Base,
    *, at: datetime | None = None,
) -> Iterator[None]:  # fmt: skip
    """Record what the block changes in `row` (nothing when it raises: the transaction rolls
    back with it)."""
    before = snapshot(row)
    yield
    record(
        session, actor, action, object_type, object_id, before=before, after=snapshot(row), at=at
    )


def _changed(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    if not before or not after:  # a creation or a deletion: the whole object
        return before, after
    keys = [k for k in {**before, **after} if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def is_secret(field: str) -> bool:
    lowered = field.lower()
    return any(mark in lowered for mark in SECRET_MARKS)


def _redacted(values: Any) -> Any:
    if isinstance(values, dict):
        return {
            k: (REDACTED if is_secret(k) and v not in (None, "") else _redacted(v))
            for k, v in values.items()
        }
    if isinstance(values, list):
        return [_redacted(v) for v in values]
    return values


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


@dataclass(frozen=True)
class AuditFilter:
    object_id: str | None = None
    object_type: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def entries_page(
    session: Session, tenant_id: str, flt: AuditFilter, page: PageRequest
) -> tuple[list[AuditEntry], str | None]:
    """Newest first; `until` is exclusive."""
    query = select(AuditEntry).where(AuditEntry.tenant_id == tenant_id)
    if flt.object_id:
        query = query.where(AuditEntry.object_id == flt.object_id)
    if flt.object_type:
        query = query.where(AuditEntry.object_type == flt.object_type)
    if flt.since:
        query = query.where(AuditEntry.at >= flt.since)
    if flt.until:
        query = query.where(AuditEntry.at < flt.until)
    query = keyset(query, (AuditEntry.at, AuditEntry.id), page, descending=True)
    return split_page(list(session.scalars(query)), page, lambda e: (e.at, e.id))
