"""Bilibili end to end over loopback. The stub refuses (-412) any call without the buvid3 device
cookie, as the platform commonly does: scheduled passes get the cookies first, then page through
signed search, the KOL's dynamics and uploads and the comments under the brand's latest dynamic;
the anonymous comment cutoff, a 429, interceptions and malformed pages end up in coverage; a
restart resumes from stored cursors."""

from __future__ import annotations

import json

import pytest

from tests.app.collection.loopback import (
    coverage,
    cursors,
    fixture,
    loop_settings,
    only,
    repeated,
    scheduled_pass,
    served,
    stored,
)
from tests.app.collection.stub import Stub, json_answer, raw_answer, serve
from tests.builders import brand_body, create_watch, kol_body

KOL, BRAND = "2000000001", "2000000005"
BRAND_DYNAMIC = "1010000000000000099"
SPI = "/x/frontend/finger/spi"
DYNAMICS = "/x/polymer/web-dynamic/v1/feed/space"
INTERCEPTED = json.loads(fixture("bilibili/error_-412.json"))


def device_cookies(values):
    """finger/spi handing out the next value each time it is asked."""

    def answer(hit):
        value = values[min(len(answer.calls), len(values) - 1)]
        answer.calls.append(hit)
        return json_answer({"code": 0, "data": {"b_3": value, "b_4": value + "-4"}})

    answer.calls = []
    return answer


def needs_buvid(route, accepted=("B3-",)):
    """The platform's answer only with a device cookie it accepts; -412 otherwise."""

    def answer(hit):
        cookie = hit.headers.get("cookie", "")
        if any(f"buvid3={prefix}" in cookie for prefix in accepted):
            return route(hit)
        return json_answer(INTERCEPTED)

    return answer


def by(name, pages):
    return lambda hit: served(f"bilibili/{pages[hit.get(name, '')]}")


def dynamics(hit):
    if hit["host_mid"] == BRAND:
        page = json.loads(fixture("bilibili/dynamics.json"))
        item = page["data"]["items"][0]
        item["id_str"] = item["basic"]["comment_id_str"] = BRAND_DYNAMIC
        item["modules"]["module_author"].update(mid=int(BRAND), name="星河手机官方")
        page["data"].update(items=[item], has_more=False)
        return json_answer(page)
    pages = {"": "dynamics.json", "1010000000000000004": "dynamics_last.json"}
    return by("offset", pages)(hit)


def replies(hit):
    return served(
        "bilibili/reply_page1.json" if hit["pn"] == "1" else "bilibili/reply_page2_anonymous.json"
    )


def routes():
    plain = {
        "/x/web-interface/nav": lambda hit: served("bilibili/nav_logged_out.json"),
        "/x/web-interface/wbi/search/type": by(
            "page", {"1": "search_video.json", "2": "search_video_last.json"}
        ),
        "/x/space/wbi/arc/search": by("pn", {"1": "uploads.json", "2": "uploads_last.json"}),
        DYNAMICS: dynamics,
        "/x/v2/reply": replies,
        "/x/v2/reply/reply": lambda hit: served("bilibili/reply_reply.json"),
    }
    guarded = {path: needs_buvid(route) for path, route in plain.items()}
    return {SPI: device_cookies(["B3-ONE", "B3-TWO", "B3-THREE"]), **guarded}


@pytest.fixture
def world(api, settings):
    stub = Stub(routes())
    with serve(stub) as url:
        brand = brand_body(executives=[], owned_accounts=[{"platform": "bilibili", "uid": BRAND}])
        kol = kol_body(accounts=[{"platform": "bilibili", "uid": KOL}])
        watch = create_watch(api, brand, kol)
        only(api, "bilibili")
        yield stub, loop_settings(settings, url), watch["id"]


