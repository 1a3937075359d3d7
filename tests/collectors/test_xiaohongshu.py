"""Xiaohongshu through a provider, on our own fixtures: search followed by note details (with
xsec_token threaded through), a user's notes, comments and sub-comments, a note that is gone,
and refusals (tests/collectors/fixtures/xiaohongshu)."""

from __future__ import annotations

import json

import httpx
import pytest

from collectors.base import Access
from collectors.errors import (
    Blocked,
    CaptchaRequired,
    LoginRequired,
    RateLimited,
    SignatureRejected,
)
from tests.collectors.helpers import adapter, own

PROVIDER = Access("https://unused.test", provider_url="http://provider.test", provider_token="t")
NOTE = "6700000000000000000b0001"
DETAILS = {
    "6700000000000000000b0001": "feed_b0001.json",
    "6700000000000000000b0002": "feed_b0002.json",
    "6700000000000000000b0003": "error_-510000_note_gone.json",
    "6700000000000000000b0011": "feed_b0011.json",
}


def file(name: str, status: int = 200, headers: dict[str, str] | None = None):
    body = own(f"xiaohongshu/{name}")
    return lambda request: httpx.Response(status, content=body, headers=headers or {})


def detail(request: httpx.Request) -> httpx.Response:
    note_id = json.loads(request.content)["source_note_id"]
    return httpx.Response(200, content=own(f"xiaohongshu/{DETAILS[note_id]}"))


def search_pages(request: httpx.Request) -> httpx.Response:
    page = json.loads(request.content)["page"]
    return file("search_notes.json" if page == 1 else "search_notes_last.json")(request)


def test_search_reads_each_note_through_its_detail_with_its_token():
    xhs = adapter(
        "xiaohongshu",
        {"/api/sns/web/v1/search/notes": search_pages, "/api/sns/web/v1/feed": detail},
        PROVIDER,
    )
    page = xhs.search("测评老王 星河手机", None)
    assert [p.platform_id for p in page.posts] == [NOTE, "6700000000000000000b0002"]
    note, video = page.posts
    assert note.text == "老王要代言星河？\n#星河手机# #测评老王# 听说签了年框[偷笑]\n河粉们怎么看"
    assert note.metrics.likes == 23000
    assert note.metrics.comments == 160
    assert note.created.precision == "second"
    assert note.created.utc.isoformat() == "2026-11-19T12:00:00+00:00"  # epoch milliseconds
    assert note.author.uid == "6500000000000000000a0002"
    assert note.comment_ref == {"note_id": NOTE, "xsec_token": "ABfictionaltoken0001="}
    assert video.kind == "video"
    assert video.text == "星河新机我不推荐，理由看视频[哭惹]"
    assert len(page.skipped) == 1  # the note that is gone (-510000); rec_query cards are not notes
    search_body = json.loads(xhs.seen[0].content)
    assert search_body["sort"] == "time_descending"
    details = [json.loads(r.content) for r in xhs.seen if r.url.path.endswith("/feed")]
    assert details[0]["xsec_token"] == "ABfictionaltoken0001="
    assert xhs.seen[0].headers["authorization"] == "Bearer t"

    assert page.next_cursor == {"page": 2, "search_id": search_body["search_id"]}
    last = xhs.search("测评老王 星河手机", page.next_cursor)
    assert json.loads(xhs.seen[-1].content)["search_id"] == search_body["search_id"]
    assert last.next_cursor is None


def test_user_notes():
    xhs = adapter(
        "xiaohongshu",
        {"/api/sns/web/v1/user_posted": file("user_posted.json"), "/api/sns/web/v1/feed": detail},
        PROVIDER,
    )
    page = xhs.user_posts("6500000000000000000a0001", None)
    assert [p.text for p in page.posts] == ["一周体验\n星河新机一周体验"]
    assert page.next_cursor is None
    assert xhs.seen[0].url.params["user_id"] == "6500000000000000000a0001"


def test_comments_then_one_roots_sub_comments():
    xhs = adapter(
        "xiaohongshu",
        {
            "/api/sns/web/v2/comment/page": file("comment_page.json"),
            "/api/sns/web/v2/comment/sub/page": file("sub_comment_page.json"),
        },
        PROVIDER,
    )
    ref = {"note_id": NOTE, "xsec_token": "ABfictionaltoken0001="}
    page = xhs.comments(ref, None)
    by_id = {p.platform_id: p for p in page.posts}
    assert list(by_id) == [
        "6800000000000000000c0001",
        "6800000000000000000c0002",
        "6800000000000000000c0003",
    ]
    assert by_id["6800000000000000000c0001"].metrics.likes == 12000
    assert by_id["6800000000000000000c0001"].metrics.comments == 8
    assert by_id["6800000000000000000c0002"].reply_to == "6800000000000000000c0001"
    assert by_id["6800000000000000000c0002"].text == "他以前骂过河粉[生气]"
    assert all(p.parent_platform_id == NOTE for p in page.posts)
    assert page.next_cursor == {"cursor": "6800000000000000000c0003"}
    assert xhs.seen[0].url.params["xsec_token"] == "ABfictionaltoken0001="

    subs = xhs.comments(ref, {"root": "6800000000000000000c0001"})
    assert [p.reply_to for p in subs.posts] == [
        "6800000000000000000c0001",
        "6800000000000000000c0004",
    ]
    assert subs.next_cursor is None
    assert xhs.seen[1].url.params["root_comment_id"] == "6800000000000000000c0001"


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (file("error_-104_no_permission.json"), LoginRequired),
        (file("error_-100_login_expired.json"), LoginRequired),
        (file("error_300012_ip_blocked.json"), Blocked),
        (file("error_300015_signature.json"), SignatureRejected),
        (file("error_-104_no_permission.json", 461, {"Verifytype": "102"}), CaptchaRequired),
        (lambda r: httpx.Response(401, content=b""), LoginRequired),
        (lambda r: httpx.Response(429, content=b""), RateLimited),
    ],
)
def test_refusals(answer, error):
    xhs = adapter("xiaohongshu", {"/api/sns/web/v1/search/notes": answer}, PROVIDER)
    with pytest.raises(error):
        xhs.search("x", None)
