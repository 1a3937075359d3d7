"""One collection pass for a watch (run_collection claims the watch first): every enabled
platform's listings within the pass budget, each listing's outcome written to coverage, posts
stored through app.posts.ingest.

The runner owns its transactions (one per page, like a job's session_scope), and makes its
network calls with none open. One listing's failure never stops the others; a captcha pauses
the platform for the tenant; rate limits and anti-bot refusals end the platform's pass.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx

from app.clock import Clock
from app.collection import access as access_service
from app.collection import plan, store
from app.collection.gates import PROCESS_GATES, Gates, politeness
from app.collection.service import claim, finish
from app.collection.subject import Subject, subject_of
from app.collection.walk import WalkOutcome, walk
from app.config import Settings
from app.db import Database
from app.errors import Conflict
from app.models import Tenant
from app.posts.ingest import IngestLimits
from app.tenants import usage
from app.watches.service import get as get_watch
from collectors.base import Adapter
from collectors.errors import CollectorError, LoginWall
from collectors.registry import build_adapter
from collectors.types import CollectedPost

log = logging.getLogger(__name__)
NOT_TRIED = "not tried: "
Progress = Callable[[str], None]
# Refusals that end the platform's pass: pushing on makes them worse (as does a login wall,
# which every further request would meet too).
STOPPING_KINDS = frozenset(
    {"captcha_required", "rate_limited", "blocked", "circuit_open", "transient", "unreachable"}
)


@dataclass
class PassSummary:
    watch_id: str
    listings: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self, platform: str, query: str, outcome: WalkOutcome | None, error: str | None
    ) -> None:
        self.listings.append(
            {
                "platform": platform,
                "query": query,
                "pages": outcome.pages if outcome else 0,
                "items": outcome.items if outcome else 0,
                "inserted": outcome.inserted if outcome else 0,
                "error": error,
                # No outcome: the listing was not read at all (the error says why); a listing
                # that was read may still carry a note in `error` (an unreadable thread).
                "failed": outcome is None,
            }
        )

    @property
    def totals(self) -> dict[str, int]:
        return {
            "listings": len(self.listings),
            "items": sum(entry["items"] for entry in self.listings),
            "inserted": sum(entry["inserted"] for entry in self.listings),
            "errors": sum(1 for entry in self.listings if entry["error"]),
            "failed": sum(1 for entry in self.listings if entry["failed"]),
        }


class PassRunner:
    def __init__(
        self,
        database: Database,
        settings: Settings,
        clock: Clock,
        subject: Subject,
        progress: Progress | None = None,
        gates: Gates | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.database, self.settings, self.clock, self.subject = database, settings, clock, subject
        self.progress = progress or (lambda message: None)
        self.gates, self.transport = gates or PROCESS_GATES, transport
        self.limits = IngestLimits(max_text_chars=settings.max_text_chars)
        self.summary = PassSummary(subject.watch_id)

    def run(self, rotation: int, platforms: Collection[str] | None = None) -> PassSummary:
        """Every enabled platform, or only those of `platforms` (a worker's task is one)."""
        with self.database.session_scope(write=False) as session:
            setups = access_service.load_setups(session, self.settings, self.subject.tenant_id)
        for setup in setups.values():
            if setup.enabled and (platforms is None or setup.platform in platforms):
                self._platform(setup, rotation)
        return self.summary

    def _platform(self, setup: access_service.PlatformSetup, rotation: int) -> None:
        gate = self.gates.get(setup.platform, politeness(self.settings))
        adapter = build_adapter(setup.platform, setup.access, gate, self.clock, self.transport)
        try:
            self._listings(adapter, setup, rotation)
        finally:
            with self.database.session_scope() as session:
                usage.add(session, self.subject.tenant_id, usage.COLLECTION_REQUESTS,
                          adapter.fetcher.requests, self.clock(), setup.platform)  # fmt: skip

    def _listings(
        self, adapter: Adapter, setup: access_service.PlatformSetup, rotation: int
    ) -> None:
        listings = plan.plan_platform(
            setup.platform,
            self.subject.brand,
            self.subject.kol,
            adapter.user_feeds,
            rotation,
            self.settings.collect_queries_per_platform,
            setup.feeds,
        )
        if setup.paused_reason:
            self._skip_all(listings, "captcha_required", f"paused: {setup.paused_reason}")
            return
        for index, listing in enumerate(listings):
            stop = self._listing(adapter, listing)
            if stop is not None:
                skipped = listings[index + 1 :]
                self._skip_all(skipped, stop.kind, f"{NOT_TRIED}{stop.message}")
                if stop.kind == "captcha_required":
                    self._pause(setup.platform, stop.message)
                return

    def _listing(self, adapter: Adapter, listing: plan.Listing) -> CollectorError | None:
        """Run one listing and record its coverage; the refusal that ends the platform, if any."""
        try:
            outcome = self._collect(adapter, listing)
        except CollectorError as exc:
            self._record_error(listing, exc.kind, exc.message)
            return exc if exc.kind in STOPPING_KINDS or isinstance(exc, LoginWall) else None
        except Exception as exc:  # one broken listing never stops the rest
            log.exception("collecting %s %s failed", listing.platform, listing.label)
            self._record_error(listing, "internal", f"{type(exc).__name__}: {exc}")
            return None
        with self.database.session_scope() as session:
            store.record_success(
                session, self.subject.watch_id, listing.platform, listing.label,
                outcome.items, outcome.span, self.clock(), outcome.note, outcome.gap,
            )  # fmt: skip
        self.summary.add(listing.platform, listing.label, outcome, outcome.note and outcome.note[1])
        self.progress(
            f"{listing.platform} {listing.label}: {outcome.items} items, {outcome.inserted} new, "
            f"{outcome.pages} pages" + (f" ({outcome.note[1]})" if outcome.note else "")
        )
        return None

    def _collect(self, adapter: Adapter, listing: plan.Listing) -> WalkOutcome:
        if listing.kind == "search":
            search = lambda cursor: adapter.search(listing.target, cursor)  # noqa: E731
            return self._with_threads(adapter, listing, search, recent_only=False)
        if listing.kind == "bar":  # ordered by last reply: its first pages every pass
            forum = lambda cursor: adapter.forum(listing.target, cursor)  # noqa: E731
            return self._with_threads(adapter, listing, forum, recent_only=True)
        if listing.kind == "user":
            keep = self._news_filter if listing.platform == "news" else (lambda post: True)
            fetch = lambda cursor: adapter.user_posts(listing.target, cursor, listing.feed)  # noqa: E731
            return self._walk(listing, fetch, keep)
        return self._venue(adapter, listing)

    def _news_filter(self, post: CollectedPost) -> bool:
        return plan.relevant(post.text, self.subject.brand, self.subject.kol)

    def _walk(
        self,
        listing: plan.Listing,
        fetch: Callable[[Any], Any],
        keep: Callable[[CollectedPost], bool] = lambda post: True,
        label: str | None = None,
        recent_only: bool = False,
    ) -> WalkOutcome:
        key = label or listing.label
        tenant = self.subject.tenant_id
        with self.database.session_scope(write=False) as session:
            state = store.load_state(session, tenant, listing.platform, key)

        def save(
            posts: list[CollectedPost], new_state: store.ListingState, outcome: WalkOutcome
        ) -> None:
            now = self.clock()
            with self.database.session_scope() as session:
                inserted, duplicates, rejected = store.store_posts(
                    session, tenant, posts, now, self.limits
                )
                store.save_state(session, tenant, listing.platform, key, new_state, now)
            outcome.inserted += inserted
            outcome.duplicates += duplicates
            outcome.rejected += rejected
            self.progress(f"{listing.platform} {key}: page {outcome.pages}, {len(posts)} items")

        horizon = self.clock() - timedelta(days=self.settings.collect_backfill_days)
        pages = self.settings.collect_pages_per_listing
        return walk(state, fetch, save, pages, horizon, keep, recent_only)

    def _with_threads(
        self,
        adapter: Adapter,
        listing: plan.Listing,
        fetch: Callable[[Any], Any],
        recent_only: bool,
    ) -> WalkOutcome:
        """The listing, then the comments under the pairing's discussions it turned up."""
        found: list[CollectedPost] = []

        def keep(post: CollectedPost) -> bool:
            found.append(post)
            return True

        outcome = self._walk(listing, fetch, keep, recent_only=recent_only)
        for post in self._new_threads(listing.platform, found):
            self._read_thread(adapter, listing, post, outcome)
        return outcome

    def _new_threads(self, platform: str, found: list[CollectedPost]) -> list[CollectedPost]:
        """The most-commented posts naming the pairing whose comments were never read: each
        thread once, so a pass never fetches what an earlier one stored."""
        brand, kol = self.subject.brand, self.subject.kol
        candidates = {
            p.platform_id: p
            for p in found
            if p.comment_ref and plan.names_the_pairing(p.text, brand, kol)
        }
        busiest = sorted(candidates.values(), key=lambda p: p.metrics.comments or 0, reverse=True)
        chosen: list[CollectedPost] = []
        with self.database.session_scope(write=False) as session:
            for post in busiest:
                if len(chosen) == self.settings.collect_thread_posts:
                    break
                label = f"comments:{post.platform_id}"
                if store.load_state(session, self.subject.tenant_id, platform, label).watermark:
                    continue
                chosen.append(post)
        return chosen

    def _read_thread(
        self, adapter: Adapter, listing: plan.Listing, post: CollectedPost, outcome: WalkOutcome
    ) -> None:
        """A thread that cannot be read is a note on the listing, not its failure."""
        fetch = self._comment_fetcher(adapter, post.comment_ref or {})
        try:
            comments = self._walk(listing, fetch, label=f"comments:{post.platform_id}")
        except CollectorError as exc:
            if exc.kind in STOPPING_KINDS:
                raise
            outcome.note = outcome.note or (exc.kind, f"thread {post.platform_id}: {exc.message}")
            return
        _absorb(outcome, comments)

    def _venue(self, adapter: Adapter, listing: plan.Listing) -> WalkOutcome:
        """The account's latest posts, then the comment sections under them."""
        page = adapter.user_posts(listing.target, None, listing.feed)
        latest = [p for p in page.posts if p.comment_ref][: self.settings.collect_venue_posts]
        outcome = WalkOutcome(pages=1)
        outcome.add_posts(page.posts)
        with self.database.session_scope() as session:
            inserted, _, _ = store.store_posts(
                session, self.subject.tenant_id, page.posts, self.clock(), self.limits
            )
        outcome.inserted += inserted
        for post in latest:
            ref = post.comment_ref or {}
            comments = self._walk(
                listing, self._comment_fetcher(adapter, ref), label=f"comments:{post.platform_id}"
            )
            _absorb(outcome, comments)
        return outcome

    @staticmethod
    def _comment_fetcher(adapter: Adapter, ref: dict[str, str]) -> Callable[[Any], Any]:
        return lambda cursor: adapter.comments(ref, cursor)

    def _record_error(
        self, listing: plan.Listing, kind: str, message: str, *, show: bool = True
    ) -> None:
        with self.database.session_scope() as session:
            store.record_error(
                session, self.subject.watch_id, listing.platform, listing.label, kind, message,
                self.clock(),
            )  # fmt: skip
        self.summary.add(listing.platform, listing.label, None, f"{kind}: {message}")
        if show:
            self.progress(f"{listing.platform} {listing.label}: {kind}: {message}")

    def _skip_all(self, listings: list[plan.Listing], kind: str, message: str) -> None:
        """Listings a refusal kept us from: one line of progress for all of them."""
        for listing in listings:
            self._record_error(listing, kind, message, show=False)
        if listings:
            self.progress(f"{listings[0].platform}: {len(listings)} more listings: {message}")

    def _pause(self, platform: str, reason: str) -> None:
        with self.database.session_scope() as session:
            access_service.pause(session, self.subject.tenant_id, platform, reason, self.clock())


def _absorb(outcome: WalkOutcome, comments: WalkOutcome) -> None:
    """A comment section read as part of a listing counts in the listing's coverage."""
    outcome.pages += comments.pages
    outcome.inserted += comments.inserted
    outcome.items += comments.items
    outcome.note = outcome.note or comments.note


def run_collection(
    database: Database,
    settings: Settings,
    clock: Clock,
    tenant_id: str,
    watch_id: str,
    progress: Progress | None = None,
    gates: Gates | None = None,
    transport: httpx.BaseTransport | None = None,
) -> PassSummary:
    """One pass now. Conflict when another pass is running for the watch, or when the tenant's
    collection is switched off (the demo's posts are seeded, never fetched)."""
    with database.session_scope() as session:
        watch = get_watch(session, tenant_id, watch_id)
        tenant = session.get(Tenant, tenant_id)
        if tenant is not None and not tenant.collection_enabled:
            raise Conflict(
                f"collection is switched off for tenant {tenant.name!r}: its posts come from "
                "seeding or imports only (the demo tenant never reaches a real platform)"
            )
        subject = subject_of(session, watch)
        rotation = claim(session, watch_id, clock())
    if rotation is None:
        raise Conflict(f"a collection pass for watch {watch_id!r} is already running")
    summary = PassSummary(watch_id)
    try:
        runner = PassRunner(database, settings, clock, subject, progress, gates, transport)
        summary = runner.run(rotation)
    finally:
        with database.session_scope() as session:
            finish(session, subject, summary.totals, settings, clock())
    return summary
