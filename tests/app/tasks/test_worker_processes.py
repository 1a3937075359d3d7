"""Real `kolrisk worker` processes on PostgreSQL: a killed worker's task is run again by
another, SIGTERM lets a running task finish, or gives it back after the deadline."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import select, text

from app.models import JobState
from tests.app.jobs.test_scheduler_processes import wait_for

KOLRISK = str(Path(sys.executable).with_name("kolrisk"))


def probe_state(database, name):
    with database.session_scope(write=False) as session:
        state = session.scalar(select(JobState).where(JobState.name == f"probe:{name}"))
        return (state.runs, state.last_ok) if state else (0, None)


def probe_jobs(database):
    with database.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT status::text, attempts FROM procrastinate_jobs "
                "WHERE task_name = 'kolrisk:probe'"
            )
        )
        return [tuple(row) for row in rows]


def start_worker(database, tmp_path, **settings):
    env = {
        **os.environ,
        "KOLRISK_DATABASE_URL": database.url,
        "KOLRISK_VAR_DIR": str(tmp_path),
        **{f"KOLRISK_{name.upper()}": str(value) for name, value in settings.items()},
    }
    return subprocess.Popen(
        [KOLRISK, "worker", "--concurrency", "4"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(*processes):
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=20)


def test_a_sigkilled_workers_task_is_run_again_by_another_and_done_once(pg, queue_app, tmp_path):
    queue_app.configure_task("kolrisk:probe").defer(name="kill", seconds=3)
    first = start_worker(pg, tmp_path, worker_stalled_seconds=5)
    second = None
    try:
        assert wait_for(lambda: probe_state(pg, "kill")[0] == 1, 60), "never started"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert probe_state(pg, "kill") == (1, None)  # started, never finished
        second = start_worker(pg, tmp_path, worker_stalled_seconds=5)
        # Taken over once the dead worker's heartbeat is 5 s old (the sweep runs every 10 s).
        assert wait_for(lambda: probe_state(pg, "kill")[1], 60), "never run again"
        assert probe_state(pg, "kill") == (2, True)
        assert probe_jobs(pg) == []  # succeeded (and deleted), not queued again
    finally:
        stop(first, *([second] if second else []))


def test_sigterm_lets_the_running_task_finish(pg, queue_app, tmp_path):
    queue_app.configure_task("kolrisk:probe").defer(name="drain", seconds=2)
    worker = start_worker(pg, tmp_path, worker_shutdown_seconds=30)
    try:
        assert wait_for(lambda: probe_state(pg, "drain")[0] == 1, 60)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=20) == 0
        assert probe_state(pg, "drain") == (1, True)
        assert probe_jobs(pg) == []
    finally:
        stop(worker)


def test_sigterm_gives_a_task_back_at_the_deadline(pg, queue_app, tmp_path):
    queue_app.configure_task("kolrisk:probe").defer(name="long", seconds=120)
    worker = start_worker(pg, tmp_path, worker_shutdown_seconds=1)
    try:
        assert wait_for(lambda: probe_state(pg, "long")[0] == 1, 60)
        stopped_at = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=20) == 0
        assert time.monotonic() - stopped_at < 10
        assert probe_state(pg, "long") == (1, None)  # cut short
        assert probe_jobs(pg) == [("todo", 1)]  # back in the queue for another worker
    finally:
        stop(worker)


def test_worker_refuses_sqlite(tmp_path):
    env = {**os.environ, "KOLRISK_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}"}
    done = subprocess.run([KOLRISK, "worker"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "inline" in done.stderr


def healthy(port):
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def serve(database, tmp_path, port, *options):
    env = {**os.environ, "KOLRISK_DATABASE_URL": database.url, "KOLRISK_VAR_DIR": str(tmp_path)}
    command = [KOLRISK, "serve", "--port", str(port), *options]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_serve_alone_on_postgresql_takes_tasks_itself(pg, queue_app, tmp_path):
    queue_app.configure_task("kolrisk:probe").defer(name="serve", seconds=0)
    server = serve(pg, tmp_path, 18131)
    try:
        assert wait_for(lambda: probe_state(pg, "serve")[1], 60), "serve ran no task"
        assert wait_for(lambda: healthy(18131), 30)  # uvicorn's own SIGTERM handling is in place
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=40) == 0
    finally:
        stop(server)


def test_serve_without_scheduler_leaves_tasks_to_workers(pg, queue_app, tmp_path):
    queue_app.configure_task("kolrisk:probe").defer(name="idle", seconds=0)
    server = serve(pg, tmp_path, 18132, "--no-scheduler")
    try:
        assert wait_for(lambda: healthy(18132), 60)
        time.sleep(3)
        assert probe_state(pg, "idle") == (0, None)
        assert probe_jobs(pg) == [("todo", 0)]
    finally:
        server.send_signal(signal.SIGTERM)
        stop(server)
