"""Tenants and API keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.keys import SCOPES, effective_scopes, generate_key, secret_matches, split_key
from app.errors import NotFound, Unauthorized, Unprocessable
from app.ids import new_id
from app.models import ApiKey, Tenant


@dataclass(frozen=True)
class Principal:
    """Who is calling: the tenant every query is scoped to, and what the key may do."""

    tenant_id: str
    key_id: str
    scopes: frozenset[str]
    # Who acted, for audit records: the key's prefix and its label.
    actor: str = ""


def get_or_create_tenant(session: Session, name: str) -> Tenant:
    name = name.strip()
    if not name:
        raise Unprocessable("tenant name is empty; give --tenant NAME")
    tenant = session.scalar(select(Tenant).where(Tenant.name == name))
    if tenant is None:
        tenant = Tenant(id=new_id("tnt"), name=name)
        session.add(tenant)
        session.flush()
    return tenant


def find_tenant(session: Session, name: str) -> Tenant:
    """The tenant of that name; NotFound lists the known ones and how a tenant is made."""
    tenant = session.scalar(select(Tenant).where(Tenant.name == name))
    if tenant is None:
        known = list(session.scalars(select(Tenant.name).order_by(Tenant.name)))
        listed = ", ".join(known) if known else "none yet"
        raise NotFound(
            f"no tenant named {name!r} in this database (tenants: {listed}); a tenant is "
            f"created with its first key: kolrisk apikey create --tenant {name}"
        )
    return tenant


def create_key(
    session: Session, tenant: Tenant, scopes: list[str], now: datetime, label: str | None = None
) -> tuple[ApiKey, str]:
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise Unprocessable(f"unknown scope(s) {unknown}; use read, write or admin")
    generated = generate_key()
    key = ApiKey(
        id=new_id("key"),
        tenant_id=tenant.id,
        prefix=generated.prefix,
        secret_hash=generated.secret_hash,
        scopes=sorted(set(scopes or ["write"])),
        label=label,
        created_at=now,
    )
    session.add(key)
    session.flush()
    return key, generated.plaintext


def list_keys(session: Session, tenant: Tenant) -> list[ApiKey]:
    query = select(ApiKey).where(ApiKey.tenant_id == tenant.id).order_by(ApiKey.created_at)
    return list(session.scalars(query))


def revoke_key(session: Session, prefix: str, now: datetime) -> ApiKey:
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix.strip()))
    if key is None:
        raise NotFound(f"no API key with prefix {prefix!r}; `kolrisk apikey list` shows them")
    if key.revoked_at is None:
        key.revoked_at = now
    return key


def authenticate(session: Session, presented: str | None) -> Principal:
    if not presented:
        raise Unauthorized("missing API key: send `Authorization: Bearer <key>`")
    parts = split_key(presented)
    if parts is None:
        raise Unauthorized("malformed API key")
    prefix, secret = parts
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if key is None or not secret_matches(secret, key.secret_hash):
        raise Unauthorized("unknown API key")
    if key.revoked_at is not None:
        raise Unauthorized("this API key has been revoked")
    actor = f"{key.prefix} ({key.label})" if key.label else key.prefix
    return Principal(key.tenant_id, key.id, frozenset(effective_scopes(key.scopes)), actor)
