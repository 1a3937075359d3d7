"""record(): what an entry holds, redaction, and the newest-first pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.audit import Actor, record, snapshot
from app.audit.service import REDACTED, AuditFilter, entries_page
from app.auth import service as auth_service
from app.models import AuditEntry, WebhookEndpoint
from app.pagination import PageRequest, decode_cursor

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
def tenant(database):
    with database.session_scope() as session:
        return auth_service.get_or_create_tenant(session, "acme")


def actor(tenant, name="王经理"):
    return Actor(tenant.id, "person", "usr_1", name)


def test_a_creation_keeps_the_whole_object_and_an_update_only_what_changed(database, tenant):
    with database.session_scope() as session:
        made = record(
            session,
            actor(tenant),
            "create",
            "brand",
            "brd_1",
            after={"name": "星河", "aliases": []},
            at=T0,
        )
        changed = record(
            session, actor(tenant), "update", "brand", "brd_1",
            before={"name": "星河", "aliases": []}, after={"name": "星河", "aliases": ["河"]},
            at=T0,
        )  # fmt: skip
        unchanged = record(
            session, actor(tenant), "update", "brand", "brd_1",
            before={"name": "星河"}, after={"name": "星河"}, at=T0,
        )  # fmt: skip
    assert made.changes == {"before": {}, "after": {"name": "星河", "aliases": []}}
    assert changed.changes == {"before": {"aliases": []}, "after": {"aliases": ["河"]}}
    assert unchanged is None
    assert made.actor == "王经理"
    assert made.actor_kind == "person"
    assert made.tenant_id == tenant.id


def test_secrets_are_written_as_redacted_but_their_change_shows(database, tenant):
    with database.session_scope() as session:
        entry = record(
            session, actor(tenant), "update", "collection_platform", "weibo",
            before={"cookie_encrypted": "gAAAAold", "enabled": True, "provider_token": None},
            after={"cookie_encrypted": "gAAAAnew", "enabled": True, "provider_token": "tok-123"},
        )  # fmt: skip
    assert entry.changes == {
        "before": {"cookie_encrypted": REDACTED, "provider_token": None},
        "after": {"cookie_encrypted": REDACTED, "provider_token": REDACTED},
    }
    assert "gAAAA" not in str(entry.changes)
    assert "tok-123" not in str(entry.changes)


def test_a_snapshot_skips_bookkeeping_and_record_redacts_encrypted_columns(database, tenant):
    endpoint = WebhookEndpoint(
        id="whk_1", tenant_id=tenant.id, kind="slack", url_ciphertext="gAAAAsecret-url",
        url_hint="https://hooks.slack.com/…", secret_ciphertext=None, min_level="high",
        watch_ids=[], event_types=[], created_at=T0, updated_at=T0,
    )  # fmt: skip
    state = snapshot(endpoint)
    assert "id" not in state
    assert "tenant_id" not in state
    assert "created_at" not in state
    with database.session_scope() as session:
        entry = record(session, actor(tenant), "create", "webhook", "whk_1", after=state)
    after = entry.changes["after"]
    assert after["url_ciphertext"] == REDACTED
    assert after["url_hint"] == "https://hooks.slack.com/…"
    assert after["secret_ciphertext"] is None  # never set: nothing to hide
    assert after["min_level"] == "high"


def add_entries(database, tenant, count, start=T0):
    with database.session_scope() as session:
        for i in range(count):
            record(
                session, actor(tenant), "update", "watch" if i % 2 else "brand", f"obj_{i % 3}",
                before={"n": i}, after={"n": i + 1}, at=start + timedelta(minutes=i),
            )  # fmt: skip


def test_pages_run_newest_first_without_gaps_or_repeats(database, tenant):
    add_entries(database, tenant, 7)
    seen, cursor = [], None
    with database.session_scope(write=False) as session:
        while True:
            page = PageRequest(3, decode_cursor(cursor) if cursor else None)
            shown, cursor = entries_page(session, tenant.id, AuditFilter(), page)
            seen += [e.changes["after"]["n"] for e in shown]
            if cursor is None:
                break
    assert seen == [7, 6, 5, 4, 3, 2, 1]


def test_filters_by_object_type_and_time(database, tenant):
    add_entries(database, tenant, 7)
    flt = AuditFilter(
        object_id="obj_1", since=T0 + timedelta(minutes=1), until=T0 + timedelta(minutes=5)
    )
    with database.session_scope(write=False) as session:
        by_object, _ = entries_page(session, tenant.id, flt, PageRequest(10))
        watches, _ = entries_page(
            session, tenant.id, AuditFilter(object_type="watch"), PageRequest(10)
        )
    assert [e.changes["after"]["n"] for e in by_object] == [5, 2]
    assert {e.object_type for e in watches} == {"watch"}
    assert len(watches) == 3


def test_another_tenants_entries_are_not_listed(database, tenant):
    add_entries(database, tenant, 2)
    with database.session_scope() as session:
        other = auth_service.get_or_create_tenant(session, "other")
    with database.session_scope(write=False) as session:
        shown, _ = entries_page(session, other.id, AuditFilter(), PageRequest(10))
        total = session.scalar(select(func.count()).select_from(AuditEntry))
    assert shown == []
    assert total == 2
