"""Refusal mapping per platform (platform-data.md §8.4), on hand-made bodies."""

from __future__ import annotations

import httpx
import pytest

from collectors.base import Access
from collectors.errors import (
    Blocked,
    CaptchaRequired,
    LoginRequired,
    NotOnPlatform,
    RateLimited,
    SignatureRejected,
)
from tests.collectors.helpers import adapter


def answer(status, body=b"", headers=None):
    content = body if isinstance(body, bytes) else httpx.Response(200, json=body).content
    return lambda request: httpx.Response(status, content=content, headers=headers or {})


WEIBO = Access("https://weibo.test", cookie="SUB=x")


@pytest.mark.parametrize(
    ("response", "error"),
    [
        (answer(200, {"ok": -100, "url": "https://passport.weibo.cn/signin"}), LoginRequired),
        (answer(200, b"<html><script>wbBotDetector</script></html>"), CaptchaRequired),
        (answer(200, "<html>请登录</html>".encode()), LoginRequired),
        (answer(432, b""), RateLimited),
        (answer(418, b""), RateLimited),
        (answer(200, b"<html>oops</html>"), Blocked),  # HTML where JSON was expected
    ],
)
def test_weibo(response, error):
    with pytest.raises(error):
        adapter("weibo", {"/api/container/getIndex": response}, WEIBO).search("x", None)


def test_weibo_search_without_cookie_makes_no_request():
    weibo = adapter("weibo", {})
    with pytest.raises(LoginRequired):
        weibo.search("x", None)
    assert weibo.seen == []


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (-101, LoginRequired),
        (-412, Blocked),
        (-352, Blocked),
        (-799, RateLimited),
        (-403, SignatureRejected),
        (-404, NotOnPlatform),
        (12002, NotOnPlatform),
    ],
)
def test_bilibili(code, error):
    bili = adapter("bilibili", {"/x/v2/reply": answer(200, {"code": code, "message": "x"})})
    with pytest.raises(error):
        bili.comments({"type": "1", "oid": "1"}, None)


def test_douyin_and_xiaohongshu_without_provider_refuse_before_any_request():
    for platform, call in [("douyin", "search"), ("xiaohongshu", "search")]:
        made = adapter(platform, {})
        with pytest.raises(LoginRequired):
            getattr(made, call)("x", None)
        assert made.seen == []


def test_douyin_blocked_body_and_xhs_captcha():
    provider = Access("https://x.test", provider_url="http://p.test")
    douyin = adapter("douyin", {"/aweme/v1/web/comment/list/": answer(200, b"blocked")}, provider)
    with pytest.raises(Blocked):
        douyin.comments({"aweme_id": "1"}, None)
    xhs = adapter(
        "xiaohongshu",
        {"/api/sns/web/v2/comment/page": answer(461, b"", {"Verifytype": "1"})},
        provider,
    )
    with pytest.raises(CaptchaRequired):
        xhs.comments({"note_id": "1"}, None)


def test_tieba_captcha_redirect_and_security_page():
    redirect = answer(
        302, b"", {"location": "https://wappass.baidu.com/static/captcha/tuxing.html"}
    )
    with pytest.raises(CaptchaRequired):
        adapter("tieba", {"/f/search/res": redirect}).search("x", None)
    security = answer(403, "<title>百度安全验证</title>".encode())
    with pytest.raises(CaptchaRequired):
        adapter("tieba", {"/f/search/res": security}).search("x", None)


def test_zhihu_comments_404_means_none():
    zhihu = adapter("zhihu", {"/api/v4/comment_v5/answers/1/root_comment": answer(404, b"")})
    page = zhihu.comments({"kind": "answers", "id": "1"}, None)
    assert page.posts == []
    assert page.next_cursor is None


REMOVED = "该微博因违反《微博社区公约》的相关规定，已被删除。"


def test_weibo_tombstone_of_a_removed_original():
    original = {
        "id": "1",
        "text": REMOVED,
        "user": None,
        "created_at": "Sat Jun 14 12:00:00 +0800 2025",
    }
    mblog = {
        "id": "2",
        "text": "转发",
        "created_at": "刚刚",
        "user": {"id": 5, "screen_name": "k"},
        "retweeted_status": original,
    }
    body = {"ok": 1, "data": {"cards": [{"card_type": 9, "mblog": mblog}], "cardlistInfo": {}}}
    page = adapter("weibo", {"/api/container/getIndex": answer(200, body)}).user_posts("5", None)
    removed = next(p for p in page.posts if p.platform_id == "1")
    assert removed.tombstone_reason == "removed_by_platform"
    assert page.next_cursor is None
