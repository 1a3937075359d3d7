"""Small request bodies for tests: call with overrides, get a valid body."""

from __future__ import annotations

from typing import Any


def brand_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "星河手机",
        "aliases": ["星河"],
        "fandom_names": ["河粉"],
        "executives": [
            {
                "name": "周总",
                "accounts": [{"platform": "weibo", "uid": "9001", "handle": "星河周总"}],
            }
        ],
        "competitors": ["青橙"],
        "owned_accounts": [{"platform": "weibo", "uid": "9000", "handle": "星河手机官微"}],
    }
    return {**body, **overrides}


def kol_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "测评老王",
        "aliases": ["老王测评"],
        "accounts": [{"platform": "weibo", "uid": "1000001", "handle": "测评老王"}],
    }
    return {**body, **overrides}


def post_item(platform_id: str, text: str, **overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "platform": "weibo",
        "platform_id": platform_id,
        "text": text,
        "created_at": "2026-11-19T20:00:00+08:00",
        "author": {"uid": "u1", "name": "路人", "followers": 10},
        "url": f"https://weibo.com/u1/{platform_id}",
        "metrics": {"likes": 1, "reposts": 0, "comments": 0},
    }
    return {**item, **overrides}


def create_watch(
    api: Any, brand: dict[str, Any] | None = None, kol: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Brand, KOL and their watch through the API; returns the watch JSON."""
    brand_id = api.post("/v1/brands", json=brand or brand_body()).json()["id"]
    kol_id = api.post("/v1/kols", json=kol or kol_body()).json()["id"]
    response = api.post(
        "/v1/watches", json={"brand_id": brand_id, "kol_id": kol_id, "stage": "negotiating"}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


class FakeScorer:
    """Negative (with disgust, as scorn reads) when the text holds "差", positive otherwise;
    the version can be bumped."""

    def __init__(self, version: str = "1") -> None:
        from sentiment import ModelInfo

        self.model = ModelInfo("fake", version)
        self.calls = 0

    def score(self, text: str) -> Any:
        return self.score_many([text])[0]

    def score_many(self, texts: Any) -> list[Any]:
        from sentiment import SentimentResult

        self.calls += 1
        return [
            SentimentResult(
                polarity=-0.8 if "差" in t else 0.6,
                label="negative" if "差" in t else "positive",
                confidence=0.9,
                emotions={"anger": 0.0, "disgust": 0.8 if "差" in t else 0.0, "mockery": 0.0},
                cues=["差"] if "差" in t else [],
                model=self.model,
            )
            for t in texts
        ]
