"""Collection as workers run it: due passes handed out per platform, one platform read per task."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.collection.gates import Gates
from app.collection.tasks import PlatformPass, collect_platform, hand_out_due_passes
from app.models import Coverage, WatchCollection
from tests.app.collection.loopback import loop_settings
from tests.app.collection.stub import Stub, serve
from tests.app.collection.test_pass import ROUTES
from tests.builders import brand_body, create_watch, kol_body


@pytest.fixture
def stub():
    made = Stub(dict(ROUTES))
    with serve(made) as url:
        made.url = url
        yield made


def test_due_passes_are_handed_out_once_per_enabled_platform(api, database, clock, settings):
    watch = create_watch(api)
    api.put("/v1/collection/platforms/zhihu", json={"enabled": False})
    passes = hand_out_due_passes(database, settings, clock)
    platforms = {job.platform for job in passes}
    assert passes
    assert "zhihu" not in platforms
    assert {"weibo", "bilibili"} <= platforms
    assert {(job.watch_id, job.rotation) for job in passes} == {(watch["id"], 0)}
    # The schedule moved on when the pass was handed out: nothing is due until the cadence.
    assert hand_out_due_passes(database, settings, clock) == []
    with database.session_scope(write=False) as session:
        row = session.get(WatchCollection, watch["id"])
        assert row.next_due_at is not None
        assert row.rotation == settings.collect_queries_per_platform
    clock.advance(minutes=11)  # negotiating: every 10 minutes
    rotations = {job.rotation for job in hand_out_due_passes(database, settings, clock)}
    assert rotations == {settings.collect_queries_per_platform}


def test_a_platform_task_reads_only_its_platform(api, database, clock, settings, stub):
    watch = create_watch(api)
    api.put("/v1/collection/platforms/weibo", json={"cookie": "SUB=secret"})
    job = PlatformPass(watch["id"], "weibo", 0)
    summary = collect_platform(database, loop_settings(settings, stub.url), clock, job, Gates())
    assert summary.totals["inserted"] > 0
    with database.session_scope(write=False) as session:
        platforms = set(session.scalars(select(Coverage.platform)))
        row = session.get(WatchCollection, watch["id"])
        assert row.last_summary["platform"] == "weibo"
    assert platforms == {"weibo"}
    # Run again (a retried task): only what is new is stored, nothing twice.
    again = collect_platform(database, loop_settings(settings, stub.url), clock, job, Gates())
    assert again.totals["inserted"] <= 1


def test_a_deleted_watch_makes_its_task_a_no_op(api, database, clock, settings):
    job = PlatformPass("wch_gone", "weibo", 0)
    assert collect_platform(database, settings, clock, job, Gates()).totals["listings"] == 0


def test_a_run_hands_out_as_many_watches_as_inline(api, database, clock, settings):
    watches = {
        create_watch(api, brand_body(name=f"品牌{i}"), kol_body(name=f"博主{i}"))["id"]
        for i in range(3)
    }
    few = settings.model_copy(update={"collect_watches_per_run": 2})
    first = {job.watch_id for job in hand_out_due_passes(database, few, clock)}
    second = {job.watch_id for job in hand_out_due_passes(database, few, clock)}
    assert len(first) == 2
    assert first | second == watches
