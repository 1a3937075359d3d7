"""The prune job deletes exactly what retention allows and keeps what evidence needs."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.audit import Actor, record
from app.ids import new_id
from app.models import (
    AlertEvent,
    AlertMessage,
    Assessment,
    AuditEntry,
    CollectionCursor,
    DeliveryAttempt,
    EntityChange,
    EntityStamp,
    Post,
)
from app.retention import service
from app.retention.job import prune
from app.retention.policy import AUDIT_LOG_MIN_DAYS, RetentionPolicy
from tests.app.alerting.builders import (
    add_endpoint,
    add_sent_message,
    add_tenant,
    add_transition,
    add_watch,
)
from tests.builders import create_watch, post_item

DAY = timedelta(days=1)
KOL_AUTHOR = {"uid": "1000001", "name": "测评老王", "followers": 10**6}


@pytest.fixture
def settings(settings):
    settings.secret_key = "retention-test-key"  # endpoints encrypt their URL; no key file
    return settings


def add_snapshot(database, watch_id, now):
    """A snapshot with no transition (the reading did not change level or decision)."""
    with database.session_scope() as session:
        newest = session.scalar(
            select(func.max(Assessment.seq)).where(Assessment.watch_id == watch_id)
        )
        tenant_id = session.scalar(
            select(Assessment.tenant_id).where(Assessment.watch_id == watch_id).limit(1)
        )
        session.add(
            Assessment(
                id=new_id("asm"),
                tenant_id=tenant_id,
                watch_id=watch_id,
                seq=(newest or 0) + 1,
                evaluated_at=now,
                score=50.0,
                level="medium",
                decision="caution",
                confidence=0.8,
                posts_seen=1,
                inputs_marker=new_id("m"),
                payload={},
            )
        )


def seqs(database, watch_id):
    with database.session_scope(write=False) as session:
        query = select(Assessment.seq).where(Assessment.watch_id == watch_id)
        return sorted(session.scalars(query))


def test_snapshots_beyond_the_newest_n_go_but_every_transitions_stays(database, settings, clock):
    tenant = add_tenant(database)
    busy, quiet = add_watch(database, tenant), add_watch(database, tenant, kol="另一位")
    add_transition(database, busy, "medium", "caution", clock())  # seq 1
    for _ in range(3):
        add_snapshot(database, busy, clock())  # seq 2-4
    add_transition(database, busy, "high", "no_go", clock())  # seq 5
    for _ in range(5):
        add_snapshot(database, busy, clock())  # seq 6-10
    add_transition(database, quiet, "low", "go", clock())
    add_snapshot(database, quiet, clock())
    settings.retention_assessments_per_watch = 3
    settings.retention_batch_rows = 2  # several batches: 5 rows to delete

    assert prune(database, settings, clock)["assessments"] == 5
    assert seqs(database, busy) == [1, 5, 8, 9, 10]
    assert seqs(database, quiet) == [1, 2]
    assert prune(database, settings, clock)["assessments"] == 0


def add_message(database, tenant, endpoint, created, status, event_ids):
    outcome = "delivered" if status == "delivered" else "retry"
    return add_sent_message(
        database, tenant, endpoint, created, status, tuple(event_ids), ((created, outcome),)
    )


def add_event(database, tenant, created, grouped=True):
    with database.session_scope() as session:
        event = AlertEvent(
            id=new_id("evt"),
            tenant_id=tenant,
            type="firing",
            payload={"kol": "测评老王"},
            created_at=created,
            grouped_at=created if grouped else None,
        )
        session.add(event)
        return event.id


def ids_of(database, key):
    with database.session_scope(write=False) as session:
        return set(session.scalars(select(key)))


def test_alert_history_older_than_90_days_goes_unless_still_being_sent(database, settings, clock):
    tenant = add_tenant(database)
    endpoint = add_endpoint(database, settings, tenant, "https://example.invalid/hook")
    old, recent = clock() - 91 * DAY, clock() - 89 * DAY
    sent_event, carried_event = add_event(database, tenant, old), add_event(database, tenant, old)
    ungrouped_event = add_event(database, tenant, old, grouped=False)
    recent_event = add_event(database, tenant, recent)
    add_message(database, tenant, endpoint, old, "delivered", [sent_event])
    sending = add_message(database, tenant, endpoint, old, "pending", [carried_event])
    kept = add_message(database, tenant, endpoint, recent, "delivered", [recent_event])

    done = prune(database, settings, clock)

    assert ids_of(database, AlertMessage.id) == {sending, kept}
    assert ids_of(database, AlertEvent.id) == {carried_event, ungrouped_event, recent_event}
    with database.session_scope(write=False) as session:
        attempts = {a.message_id for a in session.scalars(select(DeliveryAttempt))}
    assert attempts == {kept}  # the old pending message's attempt is history too
    assert (done["alert_messages"], done["alert_events"], done["delivery_attempts"]) == (1, 1, 2)


def test_one_batch_touches_at_most_its_size(database, settings, clock):
    tenant = add_tenant(database)
    endpoint = add_endpoint(database, settings, tenant, "https://example.invalid/hook")
    for _ in range(5):
        add_message(database, tenant, endpoint, clock() - 100 * DAY, "delivered", [])
    with database.session_scope() as session:
        assert service.delete_delivery_attempts(session, clock() - 90 * DAY, 2) == 2
    assert len(ids_of(database, DeliveryAttempt.id)) == 3


def test_cursors_idle_past_the_limit_go(database, settings, clock):
    tenant = add_tenant(database)
    with database.session_scope() as session:
        for listing, idle in (("search:老王", 181), ("user:1000001", 179)):
            session.add(
                CollectionCursor(
                    tenant_id=tenant,
                    platform="weibo",
                    listing=listing,
                    updated_at=clock() - idle * DAY,
                )
            )
    assert prune(database, settings, clock)["collection_cursors"] == 1
    assert ids_of(database, CollectionCursor.listing) == {"user:1000001"}


def raw_of(api, post_id):
    body = api.get(f"/v1/posts/{post_id}").json()
    return body["raw"], body["raw_dropped_at"], body["text"]


def stored_ids(database):
    with database.session_scope(write=False) as session:
        return dict(session.execute(select(Post.platform_id, Post.id)).all())


def test_raw_is_kept_by_default(api, database, settings, clock):
    api.post("/v1/posts", json=[post_item("1", "老王又翻车了", raw={"mblog": {"id": 1}})])
    clock.advance(days=5000)
    assert "post_raw" not in prune(database, settings, clock)
    assert raw_of(api, stored_ids(database)["1"])[:2] == ({"mblog": {"id": 1}}, None)


def test_old_raw_is_dropped_and_the_evidence_still_reads(api, database, settings, clock):
    watch = create_watch(api)
    # The KOL's own scorn for the brand's fans: stance evidence.
    old = [
        post_item(f"o{i}", f"河粉都是韭菜{i}号", author=KOL_AUTHOR, raw={"mblog": {"id": i}})
        for i in range(3)
    ]
    api.post("/v1/posts", json=old)
    clock.advance(days=40)
    api.post("/v1/posts", json=[post_item("new", "河粉都是韭菜", raw={"mblog": {"id": 9}})])
    risk = api.get(f"/v1/watches/{watch['id']}/risk").json()
    settings.retention_post_raw_days = 30
    settings.retention_batch_rows = 2  # the walk resumes across batches

    assert prune(database, settings, clock)["post_raw"] == 3
    assert prune(database, settings, clock)["post_raw"] == 0  # each post is visited once

    ids = stored_ids(database)
    for i in range(3):
        raw, dropped_at, text = raw_of(api, ids[f"o{i}"])
        assert (raw, text) == ({}, f"河粉都是韭菜{i}号")
        assert dropped_at == clock().isoformat().replace("+00:00", "Z")
    assert raw_of(api, ids["new"])[:2] == ({"mblog": {"id": 9}}, None)
    quoted = {e["post_id"] for c in risk["components"] for e in c["evidence"]}
    assert {ids[f"o{i}"] for i in range(3)} <= quoted
    for post_id in quoted:
        assert api.get(f"/v1/posts/{post_id}").status_code == 200


def test_the_audit_log_is_kept_a_year_whatever_is_set(settings, clock):
    settings.retention_audit_log_days = 30
    policy = RetentionPolicy.of(settings, clock())
    assert policy.audit_log_before == clock() - AUDIT_LOG_MIN_DAYS * DAY
    settings.retention_audit_log_days = 800
    assert RetentionPolicy.of(settings, clock()).audit_log_before == clock() - 800 * DAY


def test_audit_entries_older_than_the_retention_go_and_a_years_stay(database, settings, clock):
    tenant = add_tenant(database)
    actor = Actor(tenant, "cli", None, "kolrisk CLI (ops)")
    with database.session_scope() as session:
        for days in (400, 366, 364, 1):
            record(session, actor, "update", "brand", f"brd_{days}", after={"n": days},
                   before={"n": 0}, at=clock() - days * DAY)  # fmt: skip
    settings.retention_audit_log_days = 30  # a year is kept all the same
    settings.retention_batch_rows = 1
    assert prune(database, settings, clock)["audit_log"] == 2
    assert ids_of(database, AuditEntry.object_id) == {"brd_364", "brd_1"}


def test_change_records_far_behind_their_stamp_go(database, settings, clock, monkeypatch):
    monkeypatch.setattr(service, "ENTITY_CHANGES_KEPT", 2)
    tenant = add_tenant(database)
    with database.session_scope() as session:
        session.add(EntityStamp(entity_id="kol_a", tenant_id=tenant, version=5))
        session.add_all(
            EntityChange(entity_id="kol_a", version=v, tenant_id=tenant, post_ids=[f"p{v}"])
            for v in range(1, 6)
        )
    assert prune(database, settings, clock)["entity_changes"] == 3
    assert ids_of(database, EntityChange.version) == {4, 5}  # the last two moves stay
