"""File imports through the one ingest path, one transaction per batch.

A batch that committed stays committed: an interrupted import keeps its finished batches, and
a re-run is safe because ingest is idempotent (the replayed rows count as duplicates).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any

from sqlalchemy.orm import Session

from app.db import Database, refresh_statistics
from app.imports.pipeline import (
    Entities,
    ImportJob,
    ImportWorker,
    PreparedBatch,
    split_rows,
)
from app.posts.ingest import IngestLimits, ingest, write_prepared
from app.posts.mentions import entities_version, tenant_entities, tenant_matcher
from app.posts.prepare import PreparedPosts, RowEncoders, prepare_posts, rare_collections
from app.posts.schemas import IngestResult, Rejected
from collectors.importers import ImportReader, ImportRow
from collectors.importers.source import Source

DEFAULT_BATCH_SIZE = 2000
# Larger batches for the worker: fewer commits and round trips, while two batches in memory
# stay a few megabytes.
PIPELINE_BATCH_SIZE = 5000
# The worker, a fresh interpreter, starts in about a quarter second and then prepares its first
# batch; meanwhile this process imports the first HEAD_START_BATCHES itself, so a file shorter
# than that (about 10,000 posts) gains nothing from a worker.
HEAD_START_BATCHES = 2
PIPELINE_MIN_BYTES = 4 * 1024 * 1024
# Batches the worker prepares ahead of the one being written: one to write next, one to spare.
BATCHES_AHEAD = 2


@dataclass(frozen=True)
class ImportProgress:
    rows: int
    bytes_read: int
    total_bytes: int | None
    elapsed_seconds: float


@dataclass
class ImportResult:
    """Counts as POST /v1/posts gives them; `line` is the file's line or record number."""

    rows: int = 0
    inserted: int = 0
    duplicates: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def as_ingest_result(self) -> IngestResult:
        rejected = [Rejected(index=line, reason=reason) for line, reason in self.rejected]
        return IngestResult(inserted=self.inserted, duplicates=self.duplicates, rejected=rejected)

    def add_batch(
        self,
        rows: int,
        lines: list[int],
        unreadable: list[tuple[int, str]],
        ingested: IngestResult,
    ) -> None:
        """Count a batch whose ingest saw the items at `lines` of the file."""
        self.rows += rows
        self.inserted += ingested.inserted
        self.duplicates += ingested.duplicates
        rejected = unreadable + [(lines[r.index], r.reason) for r in ingested.rejected]
        # Batches come in file order, so sorting each one keeps the whole list in line order.
        self.rejected += sorted(rejected)


ProgressCallback = Callable[[ImportProgress], None]
Now = datetime | Callable[[], datetime]


def import_file(
    database: Database,
    tenant_id: str,
    source: Source,
    fmt: str,
    platform: str | None,
    now: Now,
    limits: IngestLimits,
    batch_size: int | None = None,
    progress: ProgressCallback | None = None,
    name: str | None = None,
) -> ImportResult:
    """Import every row of the file. ImportFormatError: the file as a whole is unreadable.

    `name` is the file's name when `source` is a stream (an upload): it can name the platform.
    `now` may be a clock, read once per batch, so a long import stamps rows when they land.
    A file on disk of PIPELINE_MIN_BYTES or more is prepared in a worker process.
    """
    if _worth_a_worker(source):
        size = batch_size or PIPELINE_BATCH_SIZE
        tracker = _Tracker(database, size, progress)
        dialect = database.engine.dialect.name
        path = os.fspath(source)  # type: ignore[arg-type]
        head_start = size * HEAD_START_BATCHES
        job = ImportJob(path, fmt, platform, tenant_id, dialect, limits, size, head_start)
        _import_pipelined(database, job, now, tracker)
        return tracker.result
    size = batch_size or DEFAULT_BATCH_SIZE
    tracker = _Tracker(database, size, progress)
    with ImportReader(source, fmt, platform, name) as reader:
        for batch in _batches(reader.rows(), size):
            _import_batch(database, tenant_id, batch, _read(now), limits, tracker.result)
            tracker.batch_done(reader.bytes_read, reader.total_bytes)
    return tracker.result


def _worth_a_worker(source: Source) -> bool:
    if hasattr(source, "read"):  # an upload: it cannot be handed to another process
        return False
    return os.path.getsize(source) >= PIPELINE_MIN_BYTES


