"""Signatures: Standard Webhooks (v1, HMAC-SHA256), DingTalk and Feishu robot signs, and how
each of them goes onto a request (a channel's `sign` in alerts.registry).

DingTalk and Feishu build the same string "timestamp\\nsecret" but use it differently:
DingTalk keys the HMAC with the secret over that string (timestamp in milliseconds), Feishu
keys the HMAC with that string over an empty message (timestamp in seconds).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import quote_plus, urlsplit, urlunsplit

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


@dataclass(frozen=True)
class Outgoing:
    """One attempt's request before it is sent: a signer returns it changed."""

    url: str
    payload: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def body(self) -> bytes:
        """The exact bytes sent (and signed): compact UTF-8 JSON."""
        return json.dumps(self.payload, ensure_ascii=False, separators=(",", ":")).encode()


def _with_query(url: str, extra: str) -> str:
    parts = urlsplit(url)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit(parts._replace(query=query))


def sign_standard_request(
    request: Outgoing, active_secrets: tuple[str, ...], msg_id: str, now: datetime
) -> Outgoing:
    """webhook-id and webhook-timestamp always; webhook-signature when a secret signs."""
    seconds = int(now.timestamp())
    if active_secrets:
        added = standard_headers(list(active_secrets), msg_id, seconds, request.body)
    else:
        added = {"webhook-id": msg_id, "webhook-timestamp": str(seconds)}
    return replace(request, headers=request.headers | added)


def sign_dingtalk_request(
    request: Outgoing, active_secrets: tuple[str, ...], msg_id: str, now: datetime
) -> Outgoing:
    """A signed DingTalk robot takes timestamp (ms) and sign in the query string."""
    if not active_secrets:
        return request
    millis = int(now.timestamp() * 1000)
    sign = quote_plus(dingtalk_sign(active_secrets[0], millis))
    return replace(request, url=_with_query(request.url, f"timestamp={millis}&sign={sign}"))


def sign_feishu_request(
    request: Outgoing, active_secrets: tuple[str, ...], msg_id: str, now: datetime
) -> Outgoing:
    """A signed Feishu bot takes timestamp (s) and sign in the body, ahead of the message."""
    if not active_secrets:
        return request
    seconds = int(now.timestamp())
    sign = feishu_sign(active_secrets[0], seconds)
    return replace(request, payload={"timestamp": str(seconds), "sign": sign, **request.payload})
