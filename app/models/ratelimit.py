"""Request budgets shared by every API process (app/ratelimit)."""

from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class RateLimitBucket(Base):
    """One request budget (a key and a policy, or a sign-in name or address), shared by every
    API process on PostgreSQL. `tat` is the GCRA's theoretical arrival time in epoch seconds:
    the budget is full again at `tat` (app/ratelimit). UNLOGGED on PostgreSQL: losing it in a
    crash only refills budgets."""

    __tablename__ = "rate_limit_buckets"

    bucket: Mapped[str] = mapped_column(String(300), primary_key=True)
    tat: Mapped[float] = mapped_column(Float)
