"""The KOL dossier from stored posts: accounts, rhythm, engagement, commercial history, and for
one brand the deals with its competitors, past work with it, the controversy record and stance.

Read-only. Deals are read from the KOL's own posts (the newest OWN_POSTS_READ) with
app.risk.commercial, the same reading the risk engine's competitor_deal component uses.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app.analyst.service import Exclusions, exclusions_of
from app.brands import service as brands_service
from app.clock import SHANGHAI, as_utc
from app.dossier.schemas import (
    AccountOut,
    BrandDealOut,
    CompetitorDealOut,
    DealOut,
    DossierOut,
    EngagementOut,
    FollowerPoint,
    PairingOut,
    Reception,
    RhythmOut,
)
from app.kols import service as kols_service
from app.models import Brand, Kol, Mention, Post, PostScore, Watch
from app.reports.stance_history import MAX_ENTRIES, stance_entries
from app.risk.commercial import Deal, find_deal
from app.risk.engine import assess
from app.risk.gather import gather_inputs
from app.risk.moment import ReadTime
from app.risk.schemas import Evidence, EvidenceAuthor, component_out, quote_of
from app.risk.service import tenant_rules
from app.scoring.service import model_key
from sentiment import Scorer, normalize

OWN_POSTS_READ = 5000
MAX_DEALS = 100
MAX_FOLLOWER_POINTS = 60
FEED_KINDS = ("post", "video", "article", "repost")


def build_dossier(
    session: Session,
    tenant_id: str,
    kol_id: str,
    brand_id: str | None,
    scorer: Scorer,
    now: datetime,
) -> DossierOut:
    kol = kols_service.get(session, tenant_id, kol_id)
    brand = brands_service.get(session, tenant_id, brand_id) if brand_id else None
    own = own_posts(session, tenant_id, kol.id)
    known = known_brands(brands_service.list_all(session, tenant_id))
    deals = [(post, deal) for post in own if (deal := find_deal(post.text, known, post.raw))]
    return DossierOut(
        kol_id=kol.id,
        kol_name=kol.name,
        as_of=now,
        accounts=accounts_of(kol, own),
        rhythm=rhythm_of(own, now),
        engagement=engagement_of(own),
        commercial_history=[deal_out(p, d, now) for p, d in deals[:MAX_DEALS]],
        own_posts_read=len(own),
        pairing=pairing_of(session, (brand, kol), deals, scorer, now) if brand else None,
    )


def own_posts(session: Session, tenant_id: str, kol_id: str) -> list[Post]:
    """The KOL's own posts, newest first (the mentions index finds them by author)."""
    query = (
        select(Post)
        .join(Mention, Mention.post_id == Post.id)
        .where(
            Mention.tenant_id == tenant_id,
            Mention.entity_id == kol_id,
            Mention.role == "kol",
            Mention.via == "author",
        )
        .order_by(Post.created_at.desc(), Post.id)
        .limit(OWN_POSTS_READ)
    )
    return list(session.scalars(query))


def known_brands(brands: Iterable[Brand]) -> dict[str, str]:
    """Normalised names the tenant knows -> the name to show: its brands (with their aliases)
    and their competitors."""
    known: dict[str, str] = {}
    for brand in brands:
        for rival in brand.competitors:
            known.setdefault(normalize(rival), rival)
    for brand in brands:  # a brand's own names win over another's competitor list
        for name in (brand.name, *brand.aliases):
            known[normalize(name)] = brand.name
    return {name: shown for name, shown in known.items() if name}


def evidence(post: Post) -> Evidence:
    """A stored post in the shape of the risk engine's evidence."""
    return Evidence(
        post_id=post.id,
        platform=post.platform,
        platform_id=post.platform_id,
        url=post.url,
        author=EvidenceAuthor(
            uid=post.author_uid, name=post.author_name, followers=post.author_followers
        ),
        created_at=as_utc(post.created_at),
        quote=quote_of(post.text),
        cues=list(post.cues),
    )


def deal_out(post: Post, deal: Deal, now: datetime) -> DealOut:
    return DealOut(
        brands=list(deal.brands),
        markers=list(deal.markers),
        strength=deal.strength,
        evidence=evidence(post),
        days_ago=max((now - as_utc(post.created_at)).days, 0),
    )


def accounts_of(kol: Kol, own: Sequence[Post]) -> list[AccountOut]:
    by_account: dict[tuple[str, str], list[Post]] = defaultdict(list)
    for post in own:
        by_account[(post.platform, post.author_uid or "")].append(post)
    accounts = []
    for account in kol.accounts:
        posts = by_account.get((account["platform"], account["uid"]), [])
        history = follower_history(posts)
        accounts.append(
            AccountOut(
                platform=account["platform"],
                uid=account["uid"],
                handle=account.get("handle"),
                followers=history[-1].followers if history else None,
                followers_change=(
                    history[-1].followers - history[0].followers if len(history) > 1 else None
                ),
                followers_history=history,
                posts=len(posts),
            )
        )
    return accounts


