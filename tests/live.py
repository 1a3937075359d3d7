"""A live `kolrisk serve` in a fresh folder, as a new user starts it: for the README's commands
and the browser's first hour. Everything stays on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

PLATFORMS = ("WEIBO", "BILIBILI", "DOUYIN", "XIAOHONGSHU", "ZHIHU", "TIEBA")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fresh_folder(folder: Path) -> Path:
    """A folder holding only `.venv`, this test run's own environment (as after the README's
    install line)."""
    (folder / ".venv").symlink_to(Path(sys.prefix))
    if not (folder / ".venv" / "bin" / "kolrisk").exists():
        pytest.skip("the kolrisk script is not installed beside this Python (pip install -e .)")
    return folder


def offline_env() -> dict[str, str]:
    """No settings of ours from the caller; every platform points at a closed loopback port,
    so nothing can reach the internet even if a collection pass started."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOLRISK_")}
    closed = f"http://127.0.0.1:{free_port()}"
    for platform in PLATFORMS:
        env[f"KOLRISK_{platform}_BASE_URL"] = closed
    return env


@contextmanager
def serving(folder: Path, *args: str) -> Iterator[tuple[str, list[str]]]:
    """`kolrisk serve ARGS` in folder on a free port: (its address, the lines it printed)."""
    port = free_port()
    command = [".venv/bin/kolrisk", "serve", "--port", str(port), "--no-scheduler", *args]
    log = folder / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=folder, env=offline_env(), stdout=out, stderr=subprocess.STDOUT
        )
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{address}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
            if process.poll() is not None:
                pytest.fail(f"kolrisk serve exited:\n{log.read_text()}")
        else:
            pytest.fail(f"kolrisk serve did not start:\n{log.read_text()}")
        yield address, log.read_text().splitlines()
    finally:
        process.terminate()
        process.wait(timeout=20)
