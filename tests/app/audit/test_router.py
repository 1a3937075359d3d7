"""GET /v1/audit-log: every change through the API is there, with who and what, secrets never."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.alerting.jobs import process_alerts
from tests.app.alerting.builders import add_transition
from tests.builders import brand_body, create_watch, kol_body, post_item
from tests.conftest import make_key


@pytest.fixture
def settings(settings):
    settings.secret_key = "audit-test-key"
    settings.webhook_allow_hosts = "127.0.0.1"
    return settings


@pytest.fixture
def boss(app_client, database):
    """The client signed in with an admin key named 王经理."""
    key = make_key(database, "acme", ["admin"], "王经理")
    app_client.headers["Authorization"] = f"Bearer {key}"
    return app_client


def audit(api, **params):
    response = api.get("/v1/audit-log", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ok(response):
    assert response.status_code < 300, response.text
    return response


def kol_post(pid):
    author = {"uid": "1000001", "name": "测评老王", "followers": 10}
    return post_item(pid, "河粉都是韭菜，星河的粉丝智商感人", author=author)


def test_changes_to_a_watch_and_its_controls_are_recorded_with_who(boss, database, settings, clock):
    watch = create_watch(boss)
    wid = watch["id"]
    ok(boss.patch(f"/v1/watches/{wid}", json={"stage": "signed"}))
    ok(boss.post("/v1/posts", json=[kol_post("p1")]))
    post_id = boss.get("/v1/posts", params={"platform": "weibo", "platform_id": "p1"}).json()[0]
    boss.post(
        f"{'/v1/watches/' + wid}/irrelevant-posts",
        json={"post_id": post_id["id"], "reason": "同名的另一个人"},
    )
    ok(boss.delete(f"/v1/watches/{wid}/irrelevant-posts/{post_id['id']}"))
    ok(
        boss.post(
            f"/v1/watches/{wid}/excluded-aliases",
            json={"alias": "老王测评", "reason": "这是别人的昵称"},
        )
    )
    ok(boss.delete(f"/v1/watches/{wid}/excluded-aliases/老王测评"))
    ok(boss.put(f"/v1/watches/{wid}/override", json={"decision": "go", "rationale": "已沟通"}))
    ok(boss.delete(f"/v1/watches/{wid}/override"))
    ends = (clock() + timedelta(hours=2)).isoformat()
    silence = boss.post(f"/v1/watches/{wid}/silences", json={"ends_at": ends}).json()
    ok(boss.delete(f"/v1/watches/{wid}/silences/{silence['id']}"))
    add_transition(database, wid, "high", "no_go", clock())
    process_alerts(database, settings, clock)
    alert = boss.get("/v1/alerts").json()[0]
    assert boss.post(f"/v1/alerts/{alert['id']}/ack").status_code == 200

    on_watch = audit(boss, object_id=wid)
    assert [e["action"] for e in reversed(on_watch)] == [
        "create", "update", "mark_irrelevant", "unmark_irrelevant", "exclude_alias",
        "include_alias", "set_override", "revoke_override", "add_silence", "remove_silence",
    ]  # fmt: skip
    assert {e["actor"] for e in on_watch} == {on_watch[0]["actor"]}
    assert on_watch[0]["actor"].startswith("王经理 (kr_")
    assert on_watch[0]["actor_kind"] == "key"
    stage = next(e for e in on_watch if e["action"] == "update")
    assert stage["changes"] == {"before": {"stage": "negotiating"}, "after": {"stage": "signed"}}
    override = next(e for e in on_watch if e["action"] == "set_override")
    assert override["changes"]["after"]["decision"] == "go"
    (ack,) = audit(boss, object_type="alert")
    assert ack["object_id"] == alert["id"]
    assert ack["action"] == "ack"
    assert boss.get("/v1/alerts").json()[0]["acked_by"].startswith("王经理")


def test_brands_kols_webhooks_collection_and_rules_are_recorded_without_secrets(boss):
    brand = boss.post("/v1/brands", json=brand_body()).json()
    ok(boss.patch(f"/v1/brands/{brand['id']}", json={"aliases": ["星河", "河系"]}))
    kol = boss.post("/v1/kols", json=kol_body()).json()
    ok(boss.delete(f"/v1/kols/{kol['id']}"))
    ok(boss.delete(f"/v1/brands/{brand['id']}"))
    hook = boss.post(
        "/v1/webhooks", json={"kind": "standard", "url": "http://127.0.0.1:9/x"}
    ).json()
    rotated = boss.post(f"/v1/webhooks/{hook['id']}/rotate-secret").json()
    ok(boss.delete(f"/v1/webhooks/{hook['id']}"))
    cookie = "SUB=very-secret-cookie"
    assert boss.put("/v1/collection/platforms/weibo", json={"cookie": cookie}).status_code == 200
    assert boss.put("/v1/risk-rules", json={"high_from": 55}).status_code == 200
    assert boss.delete("/v1/risk-rules").status_code == 204

    entries = audit(boss)
    (key_made,) = [e for e in entries if e["object_type"] == "api_key"]
    assert key_made["actor_kind"] == "cli"
    assert key_made["changes"]["after"]["label"] == "王经理"
    assert key_made["changes"]["after"]["secret_hash"] == "[redacted]"
    entries.remove(key_made)
    assert [(e["object_type"], e["action"]) for e in reversed(entries)] == [
        ("brand", "create"), ("brand", "update"), ("kol", "create"), ("kol", "delete"),
        ("brand", "delete"), ("webhook", "create"), ("webhook", "rotate_secret"),
        ("webhook", "delete"), ("collection_platform", "update"), ("risk_rules", "update"),
        ("risk_rules", "update"),
    ]  # fmt: skip
    text = str(entries)
    for secret in (hook["secret"], rotated["secret"], cookie, "very-secret"):
        assert secret not in text
    by_kind = {(e["object_type"], e["action"]): e for e in entries}
    renamed = by_kind[("brand", "update")]["changes"]
    assert renamed == {"before": {"aliases": ["星河"]}, "after": {"aliases": ["星河", "河系"]}}
    assert by_kind[("brand", "delete")]["changes"]["before"]["name"] == brand["name"]
    rotation = by_kind[("webhook", "rotate_secret")]["changes"]
    assert rotation["after"]["secret_ciphertext"] == "[redacted]"
    assert by_kind[("collection_platform", "update")]["changes"]["after"] == {
        "cookie_encrypted": "[redacted]"
    }
    rules = [e for e in entries if e["object_type"] == "risk_rules"]
    assert rules[1]["changes"] == {"before": {"high_from": 50.0}, "after": {"high_from": 55.0}}
    assert rules[0]["changes"] == {"before": {"high_from": 55.0}, "after": {"high_from": 50.0}}


def test_a_refused_change_writes_no_entry(boss):
    assert boss.post("/v1/brands", json=brand_body()).status_code == 201
    assert boss.post("/v1/brands", json=brand_body()).status_code == 409
    assert [e["action"] for e in audit(boss, object_type="brand")] == ["create"]


def test_the_log_is_for_admins_and_pages_with_a_link(boss, database):
    for i in range(5):
        ok(boss.post("/v1/brands", json=brand_body(name=f"品牌{i}号", aliases=[])))
    first = boss.get("/v1/audit-log", params={"limit": 2, "object_type": "brand"})
    assert len(first.json()) == 2
    following = first.links["next"]["url"]
    rest = boss.get(following).json()
    rest += boss.get(boss.get(following).links["next"]["url"]).json()
    names = [e["changes"]["after"]["name"] for e in first.json() + rest]
    assert names == [f"品牌{i}号" for i in reversed(range(5))]
    writer = {"Authorization": f"Bearer {make_key(database, 'acme', ['write'])}"}
    assert boss.get("/v1/audit-log", headers=writer).status_code == 403
    other = {"Authorization": f"Bearer {make_key(database, 'globex', ['admin'])}"}
    assert [e["object_type"] for e in boss.get("/v1/audit-log", headers=other).json()] == [
        "api_key"  # globex's own key, made by the CLI
    ]


def test_time_filters(boss, clock):
    ok(boss.post("/v1/brands", json=brand_body()))
    now = clock().isoformat()
    assert audit(boss, object_type="brand", until=now) == []
    assert len(audit(boss, object_type="brand", since=now)) == 1
