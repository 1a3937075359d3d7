"""The task-queue probe /metrics asks at each scrape: how many jobs wait per task, and for how
long the oldest has waited, read from procrastinate's queue (app/tasks). In-process jobs
(SQLite, KOLRISK_TASK_QUEUE=inline) have no queue: nothing is reported."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class QueueStats:
    task: str
    # Jobs waiting to run (not the ones running).
    depth: int
    # Seconds the oldest waiting job has waited since it became due; 0 with nothing waiting.
    oldest_age_seconds: float


TaskQueueProbe = Callable[[Session, datetime], Sequence[QueueStats]]


def task_queue_stats(session: Session, now: datetime) -> Sequence[QueueStats]:
    """Waiting jobs per task in procrastinate's queue (PostgreSQL with the task queue's
    schema; nothing elsewhere). A job scheduled for later is not waiting until its time;
    its age counts from then, else from when it was deferred. One grouped query over the
    queue's partial index on waiting jobs; finished jobs are deleted, so it stays small."""
    if session.get_bind().dialect.name != "postgresql" or not _has_queue(session):
        return []
    rows = session.execute(
        text(
            """
            SELECT job.task_name, count(*),
                   extract(epoch FROM :now - min(coalesce(job.scheduled_at, deferred.at)))
              FROM procrastinate_jobs job
              LEFT JOIN LATERAL (
                   SELECT min(event.at) AS at FROM procrastinate_events event
                    WHERE event.job_id = job.id AND event.type = 'deferred') deferred ON true
             WHERE job.status = 'todo'
               AND (job.scheduled_at IS NULL OR job.scheduled_at <= :now)
             GROUP BY job.task_name ORDER BY job.task_name
            """
        ),
        {"now": now},
    )
    return [
        QueueStats(_task_label(name), int(count), max(0.0, float(age or 0.0)))
        for name, count, age in rows
    ]


def _has_queue(session: Session) -> bool:
    return session.scalar(text("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")) is True


def _task_label(task_name: str) -> str:
    """`kolrisk:score_batch` → `score_batch`: the namespace is the same for every task."""
    return task_name.removeprefix("kolrisk:")
