"""Text search speed and index cost:
`python -m app.search.bench [--posts N] [--postgres URL] [--sample N]`.

Builds a fresh database of N posts (10-80 characters drawn from 3,000 common characters with a
Zipf-like skew, plus a watch's KOL named in one post in thirty), then reports:
- the index: rows, bytes (PostgreSQL: the table with its indexes; SQLite: dbstat pages of
  post_search and its FTS5 tables), rows a post;
- ingest cost: seconds for `--sample` posts ingested with and without writing index rows
  (PostgreSQL: then the seconds of the VACUUM that merges the GIN entries left pending);
- query latency (median of 5, first page of 50, warm) for 1-, 2- and 4-character queries over
  the tenant (GET /v1/posts?q=), a 1-character query in a 7-day window and in one watch.
The PostgreSQL URL must name a database the benchmark may wipe (e.g. kolrisk_bench_i20_search).
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from app.audit import cli_actor
from app.auth.service import get_or_create_tenant
from app.bench import prepare
from app.db import Database
from app.models import PostSearch, Watch
from app.models.search import SEARCH_FTS
from app.pagination import PageRequest
from app.posts import service as posts_service
from app.posts.ingest import IngestLimits, ingest
from app.search import rows as search_rows
from app.watches import service as watches_service
from app.watches.schemas import WatchCreate

BATCH = 2000
PROGRESS_EVERY = 100_000
START = datetime(2026, 6, 1, tzinfo=UTC)
MINUTES_A_POST = 0.25  # a million posts span about six months
COMMON = [chr(0x4E00 + i * 7) for i in range(3000)]
WORDS = ("翻车", "发布会", "测评老王", "星河手机", "续航", "抵制", "合作", "性价比")


# Cumulative once: rng.choices would add the weights up again on every call.
CUMULATIVE = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(COMMON))))


def synthetic(
    count: int, offset: int, rng: random.Random, prefix: str = "b"
) -> list[dict[str, Any]]:
    """Posts offset, offset+1, ... (ids `prefix` + number, 15 s apart from START)."""
    posts = []
    for i in range(offset, offset + count):
        chars = rng.choices(COMMON, cum_weights=CUMULATIVE, k=rng.randint(10, 80))
        if rng.random() < 0.2:
            chars.insert(rng.randrange(len(chars)), rng.choice(WORDS))
        if i % 30 == 0:
            chars.insert(0, "测评老王")
        posts.append(
            {
                "platform": "weibo",
                "platform_id": f"{prefix}{i}",
                "text": "".join(chars),
                "created_at": (START + timedelta(minutes=i * MINUTES_A_POST)).isoformat(),
                "author": {"uid": f"u{rng.randint(1, 50000)}", "followers": rng.randint(0, 10**5)},
            }
        )
    return posts


def ingest_cost(database: Database, tenant_id: str, sample: int) -> tuple[float, float]:
    """Seconds to ingest `sample` new posts with index rows, then as many without."""
    rng = random.Random(11)
    timings = []
    for prefix, indexed in (("s", True), ("t", False)):
        original = search_rows.GramRows.of_post
        if not indexed:
            search_rows.GramRows.of_post = lambda *_args: []  # type: ignore[method-assign]
        try:
            spent = 0.0
            for start in range(0, sample, BATCH):
                batch = synthetic(min(BATCH, sample - start), start, rng, prefix)
                started = time.perf_counter()
                with database.session_scope() as session:
                    ingest(session, tenant_id, batch, datetime.now(UTC), IngestLimits(100_000))
                spent += time.perf_counter() - started
            timings.append(spent)
        finally:
            search_rows.GramRows.of_post = original  # type: ignore[method-assign]
    return timings[0], timings[1]


def index_size(database: Database) -> tuple[int, int]:
    with database.session_scope(write=False) as session:
        rows = int(session.scalar(select(func.count()).select_from(PostSearch)) or 0)
        if database.is_sqlite:
            try:  # post_search, its key and post_id index, and the FTS5 shadow tables
                size = session.scalar(
                    text(
                        "SELECT sum(pgsize) FROM dbstat WHERE name LIKE '%post_search%' "
                        f"OR name LIKE '%{SEARCH_FTS}%'"
                    )
                )
            except Exception:  # dbstat is a compile-time option of SQLite
                size = None
        else:
            size = session.scalar(text("SELECT pg_total_relation_size('post_search')"))
    return rows, int(size or 0)


def median_ms(call: Callable[[], object], repeats: int = 5) -> tuple[float, object]:
    call()  # warm
    timings, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), result


def queries(database: Database, tenant_id: str, watch_id: str, posts: int) -> None:
    end = START + timedelta(minutes=posts * MINUTES_A_POST)
    week = (end - timedelta(days=7), end)
    page = PageRequest(limit=50)
    cases: list[tuple[str, dict[str, Any], bool]] = [
        ("1 char, 7-day window", {"q": COMMON[40], "since": week[0], "until": week[1]}, False),
        ("1 char, one watch", {"q": COMMON[40]}, True),
        ("2 chars, common pair", {"q": COMMON[0] + COMMON[1]}, False),
        ("2 chars, word (翻车)", {"q": "翻车"}, False),
        ("2 chars, rare pair", {"q": COMMON[2900] + COMMON[2950]}, False),
        ("4 chars, word (测评老王)", {"q": "测评老王"}, False),
        ("4 chars, absent", {"q": "测评翻车"}, False),
        ("2 chars, one watch", {"q": "翻车"}, True),
    ]
    print(f"{'query':28} {'ms (median of 5)':>18} {'rows':>6}")
    for label, params, in_watch in cases:
        with database.session_scope(write=False) as session:
            if in_watch:
                watch = session.get(Watch, watch_id)
                assert watch is not None
                flt = posts_service.PostFilter(q=params["q"], limit=50)
                ms, result = median_ms(partial(posts_service.watch_posts, session, watch, flt))
            else:
                tflt = posts_service.TenantPostFilter(**params)
                ms, result = median_ms(
                    partial(posts_service.list_posts, session, tenant_id, tflt, page)
                )
        shown = len(result[0]) if isinstance(result, tuple) else 0
        print(f"{label:28} {ms:18.1f} {shown:6}")


def run(label: str, url: str, posts: int, sample: int) -> None:
    database, _key = prepare(url)
    print(f"== {label}: {posts} posts")
    tenant_id, watch_id, seconds = build_with_existing_brand(database, posts)
    print(f"ingested in {seconds:.0f} s ({posts / seconds:.0f} posts/s, index rows included)")
    if not database.is_sqlite:
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    rows, size = index_size(database)
    print(f"index: {rows} rows ({rows / max(posts, 1):.1f} a post), {size / 2**20:.0f} MiB")
    queries(database, tenant_id, watch_id, posts)
    with_index, without = ingest_cost(database, tenant_id, sample)
    extra = (with_index / without - 1) * 100 if without else 0.0
    print(
        f"ingest of {sample} posts: {with_index:.2f} s with index rows, {without:.2f} s "
        f"without ({extra:+.0f} %)"
    )
    if not database.is_sqlite:
        print(f"then VACUUM post_search (merges the GIN pending list): {_vacuum(database):.2f} s")
    database.dispose()


def _vacuum(database: Database) -> float:
    """Seconds of the vacuum that merges the index entries ingest left pending (PostgreSQL:
    the part of the index's cost that autovacuum pays after ingest)."""
    started = time.perf_counter()
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM post_search"))
    return time.perf_counter() - started


def build_with_existing_brand(database: Database, posts: int) -> tuple[str, str, float]:
    """prepare() (app.bench) made the tenant, brand and KOL: add the watch and the posts."""
    from app.models import Brand, Kol

    with database.session_scope() as session:
        tenant_id = get_or_create_tenant(session, "bench").id
        brand = session.scalars(select(Brand).where(Brand.tenant_id == tenant_id)).one()
        kol = session.scalars(select(Kol).where(Kol.tenant_id == tenant_id)).one()
        watch = watches_service.create(
            session,
            tenant_id,
            WatchCreate(brand_id=brand.id, kol_id=kol.id),
            cli_actor(tenant_id),
            datetime.now(UTC),
        )
        watch_id = watch.id
    rng = random.Random(7)
    spent = 0.0
    now = datetime.now(UTC)
    for offset in range(0, posts, BATCH):
        batch = synthetic(min(BATCH, posts - offset), offset, rng)
        started = time.perf_counter()
        with database.session_scope() as session:
            ingest(session, tenant_id, batch, now, IngestLimits(100_000))
        spent += time.perf_counter() - started
        done = offset + len(batch)
        if done % PROGRESS_EVERY == 0:
            print(f"  {done} posts, {done / spent:.0f} posts/s so far", flush=True)
    return tenant_id, watch_id, spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--postgres", help="also run on this PostgreSQL database (wiped)")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as workdir:
            url = f"sqlite:///{Path(workdir) / 'bench.db'}"
            run("SQLite", url, args.posts, args.sample)
    if args.postgres:
        run("PostgreSQL", args.postgres, args.posts, args.sample)


if __name__ == "__main__":
    main()
