"""What /metrics reads from the database: scoring lag, collection and delivery outcomes, the
task queue (through its probe), and a database that does not answer."""

from datetime import timedelta

import pytest
from prometheus_client import CollectorRegistry, generate_latest

from app.collection.store import record_error, record_success
from app.db import Database
from app.jobs.scoring import score_new_posts
from app.metrics.gauges import DatabaseGauges
from app.metrics.queue import QueueStats
from tests.app.alerting.builders import add_endpoint, add_sent_message, add_tenant, add_watch
from tests.app.metrics.scrape import value
from tests.builders import post_item


@pytest.fixture
def settings(settings):
    settings.secret_key = "metrics-test-key"
    return settings


def scrape(database, clock, probe=None):
    registry = CollectorRegistry()
    registry.register(
        DatabaseGauges(database, clock, probe) if probe else DatabaseGauges(database, clock)
    )
    return generate_latest(registry).decode()


def test_scoring_lag_is_the_age_of_the_oldest_unscored_post(api, database, clock, settings):
    settings.inline_score_limit = 0  # the posts wait in the queue
    api.post("/v1/posts", json=[post_item("1", "老王"), post_item("2", "老王又来了")])
    clock.advance(seconds=90)
    assert value(api.get("/metrics").text, "kolrisk_scoring_lag_seconds") == 90
    score_new_posts(database, api.app.state.scorer, clock, batch_size=500)
    assert value(api.get("/metrics").text, "kolrisk_scoring_lag_seconds") == 0
    api.post("/v1/posts", json=[post_item("3", "老王第三条")])
    clock.advance(seconds=30)
    assert value(api.get("/metrics").text, "kolrisk_scoring_lag_seconds") == 30


def test_collection_outcomes_per_platform(database, settings, clock):
    watch = add_watch(database, add_tenant(database))
    now = clock()
    with database.session_scope() as session:
        record_success(session, watch, "weibo", "user:1", 5, None, now)
        record_error(session, watch, "weibo", "search:老王", "login_required", "wall", now)
        record_success(
            session, watch, "bilibili", "replies:9", 2, None, now, note=("withheld", "p2")
        )
        record_error(session, watch, "tieba", "bar:星河", "captcha", "verify", now)
        record_success(session, watch, "tieba", "bar:星河", 1, None, now + timedelta(seconds=1))
    text = scrape(database, clock)
    listings = "kolrisk_collection_listings"
    assert value(text, listings, platform="weibo", outcome="ok") == 1
    assert value(text, listings, platform="weibo", outcome="login_required") == 1
    assert value(text, listings, platform="bilibili", outcome="withheld") == 1
    assert value(text, listings, platform="tieba", outcome="ok") == 1  # it recovered
    last = "kolrisk_collection_last_success_timestamp_seconds"
    assert value(text, last, platform="weibo") == now.timestamp()


def test_delivery_outcomes_of_the_last_hour_and_what_is_overdue(database, settings, clock):
    tenant = add_tenant(database)
    endpoint = add_endpoint(database, settings, tenant, "https://example.invalid/hook")
    now = clock()
    attempts = (
        (now - timedelta(hours=2), "retry"),
        (now - timedelta(minutes=50), "retry"),
        (now - timedelta(minutes=10), "delivered"),
    )
    add_sent_message(
        database, tenant, endpoint, now - timedelta(minutes=5), "pending", (), attempts
    )
    add_sent_message(database, tenant, endpoint, now + timedelta(minutes=5), "pending")  # not due
    text = scrape(database, clock)
    assert value(text, "kolrisk_delivery_attempts_last_hour", outcome="retry") == 1
    assert value(text, "kolrisk_delivery_attempts_last_hour", outcome="delivered") == 1
    assert value(text, "kolrisk_alert_messages_due") == 1
    assert value(text, "kolrisk_alert_delivery_lag_seconds") == 300


def test_the_task_queue_probe_fills_depth_and_age_per_task(database, clock):
    def probe(session, now):
        return [QueueStats("score_batch", 12, 4.5), QueueStats("collect", 0, 0.0)]

    text = scrape(database, clock, probe)
    assert value(text, "kolrisk_task_queue_depth", task="score_batch") == 12
    assert value(text, "kolrisk_task_queue_oldest_age_seconds", task="score_batch") == 4.5
    assert value(text, "kolrisk_task_queue_depth", task="collect") == 0


def test_without_a_task_queue_the_families_are_there_and_empty(database, clock):
    text = scrape(database, clock)
    assert "# TYPE kolrisk_task_queue_depth gauge" in text
    assert value(text, "kolrisk_database_up") == 1


def test_a_database_that_does_not_answer_is_reported_not_raised(tmp_path, clock):
    unmigrated = Database(f"sqlite:///{tmp_path / 'empty.db'}")  # no tables
    try:
        text = scrape(unmigrated, clock)
    finally:
        unmigrated.dispose()
    assert value(text, "kolrisk_database_up") == 0
    assert "kolrisk_scoring_lag_seconds" not in text
