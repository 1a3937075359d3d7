"""Tenants and API keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from app.audit import Actor, cli_actor, record, recording, snapshot
from app.auth.keys import SCOPES, effective_scopes, generate_key, secret_matches, split_key
from app.errors import NotFound, Unauthorized, Unprocessable
from app.ids import new_id
from app.models import ApiKey, Tenant
from app.tenants.registry import require_tenant

INVALID_KEY = "invalid API key: it is unknown or has been revoked"
MISSING_KEY = "missing API key: send `Authorization: Bearer <key>`"
MALFORMED_KEY = "malformed API key"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the tenant every query is scoped to, what they may do, and who they
    are for the audit log (an API key, or a person signed in to the dashboard)."""

    tenant_id: str
    key_id: str  # "" for a person
    scopes: frozenset[str]
    who: Actor

    @property
    def actor(self) -> str:
        """The name analyst controls, acks and silences are recorded with."""
        return self.who.name


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
    """The tenant of that name; NotFound lists the known ones and how a tenant is made (the
    one refusal of every tenant-taking command: app.tenants.registry.require_tenant)."""
    return require_tenant(session, name)


def create_key(
    session: Session,
    tenant: Tenant,
    scopes: list[str],
    now: datetime,
    name: str | None = None,
    expires_at: datetime | None = None,
    actor: Actor | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its plaintext (shown once). Made at the command line unless said."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise Unprocessable(f"unknown scope(s) {unknown}; use read, write or admin")
    if expires_at is not None and expires_at <= now:
        raise Unprocessable("the expiry must be in the future; give --expires-in-days 1 or more")
    generated = generate_key()
    key = ApiKey(
        id=new_id("key"),
        tenant_id=tenant.id,
        prefix=generated.prefix,
        secret_hash=generated.secret_hash,
        scopes=sorted(set(scopes or ["write"])),
        label=(name or "").strip()[:200] or None,
        created_at=now,
        expires_at=expires_at,
    )
    session.add(key)
    session.flush()
    record(
        session, actor or cli_actor(tenant.id), "create", "api_key", key.id,
        after=snapshot(key), at=now,
    )  # fmt: skip
    return key, generated.plaintext


def list_keys(session: Session, tenant: Tenant) -> list[ApiKey]:
    query = select(ApiKey).where(ApiKey.tenant_id == tenant.id).order_by(ApiKey.created_at)
    return list(session.scalars(query))


def revoke_key(session: Session, prefix: str, now: datetime, actor: Actor | None = None) -> ApiKey:
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix.strip()))
    if key is None:
        raise NotFound(f"no API key with prefix {prefix!r}; `kolrisk apikey list` shows them")
    if key.revoked_at is None:
        who = actor or cli_actor(key.tenant_id)
        with recording(session, who, "revoke", "api_key", key.id, key, at=now):
            key.revoked_at = now
    return key


# Built once: every request runs it, and building it cost more than running it.
KEY_BY_PREFIX = select(
    ApiKey.id, ApiKey.tenant_id, ApiKey.prefix, ApiKey.label, ApiKey.secret_hash, ApiKey.scopes,
    ApiKey.revoked_at, ApiKey.expires_at,
).where(ApiKey.prefix == bindparam("prefix"))  # fmt: skip


def authenticate(reader: Session | Connection, presented: str | None, now: datetime) -> Principal:
    """The caller a bearer key names. `reader` may be a plain connection: the key is read as
    one row of columns, not an ORM object (every API request does this)."""
    if not presented:
        raise Unauthorized(MISSING_KEY)
    parts = split_key(presented)
    if parts is None:
        raise Unauthorized(MALFORMED_KEY)
    prefix, secret = parts
    key = reader.execute(KEY_BY_PREFIX, {"prefix": prefix}).one_or_none()
    # One answer for a key never issued, an expired one and a revoked one: telling them apart
    # would confirm to whoever holds a leaked key that it once was real.
    if key is None or not secret_matches(secret, key.secret_hash):
        raise Unauthorized(INVALID_KEY)
    if key.revoked_at is not None or is_expired(key.expires_at, now):
        raise Unauthorized(INVALID_KEY)
    scopes = frozenset(effective_scopes(key.scopes))
    name = f"{key.label} ({key.prefix})" if key.label else key.prefix
    return Principal(key.tenant_id, key.id, scopes, Actor(key.tenant_id, "key", key.id, name))


def is_expired(expires_at: datetime | None, now: datetime) -> bool:
    return expires_at is not None and expires_at <= now
