"""The scheduler lease: only the process holding it runs jobs, so any number may be started.

A holder renews the lease well before it expires; a standby keeps trying to take it and gets it
once the holder has stopped renewing for a whole TTL (crashed, killed, partitioned away).
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, or_, select, update
from sqlalchemy.orm import Session

from app.db import upsert_for
from app.models import SchedulerLease

LEASE_NAME = "scheduler"
# A holder renews every TTL/3: two renewals may fail (a long write lock, a GC pause) before a
# standby takes over, and a dead holder is replaced within about 30 s.
LEASE_TTL = timedelta(seconds=30)


def new_holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass(frozen=True)
class LeaseView:
    holder: str
    heartbeat_at: datetime
    expires_at: datetime


def try_acquire(session: Session, holder: str, now: datetime, ttl: timedelta = LEASE_TTL) -> bool:
    """Take or renew the lease; True when `holder` holds it until now + ttl."""
    _ensure_row(session, now)
    result = session.execute(
        update(SchedulerLease)
        .where(
            SchedulerLease.name == LEASE_NAME,
            or_(SchedulerLease.holder == holder, SchedulerLease.expires_at <= now),
        )
        .values(
            holder=holder,
            acquired_at=case(
                (SchedulerLease.holder == holder, SchedulerLease.acquired_at), else_=now
            ),
            heartbeat_at=now,
            expires_at=now + ttl,
        )
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def release(session: Session, holder: str, now: datetime) -> None:
    """Hand the lease over at once on a clean stop instead of making the standby wait a TTL."""
    session.execute(
        update(SchedulerLease)
        .where(SchedulerLease.name == LEASE_NAME, SchedulerLease.holder == holder)
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )


def current(session: Session) -> LeaseView | None:
    row = session.scalar(select(SchedulerLease).where(SchedulerLease.name == LEASE_NAME))
    return LeaseView(row.holder, row.heartbeat_at, row.expires_at) if row else None


def _ensure_row(session: Session, now: datetime) -> None:
    session.execute(
        upsert_for(session)(SchedulerLease)
        .values(name=LEASE_NAME, holder="", acquired_at=now, heartbeat_at=now, expires_at=now)
        .on_conflict_do_nothing(index_elements=["name"])
    )
