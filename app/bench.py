"""Ingest speed: `python -m app.bench [--posts N] [--postgres URL] [--import-only] [--port P]`.

Measures, on a fresh database, (1) HTTP ingest through a real `kolrisk serve` process, (2) file
import of a JSONL file, (3) the background scoring job with the shipped scorer. Traffic goes to
127.0.0.1 only. The PostgreSQL URL must name a database the benchmark may wipe.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from app.audit import cli_actor
from app.auth.service import create_key, get_or_create_tenant
from app.brands import service as brands_service
from app.brands.schemas import BrandCreate
from app.db import Database, upgrade_to_head
from app.imports.runner import import_file
from app.jobs.scoring import score_new_posts
from app.kols import service as kols_service
from app.kols.schemas import KolCreate
from app.posts.ingest import IngestLimits
from sentiment import get_scorer

HTTP_BATCH = 1000
HTTP_CLIENTS = 2
PHRASES = (
    "星河手机", "测评老王", "续航", "拍照", "真的", "不行", "太差了", "推荐", "河粉", "合作",
    "抵制", "呵呵", "[微笑]", "这次", "发布会", "价格", "系统", "卡顿", "流畅", "老王测评",
    "官宣", "年框", "恰饭", "脱粉", "yyds", "绝绝子", "青橙", "性价比", "屏幕", "信号",
)  # fmt: skip


def synthetic_posts(count: int, prefix: str, seed: int) -> list[dict[str, Any]]:
    """Posts shaped like a collector's output: 10-60 characters, a third naming the pairing."""
    rng = random.Random(seed)
    start = datetime(2026, 6, 1, tzinfo=UTC)
    return [
        {
            "platform": rng.choice(("weibo", "bilibili", "douyin", "xiaohongshu")),
            "platform_id": f"{prefix}{i}",
            "text": "".join(rng.choice(PHRASES) for _ in range(rng.randint(4, 20))),
            "created_at": (start + timedelta(minutes=i)).isoformat(),
            "author": {
                "uid": f"u{rng.randint(1, 20000)}",
                "name": "网友",
                "followers": rng.randint(0, 10**6),
            },
            "url": f"https://example.invalid/{prefix}{i}",
            "metrics": {
                "likes": rng.randint(0, 5000),
                "reposts": rng.randint(0, 500),
                "comments": rng.randint(0, 900),
            },
        }
        for i in range(count)
    ]


def prepare(url: str) -> tuple[Database, str]:
    database = Database(url)
    if not database.is_sqlite:
        with database.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade_to_head(database)
    now = datetime.now(UTC)
    with database.session_scope() as session:
        tenant = get_or_create_tenant(session, "bench")
        brand = BrandCreate(
            name="星河手机", aliases=["星河"], fandom_names=["河粉"], competitors=["青橙"]
        )
        operator = cli_actor(tenant.id)
        brands_service.create(session, tenant.id, brand, 10**9, operator, now)
        kol = KolCreate(name="测评老王", aliases=["老王测评"])
        kols_service.create(session, tenant.id, kol, 10**9, operator, now)
        _, key = create_key(session, tenant, ["admin"], now)
    return database, key


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def http_ingest(url: str, key: str, count: int, port: int | None = None) -> float:
    port = port or free_port()
    env = {**os.environ, "KOLRISK_DATABASE_URL": url}
    kolrisk = str(Path(sys.executable).with_name("kolrisk"))
    server = subprocess.Popen(
        [kolrisk, "serve", "--no-scheduler", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base)
        batches = [synthetic_posts(HTTP_BATCH, f"h{n}-", n) for n in range(count // HTTP_BATCH)]
        bodies = [json.dumps(batch, ensure_ascii=False).encode() for batch in batches]
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        with httpx.Client(base_url=base, headers=headers, timeout=120) as client:

            def send(body: bytes) -> None:
                client.post("/v1/posts", content=body).raise_for_status()

            started = time.perf_counter()
            with ThreadPoolExecutor(HTTP_CLIENTS) as pool:
                list(pool.map(send, bodies))
            return len(bodies) * HTTP_BATCH / (time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait(30)


def _wait_healthy(base: str) -> None:
    for _ in range(300):
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("server did not start")


def file_import(database: Database, count: int, workdir: Path) -> float:
    path = workdir / "posts.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for item in synthetic_posts(count, "f", 7):
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    with database.session_scope(write=False) as session:
        tenant_id = get_or_create_tenant(session, "bench").id
    started = time.perf_counter()
    result = import_file(
        database, tenant_id, path, "jsonl", None, datetime.now(UTC), IngestLimits(200_000)
    )
    elapsed = time.perf_counter() - started
    assert result.inserted == count, result
    return count / elapsed


def scoring_job(database: Database) -> tuple[float, int]:
    scorer = get_scorer()
    started = time.perf_counter()
    scored = score_new_posts(
        database, scorer, lambda: datetime.now(UTC), batch_size=2000, max_batches=10**6
    )
    return scored / (time.perf_counter() - started), scored


def run_import_only(
    label: str, url: str, posts: int, workdir: Path, port: int | None = None
) -> None:
    """The file import alone, as `run` does it but into an empty database."""
    database, _key = prepare(url)
    import_rate = file_import(database, posts * 2, workdir)
    database.dispose()
    print(
        f"{label:<10} file import into an empty database {import_rate:>8,.0f} posts/s", flush=True
    )


def run(label: str, url: str, posts: int, workdir: Path, port: int | None = None) -> None:
    database, key = prepare(url)
    http_rate = http_ingest(url, key, posts, port)
    import_rate = file_import(database, posts * 2, workdir)
    score_rate, scored = scoring_job(database)
    database.dispose()
    print(f"{label:<10} http ingest {http_rate:>8,.0f} posts/s   file import {import_rate:>8,.0f} posts/s   "
          f"scoring job {score_rate:>7,.0f} posts/s ({scored:,} posts)", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=50_000, help="posts over HTTP (import: twice)")
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be wiped")
    parser.add_argument(
        "--import-only", action="store_true", help="only import 2 x POSTS into an empty database"
    )
    parser.add_argument(
        "--port", type=int, help="the server's port on 127.0.0.1 (default: a free one)"
    )
    args = parser.parse_args()
    step = run_import_only if args.import_only else run
    if args.import_only:
        print(f"{2 * args.posts:,} posts from a JSONL file into an empty database")
    else:
        print(f"{args.posts:,} posts over HTTP in batches of {HTTP_BATCH} from {HTTP_CLIENTS} clients; "
              f"{2 * args.posts:,} posts from a JSONL file; then the scoring job over all of them")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="kolrisk-bench-") as work:
        step("sqlite", f"sqlite:///{work}/bench.db", args.posts, Path(work), args.port)
        if args.postgres:
            step("postgresql", args.postgres, args.posts, Path(work), args.port)


if __name__ == "__main__":
    main()
