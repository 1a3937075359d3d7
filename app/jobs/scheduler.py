"""The scheduler: an explicit job table run by APScheduler, acting only while it holds the lease.

Every process may run a scheduler (`kolrisk serve`, `kolrisk scheduler`); the database lease
decides which one acts, so a second one is a hot standby rather than a source of double work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.interval import IntervalTrigger

from app.alerting.dispatcher import deliver_due
from app.alerting.jobs import process_alerts
from app.clock import Clock
from app.collection.jobs import collect_due_watches
from app.config import Settings
from app.db import Database
from app.jobs import lease
from app.jobs.maintenance import (
    evaluate_watches,
    index_search,
    refresh_cues,
    relink_stale_entities,
    update_rollups,
)
from app.jobs.runner import run_recorded
from app.jobs.scoring import score_new_posts
from app.notices.jobs import operator_alerts, send_digests
from app.retention.job import prune
from sentiment import Scorer

log = logging.getLogger(__name__)

HOUR = timedelta(hours=1)
FIRST_RUN_DELAY = timedelta(minutes=5)


@dataclass(frozen=True)
class Schedule:
    every: timedelta
    jitter_seconds: int
    description: str


# Every scheduled job, in the order `kolrisk jobs list` shows them. Inline (SQLite), the
# LeasedScheduler runs them; on workers (app/tasks) each is a periodic task of the same name.
SCHEDULES: dict[str, Schedule] = {
    "score-posts": Schedule(
        timedelta(seconds=10), 2, "score new posts, then rescore posts scored by an older model"
    ),
    "relink": Schedule(
        timedelta(seconds=30), 5, "re-link stored posts to renamed brands and KOLs of large tenants"
    ),
    "refresh-cues": Schedule(
        timedelta(minutes=5), 30, "bring stored posts' cues up to a changed cue vocabulary"
    ),
    "index-search": Schedule(
        timedelta(minutes=1),
        10,
        "index posts stored before the text search index existed (app.search)",
    ),
    "update-rollups": Schedule(
        timedelta(seconds=60), 10, "fold new and rescored posts into per-day rollups"
    ),
    "evaluate-watches": Schedule(
        timedelta(seconds=60), 10, "store a fresh assessment for every watch whose inputs changed"
    ),
    "process-alerts": Schedule(
        timedelta(seconds=10),
        2,
        "turn risk transitions into alerts, reminders and grouped messages",
    ),
    "deliver-alerts": Schedule(
        timedelta(seconds=5), 1, "send due alert messages to webhooks, with retries and rate caps"
    ),
    "collect": Schedule(
        timedelta(seconds=60), 10, "collect posts for the most overdue watches (cadence by stage)"
    ),
    "prune": Schedule(
        timedelta(days=1),
        600,
        "delete what retention allows: old snapshots, alert history, idle cursors, raw JSON",
    ),
    "send-digests": Schedule(
        timedelta(hours=1),
        60,
        "queue each tenant's periodic digest to its channels when its period is over",
    ),
    "operator-alerts": Schedule(
        timedelta(minutes=5),
        30,
        "tell tenants' admin channels of failing credentials and lagging work",
    ),
}


@dataclass(frozen=True)
class JobSpec:
    name: str
    every: timedelta
    jitter_seconds: int
    description: str
    run: Callable[[], object]


def job_table(
    database: Database, settings: Settings, scorer: Scorer, clock: Clock
) -> list[JobSpec]:
    """Every scheduled job with what it runs, in SCHEDULES' order."""
    intervals = {name: schedule.every for name, schedule in SCHEDULES.items()}
    runs: dict[str, Callable[[], object]] = {
        "score-posts": lambda: score_new_posts(database, scorer, clock, settings.score_batch_size),
        "relink": lambda: relink_stale_entities(database),
        "refresh-cues": lambda: refresh_cues(database, clock),
        "index-search": lambda: index_search(database, clock),
        "update-rollups": lambda: update_rollups(database, clock),
        "evaluate-watches": lambda: evaluate_watches(database, scorer, clock),
        "process-alerts": lambda: process_alerts(database, settings, clock),
        "deliver-alerts": lambda: deliver_due(database, settings, clock),
        "collect": lambda: collect_due_watches(database, settings, clock),
        "prune": lambda: prune(database, settings, clock),
        "send-digests": lambda: send_digests(database, settings, clock),
        "operator-alerts": lambda: operator_alerts(database, settings, clock, intervals),
    }
    return [
        JobSpec(name, schedule.every, schedule.jitter_seconds, schedule.description, runs[name])
        for name, schedule in SCHEDULES.items()
    ]


class LeasedScheduler:
    """Adds the jobs to an APScheduler scheduler and runs them only while holding the lease."""

    def __init__(
        self,
        scheduler: BaseScheduler,
        database: Database,
        jobs: list[JobSpec],
        clock: Clock,
        ttl: timedelta = lease.LEASE_TTL,
    ) -> None:
        self.scheduler, self.database, self.jobs, self.clock, self.ttl = (
            scheduler,
            database,
            jobs,
            clock,
            ttl,
        )
        self.holder = lease.new_holder_id()
        self._held_until: datetime | None = None

    def renew(self) -> bool:
        """Take or keep the lease; remember until when it is ours."""
        now = self.clock()
        try:
            with self.database.session_scope() as session:
                held = lease.try_acquire(session, self.holder, now, self.ttl)
        except Exception:
            log.exception("scheduler lease renewal failed")
            held = False
        was_holding = self.holds()
        self._held_until = now + self.ttl if held else None
        if held and not was_holding:
            log.info("scheduler %s holds the lease and runs jobs", self.holder)
        return held

    def holds(self) -> bool:
        # Stop acting a third of a TTL early, so two holders never overlap on clock skew.
        return self._held_until is not None and self.clock() < self._held_until - self.ttl / 3

    def run_if_holding(self, spec: JobSpec) -> bool:
        if not self.holds():
            return False
        return run_recorded(self.database, spec.name, spec.run, self.clock)

    def install(self) -> None:
        renew_every = self.ttl.total_seconds() / 3
        self.scheduler.add_job(
            self.renew,
            IntervalTrigger(seconds=renew_every),
            id="lease",
            max_instances=1,
            coalesce=True,
        )
        for spec in self.jobs:
            seconds = spec.every.total_seconds()
            # An interval first fires one interval after start: a daily job would never run in
            # a process restarted more often than daily, so long ones also run soon after start.
            first = {"next_run_time": self.clock() + FIRST_RUN_DELAY} if spec.every > HOUR else {}
            self.scheduler.add_job(
                self.run_if_holding,
                IntervalTrigger(seconds=seconds, jitter=spec.jitter_seconds),
                args=[spec],
                id=spec.name,
                name=spec.name,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=int(seconds),
                replace_existing=True,
                **first,
            )

    def start(self) -> None:
        self.renew()
        self.install()
        self.scheduler.start()

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        if self._held_until is not None:
            with self.database.session_scope() as session:
                lease.release(session, self.holder, self.clock())
            self._held_until = None
