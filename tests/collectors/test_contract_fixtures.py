"""Every recorded response in ../shared/fixtures/platforms parsed by its adapter (skipped with a
message when ../shared is absent)."""

from __future__ import annotations

import json

import httpx
import pytest

from collectors.base import Access
from collectors.errors import CaptchaRequired, LoginRequired, SignatureRejected
from tests.collectors.helpers import adapter, fixture

PROVIDER = Access("https://unused.test", provider_url="http://provider.test", provider_token="t")


def test_weibo_timeline_comments_and_profile():
    weibo = adapter(
        "weibo",
        {
            "/api/container/getIndex": fixture("weibo/getIndex_user_timeline_107603.json"),
            "/comments/hotflow": fixture("weibo/comments_hotflow.json"),
        },
    )
    page = weibo.user_posts("1669879400", None)
    by_id = {p.platform_id: p for p in page.posts}
    assert page.next_cursor == {"page": 2}
    first = by_id["4383183661430868"]
    assert first.text.endswith("[偷笑][偷笑][偷笑]")  # emoji kept from <img alt>
    assert first.created.precision == "day"
    assert first.created.raw == "06-14"
    assert by_id["4379188905591760"].metrics.comments == 1_000_000  # "100万+"
    repost = by_id["4383180406740606"]
    assert repost.kind == "repost"
    assert repost.parent_platform_id == "4383031864995274"
    assert by_id["4383031864995274"].author.name == "代斯daisy"
    comments = weibo.comments({"mid": "4383183661430868"}, None)
    reply = next(p for p in comments.posts if p.reply_to)
    assert reply.parent_platform_id == "4383183661430868"
    assert "[doge]" in reply.text
    assert comments.next_cursor == {"max_id": 314345666829623, "max_id_type": 0}


def test_weibo_profile_long_text_and_legacy_shapes():
    weibo = adapter(
        "weibo",
        {
            "/api/container/getIndex": fixture("weibo/getIndex_user_info.json"),
        },
    )
    profile = weibo.profile("1669879400")
    assert profile.followers == 63357736
    assert profile.name == "Dear-迪丽热巴"
    assert fixture("weibo/statuses_extend_longtext.json")
    assert fixture("weibo/api_comments_show_legacy.json")


def test_bilibili_search_uploads_dynamics_and_replies():
    bili = adapter(
        "bilibili",
        {
            "/x/web-interface/nav": fixture("bilibili/nav_not_logged_in_wbi_img.json"),
            "/x/web-interface/wbi/search/type": fixture("bilibili/search_type_video.json"),
            "/x/space/wbi/arc/search": fixture("bilibili/space_wbi_arc_search.json"),
            "/x/polymer/web-dynamic/v1/feed/space": fixture("bilibili/dynamic_feed_space.json"),
            "/x/v2/reply": fixture("bilibili/reply_page.json"),
            "/x/v2/reply/reply": fixture("bilibili/reply_page.json"),
        },
    )
    search = bili.search("火影忍者", None)
    assert search.posts[0].text.startswith("【火-影-忍-者】")
    assert "<em" not in search.posts[0].text
    signed = next(r for r in bili.seen if r.url.path.endswith("/search/type"))
    assert "w_rid=" in str(signed.url)
    assert "wts=" in str(signed.url)
    uploads = bili.user_posts("946974", None, "videos")
    assert uploads.posts[0].platform_id == "BV1ac5yzhE94"
    assert uploads.next_cursor == {"pn": 2}
    dynamics = bili.user_posts("2095498218", None, "dynamics")
    assert {p.kind for p in dynamics.posts} == {"post", "video"}
    assert dynamics.next_cursor == {"offset": "1044400681921806345"}
    replies = bili.comments({"type": "1", "oid": "1556386640", "parent": "BV1x"}, None)
    assert any(p.reply_to == "237106897104" for p in replies.posts)
    assert all(p.parent_platform_id == "BV1x" for p in replies.posts)


def test_bilibili_refusal_bodies():
    voucher = adapter(
        "bilibili", {"/x/v2/reply": fixture("bilibili/error_wbi_missing_v_voucher.json")}
    )
    with pytest.raises(SignatureRejected):
        voucher.comments({"type": "1", "oid": "1"}, None)
    empty = {
        "code": 0,
        "message": "0",
        "data": json.loads(fixture("bilibili/reply_page2_anonymous_empty_data_only.json")),
    }
    page = adapter("bilibili", {"/x/v2/reply": empty}).comments(
        {"type": "1", "oid": "1"}, {"pn": 2}
    )
    assert page.restricted
    assert page.next_cursor == {"pn": 2}
    assert not page.posts


