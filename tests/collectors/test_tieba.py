"""Tieba's legacy HTML pages on our own fixtures: search, a bar's thread list (hidden in a
commented-out pagelet), thread floors with their 楼中楼 replies, GBK pages, a deleted thread
and the captcha answers (tests/collectors/fixtures/tieba)."""

from __future__ import annotations

import httpx
import pytest

from collectors.errors import Blocked, CaptchaRequired, NotOnPlatform, Unsupported
from tests.collectors.helpers import adapter, own

TID = "8800000011"


def html(name: str, status: int = 200, headers: dict[str, str] | None = None):
    body = own(f"tieba/{name}")
    return lambda request: httpx.Response(status, content=body, headers=headers or {})


def by_pn(pages: dict[str, str]):
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=own(f"tieba/{pages[request.url.params['pn']]}"))

    return answer


def test_search_hits_and_their_cursor():
    tieba = adapter("tieba", {"/f/search/res": html("search_res.html")})
    page = tieba.search("测评老王 星河手机", None)
    assert [p.platform_id for p in page.posts] == ["140000000001", "140000000055"]  # undated: out
    hit = page.posts[0]
    assert hit.text.startswith("测评老王要给星河手机站台了？\n听说老王和星河签了年框")
    assert hit.author.name == "河粉小李"
    assert hit.raw["forum"] == "星河手机"
    assert hit.url == "https://tieba.baidu.com/p/8800000001?pid=140000000001"
    assert hit.comment_ref == {"tid": "8800000001"}
    assert hit.created.precision == "minute"
    assert hit.created.utc.isoformat() == "2026-11-19T12:45:00+00:00"
    assert page.next_cursor == {"pn": 2}
    params = tieba.seen[0].url.params
    assert (params["qw"], params["pn"], params["sm"]) == ("测评老王 星河手机", "1", "1")


def test_a_gbk_page_is_read_by_its_declared_charset():
    utf8 = adapter("tieba", {"/f/search/res": html("search_res.html")}).search("x", None)
    gbk = adapter("tieba", {"/f/search/res": html("search_res_gbk.html")}).search("x", None)
    assert [p.text for p in gbk.posts] == [p.text for p in utf8.posts]


def test_an_empty_search_page_ends_the_listing():
    empty = lambda r: httpx.Response(200, content=b'<div class="s_post_list"></div>')  # noqa: E731
    page = adapter("tieba", {"/f/search/res": empty}).search("x", {"pn": 3})
    assert page.posts == []
    assert page.next_cursor is None


def test_bar_threads_from_the_commented_out_pagelet():
    pages = {"0": "bar_page.html", "50": "bar_page2.html", "100": "bar_page_empty.html"}
    tieba = adapter("tieba", {"/f": by_pn(pages)})
    page = tieba.forum("星河手机", None)
    assert [p.platform_id for p in page.posts] == ["140000000111", "140000000122"]  # no ad
    first, rules = page.posts
    assert first.text == "老王要是代言星河，我就卖手机\n年框的事是真的吗？有没有懂哥"
    assert first.author.name == "河粉老张"
    assert first.metrics.comments == 42
    assert first.comment_ref == {"tid": TID}
    assert (first.created.precision, first.created.raw) == ("day", "11-19")
    assert rules.created.precision == "month"
    assert page.next_cursor == {"pn": 50}
    assert tieba.seen[0].url.params["kw"] == "星河手机"
    second = tieba.forum("星河手机", page.next_cursor)
    assert second.posts[0].created.raw == "3-2"
    last = tieba.forum("星河手机", second.next_cursor)
    assert last.posts == []
    assert last.next_cursor is None


def test_thread_floors_and_the_busiest_floors_replies():
    pages = {"1": "thread_p1.html", "2": "thread_p2.html", "3": "thread_p2.html"}
    tieba = adapter("tieba", {f"/p/{TID}": by_pn(pages), "/p/comment": html("lzl_page.html")})
    page = tieba.comments({"tid": TID}, None)
    by_id = {p.platform_id: p for p in page.posts}
    opening = by_id["140000000111"]
    assert opening.kind == "post"
    assert opening.parent_platform_id is None
    assert opening.text == "老王要是代言星河，我就卖手机。\n他说过河粉是负资产，忘了？"
    assert opening.author.uid == "3000000001"
    second = by_id["140000000112"]
    assert (second.kind, second.parent_platform_id) == ("comment", "140000000111")
    assert second.text == "真的假的"  # a smiley image has no text to keep
    assert second.metrics.comments == 2
    reply = by_id["150000000202"]
    assert reply.reply_to == "140000000112"
    assert reply.parent_platform_id == "140000000111"
    assert reply.created.raw == "2026-11-19 21:07"
    comment_call = next(r for r in tieba.seen if r.url.path == "/p/comment")
    assert comment_call.url.params["pid"] == "140000000112"
    assert comment_call.url.params["fid"] == "520001"

    more = tieba.comments({"tid": TID}, page.next_cursor)
    assert [p.platform_id for p in more.posts] == ["140000000114", "140000000115"]
    assert all(p.parent_platform_id == "140000000111" for p in more.posts)
    # Past the last page Tieba repeats it: that is the end, not a new page.
    end = tieba.comments({"tid": TID}, more.next_cursor)
    assert end.posts == []
    assert end.next_cursor is None


def test_a_floors_replies_listed_on_their_own():
    tieba = adapter("tieba", {"/p/comment": html("lzl_page.html")})
    ref = {"tid": TID, "pid": "140000000112", "fid": "520001", "lzl": "1", "parent": "140000000111"}
    page = tieba.comments(ref, None)
    assert [p.author.name for p in page.posts] == ["老王粉丝", "河粉小李"]
    assert page.posts[1].text == "回复 老王粉丝 : 你看他删没删"
    assert page.next_cursor is None  # fewer than a full page of 10


def test_a_deleted_thread_is_not_found():
    tieba = adapter("tieba", {f"/p/{TID}": html("thread_deleted.html")})
    with pytest.raises(NotOnPlatform):
        tieba.comments({"tid": TID}, None)


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (html("security_check.html", 403), CaptchaRequired),
        (html("security_check.html", 200), CaptchaRequired),
        (
            html(
                "thread_deleted.html",
                302,
                {"location": "https://wappass.baidu.com/static/captcha/tuxing.html?ak=x"},
            ),
            CaptchaRequired,
        ),
        (lambda r: httpx.Response(200, content=b""), Blocked),
        (lambda r: httpx.Response(200, content=b"blocked"), Blocked),
    ],
)
def test_refusals(answer, error):
    tieba = adapter("tieba", {"/f": answer})
    with pytest.raises(error):
        tieba.forum("星河手机", None)


def test_a_page_without_a_thread_list_is_no_bar_not_an_empty_one():
    tieba = adapter("tieba", {"/f": html("bar_missing.html")})
    with pytest.raises(NotOnPlatform, match="check its name"):
        tieba.forum("星河手机吧吧", None)


def test_tieba_lists_bars_not_users():
    tieba = adapter("tieba", {})
    assert tieba.user_feeds == ()
    with pytest.raises(Unsupported):
        tieba.user_posts("3000000001", None)
    assert tieba.seen == []
