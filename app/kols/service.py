from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import Actor, record, recording, snapshot
from app.entities import (
    READ_ONLY_BY_COLLECTORS,
    flush_unique_name,
    get_owned,
    relink_or_defer,
    remove_unwatched,
)
from app.ids import new_id
from app.kols.schemas import KolCreate, KolUpdate
from app.models import Kol, Watch
from app.pagination import PageRequest, keyset, split_page
from app.posts.mentions import entities_of_kol


def get(session: Session, tenant_id: str, kol_id: str) -> Kol:
    return get_owned(session, Kol, tenant_id, kol_id, "KOL")


def list_all(session: Session, tenant_id: str) -> list[Kol]:
    return list(session.scalars(select(Kol).where(Kol.tenant_id == tenant_id).order_by(Kol.name)))


def list_page(session: Session, tenant_id: str, page: PageRequest) -> tuple[list[Kol], str | None]:
    """One page by name (then id, which is unique): the order people scan a list in."""
    columns = (Kol.name, Kol.id)
    query = keyset(select(Kol).where(Kol.tenant_id == tenant_id), columns, page)
    return split_page(list(session.scalars(query)), page, lambda e: (e.name, e.id))


def create(
    session: Session,
    tenant_id: str,
    data: KolCreate,
    relink_limit: int,
    actor: Actor,
    now: datetime,
) -> Kol:
    kol = Kol(id=new_id("kol"), tenant_id=tenant_id, **data.model_dump(mode="json"))
    flush_unique_name(session, "KOL", data.name, new=kol)
    # Posts stored before the KOL existed are linked to it now.
    relink_or_defer(session, kol, entities_of_kol(kol), relink_limit)
    record(session, actor, "create", "kol", kol.id, after=snapshot(kol), at=now)
    return kol


def update(
    session: Session,
    tenant_id: str,
    kol_id: str,
    data: KolUpdate,
    relink_limit: int,
    actor: Actor,
    now: datetime,
) -> Kol:
    kol = get(session, tenant_id, kol_id)
    changes = {
        field: value
        for field, value in data.model_dump(mode="json", exclude_unset=True).items()
        if value is not None
    }
    with recording(session, actor, "update", "kol", kol.id, kol, at=now):
        for field, value in changes.items():
            setattr(kol, field, value)
        # Changed names re-link stored posts; fields only the collectors read need none.
        if not set(changes) <= READ_ONLY_BY_COLLECTORS:
            flush_unique_name(session, "KOL", kol.name)
            relink_or_defer(session, kol, entities_of_kol(kol), relink_limit)
    return kol


def remove(session: Session, tenant_id: str, kol_id: str, actor: Actor, now: datetime) -> None:
    kol = get(session, tenant_id, kol_id)
    before = snapshot(kol)
    remove_unwatched(session, kol, Watch.kol_id, "KOL")
    record(session, actor, "delete", "kol", kol_id, before=before, at=now)
