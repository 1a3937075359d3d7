"""Xiaohongshu end to end over loopback, through a tenant's provider: scheduled passes page
through note search (each note read through its detail), the KOL's notes and the comments under
the brand's latest note into the database; a restart resumes from stored cursors; a 429 is
waited out; refusals end up in coverage."""

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

ROOT = "/xhs/api/sns/web"
KOL = "6500000000000000000a0001"
BRAND = "6500000000000000000a0005"
DETAILS = {
    "6700000000000000000b0001": "feed_b0001.json",
    "6700000000000000000b0002": "feed_b0002.json",
    "6700000000000000000b0003": "error_-510000_note_gone.json",
    "6700000000000000000b0011": "feed_b0011.json",
}


def search(hit):
    return served(
        "xiaohongshu/" + ("search_notes.json" if hit["page"] == 1 else "search_notes_last.json")
    )


def detail(hit):
    note_id = hit["source_note_id"]
    if note_id in DETAILS:
        return served("xiaohongshu/" + DETAILS[note_id])
    older = json.loads(fixture("xiaohongshu/feed_b0011.json"))  # an older note of the KOL's
    older["data"]["items"][0]["note_card"].update(note_id=note_id, time=1740880800000)
    return json_answer(older)


def user_posted(hit):
    page = json.loads(fixture("xiaohongshu/user_posted.json"))
    if hit["user_id"] == BRAND:
        page["data"]["notes"][0]["note_id"] = "6700000000000000000b0001"
    elif not hit.get("cursor"):  # the KOL's first page, with one more to come
        page["data"].update(has_more=True, cursor="kol-page-2")
    else:
        page["data"]["notes"][0]["note_id"] = "6700000000000000000b0012"
    return json_answer(page)


def comments(hit):
    if hit.get("cursor"):
        return json_answer(
            {"code": 0, "success": True, "data": {"comments": [], "has_more": False}}
        )
    return served("xiaohongshu/comment_page.json")


@pytest.fixture
def world(api, settings):
    stub = Stub(
        {
            f"{ROOT}/v1/search/notes": search,
            f"{ROOT}/v1/feed": detail,
            f"{ROOT}/v1/user_posted": user_posted,
            f"{ROOT}/v2/comment/page": comments,
        }
    )
    with serve(stub) as url:
        brand = brand_body(
            executives=[], owned_accounts=[{"platform": "xiaohongshu", "uid": BRAND}]
        )
        kol = kol_body(accounts=[{"platform": "xiaohongshu", "uid": KOL}])
        watch = create_watch(api, brand, kol)
        only(api, "xiaohongshu", provider_url=url + "/xhs", provider_token="t")
        yield stub, loop_settings(settings, url), watch["id"]


def test_scheduled_passes_page_resume_and_store_everything_once(api, database, clock, world):
    stub, settings, watch_id = world
    calls = []

    def limited_once(hit):
        calls.append(hit)
        return (429, {"Retry-After": "3"}, b"") if len(calls) == 1 else search(hit)

    stub.routes[f"{ROOT}/v1/search/notes"] = limited_once
    time = scheduled_pass(database, settings, clock)
    assert 3.0 in time.waits
    rows = coverage(database, watch_id)
    assert {q: (r.last_error_kind, r.items) for q, r in rows.items()} == {
        "search:测评老王 星河手机": (None, 2),
        f"user:{KOL}": (None, 1),
        f"venue:{BRAND}": (None, 4),  # the brand's note, two comments and an inline reply
    }
    marks = cursors(database, "xiaohongshu")
    search_cursor = marks["search:测评老王 星河手机"].cursor
    assert search_cursor["page"] == 2
    assert marks[f"user:{KOL}"].cursor == {"cursor": "kol-page-2"}
    assert marks["comments:6700000000000000000b0001"].cursor == {
        "cursor": "6800000000000000000c0003"
    }
    saved = stored(database, "xiaohongshu")
    assert saved["6800000000000000000c0002"].parent_platform_id == "6700000000000000000b0001"
    assert saved["6700000000000000000b0001"].likes == 23000
    tokens = [hit["xsec_token"] for hit in stub.hits(f"{ROOT}/v2/comment/page")]
    assert tokens == ["ABfictionaltoken0011="]  # from the brand's note list, not made up
    count = len(saved)

    since = len(stub.requests)
    scheduled_pass(database, settings, clock)
    again = {path for _, path, _ in repeated(stub, since)}
    # The brand's latest notes (and their details) are looked at every pass; nothing else.
    assert again == {f"{ROOT}/v1/user_posted", f"{ROOT}/v1/feed"}
    assert stub.hits(f"{ROOT}/v1/user_posted")[-2]["cursor"] == "kol-page-2"
    assert stub.hits(f"{ROOT}/v2/comment/page")[-1]["cursor"] == "6800000000000000000c0003"
    assert cursors(database, "xiaohongshu")[f"user:{KOL}"].backfilled is True
    saved = stored(database, "xiaohongshu")
    assert len(saved) == count + 1
    assert saved["6700000000000000000b0012"].created_at.year == 2025


@pytest.mark.parametrize(
    ("answer", "kind", "stops"),
    [
        (raw_answer(b"", 461), "captcha_required", True),
        (served("xiaohongshu/error_300012_ip_blocked.json"), "blocked", True),
        (raw_answer(b"<html>oops</html>", 200, "text/html"), "blocked", True),
        (served("xiaohongshu/error_-104_no_permission.json"), "login_required", False),
        (served("xiaohongshu/error_300015_signature.json"), "signature_rejected", False),
    ],
)
def test_refusals(api, database, clock, world, answer, kind, stops):
    stub, settings, watch_id = world
    stub.routes[f"{ROOT}/v1/search/notes"] = lambda hit: answer
    scheduled_pass(database, settings, clock)
    assert coverage(database, watch_id)["search:测评老王 星河手机"].last_error_kind == kind
    assert (stub.hits(f"{ROOT}/v1/user_posted") == []) == stops
    assert bool(paused(database, "xiaohongshu")) == (kind == "captcha_required")
