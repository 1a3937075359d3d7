"""The fuzz gate: schemathesis against the real app (`kolrisk serve` on loopback), with an admin
and a write key. It must find no 5xx and no response the OpenAPI document does not describe
(status, content type, headers, body schema, Allow).

Left out: the two checks of how strict request validation is (positive_data_acceptance,
negative_data_rejection). Our validators refuse more than JSON Schema can say (names of two
characters after normalisation, times from 2000 to 2100, ids that must exist, NUL) and,
by contract, POST /v1/posts answers 200 listing the items it rejected.

The same run by hand, against a server you started (see docs/api.md, "How the API is tested"):

    st run http://127.0.0.1:8000/openapi.json -H "Authorization: Bearer $KEY" \\
        --checks all --exclude-checks positive_data_acceptance,negative_data_rejection \\
        --max-examples 8 --seed 16 --workers 2
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.reports import pdf
from tests.app.served import kolrisk_env, new_key, serve

ST = Path(sys.executable).with_name("st")
EXCLUDED = "positive_data_acceptance,negative_data_rejection"
# (scope, phases, examples per operation): the admin key reaches every operation, so it gets
# the stateful phase (links between operations) too; the write key mostly meets 403s.
RUNS = [
    ("admin", "examples,coverage,fuzzing,stateful", 8),
    ("write", "examples,coverage,fuzzing", 3),
]


def fuzz(url: str, key: str, phases: str, examples: int, reports: Path) -> dict:
    command = [
        str(ST), "run", f"{url}/openapi.json", "-H", f"Authorization: Bearer {key}",
        "--checks", "all", "--exclude-checks", EXCLUDED, "--phases", phases,
        "--max-examples", str(examples), "--seed", "16", "--workers", "2",
        "--request-timeout", "60", "--report", "json", "--report-dir", str(reports),
    ]  # fmt: skip
    # Run from the test's own folder: schemathesis keeps a cache folder where it runs.
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=900, check=False, cwd=reports.parent
    )
    [report] = reports.glob("*.json")
    summary = json.loads(report.read_text())
    summary["output"] = done.stdout[-6000:]
    summary["returncode"] = done.returncode
    return summary


@pytest.mark.skipif(
    not ST.exists(), reason="schemathesis is a dev dependency: pip install -e '.[dev]'"
)
def test_fuzzing_the_real_app_finds_no_5xx_and_nothing_undocumented(tmp_path):
    if problem := pdf.pdf_problem():
        # Without them every format=pdf answers the documented 503, which the fuzzer counts
        # as a server error.
        pytest.skip(f"the fuzz run asks for PDFs: {problem}")
    env = kolrisk_env(f"sqlite:///{tmp_path / 'fuzz.db'}", tmp_path / "var")
    # The fuzzer sends thousands of requests a minute with one key: limits would answer most
    # of them 429 (documented, but then nothing behind them is reached).
    env["KOLRISK_RATE_LIMIT_PER_MINUTE"] = "0"
    keys = {scope: new_key(env, "fuzz", scope) for scope, _, _ in RUNS}
    served = serve(env, tmp_path / "serve.log")
    try:
        results = {
            scope: fuzz(served.url, keys[scope], phases, examples, tmp_path / f"st-{scope}")
            for scope, phases, examples in RUNS
        }
    finally:
        served.stop()
    for scope, result in results.items():
        assert result["failures"] == [], f"{scope} key:\n{result['output']}"
        assert result["errors"] == [], f"{scope} key:\n{result['output']}"
        assert result["returncode"] == 0, f"{scope} key:\n{result['output']}"
    assert " 500 " not in (tmp_path / "serve.log").read_text()
