from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, id_column, tenant_column
from collectors.platforms import NAMES

PLATFORMS = NAMES
POST_KINDS = ("post", "comment", "repost", "article", "video")
TIME_PRECISIONS = ("second", "minute", "day", "month")


class Post(Base):
    """One archived public post, comment or video, as the platform last showed it to us."""

    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "platform", "platform_id"),
        Index("ix_posts_tenant_created", "tenant_id", "created_at"),
        Index("ix_posts_tenant_author", "tenant_id", "platform", "author_uid"),
        Index("ix_posts_tenant_parent", "tenant_id", "platform", "parent_platform_id"),
        # What changed since a moment: the rollups and the risk engine's fast path find the days
        # they must recount here instead of scanning every post (updated_at only grows, so new
        # entries append at the end of the B-tree).
        Index("ix_posts_tenant_updated", "tenant_id", "updated_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column(indexed=False)
    platform: Mapped[str] = mapped_column(String(20))
    platform_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="post")
    parent_platform_id: Mapped[str | None] = mapped_column(String(200), default=None)
    text: Mapped[str] = mapped_column(Text)
    # sentiment.normalize(text): what entity matching and the scorer read.
    text_norm: Mapped[str] = mapped_column(Text)
    author_uid: Mapped[str | None] = mapped_column(String(200), default=None)
    author_name: Mapped[str | None] = mapped_column(String(200), default=None)
    author_followers: Mapped[int | None] = mapped_column(BigInteger, default=None)
    url: Mapped[str | None] = mapped_column(Text, default=None)
    likes: Mapped[int | None] = mapped_column(BigInteger, default=None)
    reposts: Mapped[int | None] = mapped_column(BigInteger, default=None)
    comments: Mapped[int | None] = mapped_column(BigInteger, default=None)
    views: Mapped[int | None] = mapped_column(BigInteger, default=None)
    metrics_updated_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]
    # "7-6" on a Weibo card is a day, not an instant: keep how precise created_at is.
    time_precision: Mapped[str] = mapped_column(String(10), default="second")
    collected_at: Mapped[datetime | None] = mapped_column(default=None)
    ingested_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Collaboration / controversy cues found in the text, e.g. "collab:合作".
    cues: Mapped[list[str]] = mapped_column(default=list)
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # When retention emptied `raw` (KOLRISK_RETENTION_POST_RAW_DAYS); the text and every
    # field evidence shows stay.
    raw_dropped_at: Mapped[datetime | None] = mapped_column(default=None)
    tombstone_reason: Mapped[str | None] = mapped_column(String(200), default=None)
    tombstoned_at: Mapped[datetime | None] = mapped_column(default=None)


class Mention(Base):
    """A post names (or was written by) one of a tenant's entities.

    role: brand | fandom | executive | competitor | owned | kol. entity_id is the brand or
    KOL id; target is the specific name within it (an executive's or competitor's name).
    """

    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("post_id", "entity_id", "role", "target"),
        # The risk engine range-scans signal > 0 within one KOL's million mentions, and counts
        # coverage from this index alone (the post_* columns make it covering).
        Index(
            "ix_mentions_entity",
            "tenant_id",
            "entity_id",
            "role",
            "signal",
            "post_created_at",
            "post_platform",
            "post_collected_at",
            "post_id",
        ),  # fmt: skip
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = tenant_column(indexed=False)
    # Not indexed alone: the unique constraint above leads with post_id and serves every
    # lookup by post (joins, IN lists, the cascade), one B-tree fewer per mention written.
    post_id: Mapped[str] = mapped_column(String(40), ForeignKey("posts.id", ondelete="CASCADE"))
    entity_id: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(200))
    matched: Mapped[str] = mapped_column(String(200))
    # "text" when a name appears in the post, "author" when one of the entity's accounts wrote it.
    via: Mapped[str] = mapped_column(String(10))
    # What makes the post a risk signal, as bits (app.posts.linking.SIGNAL_BITS): written by the
    # entity's account, or carrying collaboration / controversy / withdrawal cues.
    signal: Mapped[int] = mapped_column(Integer, default=0)
    # Copies of the post's fields (which do not change, but for a late collected_at, kept in
    # step by ingest) so a watch's coverage over a million posts never reads the posts table.
    post_created_at: Mapped[datetime]
    post_platform: Mapped[str] = mapped_column(String(20))
    post_collected_at: Mapped[datetime | None] = mapped_column(default=None)


class PostScore(Base):
    """The current sentiment of a post under one scorer model."""

    __tablename__ = "scores"
    __table_args__ = (
        # Lets a watch's count of posts scored by the current model probe an index, not the rows.
        Index("ix_scores_post_model", "post_id", "model"),
        # Scores written since a moment (see ix_posts_tenant_updated); also serves tenant lookups.
        Index("ix_scores_tenant_scored", "tenant_id", "scored_at"),
    )

    post_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    tenant_id: Mapped[str] = tenant_column(indexed=False)
    model: Mapped[str] = mapped_column(String(100), index=True)
    polarity: Mapped[float] = mapped_column(Float)
    label: Mapped[str] = mapped_column(String(10))
    confidence: Mapped[float] = mapped_column(Float)
    emotions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    cues: Mapped[list[str]] = mapped_column(default=list)
    scored_at: Mapped[datetime]
