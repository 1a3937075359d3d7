"""The task-queue probe /metrics asks at each scrape: how many jobs wait per task, and for how
long the oldest has waited. The queue's owner fills `task_queue_stats` in; until background
work runs on a shared queue (in-process jobs have none) it reports nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

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
    """Waiting jobs per task. The task queue (procrastinate's `procrastinate_jobs`: status
    'todo', grouped by task_name, age from scheduled_at or the job's creation) plugs in here;
    keep it to one grouped query on an index, since every scrape of every process runs it."""
    return []
