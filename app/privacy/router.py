"""Personal-data requests (PIPL), admin keys only: what is held about an author, erasing it,
and the record of erasures."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select

from app.deps import Admin, ClockDep, DatabaseDep, ReadSession, ScorerDep, SettingsDep
from app.models import Erasure
from app.pagination import PageDep, keyset, link_next, split_page
from app.privacy import requests
from app.privacy.schemas import ErasureDone, ErasureOut, ErasureSubjectIn, FindingsOut
from app.privacy.service import DataSubject
from app.schemas import Platform

router = APIRouter(prefix="/v1/privacy", tags=["privacy"])


@router.get("/subjects")
def find_subject(
    platform: Platform,
    uid: Annotated[str, Query(min_length=1, max_length=200)],
    database: DatabaseDep,
    caller: Admin,
    clock: ClockDep,
) -> FindingsOut:
    """Everything this tenant holds about one author: their posts (with text), the mentions
    found in them, the brand and KOL accounts naming them, and the stored assessments and
    alerts quoting them (an access request under PIPL)."""
    return requests.find(database, DataSubject(caller.tenant_id, platform, uid), caller.who, clock)


@router.post("/erasures", status_code=201)
def erase_subject(
    body: ErasureSubjectIn,
    database: DatabaseDep,
    caller: Admin,
    scorer: ScorerDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> ErasureDone:
    """Erase an author: their posts and accounts go, evidence quoting them reads "removed on
    request (date)", and the watches that read them are evaluated again."""
    author = DataSubject(caller.tenant_id, body.platform, body.uid)
    return requests.erase(database, author, caller.who, scorer, clock, settings.inline_score_limit)


@router.get("/erasures")
def list_erasures(
    request: Request, response: Response, page: PageDep, session: ReadSession, caller: Admin
) -> list[ErasureOut]:
    """Erasures carried out, newest first (the author is kept only as a hash)."""
    query = select(Erasure).where(Erasure.tenant_id == caller.tenant_id)
    rows = session.scalars(
        keyset(query, [Erasure.requested_at, Erasure.id], page, descending=True)
    ).all()
    shown, cursor = split_page(rows, page, lambda e: (e.requested_at, e.id))
    link_next(request, response, cursor)
    return [ErasureOut.model_validate(e, from_attributes=True) for e in shown]
