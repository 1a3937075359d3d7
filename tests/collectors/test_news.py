"""RSS 2.0 and Atom feeds on our own fixtures: the leading newline before <?xml, two CDATA
sections in one description, content:encoded, Atom's published/updated, an undated entry,
conditional GET and a page that is not a feed (tests/collectors/fixtures/news)."""

from __future__ import annotations

import httpx
import pytest

from collectors.errors import Blocked
from tests.collectors.helpers import adapter, own

RSS = "https://feeds.test/press_rss2.xml"
ATOM = "https://feeds.test/press_atom.xml"


def served(name: str, headers: dict[str, str] | None = None):
    return lambda request: httpx.Response(200, content=own(f"news/{name}"), headers=headers or {})


def test_rss2_items_become_articles():
    news = adapter("news", {"/press_rss2.xml": served("press_rss2.xml")})
    page = news.user_posts(RSS, None)
    assert [p.raw["title"] for p in page.posts] == [
        "星河手机回应与测评老王合作传闻",
        "测评老王被判赔偿：去年名誉权案二审维持原判",
        "青橙发布新平板",
    ]
    assert len(page.skipped) == 1  # the undated item, with its reason
    reply, court, _ = page.posts
    assert reply.kind == "article"
    assert reply.text == (
        "星河手机回应与测评老王合作传闻\n星河手机今日表示，尚未与测评老王签约。\n"
        "此前网传双方签订年框，河粉反应强烈。"
    )
    assert reply.created.utc.isoformat() == "2026-11-20T01:30:00+00:00"
    assert reply.author.name == "本报记者"
    assert reply.url == "https://news.example.cn/2026/11/xinghe-laowang.html"
    assert reply.raw["id"] == "news-example-20261120-0001"
    assert reply.metrics.as_dict() == {
        "likes": None,
        "reposts": None,
        "comments": None,
        "views": None,
    }
    assert court.text.endswith("法院二审维持原判，测评老王需公开道歉并赔偿。")  # content:encoded
    assert court.created.utc.isoformat() == "2026-11-18T01:15:00+00:00"
    assert court.author is None
    assert page.next_cursor is None


def test_entry_ids_are_stable_and_per_feed():
    routes = {"/press_rss2.xml": served("press_rss2.xml"), "/copy.xml": served("press_rss2.xml")}
    news = adapter("news", routes)
    first = [p.platform_id for p in news.user_posts(RSS, None).posts]
    again = [p.platform_id for p in news.user_posts(RSS, None).posts]
    other = [p.platform_id for p in news.user_posts("https://feeds.test/copy.xml", None).posts]
    assert first == again
    assert len(first[0]) == 40
    assert not set(first) & set(other)


def test_atom_prefers_published_and_reads_summaries():
    news = adapter("news", {"/press_atom.xml": served("press_atom.xml")})
    page = news.user_posts(ATOM, None)
    rumour, battery = page.posts
    assert rumour.created.utc.isoformat() == "2026-11-20T01:30:00+00:00"  # published, not updated
    assert (
        rumour.text == "[手机] 老王要恰星河的饭了？\n测评老王以前说星河用户是负资产，现在要合作？"
    )
    assert rumour.author.name == "hefen2026"
    assert rumour.url == "https://forum.example.cn/t/1001#reply3"
    assert battery.created.utc.isoformat() == "2026-11-19T10:00:00+00:00"  # only updated given
    assert battery.text == "[手机] 星河新机续航实测\n续航一天半"


def test_conditional_get_remembers_validators_and_a_304_is_an_empty_finished_page():
    validators = {"ETag": '"v1"', "Last-Modified": "Fri, 20 Nov 2026 02:00:00 GMT"}

    def feed(request: httpx.Request) -> httpx.Response:
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304)
        return served("press_atom.xml", validators)(request)

    news = adapter("news", {"/press_atom.xml": feed})
    page = news.user_posts(ATOM, None)
    assert page.revisit == {"etag": '"v1"', "modified": "Fri, 20 Nov 2026 02:00:00 GMT"}
    unchanged = news.user_posts(ATOM, page.revisit)
    assert news.seen[1].headers["if-modified-since"] == "Fri, 20 Nov 2026 02:00:00 GMT"
    assert unchanged.posts == []
    assert unchanged.next_cursor is None
    assert unchanged.revisit == page.revisit


@pytest.mark.parametrize(
    "answer",
    [served("not_a_feed.html"), lambda r: httpx.Response(404, content=b"")],
)
def test_a_page_that_is_not_a_feed_is_refused(answer):
    news = adapter("news", {"/gone.xml": answer})
    with pytest.raises(Blocked):
        news.user_posts("https://feeds.test/gone.xml", None)
