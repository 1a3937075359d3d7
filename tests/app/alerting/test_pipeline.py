"""Transitions -> alerts -> grouped messages, on a fake clock."""

import threading
from datetime import timedelta

from sqlalchemy import select

from app.alerting.events import ingest_transitions, queue_repeats
from app.alerting.grouping import build_messages
from app.alerting.jobs import process_alerts
from app.db import Database
from app.ids import new_id
from app.models import Alert, AlertEvent, AlertMessage, AlertSilence, Transition
from tests.app.alerting.builders import add_endpoint, add_tenant, add_transition, add_watch


def messages(database):
    with database.session_scope(write=False) as session:
        return list(session.scalars(select(AlertMessage).order_by(AlertMessage.created_at)))


def events(database, **where):
    with database.session_scope(write=False) as session:
        query = select(AlertEvent).order_by(AlertEvent.created_at, AlertEvent.id)
        for name, value in where.items():
            query = query.where(getattr(AlertEvent, name) == value)
        return list(session.scalars(query))


def alert_of(database, watch_id):
    with database.session_scope(write=False) as session:
        return session.scalar(select(Alert).where(Alert.watch_id == watch_id))


def setup(database, settings, **endpoint_fields):
    tenant = add_tenant(database)
    endpoint = add_endpoint(
        database, settings, tenant, "http://127.0.0.1:9/hook", **endpoint_fields
    )
    return tenant, endpoint


def run(database, settings, clock):
    return process_alerts(database, settings, clock)


def test_a_burst_within_group_wait_is_one_message(database, settings, clock):
    tenant, _ = setup(database, settings)
    watches = [add_watch(database, tenant, kol=f"KOL{i}") for i in range(3)]
    for offset, watch in enumerate(watches):
        add_transition(database, watch, "high", "no_go", clock())
        run(database, settings, clock)
        clock.advance(seconds=10 * offset + 1)
    assert messages(database) == []
    clock.advance(seconds=20)
    run(database, settings, clock)
    (message,) = messages(database)
    assert len(message.event_ids) == 3
    assert message.layout == "detail"


def test_news_after_a_message_waits_the_group_interval(database, settings, clock):
    tenant, _ = setup(database, settings)
    watch, other = add_watch(database, tenant), add_watch(database, tenant, kol="别人")
    add_transition(database, watch, "high", "no_go", clock())
    run(database, settings, clock)
    clock.advance(seconds=31)
    run(database, settings, clock)
    assert len(messages(database)) == 1
    add_transition(database, other, "medium", "caution", clock())
    for _ in range(9):  # four and a half minutes of passes: the interval is not over yet
        clock.advance(seconds=30)
        run(database, settings, clock)
    assert len(messages(database)) == 1
    clock.advance(seconds=30)
    run(database, settings, clock)
    later = messages(database)[1]
    assert later.created_at - messages(database)[0].created_at >= timedelta(minutes=5)
    assert len(later.event_ids) == 1


def test_escalation_and_resolution(database, settings, clock):
    tenant, _ = setup(database, settings)
    watch = add_watch(database, tenant)
    steps = [("medium", "caution"), ("critical", "no_go"), ("high", "no_go"), ("low", "go")]
    for level, decision in steps:
        add_transition(database, watch, level, decision, clock())
        run(database, settings, clock)
        clock.advance(minutes=1)
    assert [e.type for e in events(database)] == ["firing", "escalated", "resolved"]
    assert alert_of(database, watch).status == "resolved"
    resolved = events(database, type="resolved")[0]
    assert resolved.previous_level == "high"
    assert resolved.payload["evidence"][0]["quote"] == "星河粉丝都在骂"


def test_one_alert_row_per_fingerprint(database, settings, clock):
    tenant, _ = setup(database, settings)
    watch = add_watch(database, tenant)
    for _ in range(20):
        add_transition(database, watch, "high", "no_go", clock())
        add_transition(database, watch, "low", "go", clock())
    run(database, settings, clock)
    with database.session_scope(write=False) as session:
        assert len(list(session.scalars(select(Alert)))) == 1


def test_reminders_every_four_hours_until_acked(database, settings, clock):
    tenant, _ = setup(database, settings)
    watch = add_watch(database, tenant)
    add_transition(database, watch, "high", "no_go", clock())
    run(database, settings, clock)
    clock.advance(hours=3, minutes=59)
    run(database, settings, clock)
    assert events(database, type="repeat") == []
    clock.advance(minutes=1)
    run(database, settings, clock)
    assert len(events(database, type="repeat")) == 1
    with database.session_scope() as session:
        alert = session.scalar(select(Alert))
        alert.acked_at = clock()
    clock.advance(hours=8)
    run(database, settings, clock)
    assert len(events(database, type="repeat")) == 1