def follower_history(posts: Iterable[Post]) -> list[FollowerPoint]:
    """One point per Shanghai day the account's posts were collected on (the day's last count):
    a post shows the followers of the moment it was collected, not of when it was written."""
    seen: list[tuple[datetime, int]] = []
    for post in posts:
        if post.author_followers is not None:
            seen.append((as_utc(post.collected_at or post.created_at), post.author_followers))
    per_day: dict[date, int] = {}
    for moment, followers in sorted(seen):
        per_day[moment.astimezone(SHANGHAI).date()] = followers
    points = [FollowerPoint(day=day, followers=n) for day, n in per_day.items()]
    return points[-MAX_FOLLOWER_POINTS:]


def rhythm_of(own: Sequence[Post], now: datetime) -> RhythmOut:
    times = sorted(as_utc(p.created_at) for p in own)
    recent = [t for t in times if t >= now - timedelta(days=90)]
    gaps = [(b - a).total_seconds() / 3600 for a, b in zip(recent, recent[1:], strict=False)]
    hours = Counter(t.astimezone(SHANGHAI).hour for t in times)
    return RhythmOut(
        posts=len(times),
        first=times[0] if times else None,
        last=times[-1] if times else None,
        last_30_days=sum(t >= now - timedelta(days=30) for t in times),
        per_week_90_days=round(len(recent) / (90 / 7), 2),
        median_gap_hours=round(statistics.median(gaps), 1) if gaps else None,
        busiest_hours=[hour for hour, _ in hours.most_common(3)],
    )


def engagement_of(own: Sequence[Post]) -> EngagementOut:
    feed = [p for p in own if p.kind in FEED_KINDS]

    def median(values: Iterable[int | None]) -> float | None:
        known = [v for v in values if v is not None]
        return float(statistics.median(known)) if known else None

    return EngagementOut(
        posts=len(feed),
        median_likes=median(p.likes for p in feed),
        median_comments=median(p.comments for p in feed),
        median_reposts=median(p.reposts for p in feed),
    )


def pairing_of(
    session: Session,
    pairing: tuple[Brand, Kol],
    deals: list[tuple[Post, Deal]],
    scorer: Scorer,
    now: datetime,
) -> PairingOut:
    brand, kol = pairing
    rules = tenant_rules(session, brand.tenant_id)
    window = timedelta(days=rules.competitor_deal_days)
    rivals = set(brand.competitors)
    competitor_deals, brand_deals = [], []
    for post, deal in deals:
        named = set(deal.brands)
        if brand.name in named:
            brand_deals.append((post, deal))
        elif named & rivals:
            within = now - as_utc(post.created_at) <= window
            base = deal_out(post, deal, now).model_dump()
            competitor_deals.append(
                CompetitorDealOut(**base, competitors=sorted(named & rivals), within_window=within)
            )
    receptions = receptions_of(session, brand.tenant_id, [p for p, _ in brand_deals], scorer)
    exclusions = pairing_exclusions(session, brand, kol)
    inputs = gather_inputs(session, brand, kol, scorer, exclusions, time=ReadTime(now))
    assessment = assess(inputs, rules)
    components = {c.name: component_out(c) for c in assessment.components}
    return PairingOut(
        brand_id=brand.id,
        brand_name=brand.name,
        competitors=list(brand.competitors),
        competitor_deals=competitor_deals[:MAX_DEALS],
        competitor_deal_days=rules.competitor_deal_days,
        brand_deals=[
            BrandDealOut(**deal_out(p, d, now).model_dump(), reception=receptions[p.id])
            for p, d in brand_deals[:MAX_DEALS]
        ],
        competitor_deal=components["competitor_deal"],
        controversy=components["controversy"],
        stance_history=stance_entries(inputs.posts)[:MAX_ENTRIES],
    )


def pairing_exclusions(session: Session, brand: Brand, kol: Kol) -> Exclusions:
    """What an analyst took out of the pairing's watch, when it has one."""
    watch = session.scalar(
        select(Watch).where(
            Watch.tenant_id == brand.tenant_id, Watch.brand_id == brand.id, Watch.kol_id == kol.id
        )
    )
    return exclusions_of(session, watch) if watch else Exclusions()


def receptions_of(
    session: Session, tenant_id: str, posts: Sequence[Post], scorer: Scorer
) -> dict[str, Reception]:
    """Replies stored under each post, counted by sentiment label."""
    model = model_key(scorer.model)
    counts: dict[str, Counter[str]] = {p.id: Counter() for p in posts}
    for post in posts:
        query = (
            select(PostScore.label, func.count())
            .select_from(Post)
            .outerjoin(PostScore, and_(PostScore.post_id == Post.id, PostScore.model == model))
            .where(
                Post.tenant_id == tenant_id,
                Post.platform == post.platform,
                Post.parent_platform_id == post.platform_id,
            )
            .group_by(PostScore.label)
        )
        for label, count in session.execute(query):
            counts[post.id][label or "unscored"] += count
    return {
        post_id: Reception(
            replies=sum(c.values()),
            negative=c["negative"],
            neutral=c["neutral"],
            positive=c["positive"],
            unscored=c["unscored"],
        )
        for post_id, c in counts.items()
    }
