"""Per-tenant usage: posts stored, API calls, collection requests per platform, deliveries;
in GET /v1/usage (admin) and on the dashboard's usage page."""

from datetime import UTC, datetime, timedelta

import pytest

from app.ids import new_id
from app.models import AlertMessage, DeliveryAttempt, WebhookEndpoint
from app.tenants import usage
from app.tenants.registry import require_tenant
from tests.builders import post_item
from tests.conftest import make_key


def add_deliveries(database, tenant_id, at, outcomes):
    with database.session_scope() as session:
        endpoint = WebhookEndpoint(
            id=new_id("whk"), tenant_id=tenant_id, kind="standard", url_ciphertext="x",
            url_hint="https://hooks.example/", watch_ids=[], event_types=[],
        )  # fmt: skip
        message = AlertMessage(
            id=new_id("msg"), tenant_id=tenant_id, endpoint_id=endpoint.id,
            next_attempt_at=at, created_at=at,
        )  # fmt: skip
        session.add(endpoint)
        session.flush()
        session.add(message)
        session.flush()
        for outcome in outcomes:
            session.add(
                DeliveryAttempt(id=new_id("att"), message_id=message.id, endpoint_id=endpoint.id,
                                attempted_at=at, outcome=outcome)
            )  # fmt: skip


def test_usage_counts_posts_calls_collection_and_deliveries(api, database, clock, app_client):
    api.post("/v1/posts", json=[post_item("a", "星河"), post_item("b", "星河", platform="zhihu")])
    for _ in range(3):
        api.get("/v1/brands")
    with database.session_scope() as session:
        tenant_id = require_tenant(session, "acme").id
        usage.add(session, tenant_id, usage.COLLECTION_REQUESTS, 7, clock(), "weibo")
        usage.add(session, tenant_id, usage.COLLECTION_REQUESTS, 5, clock(), "weibo")
    add_deliveries(database, tenant_id, clock(), ["delivered", "retry", "delivered"])

    got = api.get("/v1/usage").json()
    assert got["tenant"] == "acme"
    assert got["posts_stored"] == 2
    assert got["posts_by_platform"] == {"weibo": 1, "zhihu": 1}
    assert got["api_calls"] == 5  # the posts, three lists and this read
    assert got["collection_requests"] == {"weibo": 12}
    assert got["deliveries"] == {"attempts": 3, "delivered": 2, "failed": 1}
    today = got["days"][-1]
    assert today["day"] == "2026-11-20"
    counted = (today["api_calls"], today["collection_requests"], today["delivery_attempts"])
    assert counted == (5, 12, 3)
    assert len(got["days"]) == 30


def test_each_tenant_sees_its_own(api, app_client, database):
    api.get("/v1/brands")
    other = {"Authorization": f"Bearer {make_key(database, 'globex', ['admin'])}"}
    theirs = app_client.get("/v1/usage", headers=other).json()
    assert theirs["tenant"] == "globex"
    assert theirs["api_calls"] == 1
    assert api.get("/v1/usage").json()["api_calls"] == 2


def test_usage_needs_admin_and_a_sane_range(app_client, database, api):
    reader = {"Authorization": f"Bearer {make_key(database, 'acme', ['write'])}"}
    assert app_client.get("/v1/usage", headers=reader).status_code == 403
    wrong = api.get("/v1/usage", params={"from": "2026-11-20", "to": "2026-11-01"})
    assert wrong.status_code == 422
    week = api.get("/v1/usage", params={"from": "2026-11-14", "to": "2026-11-20"}).json()
    assert [d["day"] for d in week["days"]][0] == "2026-11-14"
    assert len(week["days"]) == 7


def test_the_meter_writes_now_and_then_and_keeps_counts_a_write_lost(database):
    meter = usage.UsageMeter(timedelta(seconds=30))
    start = datetime(2026, 11, 20, tzinfo=UTC)
    assert meter.count("t1", start) is False
    assert meter.count("t1", start + timedelta(seconds=29)) is False
    assert meter.count("t1", start + timedelta(seconds=30)) is True

    class Broken:
        def session_scope(self):
            raise RuntimeError("database down")

    with pytest.raises(RuntimeError):
        meter.flush(Broken(), start)
    assert meter.count("t1", start) is False  # the three are still held, with this fourth


def test_the_dashboard_shows_usage_in_chinese(api, app_client):
    api.get("/v1/brands")
    key = api.headers["Authorization"].split()[1]
    app_client.post("/ui/login", data={"key": key}, follow_redirects=False)
    page = app_client.get("/ui/usage")
    assert page.status_code == 200
    assert "用量统计" in page.text
    assert "API 调用" in page.text
    assert 'id="usage-days"' in page.text


def test_the_dashboard_usage_page_needs_admin(app_client, database):
    key = make_key(database, "acme", ["read"])
    app_client.post("/ui/login", data={"key": key}, follow_redirects=False)
    page = app_client.get("/ui/usage")
    assert page.status_code == 403
    assert "管理员" in page.text
