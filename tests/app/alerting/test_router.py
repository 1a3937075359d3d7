"""/v1/alerts, acknowledgements and /v1/watches/{id}/silences; one run end to end."""

from datetime import timedelta

from app.alerting.dispatcher import deliver_due
from app.alerting.jobs import process_alerts
from app.auth.service import find_tenant
from tests.alerts.receiver import ok_json, running_receiver
from tests.app.alerting.builders import add_endpoint, add_transition, loopback_config
from tests.builders import create_watch
from tests.conftest import make_key


def tenant_id(database, name="acme"):
    with database.session_scope(write=False) as session:
        return find_tenant(session, name).id


def firing_watch(api, database, settings, clock):
    watch = create_watch(api)
    add_transition(database, watch["id"], "high", "no_go", clock())
    process_alerts(database, settings, clock)
    return watch


def test_alerts_are_listed_and_acknowledged(api, database, settings, clock):
    watch = firing_watch(api, database, settings, clock)
    (alert,) = api.get("/v1/alerts", params={"status": "firing"}).json()
    assert alert["watch_id"] == watch["id"]
    assert alert["level"] == "high"
    assert alert["watch_url"] == f"/ui/watches/{watch['id']}"
    acked = api.post(f"/v1/alerts/{alert['id']}/ack").json()
    assert acked["acked_at"] is not None
    assert api.get("/v1/alerts", params={"status": "resolved"}).json() == []
    add_transition(database, watch["id"], "low", "go", clock())
    process_alerts(database, settings, clock)
    assert api.post(f"/v1/alerts/{alert['id']}/ack").status_code == 409


def test_other_tenants_alerts_and_silences_are_hidden(api, database, settings, clock):
    watch = firing_watch(api, database, settings, clock)
    alert = api.get("/v1/alerts").json()[0]
    other = {"Authorization": f"Bearer {make_key(database, 'globex', ['admin'])}"}
    assert api.get("/v1/alerts", headers=other).json() == []
    assert api.post(f"/v1/alerts/{alert['id']}/ack", headers=other).status_code == 404
    silence = {"ends_at": (clock() + timedelta(hours=1)).isoformat()}
    path = f"/v1/watches/{watch['id']}/silences"
    assert api.post(path, json=silence, headers=other).status_code == 404
    reader = {"Authorization": f"Bearer {make_key(database, 'acme', ['read'])}"}
    assert api.post(f"/v1/alerts/{alert['id']}/ack", headers=reader).status_code == 403


def test_silences_per_watch(api, clock):
    watch = create_watch(api)
    path = f"/v1/watches/{watch['id']}/silences"
    past = {"ends_at": (clock() - timedelta(minutes=1)).isoformat()}
    assert api.post(path, json=past).status_code == 422
    created = api.post(
        path, json={"ends_at": (clock() + timedelta(hours=2)).isoformat(), "reason": "发布会期间"}
    )
    assert created.status_code == 201
    silence = created.json()
    assert silence["active"] is True
    assert [s["id"] for s in api.get(path).json()] == [silence["id"]]
    assert api.delete(f"{path}/{silence['id']}").status_code == 204
    assert api.get(path).json() == []


def test_end_to_end_a_flip_reaches_a_dingtalk_group_once(api, database, settings, clock):
    watch = create_watch(api)
    with running_receiver() as receiver:
        receiver.default = ok_json(0)
        add_endpoint(database, settings, tenant_id(database), receiver.url, "dingtalk")
        hostile = '@所有人 快看 https://evil.example.com/x <at user_id="all"></at>'
        add_transition(database, watch["id"], "critical", "no_go", clock(), quotes=(hostile,))
        config = loopback_config(settings)
        for _ in range(3):
            process_alerts(database, settings, clock)
            deliver_due(database, settings, clock, config)
            clock.advance(seconds=15)
        assert len(receiver.requests) == 1
        text = receiver.requests[0].json()["markdown"]["text"]
    assert f"/ui/watches/{watch['id']}" in text
    assert "@所有人" not in text
    assert "evil.example.com" not in text
    assert "<at" not in text
    assert "快看" in text
