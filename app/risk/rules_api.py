"""GET/PUT/DELETE /v1/risk-rules: a tenant's decision rules (admin to change them)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, model_validator
from sqlalchemy.orm import Session

from app.audit import record
from app.auth.service import Principal
from app.deps import Admin, ClockDep, Reader, ReadSession, WriteSession
from app.models import Tenant
from app.risk.markers import rules_for
from app.risk.rules import COMPONENTS, DEFAULT_RULES, RiskRules
from app.schemas import Strict


class RiskRulesIn(Strict):
    """Any field left out keeps its default. Scores are on the 0-100 scale."""

    weights: dict[str, float] | None = None
    medium_from: float | None = Field(default=None, gt=0, le=100)
    high_from: float | None = Field(default=None, gt=0, le=100)
    critical_from: float | None = Field(default=None, gt=0, le=100)
    component_no_go_from: float | None = Field(default=None, gt=0, le=100)
    component_caution_from: float | None = Field(default=None, gt=0, le=101)
    fandom_contempt_floor: Literal["caution", "no_go"] | None = None
    thin_data_posts: int | None = Field(default=None, ge=0, le=100_000)
    controversy_half_life_days: float | None = Field(default=None, gt=0, le=36_500)
    firm_confidence_from: float | None = Field(default=None, ge=0, le=1)
    competitor_deal_days: int | None = Field(default=None, ge=1, le=3650)
    competitor_deal_score: float | None = Field(default=None, ge=0, le=100)
    competitor_deal_max: float | None = Field(default=None, ge=0, le=100)
    coordinated_similarity: float | None = Field(default=None, gt=0, le=1)
    coordinated_window_minutes: int | None = Field(default=None, ge=1, le=10_080)
    coordinated_min_accounts: int | None = Field(default=None, ge=2, le=10_000)
    bought_followers_below: int | None = Field(default=None, ge=0, le=1_000_000)

    @model_validator(mode="after")
    def coherent(self) -> RiskRulesIn:
        merged = self.merged()
        unknown = sorted(set(merged.weights) - set(COMPONENTS))
        if unknown:
            raise ValueError(f"weights: unknown components {unknown}; use {list(COMPONENTS)}")
        if any(w < 0 for w in merged.weights.values()) or sum(merged.weights.values()) <= 0:
            raise ValueError("weights: must be non-negative with at least one above zero")
        if not merged.medium_from < merged.high_from < merged.critical_from:
            raise ValueError("levels: need medium_from < high_from < critical_from")
        if merged.component_caution_from > merged.component_no_go_from:
            raise ValueError(
                "component_caution_from: must not be above component_no_go_from "
                "(101 turns the caution rule off)"
            )
        return self

    def merged(self) -> RiskRules:
        given = self.model_dump(exclude_none=True)
        if "weights" in given:
            given["weights"] = {**DEFAULT_RULES.weights, **given["weights"]}
        return RiskRules(**{**asdict(DEFAULT_RULES), **given})


class RiskRulesOut(BaseModel):
    rules: dict[str, object]
    defaults: dict[str, object]
    customised: bool


router = APIRouter(prefix="/v1/risk-rules", tags=["risk"])


def _out(tenant: Tenant | None) -> RiskRulesOut:
    custom = tenant.risk_rules if tenant else None
    return RiskRulesOut(
        rules=asdict(rules_for(custom)), defaults=asdict(DEFAULT_RULES), customised=bool(custom)
    )


@router.get("")
def get_rules(session: ReadSession, caller: Reader) -> RiskRulesOut:
    """The decision rules in force for this tenant, beside the defaults."""
    return _out(session.get(Tenant, caller.tenant_id))


@router.put("")
def put_rules(
    body: RiskRulesIn, session: WriteSession, caller: Admin, clock: ClockDep
) -> RiskRulesOut:
    """Replace the tenant's rules (fields left out take the defaults). Current assessments are
    re-evaluated on their next read or by the evaluation job."""
    return _out(_save_rules(session, caller, asdict(body.merged()), clock()))


@router.delete("", status_code=204)
def reset_rules(session: WriteSession, caller: Admin, clock: ClockDep) -> Response:
    _save_rules(session, caller, None, clock())
    return Response(status_code=204)


def _save_rules(
    session: Session, caller: Principal, rules: dict[str, Any] | None, now: datetime
) -> Tenant:
    tenant = session.get(Tenant, caller.tenant_id)
    assert tenant is not None  # the caller's key belongs to it
    before, after = asdict(rules_for(tenant.risk_rules)), asdict(rules_for(rules))
    tenant.risk_rules = rules
    record(
        session, caller.who, "update", "risk_rules", tenant.id, before=before, after=after, at=now
    )
    return tenant
