"""Jobs that keep derived data current: rollups, deferred re-linking, stored assessments."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clock import Clock
from app.db import Database
from app.entities import Entity
from app.errors import NotFound
from app.models import Brand, DerivedState, Kol, Watch
from app.posts import recue
from app.posts.linking import EntityNames
from app.posts.mentions import entities_of_brand, entities_of_kol, relink_entity
from app.risk import service as risk_service
from app.risk.markers import stale_watch_ids
from app.risk.moment import ReadTime
from app.risk.reads import refresh_risk
from app.rollups.service import build_rollups, watches_to_build
from app.scoring.service import model_key
from app.search import backfill as search_backfill
from sentiment import Scorer

log = logging.getLogger(__name__)
# The scoring job scores in bulk; an evaluation only tops up the few posts it raced.
INLINE_SCORES = 500


def update_rollups(database: Database, clock: Clock) -> int:
    """Rebuild the rollups of the watches with changes queued (app.changes), never built, or
    built for other names; one transaction per watch, so one broken watch never blocks the
    others. With nothing changed it reads a few rows and writes nothing."""
    with database.session_scope(write=False) as session:
        watch_ids = watches_to_build(session)
    rewritten = 0
    for watch_id in watch_ids:
        try:
            with database.session_scope() as session:
                watch = session.get(Watch, watch_id)
                if watch is not None:
                    rewritten += build_rollups(session, watch, clock())
        except Exception:
            log.exception("rollups of watch %s failed", watch_id)
    return rewritten


def _relink_stale(
    database: Database, model: type[Entity], names_of: Callable[[Entity], list[EntityNames]]
) -> int:
    with database.session_scope(write=False) as session:
        stale_ids = list(session.scalars(select(model.id).where(model.links_stale.is_(True))))
    for entity_id in stale_ids:
        with database.session_scope() as session:
            entity = session.get(model, entity_id)
            if entity is not None and entity.links_stale:
                relink_entity(session, entity.tenant_id, names_of(entity))
                entity.links_stale = False
    return len(stale_ids)


def relink_stale_entities(database: Database) -> int:
    """Re-link brands and KOLs whose names changed in a tenant too large to re-link in-request."""
    return _relink_stale(database, Brand, entities_of_brand) + _relink_stale(
        database, Kol, entities_of_kol
    )


def refresh_cues(database: Database, clock: Clock, batch: int = 2000, batches: int = 50) -> int:
    """Recompute stored posts' cues after a vocabulary change, one transaction per batch and at
    most `batches` per run, so a million posts are done over a few runs without long locks.
    Returns the posts whose cues changed; 0 at once when every post is current."""
    return _in_batches(database, clock, recue.pending_state, recue.refresh_batch, batch, batches)


def index_search(database: Database, clock: Clock, batch: int = 2000, batches: int = 50) -> int:
    """Index stored posts the text search index lacks, one transaction per batch and at most
    `batches` per run. Returns the index rows written; 0 at once when every post is indexed."""
    pending, step = search_backfill.pending_state, search_backfill.index_batch
    return _in_batches(database, clock, pending, step, batch, batches)


def _in_batches(
    database: Database,
    clock: Clock,
    pending: Callable[[Session, datetime], DerivedState | None],
    step: Callable[[Session, DerivedState, int, datetime], int],
    batch: int,
    batches: int,
) -> int:
    """Walk a derived field's refresh (app.models.DerivedState) one transaction per batch;
    the sum of what each batch returned."""
    total = 0
    for _ in range(batches):
        with database.session_scope() as session:
            state = pending(session, clock())
            if state is None:
                return total
            total += step(session, state, batch, clock())
    return total


def changed_watch_ids(database: Database, scorer: Scorer, clock: Clock) -> list[str]:
    """Watches whose stored assessment no longer stands: none yet, or its inputs marker moved
    (its brand's or KOL's stamp, its rules, controls, model or day). A few read-only queries
    over watches and entities, none over posts."""
    with database.session_scope(write=False) as session:
        return stale_watch_ids(session, model_key(scorer.model), clock())


def evaluate_watch(database: Database, scorer: Scorer, clock: Clock, watch_id: str) -> bool:
    """Bring one watch's stored assessment up to date (a no-op when it stands); False when the
    watch is gone. Safe to run twice or concurrently: snapshots race on their sequence."""
    with database.session_scope(write=False) as session:
        watch = session.get(Watch, watch_id)
        if watch is None:
            return False
        tenant_id = watch.tenant_id
        if risk_service.stored_if_fresh(session, watch, scorer, time=ReadTime(clock())):
            return True
    try:
        time = ReadTime(clock(), inline_limit=INLINE_SCORES)
        refresh_risk(database, tenant_id, watch_id, scorer, time=time)
    except NotFound:
        return False
    return True


def evaluate_watches(database: Database, scorer: Scorer, clock: Clock) -> int:
    """Store a fresh snapshot (and transition) for every watch whose inputs changed; return
    how many were evaluated (0, and no write, when nothing changed)."""
    evaluated = 0
    for watch_id in changed_watch_ids(database, scorer, clock):
        try:
            evaluated += evaluate_watch(database, scorer, clock, watch_id)
        except Exception:
            log.exception("evaluation of watch %s failed", watch_id)
    return evaluated
