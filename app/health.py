"""/healthz: the process answers. /readyz: the database answers and is migrated to head."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.db import Database, migration_status
from app.jobs import lease

router = APIRouter(tags=["health"])


def scheduler_check(database: Database, now: datetime) -> dict[str, Any]:
    """The lease heartbeat. Informational: the API serves without a scheduler, but nothing is
    scored or evaluated in the background while this is stale."""
    with database.session_scope(write=False) as session:
        held = lease.current(session)
    if held is None or not held.holder:
        return {"status": "never ran", "holder": None, "heartbeat_at": None}
    fresh = now - held.heartbeat_at <= 2 * lease.LEASE_TTL
    return {
        "status": "ok" if fresh else "stale",
        "holder": held.holder,
        "heartbeat_at": held.heartbeat_at.isoformat(),
    }


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    database: Database = request.app.state.database
    checks: dict[str, Any] = {}
    try:
        with database.engine.begin() as connection:  # a COMMIT keeps prepared statements
            connection.execute(text("SELECT 1"))
        current, head = migration_status(database)
        checks["database"] = "ok"
        checks["migrations"] = {"current": current, "head": head, "ok": current == head}
        if current == head:
            checks["scheduler"] = scheduler_check(database, request.app.state.clock())
    except SQLAlchemyError as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
    ready = checks.get("database") == "ok" and checks["migrations"]["ok"]
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status_code=200 if ready else 503,
    )
