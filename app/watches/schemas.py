from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.schemas import Strict

Stage = Literal["shortlisted", "negotiating", "signed", "live", "ended", "dropped"]


class WatchCreate(Strict):
    brand_id: str = Field(min_length=1, max_length=40)
    kol_id: str = Field(min_length=1, max_length=40)
    stage: Stage = "shortlisted"


class WatchUpdate(Strict):
    stage: Stage


class WatchOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    brand_id: str
    kol_id: str
    stage: Stage
    created_at: datetime
    updated_at: datetime
