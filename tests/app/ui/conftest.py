"""The dashboard signed in to the demo tenant (a cookie, as a browser would hold it)."""

from __future__ import annotations

import re

import pytest

from app.demo.seed import seed_demo
from sentiment import get_scorer


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert found, "no CSRF field on the page"
    return found.group(1)


@pytest.fixture
def demo_key(database, clock):
    return seed_demo(database, get_scorer(), clock())


@pytest.fixture
def ui(app_client, demo_key):
    response = app_client.post("/ui/login", data={"key": demo_key}, follow_redirects=False)
    assert response.status_code == 303
    return app_client


@pytest.fixture
def demo_watches(ui, demo_key):
    headers = {"Authorization": f"Bearer {demo_key}"}
    kols = {k["id"]: k["name"] for k in ui.get("/v1/kols", headers=headers).json()}
    return {kols[w["kol_id"]]: w["id"] for w in ui.get("/v1/watches", headers=headers).json()}
