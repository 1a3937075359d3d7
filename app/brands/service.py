from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.brands.schemas import BrandCreate, BrandUpdate
from app.errors import Conflict, NotFound
from app.ids import new_id
from app.models import Brand, Mention, Watch
from app.posts.mentions import entities_of_brand, relink_entity


def get(session: Session, tenant_id: str, brand_id: str) -> Brand:
    brand = session.get(Brand, brand_id)
    if brand is None or brand.tenant_id != tenant_id:
        raise NotFound(f"no brand {brand_id!r}")
    return brand


def list_all(session: Session, tenant_id: str) -> list[Brand]:
    return list(
        session.scalars(select(Brand).where(Brand.tenant_id == tenant_id).order_by(Brand.name))
    )


def _flush_unique(session: Session, name: str) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict(f"a brand named {name!r} already exists; PATCH it instead") from exc


def create(session: Session, tenant_id: str, data: BrandCreate) -> Brand:
    brand = Brand(id=new_id("brd"), tenant_id=tenant_id, **data.model_dump(mode="json"))
    session.add(brand)
    _flush_unique(session, data.name)
    # Posts stored before the brand existed are linked to it now.
    relink_entity(session, tenant_id, entities_of_brand(brand))
    return brand


def update(session: Session, tenant_id: str, brand_id: str, data: BrandUpdate) -> Brand:
    brand = get(session, tenant_id, brand_id)
    for field, value in data.model_dump(mode="json", exclude_unset=True).items():
        if value is not None:
            setattr(brand, field, value)
    _flush_unique(session, brand.name)
    relink_entity(session, tenant_id, entities_of_brand(brand))
    return brand


def remove(session: Session, tenant_id: str, brand_id: str) -> None:
    brand = get(session, tenant_id, brand_id)
    watch_ids = list(session.scalars(select(Watch.id).where(Watch.brand_id == brand.id)))
    if watch_ids:
        raise Conflict(
            "the brand is still watched; delete its watches first", {"watches": watch_ids}
        )
    session.execute(
        delete(Mention).where(Mention.tenant_id == tenant_id, Mention.entity_id == brand.id)
    )
    session.delete(brand)
