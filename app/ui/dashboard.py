"""What the dashboard pages show, read through the feature services (no business rules here)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.registry import KINDS
from app.alerting import service as alerts_service
from app.alerting.schemas import AlertOut
from app.auth.service import Principal
from app.brands import service as brands_service
from app.clock import Clock
from app.db import Database
from app.i18n import Lang, label
from app.kols import service as kols_service
from app.models import AlertEvent, AlertMessage, Tenant, WatchCollection
from app.models.post import PLATFORMS
from app.posts import service as posts_service
from app.posts.schemas import PostOut
from app.risk import service as risk_service
from app.risk.engine import DECISION_ORDER
from app.risk.moment import ReadTime
from app.risk.reads import read_risk
from app.risk.schemas import RiskOut
from app.ui.demo_sink import DEMO_SINK_LABEL
from app.watches import service as watches_service
from app.webhooks import service as webhooks_service
from app.webhooks.schemas import AttemptOut
from sentiment import Scorer

STAGES = ("shortlisted", "negotiating", "signed", "live", "ended", "dropped")
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
    # "off" (the tenant is never collected, as the demo), "failed" (every listing of the last
    # pass failed), "ok", or None before the first pass.
    collection: str | None
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
    time = ReadTime(now, inline_limit=inline_limit)
    return read_risk(database, caller.tenant_id, watch_id, scorer, time=time)


def _row(session: Session, caller: Principal, watch_id: str, risk: RiskOut) -> WatchRow:
    watch = watches_service.get(session, caller.tenant_id, watch_id)
    brand, kol = watches_service.pairing(session, watch)
    snapshots = risk_service.history(session, watch, limit=SPARK_POINTS).snapshots
    collection = session.get(WatchCollection, watch.id)
    firing = alerts_service.list_alerts(session, caller.tenant_id, "firing", watch.id, 100)
    tenant = session.get(Tenant, caller.tenant_id)
    return WatchRow(
        id=watch.id,
        brand=brand.name,
        kol=kol.name,
        stage=watch.stage,
        risk=risk,
        scores=[s.score for s in reversed(snapshots)],
        last_collected=collection.last_finished_at if collection else None,
        collection=collection_state(tenant, collection),
        open_alerts=sum(1 for a in firing if a.acked_at is None),
    )


def collection_state(tenant: Tenant | None, collection: WatchCollection | None) -> str | None:
    if tenant is not None and not tenant.collection_enabled:
        return "off"
    if collection is None or collection.last_finished_at is None:
        return None
    summary = collection.last_summary or {}
    listings, failed = summary.get("listings", 0), summary.get("failed", 0)
    return "failed" if listings and failed == listings else "ok"


@dataclass(frozen=True)
class Delivery:
    endpoint: str
    kind: str
    attempt: AttemptOut
    # What the message said, in the page's language (pairing and event, or "test message").
    message: str = ""
    demo: bool = False  # the demo's own loopback receiver


@dataclass(frozen=True)
class WatchActivity:
    posts: list[PostOut]
    next_cursor: str | None
    alerts: list[AlertOut]
    deliveries: list[Delivery]
    # Alert id → what its latest event said (event and first reason), in the page's language.
    alert_texts: dict[str, str] = field(default_factory=dict)


def watch_activity(
    session: Session,
    caller: Principal,
    watch_id: str,
    post_filter: posts_service.PostFilter,
    now: datetime,
    lang: Lang = "zh",
) -> WatchActivity:
    watch = watches_service.get(session, caller.tenant_id, watch_id)
    posts, next_cursor = posts_service.watch_posts(session, watch, post_filter)
    alerts = alerts_service.list_alerts(session, caller.tenant_id, None, watch.id, ALERTS_SHOWN)
    return WatchActivity(
        posts=posts,
        next_cursor=next_cursor,
        alerts=[alerts_service.alert_out(session, a, now) for a in alerts],
        deliveries=deliveries_for(session, caller.tenant_id, watch.id, lang),
        alert_texts=alert_texts(session, [a.id for a in alerts], lang),
    )


def _event_text(event_type: str, payload: dict[str, Any], lang: Lang) -> str:
    """An event as one line: what happened, and the first reason in lang."""
    reasons = (payload.get("reasons_zh") if lang == "zh" else None) or payload.get("reasons")
    first = str(reasons[0]) if reasons else ""
    happened = label(lang, "event", event_type)
    return f"{happened}：{first}" if lang == "zh" and first else f"{happened}: {first}".rstrip(": ")


def alert_texts(session: Session, alert_ids: list[str], lang: Lang) -> dict[str, str]:
    if not alert_ids:
        return {}
    events = session.execute(
        select(AlertEvent.alert_id, AlertEvent.type, AlertEvent.payload)
        .where(AlertEvent.alert_id.in_(alert_ids))
        .order_by(AlertEvent.created_at, AlertEvent.id)
    )
    texts: dict[str, str] = {}
    for alert_id, event_type, payload in events:  # the latest event of each alert wins
        texts[str(alert_id)] = _event_text(event_type, payload or {}, lang)
    return texts


def message_texts(session: Session, message_ids: set[str], lang: Lang) -> dict[str, str]:
    """Message id → the pairing and event it carried ("test message" for a test send)."""
    messages = list(session.scalars(select(AlertMessage).where(AlertMessage.id.in_(message_ids))))
    event_ids = {e for m in messages for e in m.event_ids[:1]}
    events = {
        e.id: e for e in session.scalars(select(AlertEvent).where(AlertEvent.id.in_(event_ids)))
    }
    texts = {}
    for message in messages:
        first = events.get(message.event_ids[0]) if message.event_ids else None
        if message.is_test or first is None:
            texts[message.id] = label(lang, "event", "test")
            continue
        pairing = f"{first.payload.get('brand') or ''} × {first.payload.get('kol') or ''}"
        more = f" +{len(message.event_ids) - 1}" if len(message.event_ids) > 1 else ""
        texts[message.id] = f"{pairing} · {label(lang, 'event', first.type)}{more}"
    return texts


def deliveries_for(session: Session, tenant_id: str, watch_id: str, lang: Lang) -> list[Delivery]:
    """Attempts of every webhook that covers this watch (all watches, or this one by name)."""
    found = []
    for endpoint in webhooks_service.list_all(session, tenant_id):
        if endpoint.watch_ids and watch_id not in endpoint.watch_ids:
            continue
        name = endpoint.description or endpoint.url_hint
        demo = endpoint.description == DEMO_SINK_LABEL
        for attempt in webhooks_service.attempts(session, endpoint, DELIVERIES_SHOWN):
            found.append(Delivery(name, endpoint.kind, attempt, demo=demo))
    found.sort(key=lambda d: d.attempt.attempted_at, reverse=True)
    shown = found[:DELIVERIES_SHOWN]
    texts = message_texts(session, {d.attempt.message_id for d in shown}, lang)
    return [replace(d, message=texts.get(d.attempt.message_id, "")) for d in shown]


def setup_context(session: Session, tenant_id: str) -> dict[str, Any]:
    """What /ui/setup lists beside its forms: the tenant's brands, KOLs, watches, webhooks."""
    brands = brands_service.list_all(session, tenant_id)
    kols = kols_service.list_all(session, tenant_id)
    endpoints = webhooks_service.list_all(session, tenant_id)
    return {
        "brands": brands,
        "kols": kols,
        "watches": watches_service.list_all(session, tenant_id),
        "names": {b.id: b.name for b in brands} | {k.id: k.name for k in kols},
        "webhooks": [webhooks_service.out(e) for e in endpoints],
        "stages": STAGES,
        "platforms": PLATFORMS,
        "levels": ("low", "medium", "high", "critical"),
        "kinds": KINDS,
        "demo_sink_label": DEMO_SINK_LABEL,
        # A form sent back (a name taken): what was typed, and the problem per field.
        "filled": {"brand": {}, "kol": {}},
        "errors": {"brand": {}, "kol": {}},
    }
