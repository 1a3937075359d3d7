"""A large import in two processes: a worker reads, checks, matches and encodes the next batch
while this process writes the current one.

Both halves cost about as much per post, so a second core nearly doubles the rate. The worker
holds no database connection; it gets each batch's clock reading, and the tenant's names
whenever they changed, from the writer:

    with ImportWorker(job, entities) as worker:
        worker.request(now)                       # as many batches ahead as wanted
        while (batch := worker.next_batch()) is not None:
            worker.request(now, prepare=not worker.kept_waiting)
            ...prepare the batch if the worker did not, write it...

Which half costs more depends on the machine, the database and the file. A writer that
only wrote would stand idle whenever preparing is the slower half; instead, when it was kept
waiting, it asks for the next batch as read and prepares that one itself.

Leaving the `with` block (end, exception, Ctrl-C) stops the worker: no process outlives it.
Processes are spawned, not forked, so the worker shares no connection or thread with us.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import traceback
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from multiprocessing.queues import Queue

from app.posts.linking import EntitiesVersion, EntityNames, Matcher
from app.posts.prepare import (
    IngestLimits,
    PreparedPosts,
    RowEncoders,
    dumps_tree,
    prepare_posts,
    rare_collections,
)
from collectors.importers import ImportReader, ImportRow, Item

# How long a blocked get waits before checking that the other process is still there.
POLL_SECONDS = 1.0
STOP_SECONDS = 10.0


@dataclass(frozen=True)
class ImportJob:
    """What the worker needs to read and prepare a file on its own."""

    path: str
    fmt: str
    platform: str | None
    tenant_id: str
    dialect: str
    limits: IngestLimits
    batch_size: int
    skip_rows: int = 0  # the first rows of the file, which the parent imports itself


@dataclass(frozen=True)
class Entities:
    version: EntitiesVersion
    names: list[EntityNames]


@dataclass(frozen=True)
class BatchRequest:
    now: datetime
    entities: Entities | None  # set when the tenant's names changed since the last request
    prepare: bool = True  # False: send the items as read, the writer prepares them


@dataclass
class PreparedBatch:
    """One batch of the file, ready for write_prepared() unless `posts` is None (asked for
    with prepare=False): then `packed_items` holds the items to prepare. `lines[i]` is the
    file line of item i."""

    rows: int
    bytes_read: int
    total_bytes: int | None
    now: datetime
    entities_version: EntitiesVersion
    lines: list[int]
    unreadable: list[tuple[int, str]]
    posts: PreparedPosts | None
    packed_items: bytes | None = None

    def items(self) -> list[Item]:
        """The items of a batch the worker did not prepare."""
        return pickle.loads(self.packed_items) if self.packed_items is not None else []


@dataclass(frozen=True)
class WorkerFailed:
    error: BaseException


class ImportWorkerDied(RuntimeError):
    """The worker process ended without a word (killed, out of memory)."""


class ImportWorker:
    def __init__(self, job: ImportJob, entities: Entities) -> None:
        context = multiprocessing.get_context("spawn")
        self._requests: Queue[BatchRequest | None] = context.Queue()
        self._results: Queue[PreparedBatch | WorkerFailed | None] = context.Queue()
        self._process = context.Process(
            target=_work, args=(job, self._requests, self._results), name="kolrisk-import"
        )
        self._pending: Entities | None = entities
        self.kept_waiting = False  # whether the last batch was not ready when asked for

    def __enter__(self) -> ImportWorker:
        with _main_module_hidden():
            self._process.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def request(self, now: datetime, prepare: bool = True) -> None:
        """Ask for the next batch, stamped with `now`; prepared unless `prepare` is False."""
        self._requests.put(BatchRequest(now, self._pending, prepare))
        self._pending = None

    def use_entities(self, entities: Entities) -> None:
        """Match the batches requested from now on against these names."""
        self._pending = entities

    def ready(self) -> bool:
        """Whether a batch (or the end, or a failure) is waiting to be read."""
        return not self._results.empty()

    def next_batch(self) -> PreparedBatch | None:
        """The next batch in file order; None at the end of the file."""
        self.kept_waiting = not self.ready()
        message = self._wait_for_result()
        if isinstance(message, WorkerFailed):
            raise message.error
        return message

    def _wait_for_result(self) -> PreparedBatch | WorkerFailed | None:
        while True:
            try:
                return self._results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not self._process.is_alive():
                    raise ImportWorkerDied(f"exit code {self._process.exitcode}") from None

    def stop(self) -> None:
        if self._process.is_alive():
            self._requests.put(None)
            self._process.join(STOP_SECONDS)
        if self._process.is_alive():  # stuck: batches it still holds are not wanted
            self._process.terminate()
            self._process.join()
        for channel in (self._requests, self._results):
            channel.close()
            channel.cancel_join_thread()


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Start a spawned process without re-running our __main__ in it.

    A spawned child imports the parent's main module first, in case the target was defined
    there: for `kolrisk import` that is the whole CLI, web app included, a second of start-up.
    The worker's target and arguments live in app modules, so an anonymous __main__ serves.
    """
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _work(
    job: ImportJob,
    requests: Queue[BatchRequest | None],
    results: Queue[PreparedBatch | WorkerFailed | None],
) -> None:
    """The worker's main: answers each request with the next batch until told to stop."""
    # Ctrl-C reaches the whole process group; the parent decides when the worker stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    # Exit without flushing batches the parent will never read (it stops us only when it has
    # all it wants); otherwise a full pipe would keep this process alive.
    results.cancel_join_thread()
    gc.freeze()  # the modules loaded at start need no walking either
    try:
        with rare_collections(), ImportReader(job.path, job.fmt, job.platform) as reader:
            _serve(job, reader, requests, results)
    except BaseException as exc:  # every failure is the parent's to raise
        results.put(WorkerFailed(_portable(exc)))
        while _next_request(requests) is not None:
            pass  # stay until stopped, so the failure is read before the queue closes


