"""The KOL's own posts about the brand's side, each with its stance, newest first. Pure."""

from __future__ import annotations

from collections.abc import Iterable

from app.reports.schemas import StanceEntry
from app.risk.inputs import PostFacts
from app.risk.schemas import evidence_of
from app.risk.stance import stance_of

# A dated list a reader can take in; the JSON says how many there were in all.
MAX_ENTRIES = 40
TOWARDS_ORDER = ("fandom", "brand", "executive", "owned", "competitor")


def stance_label(post: PostFacts) -> str | None:
    stance = stance_of(post)
    if stance is not None:
        return stance.value
    # stance_of reads the brand's side only; a post about a competitor alone is still history.
    return "competitor" if "competitor" in post.brand_roles else None


def stance_entries(posts: Iterable[PostFacts]) -> list[StanceEntry]:
    entries = []
    for post in posts:
        label = stance_label(post) if post.by_kol else None
        if label is None:
            continue
        entries.append(
            StanceEntry(
                post_id=post.post_id,
                created_at=post.created_at,
                platform=post.platform,
                url=post.url,
                stance=label,
                towards=[role for role in TOWARDS_ORDER if role in post.brand_roles],
                quote=evidence_of(post).quote,
            )
        )
    entries.sort(key=lambda e: (e.created_at, e.post_id), reverse=True)
    return entries
