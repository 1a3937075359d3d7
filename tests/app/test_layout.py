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


def test_no_two_classes_share_a_name():
    # Two classes of one name are read for each other, and pydantic's OpenAPI shows only one:
    # the erasure body was documented as the ingest body's author that way.
    where: dict[str, list[str]] = defaultdict(list)
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                where[node.name].append(str(path.relative_to(ROOT)))
    shared = {name: paths for name, paths in where.items() if len(paths) > 1}
    assert shared == {}, "rename one of each: " + repr(shared)
