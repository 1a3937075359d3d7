from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.candidates import service
from app.candidates.schemas import CandidateSort, CandidatesOut
from app.deps import ClockDep, DatabaseDep, Reader, ScorerDep, SettingsDep

router = APIRouter(prefix="/v1/brands", tags=["brands"])


@router.get("/{brand_id}/candidates")
def list_candidates(
    brand_id: str,
    database: DatabaseDep,
    caller: Reader,
    scorer: ScorerDep,
    clock: ClockDep,
    settings: SettingsDep,
    sort: Annotated[
        CandidateSort,
        Query(
            description="score (risk, the default: safest first), fit, decision, followers, "
            "change or name; a leading `-` reverses (`-fit`: best fit first)."
        ),
    ] = "score",
) -> CandidatesOut:
    """Every KOL watched for the brand side by side: the current risk decision, level, score,
    confidence, stage, followers, top reason with its quote and the change since last week,
    and beside it (never mixed into the decision) the fit read with its evidence."""
    return service.candidates(
        database, caller.tenant_id, brand_id, scorer, clock(), settings.inline_score_limit, sort
    )
