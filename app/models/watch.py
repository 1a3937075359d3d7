from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamped, id_column, tenant_column

WATCH_STAGES = ("shortlisted", "negotiating", "signed", "live", "ended", "dropped")


class Watch(Timestamped, Base):
    """A proposed brand x KOL pairing under watch."""

    __tablename__ = "watches"
    __table_args__ = (UniqueConstraint("tenant_id", "brand_id", "kol_id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    # RESTRICT: deleting a brand or KOL that is still watched is refused, never cascaded,
    # so a watch's stored assessments cannot vanish as a side effect.
    brand_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("brands.id", ondelete="RESTRICT"), index=True
    )
    kol_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("kols.id", ondelete="RESTRICT"), index=True
    )
    stage: Mapped[str] = mapped_column(String(20), default="shortlisted")
