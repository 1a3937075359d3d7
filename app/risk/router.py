from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import Field

from app.brands import service as brands_service
from app.clock import as_utc
from app.deps import ClockDep, DatabaseDep, Reader, ReplicaDep, ScorerDep, SettingsDep
from app.errors import NotFound, Unprocessable
from app.kols import service as kols_service
from app.risk import service
from app.risk.moment import ReadTime
from app.risk.schemas import RiskOut, localised
from app.schemas import Moment, Strict

router = APIRouter(prefix="/v1/risk-checks", tags=["risk"])


class RiskCheckRequest(Strict):
    brand_id: str = Field(min_length=1, max_length=40)
    kol_id: str = Field(min_length=1, max_length=40)
    as_of: Moment | None = None


@router.post("")
def check_pairing(
    body: RiskCheckRequest,
    database: DatabaseDep,
    replica: ReplicaDep,
    caller: Reader,
    scorer: ScorerDep,
    clock: ClockDep,
    settings: SettingsDep,
    lang: Literal["en", "zh"] = "en",
) -> RiskOut:
    """The same assessment as a watch's, for a pairing nobody watches yet. Never stored.
    `lang=zh` words `reasons` and each `summary` in Chinese (English by default).

    With `as_of` it is a replay, read from the read replica when one is configured."""
    replay = body.as_of is not None
    source = replica if replay else database
    # Scoring pending posts inline writes; a replica takes no writes (pending_posts then).
    writes = not source.is_replica
    with source.session_scope(write=writes) as session:
        try:
            brand = brands_service.get(session, caller.tenant_id, body.brand_id)
            kol = kols_service.get(session, caller.tenant_id, body.kol_id)
        except NotFound as exc:
            raise Unprocessable(exc.message) from exc
        rules = service.tenant_rules(session, caller.tenant_id)
        as_of = as_utc(body.as_of) if body.as_of else None
        time = ReadTime(clock(), as_of, settings.inline_score_limit if writes else 0)
        risk = service.evaluate(session, (brand, kol), scorer, rules, time=time, score_inline=True)
    return localised(risk, lang)
