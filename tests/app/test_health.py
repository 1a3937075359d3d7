import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db import Database, upgrade_to_head
from app.main import create_app


@pytest.fixture
def client_on(tmp_path):
    """A client on a fresh SQLite file, migrated or not."""
    made = []

    def make(migrated):
        url = f"sqlite:///{tmp_path / 'health.db'}"
        database = Database(url)
        if migrated:
            upgrade_to_head(database)
        client = TestClient(create_app(Settings(database_url=url), database))
        made.append(database)
        return client

    yield make
    for database in made:
        database.dispose()


def test_healthz(app_client):
    response = app_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_on_a_migrated_database(app_client):
    response = app_client.get("/readyz")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == "ok"
    migrations = body["checks"]["migrations"]
    assert migrations["ok"] is True
    assert migrations["current"] == migrations["head"] is not None


def test_readyz_is_503_on_an_unmigrated_database(client_on):
    client = client_on(migrated=False)
    response = client.get("/readyz")
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"]["current"] is None
    assert body["checks"]["migrations"]["ok"] is False
    # The process itself is alive.
    assert client.get("/healthz").status_code == 200


def test_readyz_on_a_fresh_migrated_sqlite_file(client_on):
    assert client_on(migrated=True).get("/readyz").status_code == 200


def test_readyz_is_503_when_the_database_is_unreachable(tmp_path):
    url = f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}"
    database = Database(url)
    (tmp_path / "missing-dir").rmdir()
    try:
        response = TestClient(create_app(Settings(database_url=url), database)).get("/readyz")
    finally:
        database.dispose()
    assert response.status_code == 503, response.text
    assert response.json()["checks"]["database"].startswith("unreachable")
