"""A backup taken while posts are being written restores to a consistent database; a quiet
one restores to the same counts and the same risk read as the original."""

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.db import Database, open_migrated
from app.errors import Conflict, Unprocessable
from app.models import Base
from app.ops.backup import backup, restore
from app.risk.moment import ReadTime
from app.risk.reads import read_risk
from app.tenants.scope import tenant_tables
from tests.app.tenants.pairing import kol_posts, seed_pairing, store
from tests.builders import FakeScorer

BATCH = 40
NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
READ = ReadTime(NOW, None, 10_000)  # a current read that may score every waiting post


def counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as connection:
        return {
            table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


class Writer(threading.Thread):
    """Stores batches of posts, each in its own transaction, until told to stop."""

    def __init__(self, database: Database, tenant_id: str) -> None:
        super().__init__(daemon=True)
        self.database, self.tenant_id = database, tenant_id
        self.batches = 0
        self.stop = threading.Event()
        self.progressed = threading.Condition()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                items = kol_posts(f"w{self.batches}-", BATCH, NOW.replace(day=1))
                store(self.database, self.tenant_id, items, NOW)
                with self.progressed:
                    self.batches += 1
                    self.progressed.notify_all()
        except BaseException as exc:  # reported by the test
            self.error = exc

    def wait_for(self, batches: int) -> None:
        with self.progressed:
            assert self.progressed.wait_for(lambda: self.batches >= batches, timeout=60)


def tenant_counts(database: Database, tenant_id: str) -> dict[str, int]:
    with database.engine.connect() as connection:
        return {
            scoped.name: int(
                connection.scalar(
                    select(func.count()).select_from(scoped.table).where(scoped.owned_by(tenant_id))
                )
                or 0
            )
            for scoped in tenant_tables()
        }


def test_a_backup_under_write_load_restores_a_consistent_snapshot(database, scratch_url, tmp_path):
    """One tenant is written to without pause while the backup runs; another holds still, so
    its counts and risk read can be compared with the original's."""
    still = seed_pairing(database, "acme")
    store(database, still.tenant_id, kol_posts("p", 60, NOW.replace(day=1)), NOW)
    scorer = FakeScorer()
    original = read_risk(database, still.tenant_id, still.watch_id, scorer, time=READ)
    busy = seed_pairing(database, "busy")
    writer = Writer(database, busy.tenant_id)
    writer.start()
    try:
        writer.wait_for(3)
        taken = backup(database, tmp_path / "during.bak")
        at_backup = writer.batches
        writer.wait_for(at_backup + 2)
    finally:
        writer.stop.set()
        writer.join(60)
    assert writer.error is None

    restore(scratch_url, taken.path, replace=False)
    copy = Database(scratch_url)
    try:
        assert tenant_counts(copy, still.tenant_id) == tenant_counts(database, still.tenant_id)
        again = read_risk(copy, still.tenant_id, still.watch_id, scorer, time=READ)
        written = tenant_counts(copy, busy.tenant_id)
    finally:
        copy.dispose()
    assert again.model_dump() == original.model_dump()
    # The busy tenant: whole batches only (each was one transaction), each post with its
    # mentions, and a moment in the middle of the load.
    assert written["posts"] % BATCH == 0
    assert (
        3 * BATCH
        <= written["posts"]
        <= tenant_counts(database, busy.tenant_id)["posts"] - 2 * BATCH
    )
    assert written["mentions"] >= written["posts"]


def test_a_quiet_backup_restores_the_same_counts_and_risk(database, scratch_url, tmp_path):
    pairing = seed_pairing(database)
    store(database, pairing.tenant_id, kol_posts("p", 60, NOW.replace(day=1)), NOW)
    scorer = FakeScorer()
    original = read_risk(database, pairing.tenant_id, pairing.watch_id, scorer, time=READ)

    done = backup(database, tmp_path / "quiet.bak")
    assert done.kind == ("sqlite" if database.is_sqlite else "pg_dump")
    restore(scratch_url, done.path, replace=False)
    copy = Database(scratch_url)
    try:
        assert counts(copy) == counts(database)
        again = read_risk(copy, pairing.tenant_id, pairing.watch_id, scorer, time=READ)
    finally:
        copy.dispose()
    assert again.model_dump() == original.model_dump()
    assert original.coverage.posts == 60


def test_a_restore_over_tenants_needs_yes(database, scratch_url, tmp_path):
    seed_pairing(database)
    done = backup(database, tmp_path / "one.bak")
    restore(scratch_url, done.path, replace=False)
    with pytest.raises(Conflict, match="--yes"):
        restore(scratch_url, done.path, replace=False)
    restore(scratch_url, done.path, replace=True)


def test_a_file_that_is_no_backup_is_refused(database, tmp_path):
    junk = tmp_path / "junk.bak"
    junk.write_bytes(b"hello")
    with pytest.raises(Unprocessable, match="neither a SQLite backup nor a pg_dump"):
        restore(database.url, junk, replace=True)


def test_a_sqlite_backup_restores_into_postgres_too(database, tmp_path):
    if database.is_sqlite:
        pytest.skip("the PostgreSQL run covers it")
    source = open_migrated(f"sqlite:///{tmp_path / 'source.db'}")
    pairing = seed_pairing(source)
    store(source, pairing.tenant_id, kol_posts("p", 5, NOW.replace(day=1)), NOW)
    done = backup(source, tmp_path / "source.bak")
    before = counts(source)
    source.dispose()
    restore(database.url, done.path, replace=True)
    assert counts(database) == before
