"""`kolrisk` as its own process on a loopback port, for tests that need the real thing: a
fuzzer speaking HTTP to it, or a SIGKILL in the middle of its work."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def kolrisk_env(database_url: str, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOLRISK_")}
    env |= {"KOLRISK_DATABASE_URL": database_url, "KOLRISK_VAR_DIR": str(var_dir)}
    env["PYTHONPATH"] = str(ROOT)
    return env


def kolrisk(
    env: dict[str, str], *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout, check=False,
    )  # fmt: skip


def new_key(env: dict[str, str], tenant: str, scope: str) -> str:
    created = kolrisk(env, "apikey", "create", "--tenant", tenant, "--scope", scope)
    assert created.returncode == 0, created.stderr
    return created.stdout.strip().splitlines()[-1]


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def serve(env: dict[str, str], log: Path, startup_seconds: float = 90) -> Served:
    """`kolrisk serve --no-scheduler` on a free port, once /healthz answers."""
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--no-scheduler"],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
        )  # fmt: skip
    served = Served(process, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + startup_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"kolrisk serve exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{served.url}/healthz", timeout=2).status_code == 200:
                return served
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    served.stop()
    raise AssertionError(f"kolrisk serve did not answer in {startup_seconds} s")
