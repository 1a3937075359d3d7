"""/v1/webhooks: create (secret shown once), list, delete, test, rotate, deliveries."""

import base64
import hashlib
import hmac

import pytest

from app.webhooks.router import get_resolver
from tests.alerts.receiver import Reply, ok_json
from tests.builders import create_watch
from tests.conftest import make_key


def signed_with(secret, request):
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{request.headers['webhook-id']}.{request.headers['webhook-timestamp']}.".encode()
    mac = base64.b64encode(hmac.new(key, signed + request.body, hashlib.sha256).digest()).decode()
    return f"v1,{mac}" in request.headers["webhook-signature"].split()


def create(api, **body):
    return api.post("/v1/webhooks", json={"kind": "standard", **body})


def test_create_shows_the_secret_once(api, receiver):
    response = create(api, url=receiver.url, min_level="high", language="en")
    assert response.status_code == 201, response.text
    hook = response.json()
    assert hook["secret"].startswith("whsec_")
    assert hook["url"] == f"http://127.0.0.1:{receiver.port}/…"
    listed = api.get("/v1/webhooks").json()
    assert [h["id"] for h in listed] == [hook["id"]]
    assert "secret" not in listed[0]
    assert listed[0]["has_secret"] is True
    assert "secret" not in api.get(f"/v1/webhooks/{hook['id']}").json()


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://169.254.169.254/latest", "169.254"),
        ("http://10.0.0.1/hook", "10.0.0.1"),
        ("http://[::ffff:192.168.1.1]/", "IPv4-mapped"),
        ("ftp://hooks.example.com/", "scheme"),
        ("https://user:pw@hooks.example.com/", "credentials"),
    ],
)
def test_unsafe_urls_are_refused_with_the_reason(api, url, why):
    response = create(api, url=url)
    assert response.status_code == 422
    assert why in response.json()["message"]


def test_a_host_resolving_to_a_private_address_is_refused(api):
    api.app.dependency_overrides[get_resolver] = lambda: lambda host, port: ["192.168.3.4"]
    try:
        response = create(api, url="https://hooks.example.test/x")
    finally:
        api.app.dependency_overrides.clear()
    assert response.status_code == 422
    assert "192.168.3.4" in response.json()["message"]


def test_secret_rules_per_kind(api, receiver):
    assert create(api, url=receiver.url, secret="mine").status_code == 422
    slack = api.post("/v1/webhooks", json={"kind": "slack", "url": receiver.url, "secret": "x"})
    assert slack.status_code == 422
    ding = api.post(
        "/v1/webhooks", json={"kind": "dingtalk", "url": receiver.url, "secret": "SEC123"}
    )
    assert ding.status_code == 201
    assert ding.json()["secret"] is None
    assert ding.json()["has_secret"] is True


def test_unknown_watch_in_filter_is_refused(api, receiver):
    response = create(api, url=receiver.url, watch_ids=["wch_nope"])
    assert response.status_code == 422
    watch = create_watch(api)
    assert create(api, url=receiver.url, watch_ids=[watch["id"]]).status_code == 201


def test_test_send_is_signed_recorded_and_not_retried(api, receiver):
    hook = create(api, url=receiver.url).json()
    receiver.reply(Reply(200, b"thanks " * 1000))
    result = api.post(f"/v1/webhooks/{hook['id']}/test").json()
    assert result["delivered"] is True
    assert result["status_code"] == 200
    request = receiver.requests[0]
    assert request.json()["type"] == "webhook.test"
    assert signed_with(hook["secret"], request)
    receiver.reply(Reply(500, b"boom"))
    failed = api.post(f"/v1/webhooks/{hook['id']}/test").json()
    assert failed["delivered"] is False
    assert failed["outcome"] == "retry"
    attempts = api.get(f"/v1/webhooks/{hook['id']}/deliveries").json()
    assert len(attempts) == 2
    assert {a["status_code"] for a in attempts} == {200, 500}
    assert all(a["is_test"] for a in attempts)
    assert max(len(a["response"] or "") for a in attempts) <= 2000
    assert len(receiver.requests) == 2  # no retry of the failed test


def test_a_test_send_blocked_by_the_ssrf_guard_is_failed_not_retry(api, receiver, settings):
    hook = create(api, url=receiver.url).json()
    settings.webhook_allow_hosts = ""  # loopback, allowed when saved, is refused at send
    result = api.post(f"/v1/webhooks/{hook['id']}/test").json()
    assert (result["delivered"], result["outcome"]) == (False, "failed")
    assert "blocked before connecting" in result["error"]
    assert receiver.requests == []
    [attempt] = api.get(f"/v1/webhooks/{hook['id']}/deliveries").json()
    assert attempt["outcome"] == "failed"


