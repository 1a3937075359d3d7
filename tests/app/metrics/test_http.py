"""GET /metrics and what every request adds to it: latency by route template, counts by
status, and the request id each response carries."""

import logging

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.app.metrics.scrape import value

ROUTE = "/v1/watches/{watch_id}/risk"


def test_requests_are_counted_by_route_template_not_path(api):
    api.get("/v1/watches/wch_a/risk")
    api.get("/v1/watches/wch_b/risk")
    api.get("/no/such/page/8f1c")
    text = api.get("/metrics").text
    assert value(text, "kolrisk_http_requests_total", method="GET", route=ROUTE, status=404) == 2
    assert (
        value(text, "kolrisk_http_request_duration_seconds_count", method="GET", route=ROUTE) == 2
    )
    assert value(text, "kolrisk_http_requests_total", method="GET", route="unmatched", status=404)
    assert "wch_a" not in text
    assert "8f1c" not in text


def test_metrics_are_the_prometheus_text_format_and_open_by_default(app_client):
    response = app_client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert "# TYPE kolrisk_http_request_duration_seconds histogram" in response.text


def test_a_metrics_token_closes_the_endpoint(settings, database, clock):
    settings.metrics_token = "scrape-secret"
    with TestClient(create_app(settings, database, clock=clock)) as client:
        assert client.get("/metrics").status_code == 401
        wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        assert wrong.json()["error"] == "unauthorized"
        right = client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})
        assert right.status_code == 200
        assert client.get("/healthz").status_code == 200  # only /metrics is closed


def test_an_incoming_request_id_is_kept_and_returned(app_client):
    response = app_client.get("/healthz", headers={"X-Request-ID": "lb-7f3a:01"})
    assert response.headers["x-request-id"] == "lb-7f3a:01"


@pytest.mark.parametrize("given", [None, "two words", "x" * 200, "ids\x01"])
def test_a_missing_or_unsafe_request_id_is_replaced_by_a_fresh_one(app_client, given):
    headers = {"X-Request-ID": given} if given else {}
    first = app_client.get("/healthz", headers=headers).headers["x-request-id"]
    second = app_client.get("/healthz", headers=headers).headers["x-request-id"]
    assert first != second
    assert len(first) == 32
    assert first.isalnum()


def test_an_unexpected_error_is_a_500_with_its_request_id(settings, database, clock, caplog):
    app = create_app(settings, database, clock=clock)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("broken")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom", headers={"X-Request-ID": "trace-me"})
        text = client.get("/metrics").text
    assert response.status_code == 500
    assert response.headers["x-request-id"] == "trace-me"
    assert value(text, "kolrisk_http_requests_total", method="GET", route="/boom", status=500)
    assert any(r.levelno == logging.ERROR and "/boom" in r.getMessage() for r in caplog.records)


def test_each_request_is_logged_with_its_route_and_status(app_client, caplog):
    caplog.set_level(logging.INFO, logger="kolrisk.http")
    app_client.get("/v1/watches/wch_a/risk", headers={"X-Request-ID": "r-1"})
    app_client.get("/healthz")  # probes are counted, not logged
    [line] = [r for r in caplog.records if r.name == "kolrisk.http"]
    assert (line.route, line.status, line.path) == (ROUTE, 401, "/v1/watches/wch_a/risk")
