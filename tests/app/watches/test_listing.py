"""GET /v1/watches: each watch with its current decision, level, score and confidence, filtered
and sorted by them, a page at a time; alerts and deliveries page the same way."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.demo.seed import seed_demo
from app.ids import new_id
from app.jobs.maintenance import evaluate_watches
from app.models import Alert, AlertMessage, DeliveryAttempt, Tenant, WebhookEndpoint
from sentiment import get_scorer
from tests.builders import create_watch


def _walk(client, path, limit):
    """Every page of a list (path may carry a query) by following its Link headers."""
    pages, url = [], f"{path}{'&' if '?' in path else '?'}limit={limit}"
    while url:
        answer = client.get(url)
        assert answer.status_code == 200, answer.text
        pages.append([item["id"] for item in answer.json()])
        link = answer.headers.get("link")
        url = link[link.index("<") + 1 : link.index(">")] if link else None
        assert len(pages) < 20, "pages never end"
    return pages


@pytest.fixture
def demo(app_client, database, clock):
    """The demo's three watches, assessed, and a client signed in to them."""
    scorer = get_scorer()
    key = seed_demo(database, scorer, clock())
    evaluate_watches(database, scorer, clock)
    app_client.headers["Authorization"] = f"Bearer {key}"
    kols = {k["id"]: k["name"] for k in app_client.get("/v1/kols").json()}
    return app_client, kols


def names(client, kols, query):
    answer = client.get(f"/v1/watches?{query}")
    assert answer.status_code == 200, answer.text
    return [kols[w["kol_id"]] for w in answer.json()]


@pytest.mark.db
def test_watches_carry_their_current_risk(demo):
    client, kols = demo
    listed = {kols[w["kol_id"]]: w for w in client.get("/v1/watches").json()}
    no_go = listed["硬核老刀"]
    assert (no_go["decision"], no_go["level"]) == ("no_go", "critical")
    assert no_go["score"] > 75
    assert 0.9 < no_go["confidence"] <= 1
    assert no_go["provisional"] is False
    assert no_go["evaluated_at"]
    assert listed["小满爱拆机"]["decision"] == "go"
    one = client.get(f"/v1/watches/{no_go['id']}").json()
    assert one["decision"] == "no_go"
    assert one["score"] == no_go["score"]


@pytest.mark.db
def test_watches_sort_and_filter_by_decision_level_score_and_stage(demo):
    client, kols = demo
    assert names(client, kols, "sort=-score") == ["硬核老刀", "苏葵实验室", "小满爱拆机"]
    assert names(client, kols, "sort=decision") == ["小满爱拆机", "苏葵实验室", "硬核老刀"]
    assert names(client, kols, "sort=-level")[0] == "硬核老刀"
    assert names(client, kols, "sort=stage") == ["苏葵实验室", "硬核老刀", "小满爱拆机"]
    assert names(client, kols, "decision=no_go") == ["硬核老刀"]
    assert set(names(client, kols, "decision=go&decision=caution")) == {"小满爱拆机", "苏葵实验室"}
    assert names(client, kols, "level=low") == ["小满爱拆机"]
    assert names(client, kols, "stage=live") == ["小满爱拆机"]
    assert names(client, kols, "min_score=40&sort=-score") == ["硬核老刀", "苏葵实验室"]
    assert names(client, kols, "max_score=10") == ["小满爱拆机"]
    assert client.get("/v1/watches?sort=riskiest").status_code == 422
    assert client.get("/v1/watches?decision=maybe").status_code == 422


@pytest.mark.db
def test_sorted_pages_follow_the_link_header_and_unassessed_watches_come_last(demo):
    client, kols = demo
    pages = _walk(client, "/v1/watches?sort=-score", limit=1)
    assert [len(p) for p in pages] == [1, 1, 1]
    fresh = create_watch(client, {"name": "新品牌"}, {"name": "新博主"})
    assert fresh["decision"] is None
    ids = [i for p in _walk(client, "/v1/watches?sort=-score", limit=2) for i in p]
    assert len(ids) == 4
    assert ids[-1] == fresh["id"]  # no assessment yet: below every score
    assert fresh["id"] not in [w["id"] for w in client.get("/v1/watches?decision=go").json()]


def _endpoint_with_history(database, now, tenant_name="acme"):
    """An endpoint with five delivery attempts and five alerts, stored directly."""
    with database.session_scope() as session:
        tenant = session.query(Tenant).filter_by(name=tenant_name).one()
        endpoint = WebhookEndpoint(
            id=new_id("whk"), tenant_id=tenant.id, kind="standard", url_ciphertext="x",
            url_hint="http://127.0.0.1", created_at=now, updated_at=now,
        )  # fmt: skip
        session.add(endpoint)
        return tenant.id, endpoint.id


@pytest.mark.db
def test_alerts_and_deliveries_page_newest_first(api, database, clock):
    watch = create_watch(api)
    now = clock()
    tenant_id, endpoint_id = _endpoint_with_history(database, now)
    with database.session_scope() as session:
        for n in range(5):
            moment = now + timedelta(minutes=n)
            session.add(
                Alert(
                    id=new_id("alr"), tenant_id=tenant_id, watch_id=watch["id"], rule=f"r{n}",
                    fingerprint=f"fp{n}", status="firing", level="high", decision="no_go",
                    score=80.0, started_at=moment, updated_at=moment,
                )
            )  # fmt: skip
            message = AlertMessage(
                id=new_id("msg"), tenant_id=tenant_id, endpoint_id=endpoint_id,
                next_attempt_at=moment, created_at=moment,
            )  # fmt: skip
            session.add(message)
            session.flush()
            session.add(
                DeliveryAttempt(
                    id=new_id("att"), message_id=message.id, endpoint_id=endpoint_id,
                    attempted_at=moment, outcome="delivered",
                )
            )  # fmt: skip
    alert_pages = _walk(api, "/v1/alerts", limit=2)
    assert [len(p) for p in alert_pages] == [2, 2, 1]
    rules = [a["rule"] for a in api.get("/v1/alerts").json()]
    assert rules == ["r4", "r3", "r2", "r1", "r0"]
    delivery_pages = _walk(api, f"/v1/webhooks/{endpoint_id}/deliveries", limit=3)
    assert [len(p) for p in delivery_pages] == [3, 2]
    times = [a["attempted_at"] for a in api.get(f"/v1/webhooks/{endpoint_id}/deliveries").json()]
    assert times == sorted(times, reverse=True)
