"""GET /metrics: this process's metrics in the Prometheus text format."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, CollectorRegistry, generate_latest

from app.config import Settings
from app.errors import Unauthorized

router = APIRouter(tags=["health"])


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def metrics(request: Request) -> Response:
    """Request latency and counts of this process, and what the background work did (read
    from the database). Open like /healthz unless KOLRISK_METRICS_TOKEN is set."""
    settings: Settings = request.app.state.settings
    if settings.metrics_token and not _bearer_matches(request, settings.metrics_token):
        raise Unauthorized("GET /metrics needs `Authorization: Bearer <KOLRISK_METRICS_TOKEN>`")
    registry: CollectorRegistry = request.app.state.metrics_registry
    # The classic text format (0.0.4), which every Prometheus version reads.
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_PLAIN_0_0_4)


def _bearer_matches(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)
