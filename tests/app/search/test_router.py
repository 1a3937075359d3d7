"""GET /v1/posts?q= and GET /v1/watches/{id}/posts?q=: Chinese text search through bigrams."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from app.models import PostSearch
from tests.builders import create_watch, post_item
from tests.conftest import make_key


def _ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [p["platform_id"] for p in response.json()]


def _store(api: Any, *items: dict[str, Any]) -> None:
    assert api.post("/v1/posts", json=list(items)).json()["inserted"] == len(items)


def test_two_character_words_are_found_and_bigrams_out_of_order_are_not(api):
    _store(
        api,
        post_item("a", "这次发布会翻车了", created_at="2026-11-19T10:00:00+08:00"),
        post_item("b", "车翻了", created_at="2026-11-19T11:00:00+08:00"),
        post_item("c", "又翻车，笑死", created_at="2026-11-19T12:00:00+08:00"),
    )
    assert _ids(api.get("/v1/posts", params={"q": "翻车"})) == ["c", "a"]
    # Holds the bigrams 发布, 布会 of 发布会 and nothing else: only post a.
    assert _ids(api.get("/v1/posts", params={"q": "发布会"})) == ["a"]
    # Every term must be there.
    assert _ids(api.get("/v1/posts", params={"q": "翻车 笑死"})) == ["c"]
    assert _ids(api.get("/v1/posts", params={"q": "没有的词"})) == []


def test_search_reads_the_normalised_text(api):
    _store(api, post_item("w", "新款ＩＰＨＯＮＥ到了"))
    assert _ids(api.get("/v1/posts", params={"q": "iPhone"})) == ["w"]


def test_search_pages_with_link_header_and_keeps_the_other_filters(api):
    items = [
        post_item(f"p{i}", f"第{i}条 翻车", created_at=f"2026-11-{10 + i:02d}T10:00:00+08:00")
        for i in range(5)
    ]
    items.append(post_item("x", "翻车", platform="bilibili"))
    _store(api, *items)
    first = api.get("/v1/posts", params={"q": "翻车", "platform": "weibo", "limit": 2})
    assert _ids(first) == ["p4", "p3"]
    link = first.headers["link"]
    assert 'rel="next"' in link
    next_url = link.split(">")[0].lstrip("<")
    second = api.get(next_url)
    assert _ids(second) == ["p2", "p1"]
    window = {
        "q": "翻车",
        "since": "2026-11-11T00:00:00+08:00",
        "until": "2026-11-13T00:00:00+08:00",
    }
    assert _ids(api.get("/v1/posts", params=window)) == ["p2", "p1"]


def test_platform_filters_alone_still_find_one_post(api):
    _store(api, post_item("only", "某条微博"))
    assert _ids(api.get("/v1/posts", params={"platform": "weibo", "platform_id": "only"})) == [
        "only"
    ]
    assert _ids(api.get("/v1/posts", params={"platform_id": "only"})) == ["only"]
    assert _ids(api.get("/v1/posts", params={"platform": "douyin"})) == []
    assert _ids(api.get("/v1/posts")) == ["only"]


def test_one_character_query_needs_a_watch_or_a_short_window(api):
    _store(api, post_item("one", "赞", created_at="2026-11-19T10:00:00+08:00"))
    refused = api.get("/v1/posts", params={"q": "赞"})
    assert refused.status_code == 400
    body = refused.json()
    assert "one-character" in body["message"]
    assert "since and until" in body["message"]
    assert body["detail"]["fields"][0]["field"] == "q"
    too_long = {"q": "赞", "since": "2026-11-01T00:00:00Z", "until": "2026-11-30T00:00:00Z"}
    assert api.get("/v1/posts", params=too_long).status_code == 400
    week = {"q": "赞", "since": "2026-11-15T00:00:00Z", "until": "2026-11-21T00:00:00Z"}
    assert _ids(api.get("/v1/posts", params=week)) == ["one"]


def test_empty_or_overlong_queries_say_what_to_send(api):
    assert api.get("/v1/posts", params={"q": "   "}).status_code == 400
    assert api.get("/v1/posts", params={"q": "翻" * 201}).status_code == 422


def test_watch_posts_take_q_including_one_character(api):
    watch = create_watch(api)
    _store(
        api,
        post_item("k1", "测评老王又翻车了", created_at="2026-11-19T10:00:00+08:00"),
        post_item("k2", "测评老王的新视频很赞", created_at="2026-11-19T11:00:00+08:00"),
        post_item("n1", "与老王无关的翻车"),
    )
    url = f"/v1/watches/{watch['id']}/posts"
    found = api.get(url, params={"q": "翻车"}).json()
    assert [p["platform_id"] for p in found["items"]] == ["k1"]
    one = api.get(url, params={"q": "赞"}).json()
    assert [p["platform_id"] for p in one["items"]] == ["k2"]
    paged = api.get(url, params={"q": "老王", "limit": 1}).json()
    assert [p["platform_id"] for p in paged["items"]] == ["k2"]
    rest = api.get(url, params={"q": "老王", "cursor": paged["next_cursor"]}).json()
    assert [p["platform_id"] for p in rest["items"]] == ["k1"]


def test_an_edited_post_is_found_by_its_new_text_only(api):
    _store(api, post_item("e", "原来的文字"))
    api.post("/v1/posts", json=[post_item("e", "改过的内容")])
    assert _ids(api.get("/v1/posts", params={"q": "原来"})) == []
    assert _ids(api.get("/v1/posts", params={"q": "改过"})) == ["e"]


def test_another_tenant_never_finds_our_posts(api, app_client, database):
    _store(api, post_item("ours", "只属于我们的秘密"))
    other = make_key(database, "other", ["admin"])
    response = app_client.get(
        "/v1/posts", params={"q": "秘密"}, headers={"Authorization": f"Bearer {other}"}
    )
    assert _ids(response) == []


def test_erasing_an_author_removes_their_index_rows(api, database):
    _store(api, post_item("gone", "要被删除的文字", author={"uid": "u9", "name": "x"}))
    with database.session_scope(write=False) as session:
        assert session.scalar(select(func.count()).select_from(PostSearch)) > 0
    erased = api.post("/v1/privacy/erasures", json={"platform": "weibo", "uid": "u9"})
    assert erased.status_code in (200, 201), erased.text
    with database.session_scope(write=False) as session:
        assert session.scalar(select(func.count()).select_from(PostSearch)) == 0
