"""The README's commands, run as written against a live `kolrisk serve` on loopback.

Every ```sh block is either run here (it follows a `<!-- run by tests/test_readme.py -->` line)
or named in NOT_RUN with the reason. The blocks run in a fresh folder, as on a fresh clone,
whose `.venv` is this test run's own environment; the only change made to them is the port.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.live import fresh_folder, offline_env, serving

README = Path(__file__).resolve().parent.parent / "README.md"
RUN_MARK = "<!-- run by tests/test_readme.py -->"
README_ADDRESS = "http://127.0.0.1:8000"
# Blocks not run here, by their first line, and why.
NOT_RUN = {
    # Installs and then serves forever; CI installs this way and the tests below serve the same.
    "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/kolrisk serve --demo",
    # The test suite itself (.ci/run runs this line word for word).
    "python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]' && .venv/bin/python -m pytest"
    " -q -n auto",
    # Serves forever: the fixture below starts exactly this, on a free port.
    ".venv/bin/kolrisk serve",
    # Rewrites an existing database file's page size; tests/app/test_db.py covers old pages.
    ".venv/bin/python -c \"import sqlite3; db = sqlite3.connect('var/kolrisk.db', "
    "isolation_level=None); [db.execute(s) for s in ('PRAGMA journal_mode=DELETE', "
    "'PRAGMA page_size=16384', 'VACUUM', 'PRAGMA journal_mode=WAL')]\"",
}


def sh_blocks() -> list[tuple[bool, str]]:
    """(marked to run, text) of every ```sh block, in order."""
    found = re.finditer(r"(?:(<!-- [^\n]* -->)\n)?```sh\n(.*?)```", README.read_text("utf-8"), re.S)
    return [(match.group(1) == RUN_MARK, match.group(2)) for match in found]


@pytest.fixture
def fresh_clone(tmp_path: Path) -> Path:
    return fresh_folder(tmp_path)


def run_blocks(folder: Path, address: str, blocks: list[str]) -> str:
    script = "set -euo pipefail\n" + "\n".join(blocks).replace(README_ADDRESS, address)
    done = subprocess.run(
        ["bash", "-c", script], cwd=folder, env=offline_env(), capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"README commands failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_every_sh_block_is_run_or_said_why_not():
    for marked, text in sh_blocks():
        first = text.strip().splitlines()[0].split("  #")[0].strip()
        assert marked or first in NOT_RUN, f"README block neither run nor excused: {first}"


def test_first_steps_with_your_own_data_work_as_written(fresh_clone):
    first_steps = README.read_text("utf-8").split("## First steps with your own data")[1]
    first_steps = first_steps.split("\n## ")[0]
    blocks = [text for marked, text in sh_blocks() if marked and text in first_steps]
    assert len(blocks) >= 4
    with serving(fresh_clone) as (address, _):
        out = run_blocks(fresh_clone, address, blocks)
    answers = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    stored, risk = answers[-2], answers[-1]
    assert stored == {"inserted": 3, "duplicates": 0, "rejected": []}
    assert risk["decision"] in ("go", "caution", "no_go")
    assert risk["coverage"]["posts"] == 3
    assert risk["provisional"] is True
    assert risk["shortfalls"]
    assert (fresh_clone / "posts.json").exists()
    assert (fresh_clone / "var" / "kolrisk.db").exists()
    assert not (fresh_clone / "var" / "demo.db").exists()


def test_the_demo_prints_how_to_add_a_key_and_that_command_works(fresh_clone):
    before = README.read_text("utf-8").split("## First steps with your own data")[0]
    blocks = [text for marked, text in sh_blocks() if marked and text in before]
    assert any("--demo" in block for block in blocks)
    with serving(fresh_clone, "--demo") as (address, printed):
        assert any("kolrisk apikey create --demo --tenant demo" in line for line in printed)
        out = run_blocks(fresh_clone, address, blocks)
        key = out.strip().splitlines()[-1]
        watches = httpx.get(f"{address}/v1/watches", headers={"Authorization": f"Bearer {key}"})
    assert watches.status_code == 200
    assert len(watches.json()) == 3
