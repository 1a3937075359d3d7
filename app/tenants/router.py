"""GET /v1/usage (admin): the caller's tenant's usage, per day and in total."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.deps import Admin, ClockDep, DatabaseDep
from app.errors import Unprocessable
from app.models import Tenant
from app.tenants import usage
from app.tenants.schemas import UsageOut

router = APIRouter(prefix="/v1", tags=["usage"])

DEFAULT_DAYS = 30
MAX_DAYS = 366


def usage_of(
    request: Request, database: DatabaseDep, tenant_id: str, now: dt.datetime,
    first: dt.date | None, last: dt.date | None,
) -> UsageOut:  # fmt: skip
    """The report, after writing this process's counted calls (so a read sees its own)."""
    meter: usage.UsageMeter | None = getattr(request.app.state, "usage", None)
    if meter is not None:
        meter.flush(database, now)
    last = last or usage.usage_day(now)
    first = first or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last or (last - first).days >= MAX_DAYS:
        raise Unprocessable(f"from/to: give at most {MAX_DAYS} days, from before to")
    with database.session_scope(write=False) as session:
        out = usage.report(session, tenant_id, first, last)
        tenant = session.get(Tenant, tenant_id)
        out.tenant = tenant.name if tenant else ""
    return out


@router.get("/usage")
def get_usage(
    request: Request,
    database: DatabaseDep,
    caller: Admin,
    clock: ClockDep,
    from_: Annotated[
        dt.date | None, Query(alias="from", description="first day (Asia/Shanghai)")
    ] = None,
    to: Annotated[dt.date | None, Query(description="last day, included (default today)")] = None,
) -> UsageOut:
    """Posts stored, API calls, collection requests per platform and webhook deliveries of
    the caller's tenant, per day and in total (default: the last 30 days)."""
    return usage_of(request, database, caller.tenant_id, clock(), from_, to)
