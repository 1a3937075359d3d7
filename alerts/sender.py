"""One delivery attempt: render for the channel, sign, POST through the guarded client,
classify the answer. Nothing here touches the database."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote_plus, urlsplit, urlunsplit

import httpx

from alerts import signing
from alerts.formats import render
from alerts.notice import Digest
from alerts.outcomes import Outcome, classify
from alerts.ssrf import UnresolvedHost, UnsafeUrl
from alerts.transport import RawResponse, post

log = logging.getLogger(__name__)
STORED_RESPONSE_CHARS = 2000
USER_AGENT = "kolrisk-alerts/1"


@dataclass(frozen=True)
class Destination:
    kind: str
    url: str
    # Secrets that sign now, newest first: two of them during a rotation overlap.
    secrets: tuple[str, ...] = ()


@dataclass(frozen=True)
class AttemptResult:
    outcome: Outcome
    status_code: int | None = None
    latency_ms: int = 0
    response_excerpt: str | None = None


def _with_query(url: str, extra: str) -> str:
    parts = urlsplit(url)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit(parts._replace(query=query))


def build_request(
    destination: Destination, digest: Digest, now: datetime
) -> tuple[str, bytes, dict[str, str]]:
    """URL, exact body bytes and headers for one attempt (timestamps and signs are per try)."""
    payload = render(destination.kind, digest)
    url, seconds = destination.url, int(now.timestamp())
    secret = destination.secrets[0] if destination.secrets else None
    if destination.kind == "feishu" and secret:
        payload = {
            "timestamp": str(seconds),
            "sign": signing.feishu_sign(secret, seconds),
            **payload,
        }
    if destination.kind == "dingtalk" and secret:
        millis = int(now.timestamp() * 1000)
        sign = quote_plus(signing.dingtalk_sign(secret, millis))
        url = _with_query(url, f"timestamp={millis}&sign={sign}")
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"content-type": "application/json; charset=utf-8", "user-agent": USER_AGENT}
    if destination.kind == "standard" and destination.secrets:
        headers |= signing.standard_headers(
            list(destination.secrets), digest.message_id, seconds, body
        )
    elif destination.kind == "standard":
        headers |= {"webhook-id": digest.message_id, "webhook-timestamp": str(seconds)}
    return url, body, headers


def _excerpt(response: RawResponse) -> str:
    return response.body.decode(errors="replace")[:STORED_RESPONSE_CHARS]


def attempt(
    client: httpx.Client, destination: Destination, digest: Digest, now: datetime
) -> AttemptResult:
    url, body, headers = build_request(destination, digest, now)
    try:
        response = post(client, url, body, headers)
    except UnresolvedHost as exc:
        return AttemptResult(Outcome("retry", f"not sent: {exc}"))
    except UnsafeUrl as exc:  # the same address is refused however often it is tried
        return AttemptResult(Outcome("failed", f"blocked before connecting: {exc}"))
    except httpx.TimeoutException:
        return AttemptResult(Outcome("retry", "timed out"))
    except httpx.HTTPError as exc:
        return AttemptResult(Outcome("retry", f"connection failed: {type(exc).__name__}: {exc}"))
    outcome = classify(destination.kind, response, now)
    return AttemptResult(outcome, response.status_code, response.latency_ms, _excerpt(response))
