"""What the risk engine reads: plain data, built by the service from the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

BRAND_SIDE = frozenset({"brand", "fandom", "executive", "owned"})


@dataclass(frozen=True)
class PostFacts:
    post_id: str
    platform: str
    platform_id: str
    url: str | None
    author_uid: str | None
    author_name: str | None
    author_followers: int | None
    created_at: datetime
    kind: str
    text: str
    text_norm: str
    engagement: int
    # How the post is tied to the KOL: "author" (one of the KOL's accounts wrote it), "name" (it
    # names the KOL by full name or handle) or "alias" (only by an alias, which namesakes share).
    kol_via: str
    # Which parts of the brand the post names: brand, fandom, executive, competitor, owned.
    brand_roles: frozenset[str]
    cues: tuple[str, ...]
    # Comment under a post by the brand's executives or owned accounts: the fandom's venue.
    in_venue: bool
    tombstone_reason: str | None
    label: str | None = None
    polarity: float | None = None
    emotions: dict[str, float] = field(default_factory=dict)
    sentiment_cues: tuple[str, ...] = ()
    # The post it answers (platform_id), for comments and reposts: copied text pasted into many
    # threads is one sign of a bought account (app.risk.coordinated).
    parent_id: str | None = None
    # When the author's account was created, where the platform data says (raw).
    author_since: datetime | None = None

    @property
    def by_kol(self) -> bool:
        return self.kol_via == "author"

    @property
    def names_kol(self) -> bool:
        return self.kol_via != "author"

    @property
    def scored(self) -> bool:
        return self.label is not None

    @property
    def brand_side(self) -> bool:
        """Names the brand, its fans, executives or accounts, or sits under their posts."""
        return bool(self.brand_roles & BRAND_SIDE) or self.in_venue

    def has_cue(self, kind: str) -> bool:
        return any(cue.startswith(kind + ":") for cue in self.cues)


@dataclass(frozen=True)
class CoverageCounts:
    """Every post tied to the KOL (not only those read in full): what stands behind a call."""

    platforms: dict[str, int]
    start: datetime | None
    end: datetime | None
    posts: int
    pending: int


@dataclass(frozen=True)
class RiskInputs:
    brand_name: str
    kol_name: str
    as_of: datetime
    # The posts that can carry a warning sign, read in full (see app.risk.gather).
    posts: tuple[PostFacts, ...]
    counts: CoverageCounts
    model_versions: tuple[str, ...]
    # Platforms the watch's collection could not reach at all, with the reason (login_required...).
    collection_gaps: dict[str, str] = field(default_factory=dict)
    # Platforms whose collection has posts it knows of but has not fetched yet, with the kind.
    open_gaps: dict[str, str] = field(default_factory=dict)
    # The brand's competitors as set on the brand: a recent deal with one is a warning sign.
    competitor_names: tuple[str, ...] = ()

    @property
    def pending_posts(self) -> int:
        return self.counts.pending
