"""Paging a listing across passes (pure: a fake newest-first listing, no database): the first
history walk, incremental passes that stop at known posts, and a burst of new posts larger than
a pass's page budget, whose unfetched range is kept and filled by the next passes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.collection.store import ListingState
from app.collection.walk import walk
from collectors.types import Author, CollectedPost, Metrics, PostTime, ResultPage

T0 = datetime(2026, 11, 1, tzinfo=UTC)
HORIZON = T0 - timedelta(days=3 * 365)
PER_PAGE = 3


def post(number: int) -> CollectedPost:
    """Post n was written n hours after T0."""
    moment = T0 + timedelta(hours=number)
    return CollectedPost(
        "weibo", f"p{number}", "post", "x", PostTime(moment, "second", ""), Author("u"),
        None, Metrics(), {},
    )  # fmt: skip


class Listing:
    """Posts 1..n, newest first, PER_PAGE to a page; the cursor is the last id seen (stable,
    like Weibo's since_id), so new posts at the top never shift a stored cursor."""

    def __init__(self, newest: int) -> None:
        self.newest = newest
        self.asked: list[int | None] = []

    def fetch(self, cursor: dict[str, int] | None) -> ResultPage:
        below = cursor["below"] if cursor else self.newest + 1
        self.asked.append(cursor["below"] if cursor else None)
        numbers = list(range(below - 1, max(below - 1 - PER_PAGE, 0), -1))
        following = {"below": numbers[-1]} if numbers and numbers[-1] > 1 else None
        return ResultPage([post(n) for n in numbers], following)


class Store:
    """What the runner persists after each page: the posts and the listing's state."""

    def __init__(self) -> None:
        self.state = ListingState(None, None, None, False)
        self.stored: set[str] = set()

    def save(self, posts, state, outcome) -> None:
        self.stored.update(p.platform_id for p in posts)
        self.state = state

    def run(self, listing: Listing, pages: int):
        return walk(self.state, listing.fetch, self.save, pages, HORIZON)


def numbers(ids: set[str]) -> set[int]:
    return {int(i[1:]) for i in ids}


def test_the_first_walk_reads_history_across_passes_and_then_only_the_top():
    listing, store = Listing(newest=12), Store()
    store.run(listing, pages=2)
    assert numbers(store.stored) == set(range(7, 13))
    assert store.state.cursor == {"below": 7}
    assert store.state.backfilled is False
    store.run(listing, pages=2)  # resumes where it stopped and reaches the end
    assert numbers(store.stored) == set(range(1, 13))
    assert store.state.backfilled is True
    assert store.state.cursor is None
    asked = len(listing.asked)
    store.run(listing, pages=2)  # nothing new: one look at the top
    assert listing.asked[asked:] == [None]


def test_a_burst_larger_than_the_budget_is_filled_by_the_next_passes():
    listing, store = Listing(newest=6), Store()
    store.run(listing, pages=5)
    assert store.state.backfilled is True
    listing.newest = 6 + 7 * PER_PAGE  # 21 new posts: seven pages, the budget is two a pass
    first = store.run(listing, pages=2)
    assert store.state.cursor == {"below": 22}  # the unfinished range is kept...
    assert store.state.floor == T0 + timedelta(hours=6)  # ...down to the newest known post
    assert first.gap == ("gap", T0 + timedelta(hours=6), T0 + timedelta(hours=22))
    passes = 0
    while store.state.cursor is not None:
        outcome = store.run(listing, pages=2)
        passes += 1
    assert numbers(store.stored) == set(range(1, 28))  # nothing skipped
    assert passes == 3
    assert outcome.gap is None  # filled: coverage says so
    asked = [a for a in listing.asked if a is not None]
    assert len(asked) == len(set(asked))  # no page below the top was asked for twice


def test_new_posts_during_a_gap_are_read_once_the_gap_is_closed():
    listing, store = Listing(newest=6), Store()
    store.run(listing, pages=5)
    listing.newest = 6 + 3 * PER_PAGE
    store.run(listing, pages=2)  # posts 10..15 read, 7..9 left as a gap
    listing.newest += 2  # two more arrive before the next pass
    start = len(listing.asked)
    store.run(listing, pages=3)  # the gap first, then the top with the page left
    assert listing.asked[start:] == [10, 7, None]
    assert numbers(store.stored) == set(range(1, 18))


def test_a_burst_within_the_budget_is_read_in_one_pass():
    listing, store = Listing(newest=6), Store()
    store.run(listing, pages=5)
    listing.newest = 6 + 3 * PER_PAGE
    outcome = store.run(listing, pages=5)
    assert numbers(store.stored) == set(range(1, 16))  # three new pages, not stopped after two
    assert store.state.cursor is None
    assert outcome.gap is None


def test_a_restricted_page_ends_the_range_and_the_top_is_still_read_every_pass():
    state = ListingState({"pn": 2}, None, T0, False)
    calls: list[object] = []

    def fetch(cursor):
        calls.append(cursor)
        if cursor == {"pn": 2}:
            return ResultPage([], {"pn": 2}, restricted="needs a login")
        return ResultPage([post(9)], {"pn": 2})

    saved = []
    outcome = walk(state, fetch, lambda p, s, o: saved.append(s), 3, HORIZON)
    # The withheld page ends the range; the newest comments are read, and the withheld page
    # after them is noted again instead of being waited on forever.
    assert calls == [{"pn": 2}, None, {"pn": 2}]
    assert outcome.note == ("login_required", "needs a login")
    assert saved[-1].cursor is None
    assert outcome.gap is None


def test_a_recent_only_listing_reads_its_first_pages_every_pass_and_keeps_no_cursor():
    listing, store = Listing(newest=30), Store()
    walk(store.state, listing.fetch, store.save, 2, HORIZON, recent_only=True)
    assert store.state.cursor is None
    walk(store.state, listing.fetch, store.save, 2, HORIZON, recent_only=True)
    assert listing.asked == [None, 28, None, 28]
