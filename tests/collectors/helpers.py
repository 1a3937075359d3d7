"""Adapters over httpx.MockTransport: recorded fixtures from ../shared, or our own hand-made ones
(tests/collectors/fixtures: fictional content in the platforms' real shapes, so a fresh clone
without ../shared still exercises every adapter)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from collectors.base import Access, Adapter
from collectors.http import Gate, Politeness, Timing
from collectors.registry import build_adapter

SHARED = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "platforms"
OWN = Path(__file__).resolve().parent / "fixtures"
NOW = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)


def fixture(name: str) -> bytes:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"recorded fixture {name} not found: ../shared/fixtures/platforms is absent")
    return path.read_bytes()


def own(name: str) -> bytes:
    """One of our hand-made fixtures (always present)."""
    return (OWN / name).read_bytes()


def own_json(name: str) -> Any:
    return json.loads(own(name))


def quiet_gate() -> Gate:
    return Gate(Politeness(min_interval=0, jitter=0), Timing(sleep=lambda seconds: None))


Route = Callable[[httpx.Request], httpx.Response]


def adapter(platform: str, routes: dict[str, Any], access: Access | None = None) -> Adapter:
    """`routes` maps a URL path to bytes, a JSON-able body, or a function of the request;
    other paths answer 404, as a real server would."""
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = routes.get(request.url.path)
        if answer is None:
            return httpx.Response(404)
        if callable(answer):
            return answer(request)
        content = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
        return httpx.Response(200, content=content)

    made = build_adapter(
        platform,
        access or Access(f"https://{platform}.test"),
        quiet_gate(),
        lambda: NOW,
        httpx.MockTransport(handle),
    )
    made.seen = seen  # type: ignore[attr-defined]
    return made
