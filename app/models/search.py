from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class PostGram(Base):
    """One character bigram of a post's normalised text (app.search.grams), for text search.

    The key leads with tenant and bigram, then the post's time and id: a query reads one
    bigram's posts newest first straight off the key (the order every post list pages in), and
    checks a post's other bigrams with exact key lookups. No foreign key to posts: a cascade
    would need a second index by post_id, doubling the index's size; the paths that delete
    posts or change their text remove the rows themselves (app.search.index.forget).
    """

    __tablename__ = "post_grams"
    # Not WITHOUT ROWID on SQLite, though that would halve the size: `kolrisk db copy` reads
    # every SQLite table in rowid batches (app.ops.copy).

    tenant_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    gram: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    post_created_at: Mapped[datetime] = mapped_column(primary_key=True)
    post_id: Mapped[str] = mapped_column(String(40), primary_key=True)
