"""GET /v1/kols/{id}/dossier: who a KOL is, commercially."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.deps import ClockDep, Reader, ReadSession, ScorerDep
from app.dossier.schemas import DossierOut
from app.dossier.service import build_dossier

router = APIRouter(prefix="/v1/kols", tags=["kols"])


@router.get("/{kol_id}/dossier")
def get_dossier(
    kol_id: str,
    session: ReadSession,
    caller: Reader,
    scorer: ScorerDep,
    clock: ClockDep,
    brand_id: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=40,
            description="A brand of yours: adds deals with its competitors, past work with it, "
            "the controversy record and the stance history for that pairing.",
        ),
    ] = None,
) -> DossierOut:
    """The KOL's accounts (followers and their change where collected), posting rhythm,
    typical engagement, and commercial history: own posts that are sponsored or announce a
    deal, with the brands named and evidence shaped like the risk engine's. With `brand_id`,
    the deals with that brand's competitors (and whether they fall inside the risk rules'
    competitor_deal_days), past deals with the brand and how the replies took them, the
    controversy record and the stance history. Unknown ids (yours or another tenant's): 404."""
    return build_dossier(session, caller.tenant_id, kol_id, brand_id, scorer, clock())
