"""A tenant with a brand, a KOL and their watch, and posts stored through the one ingest path
(the services, no HTTP): for tests that need real posts, mentions and assessments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from app.audit import cli_actor
from app.brands import service as brands_service
from app.brands.schemas import BrandCreate
from app.db import Database
from app.kols import service as kols_service
from app.kols.schemas import KolCreate
from app.posts.ingest import IngestLimits, ingest
from app.tenants.registry import create_tenant
from app.watches import service as watches_service
from app.watches.schemas import WatchCreate
from tests.builders import brand_body, kol_body, post_item


@dataclass(frozen=True)
class Pairing:
    tenant_id: str
    brand_id: str
    kol_id: str
    watch_id: str


def seed_pairing(database: Database, tenant: str = "acme") -> Pairing:
    now = datetime.now(UTC)
    with database.session_scope() as session:
        tenant_id = create_tenant(session, tenant).id
        actor = cli_actor(tenant_id)
        brand = brands_service.create(
            session, tenant_id, BrandCreate(**brand_body()), 10**6, actor, now
        )
        kol = kols_service.create(session, tenant_id, KolCreate(**kol_body()), 10**6, actor, now)
        pairing = WatchCreate(brand_id=brand.id, kol_id=kol.id, stage="signed")
        watch = watches_service.create(session, tenant_id, pairing, actor, now)
        return Pairing(tenant_id, brand.id, kol.id, watch.id)


def kol_posts(prefix: str, count: int, start: datetime, **overrides: Any) -> list[dict[str, Any]]:
    """Posts naming the KOL and the brand's fans, one a minute from `start`."""
    return [
        post_item(
            f"{prefix}{i}",
            f"测评老王又在阴阳河粉，太差了 {i}",
            created_at=(start + timedelta(minutes=i)).isoformat(),
            **overrides,
        )
        for i in range(count)
    ]


def store(database: Database, tenant_id: str, items: list[dict[str, Any]], now: datetime) -> int:
    with database.session_scope() as session:
        result = ingest(session, tenant_id, items, now, IngestLimits(max_text_chars=200_000))
    assert not result.rejected, result.rejected
    return result.inserted
