from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.deps import ClockDep, Reader, ReadSession, SettingsDep, Writer, WriteSession
from app.kols import service
from app.kols.schemas import KolCreate, KolOut, KolUpdate
from app.pagination import PageDep, link_next

router = APIRouter(prefix="/v1/kols", tags=["kols"])


@router.post("", status_code=201)
def create_kol(
    body: KolCreate,
    session: WriteSession,
    caller: Writer,
    settings: SettingsDep,
    clock: ClockDep,
) -> KolOut:
    """Create it and link the tenant's stored posts that already name it."""
    created = service.create(
        session, caller.tenant_id, body, settings.inline_relink_max_posts, caller.who, clock()
    )
    return KolOut.model_validate(created)


@router.get("")
def list_kols(
    request: Request, response: Response, page: PageDep, session: ReadSession, caller: Reader
) -> list[KolOut]:
    """A page, sorted by name; the next page's address is in the `Link` header."""
    shown, cursor = service.list_page(session, caller.tenant_id, page)
    link_next(request, response, cursor)
    return [KolOut.model_validate(e) for e in shown]


@router.get("/{kol_id}")
def get_kol(kol_id: str, session: ReadSession, caller: Reader) -> KolOut:
    return KolOut.model_validate(service.get(session, caller.tenant_id, kol_id))


@router.patch("/{kol_id}")
def update_kol(
    kol_id: str,
    body: KolUpdate,
    session: WriteSession,
    caller: Writer,
    settings: SettingsDep,
    clock: ClockDep,
) -> KolOut:
    """Change only the fields given; changed names re-link stored posts."""
    limit = settings.inline_relink_max_posts
    updated = service.update(session, caller.tenant_id, kol_id, body, limit, caller.who, clock())
    return KolOut.model_validate(updated)


@router.delete("/{kol_id}", status_code=204)
def delete_kol(kol_id: str, session: WriteSession, caller: Writer, clock: ClockDep) -> Response:
    service.remove(session, caller.tenant_id, kol_id, caller.who, clock())
    return Response(status_code=204)
