"""The dossier: who a KOL is, commercially, from the posts stored about and by them."""

from __future__ import annotations

import datetime as dt
from datetime import datetime

from pydantic import BaseModel, Field

from app.reports.schemas import StanceEntry
from app.risk.schemas import ComponentOut, Evidence


class FollowerPoint(BaseModel):
    """Followers as a post of the account showed them, per Asia/Shanghai day it was collected."""

    day: dt.date
    followers: int


class AccountOut(BaseModel):
    platform: str
    uid: str
    handle: str | None
    followers: int | None = Field(description="The latest count a stored post showed.")
    followers_change: int | None = Field(
        description="Latest minus earliest count collected (None with fewer than two points)."
    )
    followers_history: list[FollowerPoint]
    posts: int = Field(description="The account's own posts stored.")


class RhythmOut(BaseModel):
    """How often the KOL posts (every own post, comments included)."""

    posts: int
    first: datetime | None
    last: datetime | None
    last_30_days: int
    per_week_90_days: float
    median_gap_hours: float | None
    busiest_hours: list[int] = Field(description="Asia/Shanghai hours with most posts, top 3.")


class EngagementOut(BaseModel):
    """Typical engagement per own post (videos, articles and posts; comments left out)."""

    posts: int
    median_likes: float | None
    median_comments: float | None
    median_reposts: float | None


class DealOut(BaseModel):
    """A post that is sponsored or announces a deal, with the brands it names."""

    brands: list[str]
    markers: list[str] = Field(description="What marks it: #广告#, 商单, 合作 beside a brand…")
    strength: str = Field(description="strong (disclosure, trade word, platform label) or named.")
    evidence: Evidence
    days_ago: int


class Reception(BaseModel):
    """How the brand's fans took a past deal: the stored replies under it, by sentiment."""

    replies: int
    negative: int
    neutral: int
    positive: int
    unscored: int


class BrandDealOut(DealOut):
    reception: Reception


class CompetitorDealOut(DealOut):
    competitors: list[str]
    within_window: bool = Field(
        description="Inside the risk rules' competitor_deal_days: it counts in the risk call."
    )


class PairingOut(BaseModel):
    """What the dossier says for one brand (`brand_id`)."""

    brand_id: str
    brand_name: str
    competitors: list[str]
    competitor_deals: list[CompetitorDealOut]
    competitor_deal_days: int
    brand_deals: list[BrandDealOut]
    competitor_deal: ComponentOut = Field(description="The risk engine's component for it.")
    controversy: ComponentOut = Field(description="The risk engine's controversy record.")
    stance_history: list[StanceEntry]


class DossierOut(BaseModel):
    kol_id: str
    kol_name: str
    as_of: datetime
    accounts: list[AccountOut]
    rhythm: RhythmOut
    engagement: EngagementOut
    commercial_history: list[DealOut] = Field(
        description="Sponsored posts and deal announcements, newest first (up to 100)."
    )
    own_posts_read: int = Field(description="The KOL's own posts read (the newest, up to 5000).")
    pairing: PairingOut | None = None
