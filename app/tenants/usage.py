"""Per-tenant usage: posts stored, API calls, collection requests per platform, deliveries.

Posts and deliveries are counted from the rows themselves. API calls and collection requests
leave no row of their own, so they are added to `usage_counts` per Asia/Shanghai day: a
collection pass adds a platform's requests when its pass over the platform ends; API calls are
counted in memory and written at most every `usage_flush_seconds` (and at shutdown), so a read
request never pays a write of its own.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.clock import SHANGHAI
from app.db import Database, upsert_for
from app.models import DeliveryAttempt, Post, UsageCount, WebhookEndpoint
from app.tenants.schemas import DayUsage, DeliveryUsage, UsageOut

API_CALLS = "api_calls"
COLLECTION_REQUESTS = "collection_requests"


def usage_day(moment: datetime) -> dt.date:
    return moment.astimezone(SHANGHAI).date()


def add(
    session: Session,
    tenant_id: str,
    metric: str,
    amount: int,
    now: datetime,
    subject: str = "",
    day: dt.date | None = None,
) -> None:
    """Add to a day's count (today's unless given): one upsert, so two writers both add."""
    if amount <= 0:
        return
    values = {"tenant_id": tenant_id, "day": day or usage_day(now), "metric": metric,
              "subject": subject, "count": amount, "updated_at": now}  # fmt: skip
    statement = upsert_for(session)(UsageCount).values(values)
    statement = statement.on_conflict_do_update(
        index_elements=["tenant_id", "day", "metric", "subject"],
        set_={"count": UsageCount.count + statement.excluded.count, "updated_at": now},
    )
    session.execute(statement)


class UsageMeter:
    """API calls per tenant, counted in memory and written in one transaction now and then."""

    def __init__(self, flush_every: timedelta) -> None:
        self.flush_every = flush_every
        self._counts: Counter[tuple[str, dt.date]] = Counter()
        self._lock = threading.Lock()
        self._flushed_at: datetime | None = None

    def count(self, tenant_id: str, now: datetime) -> bool:
        """Count one call; True when the counts are due to be written."""
        with self._lock:
            self._counts[(tenant_id, usage_day(now))] += 1
            if self._flushed_at is None:
                self._flushed_at = now
            return now - self._flushed_at >= self.flush_every

    def flush(self, database: Database, now: datetime) -> int:
        """Write what was counted; returns the calls written. A failed write keeps them."""
        with self._lock:
            pending, self._counts = self._counts, Counter()
            self._flushed_at = now
        if not pending:
            return 0
        try:
            with database.session_scope() as session:
                for (tenant_id, day), calls in sorted(pending.items()):
                    add(session, tenant_id, API_CALLS, calls, now, day=day)
        except Exception:
            with self._lock:
                self._counts.update(pending)
            raise
        return sum(pending.values())


def report(session: Session, tenant_id: str, first: dt.date, last: dt.date) -> UsageOut:
    """Usage over the Asia/Shanghai days first..last (both included)."""
    start = datetime.combine(first, dt.time(), SHANGHAI)
    end = datetime.combine(last + timedelta(days=1), dt.time(), SHANGHAI)
    days = {first + timedelta(days=n): DayUsage(day=first + timedelta(days=n))
            for n in range((last - first).days + 1)}  # fmt: skip
    collection: Counter[str] = Counter()
    counted = session.execute(
        select(UsageCount.day, UsageCount.metric, UsageCount.subject, UsageCount.count).where(
            UsageCount.tenant_id == tenant_id, UsageCount.day >= first, UsageCount.day <= last
        )
    )
    for day, metric, subject, amount in counted:
        if metric == API_CALLS:
            days[day].api_calls += amount
        elif metric == COLLECTION_REQUESTS:
            days[day].collection_requests += amount
            collection[subject] += amount
    deliveries = _deliveries(session, tenant_id, start, end, days)
    posts = dict(
        session.execute(
            select(Post.platform, func.count())
            .where(Post.tenant_id == tenant_id)
            .group_by(Post.platform)
        ).all()
    )
    return UsageOut(
        first_day=first,
        last_day=last,
        posts_stored=sum(posts.values()),
        posts_by_platform=posts,
        api_calls=sum(d.api_calls for d in days.values()),
        collection_requests=dict(sorted(collection.items())),
        deliveries=deliveries,
        days=list(days.values()),
    )


def _deliveries(
    session: Session, tenant_id: str, start: datetime, end: datetime, days: dict[dt.date, DayUsage]
) -> DeliveryUsage:
    endpoints = select(WebhookEndpoint.id).where(WebhookEndpoint.tenant_id == tenant_id)
    attempts = session.execute(
        select(DeliveryAttempt.attempted_at, DeliveryAttempt.outcome).where(
            DeliveryAttempt.endpoint_id.in_(endpoints),
            DeliveryAttempt.attempted_at >= start,
            DeliveryAttempt.attempted_at < end,
        )
    )
    usage = DeliveryUsage()
    for attempted_at, outcome in attempts:
        usage.attempts += 1
        if outcome == "delivered":
            usage.delivered += 1
        days[usage_day(attempted_at)].delivery_attempts += 1
    usage.failed = usage.attempts - usage.delivered
    return usage
