"""Bilibili on our own fixtures: WBI-signed search and uploads, dynamics (text, video, forward,
hidden), comments with inline and fetched sub-replies, the anonymous page-2 cutoff, profiles
and refusal codes (tests/collectors/fixtures/bilibili)."""

from __future__ import annotations

from urllib.parse import parse_qsl

import httpx
import pytest

from collectors.base import Access
from collectors.errors import Blocked, LoginRequired, SignatureRejected
from collectors.wbi import signed_query
from tests.collectors.helpers import NOW, adapter, own

IMG, SUB = "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"
VIDEO_REF = {"type": "1", "oid": "900000011", "parent": "BV1Up7c4Ti11"}


def file(name: str):
    return lambda request: httpx.Response(200, content=own(f"bilibili/{name}"))


def by_param(name: str, pages: dict[str, str]):
    def route(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=own(f"bilibili/{pages[request.url.params[name]]}"))

    return route


def routes(**extra):
    return {
        "/x/frontend/finger/spi": file("finger_spi.json"),
        "/x/web-interface/nav": file("nav_logged_out.json"),
        **extra,
    }


def test_search_is_wbi_signed_with_keys_from_nav():
    pages = {"1": "search_video.json", "2": "search_video_last.json"}
    bili = adapter(
        "bilibili", routes(**{"/x/web-interface/wbi/search/type": by_param("page", pages)})
    )
    page = bili.search("测评老王 星河手机", None)
    assert [p.platform_id for p in page.posts] == ["BV1Fi7c4Ti01", "BV1Fi7c4Ti02"]  # no bvid: out
    assert len(page.skipped) == 1
    review, angry = page.posts
    assert review.text == "测评老王：星河新机深度体验\n合作视频，感谢星河手机"
    assert angry.text == "河粉怒喷测评老王"  # a "-" description is no description
    assert (review.metrics.views, review.metrics.likes, review.metrics.comments) == (
        120000,
        8800,
        1500,
    )
    assert review.author.uid == "2000000001"
    assert review.comment_ref == {"type": "1", "oid": "900000001", "parent": "BV1Fi7c4Ti01"}
    assert page.next_cursor == {"page": 2}

    search = next(r for r in bili.seen if r.url.path.endswith("/search/type"))
    sent = dict(parse_qsl(search.url.query.decode()))
    unsigned = {k: v for k, v in sent.items() if k not in ("w_rid", "wts")}
    expected = signed_query(unsigned, IMG, SUB, int(NOW.timestamp()))
    assert search.url.query.decode() == expected

    last = bili.search("测评老王 星河手机", page.next_cursor)
    assert [p.platform_id for p in last.posts] == ["BV1Fi7c4Ti04"]
    assert last.next_cursor is None  # page 2 of numPages 2
    assert sum(r.url.path == "/x/web-interface/nav" for r in bili.seen) == 1  # keys kept


def test_uploads_page_by_count():
    pages = {"1": "uploads.json", "2": "uploads_last.json"}
    bili = adapter("bilibili", routes(**{"/x/space/wbi/arc/search": by_param("pn", pages)}))
    page = bili.user_posts("2000000001", None, "videos")
    assert [p.platform_id for p in page.posts] == ["BV1Up7c4Ti11", "BV1Up7c4Ti12"]
    assert page.posts[0].metrics.comments == 3200
    assert page.posts[1].text == "去年的老视频"
    assert page.next_cursor == {"pn": 2}
    assert bili.user_posts("2000000001", page.next_cursor, "videos").next_cursor is None


