"""Douyin end to end over loopback, through a tenant's provider: scheduled passes page through
search, the KOL's posts and the comments under the brand's latest video into the database, a
429 is waited out, a restart resumes from stored cursors, and refusals end up in coverage."""

from __future__ import annotations

import json

import pytest

from tests.app.collection.loopback import (
    coverage,
    cursors,
    fixture,
    loop_settings,
    only,
    paused,
    repeated,
    scheduled_pass,
    served,
    stored,
)
from tests.app.collection.stub import Stub, json_answer, raw_answer, serve
from tests.builders import brand_body, create_watch, kol_body

API = "/dy/aweme/v1/web"
KOL = "MS4wLjABAAAAfictional-laowang"
BRAND = "MS4wLjABAAAAfictional-xinghe"
BRAND_VIDEO = "7400000000000000021"


def search(hit):
    return served(
        "douyin/search_page1.json" if hit["offset"] == "0" else "douyin/search_page2.json"
    )


def posts(hit):
    if hit["sec_user_id"] == BRAND:
        page = json.loads(fixture("douyin/user_posts_last.json"))
        page["aweme_list"][0].update(aweme_id=BRAND_VIDEO, desc="星河新品发布会")
        return json_answer(page)
    first = hit["max_cursor"] == "0"
    return served("douyin/user_posts.json" if first else "douyin/user_posts_last.json")


def comments(hit):
    first = hit["cursor"] == "0"
    return served("douyin/comment_list.json" if first else "douyin/comment_list_empty.json")


@pytest.fixture
def world(api, settings):
    stub = Stub(
        {
            f"{API}/general/search/single/": search,
            f"{API}/aweme/post/": posts,
            f"{API}/comment/list/": comments,
        }
    )
    with serve(stub) as url:
        brand = brand_body(executives=[], owned_accounts=[{"platform": "douyin", "uid": BRAND}])
        kol = kol_body(accounts=[{"platform": "douyin", "uid": KOL}])
        watch = create_watch(api, brand, kol)
        yield stub, loop_settings(settings, url), watch["id"]


def provider(stub):
    return {"provider_url": stub.url + "/dy", "provider_token": "token-secret"}


def test_scheduled_passes_page_resume_and_store_everything_once(api, database, clock, world):
    stub, settings, watch_id = world
    only(api, "douyin", **provider(stub))
    calls = []

    def limited_once(hit):
        calls.append(hit)
        return (429, {"Retry-After": "5"}, b"") if len(calls) == 1 else comments(hit)

    stub.routes[f"{API}/comment/list/"] = limited_once
    time = scheduled_pass(database, settings, clock)
    assert 5.0 in time.waits
    rows = coverage(database, watch_id)
    assert {q: (r.last_error_kind, r.items) for q, r in rows.items()} == {
        "search:测评老王 星河手机": (None, 2),
        f"user:{KOL}": (None, 2),
        f"venue:{BRAND}": (None, 5),  # the brand's video and the four comments under it
    }
    marks = cursors(database, "douyin")
    assert marks["search:测评老王 星河手机"].cursor == {
        "offset": 15,
        "search_id": "20261120100000FICTIONAL0001",
    }
    assert marks[f"user:{KOL}"].cursor == {"max_cursor": 1794873600000}
    assert marks[f"comments:{BRAND_VIDEO}"].cursor == {"cursor": 20}
    saved = stored(database, "douyin")
    assert saved["7400000000000000012"].tombstone_reason == "deleted"
    assert saved["7500000000000000002"].parent_platform_id == BRAND_VIDEO
    assert saved["7500000000000000004"].tombstone_reason == "folded"
    first = stub.requests[0]
    assert first.headers["authorization"] == "Bearer token-secret"
    assert "cookie" not in first.headers
    count = len(saved)

    since = len(stub.requests)
    scheduled_pass(database, settings, clock)
    assert [
        (path, dict(params).get("sec_user_id")) for _, path, params in repeated(stub, since)
    ] == [
        (f"{API}/aweme/post/", BRAND)  # the brand's latest videos, looked at every pass
    ]
    assert stub.hits(f"{API}/aweme/post/")[-2]["max_cursor"] == "1794873600000"
    assert stub.hits(f"{API}/comment/list/")[-1]["cursor"] == "20"
    assert stub.hits(f"{API}/general/search/single/")[-1]["keyword"] == "测评老王 星河"
    assert cursors(database, "douyin")[f"user:{KOL}"].backfilled is True
    assert len(stored(database, "douyin")) == count + 1  # the older video


@pytest.mark.parametrize(
    ("body", "status", "kind", "stops"),
    [
        (b"blocked", 200, "blocked", True),
        (b"", 200, "blocked", True),
        (fixture("douyin/captcha.html"), 200, "captcha_required", True),
        (fixture("douyin/search_without_data.json"), 200, "login_required", False),
        (fixture("douyin/error_2483_login.json"), 200, "login_required", False),
    ],
)
def test_refusals(api, database, clock, world, body, status, kind, stops):
    stub, settings, watch_id = world
    only(api, "douyin", **provider(stub))
    stub.routes[f"{API}/general/search/single/"] = lambda hit: raw_answer(body, status)
    scheduled_pass(database, settings, clock)
    rows = coverage(database, watch_id)
    assert rows["search:测评老王 星河手机"].last_error_kind == kind
    assert (stub.hits(f"{API}/aweme/post/") == []) == stops
    assert bool(paused(database, "douyin")) == (kind == "captcha_required")


def test_without_a_provider_every_listing_is_login_required_and_nothing_is_asked(
    api, database, clock, world
):
    stub, settings, watch_id = world
    only(api, "douyin")
    scheduled_pass(database, settings, clock)
    kinds = {q: r.last_error_kind for q, r in coverage(database, watch_id).items()}
    assert set(kinds.values()) == {"login_required"}
    assert len(kinds) == 3
    assert stub.requests == []
