from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.audit.schemas import AuditEntryOut
from app.audit.service import AuditFilter, entries_page
from app.clock import as_utc
from app.deps import Admin, ReadSession
from app.pagination import PageDep, link_next
from app.schemas import Moment

router = APIRouter(prefix="/v1/audit-log", tags=["audit"])


@router.get("")
def list_audit_log(
    request: Request,
    response: Response,
    page: PageDep,
    session: ReadSession,
    caller: Admin,
    object_id: Annotated[str | None, Query(max_length=300)] = None,
    object_type: Annotated[str | None, Query(max_length=40)] = None,
    since: Moment | None = None,
    until: Moment | None = None,
) -> list[AuditEntryOut]:
    """Who changed what in this tenant, newest first (`since` inclusive, `until` exclusive);
    the next page's address is in the `Link` header. Entries are kept as long as the tenant."""
    flt = AuditFilter(
        object_id=object_id,
        object_type=object_type,
        since=as_utc(since) if since else None,
        until=as_utc(until) if until else None,
    )
    shown, cursor = entries_page(session, caller.tenant_id, flt, page)
    link_next(request, response, cursor)
    return [AuditEntryOut.model_validate(e) for e in shown]
