"""Share link tokens: `<share id>.<expiry, unix seconds>.<HMAC>`.

The HMAC (SHA-256, keyed from KOLRISK_SECRET_KEY for this purpose only) covers the id and the
expiry, so neither can be changed in the URL; the database row says whether the share was
revoked. A token that does not verify is treated as no share at all (404)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime

from app.config import Settings
from app.crypto import signing_key

PURPOSE = "report-share"
SIGNATURE_BYTES = 20


def _signature(settings: Settings, share_id: str, expires: int) -> str:
    key = signing_key(settings, PURPOSE)
    digest = hmac.new(key, f"{share_id}.{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:SIGNATURE_BYTES]).decode().rstrip("=")


def make_token(settings: Settings, share_id: str, expires_at: datetime) -> str:
    expires = int(expires_at.timestamp())
    return f"{share_id}.{expires}.{_signature(settings, share_id, expires)}"


def read_token(settings: Settings, token: str) -> tuple[str, datetime] | None:
    """(share id, expiry) of a token this installation signed; None for anything else."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[1].isdigit() or len(parts[1]) > 12:
        return None
    share_id, expires, signature = parts[0], int(parts[1]), parts[2]
    if not hmac.compare_digest(signature, _signature(settings, share_id, expires)):
        return None
    return share_id, datetime.fromtimestamp(expires, UTC)
