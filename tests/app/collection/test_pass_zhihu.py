"""Zhihu end to end over loopback: scheduled passes page through search, the KOL's answers and
the comments under the brand's latest answer into the database, a 429 is waited out, a restart
resumes from stored cursors, and refusals end up in coverage."""

from __future__ import annotations

import json

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
    served,
    stored,
)
from tests.app.collection.stub import Stub, json_answer, raw_answer, serve
from tests.builders import brand_body, create_watch, kol_body

VENUE_ANSWER = "1900000000000000999"
END = {"data": [], "paging": {"is_end": True}}


def venue_answers(hit):
    answer = json.loads(fixture("zhihu/member_answers.json"))["data"][0]
    answer = {
        **answer,
        "id": VENUE_ANSWER,
        "author": {"url_token": "xinghe-official", "name": "星河"},
    }
    return json_answer({"data": [answer], "paging": {"is_end": True}})


def kol_answers(hit):
    if hit.get("offset") in (None, "0"):
        return served("zhihu/member_answers.json")
    older = json.loads(fixture("zhihu/member_answers.json"))["data"][1]
    return json_answer({"data": [{**older, "id": "1900000000000000499"}], "paging": END["paging"]})


def search(hit):
    if hit.get("offset") in (None, "0"):
        return served("zhihu/search_v3_page1.json")
    return served("zhihu/search_v3_last.json")


def root_comments(hit):
    return served("zhihu/root_comments.json") if not hit.get("offset") else json_answer(END)


def routes():
    return {
        "/api/v4/search_v3": search,
        "/api/v4/members/ceping-laowang/answers": kol_answers,
        "/api/v4/members/xinghe-official/answers": venue_answers,
        f"/api/v4/comment_v5/answers/{VENUE_ANSWER}/root_comment": root_comments,
    }


@pytest.fixture
def world(api, settings):
    stub = Stub(routes())
    with serve(stub) as url:
        brand = brand_body(
            executives=[],
            owned_accounts=[{"platform": "zhihu", "uid": "xinghe-official", "handle": "星河"}],
        )
        kol = kol_body(accounts=[{"platform": "zhihu", "uid": "ceping-laowang"}])
        watch = create_watch(api, brand, kol)
        yield stub, loop_settings(settings, url), watch["id"]


def test_scheduled_passes_page_resume_and_store_everything_once(api, database, clock, world):
    stub, settings, watch_id = world
    only(api, "zhihu", cookie="z_c0=secret")
    first_search = stub.routes["/api/v4/search_v3"]
    calls = []

    def limited_once(hit):
        calls.append(hit)
        if len(calls) == 1:
            return 429, {"Retry-After": "7"}, b""
        return first_search(hit)

    stub.routes["/api/v4/search_v3"] = limited_once
    time = scheduled_pass(database, settings, clock)
    assert 7.0 in time.waits  # Retry-After honoured, then the page was fetched
    rows = coverage(database, watch_id)
    assert {q: (r.last_error_kind, r.items) for q, r in rows.items()} == {
        "search:测评老王 星河手机": (None, 2),
        "user:ceping-laowang": (None, 2),
        "venue:xinghe-official": (None, 5),  # the brand's answer and four comments under it
    }
    marks = cursors(database, "zhihu")
    assert marks["search:测评老王 星河手机"].cursor == {"offset": "20"}
    assert marks["user:ceping-laowang"].cursor == {"offset": "20"}
    assert marks[f"comments:{VENUE_ANSWER}"].cursor == {"offset": "MTEwMDAwMDAwMDQ="}
    posts = stored(database, "zhihu")
    assert posts["11000000003"].tombstone_reason == "deleted"
    assert posts["11000000002"].parent_platform_id == VENUE_ANSWER
    assert posts["1900000000000000404"].author_uid == "ceping-laowang"
    assert stub.hits("/api/v4/search_v3")[0].headers["cookie"] == "z_c0=secret"
    count = len(posts)

    since = len(stub.requests)
    scheduled_pass(database, settings, clock)
    # After the restart every listing resumed where it stopped; only the brand's latest
    # answers (where its comment sections are found) were asked for again.
    assert [path for _, path, _ in repeated(stub, since)] == [
        "/api/v4/members/xinghe-official/answers"
    ]
    assert stub.hits("/api/v4/search_v3")[-1]["q"] == "测评老王 星河"  # the next query in rotation
    assert stub.hits("/api/v4/members/ceping-laowang/answers")[-1]["offset"] == "20"
    marks = cursors(database, "zhihu")
    assert marks["user:ceping-laowang"].cursor is None
    assert marks["user:ceping-laowang"].backfilled is True
    posts = stored(database, "zhihu")
    assert len(posts) == count + 1  # the older answer; everything else was already stored


@pytest.mark.parametrize(
    ("path", "answer", "kind"),
    [
        ("/api/v4/search_v3", served("zhihu/error_40362_restricted.json")[2], "blocked"),
        ("/api/v4/search_v3", b"<html>not json</html>", "blocked"),
        ("/api/v4/search_v3", served("zhihu/error_40352_unhuman.json")[2], "captcha_required"),
        ("/api/v4/search_v3", served("zhihu/error_10003_signature.json")[2], "signature_rejected"),
    ],
)
def test_refusals_are_recorded_and_stop_the_platform_when_pushing_on_would_hurt(
    api, database, clock, world, path, answer, kind
):
    stub, settings, watch_id = world
    only(api, "zhihu", cookie="z_c0=secret")
    stub.routes[path] = lambda hit: raw_answer(answer, 403)
    scheduled_pass(database, settings, clock)
    rows = coverage(database, watch_id)
    assert rows["search:测评老王 星河手机"].last_error_kind == kind
    stops = kind in ("blocked", "captcha_required")
    untried = [q for q, r in rows.items() if (r.last_error_message or "").startswith("not tried")]
    assert bool(untried) == stops
    if stops:
        assert stub.hits("/api/v4/members/ceping-laowang/answers") == []
    assert bool(paused(database, "zhihu")) == (kind == "captcha_required")
    assert stored(database, "zhihu").keys().isdisjoint({"1900000000000000101"})


def test_without_a_cookie_search_is_login_required_and_the_login_wall_is_recorded(
    api, database, clock, world
):
    stub, settings, watch_id = world
    only(api, "zhihu")
    wall = served("zhihu/error_need_login.json")[2]
    stub.routes["/api/v4/members/ceping-laowang/answers"] = lambda hit: raw_answer(wall, 401)
    scheduled_pass(database, settings, clock)
    rows = coverage(database, watch_id)
    assert rows["search:测评老王 星河手机"].last_error_kind == "login_required"
    assert rows["user:ceping-laowang"].last_error_kind == "login_required"
    assert rows["venue:xinghe-official"].last_error_kind is None  # anonymous reading still worked
    assert stub.hits("/api/v4/search_v3") == []  # no cookie: not even asked