def test_reference_library_verifies_a_test_send(api, receiver):
    standardwebhooks = pytest.importorskip("standardwebhooks")
    hook = create(api, url=receiver.url).json()
    api.post(f"/v1/webhooks/{hook['id']}/test")
    request = receiver.requests[0]
    # The fake clock is in 2026-11; verify against the signature's own timestamp window.
    from datetime import UTC, datetime
    from unittest import mock

    moment = datetime.fromtimestamp(int(request.headers["webhook-timestamp"]), tz=UTC)
    with mock.patch("standardwebhooks.webhooks.datetime") as fake:
        fake.now.return_value = moment
        fake.fromtimestamp.side_effect = datetime.fromtimestamp
        standardwebhooks.Webhook(hook["secret"]).verify(request.body, request.headers)


def test_rotation_signs_with_both_secrets_during_the_overlap(api, receiver, clock):
    hook = create(api, url=receiver.url).json()
    rotated = api.post(f"/v1/webhooks/{hook['id']}/rotate-secret")
    assert rotated.status_code == 200
    new_secret = rotated.json()["secret"]
    assert new_secret != hook["secret"]
    api.post(f"/v1/webhooks/{hook['id']}/test")
    during = receiver.requests[-1]
    assert len(during.headers["webhook-signature"].split()) == 2
    assert signed_with(hook["secret"], during)
    assert signed_with(new_secret, during)
    clock.advance(hours=25)
    api.post(f"/v1/webhooks/{hook['id']}/test")
    after = receiver.requests[-1]
    assert signed_with(new_secret, after)
    assert not signed_with(hook["secret"], after)


def test_robot_rotation_needs_the_new_secret_and_slack_has_none(api, receiver):
    ding = api.post(
        "/v1/webhooks", json={"kind": "feishu", "url": receiver.url, "secret": "old"}
    ).json()
    assert api.post(f"/v1/webhooks/{ding['id']}/rotate-secret", json={}).status_code == 422
    ok = api.post(f"/v1/webhooks/{ding['id']}/rotate-secret", json={"secret": "new"})
    assert ok.status_code == 200
    receiver.reply(ok_json(0, "code"))
    assert api.post(f"/v1/webhooks/{ding['id']}/test").json()["delivered"] is True
    body = receiver.requests[0].json()
    assert set(body) >= {"timestamp", "sign", "msg_type", "card"}
    slack = api.post("/v1/webhooks", json={"kind": "slack", "url": receiver.url}).json()
    assert api.post(f"/v1/webhooks/{slack['id']}/rotate-secret").status_code == 422


def test_delete_other_tenant_and_scopes(api, database, receiver):
    hook = create(api, url=receiver.url).json()
    other_key = make_key(database, "globex", ["admin"])
    other = {"Authorization": f"Bearer {other_key}"}
    for method, path in [
        ("get", f"/v1/webhooks/{hook['id']}"),
        ("delete", f"/v1/webhooks/{hook['id']}"),
        ("post", f"/v1/webhooks/{hook['id']}/test"),
        ("post", f"/v1/webhooks/{hook['id']}/rotate-secret"),
        ("get", f"/v1/webhooks/{hook['id']}/deliveries"),
    ]:
        assert api.request(method, path, headers=other).status_code == 404
    assert receiver.requests == []
    reader = {"Authorization": f"Bearer {make_key(database, 'acme', ['read'])}"}
    assert (
        api.post(
            "/v1/webhooks", json={"kind": "standard", "url": receiver.url}, headers=reader
        ).status_code
        == 403
    )
    assert api.delete(f"/v1/webhooks/{hook['id']}").status_code == 204
    assert api.get(f"/v1/webhooks/{hook['id']}").status_code == 404


def test_enable_turns_a_disabled_endpoint_back_on(api, database, receiver):
    from app.models import WebhookEndpoint

    hook = create(api, url=receiver.url).json()
    with database.session_scope() as session:
        row = session.get(WebhookEndpoint, hook["id"])
        row.enabled, row.disabled_reason = False, "HTTP 410 Gone"
    assert api.get(f"/v1/webhooks/{hook['id']}").json()["disabled_reason"] == "HTTP 410 Gone"
    enabled = api.post(f"/v1/webhooks/{hook['id']}/enable").json()
    assert enabled["enabled"] is True
    assert enabled["disabled_reason"] is None


def test_an_endpoint_can_be_the_tenants_admin_channel(api, receiver):
    plain = create(api, url=receiver.url).json()
    admin = create(api, url=receiver.url, admin_channel=True, event_types=["operator"]).json()
    assert plain["admin_channel"] is False
    assert admin["admin_channel"] is True
    assert admin["event_types"] == ["operator"]
    listed = {h["id"]: h["admin_channel"] for h in api.get("/v1/webhooks").json()}
    assert listed == {plain["id"]: False, admin["id"]: True}
