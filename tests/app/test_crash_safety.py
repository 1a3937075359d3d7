"""Crash safety, as rounds of real SIGKILLs: of `kolrisk serve` during a burst of POST
/v1/posts on loopback, and of `kolrisk import` in the middle of a file. After each kill the
SQLite file passes `PRAGMA integrity_check`, every post acknowledged (a 200, or a batch the
import reported written) is stored, and none is stored twice; a batch is all or nothing.

CI runs a few rounds of each; `pytest -m slow` runs all 25 (docs/api.md, "How the API is tested").
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.app.served import ROOT, kolrisk, kolrisk_env, new_key, serve
from tests.builders import post_item

BATCH = 20
ALL_ROUNDS = 25
FEW_ROUNDS = 2
IMPORT_POSTS = 40_000  # big enough for the worker process and a few seconds of writing


def stored_ids(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [row[0] for row in connection.execute("SELECT platform_id FROM posts")]


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


@dataclass
class Burst:
    """POST /v1/posts, batch after batch on one keep-alive connection, until the server dies."""

    url: str
    key: str
    round: int
    acknowledged: list[list[str]] = field(default_factory=list)
    sent: list[list[str]] = field(default_factory=list)

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.key}"}
        with httpx.Client(base_url=self.url, headers=headers, timeout=30) as client:
            for number in range(10_000):
                ids = [f"r{self.round}-b{number}-{i}" for i in range(BATCH)]
                self.sent.append(ids)
                try:
                    response = client.post(
                        "/v1/posts", json=[post_item(i, "测评老王") for i in ids]
                    )
                except httpx.TransportError:
                    return  # killed
                assert response.status_code == 200, response.text
                counts = response.json()
                assert counts["inserted"] + counts["duplicates"] == BATCH, counts
                self.acknowledged.append(ids)


def serve_and_kill(
    env: dict[str, str], key: str, log: Path, round_: int, rng: random.Random
) -> Burst:
    served = serve(env, log)
    burst = Burst(served.url, key, round_)
    sender = threading.Thread(target=burst.run, daemon=True)
    sender.start()
    wanted, deadline = rng.randint(1, 8), time.monotonic() + 60
    while len(burst.acknowledged) < wanted and sender.is_alive() and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(served.process.pid, signal.SIGKILL)
    served.process.wait()
    sender.join(timeout=60)
    assert len(burst.acknowledged) >= wanted, "the burst did not get going"
    return burst


def check_serve_round(db: Path, burst: Burst) -> None:
    assert integrity(db) == "ok"
    ids = stored_ids(db)
    assert len(ids) == len(set(ids)), "a post was stored twice"
    present = set(ids)
    for batch in burst.acknowledged:
        assert present.issuperset(batch), "an acknowledged post was lost"
    for batch in burst.sent:
        assert len(present.intersection(batch)) in (0, BATCH), "half a batch was stored"


def serve_rounds(tmp_path: Path, rounds: int) -> None:
    db = tmp_path / "crash.db"
    env = kolrisk_env(f"sqlite:///{db}", tmp_path / "var")
    key = new_key(env, "crash", "write")
    rng = random.Random(16)
    for round_ in range(rounds):
        burst = serve_and_kill(env, key, tmp_path / "serve.log", round_, rng)
        check_serve_round(db, burst)
    # A client that never heard back sends again: duplicates, nothing stored twice.
    served = serve(env, tmp_path / "serve.log")
    try:
        with httpx.Client(base_url=served.url, headers={"Authorization": f"Bearer {key}"}) as api:
            again = [post_item(i, "测评老王") for i in burst.sent[-1]]
            assert api.post("/v1/posts", json=again).status_code == 200
    finally:
        served.stop()
    ids = stored_ids(db)
    assert len(ids) == len(set(ids))


def test_serve_killed_during_a_burst_keeps_every_acknowledged_post_once(tmp_path):
    serve_rounds(tmp_path, FEW_ROUNDS)


@pytest.mark.slow
def test_serve_killed_during_a_burst_25_rounds(tmp_path):
    serve_rounds(tmp_path, ALL_ROUNDS)


def write_posts(path: Path, prefix: str, count: int) -> list[str]:
    ids = [f"{prefix}-{n}" for n in range(count)]
    with path.open("w", encoding="utf-8") as out:
        for platform_id in ids:
            out.write(
                json.dumps(post_item(platform_id, "测评老王 新视频"), ensure_ascii=False) + "\n"
            )
    return ids


def import_and_kill(env: dict[str, str], path: Path, rng: random.Random) -> int:
    """Rows the import said were written (its progress line) before it was killed."""
    command = [sys.executable, "-m", "app.cli", "import", str(path), "--format", "jsonl",
               "--tenant", "crash"]  # fmt: skip
    importer = subprocess.Popen(command, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    assert importer.stderr is not None
    wanted, written, shown = rng.randint(1, 3), 0, 0
    progress = b""
    while shown < wanted and (chunk := importer.stderr.read1(4096)):
        progress += chunk
        lines = progress.replace(b"\r", b"\n").split(b"\n")
        counts = [line.split(b" rows")[0] for line in lines if b" rows " in line]
        shown, written = len(counts), int(counts[-1].replace(b",", b"")) if counts else 0
    importer.send_signal(signal.SIGKILL)
    importer.wait()
    importer.stderr.close()
    return written


def import_rounds(tmp_path: Path, rounds: int) -> None:
    db = tmp_path / "import.db"
    env = kolrisk_env(f"sqlite:///{db}", tmp_path / "var")
    new_key(env, "crash", "write")  # makes the tenant, which the import needs
    rng = random.Random(16)
    for round_ in range(rounds):
        path = tmp_path / "posts.jsonl"
        ids = write_posts(path, f"r{round_}", IMPORT_POSTS)
        written = import_and_kill(env, path, rng)
        assert integrity(db) == "ok"
        stored = stored_ids(db)
        assert len(stored) == len(set(stored)), "a post was stored twice"
        assert set(stored).issuperset(ids[:written]), "a post reported written was lost"
    # Run again, the import finishes what the kill left: every post of the file, once.
    rerun = kolrisk(env, "import", str(path), "--format", "jsonl", "--tenant", "crash")
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    stored = stored_ids(db)
    assert len(stored) == len(set(stored))
    assert set(stored).issuperset(ids)


def test_import_killed_mid_file_keeps_what_it_wrote_once(tmp_path):
    import_rounds(tmp_path, FEW_ROUNDS)


@pytest.mark.slow
def test_import_killed_mid_file_25_rounds(tmp_path):
    import_rounds(tmp_path, ALL_ROUNDS)
