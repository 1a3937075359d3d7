"""What the dashboard pages show, read through the feature services (no business rules here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from app.alerting import service as alerts_service
from app.alerting.schemas import AlertOut
from app.auth.service import Principal
from app.clock import Clock
from app.db import Database
from app.models import WatchCollection
from app.posts import service as posts_service
from app.posts.schemas import PostOut
from app.risk import service as risk_service
from app.risk.engine import DECISION_ORDER
from app.risk.reads import read_risk
from app.risk.schemas import RiskOut
from app.watches import service as watches_service
from app.webhooks import service as webhooks_service
from app.webhooks.schemas import AttemptOut
from sentiment import Scorer

SPARK_POINTS = 30
ALERTS_SHOWN = 50
DELIVERIES_SHOWN = 30


@dataclass(frozen=True)
class WatchRow:
    id: str
    brand: str
    kol: str
    stage: str
    risk: RiskOut
    scores: list[float]
    last_collected: datetime | None
    open_alerts: int


def watch_rows(
    databases: tuple[Database, Database],
    caller: Principal,
    scorer: Scorer,
    clock: Clock,
    inline_limit: int,
) -> list[WatchRow]:
    """Every watch of the tenant with its current risk, riskiest first. `databases` is the
    primary and the read replica (the primary again when there is none): the list is read
    from the replica, a moment behind at worst."""
    database, replica = databases
    with replica.session_scope(write=False) as session:
        ids = [w.id for w in watches_service.list_all(session, caller.tenant_id)]
    rows = []
    for watch_id in ids:
        risk = listed_risk(databases, caller, watch_id, scorer, clock(), inline_limit)
        with replica.session_scope(write=False) as session:
            rows.append(_row(session, caller, watch_id, risk))
    rows.sort(key=lambda r: (-DECISION_ORDER.get(r.risk.decision, 0), -r.risk.score, r.kol))
    return rows


def listed_risk(
    databases: tuple[Database, Database],
    caller: Principal,
    watch_id: str,
    scorer: Scorer,
    now: datetime,
    inline_limit: int,
) -> RiskOut:
    """From a replica, the watch's last stored snapshot as the replica has it (the
    evaluate-watches job keeps snapshots current); the primary's current read otherwise, and
    for a watch with no snapshot yet."""
    database, replica = databases
    if replica.is_replica:
        with replica.session_scope(write=False) as session:
            watch = watches_service.get(session, caller.tenant_id, watch_id)
            stored = risk_service.latest_snapshot(session, watch_id)
            if stored is not None:
                risk = RiskOut.model_validate(stored.payload)
                return risk_service.with_override(session, watch, risk, None)
    return read_risk(database, caller.tenant_id, watch_id, scorer, now, inline_limit)


def _row(session: Session, caller: Principal, watch_id: str, risk: RiskOut) -> WatchRow:
    watch = watches_service.get(session, caller.tenant_id, watch_id)
    brand, kol = watches_service.pairing(session, watch)
    snapshots = risk_service.history(session, watch, limit=SPARK_POINTS).snapshots
    collection = session.get(WatchCollection, watch.id)
    firing = alerts_service.list_alerts(session, caller.tenant_id, "firing", watch.id, 100)
    return WatchRow(
        id=watch.id,
        brand=brand.name,
        kol=kol.name,
        stage=watch.stage,
        risk=risk,
        scores=[s.score for s in reversed(snapshots)],
        last_collected=collection.last_finished_at if collection else None,
        open_alerts=sum(1 for a in firing if a.acked_at is None),
    )


@dataclass(frozen=True)
class Delivery:
    endpoint: str
    kind: str
    attempt: AttemptOut


@dataclass(frozen=True)
class WatchActivity:
    posts: list[PostOut]
    next_cursor: str | None
    alerts: list[AlertOut]
    deliveries: list[Delivery]


def watch_activity(
    session: Session,
    caller: Principal,
    watch_id: str,
    post_filter: posts_service.PostFilter,
    now: datetime,
) -> WatchActivity:
    watch = watches_service.get(session, caller.tenant_id, watch_id)
    posts, next_cursor = posts_service.watch_posts(session, watch, post_filter)
    alerts = alerts_service.list_alerts(session, caller.tenant_id, None, watch.id, ALERTS_SHOWN)
    return WatchActivity(
        posts=posts,
        next_cursor=next_cursor,
        alerts=[alerts_service.alert_out(session, a, now) for a in alerts],
        deliveries=deliveries_for(session, caller.tenant_id, watch.id),
    )


def deliveries_for(session: Session, tenant_id: str, watch_id: str) -> list[Delivery]:
    """Attempts of every webhook that covers this watch (all watches, or this one by name)."""
    found = []
    for endpoint in webhooks_service.list_all(session, tenant_id):
        if endpoint.watch_ids and watch_id not in endpoint.watch_ids:
            continue
        label = endpoint.description or endpoint.url_hint
        for attempt in webhooks_service.attempts(session, endpoint, DELIVERIES_SHOWN):
            found.append(Delivery(label, endpoint.kind, attempt))
    found.sort(key=lambda d: d.attempt.attempted_at, reverse=True)
    return found[:DELIVERIES_SHOWN]