def _read(now: Now) -> datetime:
    return now() if callable(now) else now


class _Tracker:
    """The running result, statistics refreshes and progress reports after each batch."""

    def __init__(
        self, database: Database, batch_size: int, progress: ProgressCallback | None
    ) -> None:
        self.result = ImportResult()
        self._database = database
        self._batch_size = batch_size
        self._progress = progress
        self._started = time.monotonic()
        self._analysed_at = 0

    def batch_done(self, bytes_read: int, total_bytes: int | None) -> None:
        inserted = self.result.inserted
        if inserted >= 2 * self._analysed_at + self._batch_size:
            # After the first batch, then each time the import has doubled what it added.
            refresh_statistics(self._database)
            self._analysed_at = inserted
        if self._progress is not None:
            elapsed = time.monotonic() - self._started
            self._progress(ImportProgress(self.result.rows, bytes_read, total_bytes, elapsed))


def _batches(rows: Iterator[ImportRow], size: int) -> Iterator[list[ImportRow]]:
    while batch := list(islice(rows, size)):
        yield batch


def _import_batch(
    database: Database,
    tenant_id: str,
    batch: list[ImportRow],
    now: datetime,
    limits: IngestLimits,
    result: ImportResult,
) -> None:
    lines, items, unreadable = split_rows(batch)
    ingested = IngestResult()
    if items:
        with database.session_scope(write=True) as session:
            ingested = ingest(session, tenant_id, items, now, limits)
    result.add_batch(len(batch), lines, unreadable, ingested)


def _import_pipelined(database: Database, job: ImportJob, now: Now, tracker: _Tracker) -> None:
    with database.session_scope(write=False) as session:
        version = entities_version(session, job.tenant_id)
        entities = Entities(version, tenant_entities(session, job.tenant_id))
    with ImportWorker(job, entities) as worker, rare_collections():
        for _ in range(BATCHES_AHEAD):
            worker.request(_read(now))
        # While the worker starts: import the rows it skips (job.skip_rows) here.
        with ImportReader(job.path, job.fmt, job.platform) as reader:
            head = islice(reader.rows(), job.skip_rows)
            for rows in _batches(head, job.batch_size):
                _import_batch(database, job.tenant_id, rows, _read(now), job.limits, tracker.result)
                tracker.batch_done(reader.bytes_read, reader.total_bytes)
        while (batch := worker.next_batch()) is not None:
            # Kept waiting: the worker is the slower half, so take a batch's preparing off it.
            worker.request(_read(now), prepare=not worker.kept_waiting)
            _write_batch(database, job, batch, worker, tracker.result)
            tracker.batch_done(batch.bytes_read, batch.total_bytes)


def _write_batch(
    database: Database,
    job: ImportJob,
    batch: PreparedBatch,
    worker: ImportWorker,
    result: ImportResult,
) -> None:
    with database.session_scope(write=True) as session:
        posts = _current_rows(session, job, batch, worker)
        ingested = write_prepared(session, job.tenant_id, posts, batch.now, job.limits)
    result.add_batch(batch.rows, batch.lines, batch.unreadable, ingested)


def _current_rows(
    session: Session, job: ImportJob, batch: PreparedBatch, worker: ImportWorker
) -> PreparedPosts:
    """The batch's rows, matched against the tenant's names as they are now."""
    if batch.posts is None:  # left to us by the worker
        return _prepare_here(session, job, batch, batch.items())
    prepared = batch.posts
    prepared.unpack()
    current = entities_version(session, job.tenant_id)
    if current == batch.entities_version:
        return prepared
    # Names changed during the import: match this batch again here, and let the worker use
    # the new names from its next batch on.
    items = [prepared.item(i) for i in range(len(prepared.post_ids))]
    posts = _prepare_here(session, job, batch, items)
    posts.rejected, posts.duplicates = prepared.rejected, prepared.duplicates
    posts.indexes = prepared.indexes  # positions in the file's batch, not in `items`
    worker.use_entities(Entities(current, tenant_entities(session, job.tenant_id)))
    return posts


def _prepare_here(
    session: Session, job: ImportJob, batch: PreparedBatch, items: list[Any]
) -> PreparedPosts:
    matcher = tenant_matcher(session, job.tenant_id)
    encoders = RowEncoders.for_dialect(job.dialect)
    return prepare_posts(job.tenant_id, items, batch.now, job.limits, matcher, encoders)
