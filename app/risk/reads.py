"""A watch's risk as /risk, the report and the dashboard read it: the stored snapshot when
nothing changed, a fresh evaluation when something did, a replay (never stored) with as_of.

It owns its transactions (a read-only one first, a writing one only when needed), so it is
called from the edges (routers, pages), never from a service. A fresh read is one statement
(on PostgreSQL outside a transaction); a changed watch is re-evaluated by one reader at a
time: per process on SQLite (one process serves it), across processes on PostgreSQL (an
advisory lock per watch)."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, aliased

from app.db import Database
from app.errors import NotFound
from app.models import Assessment, Brand, Kol, Tenant, Watch
from app.risk import service as risk_service
from app.risk.markers import part_columns, parts_from, rules_for
from app.risk.moment import ReadTime
from app.risk.schemas import RiskOut
from app.watches import service as watches_service
from sentiment import Scorer


def read_risk(
    database: Database,
    tenant_id: str,
    watch_id: str,
    scorer: Scorer,
    *,
    time: ReadTime,
    replica: Database | None = None,
) -> RiskOut:
    """With `replica` (KOLRISK_READ_DATABASE_URL), an as_of replay reads the replica: what was
    known then does not change when a copy lags by a moment. A current read never does."""
    if time.replay:
        return replay_risk(replica or database, tenant_id, watch_id, scorer, time=time)
    if not database.is_sqlite:
        return _read_alone(database, tenant_id, watch_id, scorer, time=time)
    flight = _FLIGHTS.setdefault(watch_id, _Flight())
    seen = flight.finished
    # Read-only: a fresh snapshot never waits behind an import's write lock.
    with database.session_scope(write=False) as session:
        current = _look(session, tenant_id, watch_id, scorer, time=time)
        if current.fresh:
            return risk_service.served(session, current)
        pending = risk_service.watch_pending(session, current.watch, current.pairing, scorer)
    # One re-evaluation of a watch at a time in this process: readers arriving while it runs
    # wait for it and take the reading it stored, instead of each evaluating the same inputs
    # (under load, every reader of a watch whose KOL just got posts did the whole work).
    with flight.lock:
        try:
            if flight.finished != seen:  # another reader re-evaluated it meanwhile
                return refresh_risk(database, tenant_id, watch_id, scorer, time=time)
            return _refresh(database, current, pending, scorer, time=time)
        finally:
            flight.finished += 1


@dataclass
class _Flight:
    lock: threading.Lock = field(default_factory=threading.Lock)
    finished: int = 0  # re-evaluations of the watch done in this process


_FLIGHTS: dict[str, _Flight] = {}


def _look_statement() -> Any:
    """The watch, its brand, KOL and tenant, its last snapshot (the unique (watch_id, seq)
    index finds it) and the parts of its inputs marker, in one statement built once: a read
    of an unchanged watch is this statement and nothing else."""
    newest = aliased(Assessment)
    last_seq = select(func.max(newest.seq)).where(newest.watch_id == Watch.id).scalar_subquery()
    parts = part_columns(Watch.brand_id, Watch.kol_id, Watch.id)
    return (
        select(Watch, Brand, Kol, Tenant, Assessment, *parts)
        .join(Brand, Brand.id == Watch.brand_id)
        .join(Kol, Kol.id == Watch.kol_id)
        .join(Tenant, Tenant.id == Watch.tenant_id)
        .outerjoin(Assessment, (Assessment.watch_id == Watch.id) & (Assessment.seq == last_seq))
        .where(Watch.id == bindparam("watch"), Watch.tenant_id == bindparam("tenant"))
    )


LOOK = _look_statement()


def _look(
    session: Session, tenant_id: str, watch_id: str, scorer: Scorer, *, time: ReadTime
) -> risk_service.Current:
    """The watch as it stands (LOOK)."""
    row = session.execute(LOOK, {"watch": watch_id, "tenant": tenant_id}).one_or_none()
    if row is None:
        raise NotFound(f"no watch {watch_id!r}")
    watch, brand, kol, tenant, snapshot = row[:5]
    loaded = (brand, kol), rules_for(tenant.risk_rules)
    found = parts_from(row[5:]), snapshot
    return risk_service.look(session, watch, scorer, loaded, time=time, found=found)


def refresh_risk(
    database: Database,
    tenant_id: str,
    watch_id: str,
    scorer: Scorer,
    *,
    time: ReadTime,
) -> RiskOut:
    """Bring a watch's stored reading up to date and return it (the stored one when nothing
    changed). `time` is a current read's (its as_of None)."""
    if not database.is_sqlite:
        return _read_alone(database, tenant_id, watch_id, scorer, time=time)
    with database.session_scope(write=False) as session:
        current = _look(session, tenant_id, watch_id, scorer, time=time)
        if current.fresh:
            return risk_service.served(session, current)
        pending = risk_service.watch_pending(session, current.watch, current.pairing, scorer)
    return _refresh(database, current, pending, scorer, time=time)


