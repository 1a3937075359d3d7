"""Two real `kolrisk scheduler` processes on one SQLite file: one acts; killing it hands over."""

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from app.db import Database
from app.models import SchedulerLease

KOLRISK = str(Path(sys.executable).with_name("kolrisk"))


def holder(database):
    with database.session_scope(write=False) as session:
        row = session.scalar(select(SchedulerLease))
        return row.holder if row else None


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    return None


def test_kill_the_holder_and_the_standby_takes_over(tmp_path):
    url = f"sqlite:///{tmp_path / 'lease.db'}"
    env = {**os.environ, "KOLRISK_DATABASE_URL": url, "KOLRISK_LEASE_TTL_SECONDS": "2"}
    subprocess.run([KOLRISK, "migrate"], env=env, check=True, capture_output=True, timeout=60)
    processes = [
        subprocess.Popen(
            [KOLRISK, "scheduler"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    database = Database(url)
    try:
        first = wait_for(lambda: holder(database), 30)
        assert first
        pid_of_first = int(first.split(":")[1])
        assert pid_of_first in {p.pid for p in processes}
        os.kill(pid_of_first, signal.SIGKILL)
        second = wait_for(lambda: (h := holder(database)) and h != first and h, 15)
        assert second
        assert int(second.split(":")[1]) in {p.pid for p in processes} - {pid_of_first}
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        database.dispose()


def test_sigterm_stops_cleanly_and_releases_the_lease(tmp_path):
    url = f"sqlite:///{tmp_path / 'stop.db'}"
    env = {**os.environ, "KOLRISK_DATABASE_URL": url, "KOLRISK_LEASE_TTL_SECONDS": "30"}
    subprocess.run([KOLRISK, "migrate"], env=env, check=True, capture_output=True, timeout=60)
    process = subprocess.Popen(
        [KOLRISK, "scheduler"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    database = Database(url)
    try:
        assert wait_for(lambda: holder(database), 30)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
        with database.session_scope(write=False) as session:
            row = session.scalar(select(SchedulerLease))
            # Released: expired at the moment of the stop, not a TTL later.
            assert row.expires_at <= datetime.now(UTC)
    finally:
        if process.poll() is None:
            process.kill()
        database.dispose()
