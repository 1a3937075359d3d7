from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from app.schemas import Strict

# Long enough for a deal's negotiation, short enough that a forgotten link dies on its own.
MAX_HOURS = 24 * 90


class ShareCreate(Strict):
    expires_in_hours: int = Field(default=72, ge=1, le=MAX_HOURS)


class ShareOut(BaseModel):
    id: str
    watch_id: str
    url: str = Field(description="opens the report without a key; add ?format=pdf for a PDF")
    expires_at: datetime
    created_at: datetime
    created_by: str
    revoked_at: datetime | None
    uses: int
    last_used_at: datetime | None
