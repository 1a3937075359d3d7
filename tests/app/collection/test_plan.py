"""What a pass plans per platform (pure): Tieba bars named by the KOL and the brand take turns
within the platform's budget, beside the rotating search queries."""

from __future__ import annotations

from app.collection.plan import plan_platform
from app.collection.subject import BrandNames, KolNames

BRAND = BrandNames(
    "星河手机",
    ["星河"],
    ["河粉"],
    [],
    [{"platform": "tieba", "uid": "3000000009"}],
    ["星河手机", "河粉之家"],
)
KOL = KolNames(
    "测评老王", [], [{"platform": "tieba", "uid": "3000000001"}], ["测评老王", "星河手机"]
)


def plan(rotation: int, budget: int):
    return plan_platform("tieba", BRAND, KOL, (), rotation, budget)


def test_bars_take_turns_within_the_budget_the_kols_first():
    first = plan(0, 2)
    assert [item.label for item in first if item.kind == "bar"] == ["bar:测评老王", "bar:星河手机"]
    assert [item.label for item in plan(2, 2) if item.kind == "bar"] == [
        "bar:河粉之家",
        "bar:测评老王",
    ]
    assert sum(item.kind == "search" for item in first) == 2  # the queries keep their own turn


def test_every_bar_is_read_when_the_budget_allows_and_none_twice():
    bars = [item.target for item in plan(0, 10) if item.kind == "bar"]
    assert bars == ["测评老王", "星河手机", "河粉之家"]


def test_tieba_accounts_are_no_listing_of_their_own():
    kinds = {item.kind for item in plan(0, 4)}
    assert kinds == {"search", "bar"}  # Tieba cannot list a user's posts, nor venues through them


def test_other_platforms_take_no_bars():
    listings = plan_platform("weibo", BRAND, KOL, ("posts",), 0, 4)
    assert all(item.kind != "bar" for item in listings)