def test_silenced_watch_is_recorded_not_delivered(database, settings, clock):
    tenant, _ = setup(database, settings)
    watch = add_watch(database, tenant)
    with database.session_scope() as session:
        session.add(
            AlertSilence(
                id=new_id("sil"),
                tenant_id=tenant,
                watch_id=watch,
                starts_at=clock(),
                ends_at=clock() + timedelta(hours=1),
                created_by="key_x",
                created_at=clock(),
            )
        )
    add_transition(database, watch, "high", "no_go", clock())
    run(database, settings, clock)
    clock.advance(minutes=5)
    run(database, settings, clock)
    assert messages(database) == []
    assert events(database)[0].silenced is True
    clock.advance(hours=1)
    run(database, settings, clock)
    clock.advance(seconds=31)
    run(database, settings, clock)
    assert [e.type for e in events(database, silenced=False)] == ["firing"]
    assert len(messages(database)) == 1


def test_resolution_of_an_untold_firing_is_not_sent(database, settings, clock):
    tenant, _ = setup(database, settings)
    watch = add_watch(database, tenant)
    with database.session_scope() as session:
        session.add(
            AlertSilence(
                id=new_id("sil"),
                tenant_id=tenant,
                watch_id=watch,
                starts_at=clock(),
                ends_at=clock() + timedelta(minutes=10),
                created_by="key_x",
                created_at=clock(),
            )
        )
    add_transition(database, watch, "high", "no_go", clock())
    run(database, settings, clock)
    clock.advance(minutes=11)
    add_transition(database, watch, "low", "go", clock())
    with database.session_scope() as session:
        ingest_transitions(session, clock())
    assert events(database, type="resolved")[0].silenced is True


def test_model_change_flips_send_one_summary_per_tenant(database, settings, clock):
    tenant, _ = setup(database, settings)
    watches = [add_watch(database, tenant, kol=f"KOL{i}") for i in range(25)]
    for watch in watches:
        add_transition(database, watch, "high", "caution", clock(), cause="model_change")
        clock.advance(seconds=20)
        run(database, settings, clock)
    assert messages(database) == []
    clock.advance(minutes=5)
    run(database, settings, clock)
    (message,) = messages(database)
    assert message.layout == "summary"
    assert len(message.event_ids) == 25


def test_a_storm_of_evidence_flips_is_summarised(database, settings, clock):
    tenant, _ = setup(database, settings)
    for i in range(12):
        add_transition(database, add_watch(database, tenant, kol=f"K{i}"), "high", "no_go", clock())
    run(database, settings, clock)
    clock.advance(seconds=31)
    run(database, settings, clock)
    (message,) = messages(database)
    assert message.layout == "summary"


def test_endpoint_filters(database, settings, clock):
    tenant = add_tenant(database)
    watch, other = add_watch(database, tenant), add_watch(database, tenant, kol="别人")
    url = "http://127.0.0.1:9/h"
    high_only = add_endpoint(database, settings, tenant, url, min_level="high")
    one_watch = add_endpoint(database, settings, tenant, url, watch_ids=[other])
    resolved_only = add_endpoint(database, settings, tenant, url, event_types=["resolved"])
    add_transition(database, watch, "medium", "caution", clock())
    run(database, settings, clock)
    clock.advance(seconds=31)
    run(database, settings, clock)
    assert {m.endpoint_id for m in messages(database)} == set()
    add_transition(database, watch, "low", "go", clock())
    add_transition(database, other, "critical", "no_go", clock())
    run(database, settings, clock)
    clock.advance(seconds=31)
    run(database, settings, clock)
    by_endpoint = {m.endpoint_id: len(m.event_ids) for m in messages(database)}
    assert by_endpoint == {high_only: 1, one_watch: 1, resolved_only: 1}


def test_two_processors_claim_each_transition_once(database, settings, clock):
    tenant, _ = setup(database, settings)
    for i in range(30):
        add_transition(database, add_watch(database, tenant, kol=f"K{i}"), "high", "no_go", clock())
    twins = [Database(database.url), Database(database.url)]
    errors = []

    def work(db):
        try:
            for _ in range(3):
                with db.session_scope() as session:
                    ingest_transitions(session, clock(), batch=7)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(db,)) for db in twins]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for twin in twins:
        twin.dispose()
    with database.session_scope() as session:
        ingest_transitions(session, clock())
        unclaimed = session.scalars(select(Transition).where(Transition.dispatched_at.is_(None)))
        assert list(unclaimed) == []
    assert errors == []
    assert len(events(database)) == 30


def test_grouping_twice_queues_nothing_more(database, settings, clock):
    tenant, _ = setup(database, settings)
    add_transition(database, add_watch(database, tenant), "high", "no_go", clock())
    with database.session_scope() as session:
        ingest_transitions(session, clock())
    clock.advance(seconds=31)
    with database.session_scope() as session:
        assert build_messages(session, clock()) == 1
    with database.session_scope() as session:
        assert build_messages(session, clock()) == 0
        assert queue_repeats(session, clock()) == 0
