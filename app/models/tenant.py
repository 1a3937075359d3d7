from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, String, true
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamped, id_column, tenant_column


class Tenant(Timestamped, Base):
    __tablename__ = "tenants"

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # Per-tenant overrides of the risk engine's decision rules (None: the defaults).
    risk_rules: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    # Off for a tenant whose posts only come from imports or seeding (the demo): the collect
    # job skips its watches and `kolrisk collect` refuses them.
    collection_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class ApiKey(Base):
    """A bearer key. Only a SHA-256 of the secret is stored; the prefix finds the row."""

    __tablename__ = "api_keys"

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    prefix: Mapped[str] = mapped_column(String(32), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(default=list)
    # The key's name ("王经理", "importer"): who it is in the audit log and in `apikey list`.
    label: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime]
    # Written at most once a minute per key (app.auth.usage), not on every request.
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    # After this the key answers 401 like an unknown one (None: it never expires).
    expires_at: Mapped[datetime | None] = mapped_column(default=None)


class User(Base):
    """A person who signs in to the dashboard with a name and a password. Names are unique
    across the installation, so the sign-in form needs no tenant field."""

    __tablename__ = "users"

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    # argon2id, in the PHC string form (parameters and salt included).
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)
    disabled_at: Mapped[datetime | None] = mapped_column(default=None)
