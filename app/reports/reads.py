"""build_report(): the risk read (in its own transaction), then the rest of the report in one
read, or one write where the day rollups are brought up to date first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.clock import Clock
from app.db import Database
from app.reports.schemas import Report
from app.reports.service import assemble
from app.risk.moment import ReadTime
from app.risk.reads import read_risk
from app.rollups.service import build_rollups
from app.watches import service as watches_service
from sentiment import Scorer


@dataclass(frozen=True)
class ReportRequest:
    tenant_id: str
    watch_id: str
    as_of: datetime | None = None


def build_report(
    database: Database,
    request: ReportRequest,
    scorer: Scorer,
    clock: Clock,
    inline_limit: int,
    replica: Database | None = None,
) -> Report:
    """With `replica`, a replay (as_of) is read from the read replica entirely."""
    time = ReadTime(clock(), request.as_of, inline_limit)
    risk = read_risk(
        database, request.tenant_id, request.watch_id, scorer, time=time, replica=replica
    )
    source = replica if replica is not None and request.as_of is not None else database
    # A write scope on the primary: the day rollups are brought up to date first (incremental
    # and cheap), so a report opened before the scheduler's next run still shows every day. A
    # replica takes no writes: a replay there shows its days as the rollups job left them.
    writes = not source.is_replica
    with source.session_scope(write=writes) as session:
        watch = watches_service.get(session, request.tenant_id, request.watch_id)
        if writes:
            build_rollups(session, watch, time.now)
        return assemble(session, watch, risk, scorer, time=time)
