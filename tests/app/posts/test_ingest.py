"""POST /v1/posts: per-item rejects, idempotent replays, metric updates, raw, times, limits."""

from tests.builders import create_watch, post_item


def test_good_items_are_stored_and_bad_ones_listed_with_reasons(api):
    items = [
        post_item("a1", "第一条"),
        {"platform": "weibo", "text": "缺少 id 与时间"},
        post_item("a2", "第二条", platform="myspace"),
        post_item("a3", "第三条", created_at="not a time"),
        "not an object",
        post_item("a4", "第四条"),
    ]
    body = api.post("/v1/posts", json=items).json()
    assert body["inserted"] == 2
    rejected = {r["index"]: r["reason"] for r in body["rejected"]}
    assert set(rejected) == {1, 2, 3, 4}
    assert "platform_id" in rejected[1]
    assert "created_at" in rejected[1]
    assert "platform" in rejected[2]
    assert "created_at" in rejected[3]
    assert "object" in rejected[4]


def test_replay_counts_duplicates_and_updates_metrics(api):
    first = post_item("m1", "原文", metrics={"likes": 5, "reposts": 1, "comments": 2})
    assert api.post("/v1/posts", json=[first]).json()["inserted"] == 1
    again = post_item(
        "m1", "原文", metrics={"likes": 50, "reposts": 3, "comments": 9, "views": 1000}
    )
    body = api.post("/v1/posts", json=[again]).json()
    assert (body["inserted"], body["duplicates"]) == (0, 1)
    post_id = _post_id(api, "m1")
    stored = api.get(f"/v1/posts/{post_id}").json()
    assert stored["metrics"] == {"likes": 50, "reposts": 3, "comments": 9, "views": 1000}
    assert stored["metrics_updated_at"] is not None


def test_same_post_twice_in_one_batch_is_one_post_and_one_duplicate(api):
    body = api.post("/v1/posts", json=[post_item("d1", "x1"), post_item("d1", "x2")]).json()
    assert (body["inserted"], body["duplicates"]) == (1, 1)
    assert api.get(f"/v1/posts/{_post_id(api, 'd1')}").json()["text"] == "x2"


def test_edited_text_replaces_text_and_relinks(api):
    watch = create_watch(api)
    api.post("/v1/posts", json=[post_item("e1", "今天天气不错")])
    assert _watch_platform_ids(api, watch) == []
    api.post("/v1/posts", json=[post_item("e1", "测评老王今天发了新视频")])
    assert _watch_platform_ids(api, watch) == ["e1"]


def test_unknown_fields_are_kept_in_raw(api):
    item = post_item("u1", "带额外字段", source_app="iPhone客户端", raw={"mid": "123"})
    api.post("/v1/posts", json=[item])
    raw = api.get(f"/v1/posts/{_post_id(api, 'u1')}").json()["raw"]
    assert raw["mid"] == "123"
    assert raw["_unknown_fields"] == {"source_app": "iPhone客户端"}


def test_time_without_offset_is_read_as_shanghai(api):
    api.post("/v1/posts", json=[post_item("t1", "无时区", created_at="2026-11-19T20:00:00")])
    created = api.get(f"/v1/posts/{_post_id(api, 't1')}").json()["created_at"]
    assert created.startswith("2026-11-19T12:00:00")


def test_numeric_ids_are_accepted_as_strings(api):
    body = api.post(
        "/v1/posts", json=[post_item(4960000000000001, "数字 id", author={"uid": 42})]
    ).json()
    assert body["inserted"] == 1
    post = api.get(f"/v1/posts/{_post_id(api, '4960000000000001')}").json()
    assert post["author"]["uid"] == "42"


def test_posts_dated_in_the_future_are_rejected(api, clock):
    body = api.post(
        "/v1/posts", json=[post_item("f1", "未来", created_at="2030-01-01T00:00:00+08:00")]
    ).json()
    assert body["inserted"] == 0
    assert "future" in body["rejected"][0]["reason"]


def test_negative_metrics_are_rejected(api):
    body = api.post("/v1/posts", json=[post_item("n1", "x", metrics={"likes": -1})]).json()
    assert "likes" in body["rejected"][0]["reason"]


def test_body_that_is_not_an_array_is_refused_whole(api):
    response = api.post("/v1/posts", json={"platform": "weibo"})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_input"
    assert "array" in response.json()["message"]


def test_invalid_json_is_a_422(api):
    response = api.post(
        "/v1/posts", content=b"[{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422


def test_too_many_items_is_a_413(api, settings):
    settings.max_items_per_request = 3
    response = api.post("/v1/posts", json=[post_item(f"l{i}", "x") for i in range(4)])
    assert response.status_code == 413
    assert "3" in response.json()["message"]


def test_too_large_body_is_a_413(api, settings):
    settings.max_body_bytes = 1000
    response = api.post("/v1/posts", json=[post_item("big", "字" * 2000)])
    assert response.status_code == 413


def test_overlong_text_is_rejected_per_item(api, settings):
    settings.max_text_chars = 10
    body = api.post(
        "/v1/posts", json=[post_item("long", "字" * 11), post_item("short", "字")]
    ).json()
    assert body["inserted"] == 1
    assert body["rejected"][0]["index"] == 0


def test_tombstone_is_kept_and_shown(api):
    api.post("/v1/posts", json=[post_item("g1", "原帖")])
    api.post("/v1/posts", json=[post_item("g1", "原帖", tombstone_reason="deleted by platform")])
    post = api.get(f"/v1/posts/{_post_id(api, 'g1')}").json()
    assert post["text"] == "原帖"
    assert post["tombstone"]["reason"] == "deleted by platform"


def test_read_key_cannot_ingest(app_client, database):
    from tests.conftest import make_key

    app_client.headers["Authorization"] = f"Bearer {make_key(database, 'acme', ['read'])}"
    assert app_client.post("/v1/posts", json=[post_item("r1", "x")]).status_code == 403


def _post_id(api, platform_id, platform="weibo"):
    found = api.get(
        "/v1/posts", params={"platform": platform, "platform_id": str(platform_id)}
    ).json()
    assert len(found) == 1, found
    return found[0]["id"]


def _watch_platform_ids(api, watch):
    items = api.get(f"/v1/watches/{watch['id']}/posts").json()["items"]
    return sorted(p["platform_id"] for p in items)


def test_openapi_documents_the_post_item_it_validates(app_client):
    schemas = app_client.get("/openapi.json").json()["components"]["schemas"]
    item = schemas["PostIn"]
    assert item["required"] == ["platform", "platform_id", "text", "created_at"]
    assert {"author", "metrics", "tombstone_reason"} <= set(item["properties"])
    assert set(schemas["AuthorIn"]["properties"]) == {"uid", "name", "followers"}
