"""Our own item shape: JSON lines of POST /v1/posts items, and the same fields as CSV columns."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from collectors.importers.base import (
    Broken,
    ImportFormatError,
    ImportRow,
    Item,
    contract_platform,
)
from collectors.importers.source import (
    OpenedFile,
    Record,
    csv_records,
    json_or_jsonl_records,
)
from collectors.importers.values import parse_count, parse_time

CSV_COLUMNS = (
    "platform",
    "platform_id",
    "text",
    "created_at",
    "kind",
    "author_uid",
    "author_name",
    "author_followers",
    "url",
    "likes",
    "reposts",
    "comments",
    "views",
    "parent_platform_id",
    "collected_at",
)
REQUIRED_COLUMNS = ("platform_id", "text", "created_at")
_PLAIN = ("platform_id", "kind", "url", "parent_platform_id")
_METRICS = ("likes", "reposts", "comments", "views")
_AUTHOR = {"author_uid": "uid", "author_name": "name"}


def jsonl_rows(opened: OpenedFile, platform: str | None) -> Iterator[ImportRow]:
    """Items pass through unchanged (ingest validates them); only a missing platform is filled."""
    for line, record in json_or_jsonl_records(opened):
        if isinstance(record, Broken):
            yield ImportRow(line, reason=record.reason)
            continue
        if platform and not record.get("platform"):
            record["platform"] = platform
        yield ImportRow(line, item=record)


def csv_rows(opened: OpenedFile, platform: str | None) -> Iterator[ImportRow]:
    records: Iterator[Record] = csv_records(opened)
    checked = False
    for line, row in records:
        if not checked:  # the first row's keys are the header's columns
            check_header(list(row), platform)
            checked = True
        try:
            yield ImportRow(line, item=csv_item(row, platform))
        except ValueError as exc:
            yield ImportRow(line, reason=str(exc))


def check_header(columns: list[str], platform: str | None) -> None:
    """A header without our required columns fails every row the same way: say it once, with
    what the file has and what it needs, instead of one `created_at: missing` per row."""
    found = [c for c in columns if not c.startswith("_")]
    needed = [*REQUIRED_COLUMNS, *([] if platform else ["platform"])]
    missing = [c for c in needed if c not in found]
    if not missing:
        return
    hint = " (or give --platform)" if "platform" in missing else ""
    raise ImportFormatError(
        f"the CSV header lacks {', '.join(missing)}{hint}. Columns found: "
        f"{', '.join(found) or 'none'}. Columns read: {', '.join(CSV_COLUMNS)} (required: "
        f"{', '.join(REQUIRED_COLUMNS)}, and platform unless --platform); any other column is "
        "kept in raw. Is this another tool's export? Then use --format mediacrawler or "
        "weibo-crawler."
    )


def csv_item(row: dict[str, Any], platform: str | None) -> Item:
    """One CSV row as an item; columns we do not know go to raw. ValueError says what to fix."""
    item: Item = {
        "platform": contract_platform(row.get("platform") or platform or ""),
        "text": row.get("text") or "",
    }
    extra = {k: v for k, v in row.items() if k not in CSV_COLUMNS and v not in (None, "")}
    if extra:
        item["raw"] = extra
    for column in _PLAIN:
        if row.get(column):
            item[column] = row[column]
    _add_times(item, row)
    author = {key: row[column] for column, key in _AUTHOR.items() if row.get(column)}
    if row.get("author_followers"):
        author["followers"] = _count(row, "author_followers")
    if author:
        item["author"] = author
    metrics = {name: _count(row, name) for name in _METRICS if row.get(name)}
    if metrics:
        item["metrics"] = metrics
    return item


def _add_times(item: Item, row: dict[str, Any]) -> None:
    if not row.get("created_at"):
        raise ValueError("created_at: missing; give the time the platform shows")
    for column in ("created_at", "collected_at"):
        if row.get(column):
            try:
                item[column], precision = parse_time(row[column])
            except ValueError as exc:
                raise ValueError(f"{column}: {exc}") from None
            if column == "created_at":
                item["time_precision"] = precision


def _count(row: dict[str, Any], column: str) -> int | None:
    try:
        return parse_count(row[column])
    except ValueError as exc:
        raise ValueError(f"{column}: {exc}") from None
