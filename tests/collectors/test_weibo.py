"""Weibo's m.weibo.cn container API on our own fixtures: a timeline with a long text, a repost
of a deleted post and an undated card, the older page-numbered cursor, profiles, hot comments
with inline replies, and search card groups (tests/collectors/fixtures/weibo)."""

from __future__ import annotations

import httpx
import pytest

from collectors.base import Access
from collectors.errors import CaptchaRequired, LoginWall, NotOnPlatform
from tests.collectors.helpers import adapter, own

COOKIE = Access("https://weibo.test", cookie="SUB=secret")
MID = "5000000000000000001"


def file(name: str, status: int = 200):
    return lambda request: httpx.Response(status, content=own(f"weibo/{name}"))


def test_timeline_expands_long_text_and_keeps_a_deleted_original():
    weibo = adapter(
        "weibo",
        {
            "/api/container/getIndex": file("timeline_page1.json"),
            "/statuses/extend": file("extend_longtext.json"),
        },
    )
    page = weibo.user_posts("1000001", None)
    by_id = {p.platform_id: p for p in page.posts}
    assert list(by_id) == [MID, "5000000000000000002", "5000000000000000009", "5000000000000000003"]
    first = by_id[MID]
    assert first.text == "星河的新机？河粉自己用吧[怒]\n我是不会买的"
    assert (first.metrics.reposts, first.metrics.comments, first.metrics.likes) == (
        1_000_000,
        3200,
        23000,
    )
    assert first.author.followers == 880000
    assert first.created.precision == "second"
    assert first.comment_ref == {"mid": MID}
    assert (
        by_id["5000000000000000002"].text
        == "今天说点真话：星河这几年的产品，\n配不上河粉的钱。[怒]"
    )
    assert by_id["5000000000000000002"].created.raw == "昨天 21:30"
    repost = by_id["5000000000000000003"]
    assert (repost.kind, repost.parent_platform_id) == ("repost", "5000000000000000009")
    assert repost.created.precision == "day"
    assert by_id["5000000000000000009"].tombstone_reason == "deleted_by_author"
    assert len(page.skipped) == 1  # the card without a time
    assert page.next_cursor == {"since_id": "5000000000000000003"}
    assert weibo.seen[0].url.params["containerid"] == "1076031000001"
    extend = next(r for r in weibo.seen if r.url.path == "/statuses/extend")
    assert extend.url.params["id"] == "5000000000000000002"


def test_a_long_text_that_cannot_be_fetched_keeps_the_truncated_text_and_says_so():
    weibo = adapter(
        "weibo",
        {
            "/api/container/getIndex": file("timeline_page1.json"),
            "/statuses/extend": lambda r: httpx.Response(503),
        },
    )
    post = next(p for p in weibo.user_posts("1000001", None).posts if p.platform_id.endswith("2"))
    assert post.text.startswith("今天说点真话：星河这几年的产品...")
    assert post.raw["_long_text_error"] == "transient"


def test_older_payloads_number_their_pages_and_an_empty_page_ends():
    weibo = adapter("weibo", {"/api/container/getIndex": file("timeline_legacy_page.json")})
    page = weibo.user_posts("1000001", {"page": 2})
    assert weibo.seen[0].url.params["page"] == "2"
    assert page.next_cursor == {"page": 3}
    assert page.posts[0].created.precision == "day"
    end = adapter("weibo", {"/api/container/getIndex": file("timeline_end.json")})
    assert end.user_posts("1000001", {"page": 9}).next_cursor is None


def test_profile_and_a_missing_user():
    weibo = adapter("weibo", {"/api/container/getIndex": file("profile.json")})
    profile = weibo.profile("1000001")
    assert (profile.name, profile.followers, profile.posts) == ("测评老王", 880000, 3456)
    assert profile.verified_reason == "数码博主"
    gone = adapter("weibo", {"/api/container/getIndex": file("timeline_end.json")})
    with pytest.raises(NotOnPlatform):
        gone.profile("404")


