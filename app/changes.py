"""Record what a write changed, so the work that follows grows with the change.

Every path that stores, re-texts, scores, re-cues or erases posts calls note_named() (or
note_posts()) in its own transaction, with the brands and KOLs the posts name:

- each entity's stamp moves (EntityStamp): a watch's stored assessment stands while neither its
  brand's nor its KOL's stamp moved, so one post re-evaluates only the watches it concerns;
- each move of a stamp records which posts it was about (EntityChange), so a reader that
  keeps a watch's post facts reloads only those (app.risk.facts_cache);
- each day of a watch's posts that changed is queued for its rollups (RollupChange).

New and re-texted posts are queued for scoring with enqueue_scoring() (ScoreQueue). Nothing
here commits; nothing here updates the tenant row, so writers of one tenant never queue on it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import NamedTuple, cast

from sqlalchemy import Insert, Table, bindparam, insert, select
from sqlalchemy.orm import Session

from app.bulk import insert_encoded, row_encoder
from app.clock import EARLIEST, LATEST
from app.db import dialect_insert
from app.encoding import DatetimeTexts
from app.models import EntityChange, EntityStamp, Mention, RollupChange, ScoreQueue, Watch
from app.rollups.service import day_zone

LOOKUP_CHUNK = 500
# A move about more posts than this records none (an import's batch): the reader reloads all.
MAX_CHANGE_POSTS = 200
SCORE_QUEUE_COLUMNS = ("post_id", "tenant_id", "enqueued_at")


class Named(NamedTuple):
    """One post naming one entity: what a change to that post touches."""

    entity_id: str
    role: str
    created_at: datetime
    post_id: str


def enqueue_scoring(
    session: Session, tenant_id: str, post_ids: Sequence[str], now: datetime, *, new: bool = False
) -> None:
    """Queue posts for the scoring job; a post queued already stays queued once. `new`: posts
    just inserted, which cannot be queued yet (a plain COPY on PostgreSQL, no conflict check).

    One statement on SQLite: INSERT ... SELECT over the ids as one JSON array, instead of one
    statement a post (ingest queues every post it stores)."""
    if not post_ids:
        return
    conflict = "" if new else " ON CONFLICT (post_id) DO NOTHING"
    if session.get_bind().dialect.name == "sqlite":
        enqueued_at = DatetimeTexts().text(now)  # as SQLAlchemy stores it
        session.connection().exec_driver_sql(
            f"INSERT INTO score_queue ({', '.join(SCORE_QUEUE_COLUMNS)}) "
            f"SELECT value, ?, ? FROM json_each(?) WHERE true{conflict}",
            (tenant_id, enqueued_at, json.dumps(list(post_ids))),
        )
        return
    table = cast(Table, ScoreQueue.__table__)
    encode = row_encoder("postgresql", table, SCORE_QUEUE_COLUMNS)
    rows = [encode((post_id, tenant_id, now)) for post_id in post_ids]
    insert_encoded(session, table, SCORE_QUEUE_COLUMNS, rows, () if new else ("post_id",))


def note_named(
    session: Session, tenant_id: str, named: Iterable[tuple[str, str, datetime, str]]
) -> None:
    """Posts naming these entities changed (each a Named, or the same as a plain tuple): move
    the entities' stamps and queue the changed days of the watches of the KOLs named. Once a
    batch: each entity's stamp moves once, each watch's day is queued once."""
    posts_of: dict[str, set[str]] = {}
    kol_moments: dict[str, set[datetime]] = {}
    for entity_id, role, created_at, post_id in named:
        posts_of.setdefault(entity_id, set()).add(post_id)
        if role == "kol":
            kol_moments.setdefault(entity_id, set()).add(created_at)
    if not posts_of:
        return
    zone = day_zone(session)
    kol_days: dict[str, set[dt.date]] = {}
    for kol_id, moments in kol_moments.items():
        # A post dated outside what the API accepts belongs to no rollup day (see dated_in_range).
        days = {m.astimezone(zone).date() for m in moments if EARLIEST <= m < LATEST}
        if days:
            kol_days[kol_id] = days
    if kol_days:
        watches = session.execute(
            select(Watch.id, Watch.kol_id).where(
                Watch.tenant_id == tenant_id, Watch.kol_id.in_(sorted(kol_days))
            )
        )
        rows = [
            {"watch_id": watch_id, "day": day}
            for watch_id, kol_id in watches
            for day in sorted(kol_days[kol_id])
        ]
        if rows:
            session.execute(insert(cast(Table, RollupChange.__table__)), rows)
    bump_stamps(session, tenant_id, posts_of)


def note_posts(session: Session, tenant_id: str, post_ids: Sequence[str]) -> None:
    """note_named() for stored posts, with the entities their mentions name now."""
    note_named(session, tenant_id, named_by(session, post_ids))


def named_by(session: Session, post_ids: Sequence[str]) -> list[Named]:
    """What these posts' mentions name (the mentions' unique key leads with post_id)."""
    named: list[Named] = []
    ids = sorted(set(post_ids))
    for start in range(0, len(ids), LOOKUP_CHUNK):
        query = select(
            Mention.entity_id, Mention.role, Mention.post_created_at, Mention.post_id
        ).where(Mention.post_id.in_(ids[start : start + LOOKUP_CHUNK]))
        named += [Named(*row) for row in session.execute(query)]
    return named


def bump_stamps(
    session: Session, tenant_id: str, posts_of: Mapping[str, Collection[str] | None]
) -> None:
    """Move the stamps of the entities `posts_of` maps, and record which posts each move was
    about (None: unknown, e.g. an erasure). One upsert, in id order, so two writers naming the
    same entities lock them in the same order (no deadlock), each holding a row only until its
    commit; the new versions come back from it for the change records."""
    ids = sorted(posts_of)
    if not ids:
        return
    params = [{"entity_id": i, "tenant_id": tenant_id} for i in ids]
    moved = session.execute(_stamp_upsert(session.get_bind().dialect.name), params)
    records = [
        {"entity_id": entity_id, "version": version, "tenant_id": tenant_id,
         "post_ids": _recorded(posts_of[entity_id])}
        for entity_id, version in moved
    ]  # fmt: skip
    session.execute(insert(cast(Table, EntityChange.__table__)), records)


@cache
def _stamp_upsert(dialect: str) -> Insert:
    """Built once per dialect, on the table rather than the mapped class: the ORM's bulk path
    and a statement built anew each time cost more than the round trip (SQLAlchemy sends the
    rows as one multi-row VALUES, in the order given)."""
    table = cast(Table, EntityStamp.__table__)
    statement = dialect_insert(dialect)(table).values(
        entity_id=bindparam("entity_id"), tenant_id=bindparam("tenant_id"), version=1
    )
    upsert: Insert = statement.on_conflict_do_update(
        index_elements=["entity_id"], set_={"version": table.c.version + 1}
    )
    return upsert.returning(table.c.entity_id, table.c.version)


def _recorded(post_ids: Collection[str] | None) -> list[str] | None:
    if post_ids is None or len(post_ids) > MAX_CHANGE_POSTS:
        return None
    return sorted(post_ids)


def stamps(session: Session, entity_ids: Sequence[str]) -> dict[str, int]:
    """The current stamp of each entity (0 when nothing naming it ever changed)."""
    query = select(EntityStamp.entity_id, EntityStamp.version).where(
        EntityStamp.entity_id.in_(list(entity_ids))
    )
    found = {entity_id: int(version) for entity_id, version in session.execute(query)}
    return {entity_id: found.get(entity_id, 0) for entity_id in entity_ids}
