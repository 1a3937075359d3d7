"""News feeds end to end over loopback: a scheduled pass keeps the entries that name the KOL or
the brand, remembers each feed's validators, and after a restart asks conditionally, so an
unchanged feed is not downloaded again; refusals end up in coverage."""

from __future__ import annotations

import pytest

from tests.app.collection.loopback import (
    coverage,
    cursors,
    fixture,
    loop_settings,
    only,
    repeated,
    scheduled_pass,
    stored,
)
from tests.app.collection.stub import Stub, raw_answer, serve
from tests.builders import create_watch

XML = "application/xml; charset=utf-8"


def feed(name: str, etag: str):
    def answer(hit):
        if hit.headers.get("if-none-match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": XML, "ETag": etag}, fixture(f"news/{name}")

    return answer


@pytest.fixture
def world(api, settings):
    stub = Stub(
        {
            "/press_rss2.xml": feed("press_rss2.xml", '"rss-1"'),
            "/press_atom.xml": feed("press_atom.xml", '"atom-1"'),
        }
    )
    with serve(stub) as url:
        watch = create_watch(api)
        feeds = [f"{url}/press_rss2.xml", f"{url}/press_atom.xml"]
        only(api, "news", feeds=feeds)
        yield stub, loop_settings(settings, url), watch["id"], feeds


def test_relevant_entries_are_stored_and_an_unchanged_feed_is_not_downloaded_again(
    api, database, clock, world
):
    stub, settings, watch_id, (rss, atom) = world
    scheduled_pass(database, settings, clock)
    rows = coverage(database, watch_id)
    assert {q: (r.last_error_kind, r.items) for q, r in rows.items()} == {
        f"user:{rss}": (None, 2),  # the item about 青橙 names neither side
        f"user:{atom}": (None, 2),
    }
    titles = {post.raw["title"] for post in stored(database, "news").values()}
    assert "青橙发布新平板" not in titles
    assert "星河手机回应与测评老王合作传闻" in titles
    marks = cursors(database, "news")
    assert marks[f"user:{rss}"].revisit == {"etag": '"rss-1"'}
    assert marks[f"user:{rss}"].backfilled is True

    since = len(stub.requests)
    scheduled_pass(database, settings, clock)
    second = stub.requests[since:]
    # The same two URLs, asked only conditionally: both answered 304, nothing downloaded.
    assert [hit.headers.get("if-none-match") for hit in second] == ['"rss-1"', '"atom-1"']
    assert len(repeated(stub, since)) == 2
    assert len(stored(database, "news")) == 4


def test_a_changed_feed_brings_only_its_new_entries(api, database, clock, world):
    stub, settings, watch_id, (rss, _) = world
    scheduled_pass(database, settings, clock)
    changed = fixture("news/press_rss2.xml").replace(
        b"<item>",
        b"<item><title>\xe6\xb5\x8b\xe8\xaf\x84\xe8\x80\x81\xe7\x8e\x8b\xe5\x88\xa0\xe5\x8d\x9a"
        b"</title><link>https://news.example.cn/deleted.html</link>"
        b"<pubDate>Fri, 20 Nov 2026 11:00:00 +0800</pubDate></item><item>",
        1,
    )
    stub.routes["/press_rss2.xml"] = lambda hit: (200, {"Content-Type": XML}, changed)
    scheduled_pass(database, settings, clock)
    assert len(stored(database, "news")) == 5  # 测评老王删博, and nothing stored twice
    assert coverage(database, watch_id)[f"user:{rss}"].items == 2 + 3


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (raw_answer(fixture("news/not_a_feed.html"), 200, "text/html"), "blocked"),
        (raw_answer(b"", 403), "blocked"),
    ],
)
def test_refusals(api, database, clock, world, answer, kind):
    stub, settings, watch_id, (rss, atom) = world
    stub.routes["/press_rss2.xml"] = lambda hit: answer
    scheduled_pass(database, settings, clock)
    rows = coverage(database, watch_id)
    assert rows[f"user:{rss}"].last_error_kind == kind
    assert rows[f"user:{atom}"].last_error_message.startswith("not tried")


def test_a_429_on_a_feed_is_waited_out(api, database, clock, world):
    stub, settings, watch_id, (rss, _) = world
    first = stub.routes["/press_rss2.xml"]
    calls = []

    def limited_once(hit):
        calls.append(hit)
        return (429, {"Retry-After": "4"}, b"") if len(calls) == 1 else first(hit)

    stub.routes["/press_rss2.xml"] = limited_once
    time = scheduled_pass(database, settings, clock)
    assert 4.0 in time.waits
    assert coverage(database, watch_id)[f"user:{rss}"].items == 2


def test_requests_are_counted_in_the_tenants_usage(api, database, clock, world):
    stub, settings, _watch_id, _feeds = world
    scheduled_pass(database, settings, clock)
    scheduled_pass(database, settings, clock)
    usage = api.get("/v1/usage").json()
    assert usage["collection_requests"] == {"news": len(stub.requests)}
    assert usage["days"][-1]["collection_requests"] == len(stub.requests) > 0
