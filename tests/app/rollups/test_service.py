"""Rollups: Asia/Shanghai days, buckets, incremental updates, and full rebuilds on renames."""

import datetime as dt

import pytest

from app.rollups.service import build_rollups, daily_counts
from app.scoring.service import score_pending
from tests.builders import FakeScorer, create_watch, post_item


@pytest.fixture(autouse=True)
def queued_writes(settings):
    """These tests choose which posts get a score: a write only queues its posts."""
    settings.inline_score_limit = 0


def rollup_rows(database, watch_id):
    with database.session_scope(write=False) as session:
        return {
            (r.day.isoformat(), r.platform, r.bucket): (r.posts, r.engagement)
            for r in daily_counts(session, watch_id)
        }


def build(database, watch_id, clock):
    from app.models import Watch

    with database.session_scope() as session:
        return build_rollups(session, session.get(Watch, watch_id), clock())


def score_all(database, clock):
    with database.session_scope() as session:
        score_pending(session, FakeScorer(), clock(), limit=1000)


def test_days_are_shanghai_days_and_buckets_follow_scores(api, database, clock):
    watch = create_watch(api)
    api.post(
        "/v1/posts",
        json=[
            # 23:30 and 00:30 Shanghai straddle a Shanghai midnight but fall on one UTC day.
            post_item(
                "a",
                "测评老王真差",
                created_at="2026-11-18T23:30:00+08:00",
                metrics={"likes": 3, "reposts": 1, "comments": 1},
            ),
            post_item(
                "b", "测评老王不错", created_at="2026-11-19T00:30:00+08:00", metrics={"likes": 10}
            ),
            post_item("c", "测评老王", created_at="2026-11-19T09:00:00+08:00", platform="bilibili"),
        ],
    )
    build(database, watch["id"], clock)
    assert set(rollup_rows(database, watch["id"])) == {
        ("2026-11-18", "weibo", "pending"),
        ("2026-11-19", "weibo", "pending"),
        ("2026-11-19", "bilibili", "pending"),
    }
    score_all(database, clock)
    clock.advance(minutes=5)
    build(database, watch["id"], clock)
    assert rollup_rows(database, watch["id"]) == {
        ("2026-11-18", "weibo", "negative"): (1, 5),
        ("2026-11-19", "weibo", "positive"): (1, 10),
        ("2026-11-19", "bilibili", "positive"): (1, 1),
    }


def test_incremental_build_touches_only_changed_days(api, database, clock):
    watch = create_watch(api)
    api.post(
        "/v1/posts",
        json=[
            post_item(f"d{i}", "测评老王", created_at=f"2026-11-{10 + i}T12:00:00+08:00")
            for i in range(5)
        ],
    )
    clock.advance(hours=1)
    build(database, watch["id"], clock)
    clock.advance(hours=1)
    assert build(database, watch["id"], clock) == 0
    clock.advance(hours=1)
    api.post(
        "/v1/posts", json=[post_item("late", "测评老王", created_at="2026-11-12T18:00:00+08:00")]
    )
    assert build(database, watch["id"], clock) == 1
    assert rollup_rows(database, watch["id"])[("2026-11-12", "weibo", "pending")] == (2, 2)


def test_a_rename_that_unlinks_posts_rebuilds_everything(api, database, clock):
    watch = create_watch(api)
    api.post(
        "/v1/posts",
        json=[post_item("alias", "老王测评来了", created_at="2026-11-10T12:00:00+08:00")],
    )
    build(database, watch["id"], clock)
    assert rollup_rows(database, watch["id"])
    api.patch(f"/v1/kols/{watch['kol_id']}", json={"aliases": []})
    clock.advance(hours=1)
    build(database, watch["id"], clock)
    assert rollup_rows(database, watch["id"]) == {}


def test_an_edit_that_moves_a_post_out_of_the_watch_updates_its_day(api, database, clock):
    watch = create_watch(api)
    api.post("/v1/posts", json=[post_item("e", "测评老王", created_at="2026-11-10T12:00:00+08:00")])
    build(database, watch["id"], clock)
    clock.advance(hours=1)
    api.post(
        "/v1/posts", json=[post_item("e", "与他无关了", created_at="2026-11-10T12:00:00+08:00")]
    )
    clock.advance(hours=1)
    build(database, watch["id"], clock)
    assert rollup_rows(database, watch["id"]) == {}
    assert dt.date(2026, 11, 10)  # the day existed above; now it is gone


def test_rows_carry_the_first_last_and_last_collected_times_of_their_posts(api, database, clock):
    watch = create_watch(api)
    api.post(
        "/v1/posts",
        json=[
            post_item("x", "测评老王", created_at="2026-11-10T09:00:00+08:00"),
            post_item(
                "y",
                "测评老王",
                created_at="2026-11-10T21:00:00+08:00",
                collected_at="2026-11-12T08:00:00+08:00",
            ),
        ],
    )
    build(database, watch["id"], clock)
    with database.session_scope(write=False) as session:
        (row,) = daily_counts(session, watch["id"])
        spans = (row.first_at, row.last_at, row.last_collected_at)
    assert spans == (
        dt.datetime(2026, 11, 10, 1, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 10, 13, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 12, 0, tzinfo=dt.UTC),
    )


def test_posts_an_analyst_took_out_of_the_watch_leave_its_rollups(api, database, clock):
    watch = create_watch(api)
    api.post(
        "/v1/posts",
        json=[
            post_item("named", "测评老王", created_at="2026-11-10T12:00:00+08:00"),
            post_item("alias", "老王测评", created_at="2026-11-10T13:00:00+08:00"),
            post_item("namesake", "测评老王", created_at="2026-11-11T12:00:00+08:00"),
        ],
    )
    build(database, watch["id"], clock)
    assert sum(posts for posts, _ in rollup_rows(database, watch["id"]).values()) == 3
    namesake = api.get("/v1/posts", params={"platform": "weibo", "platform_id": "namesake"})
    api.post(
        f"/v1/watches/{watch['id']}/irrelevant-posts",
        json={"post_id": namesake.json()[0]["id"], "reason": "another person"},
    )
    api.post(
        f"/v1/watches/{watch['id']}/excluded-aliases",
        json={"alias": "老王测评", "reason": "a common phrase"},
    )
    clock.advance(minutes=5)
    build(database, watch["id"], clock)
    assert rollup_rows(database, watch["id"]) == {("2026-11-10", "weibo", "pending"): (1, 1)}
