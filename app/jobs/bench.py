"""What the background jobs cost when little or nothing changed.

    python -m app.jobs.bench idle --posts 1000000 [--watches 300] [--postgres URL]
    python -m app.jobs.bench one-post [--posts 20000] [--watches 300] [--postgres URL]

Seeds one tenant with `--watches` watches (10 brands x KOLs, each KOL in one watch) and
`--posts` posts spread over a year, each naming one KOL, already scored: rows are written in
bulk (COPY on PostgreSQL), not through ingest, so a million posts seed in a minute or two.
Then settles everything once (scoring, rollups, evaluations) and measures:

- idle: the scoring, update-rollups and evaluation jobs with nothing changed: milliseconds,
  statements run and statements that write (the target: the same cost at 100k and 1M posts,
  and no write);
- one-post: one new post naming one KOL through the real ingest path, then the same three
  jobs: how many watches re-evaluate and how many assessment rows are written.

SQLite goes to a temporary file; `--postgres URL` uses that database and DROPS every table
in it first (the name must contain "bench").
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Engine, Table, event, func, select, text
from sqlalchemy.engine.url import make_url

from app.auth.service import get_or_create_tenant
from app.bulk import insert_encoded, insert_many, row_encoder
from app.db import Database, refresh_statistics, upgrade_to_head
from app.ids import new_id, new_ids
from app.jobs.maintenance import evaluate_watches, update_rollups
from app.jobs.scoring import score_new_posts
from app.models import Assessment, Brand, Kol, Mention, Post, PostScore, Watch
from app.posts.ingest import IngestLimits, ingest
from app.posts.prepare import MENTION_COLUMNS, POST_COLUMNS
from app.risk.bench import BenchScorer
from app.scoring.service import model_key

START = datetime(2026, 1, 1, tzinfo=UTC)
NOW = START + timedelta(days=366)
BRANDS = 10
CHUNK = 20_000
WRITES = ("INSERT", "UPDATE", "DELETE")


def clock() -> datetime:
    return NOW  # fixed: evaluations redo their reading when the day moves


@dataclass
class Statements:
    """Statements an engine ran while counting, and which of them write."""

    run: int = 0
    writes: list[str] = field(default_factory=list)


@contextmanager
def counted(engine: Engine) -> Iterator[Statements]:
    seen = Statements()

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.run += 1
        if statement.lstrip().split(" ", 1)[0].upper() in WRITES:
            seen.writes.append(statement.split("\n", 1)[0][:80])

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def kol_name(k: int) -> str:
    return f"达人{k:04d}"


def seed(database: Database, posts: int, watches: int) -> tuple[str, list[str]]:
    """One tenant, its brands, KOLs and watches, then `posts` scored posts in bulk."""
    with database.session_scope() as session:
        tenant_id = get_or_create_tenant(session, "bench").id
        brands = [
            Brand(id=new_id("brd"), tenant_id=tenant_id, name=f"品牌{b}") for b in range(BRANDS)
        ]
        kols = [
            Kol(id=new_id("kol"), tenant_id=tenant_id, name=kol_name(k)) for k in range(watches)
        ]
        session.add_all([*brands, *kols])
        session.flush()
        session.add_all(
            Watch(id=new_id("wch"), tenant_id=tenant_id, brand_id=brands[k % BRANDS].id,
                  kol_id=kol.id, stage="negotiating")
            for k, kol in enumerate(kols)
        )  # fmt: skip
        kol_ids = [kol.id for kol in kols]
    started = time.perf_counter()
    for start in range(0, posts, CHUNK):
        _seed_chunk(database, tenant_id, kol_ids, range(start, min(start + CHUNK, posts)))
    refresh_statistics(database, ("posts", "mentions", "scores"))
    print(f"seeded {posts:,} posts in {time.perf_counter() - started:.1f} s", flush=True)
    return tenant_id, kol_ids


def _seed_chunk(database: Database, tenant_id: str, kol_ids: list[str], numbers: range) -> None:
    rng = random.Random(numbers.start)
    dialect = "sqlite" if database.is_sqlite else "postgresql"
    post_rows: list[tuple[Any, ...]] = []
    mention_rows: list[tuple[Any, ...]] = []
    score_rows: list[dict[str, Any]] = []
    model = BenchScorer.model
    for post_id, i in zip(new_ids("pst", len(numbers)), numbers, strict=True):
        k = i % len(kol_ids)
        created = START + timedelta(seconds=rng.randrange(365 * 86400))
        negative = i % 10 == 0
        body = f"{kol_name(k)} 今天的视频{'真差' if negative else '不错'} #{i}"
        post_rows.append(
            (post_id, tenant_id, "weibo", f"b{i}", "post", None, body, body, f"u{i % 5000}",
             "网友", 10, None, i % 50, i % 7, i % 11, None, None, created, "second", None,
             START, START, [], {}, None, None)
        )  # fmt: skip
        mention_rows.append(
            (tenant_id, post_id, kol_ids[k], "kol", kol_name(k), kol_name(k), "text", 0,
             created, "weibo", None)
        )  # fmt: skip
        score_rows.append(
            {"post_id": post_id, "tenant_id": tenant_id, "model": model_key(model),
             "polarity": -0.8 if negative else 0.3, "label": "negative" if negative else "positive",
             "confidence": 0.9, "emotions": {}, "cues": [], "scored_at": START}
        )  # fmt: skip
    posts_table, mentions_table = cast(Table, Post.__table__), cast(Table, Mention.__table__)
    encode_post = row_encoder(dialect, posts_table, POST_COLUMNS)
    encode_mention = row_encoder(dialect, mentions_table, MENTION_COLUMNS)
    with database.session_scope() as session:
        insert_encoded(session, posts_table, POST_COLUMNS, [encode_post(r) for r in post_rows])
        rows = [encode_mention(r) for r in mention_rows]
        insert_encoded(session, mentions_table, MENTION_COLUMNS, rows)
        insert_many(session, PostScore, score_rows)


@dataclass
class Step:
    name: str
    ms: float
    result: int
    statements: int
    writes: list[str]


def run_steps(database: Database, scorer: BenchScorer) -> list[Step]:
    """The three jobs, one after another, as the scheduler runs them."""
    jobs: list[tuple[str, Callable[[], int]]] = [
        ("score", lambda: score_new_posts(database, scorer, clock, batch_size=500)),
        ("rollups", lambda: update_rollups(database, clock)),
        ("evaluate", lambda: evaluate_watches(database, scorer, clock)),
    ]
    steps = []
    for name, job in jobs:
        with counted(database.engine) as seen:
            started = time.perf_counter()
            result = job()
            ms = (time.perf_counter() - started) * 1000
        steps.append(Step(name, ms, result, seen.run, seen.writes))
    return steps


def show(label: str, steps: list[Step]) -> None:
    parts = [
        f"{s.name} {s.ms:.1f} ms ({s.result} done, {s.statements} statements, "
        f"{len(s.writes)} writes)"
        for s in steps
    ]
    print(f"{label}: {'; '.join(parts)}; total {sum(s.ms for s in steps):.1f} ms", flush=True)


def settle(database: Database, scorer: BenchScorer) -> None:
    started = time.perf_counter()
    show("first cycle (builds every rollup, evaluates every watch)", run_steps(database, scorer))
    print(f"settled in {time.perf_counter() - started:.1f} s", flush=True)


def idle(database: Database, posts: int, watches: int, rounds: int) -> None:
    seed(database, posts, watches)
    scorer = BenchScorer()
    settle(database, scorer)
    totals, writes = [], 0
    for n in range(rounds):
        steps = run_steps(database, scorer)
        show(f"idle cycle {n + 1}", steps)
        totals.append(sum(s.ms for s in steps))
        writes += sum(len(s.writes) for s in steps)
    print(
        f"IDLE posts={posts:,} watches={watches}: median cycle {statistics.median(totals):.1f} ms,"
        f" writes {writes}"
    )


def one_post(database: Database, posts: int, watches: int) -> None:
    tenant_id, _ = seed(database, posts, watches)
    scorer = BenchScorer()
    settle(database, scorer)
    with database.session_scope(write=False) as session:
        assessments = session.scalar(select(func.count()).select_from(Assessment)) or 0
    item = {
        "platform": "weibo",
        "platform_id": "the-one",
        "created_at": (NOW - timedelta(hours=2)).isoformat(),
        "text": f"{kol_name(0)} 翻车了，真差",
    }
    with database.session_scope() as session:
        ingest(session, tenant_id, [item], NOW, IngestLimits(10_000))
    steps = run_steps(database, scorer)
    show("after one post naming one KOL", steps)
    with database.session_scope(write=False) as session:
        added = (session.scalar(select(func.count()).select_from(Assessment)) or 0) - assessments
    evaluated = steps[2].result
    print(
        f"ONE-POST posts={posts:,} watches={watches}: {evaluated} watch(es) re-evaluated, "
        f"{added} assessment row(s) written"
    )


def reset_postgres(url: str) -> Database:
    name = make_url(url).database or ""
    if "bench" not in name:
        raise SystemExit(f"--postgres: the database name must contain 'bench' (got {name!r})")
    database = Database(url)
    with database.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    return database


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m app.jobs.bench", description=__doc__)
    parser.add_argument("what", choices=("idle", "one-post"))
    parser.add_argument("--posts", type=int, default=None)
    parser.add_argument("--watches", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL database to wipe and use")
    args = parser.parse_args(argv)
    posts = args.posts if args.posts is not None else (100_000 if args.what == "idle" else 20_000)
    with tempfile.TemporaryDirectory() as folder:
        if args.postgres:
            database = reset_postgres(args.postgres)
        else:
            database = Database(f"sqlite:///{folder}/bench.db")
        upgrade_to_head(database)
        print(f"database: {'sqlite' if database.is_sqlite else 'postgresql'}", flush=True)
        if args.what == "idle":
            idle(database, posts, args.watches, args.rounds)
        else:
            one_post(database, posts, args.watches)
        database.dispose()


if __name__ == "__main__":
    main()
