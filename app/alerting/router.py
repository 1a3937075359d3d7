from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.alerting import service
from app.alerting.schemas import AlertOut, SilenceCreate, SilenceOut, Status
from app.deps import ClockDep, Reader, ReadSession, Writer, WriteSession
from app.pagination import PageDep, link_next

router = APIRouter(tags=["alerts"])


@router.get("/v1/alerts")
def list_alerts(
    request: Request,
    response: Response,
    page: PageDep,
    session: ReadSession,
    caller: Reader,
    clock: ClockDep,
    status: Annotated[Status | None, Query(description="firing or resolved")] = None,
    watch_id: Annotated[str | None, Query(description="Only this watch's alerts.")] = None,
) -> list[AlertOut]:
    """One alert per watch and rule, most recently changed first; the next page's address is
    in the `Link` header."""
    now = clock()
    alerts, cursor = service.list_page(session, caller.tenant_id, status, watch_id, page)
    link_next(request, response, cursor)
    return [service.alert_out(session, a, now) for a in alerts]


@router.get("/v1/alerts/{alert_id}")
def get_alert(alert_id: str, session: ReadSession, caller: Reader, clock: ClockDep) -> AlertOut:
    return service.alert_out(session, service.get(session, caller.tenant_id, alert_id), clock())


@router.post("/v1/alerts/{alert_id}/ack")
def ack_alert(alert_id: str, session: WriteSession, caller: Writer, clock: ClockDep) -> AlertOut:
    """Stop reminders for this firing alert; an escalation or a new firing needs a new ack."""
    alert = service.get(session, caller.tenant_id, alert_id)
    service.ack(session, alert, caller.who, clock())
    return service.alert_out(session, alert, clock())


@router.post("/v1/watches/{watch_id}/silences", status_code=201)
def create_silence(
    watch_id: str, body: SilenceCreate, session: WriteSession, caller: Writer, clock: ClockDep
) -> SilenceOut:
    """Record this watch's alerts without delivering them until ends_at."""
    now = clock()
    silence = service.add_silence(session, caller.tenant_id, watch_id, body, caller.who, now)
    return service.silence_out(silence, now)


@router.get("/v1/watches/{watch_id}/silences")
def list_silences(
    watch_id: str, session: ReadSession, caller: Reader, clock: ClockDep
) -> list[SilenceOut]:
    now = clock()
    return [
        service.silence_out(s, now) for s in service.silences(session, caller.tenant_id, watch_id)
    ]


@router.delete("/v1/watches/{watch_id}/silences/{silence_id}", status_code=204)
def delete_silence(
    watch_id: str, silence_id: str, session: WriteSession, caller: Writer, clock: ClockDep
) -> Response:
    service.remove_silence(session, caller.tenant_id, watch_id, silence_id, caller.who, clock())
    return Response(status_code=204)
