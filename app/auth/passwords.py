"""Passwords of people who sign in to the dashboard: argon2id (argon2-cffi).

The parameters are OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane): about 40 ms a
check here, which a sign-in can afford and a guesser cannot. A stored hash made with other
parameters is upgraded at the next successful sign-in.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024
# Checked when the name is unknown, so a wrong name takes as long as a wrong password.
_UNKNOWN_USER_HASH = HASHER.hash("no such user: this hash only keeps the timing even")


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def password_problem(password: str) -> str | None:
    """What is wrong with a new password, or None."""
    if len(password) < MIN_PASSWORD_CHARS:
        return f"the password needs at least {MIN_PASSWORD_CHARS} characters"
    if len(password) > MAX_PASSWORD_CHARS:
        return f"the password may have at most {MAX_PASSWORD_CHARS} characters"
    return None


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Constant work whether or not there is a stored hash (None: an unknown name)."""
    try:
        return HASHER.verify(stored_hash or _UNKNOWN_USER_HASH, password) and bool(stored_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return HASHER.check_needs_rehash(stored_hash)
