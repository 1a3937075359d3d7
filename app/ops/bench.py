"""Backup, restore and the SQLite → PostgreSQL copy of a large installation:
`python -m app.ops.bench [--posts N] [--postgres URL]`.

Builds a SQLite installation (N posts imported from a JSONL file, scored, a watch evaluated,
so posts, mentions, scores, rollups and an assessment all hold rows), then times:
`kolrisk backup` of it, with and without a writer storing posts meanwhile; `kolrisk restore`
of that backup into a new file; on the restored copy, `kolrisk tenant export`, `delete` and
`import` of the tenant; and with --postgres, `kolrisk db copy` into that database
(wiped first) and `kolrisk backup` / `kolrisk restore` there (pg_dump / pg_restore, restored
into `<database>_restore`, created and dropped by the bench). Every step checks row counts.
The load average is printed with each figure: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app.audit import cli_actor
from app.bench import file_import, prepare, scoring_job, synthetic_posts
from app.config import Settings
from app.db import Database, normalize_database_url
from app.models import Base, Brand, Kol, Tenant
from app.ops.backup import backup, restore
from app.ops.copy import copy_database
from app.posts.ingest import IngestLimits, ingest
from app.risk.moment import ReadTime
from app.risk.reads import read_risk
from app.tenants.archive import export_tenant, import_archive
from app.tenants.removal import delete_tenant
from app.tenants.scope import tenant_tables
from app.watches import service as watches_service
from app.watches.schemas import WatchCreate
from sentiment import get_scorer


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def timed(label: str, work: Callable[[], Any], rows: int | None = None) -> Any:
    before = load()
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    rate = f"  {rows / seconds:>9,.0f} rows/s" if rows else ""
    print(f"{label:<44} {seconds:>7.1f} s{rate}   ({before} → {load()})", flush=True)
    return result


def counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as connection:
        return {
            table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


def build(url: str, posts: int, workdir: Path) -> Database:
    database, _key = prepare(url)
    timed(f"import {posts:,} posts (JSONL)", lambda: file_import(database, posts, workdir))
    timed("score them (the scoring job)", lambda: scoring_job(database))
    with database.session_scope() as session:
        tenant = session.scalars(select(Tenant)).one()
        brand, kol = session.scalars(select(Brand)).one(), session.scalars(select(Kol)).one()
        pairing = WatchCreate(brand_id=brand.id, kol_id=kol.id, stage="negotiating")
        actor = cli_actor(tenant.id)
        watch = watches_service.create(session, tenant.id, pairing, actor, datetime.now(UTC))
        tenant_id, watch_id = tenant.id, watch.id
    timed(
        "evaluate the watch (first risk read)",
        lambda: read_risk(
            database,
            tenant_id,
            watch_id,
            get_scorer(),
            time=ReadTime(datetime.now(UTC), None, 10**7),
        ),
    )
    return database


class Writer(threading.Thread):
    """Stores batches of 500 posts until stopped: the write load a backup must ride out."""

    def __init__(self, database: Database) -> None:
        super().__init__(daemon=True)
        self.database, self.stop, self.stored = database, threading.Event(), 0

    def run(self) -> None:
        with self.database.session_scope(write=False) as session:
            tenant_id = session.scalars(select(Tenant.id)).one()
        batch = 0
        while not self.stop.is_set():
            items = synthetic_posts(500, f"load{batch}-", batch)
            with self.database.session_scope() as session:
                ingest(session, tenant_id, items, datetime.now(UTC), IngestLimits(200_000))
            self.stored += len(items)
            batch += 1


def sqlite_steps(database: Database, workdir: Path) -> dict[str, int]:
    rows = counts(database)
    total = sum(rows.values())
    print(f"installation: {rows['posts']:,} posts, {rows['mentions']:,} mentions, "
          f"{rows['scores']:,} scores, {total:,} rows in all", flush=True)  # fmt: skip
    quiet = timed("backup (SQLite online backup API)", lambda: backup(database, workdir / "q.bak"))
    print(f"  backup file {quiet.bytes / 2**20:,.0f} MiB", flush=True)
    writer = Writer(database)
    writer.start()
    time.sleep(1.0)  # the writer is in its stride
    timed("backup while a writer stores posts", lambda: backup(database, workdir / "w.bak"))
    writer.stop.set()
    writer.join()
    print(f"  the writer stored {writer.stored:,} posts meanwhile", flush=True)
    target = f"sqlite:///{workdir / 'restored.db'}"
    timed("restore into a new SQLite file", lambda: restore(target, quiet.path, replace=False))
    restored = Database(target)
    assert counts(restored) == rows, "restored counts differ"
    tenant_steps(restored, workdir, rows)
    restored.dispose()
    return rows


def tenant_steps(database: Database, workdir: Path, rows: dict[str, int]) -> None:
    """On the restored copy: the tenant exported, deleted in batches, and imported again."""
    settings = Settings(database_url=database.url, var_dir=workdir)
    total = sum(rows[t.name] for t in tenant_tables())
    zipped = workdir / "bench.zip"
    timed("tenant export (zip of JSON lines)",
          lambda: export_tenant(database, settings, "bench", zipped), total)  # fmt: skip
    print(f"  export file {zipped.stat().st_size / 2**20:,.0f} MiB", flush=True)
    timed("tenant delete (batches of 5,000)",
          lambda: delete_tenant(database, "bench", lambda: datetime.now(UTC)), total)  # fmt: skip
    timed("tenant import (one transaction)",
          lambda: import_archive(database, settings, zipped), total)  # fmt: skip
    assert counts(database)["posts"] == rows["posts"], "re-imported posts differ"


def postgres_steps(source: Database, url: str, workdir: Path, rows: dict[str, int]) -> None:
    _wipe(url)
    total = sum(rows.values())
    sqlite_copy = f"sqlite:///{workdir / 'copy-source.db'}"
    restore(sqlite_copy, workdir / "q.bak", replace=False)  # the quiet snapshot, not the writer's
    timed("db copy SQLite → PostgreSQL", lambda: copy_database(sqlite_copy, url), total)
    target = Database(url)
    assert counts(target) == rows, "copied counts differ"
    dump = timed("backup (pg_dump -Fc)", lambda: backup(target, workdir / "pg.dump"))
    print(f"  dump file {dump.bytes / 2**20:,.0f} MiB", flush=True)
    target.dispose()
    second = _scratch(url, "restore")
    try:
        timed("restore (pg_restore) into an empty database",
              lambda: restore(second, dump.path, replace=False))  # fmt: skip
        restored = Database(second)
        assert counts(restored) == rows, "pg_restore counts differ"
        restored.dispose()
    finally:
        _drop(second)


def _wipe(url: str) -> None:
    database = Database(url)
    with database.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    database.dispose()


def _admin(url: str) -> Any:
    parsed = make_url(normalize_database_url(url))
    return create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")


def _scratch(url: str, suffix: str) -> str:
    parsed = make_url(normalize_database_url(url))
    name = f"{parsed.database}_{suffix}"
    admin = _admin(url)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def _drop(url: str) -> None:
    name = make_url(url).database
    admin = _admin(url)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be wiped")
    args = parser.parse_args()
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, {load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="kolrisk-ops-bench-") as work:
        workdir = Path(work)
        database = build(f"sqlite:///{workdir / 'bench.db'}", args.posts, workdir)
        rows = sqlite_steps(database, workdir)
        if args.postgres:
            postgres_steps(database, args.postgres, workdir, rows)
        database.dispose()


if __name__ == "__main__":
    main()