def _exit_with_parent() -> None:
    """End this process as soon as the parent is gone (kill -9 gives it no time to stop us),
    wherever the main thread is: skipping the rows of a resumed import, reading a large JSON
    document, waiting to open a file. The resource tracker ends with us, its last user."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns when the parent's end of our start-up pipe closes
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _serve(
    job: ImportJob,
    reader: ImportReader,
    requests: Queue[BatchRequest | None],
    results: Queue[PreparedBatch | WorkerFailed | None],
) -> None:
    rows = reader.rows()
    for _skipped in islice(rows, job.skip_rows):
        pass
    encoders = RowEncoders.for_dialect(job.dialect)
    version: EntitiesVersion = ()
    matcher = Matcher([])
    while (request := _next_request(requests)) is not None:
        if request.entities is not None:
            version, matcher = request.entities.version, Matcher(request.entities.names)
        batch = list(islice(rows, job.batch_size))
        if not batch:
            results.put(None)
            continue
        lines, items, unreadable = split_rows(batch)
        posts, packed_items = None, None
        if request.prepare:
            posts = prepare_posts(job.tenant_id, items, request.now, job.limits, matcher, encoders)
            posts.pack()
        else:
            packed_items = dumps_tree(items)
        results.put(
            PreparedBatch(
                len(batch),
                reader.bytes_read,
                reader.total_bytes,
                request.now,
                version,
                lines,
                unreadable,
                posts,
                packed_items,
            )  # fmt: skip
        )


def split_rows(batch: list[ImportRow]) -> tuple[list[int], list[Item], list[tuple[int, str]]]:
    """The items of a batch with their lines, and the (line, reason) of the unreadable rows."""
    lines: list[int] = []
    items: list[Item] = []
    unreadable: list[tuple[int, str]] = []
    for row in batch:
        if row.item is None:
            unreadable.append((row.line, row.reason or "could not be read"))
        else:
            items.append(row.item)
            lines.append(row.line)
    return lines, items, unreadable


def _next_request(requests: Queue[BatchRequest | None]) -> BatchRequest | None:
    """The next request; None when told to stop or when the parent is gone (killed)."""
    parent = multiprocessing.parent_process()
    while True:
        try:
            return requests.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if parent is not None and not parent.is_alive():
                return None


def _portable(exc: BaseException) -> BaseException:
    """The exception itself when it survives pickling, else a RuntimeError that names it;
    either way with the worker's traceback attached as a note."""
    note = "in the import worker:\n" + "".join(traceback.format_exception(exc))
    try:
        portable: BaseException = pickle.loads(pickle.dumps(exc))
    except Exception:  # any pickling failure gets the same fallback
        portable = RuntimeError(f"{type(exc).__name__}: {exc}")
    portable.add_note(note)
    return portable
