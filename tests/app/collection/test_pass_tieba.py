"""Tieba end to end over loopback: scheduled passes search and read the first pages of the bars
the KOL and the brand name (every pass, since a bar is ordered by last reply), into the
database; a captcha pauses Tieba until an operator acts; a 429 is waited out; a bar that does
not exist is reported and the other bars are still read."""

from __future__ import annotations

import pytest

from tests.app.collection.loopback import (
    coverage,
    cursors,
    fixture,
    loop_settings,
    only,
    paused,
    repeated,
    scheduled_pass,
    stored,
)
from tests.app.collection.stub import Stub, raw_answer, serve
from tests.builders import brand_body, create_watch, kol_body

HTML = "text/html; charset=utf-8"
BARS = {
    "星河手机": {"0": "bar_page.html", "50": "bar_page2.html", "100": "bar_page_empty.html"},
    "测评老王": {"0": "bar_page2.html", "50": "bar_page_empty.html"},
}
EMPTY_SEARCH = b'<div class="s_post_list"></div>'


def search(hit):
    if hit["pn"] == "1":
        return raw_answer(fixture("tieba/search_res.html"), content_type=HTML)
    return raw_answer(EMPTY_SEARCH, content_type=HTML)


def bar(hit):
    return raw_answer(fixture(f"tieba/{BARS[hit['kw']][hit['pn']]}"), content_type=HTML)


@pytest.fixture
def world(api, settings):
    stub = Stub({"/f/search/res": search, "/f": bar})
    with serve(stub) as url:
        brand = brand_body(executives=[], owned_accounts=[], tieba_bars=["星河手机"])
        kol = kol_body(
            accounts=[{"platform": "tieba", "uid": "3000000001"}], tieba_bars=["测评老王"]
        )
        watch = create_watch(api, brand, kol)
        only(api, "tieba")
        settings = loop_settings(
            settings, url, collect_queries_per_platform=2, collect_pages_per_listing=2
        )
        yield stub, settings, watch["id"]


def test_bars_are_read_from_the_top_every_pass_and_searches_resume(api, database, clock, world):
    stub, settings, watch_id = world
    scheduled_pass(database, settings, clock)
    rows = coverage(database, watch_id)
    assert {q: (r.last_error_kind, r.items) for q, r in rows.items()} == {
        "search:测评老王 星河手机": (None, 2),
        "search:测评老王 星河": (None, 2),
        "bar:测评老王": (None, 1),
        "bar:星河手机": (None, 3),  # two pages: the budget; the rest waits for its turn at the top
    }
    assert all(row.gap_kind is None for row in rows.values())
    bar_state = cursors(database, "tieba")["bar:星河手机"]
    assert bar_state.cursor is None  # nothing kept below: a bar is read from the top
    assert bar_state.watermark is not None
    threads = stored(database, "tieba")
    assert threads["140000000111"].text.startswith("老王要是代言星河")
    assert threads["140000000122"].time_precision == "month"
    assert [hit["kw"] for hit in stub.hits("/f")] == [
        "测评老王",
        "测评老王",
        "星河手机",
        "星河手机",
    ]
    count = len(threads)

    since = len(stub.requests)
    scheduled_pass(database, settings, clock)
    again = {(path, dict(params)["kw"]) for _, path, params in repeated(stub, since)}
    assert again == {("/f", "测评老王"), ("/f", "星河手机")}  # only the bars' first pages
    assert [hit["qw"] for hit in stub.hits("/f/search/res")[-4:]][::2] == [
        "测评老王 河粉",
        "老王测评 星河手机",
    ]  # the next queries in rotation
    assert len(stored(database, "tieba")) == count


