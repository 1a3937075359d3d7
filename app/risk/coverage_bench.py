"""Which coverage count is cheaper at which size: `python -m app.risk.coverage_bench --sqlite |
--postgres URL [--sizes 1000,2000,5000,10000] [--dirty-writes 1,8]`.

One KOL grows to each size (posts over the last 30 days, as the mixed load writes them);
its rollups are built, then `--dirty-writes` writes of 10 posts land on random days of the
month, as writes between two rollup builds do. For each size and number of writes it times,
in this process, the reference count (one aggregate over the KOL's mentions) and the rollup
path (rollup rows plus a live count of every day the writes touched), median of 20: thread
CPU (this process) and wall (the database's work included). The threshold below which a
watch is counted live (app.risk.coverage.LIVE_BELOW) is chosen from these figures.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.analyst.service import Exclusions, exclusions_of
from app.db import Database, upgrade_to_head
from app.jobs.bench import reset_postgres
from app.jobs.load import item, seed
from app.jobs.maintenance import update_rollups
from app.jobs.scoring import score_new_posts
from app.models import Watch
from app.posts.ingest import IngestLimits, ingest
from app.risk.coverage import CountedCoverage, count_coverage, live_counts
from app.risk.moment import ReadTime
from app.scoring.service import model_key
from sentiment import get_scorer

ROUNDS = 20
Counter = Callable[[Session, str, str, str, Exclusions], CountedCoverage]
BATCH = 500


def now() -> datetime:
    return datetime.now(UTC)


def grow(database: Database, tenant_id: str, posts: int, rng: random.Random, tag: str) -> None:
    for start in range(0, posts, BATCH):
        items = [
            item(f"{tag}-{start + i}", 0, now(), rng) for i in range(min(BATCH, posts - start))
        ]
        with database.session_scope() as session:
            ingest(session, tenant_id, items, now(), IngestLimits(10_000))


def timed(database: Database, watch_id: str, count: Counter) -> str:
    model = model_key(get_scorer().model)
    cpu, wall, counted = [], [], None
    for _ in range(ROUNDS + 3):
        with database.session_scope(write=False) as session:
            watch = session.get(Watch, watch_id)
            assert watch is not None
            exclusions = exclusions_of(session, watch)
            started, began = time.thread_time(), time.perf_counter()
            counted = count(session, watch.tenant_id, watch.kol_id, model, exclusions)
            cpu.append((time.thread_time() - started) * 1000)
            wall.append((time.perf_counter() - began) * 1000)
    assert counted is not None
    return (
        f"cpu {statistics.median(cpu[3:]):5.2f} ms, wall {statistics.median(wall[3:]):6.2f} ms "
        f"({counted.rollup_posts:,} of {counted.counts.posts:,} posts from rollups)"
    )


def live(
    session: Session, tenant_id: str, kol_id: str, model: str, exclusions: Exclusions
) -> CountedCoverage:
    time = ReadTime(now(), None)
    return CountedCoverage(live_counts(session, tenant_id, kol_id, model, exclusions, time=time))


def rollups(
    session: Session, tenant_id: str, kol_id: str, model: str, exclusions: Exclusions
) -> CountedCoverage:
    """count_coverage() as it counts a watch with no reading yet: from the rollups."""
    time = ReadTime(now(), None)
    return count_coverage(session, tenant_id, kol_id, model, exclusions, time=time)


def run(url: str, sizes: list[int], dirty: list[int]) -> None:
    database = reset_postgres(url) if url.startswith("postgresql") else Database(url)
    upgrade_to_head(database)
    tenant_id, _key, watch_ids = seed(database)
    rng, have, scorer = random.Random(2), 100, get_scorer()
    for size in sizes:
        grow(database, tenant_id, size - have, rng, f"grow{size}")
        have = size
        for writes in dirty:
            while score_new_posts(database, scorer, now, 500, 20):
                pass
            update_rollups(database, now)
            for w in range(writes):
                grow(database, tenant_id, 10, rng, f"dirty{size}-{writes}-{w}")
            have += 10 * writes
            print(f"KOL with {have:>6,} posts, {writes} write(s) since the build:", flush=True)
            print(f"  reference count: {timed(database, watch_ids[0], live)}", flush=True)
            print(f"  rollup path:     {timed(database, watch_ids[0], rollups)}", flush=True)
    database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m app.risk.coverage_bench", description=__doc__)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--sqlite", action="store_true")
    target.add_argument("--postgres", metavar="URL")
    parser.add_argument("--sizes", default="1000,2000,5000,10000")
    parser.add_argument("--dirty-writes", default="1,8")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    dirty = [int(s) for s in args.dirty_writes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        run(args.postgres or f"sqlite:///{folder}/coverage.db", sizes, dirty)


if __name__ == "__main__":
    main()
