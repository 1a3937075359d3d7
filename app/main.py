"""create_app(): the FastAPI application with its database, clock and scorer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.alerting.router import router as alerts_router
from app.analyst.router import router as analyst_router
from app.audit.router import router as audit_router
from app.auth.usage import KeyUsage
from app.bodies import JsonBodies
from app.brands.router import router as brands_router
from app.candidates.router import router as candidates_router
from app.clock import Clock, utcnow
from app.collection.router import router as collection_router
from app.config import Settings, get_settings
from app.db import Database, read_replica
from app.docs import install_docs
from app.dossier.router import router as dossier_router
from app.errors import REF, document_errors, install_error_handlers
from app.health import router as health_router
from app.imports.router import router as imports_router
from app.input_guard import RefuseUnstorableText
from app.kols.router import router as kols_router
from app.metrics import install_metrics
from app.metrics.router import router as metrics_router
from app.posts.router import router as posts_router
from app.posts.schemas import POST_IN
from app.privacy.router import router as privacy_router
from app.ratelimit.headers import RateLimitHeaders
from app.ratelimit.limiter import build_limiter
from app.reports.router import router as reports_router
from app.reports.schemas import Report
from app.risk.router import router as risk_router
from app.risk.rules_api import router as risk_rules_router
from app.scoring.router import router as sentiment_router
from app.shares.router import public as shared_reports_router
from app.shares.router import router as shares_router
from app.tenants.router import router as usage_router
from app.tenants.usage import UsageMeter
from app.ui.router import router as ui_router
from app.watches.router import router as watches_router
from app.webhooks.router import router as webhooks_router
from sentiment import Scorer, get_scorer

DESCRIPTION = """Backlash risk for brand × KOL pairings, before the contract is signed.

Every /v1 call takes an API key: `Authorization: Bearer kr_…`. Press **Authorize** and paste
one (`kolrisk serve --demo` prints one; `kolrisk apikey create --tenant NAME` makes one).
Bodies are JSON. Lists are JSON arrays that page with `limit` and `cursor`: the next page's
address is in the `Link: <…>; rel="next"` header. Errors answer
`{"error", "message", "detail"}` (ErrorBody); `message` says what to fix and `detail.fields`
lists each field to fix.

Times are ISO 8601 (without an offset read as Asia/Shanghai) from 2000-01-01 up to
2100-01-01 UTC; a post's `created_at` and `collected_at` also no more than a day after the
server's clock: a post outside that is rejected with the reason, the others stored. Text
holding a lone surrogate (half of a UTF-16 pair) is refused (422; in POST /v1/posts, that
item); NUL characters are removed from posts, and refused in everything else (422).
"""

ROUTERS = (
    health_router,
    metrics_router,
    brands_router,
    candidates_router,
    kols_router,
    dossier_router,
    watches_router,
    analyst_router,
    posts_router,
    imports_router,
    risk_router,
    risk_rules_router,
    sentiment_router,
    webhooks_router,
    alerts_router,
    collection_router,
    audit_router,
    reports_router,
    shares_router,
    privacy_router,
    usage_router,
    shared_reports_router,
    ui_router,
)


def create_app(
    settings: Settings | None = None,
    database: Database | None = None,
    clock: Clock = utcnow,
    scorer: Scorer | None = None,
    replica: Database | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        lifespan=thread_pool(settings.api_threads),
        title="kolrisk",
        version="0.1.0",
        description=DESCRIPTION,
        docs_url=None,  # app.docs serves /docs from installed files, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.database = database or Database.from_settings(settings)
    app.state.replica = replica or read_replica(settings, app.state.database)
    app.state.clock = clock
    app.state.scorer = scorer or get_scorer()
    app.state.rate_limiter = build_limiter(settings, app.state.database)
    app.state.key_usage = KeyUsage(app.state.database)
    app.state.usage = UsageMeter(timedelta(seconds=settings.usage_flush_seconds))
    app.add_middleware(RateLimitHeaders)
    install_error_handlers(app)
    app.add_middleware(RefuseUnstorableText)
    install_metrics(app, app.state.database, clock)
    app.add_middleware(JsonBodies)
    for router in ROUTERS:
        app.include_router(router)
    install_docs(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def thread_pool(threads: int) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The size of the thread pool the routes run in (anyio's default is 40): set at start,
    since the pool belongs to the running event loop."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    return lifespan


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated document, plus the item schema of POST /v1/posts (read as a raw array),
    the report's JSON (served as a plain Response) and every /v1 error (app.errors)."""
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in (
        ("PostIn", POST_IN.json_schema(ref_template=REF)),
        ("Report", Report.model_json_schema(ref_template=REF)),
    ):
        schemas.update(schema.pop("$defs", {}))
        schemas[name] = schema
    document_errors(document)
    app.openapi_schema = document
    return document
