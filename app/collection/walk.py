"""Paging through one listing within a pass's budget, resuming from and saving its cursor.

Posts and the advanced cursor are written in the same transaction, so a crash between pages
neither loses posts nor fetches a stored page again. A listing walked to its end (or to the
backfill horizon) is walked from the top next time, stopping at the newest post already seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from app.collection.store import ListingState
from collectors.types import CollectedPost, Cursor, Page


@dataclass
class Outcome:
    pages: int = 0
    items: int = 0
    inserted: int = 0
    duplicates: int = 0
    rejected: list[str] = field(default_factory=list)
    oldest: datetime | None = None
    newest: datetime | None = None
    note: tuple[str, str] | None = None

    def add_posts(self, posts: list[CollectedPost]) -> None:
        self.items += len(posts)
        for post in posts:
            moment = post.created.utc
            self.oldest = min(moment, self.oldest) if self.oldest else moment
            self.newest = max(moment, self.newest) if self.newest else moment

    @property
    def span(self) -> tuple[datetime, datetime] | None:
        return (self.oldest, self.newest) if self.oldest and self.newest else None


def unique_posts(posts: list[CollectedPost]) -> list[CollectedPost]:
    seen: dict[str, CollectedPost] = {}
    for post in posts:
        seen[post.platform_id] = post
    return list(seen.values())


def next_state(
    state: ListingState, page: Page, posts: list[CollectedPost], horizon: datetime
) -> tuple[ListingState, bool]:
    """The state to store after `page`, and whether this pass is done with the listing."""
    times = [p.created.utc for p in posts]
    newest = max(times, default=None)
    watermark = max(filter(None, (state.watermark, newest)), default=None)
    if page.restricted:
        return ListingState(page.next_cursor, state.revisit, watermark, state.backfilled), True
    reached_known = (
        state.backfilled
        and state.watermark is not None
        and all(t <= state.watermark for t in times)
    )
    past_horizon = bool(times) and all(t < horizon for t in times)
    if page.next_cursor is None or reached_known or past_horizon:
        revisit = page.revisit if page.next_cursor is None else state.revisit
        return ListingState(None, revisit, watermark, True), True
    return ListingState(page.next_cursor, state.revisit, watermark, state.backfilled), False


def walk(
    state: ListingState,
    fetch: Callable[[Cursor | None], Page],
    save: Callable[[list[CollectedPost], ListingState, Outcome], None],
    pages: int,
    horizon: datetime,
    keep: Callable[[CollectedPost], bool] = lambda post: True,
) -> Outcome:
    """Up to `pages` pages from the stored cursor (or from the top)."""
    outcome = Outcome()
    cursor = state.cursor or state.revisit
    for _ in range(pages):
        page = fetch(cursor)
        posts = unique_posts([p for p in page.posts if keep(p)])
        state, done = next_state(state, page, posts, horizon)
        outcome.pages += 1
        outcome.add_posts(posts)
        outcome.rejected += [f"unreadable item: {reason}" for reason in page.skipped]
        save(posts, state, outcome)
        if page.restricted:
            outcome.note = ("login_required", page.restricted)
        if done:
            break
        cursor = state.cursor
    return outcome
