"""The tasks workers run. Small and keyed: a `lock` keeps one job of a key running at a time,
a `queueing_lock` keeps one waiting, so a key deferred again while queued is not doubled.

Every task is safe to run twice: a worker killed mid-task leaves its job to be retried by
another worker (app.tasks.worker's stalled-job sweep), and what a repeat finds done it skips.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import procrastinate
from procrastinate import JobContext, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy.exc import IntegrityError, OperationalError

from app.alerting.claims import endpoints_with_due
from app.alerting.dispatcher import deliver_endpoint
from app.collection.tasks import PlatformPass, collect_platform, hand_out_due_passes
from app.jobs.maintenance import changed_watch_ids, evaluate_watch
from app.jobs.runner import run_recorded
from app.jobs.scheduler import SCHEDULES
from app.jobs.scoring import score_new_posts
from app.tasks.runtime import Runtime
from app.tasks.schedule import COLLECTION, DELIVERY, DERIVED, PERIODIC, SCORING, cron_of
from app.tasks.watches import rollup_watch

log = logging.getLogger(__name__)

# A failing task is tried again a few times, a little later each time; then it stays failed
# in procrastinate_jobs (the periodic job that deferred it defers it again next period).
RETRY = RetryStrategy(max_attempts=3, exponential_wait=2)


def runtime_of(context: JobContext) -> Runtime:
    runtime = context.additional_context["runtime"]
    assert isinstance(runtime, Runtime)
    return runtime


def defer_once(app: procrastinate.App, task: str, key: str, **kwargs: Any) -> bool:
    """Queue the task for this key unless one is already waiting; True when queued."""
    try:
        app.configure_task(
            f"kolrisk:{task}", lock=f"{task}:{key}", queueing_lock=f"{task}:{key}"
        ).defer(**kwargs)
    except AlreadyEnqueued:
        return False
    return True


def score_batch(context: JobContext, lane: int) -> int:
    """Score one batch; queue this lane again while posts wait. Lanes run side by side."""
    runtime = runtime_of(context)
    size = runtime.settings.score_batch_size
    try:
        scored = score_new_posts(runtime.database, runtime.scorer, runtime.clock, size, 1)
    except (IntegrityError, OperationalError):
        # Until scoring claims its posts (FOR UPDATE SKIP LOCKED), two lanes may pick the
        # same posts; the slower one rolls back and tries again on the next batch.
        log.info("score lane %d raced another lane; trying again", lane)
        scored = size
    if scored >= size:
        defer_once(context.app, "score_batch", str(lane), lane=lane)
    return scored


def collect(context: JobContext, watch_id: str, platform: str, rotation: int) -> dict[str, int]:
    """One platform's listings for one watch, paced with every other worker's requests to
    the platform; the watch's rollups and assessment follow when it stored new posts."""
    runtime = runtime_of(context)
    job = PlatformPass(watch_id, platform, rotation)
    summary = collect_platform(
        runtime.database, runtime.settings, runtime.clock, job, gates=runtime.gates
    )
    totals = summary.totals
    if totals["inserted"]:
        defer_once(context.app, "rollup", watch_id, watch_id=watch_id)
        defer_once(context.app, "evaluate", watch_id, watch_id=watch_id)
    return totals


def rollup(context: JobContext, watch_id: str) -> int:
    runtime = runtime_of(context)
    return rollup_watch(runtime.database, runtime.clock, watch_id)


def evaluate(context: JobContext, watch_id: str) -> bool:
    runtime = runtime_of(context)
    return evaluate_watch(runtime.database, runtime.scorer, runtime.clock, watch_id)


def deliver(context: JobContext, endpoint_id: str) -> int:
    """Due messages of one endpoint: a slow receiver holds up only its own task."""
    runtime = runtime_of(context)
    return deliver_endpoint(runtime.database, endpoint_id, runtime.settings, runtime.clock)


def probe(context: JobContext, name: str, seconds: float) -> None:
    """A diagnostic task: recorded in job_state as `probe:<name>` (a start, then an end
    `seconds` later), to check that workers run tasks and take over a killed worker's."""
    import time

    runtime = runtime_of(context)
    run_recorded(runtime.database, f"probe:{name}", lambda: time.sleep(seconds), runtime.clock)


def fan_outs(app: procrastinate.App, runtime: Runtime) -> dict[str, Callable[[], object]]:
    """The periodic jobs that, on workers, hand their work out as keyed tasks instead of
    doing it in turn; every other periodic job runs its app.jobs.scheduler entry as is."""
    database, settings, clock = runtime.database, runtime.settings, runtime.clock

    def score() -> int:
        lanes = range(settings.score_lanes)
        return sum(defer_once(app, "score_batch", str(lane), lane=lane) for lane in lanes)

    def collect_due() -> int:
        passes = hand_out_due_passes(database, settings, clock)
        for job in passes:
            key = f"{job.watch_id}:{job.platform}"
            defer_once(app, "collect", key, watch_id=job.watch_id, platform=job.platform,
                       rotation=job.rotation)  # fmt: skip
        return len(passes)

    def evaluate_changed() -> int:
        # Only watches whose inputs moved (app.jobs.maintenance's change stamps), one task each.
        changed = changed_watch_ids(database, runtime.scorer, clock)
        return sum(defer_once(app, "evaluate", w, watch_id=w) for w in changed)

    def deliver_due() -> int:
        with database.session_scope(write=False) as session:
            endpoint_ids = endpoints_with_due(session, clock())
        return sum(defer_once(app, "deliver", e, endpoint_id=e) for e in endpoint_ids)

    return {
        "score-posts": score,
        "collect": collect_due,
        "evaluate-watches": evaluate_changed,
        "deliver-alerts": deliver_due,
    }


def _periodic_job(name: str) -> Callable[[JobContext, int], None]:
    """The body of one scheduled job's periodic task: its fan-out, or its scheduler entry."""

    def run(context: JobContext, timestamp: int) -> None:
        runtime = runtime_of(context)
        work = fan_outs(context.app, runtime).get(name, runtime.jobs[name].run)
        run_recorded(runtime.database, name, work, runtime.clock)

    run.__name__ = run.__qualname__ = f"periodic_{name.replace('-', '_')}"
    return run


def register_tasks(app: procrastinate.App) -> None:
    """Every task on this app (new Task objects per app: procrastinate renames and binds the
    tasks it is given, so they are made here rather than shared from module level)."""
    keyed: list[tuple[str, Callable[..., Any], str]] = [
        ("score_batch", score_batch, SCORING),
        ("collect", collect, COLLECTION),
        ("rollup", rollup, DERIVED),
        ("evaluate", evaluate, DERIVED),
        ("deliver", deliver, DELIVERY),
    ]
    for task_name, func, queue in keyed:
        app.task(name=f"kolrisk:{task_name}", queue=queue, pass_context=True, retry=RETRY)(func)
    app.task(name="kolrisk:probe", queue=PERIODIC, pass_context=True)(probe)
    for name in SCHEDULES:
        # Deferred once per period across all workers (procrastinate_periodic_defers is
        # unique per period), and one run at a time.
        key = f"periodic:{name}"
        task = app.task(
            name=f"kolrisk:{key}", queue=PERIODIC, pass_context=True, lock=key, queueing_lock=key
        )(_periodic_job(name))
        app.periodic(cron=cron_of(SCHEDULES[name].every), periodic_id=name)(task)
