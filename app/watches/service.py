from __future__ import annotations

from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.errors import Conflict, NotFound, Unprocessable
from app.ids import new_id
from app.models import Brand, Coverage, Kol, Mention, Post, Watch
from app.watches.schemas import WatchCreate, WatchUpdate


def get(session: Session, tenant_id: str, watch_id: str) -> Watch:
    watch = session.get(Watch, watch_id)
    if watch is None or watch.tenant_id != tenant_id:
        raise NotFound(f"no watch {watch_id!r}")
    return watch


def pairing(session: Session, watch: Watch) -> tuple[Brand, Kol]:
    brand, kol = session.get(Brand, watch.brand_id), session.get(Kol, watch.kol_id)
    if brand is None or kol is None:  # the foreign keys forbid this; say so if it ever happens
        raise NotFound(f"watch {watch.id!r} refers to a missing brand or KOL")
    return brand, kol


def list_all(session: Session, tenant_id: str) -> list[Watch]:
    query = select(Watch).where(Watch.tenant_id == tenant_id).order_by(Watch.created_at)
    return list(session.scalars(query))


def create(session: Session, tenant_id: str, data: WatchCreate) -> Watch:
    brand, kol = session.get(Brand, data.brand_id), session.get(Kol, data.kol_id)
    if brand is None or brand.tenant_id != tenant_id:
        raise Unprocessable(f"brand_id: no brand {data.brand_id!r}; create it with POST /v1/brands")
    if kol is None or kol.tenant_id != tenant_id:
        raise Unprocessable(f"kol_id: no KOL {data.kol_id!r}; create it with POST /v1/kols")
    watch = Watch(id=new_id("wch"), tenant_id=tenant_id, **data.model_dump())
    try:
        # Added inside the savepoint, so a refused insert leaves nothing pending to re-flush.
        with session.begin_nested():
            session.add(watch)
            session.flush()
    except IntegrityError as exc:
        existing = session.scalar(
            select(Watch.id).where(Watch.brand_id == brand.id, Watch.kol_id == kol.id)
        )
        raise Conflict(
            "this brand and KOL are already watched", {"watch_id": existing}, key="err.watch_exists"
        ) from exc
    return watch


def update(session: Session, tenant_id: str, watch_id: str, data: WatchUpdate) -> Watch:
    watch = get(session, tenant_id, watch_id)
    watch.stage = data.stage
    return watch


def remove(session: Session, tenant_id: str, watch_id: str) -> None:
    session.delete(get(session, tenant_id, watch_id))


def coverage(session: Session, watch: Watch) -> dict[str, Any]:
    """What stands behind the watch: stored posts per platform, and each collection's state."""
    linked = exists().where(
        Mention.post_id == Post.id, Mention.entity_id == watch.kol_id, Mention.role == "kol"
    )
    per_platform = session.execute(
        select(Post.platform, func.count(), func.min(Post.created_at), func.max(Post.created_at))
        .where(Post.tenant_id == watch.tenant_id, linked)
        .group_by(Post.platform)
    ).all()
    collection = session.scalars(select(Coverage).where(Coverage.watch_id == watch.id))
    return {
        "watch_id": watch.id,
        "posts": [
            {"platform": p, "posts": n, "from": first, "to": last}
            for p, n, first, last in per_platform
        ],
        "collection": [
            {
                "platform": c.platform,
                "query": c.query,
                "last_success_at": c.last_success_at,
                "last_error_at": c.last_error_at,
                "last_error_kind": c.last_error_kind,
                "items": c.items,
                "from": c.span_from,
                "to": c.span_to,
                # Posts in this span may exist that were not fetched yet (None once filled).
                "gap": (
                    {"kind": c.gap_kind, "from": c.gap_from, "to": c.gap_to} if c.gap_kind else None
                ),
            }
            for c in collection
        ],
    }
