"""The app as `serve` runs it: the thread pool its routes run in."""

import anyio.to_thread
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app


def pool_size(client: TestClient) -> float:
    assert client.portal is not None
    return client.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)


def test_routes_run_in_a_pool_of_the_configured_size(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path}/main.db", api_threads=3)
    with TestClient(create_app(settings)) as client:
        assert pool_size(client) == 3


def test_the_pool_defaults_to_eight_threads(tmp_path, monkeypatch):
    monkeypatch.delenv("KOLRISK_API_THREADS", raising=False)
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path}/main.db"))) as client:
        assert pool_size(client) == 8
