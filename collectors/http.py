"""One polite HTTP client per platform: one request in flight, a minimum gap with jitter between
requests, exponential backoff with full jitter on transient failures, Retry-After honoured, and
a circuit breaker that stops hammering a platform that keeps refusing us.

Time is injected (`monotonic`, `sleep`, `rng`) so tests run without sleeping.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from collectors.errors import (
    PRESSURE_KINDS,
    Blocked,
    CircuitOpen,
    CollectorError,
    LoginRequired,
    NotOnPlatform,
    RateLimited,
    TransientError,
    Unreachable,
)

# A platform-specific look at a response: the refusal it means, or None when it is data.
Classifier = Callable[[httpx.Response, Any], CollectorError | None]
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36"
)


@dataclass(frozen=True)
class Politeness:
    min_interval: float = 2.0  # seconds between two requests to one platform
    jitter: float = 1.0  # up to this much more, at random
    max_retries: int = 3  # for transient failures (network, 5xx, 429)
    backoff_base: float = 2.0
    backoff_cap: float = 60.0
    max_retry_after: float = 120.0  # a longer Retry-After ends the pass for this platform
    breaker_threshold: int = 5  # consecutive pressure failures that open the breaker
    breaker_cooldown: float = 900.0
    timeout: float = 20.0


@dataclass
class Timing:
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random | None = None

    def uniform(self, low: float, high: float) -> float:
        return (self.rng or random).uniform(low, high)


class Breaker:
    """Open after `threshold` consecutive pressure failures; one trial request after cooldown."""

    def __init__(self, threshold: int, cooldown: float) -> None:
        self.threshold, self.cooldown = threshold, cooldown
        self.failures = 0
        self.opened_at: float | None = None

    def check(self, now: float) -> None:
        if self.opened_at is None:
            return
        if now - self.opened_at < self.cooldown:
            left = self.cooldown - (now - self.opened_at)
            raise CircuitOpen(
                f"paused after {self.failures} refusals or server errors in a row; "
                f"next try in {left:.0f}s",
                retry_after=left,
            )
        self.opened_at = None  # half-open: let one request through

    def record(self, error: CollectorError | None, now: float) -> None:
        if error is None:
            self.failures, self.opened_at = 0, None
        elif error.kind in PRESSURE_KINDS:
            self.failures += 1
            if self.failures >= self.threshold:
                self.opened_at = now


class Gate:
    """Per platform: one request in flight and the gap between requests. Shared by every
    fetcher of the platform in a process, so two watches never poll it at once."""

    def __init__(self, politeness: Politeness, timing: Timing) -> None:
        self.politeness, self.timing = politeness, timing
        self.lock = threading.Lock()
        self.last_request: float | None = None
        self.breaker = Breaker(politeness.breaker_threshold, politeness.breaker_cooldown)

    def wait_turn(self) -> None:
        if self.last_request is None:
            return
        gap = self.politeness.min_interval + self.timing.uniform(0, self.politeness.jitter)
        waited = self.timing.monotonic() - self.last_request
        if waited < gap:
            self.timing.sleep(gap - waited)


def backoff_delay(attempt: int, politeness: Politeness, timing: Timing) -> float:
    """Full jitter: uniform(0, min(cap, base * 2**attempt))."""
    ceiling = min(politeness.backoff_cap, politeness.backoff_base * 2**attempt)
    return timing.uniform(0, ceiling)


def retry_after_seconds(response: httpx.Response, now_epoch: float) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now_epoch)
    except (TypeError, ValueError):
        return None


class Fetcher:
    """HTTP for one platform: every request goes through its gate and its classifier."""

    def __init__(
        self,
        platform: str,
        client: httpx.Client,
        gate: Gate,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.platform, self.client, self.gate = platform, client, gate
        self.wall_clock = wall_clock
        self.requests = 0

    def get_json(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        classify: Classifier | None = None,
    ) -> Any:
        response = self.send("GET", url, params=params, headers=headers)
        return self._decoded(response, classify)

    def post_json(
        self,
        url: str,
        body: Any,
        headers: Mapping[str, str] | None = None,
        classify: Classifier | None = None,
    ) -> Any:
        response = self.send("POST", url, json_body=body, headers=headers)
        return self._decoded(response, classify)

    def get_text(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        classify: Classifier | None = None,
    ) -> httpx.Response:
        response = self.send("GET", url, params=params, headers=headers)
        self._check(response, response.text, classify)
        return response

    def _decoded(self, response: httpx.Response, classify: Classifier | None) -> Any:
        try:
            body: Any = json.loads(response.content) if response.content.strip() else None
        except (ValueError, RecursionError):  # not JSON, a 5,000-digit number, a deep nest
            body = None
        self._check(response, body, classify)
        if body is None:
            kind = response.headers.get("content-type", "unknown type")
            raise self._recorded(
                Blocked(f"HTTP {response.status_code} answered {kind}, not JSON: refused")
            )
        return body

    def _check(self, response: httpx.Response, body: Any, classify: Classifier | None) -> None:
        error = classify(response, body) if classify else None
        if error is None and response.status_code >= 400:
            error = _by_status(response.status_code)
        if error is not None:
            raise self._recorded(error)
        self.gate.breaker.record(None, self.gate.timing.monotonic())

    def _recorded(self, error: CollectorError) -> CollectorError:
        self.gate.breaker.record(error, self.gate.timing.monotonic())
        return error

    def send(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        json_body: Any = None,
    ) -> httpx.Response:
        """One request with retries for transient failures; refusals are the caller's to map."""
        politeness, timing = self.gate.politeness, self.gate.timing
        attempt = 0
        while True:
            with self.gate.lock:
                self.gate.breaker.check(timing.monotonic())
                self.gate.wait_turn()
                try:
                    response = self._once(method, url, params, headers, json_body)
                    failure = self._transient(response)
                except httpx.ConnectError as exc:
                    raise unreachable(url, exc) from exc
                except httpx.TransportError as exc:
                    failure = TransientError(f"{type(exc).__name__}: {exc}")
                finally:
                    self.gate.last_request = timing.monotonic()
            if failure is None:
                return response
            self.gate.breaker.record(failure, timing.monotonic())
            if attempt >= politeness.max_retries:
                raise failure
            delay = failure.retry_after
            if delay is None:
                delay = backoff_delay(attempt, politeness, timing)
            elif delay > politeness.max_retry_after:
                raise failure  # the platform asked for a long rest: end this pass
            timing.sleep(delay)
            attempt += 1

    def _once(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        json_body: Any,
    ) -> httpx.Response:
        self.requests += 1
        return self.client.request(
            method,
            url,
            params=dict(params) if params else None,
            headers=dict(headers) if headers else None,
            json=json_body,
        )

    def _transient(self, response: httpx.Response) -> CollectorError | None:
        if response.status_code == 429:
            wait = retry_after_seconds(response, self.wall_clock())
            return RateLimited("HTTP 429 too many requests", retry_after=wait)
        if response.status_code in (500, 502, 503, 504):
            wait = retry_after_seconds(response, self.wall_clock())
            return TransientError(f"HTTP {response.status_code}", retry_after=wait)
        return None


