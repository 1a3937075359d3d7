from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, String, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamped, id_column, tenant_column


class Kol(Timestamped, Base):
    __tablename__ = "kols"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    # [{platform, uid, handle}]
    accounts: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    # Tieba bars (forums) of the KOL's fans, read by the collectors.
    tieba_bars: Mapped[list[str]] = mapped_column(default=list, server_default=text("'[]'"))
    # Set when names changed but stored posts are not re-linked yet (left to the relink job
    # for tenants too large to re-link inside the request).
    links_stale: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