def _refresh(
    database: Database,
    current: risk_service.Current,
    pending: risk_service.Pending,
    scorer: Scorer,
    *,
    time: ReadTime,
) -> RiskOut:
    """Re-evaluate a watch whose inputs changed, holding a write lock only to score what it
    still waits for and to store the reading: the evaluation itself reads in a read-only
    transaction, so on SQLite it never makes writers (ingest, other reads) wait. The objects
    `current` loaded are reused (merged without a query) in each transaction."""
    marker = current.marker  # taken before anything below read the inputs
    if pending.waiting and time.inline_limit:
        with database.session_scope(write=True) as session:
            attached = _attach(session, current)
            marker = _score_waiting(session, current, attached, pending, scorer, time=time)
    with database.session_scope(write=False) as session:
        watch, pairing = _attach(session, current)
        risk, marker = risk_service.evaluate_current(
            session, watch, pairing, scorer, current.rules, marker, time=time
        )
    with database.session_scope(write=True) as session:
        watch, _pairing = _attach(session, current)
        overrides = current.parts.overrides > 0
        return risk_service.store_current(
            session, watch, risk, marker, time=time, overrides=overrides
        )


def _read_alone(
    database: Database,
    tenant_id: str,
    watch_id: str,
    scorer: Scorer,
    *,
    time: ReadTime,
) -> RiskOut:
    """PostgreSQL, where several processes serve reads and run evaluations: one of them at a
    time re-evaluates a watch, under a transaction-scoped advisory lock on it; the others wait
    for it and find its reading stored (two API processes each re-evaluated every watch that
    got posts). The look is one statement in autocommit; for a changed watch, one transaction
    and one connection take the lock, score the KOL's waiting posts, evaluate and store the
    reading (a second connection while holding the lock could wait on a pool that the waiters
    hold). Its scores lock the KOL's stamp row until the commit, so a write naming the KOL
    waits for the evaluation (tens of milliseconds) rather than for nothing."""
    # Most reads find the watch unchanged: one statement, outside a transaction.
    with database.autocommit_scope() as session:
        current = _look(session, tenant_id, watch_id, scorer, time=time)
        if current.fresh:
            return risk_service.served(session, current)
    with database.session_scope(write=True) as session:
        key = {"kind": RISK_LOCKS, "watch": _lock_key(watch_id)}
        if session.scalar(TRY_LOCK, key):
            watch, pairing = _attach(session, current)
            current = replace(current, watch=watch, pairing=pairing)
        else:
            # Another process is re-evaluating it: wait, and take its reading if it stands.
            session.execute(LOCK, key)
            current = _look(session, tenant_id, watch_id, scorer, time=time)
            if current.fresh:
                return risk_service.served(session, current)
        # A reading another process stored between the look and the lock is at worst
        # evaluated again here (store_current keeps one per marker), never lost.
        return _evaluate_locked(session, current, scorer, time=time)


def _evaluate_locked(
    session: Session, current: risk_service.Current, scorer: Scorer, *, time: ReadTime
) -> RiskOut:
    watch, pairing, rules = current.watch, current.pairing, current.rules
    marker = current.marker
    pending = risk_service.watch_pending(session, watch, pairing, scorer)
    if pending.waiting and time.inline_limit:
        attached = (watch, pairing)
        marker = _score_waiting(session, current, attached, pending, scorer, time=time)
    risk, marker = risk_service.evaluate_current(
        session, watch, pairing, scorer, rules, marker, time=time
    )
    overrides = current.parts.overrides > 0
    return risk_service.store_current(session, watch, risk, marker, time=time, overrides=overrides)


def _score_waiting(
    session: Session,
    current: risk_service.Current,
    attached: tuple[Watch, tuple[Brand, Kol]],
    pending: risk_service.Pending,
    scorer: Scorer,
    *,
    time: ReadTime,
) -> str:
    """Score the watch's waiting posts (up to time.inline_limit) and return the marker after
    it. Scoring moves the stamps only, so only they are read again: the marker's other parts
    were read before, and it never claims inputs newer than it read. `attached`: the watch and
    pairing as this session holds them."""
    watch, pairing = attached
    if not risk_service.score_watch_pending(
        session, watch, pairing, scorer, pending.others, time=time
    ):
        return current.marker
    parts = risk_service.restamped(session, current)
    return risk_service.marked(parts, current.pairing, scorer, current.rules, time=time)


# The first key of the advisory locks on watches' evaluations (any constant kolrisk owns).
RISK_LOCKS = 0x726973  # "ris"


TRY_LOCK = select(func.pg_try_advisory_xact_lock(bindparam("kind"), bindparam("watch")))
LOCK = select(func.pg_advisory_xact_lock(bindparam("kind"), bindparam("watch")))


def _lock_key(watch_id: str) -> int:
    """A watch's second advisory-lock key: 32 bits of its id's hash (a rare collision only
    makes two watches take turns)."""
    return int.from_bytes(hashlib.sha256(watch_id.encode()).digest()[:4], "big", signed=True)


def _attach(session: Session, current: risk_service.Current) -> tuple[Watch, tuple[Brand, Kol]]:
    brand, kol = current.pairing
    merge = partial(session.merge, load=False)
    return merge(current.watch), (merge(brand), merge(kol))


def replay_risk(
    database: Database,
    tenant_id: str,
    watch_id: str,
    scorer: Scorer,
    *,
    time: ReadTime,
) -> RiskOut:
    """What was known at time.as_of (which a replay must name). A replica takes no writes:
    posts still unscored there are reported as pending_posts instead of being scored inline."""
    if time.as_of is None:
        raise ValueError("replay_risk() reads a moment: time.as_of is None")
    writes = not database.is_replica
    with database.session_scope(write=writes) as session:
        watch = watches_service.get(session, tenant_id, watch_id)
        pairing = watches_service.pairing(session, watch)
        rules = risk_service.tenant_rules(session, watch.tenant_id)
        if not writes:
            time = replace(time, inline_limit=0)
        return risk_service.replay(session, watch, pairing, scorer, rules, time=time)
