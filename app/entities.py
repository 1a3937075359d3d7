"""What brands and KOLs share: tenant-scoped lookup, unique names, re-linking, guarded delete."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.errors import Conflict, NotFound
from app.models import Brand, Kol, Mention, Post, Watch
from app.posts.linking import EntityNames
from app.posts.mentions import relink_entity

Entity = TypeVar("Entity", Brand, Kol)


def get_owned(
    session: Session, model: type[Entity], tenant_id: str, entity_id: str, label: str
) -> Entity:
    entity = session.get(model, entity_id)
    if entity is None or entity.tenant_id != tenant_id:
        raise NotFound(f"no {label} {entity_id!r}")
    return entity


def flush_unique_name(
    session: Session, label: str, name: str, new: Brand | Kol | None = None
) -> None:
    """Flush (adding `new` first), turning a duplicate name into a 409. No savepoint: the 409
    ends the request and its transaction, so nothing is read after the failed flush."""
    if new is not None:
        session.add(new)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(f"a {label} named {name!r} already exists; PATCH it instead") from exc


# Fields only the collectors read: changing them alone re-links no stored post.
READ_ONLY_BY_COLLECTORS = frozenset({"tieba_bars"})


def relink_or_defer(
    session: Session, entity: Brand | Kol, names: list[EntityNames], max_inline_posts: int
) -> None:
    """Re-link stored posts to the entity's current names now, or leave it to the relink job
    when the tenant holds more posts than a request should scan."""
    stored = (
        session.scalar(
            select(func.count()).select_from(Post).where(Post.tenant_id == entity.tenant_id)
        )
        or 0
    )
    if stored > max_inline_posts:
        entity.links_stale = True
        return
    relink_entity(session, entity.tenant_id, names)
    entity.links_stale = False


def remove_unwatched(
    session: Session, entity: Brand | Kol, watch_column: InstrumentedAttribute[str], label: str
) -> None:
    watch_ids = list(session.scalars(select(Watch.id).where(watch_column == entity.id)))
    if watch_ids:
        raise Conflict(
            f"the {label} is still watched; delete its watches first", {"watches": watch_ids}
        )
    session.execute(
        delete(Mention).where(Mention.tenant_id == entity.tenant_id, Mention.entity_id == entity.id)
    )
    session.delete(entity)