def test_scheduled_passes_warm_up_page_resume_and_store_everything_once(
    api, database, clock, world
):
    stub, settings, watch_id = world
    scheduled_pass(database, settings, clock)
    assert stub.requests[0].path == SPI
    assert len(stub.hits(SPI)) == 1  # one warm-up for the whole pass
    rows = coverage(database, watch_id)
    assert {q: (r.last_error_kind, r.items) for q, r in rows.items()} == {
        "search:测评老王 星河手机": (None, 2),
        f"user:{KOL}:dynamics": (None, 5),  # a text, a video, a forward and its original, hidden
        f"user:{KOL}:videos": (None, 2),
        f"venue:{BRAND}:dynamics": (None, 6),  # the brand's dynamic and five comments under it
    }
    marks = cursors(database, "bilibili")
    assert marks["search:测评老王 星河手机"].cursor == {"page": 2}
    assert marks[f"user:{KOL}:dynamics"].cursor == {"offset": "1010000000000000004"}
    assert marks[f"user:{KOL}:videos"].cursor == {"pn": 2}
    assert marks[f"comments:{BRAND_DYNAMIC}"].cursor == {"pn": 2}
    saved = stored(database, "bilibili")
    assert saved["1010000000000000004"].tombstone_reason == "hidden"
    assert saved["3000000005"].parent_platform_id == BRAND_DYNAMIC
    assert "BV1Up7c4Ti11" in saved  # the video dynamic and the upload are one post
    count = len(saved)

    since = len(stub.requests)
    scheduled_pass(database, settings, clock)
    again = sorted({path for _, path, _ in repeated(stub, since)})
    # Only the pass's handshake (device cookies, WBI keys) and the brand's latest dynamics,
    # looked at every pass, were asked for again.
    assert again == sorted({SPI, "/x/web-interface/nav", DYNAMICS})
    assert [h["host_mid"] for h in stub.hits(DYNAMICS)[-2:]] == [KOL, BRAND]
    assert stub.hits(DYNAMICS)[-2]["offset"] == "1010000000000000004"
    rows = coverage(database, watch_id)
    venue = rows[f"venue:{BRAND}:dynamics"]
    assert venue.last_error_kind == "login_required"  # page 2 of comments is withheld...
    assert "need a login" in venue.last_error_message
    # Read as far as an anonymous reader can: the next pass looks at the newest comments again
    # instead of waiting on the withheld page.
    assert cursors(database, "bilibili")[f"comments:{BRAND_DYNAMIC}"].cursor is None
    saved = stored(database, "bilibili")
    assert len(saved) == count + 1  # an older upload; the next query found known videos


def test_stale_device_cookies_are_replaced_once_then_the_platform_counts_as_blocked(
    api, database, clock, world
):
    stub, settings, watch_id = world
    stub.routes[DYNAMICS] = needs_buvid(dynamics, ("B3-TWO",))  # only the second cookie passes
    stub.routes["/x/space/wbi/arc/search"] = lambda hit: json_answer(INTERCEPTED)
    scheduled_pass(database, settings, clock)
    rows = coverage(database, watch_id)
    assert rows[f"user:{KOL}:dynamics"].last_error_kind is None  # passed after the re-warm
    assert len(stub.hits(SPI)) == 2
    videos = rows[f"user:{KOL}:videos"]
    assert videos.last_error_kind == "blocked"  # -412 again, and no second re-warm
    assert "-412" in videos.last_error_message
    assert rows[f"venue:{BRAND}:dynamics"].last_error_message.startswith("not tried")


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (raw_answer(b"<html>502 Bad Gateway</html>", 200, "text/html"), "blocked"),
        (json_answer({"code": -101, "message": "账号未登录"}), "login_required"),
        (json_answer({"code": -799, "message": "请求过于频繁"}), "rate_limited"),
        (served("bilibili/error_v_voucher.json"), "signature_rejected"),
    ],
)
def test_refusals(api, database, clock, world, answer, kind):
    stub, settings, watch_id = world
    stub.routes["/x/web-interface/wbi/search/type"] = lambda hit: answer
    scheduled_pass(database, settings, clock)
    assert coverage(database, watch_id)["search:测评老王 星河手机"].last_error_kind == kind


def test_a_429_with_retry_after_is_waited_out(api, database, clock, world):
    stub, settings, watch_id = world
    first = stub.routes[DYNAMICS]
    calls = []

    def limited_once(hit):
        calls.append(hit)
        return (429, {"Retry-After": "6"}, b"") if len(calls) == 1 else first(hit)

    stub.routes[DYNAMICS] = limited_once
    time = scheduled_pass(database, settings, clock)
    assert 6.0 in time.waits
    assert coverage(database, watch_id)[f"user:{KOL}:dynamics"].items == 5
