from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import Actor, record, recording, snapshot
from app.brands.schemas import BrandCreate, BrandUpdate
from app.entities import (
    READ_ONLY_BY_COLLECTORS,
    flush_unique_name,
    get_owned,
    relink_or_defer,
    remove_unwatched,
)
from app.ids import new_id
from app.models import Brand, Watch
from app.pagination import PageRequest, keyset, split_page
from app.posts.mentions import entities_of_brand


def get(session: Session, tenant_id: str, brand_id: str) -> Brand:
    return get_owned(session, Brand, tenant_id, brand_id, "brand")


def list_all(session: Session, tenant_id: str) -> list[Brand]:
    return list(
        session.scalars(select(Brand).where(Brand.tenant_id == tenant_id).order_by(Brand.name))
    )


def list_page(
    session: Session, tenant_id: str, page: PageRequest
) -> tuple[list[Brand], str | None]:
    """One page by name (then id, which is unique): the order people scan a list in."""
    columns = (Brand.name, Brand.id)
    query = keyset(select(Brand).where(Brand.tenant_id == tenant_id), columns, page)
    return split_page(list(session.scalars(query)), page, lambda e: (e.name, e.id))


# Read by fit (app.fit) only: no stored post needs re-linking when they change.
FIT_FIELDS = {"category", "category_words", "tone"}


def create(
    session: Session,
    tenant_id: str,
    data: BrandCreate,
    relink_limit: int,
    actor: Actor,
    now: datetime,
) -> Brand:
    brand = Brand(id=new_id("brd"), tenant_id=tenant_id, **data.model_dump(mode="json"))
    flush_unique_name(session, "brand", data.name, new=brand)
    # Posts stored before the brand existed are linked to it now.
    relink_or_defer(session, brand, entities_of_brand(brand), relink_limit)
    record(session, actor, "create", "brand", brand.id, after=snapshot(brand), at=now)
    return brand


def update(
    session: Session,
    tenant_id: str,
    brand_id: str,
    data: BrandUpdate,
    relink_limit: int,
    actor: Actor,
    now: datetime,
) -> Brand:
    brand = get(session, tenant_id, brand_id)
    changes = {
        field: value
        for field, value in data.model_dump(mode="json", exclude_unset=True).items()
        if value is not None
    }
    with recording(session, actor, "update", "brand", brand.id, brand, at=now):
        for field, value in changes.items():
            setattr(brand, field, value)
        # Changed names re-link stored posts; fields only the collectors read need none.
        if not set(changes) <= READ_ONLY_BY_COLLECTORS | FIT_FIELDS:
            flush_unique_name(session, "brand", brand.name)
            relink_or_defer(session, brand, entities_of_brand(brand), relink_limit)
    return brand


def remove(session: Session, tenant_id: str, brand_id: str, actor: Actor, now: datetime) -> None:
    brand = get(session, tenant_id, brand_id)
    before = snapshot(brand)
    remove_unwatched(session, brand, Watch.brand_id, "brand")
    record(session, actor, "delete", "brand", brand_id, before=before, at=now)
