"""Bilibili on our own fixtures: WBI-signed search and uploads, dynamics (text, video, forward,
hidden), comments with inline and fetched sub-replies, the anonymous page-2 cutoff, profiles
and refusal codes (tests/collectors/fixtures/bilibili)."""

from __future__ import annotations

from urllib.parse import parse_qsl

import httpx
import pytest

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
        ("error_v_voucher.json", SignatureRejected),
        ("nav_logged_out.json", LoginRequired),  # -101 on anything but nav
    ],
)
def test_refusal_codes(name, error):
    bili = adapter("bilibili", routes(**{"/x/v2/reply": file(name)}))
    with pytest.raises(error):
        bili.comments(VIDEO_REF, None)
