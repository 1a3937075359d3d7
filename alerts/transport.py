"""HTTP for deliveries: the SSRF check on every request, pinned to the address it checked.

The client never follows redirects (a 3xx is a failed delivery), never reads proxies from the
environment (they would route around the check), and reads at most RESPONSE_READ_CAP bytes of
an answer within the overall deadline.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from alerts.ssrf import AllowList, Resolver, check_url, system_resolver

TIMEOUT_SECONDS = 15.0
CONNECT_TIMEOUT_SECONDS = 5.0
RESPONSE_READ_CAP = 64 * 1024


class PinnedTransport(httpx.BaseTransport):
    """Checks the URL of each request with the guard and connects to the checked address,
    keeping the host name for the Host header and for TLS (SNI and certificate checks)."""

    def __init__(
        self,
        allow: AllowList,
        resolver: Resolver = system_resolver,
        inner: httpx.BaseTransport | None = None,
    ) -> None:
        self.allow, self.resolver = allow, resolver
        self.inner = inner or httpx.HTTPTransport(retries=0)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        target = check_url(str(request.url), self.allow, self.resolver)
        request.url = request.url.copy_with(host=target.address)
        if target.scheme == "https":
            request.extensions = {**request.extensions, "sni_hostname": target.host}
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def make_client(
    allow: AllowList,
    resolver: Resolver = system_resolver,
    inner: httpx.BaseTransport | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> httpx.Client:
    return httpx.Client(
        transport=PinnedTransport(allow, resolver, inner),
        follow_redirects=False,
        trust_env=False,
        timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT_SECONDS)),
    )


@dataclass(frozen=True)
class RawResponse:
    status_code: int
    headers: dict[str, str]
    body: bytes
    latency_ms: int


def post(
    client: httpx.Client,
    url: str,
    content: bytes,
    headers: dict[str, str],
    deadline_seconds: float = TIMEOUT_SECONDS,
) -> RawResponse:
    """POST and read a capped body; the deadline bounds the whole exchange, so a receiver
    dripping an endless body cannot hold a dispatcher."""
    started = time.monotonic()
    with client.stream("POST", url, content=content, headers=headers) as response:
        body = bytearray()
        for chunk in response.iter_bytes():
            body.extend(chunk)
            if len(body) >= RESPONSE_READ_CAP or time.monotonic() - started > deadline_seconds:
                break
        latency = int((time.monotonic() - started) * 1000)
        return RawResponse(
            status_code=response.status_code,
            headers={k.lower(): v for k, v in response.headers.items()},
            body=bytes(body[:RESPONSE_READ_CAP]),
            latency_ms=latency,
        )
