"""A burst of new posts larger than a pass's page budget, end to end over loopback: the range
the budget could not reach is kept, the next passes fetch it before new pages, and
GET /v1/watches/{id}/coverage says a gap is open until it is filled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.app.collection.loopback import loop_settings, only, scheduled_pass, stored
from tests.app.collection.stub import Stub, json_answer, serve
from tests.builders import brand_body, create_watch, kol_body

T0 = datetime(2026, 11, 10, tzinfo=UTC)  # Asia/Shanghai 08:00
PER_PAGE = 3
LISTING = "user:1000001"


def shown(number: int) -> str:
    """Post n's time as Weibo's list views show it: n hours after T0, in Asia/Shanghai."""
    return (T0 + timedelta(hours=number + 8)).strftime("%Y-%m-%d %H:%M")


class Timeline:
    """The KOL's timeline, newest first; since_id is the last id shown, as Weibo pages it."""

    def __init__(self, newest: int) -> None:
        self.newest = newest

    def __call__(self, hit):
        below = int(hit["since_id"]) if hit.get("since_id") else self.newest + 1
        numbers = list(range(below - 1, max(below - 1 - PER_PAGE, 0), -1))
        cards = [
            {
                "card_type": 9,
                "mblog": {
                    "id": str(n),
                    "text": f"第{n}条",
                    "created_at": shown(n),
                    "user": {"id": 1000001, "screen_name": "测评老王"},
                },
            }
            for n in numbers
        ]
        info = {"since_id": numbers[-1]} if numbers and numbers[-1] > 1 else {}
        return json_answer({"ok": 1, "data": {"cards": cards, "cardlistInfo": info}})


@pytest.fixture
def world(api, settings):
    timeline = Timeline(newest=6)
    stub = Stub({"/api/container/getIndex": timeline})
    with serve(stub) as url:
        watch = create_watch(api, brand_body(executives=[], owned_accounts=[]), kol_body())
        only(api, "weibo")
        yield (
            stub,
            timeline,
            loop_settings(url=url, settings=settings, collect_pages_per_listing=2),
            watch["id"],
        )


def gap(api, watch_id):
    rows = api.get(f"/v1/watches/{watch_id}/coverage").json()["collection"]
    return next(row for row in rows if row["query"] == LISTING)["gap"]


def reasons(api, watch_id):
    return api.get(f"/v1/watches/{watch_id}/risk").json()["reasons"]


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_a_burst_beyond_the_page_budget_is_filled_and_coverage_says_so_meanwhile(
    api, database, clock, world
):
    stub, timeline, settings, watch_id = world
    scheduled_pass(database, settings, clock)
    assert gap(api, watch_id) is None  # six posts, two pages: all read
    timeline.newest = 6 + 7 * PER_PAGE  # 21 new posts: seven pages against a budget of two

    scheduled_pass(database, settings, clock)
    open_gap = gap(api, watch_id)
    assert open_gap["kind"] == "gap"
    assert moment(open_gap["from"]) == T0 + timedelta(hours=6)  # the newest post known before
    assert moment(open_gap["to"]) == T0 + timedelta(hours=22)  # the oldest one reached so far
    assert "still collecting, some posts not fetched yet: weibo (gap)" in reasons(api, watch_id)

    passes = 0
    while gap(api, watch_id) is not None:
        scheduled_pass(database, settings, clock)
        passes += 1
        assert passes <= 3
    assert passes == 3
    assert not any(r.startswith("still collecting") for r in reasons(api, watch_id))
    assert {int(i) for i in stored(database, "weibo")} == set(range(1, 28))  # nothing skipped
    resumed = [hit["since_id"] for hit in stub.requests if hit.get("since_id")]
    assert len(resumed) == len(set(resumed))  # no page below the top was fetched twice


def test_the_first_history_walk_is_shown_as_a_backfill(api, database, clock, world):
    stub, timeline, settings, watch_id = world
    timeline.newest = 30
    scheduled_pass(database, settings, clock)
    backfill = gap(api, watch_id)
    assert backfill["kind"] == "backfill"
    assert moment(backfill["to"]) == T0 + timedelta(hours=25)
    assert moment(backfill["from"]) < T0 - timedelta(days=365)  # the backfill horizon