def unreachable(url: str, exc: httpx.ConnectError) -> Unreachable:
    parsed = httpx.URL(url)
    host = f"{parsed.host}:{parsed.port}" if parsed.port else parsed.host or url
    cause = str(exc) or type(exc).__name__
    if "name" in cause.lower() and ("resolution" in cause.lower() or "known" in cause.lower()):
        cause = "its name did not resolve (no network or no DNS?)"
    return Unreachable(f"cannot reach {host}: {cause}")


def _by_status(status: int) -> CollectorError:
    if status == 404:
        return NotOnPlatform("HTTP 404")
    if status == 401:
        return LoginRequired("HTTP 401")
    return Blocked(f"HTTP {status}")


def new_client(
    timeout: float, transport: httpx.BaseTransport | None = None, cookie: str | None = None
) -> httpx.Client:
    """Redirects are not followed: a 302 to a captcha page is a refusal we must see.

    The tenant's cookie goes into the client's cookie jar rather than a fixed header, so
    cookies an adapter obtains itself (Bilibili's buvid3) are sent beside it."""
    headers = {"User-Agent": USER_AGENT, "Accept-Language": "zh-CN,zh;q=0.9"}
    client = httpx.Client(
        timeout=timeout, transport=transport, headers=headers, follow_redirects=False
    )
    for name, value in cookie_pairs(cookie or ""):
        client.cookies.set(name, value)
    return client


def cookie_pairs(cookie: str) -> list[tuple[str, str]]:
    """ "a=1; b=2" as it is copied from a browser → [("a", "1"), ("b", "2")]."""
    pairs = []
    for part in cookie.split(";"):
        name, _, value = part.strip().partition("=")
        if name.strip():
            pairs.append((name.strip(), value.strip()))
    return pairs
