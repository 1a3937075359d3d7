"""A watch's brand and KOL copied out of the session, so a pass can run its network calls
with no transaction open (SQLite would otherwise hold its write lock through them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.models import Watch
from app.watches.service import pairing


@dataclass(frozen=True)
class BrandNames:
    name: str
    aliases: list[str]
    fandom_names: list[str]
    executives: list[dict[str, Any]]
    owned_accounts: list[dict[str, Any]]
    tieba_bars: list[str]


@dataclass(frozen=True)
class KolNames:
    name: str
    aliases: list[str]
    accounts: list[dict[str, Any]]
    tieba_bars: list[str]


@dataclass(frozen=True)
class Subject:
    watch_id: str
    tenant_id: str
    stage: str
    brand: BrandNames
    kol: KolNames


def subject_of(session: Session, watch: Watch) -> Subject:
    brand, kol = pairing(session, watch)
    return Subject(
        watch.id,
        watch.tenant_id,
        watch.stage,
        BrandNames(
            brand.name,
            list(brand.aliases),
            list(brand.fandom_names),
            [dict(e) for e in brand.executives],
            [dict(a) for a in brand.owned_accounts],
            list(brand.tieba_bars),
        ),
        KolNames(
            kol.name, list(kol.aliases), [dict(a) for a in kol.accounts], list(kol.tieba_bars)
        ),
    )
