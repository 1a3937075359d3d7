"""The stored data a fit read needs (app.fit.compute), for one brand and one KOL."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session, aliased

from app.fit.compute import FitInputs, OwnPost, Tone
from app.models import Brand, Kol, Mention, Post, PostScore
from sentiment import normalize

# The KOL's latest own posts read (the tone and category of a creator show in recent work).
OWN_POSTS = 500
# Commenters and fans read at most (accounts, by platform and uid).
ACCOUNTS = 20_000


def written_by(kol: Kol) -> list[ColumnElement[bool]]:
    """Mentions of posts the KOL's own accounts wrote (join Mention to Post)."""
    return [
        Mention.tenant_id == kol.tenant_id,
        Mention.entity_id == kol.id,
        Mention.role == "kol",
        Mention.via == "author",
    ]


def own_posts(session: Session, kol: Kol) -> list[OwnPost]:
    query = (
        select(Post, PostScore.emotions)
        .join(Mention, Mention.post_id == Post.id)
        .outerjoin(PostScore, PostScore.post_id == Post.id)
        .where(*written_by(kol))
        .order_by(Mention.post_created_at.desc())
        .limit(OWN_POSTS)
    )
    return [
        OwnPost(
            post_id=post.id,
            platform=post.platform,
            platform_id=post.platform_id,
            url=post.url,
            author_uid=post.author_uid,
            author_name=post.author_name,
            created_at=post.created_at,
            text=post.text,
            text_norm=post.text_norm,
            emotions=emotions,
            collab=any(cue.startswith("collab:") for cue in post.cues or ()),
        )
        for post, emotions in session.execute(query)
    ]


def commenters(
    session: Session, tenant_id: str, posts: list[OwnPost]
) -> frozenset[tuple[str, str]] | None:
    """Accounts that commented under the KOL's own posts; None when no comment was stored."""
    if not posts:
        return None
    found: set[tuple[str, str]] = set()
    by_platform: dict[str, list[str]] = {}
    for post in posts:
        by_platform.setdefault(post.platform, []).append(post.platform_id)
    for platform, parent_ids in by_platform.items():
        query = (
            select(Post.author_uid)
            .where(
                Post.tenant_id == tenant_id,
                Post.platform == platform,
                Post.parent_platform_id.in_(parent_ids),
                Post.author_uid.is_not(None),
            )
            .distinct()
            .limit(ACCOUNTS)
        )
        found.update((platform, uid) for uid in session.scalars(query) if uid)
    return frozenset(found) or None


def brand_fans(session: Session, brand: Brand) -> frozenset[tuple[str, str]]:
    """Accounts that speak as the brand's fans: authors of posts naming its fandom, and of
    comments under the brand's own and its executives' posts (its venues)."""
    fandom = (
        select(Post.platform, Post.author_uid)
        .join(Mention, Mention.post_id == Post.id)
        .where(
            Mention.tenant_id == brand.tenant_id,
            Mention.entity_id == brand.id,
            Mention.role == "fandom",
            Post.author_uid.is_not(None),
        )
        .distinct()
        .limit(ACCOUNTS)
    )
    venue, venue_mention = aliased(Post), aliased(Mention)
    comments = (
        select(Post.platform, Post.author_uid)
        .join(
            venue,
            and_(
                venue.tenant_id == Post.tenant_id,
                venue.platform == Post.platform,
                venue.platform_id == Post.parent_platform_id,
            ),
        )
        .join(venue_mention, venue_mention.post_id == venue.id)
        .where(
            Post.tenant_id == brand.tenant_id,
            venue_mention.entity_id == brand.id,
            venue_mention.via == "author",
            venue_mention.role.in_(("owned", "executive")),
            Post.author_uid.is_not(None),
        )
        .distinct()
        .limit(ACCOUNTS)
    )
    fans = {(p, uid) for p, uid in session.execute(fandom) if uid}
    fans.update((p, uid) for p, uid in session.execute(comments) if uid)
    return frozenset(fans)


def fit_inputs(session: Session, brand: Brand, kol: Kol) -> FitInputs:
    posts = own_posts(session, kol)
    tone: Tone = brand.tone if brand.tone in ("gentle", "neutral", "sharp") else "neutral"  # type: ignore[assignment]
    return FitInputs(
        category=brand.category,
        category_words=[normalize(w) for w in brand.category_words or ()],
        brand_tone=tone,
        own_posts=posts,
        commenters=commenters(session, kol.tenant_id, posts),
        brand_fans=brand_fans(session, brand),
    )
