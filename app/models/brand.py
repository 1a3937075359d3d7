from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, String, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamped, id_column, tenant_column


class Brand(Timestamped, Base):
    """A brand and the names its fans, executives and rivals go by.

    Lists live in JSON columns: they are read whole when a tenant's matcher is built and are
    never queried by element, so join tables would add writes without adding a query.
    """

    __tablename__ = "brands"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    fandom_names: Mapped[list[str]] = mapped_column(default=list)
    # [{name, accounts: [{platform, uid, handle}]}]
    executives: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    competitors: Mapped[list[str]] = mapped_column(default=list)
    # [{platform, uid, handle}]
    owned_accounts: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    # Tieba bars (forums) where the brand's fans gather, read by the collectors.
    tieba_bars: Mapped[list[str]] = mapped_column(default=list, server_default=text("'[]'"))
    # Fit (app.fit), kept apart from risk: the brand's category, the words that say a post is
    # about it, and the tone the brand wants from a KOL (gentle | neutral | sharp).
    category: Mapped[str | None] = mapped_column(String(200), default=None)
    category_words: Mapped[list[str]] = mapped_column(default=list, server_default=text("'[]'"))
    tone: Mapped[str] = mapped_column(String(10), default="neutral", server_default="neutral")
    # Set when names changed but stored posts are not re-linked yet (left to the relink job
    # for tenants too large to re-link inside the request).
    links_stale: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
