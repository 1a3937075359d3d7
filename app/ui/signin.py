"""Checking what the sign-in form was given: a person's name and password, or an API key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from starlette.datastructures import Address

from app.auth.keys import split_key
from app.auth.people import check_password, issue_session
from app.config import Settings
from app.db import Database
from app.ui.session import principal_of


@dataclass(frozen=True)
class Attempt:
    name: str
    password: str
    key: str
    # Whose failures this attempt counts against: the person's name or the key's prefix.
    who: str
    address: str

    @classmethod
    def of(cls, name: str, password: str, key: str, client: Address | None) -> Attempt:
        key, name = key.strip(), " ".join(name.split())
        if key and not password:
            parts = split_key(key)
            who = f"key:{parts[0] if parts else 'malformed'}"
        else:
            who = f"user:{name.casefold()}"
        return cls(name, password, key, who, client.host if client else "unknown")


def check(database: Database, settings: Settings, attempt: Attempt, now: datetime) -> str | None:
    """The cookie's value for a good attempt (a session token or the key), else None."""
    if attempt.key and not attempt.password:
        found = principal_of(database, settings, attempt.key, now)
        return attempt.key if found is not None else None
    if not attempt.name or not attempt.password:
        return None
    with database.session_scope() as session:
        user = check_password(session, attempt.name, attempt.password, now)
        return issue_session(settings, user, now) if user is not None else None
