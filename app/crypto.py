"""Encryption of secrets we must store and read back (webhook secrets, platform credentials).

Fernet (AES-128-CBC + HMAC-SHA256) keyed from KOLRISK_SECRET_KEY. Without one, a key is generated
into var/secret.key on first use so a laptop install just works; production must set it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from app.config import Settings
from app.errors import AppError

KEY_FILE = "secret.key"


class SecretKeyMissing(AppError):
    error = "secret_key_missing"


class SecretUnreadable(AppError):
    error = "secret_unreadable"


def _file_key(var_dir: Path) -> str:
    path = var_dir / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


@lru_cache(maxsize=8)
def _fernet(key_material: str) -> Fernet:
    # Any string works as KOLRISK_SECRET_KEY: it is stretched to the 32 bytes Fernet needs.
    digest = hashlib.sha256(key_material.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _key_material(settings: Settings) -> str:
    if settings.secret_key:
        return settings.secret_key
    if settings.env == "production":
        raise SecretKeyMissing("KOLRISK_SECRET_KEY must be set in production")
    return _file_key(settings.var_dir)


def cipher(settings: Settings) -> Fernet:
    return _fernet(_key_material(settings))


def signing_key(settings: Settings, purpose: str) -> bytes:
    """A key for HMAC signatures, one per purpose, so no signature is valid for another use
    (nor usable as the encryption key)."""
    return hmac.new(_key_material(settings).encode(), purpose.encode(), hashlib.sha256).digest()


def encrypt(settings: Settings, plaintext: str) -> str:
    return cipher(settings).encrypt(plaintext.encode()).decode()


def decrypt(settings: Settings, token: str) -> str:
    try:
        return cipher(settings).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable(
            "a stored secret cannot be decrypted: was KOLRISK_SECRET_KEY changed?"
        ) from exc
