"""One delivery attempt: render for the channel, sign, POST through the guarded client,
classify the answer, each the way the channel's entry in alerts.registry says. Nothing here
touches the database."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import httpx

from alerts.notice import Digest
from alerts.outcomes import DeliveryOutcome
from alerts.registry import CHANNELS
from alerts.signing import Outgoing
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
    outcome: DeliveryOutcome
    status_code: int | None = None
    latency_ms: int = 0
    response_excerpt: str | None = None


def build_request(
    destination: Destination, digest: Digest, now: datetime
) -> tuple[str, bytes, dict[str, str]]:
    """URL, exact body bytes and headers for one attempt (timestamps and signs are per try)."""
    channel = CHANNELS[destination.kind]
    headers = {"content-type": "application/json; charset=utf-8", "user-agent": USER_AGENT}
    request = Outgoing(destination.url, channel.render(digest), headers)
    if channel.sign is not None:
        request = channel.sign(request, destination.secrets, digest.message_id, now)
    return request.url, request.body, request.headers


def _excerpt(response: RawResponse) -> str:
    return response.body.decode(errors="replace")[:STORED_RESPONSE_CHARS]


def attempt(
    client: httpx.Client, destination: Destination, digest: Digest, now: datetime
) -> AttemptResult:
    url, body, headers = build_request(destination, digest, now)
    try:
        response = post(client, url, body, headers)
    except UnresolvedHost as exc:
        return AttemptResult(DeliveryOutcome("retry", f"not sent: {exc}"))
    except UnsafeUrl as exc:  # the same address is refused however often it is tried
        return AttemptResult(DeliveryOutcome("failed", f"blocked before connecting: {exc}"))
    except httpx.TimeoutException:
        return AttemptResult(DeliveryOutcome("retry", "timed out"))
    except httpx.HTTPError as exc:
        return AttemptResult(
            DeliveryOutcome("retry", f"connection failed: {type(exc).__name__}: {exc}")
        )
    outcome = CHANNELS[destination.kind].classify(response, now)
    return AttemptResult(outcome, response.status_code, response.latency_ms, _excerpt(response))
