"""GET /v1/kols/{id}/dossier: accounts, rhythm, engagement and deals, from stored posts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import make_key

NOW = datetime(2026, 11, 20, tzinfo=UTC)
KOL = {
    "name": "测评老王",
    "aliases": ["老王"],
    "accounts": [
        {"platform": "weibo", "uid": "1000001", "handle": "测评老王"},
        {"platform": "bilibili", "uid": "880001", "handle": "老王测评"},
    ],
}
BRAND = {"name": "星河手机", "aliases": ["星河"], "fandom_names": ["河粉"], "competitors": ["青橙"]}


def own(n, text, days_ago, followers, platform="weibo", uid="1000001", **extra):
    created = NOW - timedelta(days=days_ago)
    return {
        "platform": platform,
        "platform_id": f"own-{n}",
        "text": text,
        "created_at": created.isoformat(),
        "collected_at": (created + timedelta(hours=1)).isoformat(),
        "author": {"uid": uid, "name": "测评老王", "followers": followers},
        "url": f"https://weibo.com/1000001/own{n}",
        "metrics": {"likes": 100 * n, "comments": 10 * n, "reposts": n},
        **extra,
    }


POSTS = [
    own(1, "#广告# 青橙Q3上手两周，影像真的能打，感谢@青橙手机 的支持！", 40, 510_000),
    own(2, "今天聊聊手机散热，为什么夏天容易发烫", 30, 515_000),
    own(3, "感谢星河寄来的新机，这次合作的体验分享给大家", 200, 480_000),
    own(4, "村里的合作社今年收成不错，回老家拍了点素材", 10, 520_000),
    own(5, "新机开箱，拍照真不错", 5, 900_000, platform="bilibili", uid="880001", kind="video",
        raw={"commerce_info": {"is_ad": True}}),
    {
        "platform": "weibo", "platform_id": "reply-1", "kind": "comment",
        "parent_platform_id": "own-3", "text": "老王这次推荐的星河还不错，支持",
        "created_at": (NOW - timedelta(days=199)).isoformat(),
        "author": {"uid": "fan-1", "followers": 30},
    },
]  # fmt: skip


@pytest.fixture
def seeded(api):
    brand = api.post("/v1/brands", json=BRAND).json()
    kol = api.post("/v1/kols", json=KOL).json()
    api.post("/v1/watches", json={"brand_id": brand["id"], "kol_id": kol["id"]})
    response = api.post("/v1/posts", json=POSTS)
    assert response.json()["rejected"] == [], response.text
    return brand, kol


def test_accounts_rhythm_and_engagement(api, seeded):
    _, kol = seeded
    body = api.get(f"/v1/kols/{kol['id']}/dossier").json()
    weibo, bili = body["accounts"]
    assert (weibo["uid"], weibo["followers"], weibo["posts"]) == ("1000001", 520_000, 4)
    assert weibo["followers_change"] == 40_000  # 480k two hundred days ago, 520k now
    assert [p["followers"] for p in weibo["followers_history"]] == [
        480_000, 510_000, 515_000, 520_000,
    ]  # fmt: skip
    assert bili["followers_change"] is None
    assert body["rhythm"]["posts"] == 5
    assert body["rhythm"]["last_30_days"] == 3  # 30 (inclusive), 10 and 5 days ago
    assert body["engagement"]["posts"] == 5
    assert body["engagement"]["median_likes"] == 300.0


def test_commercial_history_names_brands_with_evidence(api, seeded):
    _, kol = seeded
    body = api.get(f"/v1/kols/{kol['id']}/dossier").json()
    history = {d["evidence"]["platform_id"]: d for d in body["commercial_history"]}
    # Sponsored, the deal with 星河, the platform's ad label; not the co-operative (合作社).
    assert set(history) == {"own-1", "own-3", "own-5"}
    assert history["own-1"]["brands"] == ["青橙"]
    assert history["own-3"]["brands"] == ["星河手机"]
    assert history["own-5"]["markers"] == ["platform:commerce_info.is_ad"]
    evidence = history["own-1"]["evidence"]
    assert set(evidence) >= {"post_id", "platform", "platform_id", "url", "created_at", "quote"}
    assert evidence["quote"].startswith("#广告# 青橙Q3")
    assert api.get(f"/v1/posts/{evidence['post_id']}").status_code == 200
    assert body["pairing"] is None


def test_with_a_brand_competitor_deals_and_past_work(api, seeded):
    brand, kol = seeded
    watch = api.get("/v1/watches").json()[0]
    api.get(f"/v1/watches/{watch['id']}/risk")  # scores the posts, as the scoring job would
    body = api.get(f"/v1/kols/{kol['id']}/dossier", params={"brand_id": brand["id"]}).json()
    pairing = body["pairing"]
    [rival] = pairing["competitor_deals"]
    assert (rival["competitors"], rival["within_window"], rival["days_ago"]) == (["青橙"], True, 40)
    [past] = pairing["brand_deals"]
    assert past["evidence"]["platform_id"] == "own-3"
    assert past["reception"]["replies"] == 1
    assert pairing["competitor_deal"]["score"] >= 25
    assert [e["platform_id"] for e in pairing["competitor_deal"]["evidence"]] == ["own-1"]
    assert pairing["controversy"]["name"] == "controversy"
    stances = {s["post_id"]: s["stance"] for s in pairing["stance_history"]}
    assert stances[rival["evidence"]["post_id"]] == "competitor"
    assert past["evidence"]["post_id"] in stances


def test_the_competitor_deal_is_in_the_watchs_risk(api, seeded):
    brand, kol = seeded
    watch = api.get("/v1/watches").json()[0]
    risk = api.get(f"/v1/watches/{watch['id']}/risk").json()
    deal = next(c for c in risk["components"] if c["name"] == "competitor_deal")
    assert deal["score"] >= 25
    assert risk["decision"] == "caution"
    assert any(r.startswith("competitor_deal") and "青橙" in r for r in risk["reasons"])


def test_competitors_are_set_through_the_api(api, seeded):
    brand, kol = seeded
    api.patch(f"/v1/brands/{brand['id']}", json={"competitors": ["朔风"]})
    body = api.get(f"/v1/kols/{kol['id']}/dossier", params={"brand_id": brand["id"]}).json()
    assert body["pairing"]["competitor_deals"] == []


def test_unknown_and_foreign_ids_are_404(api, seeded, database):
    brand, kol = seeded
    assert api.get("/v1/kols/nope/dossier").status_code == 404
    missing = api.get(f"/v1/kols/{kol['id']}/dossier", params={"brand_id": "nope"})
    assert missing.status_code == 404
    assert missing.json()["error"]
    other = make_key(database, "other", ["read"])
    foreign = api.get(f"/v1/kols/{kol['id']}/dossier", headers={"Authorization": f"Bearer {other}"})
    assert foreign.status_code == 404


def test_a_smear_by_new_accounts_is_flagged_from_the_age_raw_carries(api, seeded, clock):
    """No follower counts at all: the accounts' creation time in the pushed items decides."""
    brand, kol = seeded
    now = clock()
    smear = [
        {
            "platform": "weibo", "platform_id": f"new-{n}", "kind": "comment",
            "text": "测评老王收了星河的钱，这种合作就是割韭菜，大家别信这次推广" + "！" * (n % 3),
            "created_at": (now - timedelta(hours=3, seconds=-15 * n)).isoformat(),
            "author": {"uid": f"new{n}", "name": f"用户{n}"},
            "account_created_at": (now - timedelta(days=2)).isoformat(),
        }
        for n in range(12)
    ]  # fmt: skip
    assert api.post("/v1/posts", json=smear).json()["rejected"] == []
    watch = api.get("/v1/watches").json()[0]
    risk = api.get(f"/v1/watches/{watch['id']}/risk").json()
    assert any(
        r.startswith("coordinated") and "12 accounts, 12 of them" in r for r in risk["reasons"]
    )