def test_dynamics_text_video_forward_and_hidden():
    pages = {"": "dynamics.json", "1010000000000000004": "dynamics_last.json"}
    path = "/x/polymer/web-dynamic/v1/feed/space"
    bili = adapter("bilibili", routes(**{path: by_param("offset", pages)}))
    page = bili.user_posts("2000000001", None, "dynamics")
    by_id = {p.platform_id: p for p in page.posts}
    word = by_id["1010000000000000001"]
    assert (word.kind, word.text) == ("post", "河粉真是[doge]")
    assert word.comment_ref == {
        "type": "17",
        "oid": "1010000000000000001",
        "parent": word.platform_id,
    }
    assert word.url == "https://t.bilibili.com/1010000000000000001"
    video = by_id["BV1Up7c4Ti11"]  # the same id as in the uploads list
    assert (video.kind, video.metrics.likes) == ("video", 5000)
    forward = by_id["1010000000000000003"]
    assert forward.kind == "repost"
    assert forward.parent_platform_id == "1010000000000000009"
    assert by_id["1010000000000000009"].author.name == "星河手机官方"
    assert by_id["1010000000000000004"].tombstone_reason == "hidden"
    assert page.next_cursor == {"offset": "1010000000000000004"}
    assert bili.user_posts("2000000001", page.next_cursor, "dynamics").next_cursor is None


def test_comments_with_inline_and_fetched_sub_replies():
    bili = adapter(
        "bilibili",
        routes(
            **{
                "/x/v2/reply": file("reply_page1.json"),
                "/x/v2/reply/reply": file("reply_reply.json"),
            }
        ),
    )
    page = bili.comments(VIDEO_REF, None)
    ids = [p.platform_id for p in page.posts]
    assert ids[:4] == ["3000000001", "3000000002", "3000000003", "3000000004"]
    assert set(ids[4:]) == {"3000000002", "3000000005"}  # the root's hidden replies, fetched
    by_id = {p.platform_id: p for p in page.posts}
    assert by_id["3000000001"].reply_to is None
    assert by_id["3000000002"].reply_to == "3000000001"
    assert by_id["3000000005"].reply_to == "3000000002"
    assert by_id["3000000002"].text == "回复 @河粉阿强 :他去年还骂河粉[doge]"
    assert by_id["3000000004"].tombstone_reason == "hidden"
    assert all(p.parent_platform_id == "BV1Up7c4Ti11" for p in page.posts)
    assert by_id["3000000001"].url == "https://www.bilibili.com/video/BV1Up7c4Ti11#reply3000000001"
    assert page.next_cursor == {"pn": 2}
    sub_call = next(r for r in bili.seen if r.url.path == "/x/v2/reply/reply")
    assert sub_call.url.params["root"] == "3000000001"


def test_anonymous_page_two_is_restricted_not_the_end():
    bili = adapter("bilibili", routes(**{"/x/v2/reply": file("reply_page2_anonymous.json")}))
    page = bili.comments(VIDEO_REF, {"pn": 2})
    assert page.posts == []
    assert page.restricted
    assert page.next_cursor == {"pn": 2}


def test_profile():
    bili = adapter("bilibili", routes(**{"/x/web-interface/card": file("card.json")}))
    profile = bili.profile("2000000001")
    assert (profile.name, profile.followers, profile.posts) == ("测评老王", 880000, 31)


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("error_-352.json", Blocked),
        ("error_-412.json", Blocked),
        ("error_v_voucher.json", SignatureRejected),
        ("nav_logged_out.json", LoginRequired),  # -101 on anything but nav
    ],
)
def test_refusal_codes(name, error):
    bili = adapter("bilibili", routes(**{"/x/v2/reply": file(name)}))
    with pytest.raises(error):
        bili.comments(VIDEO_REF, None)