def test_hot_comments_with_inline_replies_and_max_id_paging():
    weibo = adapter("weibo", {"/comments/hotflow": file("hotflow_page1.json")})
    page = weibo.comments({"mid": MID}, None)
    by_id = {p.platform_id: p for p in page.posts}
    assert list(by_id) == ["6000000000000000001", "6000000000000000002", "6000000000000000003"]
    assert all(p.parent_platform_id == MID for p in page.posts)
    root = by_id["6000000000000000001"]
    assert (root.text, root.reply_to, root.metrics.comments) == ("老王你不配[怒]", None, 2)
    reply = by_id["6000000000000000002"]
    assert reply.reply_to == "6000000000000000001"
    assert reply.text == "回复@河粉一号:他去年还说河粉是负资产[doge]"
    assert reply.url == f"https://m.weibo.cn/detail/{MID}?cid=6000000000000000002"
    assert page.next_cursor == {"max_id": 138000000000000, "max_id_type": 0}
    assert weibo.seen[0].headers["referer"] == f"https://m.weibo.cn/detail/{MID}"
    weibo.comments({"mid": MID}, page.next_cursor)
    assert weibo.seen[1].url.params["max_id"] == "138000000000000"


def test_no_more_comments_is_the_end():
    weibo = adapter("weibo", {"/comments/hotflow": file("hotflow_end.json")})
    page = weibo.comments({"mid": MID}, {"max_id": 1, "max_id_type": 0})
    assert page.posts == []
    assert page.next_cursor is None


def test_search_reads_posts_inside_card_groups_newest_first():
    weibo = adapter("weibo", {"/api/container/getIndex": file("search_page1.json")}, COOKIE)
    page = weibo.search("测评老王 星河手机", None)
    assert [p.platform_id for p in page.posts] == ["5000000000000000101", "5000000000000000102"]
    assert page.posts[0].author.followers == 1_396_000  # "139.6万"
    assert page.posts[0].created.raw == "刚刚"
    assert page.next_cursor == {"page": 2}
    params = weibo.seen[0].url.params
    assert params["containerid"] == "100103type=61&q=测评老王 星河手机"
    assert weibo.seen[0].headers["cookie"] == "SUB=secret"
    end = adapter("weibo", {"/api/container/getIndex": file("search_end.json")}, COOKIE)
    assert end.search("x", {"page": 5}).next_cursor is None


def html_page(name: str, status: int = 200, headers: dict[str, str] | None = None):
    body = own(f"weibo/{name}")
    content_type = {"content-type": "text/html"}
    return lambda request: httpx.Response(
        status, content=body, headers={**content_type, **(headers or {})}
    )


VISITOR_REDIRECT = (
    "https://passport.weibo.com/visitor/visitor?entry=miniblog&a=enter"
    "&url=https%3A%2F%2Fm.weibo.cn%2F"
)


@pytest.mark.parametrize(
    "answer",
    [
        # The mobile login page, which also loads the wbBotDetector script: a wall, not a captcha.
        html_page("login_wall.html"),
        html_page("visitor_system.html"),
        html_page("visitor_system.html", 302, {"location": VISITOR_REDIRECT}),
        html_page("timeline_end.json", 302, {"location": VISITOR_REDIRECT}),  # JSON, redirected
        lambda r: httpx.Response(302, headers={"location": "https://passport.weibo.cn/signin"}),
    ],
)
def test_login_and_visitor_walls_are_login_required_for_the_whole_platform(answer):
    weibo = adapter("weibo", {"/api/container/getIndex": answer})
    with pytest.raises(LoginWall) as refused:
        weibo.user_posts("1000001", None)
    assert refused.value.kind == "login_required"
    assert "login cookie" in refused.value.message  # says what to do about it


@pytest.mark.parametrize(
    "answer",
    [
        html_page("bot_check.html"),
        lambda r: httpx.Response(200, content=b'<script src="https://captcha.weibo.com/x.js">'),
    ],
)
def test_a_bot_check_outside_a_login_page_is_a_captcha(answer):
    weibo = adapter("weibo", {"/api/container/getIndex": answer})
    with pytest.raises(CaptchaRequired):
        weibo.user_posts("1000001", None)
