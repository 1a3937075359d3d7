"""Tasks deferred to PostgreSQL's queue and run by a worker, with their keys' locks."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select, text

from app.auth.service import get_or_create_tenant
from app.config import Settings
from app.jobs.scheduler import SCHEDULES
from app.metrics.queue import task_queue_stats
from app.models import JobState, PostScore
from app.posts.ingest import IngestLimits, ingest
from app.tasks.registry import defer_once, fan_outs
from app.tasks.runtime import build_app
from tests.app.alerting.builders import add_endpoint, add_message, add_tenant, add_watch
from tests.app.tasks.conftest import drain, job_counts
from tests.builders import post_item

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def seed_posts(database, count):
    with database.session_scope() as session:
        tenant = get_or_create_tenant(session, "t1")
        items = [post_item(f"p{i}", f"文本 {i}") for i in range(count)]
        ingest(session, tenant.id, items, NOW, IngestLimits(10_000))


def scores(database):
    with database.session_scope(write=False) as session:
        return session.scalar(select(func.count()).select_from(PostScore))


def test_every_scheduled_job_is_a_periodic_task():
    app = build_app(Settings(database_url="postgresql://nobody@localhost/none"))
    periodic = {task.task.name for task in app.periodic_registry.periodic_tasks.values()}
    expected = {f"kolrisk:periodic:{name}" for name in SCHEDULES}
    assert periodic == expected


def test_the_scoring_tick_defers_lanes_that_score_the_whole_backlog(queue_app, runtime):
    seed_posts(runtime.database, 23)
    deferred = fan_outs(queue_app, runtime)["score-posts"]()
    assert deferred == 2  # one job per lane
    assert fan_outs(queue_app, runtime)["score-posts"]() == 0  # each lane already waits
    drain(queue_app, runtime)
    assert scores(runtime.database) == 23
    # Lanes re-deferred themselves while posts waited; every job succeeded (and was deleted).
    assert job_counts(runtime.database) == {}


def test_a_queueing_lock_keeps_one_job_waiting_per_key(queue_app, runtime):
    assert defer_once(queue_app, "rollup", "wch_1", watch_id="wch_1")
    assert not defer_once(queue_app, "rollup", "wch_1", watch_id="wch_1")
    assert defer_once(queue_app, "rollup", "wch_2", watch_id="wch_2")
    assert job_counts(runtime.database) == {("kolrisk:rollup", "todo"): 2}


def test_a_lock_keeps_one_job_running_per_key(queue_app, runtime):
    manager = queue_app.job_manager
    worker_id = manager.connector.get_sync_connector().execute_query_one(
        "SELECT procrastinate_register_worker_v1() AS id"
    )["id"]

    def fetch():
        return queue_app.job_manager.connector.get_sync_connector().execute_query_one(
            "SELECT id, lock FROM procrastinate_fetch_job_v2(%(queues)s, %(worker_id)s)",
            queues=None,
            worker_id=worker_id,
        )

    assert defer_once(queue_app, "evaluate", "wch_1", watch_id="wch_1")
    first = fetch()
    assert first["lock"] == "evaluate:wch_1"
    # The running one no longer holds the queueing lock: a second may wait, but not start.
    assert defer_once(queue_app, "evaluate", "wch_1", watch_id="wch_1")
    assert defer_once(queue_app, "evaluate", "wch_2", watch_id="wch_2")
    second = fetch()
    assert second["lock"] == "evaluate:wch_2"
    assert fetch()["id"] is None


def test_queue_depth_and_age_per_task_for_metrics(queue_app, runtime):
    for watch in ("a", "b", "c"):
        defer_once(queue_app, "rollup", watch, watch_id=watch)
    defer_once(queue_app, "deliver", "end_1", endpoint_id="end_1")
    with runtime.database.session_scope(write=False) as session:
        stats = {s.task: s for s in task_queue_stats(session, datetime.now(UTC))}
    assert stats["rollup"].depth == 3
    assert stats["deliver"].depth == 1
    assert 0 <= stats["rollup"].oldest_age_seconds < 60


def test_a_periodic_job_runs_its_scheduler_entry_and_is_recorded(queue_app, runtime):
    queue_app.configure_task("kolrisk:periodic:relink").defer(timestamp=0)
    drain(queue_app, runtime)
    with runtime.database.session_scope(write=False) as session:
        state = session.scalar(select(JobState).where(JobState.name == "relink"))
    assert state is not None
    assert state.last_ok
    assert state.runs == 1


def test_delivery_is_one_task_per_endpoint_with_due_messages(queue_app, runtime, clock):
    database, settings = runtime.database, runtime.settings
    tenant = add_tenant(database)
    slow = add_endpoint(database, settings, tenant, "https://slow.example/hook")
    fast = add_endpoint(database, settings, tenant, "https://fast.example/hook")
    add_endpoint(database, settings, tenant, "https://idle.example/hook")  # nothing due
    for endpoint in (slow, fast):
        add_message(database, endpoint, tenant, clock(), ["测评老王"])
    deliver_due = fan_outs(queue_app, runtime)["deliver-alerts"]
    assert deliver_due() == 2
    assert deliver_due() == 0  # each endpoint's task already waits
    with database.engine.connect() as connection:
        locks = connection.execute(
            text("SELECT lock FROM procrastinate_jobs WHERE task_name = 'kolrisk:deliver'")
        )
        assert sorted(locks.scalars()) == sorted([f"deliver:{slow}", f"deliver:{fast}"])


def test_evaluation_is_one_task_per_changed_watch(queue_app, runtime):
    database = runtime.database
    tenant = add_tenant(database)
    add_watch(database, tenant)
    evaluate_changed = fan_outs(queue_app, runtime)["evaluate-watches"]
    assert evaluate_changed() == 1  # never assessed: changed
    assert evaluate_changed() == 0  # its task already waits
    drain(queue_app, runtime)
    assert evaluate_changed() == 0  # assessed, and nothing changed since
