"""Fixture paths and a reader that returns rows by line number."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from collectors.importers import ImportRow, read_rows

FIXTURES = Path(__file__).parent / "fixtures"
MEDIACRAWLER_OLD = FIXTURES / "mediacrawler" / "old"
MEDIACRAWLER_NEW = FIXTURES / "mediacrawler" / "new"
WEIBO_CRAWLER = FIXTURES / "weibo_crawler"
OWN = FIXTURES / "own"


def rows_by_line(
    path: Path, fmt: str, platform: str | None = None, **kw: Any
) -> dict[int, ImportRow]:
    return {row.line: row for row in read_rows(path, fmt, platform, **kw)}


def items(path: Path, fmt: str, platform: str | None = None) -> dict[str, dict[str, Any]]:
    """Mapped items by platform_id."""
    mapped = [row.item for row in read_rows(path, fmt, platform) if row.item]
    return {str(item["platform_id"]): item for item in mapped}


def rejects(path: Path, fmt: str, platform: str | None = None) -> dict[int, str]:
    return {row.line: row.reason or "" for row in read_rows(path, fmt, platform) if row.reason}
