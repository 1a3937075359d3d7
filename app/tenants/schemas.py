from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class DayUsage(BaseModel):
    day: dt.date
    api_calls: int = 0
    collection_requests: int = 0
    delivery_attempts: int = 0


class DeliveryUsage(BaseModel):
    attempts: int = 0
    delivered: int = 0
    failed: int = Field(default=0, description="attempts that did not deliver (retried or not)")


class UsageOut(BaseModel):
    """The caller's tenant over Asia/Shanghai days first_day..last_day."""

    tenant: str = ""
    first_day: dt.date
    last_day: dt.date
    posts_stored: int = Field(description="posts held now (not only those of the period)")
    posts_by_platform: dict[str, int]
    api_calls: int
    collection_requests: dict[str, int] = Field(description="requests made, per platform")
    deliveries: DeliveryUsage
    days: list[DayUsage]
