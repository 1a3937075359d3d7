"""What a pass writes: posts (through the one ingest path), cursors and coverage. Each function
takes a session and never commits: the runner's session_scope() owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.models import CollectionCursor, Coverage
from app.posts.ingest import IngestLimits, ingest
from collectors.types import CollectedPost


@dataclass(frozen=True)
class ListingState:
    """Where a listing stands (app.collection.walk): `cursor` starts its unfinished range,
    which ends at `floor` once the history is backfilled."""

    cursor: dict[str, Any] | None
    revisit: dict[str, Any] | None
    watermark: datetime | None
    backfilled: bool
    floor: datetime | None = None


def load_state(session: Session, tenant_id: str, platform: str, listing: str) -> ListingState:
    row = session.get(CollectionCursor, (tenant_id, platform, listing))
    if row is None:
        return ListingState(None, None, None, False)
    return ListingState(row.cursor, row.revisit, row.watermark, row.backfilled, row.gap_floor)


def save_state(
    session: Session,
    tenant_id: str,
    platform: str,
    listing: str,
    state: ListingState,
    now: datetime,
) -> None:
    row = session.get(CollectionCursor, (tenant_id, platform, listing))
    if row is None:
        row = CollectionCursor(tenant_id=tenant_id, platform=platform, listing=listing, pages=0)
        session.add(row)
    row.cursor, row.revisit = state.cursor, state.revisit
    row.watermark, row.backfilled, row.gap_floor = state.watermark, state.backfilled, state.floor
    row.pages, row.updated_at = (row.pages or 0) + 1, now


def store_posts(
    session: Session,
    tenant_id: str,
    posts: list[CollectedPost],
    now: datetime,
    limits: IngestLimits,
) -> tuple[int, int, list[str]]:
    """(inserted, duplicates, rejection reasons) from the app's one ingest path."""
    if not posts:
        return 0, 0, []
    result = ingest(session, tenant_id, [p.as_item(now) for p in posts], now, limits)
    return result.inserted, result.duplicates, [r.reason for r in result.rejected]


def _coverage_row(
    session: Session, watch_id: str, platform: str, query: str, now: datetime
) -> Coverage:
    row = session.get(Coverage, (watch_id, platform, query))
    if row is None:
        row = Coverage(watch_id=watch_id, platform=platform, query=query, items=0, updated_at=now)
        session.add(row)
    return row


def record_success(
    session: Session,
    watch_id: str,
    platform: str,
    query: str,
    items: int,
    span: tuple[datetime, datetime] | None,
    now: datetime,
    note: tuple[str, str] | None = None,
    gap: tuple[str, datetime | None, datetime | None] | None = None,
) -> None:
    """A listing that answered. `note` (kind, message) keeps a partial refusal visible, such as
    Bilibili's comment pages beyond the first being withheld from anonymous readers. `gap`
    (kind, from, to) is the range still to fetch; None once it is filled."""
    row = _coverage_row(session, watch_id, platform, query, now)
    row.last_success_at, row.updated_at = now, now
    row.items = (row.items or 0) + items
    if span is not None:
        row.span_from = min(span[0], row.span_from) if row.span_from else span[0]
        row.span_to = max(span[1], row.span_to) if row.span_to else span[1]
    row.gap_kind, row.gap_from, row.gap_to = gap if gap is not None else (None, None, None)
    if note is not None:
        row.last_error_at, row.last_error_kind, row.last_error_message = now, note[0], note[1]


def record_error(
    session: Session,
    watch_id: str,
    platform: str,
    query: str,
    kind: str,
    message: str,
    now: datetime,
) -> None:
    row = _coverage_row(session, watch_id, platform, query, now)
    row.last_error_at, row.last_error_kind, row.updated_at = now, kind, now
    row.last_error_message = message[:2000]
