"""The README's settings table, written from app.config's descriptions.

`python -m app.settings_table` rewrites the table between the markers in README.md;
`--check` exits 1 when the README is out of date (tests/app/test_settings_table.py runs it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from app.config import Settings

README = Path(__file__).resolve().parent.parent / "README.md"
START = "<!-- settings table: written by `python -m app.settings_table`; edit app/config.py -->"
END = "<!-- end of settings table -->"


def _default(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, dict):
        return f"`{json.dumps(value, ensure_ascii=False, separators=(',', ':'))}`"
    return f"`{value}`"


def render_table() -> str:
    lines = ["| variable | default | what it does |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        variable = f"`KOLRISK_{name.upper()}`"
        description = (field.description or "").replace("|", "\\|")
        lines.append(f"| {variable} | {_default(field.default)} | {description} |")
    return "\n".join(lines)


def with_table(readme: str) -> str:
    """The README with the table between the markers replaced (ValueError without markers)."""
    head, start, rest = readme.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise ValueError(f"README.md lacks the markers {START!r} … {END!r}")
    return f"{head}{START}\n{render_table()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    updated = with_table(text)
    if "--check" in argv:
        if updated != text:
            sys.stderr.write("README.md's settings table is stale: python -m app.settings_table\n")
            return 1
        return 0
    README.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
