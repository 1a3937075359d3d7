"""POST /v1/imports: multipart upload answered like POST /v1/posts.

app.main does not mount the router yet, so these tests mount it on the test app themselves.
"""

import pytest

from tests.collectors.importers.helpers import MEDIACRAWLER_OLD, OWN, WEIBO_CRAWLER
from tests.conftest import make_key


@pytest.fixture
def client(api):
    return api


def upload(client, path, fmt, platform=None, filename=None, **kw):
    data = {"format": fmt, **({"platform": platform} if platform else {})}
    files = {"file": (filename or path.name, path.read_bytes(), "application/octet-stream")}
    return client.post("/v1/imports", data=data, files=files, **kw)


def test_happy_path_counts_and_line_numbers(client):
    response = upload(client, OWN / "items.csv", "csv", "weibo")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["inserted"], body["duplicates"]) == (2, 0)
    assert [r["index"] for r in body["rejected"]] == [5, 6]
    again = upload(client, OWN / "items.csv", "csv", "weibo").json()
    assert (again["inserted"], again["duplicates"]) == (0, 2)


def test_upload_name_gives_the_weibo_crawler_author(client):
    path = WEIBO_CRAWLER / "weibo" / "测评老王" / "1000001.csv"
    body = upload(client, path, "weibo-crawler").json()
    assert body["inserted"] == 3
    found = client.get("/v1/posts", params={"platform": "weibo", "platform_id": "5090000000000001"})
    assert found.json()[0]["author"]["uid"] == "1000001"


def test_mediacrawler_json_upload(client):
    path = MEDIACRAWLER_OLD / "zhihu/json/1_search_contents_2026-06-02.json"
    body = upload(client, path, "mediacrawler", "zhihu").json()
    assert body["inserted"] == 2
    assert [r["index"] for r in body["rejected"]] == [3]


def test_bad_format_is_422_and_names_the_valid_ones(client):
    response = upload(client, OWN / "items.csv", "xlsx")
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_input"
    assert "mediacrawler, weibo-crawler, jsonl, csv" in body["message"]


def test_unreadable_file_and_bad_platform_are_422(client):
    path = MEDIACRAWLER_OLD / "weibo/json/1_search_contents_2026-06-02.json"
    assert upload(client, path, "mediacrawler", "myspace").status_code == 422
    broken = client.post(
        "/v1/imports",
        data={"format": "mediacrawler", "platform": "weibo"},
        files={"file": ("x.json", b'[{"note_id": 1', "application/json")},
    )
    assert broken.status_code == 422
    assert "JSON" in broken.json()["message"]


def test_missing_file_is_422(client):
    response = client.post("/v1/imports", data={"format": "csv"})
    assert response.status_code == 422
    assert "'file'" in response.json()["message"]


def test_over_the_size_limit_is_413(client, settings):
    settings.max_import_bytes = 100
    response = upload(client, OWN / "items.csv", "csv")
    assert response.status_code == 413


def test_read_scope_cannot_import(client, database):
    read_key = make_key(database, "acme", ["read"])
    response = upload(
        client, OWN / "items.csv", "csv", headers={"Authorization": f"Bearer {read_key}"}
    )
    assert response.status_code == 403
