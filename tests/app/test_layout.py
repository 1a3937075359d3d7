"""The house's layout rules that a reader cannot see from one file: a `service.py` takes the
caller's session and never opens a transaction of its own (a feature's `runner.py` or `reads.py`
does), and no two classes of the app and its libraries share a name."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "collectors", "sentiment", "alerts")


def sources() -> list[Path]:
    return [path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]


def test_no_service_opens_a_transaction():
    opening = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "app").rglob("service.py")
        if "session_scope(" in path.read_text(encoding="utf-8")
    ]
    assert opening == [], "move what opens a session into the feature's runner.py or reads.py"


def test_the_classes_this_round_renamed_have_one_definition_each():
    where: dict[str, list[str]] = defaultdict(list)
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                where[node.name].append(str(path.relative_to(ROOT)))
    for name in ("NotFound", "Page", "Outcome", "ResultPage", "NotOnPlatform", "WalkOutcome"):
        assert len(where[name]) <= 1, (name, where[name])
