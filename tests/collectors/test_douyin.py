"""Douyin through a provider, on our own fixtures: search cards, a user's posts, comments with
their replies, profiles, tombstones and refusals (tests/collectors/fixtures/douyin)."""

from __future__ import annotations

import json

import httpx
import pytest

from collectors.base import Access
from collectors.errors import Blocked, CaptchaRequired, LoginRequired, NotOnPlatform
from tests.collectors.helpers import adapter, own, own_json

PROVIDER = Access("https://unused.test", provider_url="http://provider.test/dy", provider_token="t")
API = "/dy/aweme/v1/web"


def answer(body: bytes, status: int = 200):
    return lambda request: httpx.Response(status, content=body)


def by_param(name: str, pages: dict[str, str]):
    def route(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=own(f"douyin/{pages[request.url.params[name]]}"))

    return route


def test_search_reads_video_and_mix_cards_and_threads_the_search_id():
    pages = {"0": "search_page1.json", "15": "search_page2.json"}
    douyin = adapter(
        "douyin", {f"{API}/general/search/single/": by_param("offset", pages)}, PROVIDER
    )
    page = douyin.search("测评老王 星河手机", None)
    assert [p.platform_id for p in page.posts] == ["7400000000000000001", "7400000000000000002"]
    video = page.posts[0]
    assert video.kind == "video"
    assert video.text == "老王开箱星河新机 #星河手机 #测评老王"
    assert video.author.followers is None  # 0 in search results means hidden
    assert video.metrics.likes == 123000
    assert video.metrics.reposts == 890
    assert video.metrics.views is None  # play_count 0 on the web: unknown
    assert video.url == "https://www.douyin.com/video/7400000000000000001"
    assert video.comment_ref == {"aweme_id": "7400000000000000001"}
    assert page.posts[1].text == "河粉怒了[泣不成声]"
    assert page.next_cursor == {"offset": 15, "search_id": "20261120100000FICTIONAL0001"}
    first = douyin.seen[0]
    assert first.headers["authorization"] == "Bearer t"
    assert first.headers["x-kolrisk-platform"] == "douyin"
    assert first.url.params["sort_type"] == "2"

    last = douyin.search("测评老王 星河手机", page.next_cursor)
    assert douyin.seen[1].url.params["search_id"] == "20261120100000FICTIONAL0001"
    assert [p.platform_id for p in last.posts] == ["7400000000000000003"]
    assert last.next_cursor is None


def test_a_providers_data_envelope_is_unwrapped():
    wrapped = json.dumps({"code": 200, "data": own_json("douyin/search_page1.json")}).encode()
    douyin = adapter("douyin", {f"{API}/general/search/single/": answer(wrapped)}, PROVIDER)
    assert len(douyin.search("x", None).posts) == 2


def test_user_posts_keep_a_deleted_video_as_a_tombstone():
    pages = {"0": "user_posts.json", "1794873600000": "user_posts_last.json"}
    douyin = adapter("douyin", {f"{API}/aweme/post/": by_param("max_cursor", pages)}, PROVIDER)
    page = douyin.user_posts("MS4wLjABAAAAfictional-laowang", None)
    assert [p.platform_id for p in page.posts] == ["7400000000000000011", "7400000000000000012"]
    assert page.posts[0].author.followers == 880000
    # The uid the KOL's account is listed by (sec_uid), so these read as the KOL's own videos.
    assert page.posts[0].author.uid == "MS4wLjABAAAAfictional-laowang"
    assert page.posts[0].tombstone_reason is None
    assert page.posts[1].tombstone_reason == "deleted"
    assert len(page.skipped) == 1  # the item without a create_time
    assert page.next_cursor == {"max_cursor": 1794873600000}
    assert douyin.seen[0].url.params["sec_user_id"] == "MS4wLjABAAAAfictional-laowang"
    last = douyin.user_posts("MS4wLjABAAAAfictional-laowang", page.next_cursor)
    assert last.posts[0].created.utc.year == 2025
    assert last.next_cursor is None


def test_comments_with_replies_folded_and_sticker_only():
    douyin = adapter(
        "douyin", {f"{API}/comment/list/": answer(own("douyin/comment_list.json"))}, PROVIDER
    )
    page = douyin.comments({"aweme_id": "7400000000000000011"}, None)
    by_id = {p.platform_id: p for p in page.posts}
    assert list(by_id) == [
        "7500000000000000001",
        "7500000000000000002",
        "7500000000000000003",
        "7500000000000000004",
    ]
    assert all(p.parent_platform_id == "7400000000000000011" for p in page.posts)
    assert by_id["7500000000000000001"].reply_to is None
    assert by_id["7500000000000000001"].metrics.comments == 1
    assert by_id["7500000000000000002"].reply_to == "7500000000000000001"
    assert by_id["7500000000000000003"].text == ""  # sticker-only comments are real
    assert by_id["7500000000000000004"].tombstone_reason == "folded"
    assert page.next_cursor == {"cursor": 20}
    params = douyin.seen[0].url.params
    assert (params["aweme_id"], params["cursor"]) == ("7400000000000000011", "0")


def test_no_comments_is_the_end_not_an_error():
    douyin = adapter(
        "douyin", {f"{API}/comment/list/": answer(own("douyin/comment_list_empty.json"))}, PROVIDER
    )
    page = douyin.comments({"aweme_id": "1"}, None)
    assert page.posts == []
    assert page.next_cursor is None


def test_profile_and_a_missing_user():
    douyin = adapter(
        "douyin", {f"{API}/user/profile/other/": answer(own("douyin/profile.json"))}, PROVIDER
    )
    profile = douyin.profile("MS4wLjABAAAAfictional-laowang")
    assert (profile.name, profile.followers, profile.posts) == ("测评老王", 880000, 1200)
    gone = adapter(
        "douyin", {f"{API}/user/profile/other/": answer(b'{"status_code": 0}')}, PROVIDER
    )
    with pytest.raises(NotOnPlatform):
        gone.profile("x")


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"blocked", Blocked),
        (b"", Blocked),
        (own("douyin/error_2483_login.json"), LoginRequired),
        (own("douyin/search_without_data.json"), LoginRequired),
        (own("douyin/captcha.html"), CaptchaRequired),
        (b'{"status_code": 8, "status_msg": "busy"}', Blocked),
    ],
)
def test_refusals(body, error):
    douyin = adapter("douyin", {f"{API}/general/search/single/": answer(body)}, PROVIDER)
    with pytest.raises(error):
        douyin.search("x", None)
