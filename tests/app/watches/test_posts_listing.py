"""GET /v1/watches/{id}/posts: newest first, filters, and a cursor that never skips or repeats."""

from tests.builders import create_watch, post_item


def seed(api):
    watch = create_watch(api)
    items = [
        post_item(f"p{i}", f"测评老王第{i}条", created_at=f"2026-11-{10 + i:02d}T12:00:00+08:00")
        for i in range(7)
    ]
    items.append(post_item("bili", "测评老王在B站", platform="bilibili"))
    api.post("/v1/posts", json=items)
    return watch["id"]


def test_pages_cover_every_post_once_newest_first(api):
    watch_id = seed(api)
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = api.get(f"/v1/watches/{watch_id}/posts", params=params).json()
        seen += [p["created_at"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 8
    assert seen == sorted(seen, reverse=True)


def test_platform_and_time_filters(api):
    watch_id = seed(api)
    bili = api.get(f"/v1/watches/{watch_id}/posts", params={"platform": "bilibili"}).json()["items"]
    assert [p["platform_id"] for p in bili] == ["bili"]
    window = api.get(
        f"/v1/watches/{watch_id}/posts",
        params={"since": "2026-11-12T00:00:00+08:00", "until": "2026-11-14T00:00:00+08:00"},
    ).json()["items"]
    assert sorted(p["platform_id"] for p in window) == ["p2", "p3"]


def test_sentiment_filter_uses_stored_scores(api):
    watch = create_watch(api)
    api.post(
        "/v1/posts",
        json=[
            post_item("bad", "测评老王太恶心了，脱粉了"),
            post_item("good", "测评老王真棒，推荐"),
        ],
    )
    api.get(f"/v1/watches/{watch['id']}/risk")  # scores the watch's pending posts
    negative = api.get(f"/v1/watches/{watch['id']}/posts", params={"sentiment": "negative"}).json()[
        "items"
    ]
    assert [p["platform_id"] for p in negative] == ["bad"]
    assert negative[0]["sentiment"]["label"] == "negative"


def test_bad_cursor_and_bad_filter_are_422(api):
    watch_id = seed(api)
    assert api.get(f"/v1/watches/{watch_id}/posts", params={"cursor": "garbage"}).status_code == 422
    assert (
        api.get(f"/v1/watches/{watch_id}/posts", params={"platform": "myspace"}).status_code == 422
    )
    assert api.get(f"/v1/watches/{watch_id}/posts", params={"limit": 0}).status_code == 422
