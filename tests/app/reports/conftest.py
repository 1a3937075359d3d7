"""A demo-like tenant for report tests: the bundled demo (no-go, caution, go)."""

from __future__ import annotations

import pytest

from app.demo.seed import seed_demo
from sentiment import get_scorer


@pytest.fixture
def demo(app_client, database, clock):
    """The app client signed in to the demo tenant; returns {KOL name: watch id}."""
    key = seed_demo(database, get_scorer(), clock())
    app_client.headers["Authorization"] = f"Bearer {key}"
    kols = {k["id"]: k["name"] for k in app_client.get("/v1/kols").json()}
    return {kols[w["kol_id"]]: w["id"] for w in app_client.get("/v1/watches").json()}
