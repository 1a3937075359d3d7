"""MediaCrawler exports (JSON, JSONL, CSV; contents and comments; seven platforms) as items.

Both export generations are read: rows with `user_id` and a real `nickname`, and rows written
since 2026-07-01 that carry only `creator_hash` (first 16 hex chars of sha256(uid)) and a masked
nickname. A hashed author is stored as "sha256:<hash>", the form the linker matches against the
accounts of known KOLs and executives.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

from collectors.importers import mediacrawler_fields as f
from collectors.importers.base import (
    Broken,
    ImportFormatError,
    ImportRow,
    Item,
    first_value,
    id_text,
)
from collectors.importers.source import OpenedFile, csv_records, json_or_jsonl_records
from collectors.importers.values import loose_count, parse_time


def rows(opened: OpenedFile, platform: str | None) -> Iterator[ImportRow]:
    """Every record mapped or explained. `platform` (ours or MediaCrawler's name) wins over the
    file name, which wins over the row's own fields."""
    chosen = _chosen_platform(platform) or f.platform_from_name(opened.name)
    records = json_or_jsonl_records(opened) if opened.is_json else csv_records(opened)
    for line, record in records:
        if isinstance(record, Broken):
            yield ImportRow(line, reason=record.reason)
            continue
        try:
            yield ImportRow(line, item=map_row(record, chosen))
        except ValueError as exc:
            yield ImportRow(line, reason=str(exc))


def _chosen_platform(platform: str | None) -> str | None:
    if platform is None:
        return None
    name = f.PLATFORM_NAMES.get(platform.strip().lower())
    if name is None:
        choices = ", ".join(sorted(set(f.PLATFORM_NAMES)))
        raise ImportFormatError(f"unknown platform {platform!r} for MediaCrawler; use {choices}")
    return name


def map_row(row: Item, platform: str | None) -> Item:
    """One MediaCrawler row as a POST /v1/posts item; ValueError says why it cannot be."""
    source = platform or f.platform_from_fields(row)
    if source is None:
        raise ValueError(
            "cannot tell which platform this row is from; pass --platform "
            "(weibo, bilibili, douyin, xhs, zhihu, tieba, kuaishou)"
        )
    is_comment = f.COMMENT_ID in row
    item = _comment_fields(row) if is_comment else _content_fields(row, source)
    created_at, precision = _created_at(row)
    item.update(
        platform=f.TARGET_PLATFORM[source],
        created_at=created_at,
        time_precision=precision,
        raw=row,
    )
    metrics = _metrics(row)
    if any(value is not None for value in metrics.values()):
        item["metrics"] = metrics
    author = _author(row)
    if author:
        item["author"] = author
    return item


def _content_fields(row: Item, source: str) -> Item:
    content_id = id_text(first_value(row, f.CONTENT_ID))
    if content_id is None:
        if any(key in row for key in f.CREATOR_ONLY):
            raise ValueError("a creator (account profile) row, not a post; import contents files")
        raise ValueError(f"missing the post id (one of {', '.join(f.CONTENT_ID)})")
    item: Item = {
        "platform_id": content_id,
        "kind": _content_kind(row, source),
        "text": _content_text(row, source),
    }
    url = _page_url(row, source)
    if url:
        item["url"] = url
    return item


def _comment_fields(row: Item) -> Item:
    comment_id = id_text(row.get(f.COMMENT_ID))
    if comment_id is None:
        raise ValueError("comment_id: missing")
    parent = id_text(first_value(row, f.PARENT_COMMENT_ID))
    if parent in (None, "0", comment_id):  # "0" and the comment itself mean "top level"
        parent = id_text(first_value(row, f.CONTENT_ID))
    item: Item = {
        "platform_id": comment_id,
        "kind": "comment",
        "text": str(first_value(row, f.BODY) or ""),
        "parent_platform_id": parent,
    }
    # Comments have no page of their own; the thread's page is where a reader finds them.
    url = first_value(row, f.PAGE_URL)
    if url:
        item["url"] = str(url)
    return item


def _content_kind(row: Item, source: str) -> str:
    if source in ("bilibili", "kuaishou"):
        return "post" if "dynamic_id" in row else "video"
    if source == "douyin":
        return "post" if str(row.get("aweme_type")) == "68" else "video"  # 68: image post
    if source == "xhs":
        return "video" if row.get("type") == "video" else "post"
    if source == "zhihu":
        return {"article": "article", "zvideo": "video"}.get(str(row.get("content_type")), "post")
    return "post"


def _content_text(row: Item, source: str) -> str:
    body = str(first_value(row, f.BODY) or "")
    title = str(first_value(row, f.TITLE) or "")
    # A Zhihu answer's title is the question: someone else's words.
    if not title or title in body or (source == "zhihu" and row.get("content_type") == "answer"):
        return body
    return f"{title}\n{body}" if body else title


def _page_url(row: Item, source: str) -> str | None:
    keys = f.PAGE_URL + (("video_url",) if source in f.VIDEO_URL_IS_PAGE else ())
    url = first_value(row, keys)
    return str(url) if url else None


def _created_at(row: Item) -> tuple[str, str]:
    problem = None
    for key in f.TIME:
        value = row.get(key)
        if value is None or value == "":
            continue
        try:
            return parse_time(value)
        except ValueError as exc:
            problem = problem or f"{key}: {exc}"
    raise ValueError(problem or f"missing the time (one of {', '.join(f.TIME)})")


def _metrics(row: Item) -> dict[str, int | None]:
    return {
        "likes": loose_count(first_value(row, f.LIKES)),
        "reposts": loose_count(first_value(row, f.REPOSTS)),
        "comments": loose_count(first_value(row, f.COMMENTS)),
        "views": loose_count(first_value(row, f.VIEWS)),
    }


def _author(row: Item) -> dict[str, Any] | None:
    uid = id_text(first_value(row, f.AUTHOR_UID)) or _tieba_uid(row.get("user_link"))
    if uid is None:
        hashed = row.get(f.CREATOR_HASH)
        uid = f"sha256:{str(hashed).strip().lower()}" if hashed else None
    name = first_value(row, f.AUTHOR_NAME)
    if uid is None and name is None:
        return None
    return {"uid": uid, "name": str(name) if name is not None else None}


def _tieba_uid(link: Any) -> str | None:
    """Tieba rows give a profile link (`/home/main?id=tb.1.…`) instead of a user id."""
    if not link:
        return None
    ids = parse_qs(urlsplit(str(link)).query).get("id")
    return ids[0] if ids else None
