"""People who sign in to the dashboard: a name, a role and a password.

Roles map to the API's scopes (viewer=read, analyst=write, admin=admin). A signed-in person
holds a session token in the dashboard's cookie: the user id, an expiry and an HMAC over them
and the password hash, so changing the password or disabling the person ends every session.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit import Actor, cli_actor, record, recording, snapshot
from app.auth.keys import KEY_MARK, effective_scopes
from app.auth.passwords import hash_password, needs_rehash, password_matches, password_problem
from app.auth.service import Principal
from app.config import Settings
from app.crypto import signing_key
from app.errors import Conflict, NotFound, Unprocessable
from app.ids import new_id
from app.models import Tenant, User

ROLE_SCOPES = {"viewer": "read", "analyst": "write", "admin": "admin"}
SESSION_MARK = "ps1"
SESSION_PURPOSE = "kolrisk-ui-session"


def clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise Unprocessable("--name: give a name of 1 to 200 characters, e.g. 王经理")
    if name.startswith(f"{KEY_MARK}_") or any(unicodedata.category(c)[0] == "C" for c in name):
        raise Unprocessable("--name: a name may not start with kr_ or hold control characters")
    return name


def create_user(
    session: Session, tenant: Tenant, name: str, role: str, password: str, now: datetime,
    actor: Actor | None = None,
) -> User:  # fmt: skip
    if role not in ROLE_SCOPES:
        raise Unprocessable(f"--role: {role!r} is not a role; use viewer, analyst or admin")
    problem = password_problem(password)
    if problem:
        raise Unprocessable(problem)
    user = User(
        id=new_id("usr"), tenant_id=tenant.id, name=clean_name(name), role=role,
        password_hash=hash_password(password), created_at=now,
    )  # fmt: skip
    try:
        with session.begin_nested():
            session.add(user)
            session.flush()
    except IntegrityError as exc:
        raise Conflict(f"a person named {user.name!r} already exists; names are unique") from exc
    record(
        session, actor or cli_actor(tenant.id), "create", "user", user.id,
        after=snapshot(user), at=now,
    )  # fmt: skip
    return user


def list_users(session: Session, tenant: Tenant) -> list[User]:
    query = select(User).where(User.tenant_id == tenant.id).order_by(User.created_at, User.id)
    return list(session.scalars(query))


def find_user(session: Session, name: str) -> User | None:
    return session.scalar(select(User).where(User.name == " ".join(name.split())))


def disable_user(session: Session, name: str, now: datetime, actor: Actor | None = None) -> User:
    user = find_user(session, name)
    if user is None:
        raise NotFound(f"no person named {name!r}; `kolrisk user list --tenant T` shows them")
    if user.disabled_at is None:
        who = actor or cli_actor(user.tenant_id)
        with recording(session, who, "disable", "user", user.id, user, at=now):
            user.disabled_at = now
    return user


def set_password(
    session: Session, name: str, password: str, now: datetime, actor: Actor | None = None
) -> User:
    """A new password (a forgotten one, or a leaked one): every session of the person ends."""
    user = find_user(session, name)
    if user is None:
        raise NotFound(f"no person named {name!r}; `kolrisk user list --tenant T` shows them")
    problem = password_problem(password)
    if problem:
        raise Unprocessable(problem)
    who = actor or cli_actor(user.tenant_id)
    with recording(session, who, "set_password", "user", user.id, user, at=now):
        user.password_hash = hash_password(password)
    return user


def check_password(session: Session, name: str, password: str, now: datetime) -> User | None:
    """The person, when the name and password match an enabled person; else None (with the
    same work done either way)."""
    user = find_user(session, name)
    stored = user.password_hash if user is not None else None
    if not password_matches(stored, password) or user is None or user.disabled_at is not None:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    return user


def person_principal(user: User) -> Principal:
    scopes = frozenset(effective_scopes([ROLE_SCOPES.get(user.role, "read")]))
    return Principal(
        user.tenant_id, "", scopes, Actor(user.tenant_id, "person", user.id, user.name)
    )


def _signature(settings: Settings, user_id: str, expires: int, password_hash: str) -> str:
    message = f"{user_id}.{expires}.{password_hash}".encode()
    digest = hmac.new(signing_key(settings, SESSION_PURPOSE), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def issue_session(settings: Settings, user: User, now: datetime) -> str:
    expires = int((now + timedelta(hours=settings.ui_session_hours)).timestamp())
    signature = _signature(settings, user.id, expires, user.password_hash)
    return f"{SESSION_MARK}.{user.id}.{expires}.{signature}"


def is_session_token(value: str) -> bool:
    return value.startswith(f"{SESSION_MARK}.")


def user_of_session(session: Session, settings: Settings, token: str, now: datetime) -> User | None:
    parts = token.split(".")
    if len(parts) != 4 or parts[0] != SESSION_MARK or not parts[2].isdigit():
        return None
    _, user_id, expires_text, signature = parts
    user = session.get(User, user_id)
    if user is None or user.disabled_at is not None or int(expires_text) <= now.timestamp():
        return None
    expected = _signature(settings, user.id, int(expires_text), user.password_hash)
    return user if hmac.compare_digest(expected, signature) else None
