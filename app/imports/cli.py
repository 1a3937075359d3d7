"""`kolrisk import FILE --format F --tenant NAME [--platform P]`: progress on stderr, at most once
a second; the last line on stdout is `inserted=N duplicates=N rejected=N`. Exit 1 when it cannot
run (unknown tenant, missing or unreadable file), 3 when every row was rejected."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TextIO

from app.auth import service as auth_service
from app.clock import utcnow
from app.config import Settings
from app.db import Database, upgrade_to_head
from app.errors import NotFound
from app.imports.runner import ImportProgress, ImportResult, import_file
from app.posts.ingest import IngestLimits
from collectors.importers import ImportFormatError

SHOWN_REJECTS = 20
PROGRESS_EVERY_SECONDS = 1.0
EXIT_ALL_REJECTED = 3


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    database = Database.from_settings(settings)
    try:
        upgrade_to_head(database)
        with database.session_scope(write=False) as session:
            tenant = auth_service.find_tenant(session, args.tenant)
        return _run(database, tenant.id, args, settings)
    except NotFound as exc:
        sys.stderr.write(f"kolrisk import: {exc.message}\n")
        return 1
    finally:
        database.dispose()


def _run(database: Database, tenant_id: str, args: argparse.Namespace, settings: Settings) -> int:
    limits = IngestLimits(max_text_chars=settings.max_text_chars)
    reporter = ProgressReporter(sys.stderr)
    try:
        result = import_file(
            database,
            tenant_id,
            args.file,
            args.format,
            args.platform,
            utcnow,
            limits,
            progress=reporter,
        )
    except ImportFormatError as exc:
        sys.stderr.write(f"kolrisk import: {args.file}: {exc}\n")
        return 1
    except FileNotFoundError:
        sys.stderr.write(f"kolrisk import: no such file: {args.file}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write(
            f"\ninterrupted after {reporter.rows} rows; finished batches are saved, "
            "and running the same command again resumes safely (repeats count as duplicates)\n"
        )
        return 130
    reporter.finish()
    _report(result, sys.stdout, sys.stderr)
    if result.rejected and not result.inserted and not result.duplicates:
        sys.stderr.write("kolrisk import: every row was rejected; nothing was stored\n")
        return EXIT_ALL_REJECTED
    return 0


def _report(result: ImportResult, out: TextIO, err: TextIO) -> None:
    for line, reason in result.rejected[:SHOWN_REJECTS]:
        err.write(f"rejected line {line}: {reason}\n")
    if len(result.rejected) > SHOWN_REJECTS:
        err.write(f"... and {len(result.rejected) - SHOWN_REJECTS} more rejected rows\n")
    summary = (
        f"inserted={result.inserted} duplicates={result.duplicates} "
        f"rejected={len(result.rejected)}\n"
    )
    out.write(summary)


class ProgressReporter:
    """Prints rows, rate and (when the file size is known) an ETA, no more than once a second."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream
        self._clock = clock
        self._last_shown: float | None = None
        self.rows = 0

    def __call__(self, progress: ImportProgress) -> None:
        self.rows = progress.rows
        now = self._clock()
        if self._last_shown is not None and now - self._last_shown < PROGRESS_EVERY_SECONDS:
            return
        self._last_shown = now
        self._stream.write(f"\r{describe(progress)}")
        self._stream.flush()

    def finish(self) -> None:
        if self._last_shown is not None:
            self._stream.write("\n")


def describe(progress: ImportProgress) -> str:
    rate = progress.rows / progress.elapsed_seconds if progress.elapsed_seconds > 0 else 0.0
    text = f"{progress.rows:,} rows  {rate:,.0f} rows/s"
    total, done = progress.total_bytes, progress.bytes_read
    if total and 0 < done <= total and progress.elapsed_seconds > 0:
        seconds_left = progress.elapsed_seconds * (total - done) / done
        eta = timedelta(seconds=round(seconds_left))
        text += f"  {100 * done / total:.0f}%  ETA {eta}"
    return text
