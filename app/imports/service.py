"""File imports through the one ingest path, one transaction per batch.

A batch that committed stays committed: an interrupted import keeps its finished batches, and
a re-run is safe because ingest is idempotent (the replayed rows count as duplicates).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from app.db import Database, refresh_statistics
from app.posts.ingest import IngestLimits, ingest
from app.posts.schemas import IngestResult, Rejected
from collectors.importers import ImportReader, ImportRow, Item
from collectors.importers.source import Source

DEFAULT_BATCH_SIZE = 2000


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
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    name: str | None = None,
) -> ImportResult:
    """Import every row of the file. ImportFormatError: the file as a whole is unreadable.

    `name` is the file's name when `source` is a stream (an upload): it can name the platform.
    `now` may be a clock, read once per batch, so a long import stamps rows when they land.
    """
    result = ImportResult()
    started = time.monotonic()
    analysed_at = 0
    with ImportReader(source, fmt, platform, name) as reader:
        for batch in _batches(reader.rows(), batch_size):
            batch_now = now() if callable(now) else now
            _import_batch(database, tenant_id, batch, batch_now, limits, result)
            if result.inserted >= 2 * analysed_at + batch_size:
                # After the first batch, then each time the import has doubled what it added.
                refresh_statistics(database)
                analysed_at = result.inserted
            if progress is not None:
                elapsed = time.monotonic() - started
                read, total = reader.bytes_read, reader.total_bytes
                progress(ImportProgress(result.rows, read, total, elapsed))
    return result


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
    items: list[Item] = []
    lines: list[int] = []
    rejected: list[tuple[int, str]] = []
    for row in batch:
        if row.item is None:
            rejected.append((row.line, row.reason or "could not be read"))
        else:
            items.append(row.item)
            lines.append(row.line)
    if items:
        with database.session_scope(write=True) as session:
            ingested = ingest(session, tenant_id, items, now, limits)
        result.inserted += ingested.inserted
        result.duplicates += ingested.duplicates
        rejected += [(lines[r.index], r.reason) for r in ingested.rejected]
    result.rows += len(batch)
    # Batches come in file order, so sorting each one keeps the whole list in line order.
    result.rejected += sorted(rejected)