def spi_answers(*values: str):
    """finger/spi answering a new buvid3 (and buvid4) each time it is asked."""
    calls = []

    def route(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        b3 = values[min(len(calls), len(values)) - 1]
        return httpx.Response(200, json={"code": 0, "data": {"b_3": b3, "b_4": f"{b3}-4"}})

    route.calls = calls  # type: ignore[attr-defined]
    return route


def cookie_of(request: httpx.Request) -> str:
    return request.headers.get("cookie", "")


def test_device_cookies_are_fetched_once_and_sent_with_every_request():
    spi = spi_answers("B3-FIRST")
    bili = adapter(
        "bilibili",
        routes(
            **{
                "/x/frontend/finger/spi": spi,
                "/x/web-interface/wbi/search/type": file("search_video.json"),
            }
        ),
    )
    bili.search("x", None)
    bili.search("x", {"page": 2})
    assert len(spi.calls) == 1
    assert bili.seen[0].url.path == "/x/frontend/finger/spi"  # before anything else
    later = bili.seen[1:]
    assert all("buvid3=B3-FIRST" in cookie_of(r) for r in later)
    assert all("buvid4=B3-FIRST-4" in cookie_of(r) for r in later)


def test_a_tenant_cookie_is_kept_beside_the_device_cookies_or_supplies_them():
    spi = spi_answers("B3-WARM")
    without = adapter(
        "bilibili",
        routes(**{"/x/frontend/finger/spi": spi, "/x/web-interface/card": file("card.json")}),
        Access("https://bilibili.test", cookie="SESSDATA=s1"),
    )
    without.profile("2000000001")
    assert "SESSDATA=s1" in cookie_of(without.seen[-1])
    assert "buvid3=B3-WARM" in cookie_of(without.seen[-1])
    spi_unused = spi_answers("never")
    own_buvid = adapter(
        "bilibili",
        routes(
            **{"/x/frontend/finger/spi": spi_unused, "/x/web-interface/card": file("card.json")}
        ),
        Access("https://bilibili.test", cookie="SESSDATA=s1; buvid3=FROM-BROWSER"),
    )
    own_buvid.profile("2000000001")
    assert spi_unused.calls == []
    assert "buvid3=FROM-BROWSER" in cookie_of(own_buvid.seen[-1])


def test_an_interception_rewarms_once_and_retries():
    spi = spi_answers("B3-STALE", "B3-FRESH")

    def card(request: httpx.Request) -> httpx.Response:
        if "buvid3=B3-FRESH" in cookie_of(request):
            return httpx.Response(200, content=own("bilibili/card.json"))
        return httpx.Response(200, content=own("bilibili/error_-412.json"))

    bili = adapter(
        "bilibili", routes(**{"/x/frontend/finger/spi": spi, "/x/web-interface/card": card})
    )
    assert bili.profile("2000000001").name == "测评老王"
    assert len(spi.calls) == 2
    cookies = [cookie_of(r) for r in bili.seen if r.url.path == "/x/web-interface/card"]
    assert cookies == ["buvid3=B3-STALE; buvid4=B3-STALE-4", "buvid3=B3-FRESH; buvid4=B3-FRESH-4"]


def test_a_lasting_interception_is_blocked_after_one_rewarm_per_pass():
    spi = spi_answers("B3-1", "B3-2", "B3-3")
    blocked = file("error_-412.json")
    bili = adapter(
        "bilibili", routes(**{"/x/frontend/finger/spi": spi, "/x/web-interface/card": blocked})
    )
    with pytest.raises(Blocked, match="also with fresh buvid3/buvid4 cookies"):
        bili.profile("2000000001")
    with pytest.raises(Blocked):
        bili.profile("2000000001")
    assert len(spi.calls) == 2  # warmed, re-warmed once; the second refusal is final
    assert sum(r.url.path == "/x/web-interface/card" for r in bili.seen) == 3


def test_unavailable_device_cookies_do_not_stop_the_request_and_are_named_if_refused():
    failing = lambda r: httpx.Response(200, json={"code": -500, "message": "busy"})  # noqa: E731
    works = adapter(
        "bilibili",
        routes(**{"/x/frontend/finger/spi": failing, "/x/web-interface/card": file("card.json")}),
    )
    assert works.profile("2000000001").followers == 880000
    refused = adapter(
        "bilibili",
        routes(
            **{
                "/x/frontend/finger/spi": failing,
                "/x/web-interface/card": file("error_-412.json"),
            }
        ),
    )
    with pytest.raises(Blocked, match="device cookies unavailable"):
        refused.profile("2000000001")
