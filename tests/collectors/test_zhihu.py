"""Zhihu on our own fixtures: search, a member's answers, root comments with their children,
profiles, and every refusal body (tests/collectors/fixtures/zhihu)."""

from __future__ import annotations

import httpx
import pytest

from collectors.base import Access
from collectors.errors import (
    Blocked,
    CaptchaRequired,
    LoginRequired,
    NotOnPlatform,
    SignatureRejected,
)
from tests.collectors.helpers import adapter, own

COOKIE = Access("https://zhihu.test", cookie="z_c0=secret")
ANSWER = "1900000000000000404"


def by_offset(first: str, rest: str):
    """Page one without an offset (or offset 0), the other file for any later offset."""

    def answer(request: httpx.Request) -> httpx.Response:
        offset = request.url.params.get("offset", "")
        name = first if offset in ("", "0") else rest
        return httpx.Response(200, content=own(f"zhihu/{name}"))

    return answer


def test_search_keeps_content_cards_and_follows_paging_next():
    zhihu = adapter(
        "zhihu",
        {"/api/v4/search_v3": by_offset("search_v3_page1.json", "search_v3_last.json")},
        COOKIE,
    )
    page = zhihu.search("测评老王 星河手机", None)
    assert [p.platform_id for p in page.posts] == ["1900000000000000101", "700000000000000202"]
    answer, article = page.posts
    assert answer.kind == "post"
    assert answer.text.startswith("如何看待测评老王和星河手机的合作传闻？\n老王这几年")
    assert "<" not in answer.text
    assert answer.url == (
        "https://www.zhihu.com/question/1800000000000000001/answer/1900000000000000101"
    )
    assert answer.author.uid == "shuma-xiaozhang"
    assert answer.author.followers == 3200
    assert answer.created.precision == "second"
    assert answer.comment_ref == {"kind": "answers", "id": "1900000000000000101"}
    assert article.kind == "article"
    assert article.url == "https://zhuanlan.zhihu.com/p/700000000000000202"
    assert article.metrics.likes == 21000  # "2.1万"
    assert page.next_cursor == {"offset": "20"}
    request = zhihu.seen[0]
    assert request.headers["cookie"] == "z_c0=secret"
    assert request.url.params["sort"] == "created_time"

    last = zhihu.search("测评老王 星河手机", page.next_cursor)
    assert zhihu.seen[1].url.params["offset"] == "20"
    assert [p.kind for p in last.posts] == ["video"]
    assert last.next_cursor is None  # paging.is_end


def test_search_without_cookie_or_provider_makes_no_request():
    zhihu = adapter("zhihu", {})
    with pytest.raises(LoginRequired):
        zhihu.search("x", None)
    assert zhihu.seen == []


def test_a_provider_stands_in_for_the_signature():
    provider = Access(
        "https://zhihu.test", provider_url="http://signer.test/zh", provider_token="t"
    )
    zhihu = adapter(
        "zhihu",
        {
            "/zh/api/v4/search_v3": lambda r: httpx.Response(
                200, content=own("zhihu/search_v3_last.json")
            )
        },
        provider,
    )
    assert len(zhihu.search("x", None).posts) == 1
    assert zhihu.seen[0].url.host == "signer.test"
    assert zhihu.seen[0].headers["authorization"] == "Bearer t"


def test_member_answers_skip_an_undated_item_and_say_why():
    zhihu = adapter(
        "zhihu", {"/api/v4/members/ceping-laowang/answers": own("zhihu/member_answers.json")}
    )
    page = zhihu.user_posts("ceping-laowang", None)
    assert [p.platform_id for p in page.posts] == [ANSWER, "1900000000000000405"]
    assert page.posts[0].text == "星河新旗舰值得买吗？\n星河今年的旗舰，我只说一句：别买。"
    assert page.posts[1].created.utc.year == 2025
    assert len(page.skipped) == 1
    assert "not a time" in page.skipped[0]
    assert page.next_cursor == {"offset": "20"}


def test_root_comments_with_children_tombstones_and_cursor():
    path = f"/api/v4/comment_v5/answers/{ANSWER}/root_comment"
    zhihu = adapter("zhihu", {path: own("zhihu/root_comments.json")})
    page = zhihu.comments({"kind": "answers", "id": ANSWER}, None)
    by_id = {p.platform_id: p for p in page.posts}
    assert list(by_id) == ["11000000001", "11000000002", "11000000003", "11000000004"]
    assert all(p.parent_platform_id == ANSWER and p.kind == "comment" for p in page.posts)
    assert by_id["11000000001"].reply_to is None  # "0" means a root comment
    assert by_id["11000000001"].text == "老王要是接了星河的单，我当场退坑 [怒]"
    assert by_id["11000000001"].metrics.comments == 2
    assert by_id["11000000002"].reply_to == "11000000001"
    assert by_id["11000000003"].tombstone_reason == "deleted"
    assert by_id["11000000004"].tombstone_reason == "folded"
    assert by_id["11000000002"].tombstone_reason is None
    assert page.next_cursor == {"offset": "MTEwMDAwMDAwMDQ="}
    zhihu.comments({"kind": "answers", "id": ANSWER}, page.next_cursor)
    assert zhihu.seen[1].url.params["offset"] == "MTEwMDAwMDAwMDQ="


def test_profile_and_a_missing_member():
    zhihu = adapter("zhihu", {"/api/v4/members/ceping-laowang": own("zhihu/member_profile.json")})
    profile = zhihu.profile("ceping-laowang")
    assert (profile.name, profile.followers, profile.posts) == ("测评老王", 880000, 57)
    assert profile.verified_reason == "十年数码测评，只说真话"
    gone = adapter("zhihu", {"/api/v4/members/nobody": {}})
    with pytest.raises(NotOnPlatform):
        gone.profile("nobody")


@pytest.mark.parametrize(
    ("status", "name", "error"),
    [
        (403, "error_40362_restricted.json", Blocked),
        (403, "error_40352_unhuman.json", CaptchaRequired),
        (403, "error_10003_signature.json", SignatureRejected),
        (401, "error_need_login.json", LoginRequired),
    ],
)
def test_refusal_bodies(status, name, error):
    body = own(f"zhihu/{name}")
    zhihu = adapter(
        "zhihu", {"/api/v4/search_v3": lambda r: httpx.Response(status, content=body)}, COOKIE
    )
    with pytest.raises(error):
        zhihu.search("x", None)


def test_html_where_json_was_expected_is_a_refusal():
    page = lambda r: httpx.Response(200, content=b"<html><body>busy</body></html>")  # noqa: E731
    zhihu = adapter("zhihu", {"/api/v4/members/ceping-laowang/answers": page})
    with pytest.raises(Blocked):
        zhihu.user_posts("ceping-laowang", None)