def test_a_captcha_pauses_tieba_until_an_operator_acts(api, database, clock, world):
    stub, settings, watch_id = world
    captcha = {"Location": "https://wappass.baidu.com/static/captcha/tuxing.html?ak=x"}
    stub.routes["/f/search/res"] = lambda hit: (302, captcha, b"")
    scheduled_pass(database, settings, clock)
    rows = coverage(database, watch_id)
    assert rows["search:测评老王 星河手机"].last_error_kind == "captcha_required"
    assert rows["bar:星河手机"].last_error_message.startswith("not tried")
    assert paused(database, "tieba")

    asked = len(stub.requests)
    scheduled_pass(database, settings, clock)
    assert len(stub.requests) == asked  # paused: Tieba is left alone

    stub.routes["/f/search/res"] = search
    assert api.put("/v1/collection/platforms/tieba", json={}).status_code == 200
    scheduled_pass(database, settings, clock)
    assert coverage(database, watch_id)["bar:星河手机"].last_success_at is not None


def test_a_missing_bar_is_reported_and_the_others_are_still_read(api, database, clock, world):
    stub, settings, watch_id = world
    missing = {"测评老王"}

    def some_missing(hit):
        if hit["kw"] in missing:
            return raw_answer(fixture("tieba/bar_missing.html"), content_type=HTML)
        return bar(hit)

    stub.routes["/f"] = some_missing
    scheduled_pass(database, settings, clock)
    rows = coverage(database, watch_id)
    assert rows["bar:测评老王"].last_error_kind == "not_found"
    assert "check its name" in rows["bar:测评老王"].last_error_message
    assert rows["bar:星河手机"].items == 3


def test_a_429_on_a_bar_is_waited_out(api, database, clock, world):
    stub, settings, watch_id = world
    calls = []

    def limited_once(hit):
        calls.append(hit)
        return (429, {"Retry-After": "9"}, b"") if len(calls) == 1 else bar(hit)

    stub.routes["/f"] = limited_once
    time = scheduled_pass(database, settings, clock)
    assert 9.0 in time.waits
    assert coverage(database, watch_id)["bar:测评老王"].items == 1


THREAD_PAGES = {"1": "thread_p1.html", "2": "thread_p2.html", "3": "thread_p2.html"}


def thread(hit):
    return raw_answer(fixture(f"tieba/{THREAD_PAGES[hit['pn']]}"), content_type=HTML)


def test_threads_naming_the_pairing_have_their_floors_read_once(api, database, clock, world):
    stub, settings, watch_id = world
    stub.routes["/p/8800000001"] = thread  # the search hit "测评老王要给星河手机站台了？"
    stub.routes["/p/comment"] = lambda hit: raw_answer(
        fixture("tieba/lzl_page.html"), content_type=HTML
    )
    settings = settings.model_copy(update={"collect_thread_posts": 2})
    scheduled_pass(database, settings, clock)
    floors = {p.platform_id: p for p in stored(database, "tieba").values() if p.kind == "comment"}
    assert floors, "the thread's floors were not stored"
    assert {hit["pn"] for hit in stub.hits("/p/8800000001")} >= {"1", "2"}
    # Only the hit naming both sides: "回复：老王的测评还能看吗" names neither in full.
    threads_read = {hit.path for hit in stub.requests if hit.path.startswith("/p/")}
    assert threads_read == {"/p/8800000001", "/p/comment"}
    search_row = coverage(database, watch_id)["search:测评老王 星河手机"]
    assert search_row.items >= 2 + len(floors)  # the thread counts in the search's coverage
    assert search_row.last_error_kind is None

    asked = len([hit for hit in stub.requests if hit.path.startswith("/p/")])
    scheduled_pass(database, settings, clock)
    again = len([hit for hit in stub.requests if hit.path.startswith("/p/")])
    assert again == asked  # each thread is read once: nothing is fetched twice


def test_a_thread_that_cannot_be_read_is_a_note_not_a_failed_search(api, database, clock, world):
    stub, settings, watch_id = world
    stub.routes["/p/8800000001"] = lambda hit: raw_answer(
        fixture("tieba/thread_deleted.html"), content_type=HTML
    )
    settings = settings.model_copy(update={"collect_thread_posts": 2})
    scheduled_pass(database, settings, clock)
    row = coverage(database, watch_id)["search:测评老王 星河手机"]
    assert row.last_success_at is not None
    assert row.items == 2
    assert row.last_error_kind == "not_found"
    assert "thread 8800000001" in row.last_error_message
