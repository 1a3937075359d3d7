from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.schemas import Strict

Reason = Field(min_length=3, max_length=2000, description="why: kept with the record")


class IrrelevantIn(Strict):
    post_id: str = Field(min_length=1, max_length=40)
    reason: str = Reason


class AliasIn(Strict):
    alias: str = Field(min_length=1, max_length=200)
    reason: str = Reason


class OverrideIn(Strict):
    decision: Literal["go", "caution", "no_go"]
    rationale: str = Reason


class IrrelevantOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    post_id: str
    reason: str
    created_by: str
    created_at: datetime


class AliasOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    alias: str
    reason: str
    created_by: str
    created_at: datetime


class OverrideRecord(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    decision: str
    rationale: str
    created_by: str
    created_at: datetime
    revoked_by: str | None
    revoked_at: datetime | None


class ControlsOut(BaseModel):
    irrelevant_posts: list[IrrelevantOut]
    excluded_aliases: list[AliasOut]
    overrides: list[OverrideRecord]
