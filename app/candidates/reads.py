"""The shortlist: every watch of a brand, its current risk read and its fit read. Each risk read
takes its own transaction (it may store a fresh snapshot), so this reads in several."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import select

from app.brands import service as brands_service
from app.candidates.schemas import CandidateSort, CandidatesOut
from app.candidates.service import candidate, sort_key
from app.db import Database
from app.models import Kol, Watch
from app.risk.moment import ReadTime
from app.risk.reads import read_risk
from app.risk.schemas import localised
from sentiment import Scorer


def candidates(
    database: Database,
    tenant_id: str,
    brand_id: str,
    scorer: Scorer,
    now: datetime,
    inline_limit: int,
    sort: CandidateSort = "score",
    lang: Literal["en", "zh"] = "en",
) -> CandidatesOut:
    """`lang=zh` words the risk reasons and summaries in Chinese (as the risk read does)."""
    with database.session_scope(write=False) as session:
        brand = brands_service.get(session, tenant_id, brand_id)
        watches = list(
            session.scalars(
                select(Watch).where(Watch.tenant_id == tenant_id, Watch.brand_id == brand.id)
            )
        )
        watch_ids = [w.id for w in watches]
        out = CandidatesOut(
            brand_id=brand.id,
            brand_name=brand.name,
            category=brand.category,
            tone=brand.tone if brand.tone in ("gentle", "sharp") else "neutral",
            sort=sort,
            candidates=[],
        )
    # Each risk read takes its own transaction (it may store a fresh snapshot).
    time = ReadTime(now, inline_limit=inline_limit)
    risks = {
        wid: localised(read_risk(database, tenant_id, wid, scorer, time=time), lang)
        for wid in watch_ids
    }
    with database.session_scope(write=False) as session:
        brand = brands_service.get(session, tenant_id, brand_id)
        for watch in session.scalars(select(Watch).where(Watch.id.in_(watch_ids))):
            kol = session.get(Kol, watch.kol_id)
            if kol is not None:
                risk = risks[watch.id]
                out.candidates.append(candidate(session, brand, kol, watch, risk, now, lang))
    out.candidates.sort(key=sort_key(sort), reverse=sort.startswith("-"))
    return out
