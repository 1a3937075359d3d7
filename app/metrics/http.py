"""One pass over every HTTP request: its id, its access-log line, its latency and status."""

from __future__ import annotations

import logging
import re
import time
import uuid

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.logs import REQUEST_ID

log = logging.getLogger("kolrisk.http")

REQUEST_ID_HEADER = "x-request-id"
# An incoming id is kept when it is a plain token (what proxies and load balancers send);
# anything else (too long, spaces, control characters) is replaced, so ids are safe to log.
_CLIENT_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Paths no route matched share one label: scanners probing random paths must not create a
# time series each.
UNMATCHED = "unmatched"
# Probes that hit every few seconds: their successes are counted but not logged.
QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})


class HttpMetrics:
    """Request latency by route template and request counts by status, in one registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.latency = Histogram(
            "kolrisk_http_request_duration_seconds",
            "Time from a request's arrival to its last byte sent, by route template.",
            ["method", "route"],
            registry=registry,
        )
        self.requests = Counter(
            "kolrisk_http_requests",
            "HTTP requests answered, by route template and status code.",
            ["method", "route", "status"],
            registry=registry,
        )

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.latency.labels(method, route).observe(seconds)
        self.requests.labels(method, route, str(status)).inc()


def request_id_of(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER.encode():
            given = str(value.decode("latin-1"))
            if _CLIENT_ID.fullmatch(given):
                return given
    return uuid.uuid4().hex


def route_template(scope: Scope) -> str:
    """The matched route's path with its placeholders ("/v1/watches/{watch_id}/risk")."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED


class RequestTelemetry:
    """ASGI middleware. An exception escaping the app is counted as a 500 here; the error
    handler that answers it (app.errors) adds the request id header to that answer."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        REQUEST_ID.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._record(scope, status, time.perf_counter() - started)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = route_template(scope)
        self.metrics.observe(scope["method"], route, status, seconds)
        if route in QUIET_ROUTES and status < 400:
            return
        millis = round(seconds * 1000, 1)
        log.info(
            "%s %s %d %.1f ms",
            scope["method"],
            scope["path"],
            status,
            millis,
            extra={
                "method": scope["method"],
                "path": scope["path"],
                "route": route,
                "status": status,
                "duration_ms": millis,
            },
        )
