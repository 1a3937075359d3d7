"""Per-key budgets on /v1: 429 with Retry-After and the IETF RateLimit fields."""

from __future__ import annotations

import pytest

from tests.builders import create_watch
from tests.conftest import make_key

LIMITS = {"rate_limit_per_minute": 5, "rate_limit_expensive_per_minute": 3,
          "rate_limit_pdf_per_minute": 1}  # fmt: skip
ROOMY = {**LIMITS, "rate_limit_per_minute": 100}


@pytest.fixture
def limits():
    """The budgets the app is made with; a test parametrizes `limits` to change them."""
    return LIMITS


@pytest.fixture
def settings(settings, limits):
    return settings.model_copy(update=limits)


def statuses(client, path, times, **params):
    return [client.get(path, params=params).status_code for _ in range(times)]


def test_a_burst_gets_429_with_retry_after_and_the_ratelimit_fields(api, clock):
    first = api.get("/v1/brands")
    assert first.headers["RateLimit-Policy"] == '"default";q=5;w=60'
    assert first.headers["RateLimit"] == '"default";r=4;t=12'
    assert statuses(api, "/v1/brands", 4) == [200] * 4
    refused = api.get("/v1/brands")
    assert refused.status_code == 429
    body = refused.json()
    assert body["error"] == "rate_limited"
    assert body["detail"] == {
        "fields": [], "policy": "default", "limit": 5, "window_seconds": 60,
        "retry_after_seconds": 12,
    }  # fmt: skip
    assert "retry in 12 s" in body["message"]
    assert refused.headers["Retry-After"] == "12"
    assert refused.headers["RateLimit"] == '"default";r=0;t=60'
    clock.advance(seconds=11)
    assert api.get("/v1/brands").status_code == 429
    clock.advance(seconds=1)
    assert api.get("/v1/brands").status_code == 200


def test_each_key_has_its_own_budget_and_no_key_spends_none(api, app_client, database):
    assert statuses(api, "/v1/brands", 6)[-1] == 429
    other = {"Authorization": f"Bearer {make_key(database, 'acme', ['read'])}"}
    assert app_client.get("/v1/brands", headers=other).status_code == 200
    anonymous = app_client.get("/v1/brands", headers={"Authorization": ""})
    assert anonymous.status_code == 401
    assert "RateLimit" not in anonymous.headers


@pytest.mark.parametrize("limits", [ROOMY])
def test_replays_and_reports_also_spend_the_tighter_budget(api):
    watch = create_watch(api)
    path = f"/v1/watches/{watch['id']}/risk"
    replay = api.get(path, params={"as_of": "2026-11-19T00:00:00Z"})
    assert replay.headers["RateLimit-Policy"] == '"expensive";q=3;w=60, "default";q=100;w=60'
    assert statuses(api, path, 2, as_of="2026-11-19T00:00:00Z") == [200, 200]
    refused = api.get(path, params={"as_of": "2026-11-19T00:00:00Z"})
    assert refused.status_code == 429
    assert refused.json()["detail"]["policy"] == "expensive"
    assert refused.headers["Retry-After"] == "20"
    # The current assessment is served from its snapshot: only the default budget.
    assert statuses(api, path, 3) == [200] * 3
    assert api.get(f"/v1/watches/{watch['id']}/report", params={"format": "md"}).status_code == 429


@pytest.mark.parametrize("limits", [ROOMY])
def test_pdfs_have_the_tightest_budget(api):
    path = "/v1/watches/wch_missing/report"
    assert api.get(path, params={"format": "pdf"}).status_code == 404
    refused = api.get(path, params={"format": "pdf"})
    assert refused.status_code == 429
    assert refused.json()["detail"]["policy"] == "pdf"
    assert api.get(path, params={"format": "html"}).status_code == 404


@pytest.mark.parametrize("limits", [{**LIMITS, "rate_limit_per_minute": 0}])
def test_zero_turns_limits_off(api):
    assert statuses(api, "/v1/brands", 20) == [200] * 20
    assert "RateLimit" not in api.get("/v1/brands").headers


def test_the_dashboard_is_not_spent_by_api_budgets(api, app_client, database):
    assert statuses(api, "/v1/brands", 6)[-1] == 429
    assert app_client.get("/healthz").status_code == 200


@pytest.mark.parametrize("limits", [{}])
def test_the_defaults_let_a_client_replay_four_dozen_dates_in_a_row(api):
    watch = create_watch(api)
    path = f"/v1/watches/{watch['id']}/risk"
    days = [f"2026-10-{day:02d}T12:00:00+08:00" for day in range(1, 31)]
    days += [f"2026-11-{day:02d}T12:00:00+08:00" for day in range(1, 19)]
    answers = [api.get(path, params={"as_of": day}) for day in days]
    assert [a.status_code for a in answers] == [200] * 48
    assert answers[-1].headers["RateLimit-Policy"] == '"expensive";q=60;w=60, "default";q=600;w=60'
