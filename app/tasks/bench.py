"""Scoring on workers: `python -m app.tasks.bench scoring --workers 1|2 --posts N --postgres URL`
and `python -m app.tasks.bench sigkill --posts N --postgres URL`.

`scoring` seeds a backlog of N unscored posts in a fresh database, starts real `kolrisk worker`
processes (one score lane each) and times them scoring it all: posts/s, with the load average.
`sigkill` does the same with two workers, SIGKILLs one when a third is scored, and checks
that every post ends with exactly one score and no task is lost. The URL must name a database
the benchmark may wipe.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from app.bench import prepare, synthetic_posts
from app.config import Settings
from app.db import Database
from app.posts.ingest import IngestLimits, ingest
from app.tasks.registry import defer_once
from app.tasks.runtime import build_app
from sentiment import get_scorer

SEED_BATCH = 5000
KOLRISK = str(Path(sys.executable).with_name("kolrisk"))


def seed(database: Database, count: int) -> float:
    started = time.perf_counter()
    now = datetime.now(UTC)
    with database.session_scope(write=False) as session:
        tenant_id = session.execute(text("SELECT id FROM tenants")).scalar_one()
    for start in range(0, count, SEED_BATCH):
        posts = synthetic_posts(min(SEED_BATCH, count - start), f"s{start}-", start)
        with database.session_scope() as session:
            ingest(session, tenant_id, posts, now, IngestLimits(max_text_chars=10_000))
    return count / (time.perf_counter() - started)


def counts(database: Database) -> tuple[int, int, int]:
    """(posts, score rows, posts with a score)."""
    with database.engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM scores), "
                "(SELECT count(DISTINCT post_id) FROM scores)"
            )
        ).one()
        return int(row[0]), int(row[1]), int(row[2])


def jobs_by_status(database: Database) -> dict[str, int]:
    """score_batch jobs left (succeeded ones are deleted; periodic ones wait for a worker of
    the `periodic` queue, which the benchmark does not start)."""
    with database.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT status::text, count(*) FROM procrastinate_jobs "
                "WHERE task_name = 'kolrisk:score_batch' GROUP BY 1"
            )
        )
        return {status: int(count) for status, count in rows}


def start_workers(url: str, workers: int, **settings: object) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "KOLRISK_DATABASE_URL": url,
        "KOLRISK_TASK_QUEUE": "procrastinate",
        "KOLRISK_SCORE_LANES": str(workers),
        **{f"KOLRISK_{name.upper()}": str(value) for name, value in settings.items()},
    }
    # --queues scoring: the periodic jobs (collection, evaluation…) stay out of the figure.
    command = [KOLRISK, "worker", "--no-migrate", "--concurrency", "1", "--queues", "scoring"]
    return [
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(workers)
    ]


def defer_lanes(url: str, lanes: int) -> None:
    app = build_app(Settings(database_url=url))
    with app.open():
        for lane in range(lanes):
            defer_once(app, "score_batch", str(lane), lane=lane)


def wait_scored(database: Database, posts: int, limit_seconds: float) -> bool:
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        if counts(database)[2] >= posts:
            return True
        time.sleep(0.25)
    return False


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def scorer_speed(texts: int = 5000) -> float:
    scorer = get_scorer()
    sample = [post["text"] for post in synthetic_posts(texts, "x", 7)]
    started = time.perf_counter()
    scorer.score_many(sample)
    return texts / (time.perf_counter() - started)


def run_scoring(url: str, workers: int, posts: int) -> int:
    database, _ = prepare(url)
    print(
        f"seeded {posts} posts at {seed(database, posts):.0f}/s; {os.cpu_count()} cores; {load()}"
    )
    print(f"the scorer alone, in one process: {scorer_speed():.0f} texts/s")
    processes = start_workers(url, workers)
    try:
        time.sleep(3)  # the workers' imports (the scorer's model) are not scoring time
        started = time.perf_counter()
        defer_lanes(url, workers)
        done = wait_scored(database, posts, 1800)
        elapsed = time.perf_counter() - started
    finally:
        stop(processes)
    total, rows, distinct = counts(database)
    print(
        f"workers={workers} posts={total} scored={distinct} score_rows={rows} "
        f"in {elapsed:.1f}s: {distinct / elapsed:.0f} posts/s ({load()})"
    )
    database.dispose()
    return 0 if done else 1


def run_sigkill(url: str, posts: int) -> int:
    database, _ = prepare(url)
    print(f"seeded {posts} posts at {seed(database, posts):.0f}/s; {load()}")
    processes = start_workers(url, 2, worker_stalled_seconds=10)
    try:
        time.sleep(3)
        started = time.perf_counter()
        defer_lanes(url, 2)
        while counts(database)[2] < posts // 3:
            time.sleep(0.1)
        victim = processes[0]
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        at = counts(database)[2]
        print(
            f"SIGKILLed worker pid {victim.pid} at {at} posts scored ({time.perf_counter() - started:.1f}s)"
        )
        done = wait_scored(database, posts, 1800)
        # The killed worker's lane is retried by the sweep, after its heartbeat is 10 s old.
        deadline = time.monotonic() + 60
        while jobs_by_status(database).get("doing") and time.monotonic() < deadline:
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
    finally:
        stop(processes)
    total, rows, distinct = counts(database)
    statuses = jobs_by_status(database)
    exact = done and total == rows == distinct and not statuses.get("doing")
    print(
        f"posts={total} score_rows={rows} posts_scored={distinct} in {elapsed:.1f}s; "
        f"score_batch jobs left by status: {statuses or 'none'}; {load()}"
    )
    print("every post scored exactly once" if exact else "MISMATCH: some post lacks its one score")
    database.dispose()
    return 0 if exact else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.tasks.bench", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    scoring = commands.add_parser("scoring", help="throughput of 1 or 2 workers")
    scoring.add_argument("--workers", type=int, choices=[1, 2], default=1)
    sigkill = commands.add_parser("sigkill", help="kill one of two workers mid-backlog")
    for sub in (scoring, sigkill):
        sub.add_argument("--posts", type=int, default=100_000)
        sub.add_argument("--postgres", required=True, help="a database the bench may wipe")
    args = parser.parse_args(argv)
    if args.command == "scoring":
        return run_scoring(args.postgres, args.workers, args.posts)
    return run_sigkill(args.postgres, args.posts)


if __name__ == "__main__":
    sys.exit(main())
