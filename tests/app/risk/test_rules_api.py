"""Per-tenant decision rules: admin to change, validated, and they move the decision."""

from tests.builders import create_watch, post_item
from tests.conftest import make_key


def contempt_post(pid):
    author = {"uid": "1000001", "name": "测评老王"}
    text = "河粉真是太懂了呢[微笑]，一群韭菜"
    return post_item(pid, text, author=author, created_at="2024-01-01T12:00:00+08:00")


def test_defaults_are_shown(api):
    body = api.get("/v1/risk-rules").json()
    assert body["customised"] is False
    assert body["rules"] == body["defaults"]
    assert body["rules"]["fandom_contempt_floor"] == "caution"


def test_a_stricter_contempt_rule_turns_caution_into_no_go(api):
    watch = create_watch(api)
    api.post(
        "/v1/posts",
        json=[contempt_post("c1"), *[post_item(f"n{i}", f"测评老王第{i}期") for i in range(30)]],
    )
    assert api.get(f"/v1/watches/{watch['id']}/risk").json()["decision"] == "caution"
    put = api.put("/v1/risk-rules", json={"fandom_contempt_floor": "no_go"})
    assert put.status_code == 200
    assert put.json()["customised"] is True
    assert api.get(f"/v1/watches/{watch['id']}/risk").json()["decision"] == "no_go"
    assert api.delete("/v1/risk-rules").status_code == 204
    assert api.get(f"/v1/watches/{watch['id']}/risk").json()["decision"] == "caution"


def test_incoherent_rules_are_refused_with_what_to_fix(api):
    response = api.put("/v1/risk-rules", json={"medium_from": 60, "high_from": 50})
    assert response.status_code == 422
    assert "medium_from < high_from" in response.json()["message"]
    above_veto = api.put("/v1/risk-rules", json={"component_caution_from": 80})
    assert above_veto.status_code == 422
    assert "component_caution_from" in above_veto.json()["message"]
    bad_weight = api.put("/v1/risk-rules", json={"weights": {"vibes": 1.0}})
    assert bad_weight.status_code == 422
    assert "vibes" in bad_weight.json()["message"]


def test_changing_rules_needs_admin(app_client, database):
    write_key = make_key(database, "acme", ["write"])
    headers = {"Authorization": f"Bearer {write_key}"}
    assert app_client.get("/v1/risk-rules", headers=headers).status_code == 200
    assert app_client.put("/v1/risk-rules", json={}, headers=headers).status_code == 403
