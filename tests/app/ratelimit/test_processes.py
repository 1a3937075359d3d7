"""Two real `kolrisk serve --no-scheduler` processes on one PostgreSQL database spend one
budget per key: what the first admitted, the second refuses."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import make_key

KOLRISK = str(Path(sys.executable).with_name("kolrisk"))
LIMIT = 10  # a minute: one more request every 6 s once these are spent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(base: str, process: subprocess.Popen[str], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    output = process.communicate(timeout=10)[0]
    pytest.fail(f"kolrisk serve at {base} did not come up:\n{output[-2000:]}")


@pytest.mark.db
def test_two_api_processes_share_each_keys_budget(database, backend, tmp_path):
    if backend == "sqlite":
        pytest.skip("SQLite runs one API process; its budgets are in memory")
    key = make_key(database, "acme", ["read"], "压测")
    env = {
        **os.environ, "KOLRISK_DATABASE_URL": database.url,
        "KOLRISK_RATE_LIMIT_PER_MINUTE": str(LIMIT), "KOLRISK_VAR_DIR": str(tmp_path),
    }  # fmt: skip
    bases, processes = [], []
    try:
        for _ in range(2):
            port = free_port()
            command = [
                KOLRISK,
                "serve",
                "--no-scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ]
            processes.append(
                subprocess.Popen(
                    command,
                    env=env,
                    cwd=tmp_path,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )  # fmt: skip
            )
            bases.append(f"http://127.0.0.1:{port}")
        for base, process in zip(bases, processes, strict=True):
            wait_healthy(base, process, 60)
        headers = {"Authorization": f"Bearer {key}"}
        first = [httpx.get(f"{bases[0]}/v1/brands", headers=headers) for _ in range(LIMIT)]
        second = [httpx.get(f"{bases[1]}/v1/brands", headers=headers) for _ in range(3)]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    assert [r.status_code for r in first] == [200] * LIMIT
    # At most one slot refilled meanwhile (one every 6 s): the rest are refused.
    refused = [r for r in second if r.status_code == 429]
    assert len(refused) >= 2, [r.status_code for r in second]
    assert refused[-1].headers["RateLimit-Policy"] == f'"default";q={LIMIT};w=60'
    assert refused[-1].headers["RateLimit"].startswith('"default";r=0;')
    assert int(refused[-1].headers["Retry-After"]) <= 6
