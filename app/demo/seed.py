"""`kolrisk serve --demo`: a fictional tenant with three watches (no-go, caution, go)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.auth import service as auth_service
from app.brands import service as brands_service
from app.brands.schemas import BrandCreate
from app.db import Database
from app.demo import dataset
from app.kols import service as kols_service
from app.kols.schemas import KolCreate
from app.models import Brand
from app.posts.ingest import IngestLimits, ingest
from app.scoring.service import score_pending
from app.watches import service as watches_service
from app.watches.schemas import WatchCreate
from sentiment import Scorer

DEMO_TENANT = "demo"
RELINK_ALL = 10**9


def seed_demo(database: Database, scorer: Scorer, now: datetime) -> str:
    """Seed once (idempotent), score everything, and return a fresh admin key for this run."""
    with database.session_scope() as session:
        tenant = auth_service.get_or_create_tenant(session, DEMO_TENANT)
        seeded = session.scalar(select(Brand.id).where(Brand.tenant_id == tenant.id)) is not None
        if not seeded:
            brand = brands_service.create(
                session, tenant.id, BrandCreate.model_validate(dataset.BRAND), RELINK_ALL
            )
            for role, body in dataset.KOLS.items():
                kol = kols_service.create(
                    session, tenant.id, KolCreate.model_validate(body), RELINK_ALL
                )
                stage = dataset.STAGES[role]
                watches_service.create(
                    session, tenant.id, WatchCreate(brand_id=brand.id, kol_id=kol.id, stage=stage)
                )
            ingest(
                session, tenant.id, dataset.posts(now), now, IngestLimits(max_text_chars=200_000)
            )
        _, plaintext = auth_service.create_key(session, tenant, ["admin"], now, label="demo")
    while True:
        with database.session_scope() as session:
            if score_pending(session, scorer, now, limit=1000) == 0:
                break
    return plaintext
