"""Gauges read from the database at each scrape.

Background work may run in other processes (a scheduler, workers), so what it did is read from
the tables it writes, not from counters in this process: every process's /metrics shows the
same numbers for it (take max() across instances, not sum()). Each query reads an index or a
small table; none grows with the number of posts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from sqlalchemy import and_, case, func, literal_column, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.clock import Clock
from app.db import Database
from app.metrics.queue import TaskQueueProbe, task_queue_stats
from app.models import AlertMessage, Coverage, DeliveryAttempt, JobState, ScoreQueue

log = logging.getLogger(__name__)

DELIVERY_WINDOW = timedelta(hours=1)


def scoring_lag_seconds(session: Session, now: datetime) -> float:
    """Age of the oldest post waiting in the score queue (0 when none waits): one read of the
    queue's enqueued_at index, whatever the number of posts."""
    oldest = session.scalar(select(func.min(ScoreQueue.enqueued_at)))
    return max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0


class DatabaseGauges:
    """A prometheus_client collector: one read-only transaction per scrape."""

    def __init__(
        self, database: Database, clock: Clock, task_queue: TaskQueueProbe = task_queue_stats
    ) -> None:
        self.database, self.clock, self.task_queue = database, clock, task_queue

    def describe(self) -> list[Metric]:
        return []  # names are not checked up front, so registering runs no query

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "kolrisk_database_up", "1 when the database answered this scrape's queries."
        )
        try:
            with self.database.session_scope(write=False) as session:
                families = list(self._families(session, self.clock()))
        except SQLAlchemyError:
            log.warning("metrics: the database did not answer", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _families(self, session: Session, now: datetime) -> Iterator[Metric]:
        lag = GaugeMetricFamily(
            "kolrisk_scoring_lag_seconds",
            "Age of the oldest stored post without a sentiment score (0 when none waits).",
        )
        lag.add_metric([], scoring_lag_seconds(session, now))
        yield lag
        yield from collection_families(session)
        yield from delivery_families(session, now)
        yield from queue_families(self.task_queue, session, now)
        yield from job_families(session)


def collection_families(session: Session) -> Iterator[Metric]:
    listings = GaugeMetricFamily(
        "kolrisk_collection_listings",
        "Listings (watch x platform x query) by the outcome of their last collection: ok, "
        "or the error kind (login_required, captcha, not_found, ...).",
        labels=["platform", "outcome"],
    )
    failed_last = and_(
        Coverage.last_error_at.is_not(None),
        or_(Coverage.last_success_at.is_(None), Coverage.last_error_at >= Coverage.last_success_at),
    )
    # Inlined literals, so the CASE in GROUP BY is the same text as in the select list.
    outcome = case(
        (failed_last, func.coalesce(Coverage.last_error_kind, literal_column("'error'"))),
        else_=literal_column("'ok'"),
    )
    for platform, kind, count in session.execute(
        select(Coverage.platform, outcome, func.count()).group_by(Coverage.platform, outcome)
    ):
        listings.add_metric([platform, kind], count)
    yield listings
    last = GaugeMetricFamily(
        "kolrisk_collection_last_success_timestamp_seconds",
        "When a listing of the platform was last read successfully (Unix time).",
        labels=["platform"],
    )
    query = select(Coverage.platform, func.max(Coverage.last_success_at)).group_by(
        Coverage.platform
    )
    for platform, moment in session.execute(query):
        if moment is not None:
            last.add_metric([platform], moment.timestamp())
    yield last


def delivery_families(session: Session, now: datetime) -> Iterator[Metric]:
    attempts = GaugeMetricFamily(
        "kolrisk_delivery_attempts_last_hour",
        "Webhook delivery attempts in the last hour by outcome (delivered, retry, failed, "
        "disabled).",
        labels=["outcome"],
    )
    recent = DeliveryAttempt.attempted_at >= now - DELIVERY_WINDOW
    query = select(DeliveryAttempt.outcome, func.count()).where(recent)
    for outcome, count in session.execute(query.group_by(DeliveryAttempt.outcome)):
        attempts.add_metric([outcome], count)
    yield attempts
    due_filter = (AlertMessage.status == "pending", AlertMessage.next_attempt_at <= now)
    count, oldest = session.execute(
        select(func.count(), func.min(AlertMessage.next_attempt_at)).where(*due_filter)
    ).one()
    due = GaugeMetricFamily(
        "kolrisk_alert_messages_due", "Alert messages whose next delivery attempt is due now."
    )
    due.add_metric([], count)
    yield due
    late = GaugeMetricFamily(
        "kolrisk_alert_delivery_lag_seconds",
        "How long the most overdue alert message has been due (0 when none is).",
    )
    late.add_metric([], (now - oldest).total_seconds() if oldest else 0.0)
    yield late


def queue_families(probe: TaskQueueProbe, session: Session, now: datetime) -> Iterator[Metric]:
    depth = GaugeMetricFamily(
        "kolrisk_task_queue_depth", "Jobs waiting to run, per task.", labels=["task"]
    )
    age = GaugeMetricFamily(
        "kolrisk_task_queue_oldest_age_seconds",
        "How long the oldest waiting job of each task has waited.",
        labels=["task"],
    )
    for stats in probe(session, now):
        depth.add_metric([stats.task], stats.depth)
        age.add_metric([stats.task], stats.oldest_age_seconds)
    yield depth
    yield age


def job_families(session: Session) -> Iterator[Metric]:
    finished = GaugeMetricFamily(
        "kolrisk_job_last_finished_timestamp_seconds",
        "When each background job last finished (Unix time).",
        labels=["job"],
    )
    ok = GaugeMetricFamily(
        "kolrisk_job_last_run_ok", "1 when the job's last run succeeded, else 0.", labels=["job"]
    )
    for state in session.scalars(select(JobState).order_by(JobState.name)):
        if state.last_finished_at is not None:
            finished.add_metric([state.name], state.last_finished_at.timestamp())
            ok.add_metric([state.name], 1.0 if state.last_ok else 0.0)
    yield finished
    yield ok
