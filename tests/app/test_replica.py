"""KOLRISK_READ_DATABASE_URL: which reads go to the replica (as_of replays, the dashboard's
watch list) and which never do (current reads, anything that must see a post just written).

The replica here is a second engine on the test database, marked as a replica: every
statement is logged per engine, so a test sees which database each route read."""

import re
import sqlite3
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.config import Settings
from app.db import Database, read_replica
from app.main import create_app
from tests.builders import create_watch, post_item
from tests.conftest import make_key

KOL_AUTHOR = {"uid": "1000001", "name": "测评老王", "followers": 10**6}


class Statements:
    def __init__(self, database: Database) -> None:
        self.seen: list[str] = []
        event.listen(database.engine, "before_cursor_execute", self.record)

    def record(self, _conn, _cursor, statement, _params, _context, _many) -> None:
        self.seen.append(statement)

    def read(self, table: str) -> bool:
        return any(re.search(rf'\b(FROM|JOIN)\s+"?{table}\b', s) for s in self.seen)

    def writes(self) -> list[str]:
        return [s for s in self.seen if re.match(r"\s*(INSERT|UPDATE|DELETE)", s)]


@pytest.fixture
def replica(database):
    copy = Database(database.url, replica=True)
    yield copy
    copy.dispose()


@pytest.fixture
def client(settings, database, replica, clock):
    app = create_app(settings, database, clock=clock, replica=replica)
    with TestClient(app) as client:
        client.headers["Authorization"] = f"Bearer {make_key(database, 'acme', ['admin'])}"
        yield client


@pytest.fixture
def watch_id(client):
    watch = create_watch(client)
    items = [post_item(str(i), f"河粉都是韭菜{i}", author=KOL_AUTHOR) for i in range(3)]
    assert client.post("/v1/posts", json=items).status_code == 200
    assert client.get(f"/v1/watches/{watch['id']}/risk").status_code == 200  # scored, stored
    return watch["id"]


@pytest.fixture
def logs(database, replica):
    return Statements(database), Statements(replica)


def test_an_as_of_replay_reads_the_replica(client, watch_id, logs, clock):
    primary, replica = logs
    as_of = (clock() + timedelta(seconds=1)).isoformat()
    response = client.get(f"/v1/watches/{watch_id}/risk", params={"as_of": as_of})
    assert response.status_code == 200
    assert response.json()["coverage"]["posts"] == 3
    assert replica.read("mentions")
    assert replica.writes() == []
    assert not primary.read("mentions")  # the primary only checked the key


def test_a_current_read_never_reads_the_replica(client, watch_id, logs):
    primary, replica = logs
    client.post("/v1/posts", json=[post_item("new", "河粉都是韭菜new", author=KOL_AUTHOR)])
    risk = client.get(f"/v1/watches/{watch_id}/risk").json()
    assert risk["coverage"]["posts"] == 4
    post_id = risk["components"][0]["evidence"][0]["post_id"]
    assert client.get(f"/v1/posts/{post_id}").status_code == 200
    assert primary.read("mentions")
    assert primary.read("posts")
    assert replica.seen == []


def test_risk_checks_replay_on_the_replica_and_check_now_on_the_primary(client, watch_id, logs):
    primary, replica = logs
    watch = client.get(f"/v1/watches/{watch_id}").json()
    pairing = {"brand_id": watch["brand_id"], "kol_id": watch["kol_id"]}
    assert client.post("/v1/risk-checks", json=pairing).status_code == 200
    assert primary.read("mentions")
    assert replica.seen == []
    primary.seen.clear()
    as_of = {**pairing, "as_of": "2026-11-19T23:00:00+08:00"}
    assert client.post("/v1/risk-checks", json=as_of).status_code == 200
    assert replica.read("mentions")
    assert not primary.read("mentions")


def test_a_replayed_report_reads_the_replica_and_writes_nothing(client, watch_id, logs, clock):
    primary, replica = logs
    as_of = clock().isoformat()
    response = client.get(
        f"/v1/watches/{watch_id}/report", params={"format": "json", "as_of": as_of}
    )
    assert response.status_code == 200
    assert replica.read("mentions")
    assert replica.read("rollups")
    assert replica.writes() == []
    assert not primary.read("mentions")
    assert not primary.read("rollups")


def test_the_dashboard_watch_list_reads_the_replica(client, watch_id, logs, database):
    primary, replica = logs
    key = client.headers.pop("Authorization").split()[1]
    assert client.post("/ui/login", data={"key": key}, follow_redirects=False).status_code == 303
    primary.seen.clear()
    page = client.get("/ui/")
    assert page.status_code == 200
    assert "测评老王" in page.text
    assert replica.read("watches")
    assert replica.read("assessments")
    assert not primary.read("watches")
    assert not primary.read("assessments")


def test_a_replica_refuses_to_open_a_writing_session(replica):
    with pytest.raises(RuntimeError, match="replica"):
        replica.session(write=True)


def test_without_a_replica_url_the_primary_serves_every_read(database):
    assert read_replica(Settings(database_url=database.url), database) is database


def test_a_lagging_replica_answers_replays_as_it_stood(settings, database, clock, tmp_path):
    """The replica is a copy of the SQLite file taken before the last post arrived."""
    if not database.is_sqlite:
        pytest.skip("a file copy stands in for the replica on SQLite")
    app = create_app(settings, database, clock=clock)
    with TestClient(app) as client:
        client.headers["Authorization"] = f"Bearer {make_key(database, 'acme', ['admin'])}"
        watch_id = create_watch(client)["id"]
        client.post("/v1/posts", json=[post_item("1", "河粉都是韭菜", author=KOL_AUTHOR)])
        client.get(f"/v1/watches/{watch_id}/risk")
        copy = tmp_path / "replica.db"
        with sqlite3.connect(database.url.removeprefix("sqlite:///")) as source:
            with sqlite3.connect(copy) as target:
                source.backup(target)
        app.state.replica = Database(f"sqlite:///{copy}", replica=True)
        client.post("/v1/posts", json=[post_item("2", "河粉真是韭菜", author=KOL_AUTHOR)])
        as_of = (clock() + timedelta(seconds=1)).isoformat()
        replay = client.get(f"/v1/watches/{watch_id}/risk", params={"as_of": as_of}).json()
        current = client.get(f"/v1/watches/{watch_id}/risk").json()
        app.state.replica.dispose()
    assert (replay["coverage"]["posts"], current["coverage"]["posts"]) == (1, 2)
