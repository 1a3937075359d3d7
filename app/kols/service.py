from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.errors import Conflict, NotFound
from app.ids import new_id
from app.kols.schemas import KolCreate, KolUpdate
from app.models import Kol, Mention, Watch
from app.posts.mentions import entities_of_kol, relink_entity


def get(session: Session, tenant_id: str, kol_id: str) -> Kol:
    kol = session.get(Kol, kol_id)
    if kol is None or kol.tenant_id != tenant_id:
        raise NotFound(f"no KOL {kol_id!r}")
    return kol


def list_all(session: Session, tenant_id: str) -> list[Kol]:
    return list(session.scalars(select(Kol).where(Kol.tenant_id == tenant_id).order_by(Kol.name)))


def _flush_unique(session: Session, name: str) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict(f"a KOL named {name!r} already exists; PATCH it instead") from exc


def create(session: Session, tenant_id: str, data: KolCreate) -> Kol:
    kol = Kol(id=new_id("kol"), tenant_id=tenant_id, **data.model_dump(mode="json"))
    session.add(kol)
    _flush_unique(session, data.name)
    relink_entity(session, tenant_id, entities_of_kol(kol))
    return kol


def update(session: Session, tenant_id: str, kol_id: str, data: KolUpdate) -> Kol:
    kol = get(session, tenant_id, kol_id)
    for field, value in data.model_dump(mode="json", exclude_unset=True).items():
        if value is not None:
            setattr(kol, field, value)
    _flush_unique(session, kol.name)
    relink_entity(session, tenant_id, entities_of_kol(kol))
    return kol


def remove(session: Session, tenant_id: str, kol_id: str) -> None:
    kol = get(session, tenant_id, kol_id)
    watch_ids = list(session.scalars(select(Watch.id).where(Watch.kol_id == kol.id)))
    if watch_ids:
        raise Conflict("the KOL is still watched; delete its watches first", {"watches": watch_ids})
    session.execute(
        delete(Mention).where(Mention.tenant_id == tenant_id, Mention.entity_id == kol.id)
    )
    session.delete(kol)
