"""A watch's risk as /risk, the report and the dashboard read it: the stored snapshot when
nothing changed, a fresh evaluation when something did, a replay (never stored) with as_of.

It owns its transactions (a read-only one first, a writing one only when needed), so it is
called from the edges (routers, pages), never from a service."""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy.orm import Session

from app.db import Database
from app.models import Brand, Kol, Watch
from app.risk import service as risk_service
from app.risk.schemas import RiskOut
from app.watches import service as watches_service
from sentiment import Scorer


def read_risk(
    database: Database,
    tenant_id: str,
    watch_id: str,
    scorer: Scorer,
    now: datetime,
    inline_limit: int,
    as_of: datetime | None = None,
    replica: Database | None = None,
) -> RiskOut:
    """With `replica` (KOLRISK_READ_DATABASE_URL), an as_of replay reads the replica: what was
    known then does not change when a copy lags by a moment. A current read never does."""
    if as_of is not None:
        source = replica or database
        return replay_risk(source, tenant_id, watch_id, scorer, now, inline_limit, as_of)
    fresh = _stored_if_fresh(database, tenant_id, watch_id, scorer, now)
    if fresh is not None:
        return fresh
    # One re-evaluation of a watch at a time in this process: readers arriving while it runs
    # wait for it and take the reading it stored, instead of each evaluating the same inputs
    # (under load, every reader of a watch whose KOL just got posts did the whole work).
    with _REFRESHING.setdefault(watch_id, threading.Lock()):
        fresh = _stored_if_fresh(database, tenant_id, watch_id, scorer, now)
        if fresh is not None:
            return fresh
        return refresh_risk(database, tenant_id, watch_id, scorer, now, inline_limit)


_REFRESHING: dict[str, threading.Lock] = {}


def _stored_if_fresh(
    database: Database, tenant_id: str, watch_id: str, scorer: Scorer, now: datetime
) -> RiskOut | None:
    # Read-only: a fresh snapshot never waits behind an import's write lock.
    with database.session_scope(write=False) as session:
        watch = watches_service.get(session, tenant_id, watch_id)
        return risk_service.stored_if_fresh(session, watch, scorer, now)


def refresh_risk(
    database: Database,
    tenant_id: str,
    watch_id: str,
    scorer: Scorer,
    now: datetime,
    inline_limit: int,
) -> RiskOut:
    """Re-evaluate a watch whose inputs changed, holding a write lock only to score what it
    still waits for and to store the reading: the evaluation itself reads in a read-only
    transaction, so on SQLite it never makes writers (ingest, other reads) wait."""
    with database.session_scope(write=False) as session:
        watch, pairing = _watch(session, tenant_id, watch_id)
        pending = risk_service.watch_has_pending(session, watch, pairing, scorer)
    if pending and inline_limit:
        with database.session_scope(write=True) as session:
            watch, pairing = _watch(session, tenant_id, watch_id)
            risk_service.score_watch_pending(session, watch, pairing, scorer, now, inline_limit)
    with database.session_scope(write=False) as session:
        watch, pairing = _watch(session, tenant_id, watch_id)
        rules = risk_service.tenant_rules(session, watch.tenant_id)
        risk, marker = risk_service.evaluate_current(session, watch, pairing, scorer, rules, now)
    with database.session_scope(write=True) as session:
        watch = watches_service.get(session, tenant_id, watch_id)
        return risk_service.store_current(session, watch, risk, marker, now)


def _watch(session: Session, tenant_id: str, watch_id: str) -> tuple[Watch, tuple[Brand, Kol]]:
    watch = watches_service.get(session, tenant_id, watch_id)
    return watch, watches_service.pairing(session, watch)


def replay_risk(
    database: Database,
    tenant_id: str,
    watch_id: str,
    scorer: Scorer,
    now: datetime,
    inline_limit: int,
    as_of: datetime,
) -> RiskOut:
    # A replica takes no writes: posts still unscored there are reported as pending_posts
    # instead of being scored inline.
    writes = not database.is_replica
    with database.session_scope(write=writes) as session:
        watch = watches_service.get(session, tenant_id, watch_id)
        pairing = watches_service.pairing(session, watch)
        rules = risk_service.tenant_rules(session, watch.tenant_id)
        limit = inline_limit if writes else 0
        return risk_service.replay(session, watch, pairing, scorer, rules, as_of, limit, now)
