from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class DerivedState(Base):
    """Which version of a derived field the stored rows carry, and how far a refresh got.

    One row per field ("post_cues"): when the code's version differs, a job recomputes the
    field over every stored row, in batches resumed from `resume_after` (a row id)."""

    __tablename__ = "derived_state"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    version: Mapped[str | None] = mapped_column(String(64), default=None)
    # The version being written while a refresh is under way, and the last row it finished.
    target_version: Mapped[str | None] = mapped_column(String(64), default=None)
    resume_after: Mapped[str | None] = mapped_column(String(40), default=None)
    updated_at: Mapped[datetime]
