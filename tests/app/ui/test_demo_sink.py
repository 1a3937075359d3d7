"""`serve --demo`: a webhook to the app's own loopback sink, so the newcomer's first minute
ends with a delivered alert in the no-go watch's delivery log, with no network."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import httpx
import pytest

from app.alerting.config import DeliveryConfig
from app.alerting.dispatcher import deliver_due
from app.alerting.jobs import process_alerts
from app.demo.seed import prepare_demo_alerts
from sentiment import get_scorer

SINK = "http://127.0.0.1:8000/ui/demo-sink"


@pytest.mark.db
def test_the_demo_alert_reaches_the_sink_and_the_delivery_log(
    ui, demo_watches, database, settings, clock
):
    demo = settings.model_copy(update={"webhook_allow_hosts": "127.0.0.1"})
    prepare_demo_alerts(database, get_scorer(), demo, SINK, clock())
    prepare_demo_alerts(database, get_scorer(), demo, SINK, clock())  # a rerun replaces it
    ui.app.state.demo_sink = True
    sent, bodies = [], []

    def through_the_app(request: httpx.Request) -> httpx.Response:
        # Stands in for the loopback socket: the request goes to the app's own sink route.
        sent.append(str(request.url))
        bodies.append(json.loads(request.content))
        answer = ui.post(request.url.path, content=request.content)
        return httpx.Response(answer.status_code)

    process_alerts(database, demo, clock)  # the alert and its event
    clock.advance(seconds=40)  # past the policy's group wait: the scheduler's next passes
    process_alerts(database, demo, clock)  # the grouped message
    transport = httpx.MockTransport(through_the_app)
    config = DeliveryConfig.from_settings(demo, inner_transport=transport)
    assert deliver_due(database, demo, clock, config) >= 1
    assert sent
    assert all(url == SINK for url in sent)
    event = [e for body in bodies for e in _events(body) if e["decision"] == "no_go"][0]
    assert event["reasons"]
    assert event["reasons_zh"]
    assert all(re.search("[\u4e00-\u9fff]", text) for text in event["reasons_zh"])
    assert event["reasons_zh"] != event["reasons"]
    page = ui.get(f"/ui/watches/{demo_watches['硬核老刀']}").text
    assert "已送达" in page  # delivered, in the page's language
    assert page.count("演示用接收端") >= 1  # the demo receiver, named as such
    assert "澜屿 × 硬核老刀 · 风险预警" in page  # what the message said


def _events(body: dict[str, Any]) -> list[dict[str, Any]]:
    data = body.get("data") or {}
    return list(data.get("events") or [])


@pytest.mark.db
def test_the_sink_is_closed_outside_demo_mode(app_client):
    assert app_client.post("/ui/demo-sink", content=b"{}").status_code == 404


def test_group_wait_is_under_the_first_minute():
    from app.alerting.policy import DEFAULT_POLICY

    assert DEFAULT_POLICY.group_wait < timedelta(seconds=45)
