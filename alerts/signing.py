"""Signatures: Standard Webhooks (v1, HMAC-SHA256), DingTalk and Feishu robot signs.

DingTalk and Feishu build the same string "timestamp\\nsecret" but use it differently:
DingTalk keys the HMAC with the secret over that string (timestamp in milliseconds), Feishu
keys the HMAC with that string over an empty message (timestamp in seconds).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _secret_key(secret: str) -> bytes:
    encoded = secret.removeprefix(SECRET_PREFIX)
    return base64.b64decode(encoded + "=" * (-len(encoded) % 4))


def sign_standard(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """One `v1,<base64>` entry over "{id}.{timestamp}.{body}": the exact bytes we send."""
    signed = msg_id.encode() + b"." + str(timestamp).encode() + b"." + body
    digest = hmac.new(_secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def standard_headers(
    active_secrets: list[str], msg_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    """Headers for one attempt. During a rotation two secrets sign and both entries are sent;
    a receiver holding either one verifies."""
    signatures = " ".join(sign_standard(s, msg_id, timestamp, body) for s in active_secrets)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signatures,
    }


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret: str, timestamp_s: int) -> str:
    key = f"{timestamp_s}\n{secret}".encode()
    digest = hmac.new(key, b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()
