"""`kolrisk serve --demo`: a fictional tenant with three watches (no-go, caution, go)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from alerts.ssrf import system_resolver
from app.audit import cli_actor
from app.auth import service as auth_service
from app.brands import service as brands_service
from app.brands.schemas import BrandCreate
from app.config import Settings
from app.db import Database
from app.demo import dataset
from app.jobs.maintenance import evaluate_watches
from app.kols import service as kols_service
from app.kols.schemas import KolCreate
from app.models import ApiKey, Brand, Coverage, Tenant, Watch, WatchCollection
from app.posts.ingest import IngestLimits, ingest
from app.scoring.service import score_pending
from app.ui.demo_sink import DEMO_SINK_LABEL
from app.watches import service as watches_service
from app.watches.schemas import WatchCreate
from app.webhooks import service as webhooks_service
from app.webhooks.schemas import WebhookCreate
from sentiment import Scorer

DEMO_TENANT = "demo"
RELINK_ALL = 10**9
DEMO_KEY_LABEL = "demo"


def seed_demo(database: Database, scorer: Scorer, now: datetime) -> str:
    """Seed once (idempotent), score everything, and return a fresh admin key for this run
    (the previous runs' demo keys are revoked, so restarts leave one active demo key)."""
    with database.session_scope() as session:
        tenant = auth_service.get_or_create_tenant(session, DEMO_TENANT)
        switch_collection_off(session, tenant)
        seeded = session.scalar(select(Brand.id).where(Brand.tenant_id == tenant.id)) is not None
        if not seeded:
            operator = cli_actor(tenant.id)
            brand = brands_service.create(
                session,
                tenant.id,
                BrandCreate.model_validate(dataset.BRAND),
                RELINK_ALL,
                operator,
                now,
            )
            for role, body in dataset.KOLS.items():
                kol = kols_service.create(
                    session, tenant.id, KolCreate.model_validate(body), RELINK_ALL, operator, now
                )
                pairing = WatchCreate(brand_id=brand.id, kol_id=kol.id, stage=dataset.STAGES[role])
                watches_service.create(session, tenant.id, pairing, operator, now)
            ingest(
                session, tenant.id, dataset.posts(now), now, IngestLimits(max_text_chars=200_000)
            )
        session.execute(
            update(ApiKey)
            .where(
                ApiKey.tenant_id == tenant.id,
                ApiKey.label == DEMO_KEY_LABEL,
                ApiKey.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )
        _, plaintext = auth_service.create_key(session, tenant, ["admin"], now, name=DEMO_KEY_LABEL)
    while True:
        with database.session_scope() as session:
            if score_pending(session, scorer, now, limit=1000) == 0:
                break
    return plaintext


def switch_collection_off(session: Session, tenant: Tenant) -> None:
    """The demo's posts are seeded, never fetched: its watches are not collected, and what
    earlier versions' collection passes left (failures that lowered confidence) is cleared."""
    tenant.collection_enabled = False
    watch_ids = select(Watch.id).where(Watch.tenant_id == tenant.id)
    session.execute(delete(Coverage).where(Coverage.watch_id.in_(watch_ids)))
    session.execute(delete(WatchCollection).where(WatchCollection.watch_id.in_(watch_ids)))


def prepare_demo_alerts(
    database: Database, scorer: Scorer, settings: Settings, sink_url: str, now: datetime
) -> None:
    """A standard webhook to the app's own loopback sink (the last run's is replaced: its port
    may differ), and every watch evaluated now, so the no-go's alert is delivered within the
    scheduler's first minute instead of after its first evaluation round."""
    with database.session_scope() as session:
        tenant = auth_service.get_or_create_tenant(session, DEMO_TENANT)
        operator = cli_actor(tenant.id)
        for endpoint in webhooks_service.list_all(session, tenant.id):
            if endpoint.description == DEMO_SINK_LABEL:
                webhooks_service.remove(session, tenant.id, endpoint.id, operator, now)
        sink = WebhookCreate(kind="standard", url=sink_url, description=DEMO_SINK_LABEL)
        webhooks_service.create(session, tenant.id, sink, settings, system_resolver, now, operator)
    evaluate_watches(database, scorer, lambda: now)
