from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.brands import service
from app.brands.schemas import BrandCreate, BrandOut, BrandUpdate
from app.deps import ClockDep, Reader, ReadSession, SettingsDep, Writer, WriteSession
from app.pagination import PageDep, link_next

router = APIRouter(prefix="/v1/brands", tags=["brands"])


@router.post("", status_code=201)
def create_brand(
    body: BrandCreate,
    session: WriteSession,
    caller: Writer,
    settings: SettingsDep,
    clock: ClockDep,
) -> BrandOut:
    """Create it and link the tenant's stored posts that already name it."""
    created = service.create(
        session, caller.tenant_id, body, settings.inline_relink_max_posts, caller.who, clock()
    )
    return BrandOut.model_validate(created)


@router.get("")
def list_brands(
    request: Request, response: Response, page: PageDep, session: ReadSession, caller: Reader
) -> list[BrandOut]:
    """A page, sorted by name; the next page's address is in the `Link` header."""
    shown, cursor = service.list_page(session, caller.tenant_id, page)
    link_next(request, response, cursor)
    return [BrandOut.model_validate(e) for e in shown]


@router.get("/{brand_id}")
def get_brand(brand_id: str, session: ReadSession, caller: Reader) -> BrandOut:
    return BrandOut.model_validate(service.get(session, caller.tenant_id, brand_id))


@router.patch("/{brand_id}")
def update_brand(
    brand_id: str,
    body: BrandUpdate,
    session: WriteSession,
    caller: Writer,
    settings: SettingsDep,
    clock: ClockDep,
) -> BrandOut:
    """Change only the fields given; changed names re-link stored posts."""
    limit = settings.inline_relink_max_posts
    updated = service.update(session, caller.tenant_id, brand_id, body, limit, caller.who, clock())
    return BrandOut.model_validate(updated)


@router.delete("/{brand_id}", status_code=204)
def delete_brand(brand_id: str, session: WriteSession, caller: Writer, clock: ClockDep) -> Response:
    service.remove(session, caller.tenant_id, brand_id, caller.who, clock())
    return Response(status_code=204)
