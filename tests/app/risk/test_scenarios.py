"""Risk scenarios replayed through the API, the way ../shared/tools/replay_scenario.py does it.

Every `*.json` in tests/app/risk/scenarios/ and in ../shared/scenarios/ (next to the repository)
is one story: a brand, KOLs (a hostile or risky one and controls), posts, and the `expect` list a
careful PR analyst agrees with. Each file is one test case, replayed once; a failure names the
story and every expectation it misses. Besides replay_scenario.py's keys (decision,
decision_in, level_in, evidence_includes_any) an expectation may carry `evidence_excludes`:
strings no evidence quote may contain (e.g. a namesake's posts). Every evidence item must be a
stored post that holds the quote.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

OWN_DIR = Path(__file__).parent / "scenarios"
SHARED_DIR = Path(__file__).parents[3] / ".." / "shared" / "scenarios"
ELLIPSIS = "…"


@cache
def load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def scenario_files() -> list[Path]:
    files = sorted(OWN_DIR.glob("*.json"))
    if SHARED_DIR.is_dir():
        files += sorted(SHARED_DIR.resolve().glob("*.json"))
    return files


def _label(path: Path) -> str:
    return ("shared/" if path.parent.resolve() != OWN_DIR.resolve() else "") + path.stem


def file_cases() -> list[Any]:
    cases: list[Any] = [pytest.param(p, id=_label(p)) for p in scenario_files()]
    if not SHARED_DIR.is_dir():
        cases.append(_shared_missing(None))
    return cases


def _shared_missing(*values: Any) -> Any:
    reason = f"shared scenarios folder {SHARED_DIR} is absent: only this repository's are replayed"
    return pytest.param(*values, id="shared-absent", marks=pytest.mark.skip(reason=reason))


def replay(api: TestClient, scenario: dict[str, Any]) -> dict[str, str]:
    """Brand, KOLs, one watch per KOL role and the posts, through the API; role -> watch id."""
    brand = api.post("/v1/brands", json=scenario["brand"])
    assert brand.status_code == 201, brand.text
    watches: dict[str, str] = {}
    for role, body in scenario["kols"].items():
        kol = api.post("/v1/kols", json=body)
        assert kol.status_code == 201, kol.text
        watch = api.post(
            "/v1/watches",
            json={
                "brand_id": brand.json()["id"],
                "kol_id": kol.json()["id"],
                "stage": "negotiating",
            },
        )
        assert watch.status_code == 201, watch.text
        watches[role] = watch.json()["id"]
    ingest = api.post("/v1/posts", json=scenario["posts"])
    assert ingest.status_code == 200, ingest.text
    counts = ingest.json()
    assert counts["rejected"] == [], f"posts rejected by POST /v1/posts: {counts['rejected']}"
    assert counts["inserted"] == len(scenario["posts"]), counts
    return watches


def risk_at(api: TestClient, watch_id: str, as_of: str | None) -> dict[str, Any]:
    params = {"as_of": as_of} if as_of else {}
    response = api.get(f"/v1/watches/{watch_id}/risk", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def evidence_quotes(assessment: dict[str, Any]) -> list[str]:
    return [
        evidence.get("quote") or ""
        for component in assessment.get("components", [])
        for evidence in component.get("evidence", [])
    ]


def describe(assessment: dict[str, Any]) -> str:
    """Everything needed to see why the engine decided as it did."""
    lines = [
        f"decision={assessment.get('decision')} level={assessment.get('level')} "
        f"score={assessment.get('score')} confidence={assessment.get('confidence')} "
        f"posts={assessment.get('coverage', {}).get('posts')}",
        "reasons:",
        *(f"  - {reason}" for reason in assessment.get("reasons", [])),
        "components:",
    ]
    for component in assessment.get("components", []):
        lines.append(
            f"  {component['name']:<12} {component['score']:>5} (weight {component['weight']}) "
            f"{component['summary']}"
        )
        lines += [f"      · {e['platform_id']}: {e['quote']}" for e in component["evidence"]]
    return "\n".join(lines)


def unmet(expected: dict[str, Any], assessment: dict[str, Any]) -> list[str]:
    """The parts of one expectation the assessment does not meet."""
    decision, level = assessment.get("decision"), assessment.get("level")
    quotes = evidence_quotes(assessment)
    text = " ".join(quotes)
    problems: list[str] = []
    if "decision" in expected and decision != expected["decision"]:
        problems.append(f"decision {decision!r}, expected {expected['decision']!r}")
    if "decision_in" in expected and decision not in expected["decision_in"]:
        problems.append(f"decision {decision!r}, expected one of {expected['decision_in']}")
    if "level_in" in expected and level not in expected["level_in"]:
        problems.append(f"level {level!r}, expected one of {expected['level_in']}")
    wanted = expected.get("evidence_includes_any")
    if wanted and not any(s in text for s in wanted):
        problems.append(f"no evidence quote contains any of {wanted}")
    banned = [s for s in expected.get("evidence_excludes", []) if s in text]
    if banned:
        offending = [q for q in quotes if any(s in q for s in banned)]
        problems.append(f"evidence quotes contain excluded {banned}: {offending}")
    return problems


def assert_quotes_are_stored(api: TestClient, assessment: dict[str, Any]) -> None:
    """No quote is composed: each is the stored post's text, or a prefix of it ending in "…"."""
    for component in assessment["components"]:
        for evidence in component["evidence"]:
            response = api.get(f"/v1/posts/{evidence['post_id']}")
            assert response.status_code == 200, f"evidence {evidence} is not a stored post"
            stored = response.json()
            quote = evidence["quote"].removesuffix(ELLIPSIS)
            assert quote, f"{component['name']} has an empty quote: {evidence}"
            assert quote in stored["text"], (
                f"{component['name']} quotes {evidence['quote']!r}, "
                f"but post {stored['platform_id']} says {stored['text']!r}"
            )
            assert stored["platform_id"] == evidence["platform_id"], evidence


@pytest.mark.parametrize("path", file_cases())
def test_scenario(api: TestClient, path: Path) -> None:
    """Every expectation of the story, from one replay (ingesting a story is the slow part), and
    every evidence quote of every KOL's current read and replays a stored post."""
    scenario = load(path)
    watches = replay(api, scenario)
    failures: list[str] = []
    for index, expected in enumerate(scenario["expect"]):
        assessment = risk_at(api, watches[expected["kol"]], expected["as_of"])
        problems = unmet(expected, assessment)
        if problems:
            failures.append(
                f"expectation {index} ({expected['kol']} as of {expected['as_of']}):\n"
                + "\n".join(f"  ✗ {p}" for p in problems)
                + "\n"
                + describe(assessment)
            )
    assert not failures, f"{path.name}\nabout: {scenario['about']}\n" + "\n".join(failures)
    moments = {None, *(e["as_of"] for e in scenario["expect"])}
    for watch_id in watches.values():
        for as_of in sorted(moments, key=lambda m: m or ""):
            assert_quotes_are_stored(api, risk_at(api, watch_id, as_of))
