from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.schemas import Strict

Stage = Literal["shortlisted", "negotiating", "signed", "live", "ended", "dropped"]
# The deal's stages in the order a deal moves through them (the `stage` sort follows it).
STAGES: tuple[Stage, ...] = ("shortlisted", "negotiating", "signed", "live", "ended", "dropped")
Decision = Literal["go", "caution", "no_go"]
Level = Literal["low", "medium", "high", "critical"]
WatchSort = Literal[
    "created", "-created", "score", "-score", "decision", "-decision", "level", "-level",
    "stage", "-stage",
]  # fmt: skip

STAGE_HELP = (
    "Where the deal stands: shortlisted, negotiating, signed, live, ended or dropped. "
    "It sets how often the watch is collected (negotiating most often)."
)


class WatchCreate(Strict):
    """A brand × KOL pairing to watch."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"brand_id": "brd_01a24d…", "kol_id": "kol_01a24d…", "stage": "negotiating"}
            ]
        }
    )

    brand_id: str = Field(min_length=1, max_length=40, description="A brand's id (brd_…).")
    kol_id: str = Field(min_length=1, max_length=40, description="A KOL's id (kol_…).")
    stage: Stage = Field("shortlisted", description=STAGE_HELP)


class WatchUpdate(Strict):
    stage: Stage = Field(description=STAGE_HELP)


class WatchOut(BaseModel):
    """A watch, with its current risk as of its last stored assessment (all null before the
    first one; GET /v1/watches/{id}/risk evaluates it now)."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    brand_id: str
    kol_id: str
    stage: Stage
    created_at: datetime
    updated_at: datetime
    decision: Decision | None = Field(None, description="The computed decision.")
    level: Level | None = None
    score: float | None = Field(None, description="0-100.", examples=[96.0])
    confidence: float | None = Field(None, description="0-1: how much data stands behind it.")
    provisional: bool | None = Field(
        None,
        description="Confidence is too low for a firm call: show the decision as "
        "preliminary (the risk read lists what is missing).",
    )
    evaluated_at: datetime | None = Field(None, description="When that assessment was made.")
