"""The scheduler: an explicit job table, run by APScheduler with one run at a time per job."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.interval import IntervalTrigger

from app.clock import Clock
from app.config import Settings
from app.db import Database
from app.jobs.scoring import score_new_posts
from sentiment import Scorer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobSpec:
    name: str
    every: timedelta
    jitter_seconds: int
    run: Callable[[], object]


def job_table(
    database: Database, settings: Settings, scorer: Scorer, clock: Clock
) -> list[JobSpec]:
    return [
        JobSpec(
            "score-posts",
            timedelta(seconds=10),
            2,
            lambda: score_new_posts(database, scorer, clock, settings.score_batch_size),
        ),
    ]


def _guarded(spec: JobSpec) -> Callable[[], None]:
    def run() -> None:
        try:
            spec.run()
        except Exception:
            # One failing run must not stop the scheduler; the next tick tries again.
            log.exception("job %s failed", spec.name)

    return run


def add_jobs(scheduler: BaseScheduler, jobs: list[JobSpec]) -> None:
    for spec in jobs:
        scheduler.add_job(
            _guarded(spec),
            IntervalTrigger(seconds=spec.every.total_seconds(), jitter=spec.jitter_seconds),
            id=spec.name,
            name=spec.name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=int(spec.every.total_seconds()),
            replace_existing=True,
        )
