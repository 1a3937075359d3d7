"""Weibo's refusals end to end over loopback: a login or visitor wall is recorded as
login_required, the rest of Weibo's pass is not tried (every request would meet the same wall),
nothing is paused, and the next pass collects once the wall is gone; an anti-crawler 432/418
ends the pass as rate_limited. (Pagination, 429s, malformed pages and restarts on Weibo are in
test_pass.py; bursts beyond the page budget in test_pass_gaps.py.)"""

from __future__ import annotations

import pytest

from tests.app.collection.loopback import (
    coverage,
    cursors,
    fixture,
    loop_settings,
    only,
    paused,
    scheduled_pass,
    served,
    stored,
)
from tests.app.collection.stub import Stub, serve
from tests.builders import create_watch

HTML = {"Content-Type": "text/html; charset=utf-8"}
VISITOR = {"Location": "https://passport.weibo.com/visitor/visitor?entry=miniblog&a=enter"}


def timeline(hit):
    if hit.get("containerid", "").startswith("107603"):
        return served("weibo/timeline_page1.json")
    return served("weibo/timeline_end.json")


@pytest.fixture
def world(api, settings):
    stub = Stub(
        {
            "/api/container/getIndex": timeline,
            "/statuses/extend": lambda hit: served("weibo/extend_longtext.json"),
            "/comments/hotflow": lambda hit: served("weibo/hotflow_end.json"),
        }
    )
    with serve(stub) as url:
        watch = create_watch(api)
        only(api, "weibo")
        yield stub, loop_settings(settings, url), watch["id"]


@pytest.mark.parametrize(
    "wall",
    [
        (200, HTML, fixture("weibo/login_wall.html")),
        (200, HTML, fixture("weibo/visitor_system.html")),
        (302, VISITOR, b""),
    ],
)
def test_a_wall_stops_weibos_pass_without_pausing_and_the_next_pass_collects(
    api, database, clock, world, wall
):
    stub, settings, watch_id = world
    stub.routes["/api/container/getIndex"] = lambda hit: wall
    scheduled_pass(database, settings, clock)
    rows = coverage(database, watch_id)
    assert {r.last_error_kind for r in rows.values()} == {"login_required"}
    assert "login cookie" in rows["user:1000001"].last_error_message
    assert rows["venue:9000"].last_error_message.startswith("not tried")
    assert len(stub.hits("/api/container/getIndex")) == 1  # the wall was met once, not per listing
    assert paused(database, "weibo") is None  # walls come and go: no operator needed to resume
    assert stored(database, "weibo") == {}

    stub.routes["/api/container/getIndex"] = timeline
    scheduled_pass(database, settings, clock)
    rows = coverage(database, watch_id)
    assert rows["user:1000001"].last_success_at is not None
    assert rows["user:1000001"].items == 4
    assert "5000000000000000002" in stored(database, "weibo")  # with its long text expanded
    assert stored(database, "weibo")["5000000000000000002"].text.endswith("配不上河粉的钱。[怒]")
    assert cursors(database, "weibo")["user:1000001"].cursor == {"since_id": "5000000000000000003"}


@pytest.mark.parametrize("status", [432, 418])
def test_an_anti_crawler_answer_ends_weibos_pass_as_rate_limited(
    api, database, clock, world, status
):
    stub, settings, watch_id = world
    stub.routes["/api/container/getIndex"] = lambda hit: (status, HTML, b"")
    scheduled_pass(database, settings, clock)
    rows = coverage(database, watch_id)
    assert rows["user:1000001"].last_error_kind == "rate_limited"
    assert rows["venue:9000"].last_error_message.startswith("not tried")
    assert len(stub.hits("/api/container/getIndex")) == 1  # no retry into the limit
    assert paused(database, "weibo") is None
