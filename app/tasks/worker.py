"""Running procrastinate workers: `kolrisk worker` in the foreground, or one in a thread of
`kolrisk serve` when no separate worker is wanted.

Stopping: SIGTERM (or Ctrl-C) stops taking tasks and waits up to KOLRISK_WORKER_SHUTDOWN_SECONDS
for the running ones; tasks still running then are put back in the queue (another worker runs
them again, which every task allows) and the process exits. A second signal does that at once.
A worker killed outright (SIGKILL, power loss) stops sending heartbeats: after
KOLRISK_WORKER_STALLED_SECONDS the stalled-job sweep of any other worker re-queues its tasks.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import threading
from collections.abc import Sequence

import procrastinate
import psycopg
from procrastinate.worker import Worker

from app.tasks.runtime import Runtime, build_app, conninfo
from app.tasks.schedule import QUEUES

log = logging.getLogger("kolrisk.worker")
# How often each worker looks for tasks of stalled workers.
SWEEP_SECONDS = 10.0


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def make_worker(
    app: procrastinate.App,
    runtime: Runtime,
    concurrency: int,
    queues: Sequence[str] | None,
    *,
    install_signal_handlers: bool = False,
) -> Worker:
    stalled = runtime.settings.worker_stalled_seconds
    return Worker(
        app=app,
        queues=list(queues) if queues else None,
        name=worker_name(),
        concurrency=concurrency,
        # Finished jobs are deleted (failed ones stay to be looked at), so the queue table
        # holds what is waiting or running, not every tick ever run.
        delete_jobs="successful",
        additional_context={"runtime": runtime},
        install_signal_handlers=install_signal_handlers,
        update_heartbeat_interval=stalled / 3,
        stalled_worker_timeout=stalled,
        # NOTIFY wakes a worker at once; polling is the fallback for a lost connection.
        fetch_job_polling_interval=5.0,
    )


async def sweep_stalled(app: procrastinate.App, stalled_seconds: float) -> None:
    """Every worker, whatever its queues, puts back in the queue the running jobs of workers
    that sent no heartbeat for `stalled_seconds` (killed, frozen, cut off), so another runs
    them again. Two sweeps may find the same job: the second one's retry fails, harmlessly."""
    manager = app.job_manager
    while True:
        await asyncio.sleep(SWEEP_SECONDS)
        try:
            stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_seconds)
        except Exception:
            log.exception("could not look for stalled tasks")
            continue
        for job in stalled:
            try:
                await manager.retry_job(job)
            except Exception:
                continue  # retried by another worker's sweep meanwhile
            log.warning("task %s (job %s) of a stalled worker queued again", job.task_name, job.id)


def release_jobs(database_url: str, worker_id: int | None) -> int:
    """Put this worker's running jobs back in the queue and unregister it; how many."""
    if worker_id is None:
        return 0
    with psycopg.connect(conninfo(database_url), autocommit=True) as connection:
        released = connection.execute(
            "SELECT procrastinate_retry_job_v2(id, now(), NULL, NULL, NULL) "
            "FROM procrastinate_jobs WHERE worker_id = %s AND status = 'doing'",
            (worker_id,),
        ).fetchall()
        connection.execute("DELETE FROM procrastinate_workers WHERE id = %s", (worker_id,))
    return len(released)


async def _run_foreground(runtime: Runtime, concurrency: int, queues: Sequence[str] | None) -> int:
    app = build_app(runtime.settings)
    deadline = runtime.settings.worker_shutdown_seconds
    loop = asyncio.get_running_loop()
    async with app.open_async():
        worker = make_worker(app, runtime, concurrency, queues)
        timer: asyncio.TimerHandle | None = None

        def give_back_and_exit() -> None:
            released = release_jobs(runtime.settings.database_url, worker.worker_id)
            log.warning("worker %s: %d task(s) put back in the queue", worker_name(), released)
            logging.shutdown()
            os._exit(0)  # threads still inside a task die with the process; their work rolls back

        def on_signal(signum: int) -> None:
            nonlocal timer
            if timer is not None:  # a second signal: do not wait any longer
                give_back_and_exit()
            log.info(
                "worker %s stopping: running tasks have %.0f s to finish (signal %d)",
                worker_name(),
                deadline,
                signum,
            )
            worker.stop()  # type: ignore[no-untyped-call]
            timer = loop.call_later(deadline, give_back_and_exit)

        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, on_signal, signum)
        shown = ",".join(queues) if queues else "all queues"
        log.info("worker %s running %d at once from %s", worker_name(), concurrency, shown)
        sweep = asyncio.create_task(sweep_stalled(app, runtime.settings.worker_stalled_seconds))
        try:
            await worker.run()  # type: ignore[no-untyped-call]
        finally:
            sweep.cancel()
        if timer is not None:
            timer.cancel()
    log.info("worker %s stopped", worker_name())
    return 0


def run_worker(runtime: Runtime, concurrency: int, queues: Sequence[str] | None) -> int:
    unknown = sorted(set(queues or ()) - set(QUEUES))
    if unknown:
        raise ValueError(f"unknown queue(s) {', '.join(unknown)}; queues are {', '.join(QUEUES)}")
    return asyncio.run(_run_foreground(runtime, concurrency, queues))


class BackgroundWorker:
    """A worker on its own event loop in a thread of this process (`kolrisk serve`)."""

    def __init__(self, runtime: Runtime, concurrency: int) -> None:
        self.runtime, self.concurrency = runtime, concurrency
        self._loop: asyncio.AbstractEventLoop | None = None
        self._worker: Worker | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._main, name="kolrisk-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(timeout=30)

    def _main(self) -> None:
        asyncio.run(self._run())

    async def _run(self) -> None:
        app = build_app(self.runtime.settings)
        async with app.open_async():
            self._loop = asyncio.get_running_loop()
            self._worker = make_worker(app, self.runtime, self.concurrency, None)
            self._ready.set()
            stalled = self.runtime.settings.worker_stalled_seconds
            sweep = asyncio.create_task(sweep_stalled(app, stalled))
            try:
                await self._worker.run()  # type: ignore[no-untyped-call]
            finally:
                sweep.cancel()

    def stop(self) -> None:
        """Stop taking tasks, wait for running ones up to the deadline, give back the rest."""
        worker, loop = self._worker, self._loop
        if worker is None or loop is None:
            return
        loop.call_soon_threadsafe(worker.stop)
        self._thread.join(self.runtime.settings.worker_shutdown_seconds)
        if self._thread.is_alive():
            released = release_jobs(self.runtime.settings.database_url, worker.worker_id)
            log.warning("in-process worker: %d task(s) put back in the queue", released)
