"""The demo dataset is well formed: deterministic, unique, in the past, threaded. No database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.brands.schemas import BrandCreate
from app.demo import dataset
from app.kols.schemas import KolCreate
from app.posts.schemas import POST_IN, unknown_fields
from app.watches.schemas import WatchCreate
from sentiment import normalize

NOW = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    return dataset.posts(NOW)


def _created(item: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(item["created_at"])


def test_the_same_now_gives_the_same_posts(items: list[dict[str, Any]]) -> None:
    assert dataset.posts(NOW) == items


def test_the_story_moves_with_now(items: list[dict[str, Any]]) -> None:
    later = dataset.posts(NOW + timedelta(days=30))
    assert [p["text"] for p in later] == [p["text"] for p in items]
    assert _created(later[0]) - _created(items[0]) == timedelta(days=30)


def test_a_few_hundred_posts(items: list[dict[str, Any]]) -> None:
    assert 300 <= len(items) <= 600


def test_platform_ids_are_unique(items: list[dict[str, Any]]) -> None:
    ids = [item["platform_id"] for item in items]
    assert len(ids) == len(set(ids))


def test_every_post_is_before_now_with_the_shanghai_offset(items: list[dict[str, Any]]) -> None:
    for item in items:
        created = _created(item)
        assert created.utcoffset() == timedelta(hours=8), item["created_at"]
        assert created < NOW, item


def test_every_item_is_a_valid_post_body(items: list[dict[str, Any]]) -> None:
    for item in items:
        post = POST_IN.validate_python(item)
        assert unknown_fields(post) == {}
        assert post.get("url", "").startswith("https://example.invalid/")


def test_every_reply_has_an_earlier_parent_on_its_platform(items: list[dict[str, Any]]) -> None:
    by_key = {(item["platform"], item["platform_id"]): item for item in items}
    comments = [item for item in items if item["kind"] == "comment"]
    assert comments
    for item in items:
        if item["kind"] == "comment":
            assert item.get("parent_platform_id"), item
        if item.get("parent_platform_id") is None:
            continue
        parent = by_key.get((item["platform"], item["parent_platform_id"]))
        assert parent is not None, item
        assert _created(parent) < _created(item), item


def test_brand_kols_and_stages_are_valid_bodies() -> None:
    BrandCreate.model_validate(dataset.BRAND)
    assert set(dataset.KOLS) == {"hostile", "borderline", "friendly"}
    assert set(dataset.STAGES) == set(dataset.KOLS)
    for role, body in dataset.KOLS.items():
        KolCreate.model_validate(body)
        WatchCreate.model_validate(
            {"brand_id": "brd_x", "kol_id": "kol_x", "stage": dataset.STAGES[role]}
        )


def _uids(accounts: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(account["platform"], account["uid"]) for account in accounts}


@pytest.mark.parametrize("role", ["hostile", "borderline", "friendly"])
def test_each_kol_posts_and_is_talked_about(items: list[dict[str, Any]], role: str) -> None:
    kol = dataset.KOLS[role]
    accounts = _uids(kol["accounts"])
    names = [normalize(name) for name in (kol["name"], *kol["aliases"])]
    own = [p for p in items if (p["platform"], p["author"]["uid"]) in accounts]
    about = [p for p in items if any(name in normalize(p["text"]) for name in names)]
    assert len(own) >= 10
    assert len(about) >= 10


def test_backlash_lands_under_the_brands_own_posts(items: list[dict[str, Any]]) -> None:
    brand = dataset.BRAND
    venue_accounts = _uids(brand["owned_accounts"])
    for executive in brand["executives"]:
        venue_accounts |= _uids(executive["accounts"])
    venues = {
        (p["platform"], p["platform_id"])
        for p in items
        if (p["platform"], p["author"]["uid"]) in venue_accounts
    }
    hostile_names = [normalize(n) for n in (dataset.KOLS["hostile"]["name"], "老刀", "刀哥")]
    recent_venue_comments = [
        p
        for p in items
        if (p["platform"], p.get("parent_platform_id")) in venues
        and NOW - _created(p) < timedelta(hours=72)
        and any(name in normalize(p["text"]) for name in hostile_names)
    ]
    assert len(recent_venue_comments) >= 20


def test_no_one_is_angry_about_the_deal_before_the_leak(items: list[dict[str, Any]]) -> None:
    leak = min(_created(p) for p in items if "澜屿投了我" in p["text"])
    deal_words = ("合作", "年框", "商单")
    talk = [p for p in items if "老刀" in p["text"] and any(w in p["text"] for w in deal_words)]
    assert talk
    assert all(_created(p) >= leak for p in talk)
