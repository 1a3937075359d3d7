"""Tenants by name: create one on purpose, find one or refuse with the names that exist.

`require_tenant` is the one refusal every tenant-taking command uses (import, collect, apikey
list, privacy, export...): a typo in --tenant must never create a second, empty tenant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.errors import Conflict, NotFound, Unprocessable
from app.ids import new_id
from app.models import ApiKey, Assessment, Post, Tenant, UsageCount, Watch

SHOWN_NAMES = 20


class UnknownTenant(NotFound):
    error = "unknown_tenant"


def tenant_names(session: Session) -> list[str]:
    return list(session.scalars(select(Tenant.name).order_by(Tenant.name)))


def require_tenant(session: Session, name: str) -> Tenant:
    """The tenant called `name`, or UnknownTenant naming the tenants there are."""
    tenant = session.scalar(select(Tenant).where(Tenant.name == name.strip()))
    if tenant is not None:
        return tenant
    names = tenant_names(session)
    more = f" and {len(names) - SHOWN_NAMES} more" if len(names) > SHOWN_NAMES else ""
    listed = ", ".join(names[:SHOWN_NAMES]) + more if names else "none yet"
    raise UnknownTenant(
        f"no tenant named {name!r} in this database (tenants: {listed}); create it with "
        f"`kolrisk tenant create {name}`, or with its first key: "
        f"`kolrisk apikey create --tenant {name}`",
        {"known": names},
    )


def create_tenant(session: Session, name: str) -> Tenant:
    name = name.strip()
    if not name:
        raise Unprocessable("tenant name is empty")
    if session.scalar(select(Tenant.id).where(Tenant.name == name)) is not None:
        raise Conflict(f"a tenant named {name!r} exists already")
    tenant = Tenant(id=new_id("tnt"), name=name)
    session.add(tenant)
    session.flush()
    return tenant


@dataclass(frozen=True)
class TenantSummary:
    name: str
    id: str
    posts: int
    watches: int
    keys: int
    last_activity: datetime | None


def summaries(session: Session) -> list[TenantSummary]:
    """Every tenant with its posts, watches, active keys and last activity (the latest post
    stored, API call counted, assessment written or key created)."""
    tenants = list(session.scalars(select(Tenant).order_by(Tenant.name)))
    posts = _counts(session, Post.tenant_id)
    watches = _counts(session, Watch.tenant_id)
    keys = dict(
        session.execute(
            select(ApiKey.tenant_id, func.count())
            .where(ApiKey.revoked_at.is_(None))
            .group_by(ApiKey.tenant_id)
        ).all()
    )
    latest = _latest_activity(session)
    return [
        TenantSummary(
            name=t.name,
            id=t.id,
            posts=posts.get(t.id, 0),
            watches=watches.get(t.id, 0),
            keys=keys.get(t.id, 0),
            last_activity=latest.get(t.id),
        )
        for t in tenants
    ]


def _counts(session: Session, column: InstrumentedAttribute[str]) -> dict[str, int]:
    rows = session.execute(select(column, func.count()).group_by(column)).all()
    return {str(row[0]): int(row[1]) for row in rows}


def _latest_activity(session: Session) -> dict[str, datetime]:
    latest: dict[str, datetime] = {}
    for column, moment in (
        (Post.tenant_id, Post.updated_at),
        (UsageCount.tenant_id, UsageCount.updated_at),
        (Assessment.tenant_id, Assessment.evaluated_at),
        (ApiKey.tenant_id, ApiKey.created_at),
    ):
        for tenant_id, at in session.execute(select(column, func.max(moment)).group_by(column)):
            if at is not None and (tenant_id not in latest or at > latest[tenant_id]):
                latest[tenant_id] = at
    return latest