def test_douyin_and_xiaohongshu_through_a_provider():
    douyin = adapter(
        "douyin",
        {
            "/aweme/v1/web/general/search/single/": fixture("douyin/general_search_single.json"),
            "/aweme/v1/web/comment/list/": fixture("douyin/comment_list.json"),
        },
        PROVIDER,
    )
    search = douyin.search("猫咪", None)
    assert len(search.posts) == 2
    assert search.posts[0].author.followers is None
    assert search.next_cursor["search_id"] == "2026020517484919A801EBF16F8EC0F8C4"
    assert douyin.seen[0].headers["authorization"] == "Bearer t"
    comments = douyin.comments({"aweme_id": "7565738211130035491"}, None)
    assert [p.text for p in comments.posts][1] == ""  # sticker-only comments are real
    xhs = adapter(
        "xiaohongshu",
        {
            "/api/sns/web/v1/search/notes": fixture("xiaohongshu/search_notes.json"),
            "/api/sns/web/v1/feed": fixture("xiaohongshu/feed_note_detail.json"),
            "/api/sns/web/v2/comment/page": fixture("xiaohongshu/comment_page.json"),
            "/api/sns/web/v2/comment/sub/page": fixture("xiaohongshu/sub_comment_page.json"),
        },
        PROVIDER,
    )
    notes = xhs.search("客户", None)
    assert notes.posts[0].created.precision == "second"
    assert "#客户资源#" in notes.posts[0].text
    page = xhs.comments({"note_id": "66696f98000000000d00f289", "xsec_token": "x"}, None)
    assert any(p.text == "私[偷笑]" for p in page.posts)
    subs = xhs.comments({"note_id": "n"}, {"root": "66f60002000000000f00769e"})
    assert subs.posts[0].reply_to == "66f60002000000000f00769e"
    refused = adapter(
        "xiaohongshu",
        {
            "/api/sns/web/v1/search/notes": fixture(
                "xiaohongshu/error_search_-104_no_permission.json"
            ),
        },
        PROVIDER,
    )
    with pytest.raises(LoginRequired):
        refused.search("x", None)


def test_zhihu_search_and_error_bodies():
    zhihu = adapter(
        "zhihu",
        {"/api/v4/search_v3": fixture("zhihu/search_v3_general.json")},
        Access("https://zhihu.test", cookie="z_c0=x"),
    )
    page = zhihu.search("kotlin", None)
    assert page.posts[0].text.startswith("如何评价kotlin？")
    assert page.next_cursor is None
    for name, error in [
        ("error_40352_unhuman_verify.json", CaptchaRequired),
        ("error_10003_upgrade_client_http403.json", SignatureRejected),
    ]:
        body = fixture(f"zhihu/{name}")
        refused = adapter(
            "zhihu",
            {"/api/v4/search_v3": lambda r, b=body: httpx.Response(403, content=b)},
            Access("https://zhihu.test", cookie="z_c0=x"),
        )
        with pytest.raises(error):
            refused.search("x", None)


def test_tieba_pages():
    tieba = adapter(
        "tieba",
        {
            "/f/search/res": fixture("tieba/search_res_fragment.html"),
            "/f": fixture("tieba/forum_frs_thread_list_fragment.html"),
            "/p/9117905169": fixture("tieba/thread_page_p_postlist_fragment.html"),
            "/p/comment": fixture("tieba/lzl_sub_comments_fragment.html"),
        },
    )
    assert len(tieba.search("富士康", None).posts) == 10
    bar = tieba.forum("盗墓笔记", None).posts
    assert {p.created.precision for p in bar} == {"day", "month"}
    thread = tieba.comments({"tid": "9117905169"}, None)
    floors = [p for p in thread.posts if p.reply_to is None]
    assert floors[0].kind == "post"
    assert floors[1].parent_platform_id == floors[0].platform_id
    assert any(p.reply_to == "150719088158" for p in thread.posts)


def test_news_feeds():
    feeds = {
        f"/{name}": fixture(f"rss/{name}")
        for name in ("rss2_meituan_tech.xml", "rss2_ruanyifeng_blog.xml", "atom_v2ex.xml")
    }
    news = adapter("news", feeds)
    counts = {path: len(news.user_posts(f"https://feeds.test{path}", None).posts) for path in feeds}
    assert counts == {
        "/rss2_meituan_tech.xml": 10,
        "/rss2_ruanyifeng_blog.xml": 2,
        "/atom_v2ex.xml": 6,
    }
    v2ex = news.user_posts("https://feeds.test/atom_v2ex.xml", None).posts
    assert all(p.metrics.likes is None and p.author.followers is None for p in v2ex)
