"""Paging through one listing within a pass's budget, resuming from and saving its cursor.

A listing is read newest first. A stored cursor marks an unfinished range: the first walk back
through history (down to the backfill horizon), or the part of a burst of new posts that one
pass's page budget could not reach (down to its floor, the newest post known before the burst).
Each pass reads that range first, then, with the pages left, the top of the listing until it
meets posts already known; if the budget runs out before that, the rest becomes the range.

Posts and the advanced state are written in the same transaction, page by page, so a crash
between pages neither loses posts nor fetches a stored page again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from app.collection.store import ListingState
from collectors.types import CollectedPost, Cursor, ResultPage

Fetch = Callable[[Cursor | None], ResultPage]
Keep = Callable[[CollectedPost], bool]
# (kind, from, to): posts in this span may exist that were not fetched yet. "backfill" while
# history is first read back to the horizon, "gap" for a burst's unfetched range.
Gap = tuple[str, datetime | None, datetime | None]


@dataclass
class WalkOutcome:
    pages: int = 0
    items: int = 0
    inserted: int = 0
    duplicates: int = 0
    rejected: list[str] = field(default_factory=list)
    oldest: datetime | None = None
    newest: datetime | None = None
    note: tuple[str, str] | None = None
    # The oldest post of the latest page read: where the walk stands.
    position: datetime | None = None
    gap: Gap | None = None

    def add_posts(self, posts: list[CollectedPost]) -> None:
        self.items += len(posts)
        for post in posts:
            moment = post.created.utc
            self.oldest = min(moment, self.oldest) if self.oldest else moment
            self.newest = max(moment, self.newest) if self.newest else moment

    @property
    def span(self) -> tuple[datetime, datetime] | None:
        return (self.oldest, self.newest) if self.oldest and self.newest else None


Save = Callable[[list[CollectedPost], ListingState, WalkOutcome], None]


def unique_posts(posts: list[CollectedPost]) -> list[CollectedPost]:
    seen: dict[str, CollectedPost] = {}
    for post in posts:
        seen[post.platform_id] = post
    return list(seen.values())


def walk(
    state: ListingState,
    fetch: Fetch,
    save: Save,
    pages: int,
    horizon: datetime,
    keep: Keep = lambda post: True,
    recent_only: bool = False,
) -> WalkOutcome:
    """Up to `pages` pages: the unfinished range first, then the top. A `recent_only` listing
    (a Tieba bar, ordered by last reply rather than by age) is read from the top every pass
    and keeps no range."""
    outcome = WalkOutcome()
    budget = pages
    if state.cursor is not None and not recent_only:
        state, budget = _resume(state, fetch, save, budget, horizon, keep, outcome)
    if budget > 0 and state.cursor is None:
        state = _from_top(state, fetch, save, budget, horizon, keep, outcome, recent_only)
    outcome.gap = _unfetched(state, horizon, outcome)
    return outcome


def _read(
    fetch: Fetch, cursor: Cursor | None, keep: Keep, outcome: WalkOutcome
) -> tuple[ResultPage, list[CollectedPost], list[datetime]]:
    page = fetch(cursor)
    posts = unique_posts([p for p in page.posts if keep(p)])
    outcome.pages += 1
    outcome.add_posts(posts)
    outcome.rejected += [f"unreadable item: {reason}" for reason in page.skipped]
    if page.restricted:
        outcome.note = ("login_required", page.restricted)
    times = [p.created.utc for p in posts]
    if times:
        outcome.position = min(times)
    return page, posts, times


def _watermark(state: ListingState, times: list[datetime]) -> datetime | None:
    return max(filter(None, (state.watermark, max(times, default=None))), default=None)


def _closed(state: ListingState, page: ResultPage, watermark: datetime | None) -> ListingState:
    """Nothing left to fetch below: the next pass starts from the top."""
    revisit = page.revisit if page.next_cursor is None else state.revisit
    return ListingState(None, revisit, watermark, True, None)


def _resume(
    state: ListingState,
    fetch: Fetch,
    save: Save,
    budget: int,
    horizon: datetime,
    keep: Keep,
    outcome: WalkOutcome,
) -> tuple[ListingState, int]:
    """The unfinished range, from its cursor down to its floor (or, for the first walk back
    through history, to the horizon). Returns the state and the pages left."""
    floor = state.floor if state.backfilled else None
    while budget > 0:
        page, posts, times = _read(fetch, state.cursor, keep, outcome)
        budget -= 1
        watermark = _watermark(state, times)
        # These pages lie below the top (and its pinned posts), so the first post at or
        # under the floor, or past the horizon, means the range is crossed.
        oldest = min(times, default=None)
        crossed = oldest is not None and (
            oldest < horizon or (floor is not None and oldest <= floor)
        )
        if page.next_cursor is None or crossed or page.restricted:
            state = _closed(state, page, watermark)
            save(posts, state, outcome)
            return state, budget
        state = replace(state, cursor=page.next_cursor, watermark=watermark)
        save(posts, state, outcome)
    return state, 0


def _from_top(
    state: ListingState,
    fetch: Fetch,
    save: Save,
    budget: int,
    horizon: datetime,
    keep: Keep,
    outcome: WalkOutcome,
    recent_only: bool,
) -> ListingState:
    """From the top until a page holds only known posts (the first page may carry an old
    pinned post, so one known post is not enough). Each page leaves the rest as the range,
    floored at the newest post known before this walk, so a crash or an exhausted budget
    resumes there. A recent-only listing is read to the budget: known threads bumped by new
    replies sit among new ones there."""
    known = state.watermark if state.backfilled and not recent_only else None
    cursor = state.revisit
    while budget > 0:
        page, posts, times = _read(fetch, cursor, keep, outcome)
        budget -= 1
        watermark = _watermark(state, times)
        reached_known = known is not None and bool(times) and all(t <= known for t in times)
        past_horizon = bool(times) and all(t < horizon for t in times)
        if page.next_cursor is None or reached_known or past_horizon or page.restricted:
            state = _closed(state, page, watermark)
            save(posts, state, outcome)
            return state
        if recent_only:
            state = replace(state, watermark=watermark, backfilled=True)
        else:
            state = replace(state, cursor=page.next_cursor, watermark=watermark, floor=known)
        save(posts, state, outcome)
        cursor = page.next_cursor
    return state


def _unfetched(state: ListingState, horizon: datetime, outcome: WalkOutcome) -> Gap | None:
    if state.cursor is None:
        return None
    if not state.backfilled:
        return ("backfill", horizon, outcome.position)
    return ("gap", state.floor, outcome.position)
