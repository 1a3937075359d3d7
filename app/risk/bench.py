"""Risk read speed at scale: `python -m app.risk.bench [--posts 1000000] [--database URL]`.

Builds a watch whose KOL is named by N posts (through the real ingest path, so mentions and
signals are as in production; scores are written directly by a trivial scorer, since this
measures reads, not scoring) and runs the update-rollups job once, as the scheduler would.
Then times through the HTTP API in-process: the first evaluation, repeated current reads, a
re-evaluation after new posts arrive (the rollups now lag behind them), as_of replays, and the
same replays with no rollups at all (a watch the job has not reached yet).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import delete

from app.auth.service import create_key, get_or_create_tenant
from app.clock import utcnow
from app.config import Settings
from app.db import Database, upgrade_to_head
from app.jobs.maintenance import update_rollups
from app.main import create_app
from app.models import RollupState
from app.posts.ingest import IngestLimits, ingest
from app.scoring.service import score_pending
from sentiment import ModelInfo, SentimentResult

BATCH = 5000
START = datetime(2025, 1, 1, tzinfo=UTC)
PLAIN = (
    "测评老王今天又发视频了",
    "测评老王这期讲得不错",
    "看完测评老王的视频去买了",
    "测评老王说得有道理",
)
SIGNAL = (
    "听说星河要和测评老王合作？河粉坚决抵制，恰烂钱吃相难看",
    "测评老王被起诉了，败诉还道歉",
    "星河官宣测评老王？河粉寒心了",
)


class BenchScorer:
    """Labels by a keyword, at memory speed: the benchmark measures reads, not scoring."""

    model = ModelInfo("bench", "1")

    def score(self, text: str) -> SentimentResult:
        return self.score_many([text])[0]

    def score_many(self, texts: Sequence[str]) -> list[SentimentResult]:
        return [self._one(t) for t in texts]

    def _one(self, text: str) -> SentimentResult:
        negative = any(w in text for w in ("抵制", "寒心", "败诉", "韭菜"))
        return SentimentResult(
            polarity=-0.8 if negative else 0.3,
            label="negative" if negative else "positive",
            confidence=0.9,
            emotions={
                "anger": 0.5 if negative else 0.0,
                "disgust": 0.6 if negative else 0.0,
                "mockery": 0.0,
            },
            model=self.model,
        )


def _item(i: int, rng: random.Random) -> dict[str, Any]:
    kol_own = i % 500 == 0
    text = rng.choice(SIGNAL) if i % 100 == 0 else rng.choice(PLAIN)
    if kol_own:
        text = "河粉都是韭菜，星河也就配这些人用"
    return {
        "platform": ("weibo", "douyin", "bilibili", "xiaohongshu")[i % 4],
        "platform_id": f"r{i}",
        "text": f"{text} #{i}",
        "created_at": (START + timedelta(seconds=30 * i)).isoformat(),
        "author": {
            "uid": "1000001" if kol_own else f"u{i % 50_000}",
            "name": "网友",
            "followers": 100,
        },
        "metrics": {"likes": i % 97, "reposts": i % 13, "comments": i % 31},
    }


def create_key_for(database: Database) -> tuple[str, str]:
    with database.session_scope() as session:
        tenant = get_or_create_tenant(session, "bench")
        _, key = create_key(session, tenant, ["admin"], START)
        return tenant.id, key


def build(database: Database, tenant_id: str, posts: int) -> None:
    """Posts after the brand, KOL and watch exist, so they are linked as they arrive."""
    now = START + timedelta(seconds=30 * posts + 3600)
    rng, limits, scorer = random.Random(5), IngestLimits(200_000), BenchScorer()
    started = time.perf_counter()
    for start in range(0, posts, BATCH):
        with database.session_scope() as session:
            ingest(
                session,
                tenant_id,
                [_item(i, rng) for i in range(start, min(start + BATCH, posts))],
                now,
                limits,
            )
    print(f"ingested {posts:,} posts in {time.perf_counter() - started:.0f} s", flush=True)
    while True:
        with database.session_scope() as session:
            if score_pending(session, scorer, now, limit=20_000) == 0:
                break


def timed(call: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def run(url: str, posts: int) -> None:
    database = Database(url)
    upgrade_to_head(database)
    tenant_id, key = create_key_for(database)
    app = create_app(Settings(database_url=url), database, scorer=BenchScorer())
    client = TestClient(app, headers={"Authorization": f"Bearer {key}"})
    brand = client.post(
        "/v1/brands", json={"name": "星河手机", "aliases": ["星河"], "fandom_names": ["河粉"]}
    ).json()
    kol = client.post(
        "/v1/kols", json={"name": "测评老王", "accounts": [{"platform": "weibo", "uid": "1000001"}]}
    ).json()
    watch = client.post("/v1/watches", json={"brand_id": brand["id"], "kol_id": kol["id"]}).json()
    build(database, tenant_id, posts)
    rollups_ms, _ = timed(lambda: update_rollups(database, utcnow))
    url_risk = f"/v1/watches/{watch['id']}/risk"
    first_ms, first = timed(lambda: client.get(url_risk).json())
    reads = sorted(timed(lambda: client.get(url_risk))[0] for _ in range(50))
    client.post(
        "/v1/posts",
        json=[{**_item(posts + i, random.Random(i)), "platform_id": f"new{i}"} for i in range(100)],
    )
    changed_ms, _ = timed(lambda: client.get(url_risk))
    replays = _replays(client, url_risk, posts)
    with database.session_scope() as session:
        session.execute(delete(RollupState))
    unrolled = _replays(client, url_risk, posts)
    print(
        f"watch with {first['coverage']['posts']:,} linked posts: decision {first['decision']}, score {first['score']}"
    )
    print(
        f"rollups built        {rollups_ms:8.0f} ms   (update-rollups job, once, before the reads)"
    )
    print(f"first evaluation     {first_ms:8.0f} ms")
    print(
        f"current read         p50 {statistics.median(reads):6.1f} ms   p95 {reads[int(0.95 * len(reads)) - 1]:6.1f} ms   (50 reads, nothing changed)"
    )
    print(f"read after new posts {changed_ms:8.0f} ms   (re-evaluates, stores a snapshot)")
    print(f"as_of replay         max {max(replays):6.0f} ms   ({len(replays)} replays)")
    print(f"as_of, no rollups    max {max(unrolled):6.0f} ms   (the same replays, counted live)")
    database.dispose()


def _replays(client: TestClient, url: str, posts: int) -> list[float]:
    return [
        timed(lambda a=as_of: client.get(url, params={"as_of": a}))[0]
        for as_of in _replay_points(posts)
    ]


def _replay_points(posts: int) -> list[str]:
    return [(START + timedelta(seconds=30 * posts * f)).isoformat() for f in (0.25, 0.5, 1.0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument(
        "--database", help="a database URL the benchmark may fill (default: temporary SQLite)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kolrisk-riskbench-") as work:
        run(args.database or f"sqlite:///{work}/risk.db", args.posts)


if __name__ == "__main__":
    main()
