"""API key format: kr_<prefix>_<secret>. The prefix finds the row; only SHA-256(secret) is kept.

Keys are 160 random bits, so a fast hash is enough: there is no password to brute-force.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEY_MARK = "kr"
SCOPES = ("read", "write", "admin")
# What each granted scope lets a key do.
IMPLIED_SCOPES = {"read": {"read"}, "write": {"read", "write"}, "admin": {"read", "write", "admin"}}


@dataclass(frozen=True)
class GeneratedKey:
    prefix: str
    secret_hash: str
    plaintext: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def generate_key() -> GeneratedKey:
    prefix = f"{KEY_MARK}_{secrets.token_hex(4)}"
    secret = secrets.token_urlsafe(20)
    return GeneratedKey(prefix, hash_secret(secret), f"{prefix}_{secret}")


def split_key(presented: str) -> tuple[str, str] | None:
    """(prefix, secret) of a well-formed key, else None."""
    parts = presented.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_MARK or not parts[1] or not parts[2]:
        return None
    return f"{parts[0]}_{parts[1]}", parts[2]


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)


def effective_scopes(granted: list[str]) -> set[str]:
    allowed: set[str] = set()
    for scope in granted:
        allowed |= IMPLIED_SCOPES.get(scope, set())
    return allowed
