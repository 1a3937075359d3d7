"""The libraries (alerts, collectors, sentiment) never import the app: they stay usable and
testable without a database, settings or models. Scanned from the source with ast, so an
import inside a function or under TYPE_CHECKING counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
LIBRARIES = ("alerts", "collectors", "sentiment")


def app_imports(source: str) -> list[str]:
    """The modules of `app` a source file imports, as written."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [n for n in names if n == "app" or n.startswith("app.")]
    return found


def test_the_scan_sees_every_way_of_importing_app():
    source = (
        "import app\nimport app.models as m\nfrom app import db\nfrom app.config import Settings\n"
        "def f():\n    from app.ids import new_id\n"
        "import apps\nfrom application import x\nfrom . import app\n"
    )
    assert app_imports(source) == ["app", "app.models", "app", "app.config", "app.ids"]


@pytest.mark.parametrize("library", LIBRARIES)
def test_a_library_imports_nothing_of_app(library):
    files = sorted((ROOT / library).rglob("*.py"))
    assert files, f"no sources found under {library}/"
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in files
        if (found := app_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
