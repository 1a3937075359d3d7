"""The digest and operator-alert jobs: when they fire, what they say, and where it goes (the
admin channel for operator alerts, every channel for digests)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from alerts.notice import Digest
from alerts.registry import CHANNELS
from app.alerting.jobs import process_alerts
from app.alerting.notices import notice_of
from app.config import Settings
from app.ids import new_id
from app.models import (
    AlertEvent,
    AlertMessage,
    Coverage,
    JobState,
    PlatformAccess,
    TenantNotice,
    WatchCollection,
    WebhookEndpoint,
)
from app.notices.jobs import operator_alerts, send_digests
from app.tenants.registry import require_tenant
from tests.builders import create_watch, post_item

LOGIN_HOURS = 3


@pytest.fixture
def settings(database, tmp_path):
    return Settings(database_url=database.url, secret_key="notices", var_dir=tmp_path)


@pytest.fixture
def tenant(api, database):
    watch = create_watch(api)
    posts = [post_item(f"p{i}", f"测评老王又在阴阳河粉，太差了 {i}") for i in range(3)]
    api.post("/v1/posts", json=posts)
    api.get(f"/v1/watches/{watch['id']}/risk")
    with database.session_scope() as session:
        tenant_id = require_tenant(session, "acme").id
    return tenant_id, watch["id"]


def add_endpoint(database, tenant_id, *, admin=False, language="zh"):
    endpoint_id = new_id("whk")
    with database.session_scope() as session:
        session.add(
            WebhookEndpoint(
                id=endpoint_id, tenant_id=tenant_id, kind="dingtalk", url_ciphertext="x",
                url_hint="https://oapi.dingtalk.com/…", watch_ids=[], event_types=[],
                language=language, admin_channel=admin, min_level="critical",
            )
        )  # fmt: skip
    return endpoint_id


def events(database, kind):
    with database.session_scope(write=False) as session:
        return list(session.scalars(select(AlertEvent).where(AlertEvent.type == kind)))


def messages_by_endpoint(database, settings, clock):
    clock.advance(seconds=31)
    process_alerts(database, settings, clock)
    with database.session_scope(write=False) as session:
        found = {}
        for message in session.scalars(select(AlertMessage)):
            kinds = session.scalars(
                select(AlertEvent.type).where(AlertEvent.id.in_(message.event_ids))
            )
            found.setdefault(message.endpoint_id, set()).update(kinds)
        return found


def chat_text(event, language="zh"):
    digest = Digest("msg_1", event.created_at, (notice_of(event),), language=language)
    return CHANNELS["dingtalk"].render(digest)["markdown"]["text"]


def test_a_digest_goes_out_once_a_period_at_the_hour(database, settings, clock, tenant):
    tenant_id, _ = tenant
    add_endpoint(database, tenant_id)
    assert send_digests(database, settings, clock) == 0  # the first period starts now
    clock.advance(days=7)  # 08:00 in Shanghai: before the hour
    assert send_digests(database, settings, clock) == 0
    clock.advance(hours=1)
    assert send_digests(database, settings, clock) == 1
    assert send_digests(database, settings, clock) == 0
    clock.advance(days=6)
    assert send_digests(database, settings, clock) == 0
    clock.advance(days=1)
    assert send_digests(database, settings, clock) == 1


def test_the_digest_says_decisions_changes_evidence_and_collection(
    database, settings, clock, tenant, api
):
    tenant_id, watch_id = tenant
    add_endpoint(database, tenant_id)
    add_coverage(database, watch_id, clock, "weibo", "rate_limited")
    send_digests(database, settings, clock)
    clock.advance(days=3)
    fresh = [
        post_item(f"n{i}", f"星河官宣测评老王代言？河粉脱粉了，太差了 {i}",
                  created_at="2026-11-23T07:00:00+08:00")
        for i in range(4)
    ]  # fmt: skip
    api.post("/v1/posts", json=fresh)
    api.get(f"/v1/watches/{watch_id}/risk")
    clock.advance(days=4, hours=2)
    send_digests(database, settings, clock)
    (event,) = events(database, "weekly_digest")
    facts = event.payload["facts"]
    (watch,) = facts["watches"]
    assert (watch["brand"], watch["kol"]) == ("星河手机", "测评老王")
    assert watch["new_posts"] == 4
    assert watch["previous_decision"] is not None
    assert facts["evidence"]
    assert facts["evidence"][0]["quote"].startswith("星河官宣测评老王代言")
    assert facts["collection"] == [
        {"platform": "weibo", "listings": 1, "failing": 1, "errors": {"rate_limited": 1}}
    ]
    text = chat_text(event)
    assert "kolrisk 定期简报" in text
    assert "过去 7 天" in text
    assert "星河手机 × 测评老王" in text
    assert "新增帖子 4 条" in text
    assert "新证据" in text
    # Chat markup is made inert: the underscore is shown full-width.
    assert "weibo：1 个查询，1 个失败（rate＿limited ×1）" in text
    english = chat_text(event, "en")
    assert "Decisions on the 1 watched pairings:" in english
    assert "caution" in english


def test_no_digest_when_switched_off(database, settings, clock, tenant):
    add_endpoint(database, tenant[0])
    off = settings.model_copy(update={"digest_every_days": 0})
    send_digests(database, off, clock)
    clock.advance(days=30)
    assert send_digests(database, off, clock) == 0


def add_coverage(database, watch_id, clock, platform, error, succeeded_ago=None):
    """A listing whose last run failed with `error` (after a success that long ago)."""
    success = clock() - succeeded_ago if succeeded_ago else None
    with database.session_scope() as session:
        session.add(
            Coverage(watch_id=watch_id, platform=platform, query="测评老王", updated_at=clock(),
                     last_success_at=success, last_error_at=clock(), last_error_kind=error)
        )  # fmt: skip


def store_credentials_failing(database, tenant_id, watch_id, clock):
    with database.session_scope() as session:
        session.add(
            PlatformAccess(tenant_id=tenant_id, platform="weibo", enabled=True,
                           cookie_encrypted="token", feeds=[], updated_at=clock())
        )  # fmt: skip
    add_coverage(database, watch_id, clock, "weibo", "login_required", timedelta(days=1))


def test_failing_credentials_are_told_after_hours_then_reminded_then_forgotten(
    database, settings, clock, tenant
):
    tenant_id, watch_id = tenant
    add_endpoint(database, tenant_id)
    store_credentials_failing(database, tenant_id, watch_id, clock)
    assert operator_alerts(database, settings, clock, {}) == 0
    clock.advance(hours=LOGIN_HOURS)
    assert operator_alerts(database, settings, clock, {}) == 1
    assert operator_alerts(database, settings, clock, {}) == 0
    clock.advance(hours=24)
    assert operator_alerts(database, settings, clock, {}) == 1  # a reminder

    (first, _reminder) = events(database, "operator")
    assert first.payload["facts"]["platform"] == "weibo"
    assert first.payload["facts"]["hours"] == LOGIN_HOURS
    assert "weibo 的登录凭证已连续 3.0 小时失效" in chat_text(first)

    with database.session_scope() as session:
        row = session.get(Coverage, (watch_id, "weibo", "测评老王"))
        row.last_success_at = clock() + timedelta(minutes=1)
    operator_alerts(database, settings, clock, {})
    with database.session_scope(write=False) as session:
        assert (
            session.scalars(select(TenantNotice).where(TenantNotice.kind != "digest")).all() == []
        )


def test_a_platform_without_stored_credentials_is_not_an_operator_matter(
    database, settings, clock, tenant
):
    tenant_id, watch_id = tenant
    add_endpoint(database, tenant_id)
    add_coverage(database, watch_id, clock, "zhihu", "login_required")
    clock.advance(hours=48)
    operator_alerts(database, settings, clock, {})
    clock.advance(hours=48)
    assert operator_alerts(database, settings, clock, {}) == 0


def test_lagging_collection_at_once_and_failing_jobs_once_they_last(
    database, settings, clock, tenant
):
    tenant_id, watch_id = tenant
    add_endpoint(database, tenant_id)
    with database.session_scope() as session:
        session.add(WatchCollection(watch_id=watch_id, rotation=0,
                                    next_due_at=clock() - timedelta(hours=2)))  # fmt: skip
        session.add(JobState(name="score-posts", runs=3, last_started_at=clock(), last_ok=False,
                             last_error="OperationalError: disk full"))  # fmt: skip
    intervals = {"score-posts": timedelta(seconds=10), "collect": timedelta(seconds=60)}
    assert operator_alerts(database, settings, clock, intervals) == 1  # the overdue watch
    clock.advance(minutes=29)
    assert operator_alerts(database, settings, clock, intervals) == 0
    clock.advance(minutes=1)
    assert operator_alerts(database, settings, clock, intervals) == 2  # both jobs, 30 min on
    said = {e.payload["facts"].get("job", "collection"): e for e in events(database, "operator")}
    assert said["collection"].payload["facts"]["watches"] == 1
    assert "采集落后：1 个监控超过 120 分钟未按计划采集" in chat_text(said["collection"])
    assert "disk full" in said["score-posts"].payload["detail"]
    assert "not running" in said["collect"].payload["detail"]


def test_operator_alerts_go_to_the_admin_channel_and_digests_everywhere(
    database, settings, clock, tenant
):
    tenant_id, watch_id = tenant
    admin = add_endpoint(database, tenant_id, admin=True)
    team = add_endpoint(database, tenant_id)
    with database.session_scope() as session:
        session.add(WatchCollection(watch_id=watch_id, rotation=0,
                                    next_due_at=clock() - timedelta(hours=2)))  # fmt: skip
    operator_alerts(database, settings, clock, {})
    send_digests(database, settings, clock)
    clock.advance(days=7, hours=2)
    send_digests(database, settings, clock)
    routed = messages_by_endpoint(database, settings, clock)
    assert routed[admin] >= {"operator", "weekly_digest"}
    assert "operator" not in routed[team]
    assert "weekly_digest" in routed[team]


def test_without_an_admin_channel_every_channel_hears_operator_alerts(
    database, settings, clock, tenant
):
    tenant_id, watch_id = tenant
    first, second = add_endpoint(database, tenant_id), add_endpoint(database, tenant_id)
    with database.session_scope() as session:
        session.add(WatchCollection(watch_id=watch_id, rotation=0,
                                    next_due_at=clock() - timedelta(hours=2)))  # fmt: skip
    operator_alerts(database, settings, clock, {})
    routed = messages_by_endpoint(database, settings, clock)
    assert "operator" in routed[first]
    assert "operator" in routed[second]


def test_a_disabled_endpoint_is_told_to_the_admin_channel(database, settings, clock, tenant):
    tenant_id, _ = tenant
    admin = add_endpoint(database, tenant_id, admin=True)
    team = add_endpoint(database, tenant_id)
    with database.session_scope() as session:
        session.add(
            AlertEvent(id=new_id("evt"), tenant_id=tenant_id, type="webhook_disabled",
                       cause="evidence", payload={"detail": "wecom …: 410"}, created_at=clock())
        )  # fmt: skip
    routed = messages_by_endpoint(database, settings, clock)
    assert routed == {admin: {"webhook_disabled"}}
    assert team not in routed
