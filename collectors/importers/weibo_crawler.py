"""dataabc/weibo-crawler exports: `<uid>.json` ({"user": {...}, "weibo": [...]}) and `<uid>.csv`.

The JSON's user block names the author of every weibo in the file. The CSV has no author
columns: weibo-crawler writes it as `weibo/<screen name>/<uid>.csv`, so the author comes from
the path when it has that shape. Both headers seen in the wild are read: the current one (id,
bid, 正文, 日期, 完整日期, ...) and the older one (微博id, 微博正文, 发布时间, ...).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from collectors.importers.base import Broken, ImportFormatError, ImportRow, Item, first_value
from collectors.importers.base import id_text as _id
from collectors.importers.source import OpenedFile, csv_records, json_document
from collectors.importers.values import loose_count, parse_time

# Our field -> the CSV headers that hold it, newest first.
CSV_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "微博id"),
    "bid": ("bid", "微博bid"),
    "text": ("正文", "微博正文"),
    "article_url": ("头条文章url",),
    "created_at": ("完整日期", "日期", "发布时间"),
    "likes": ("点赞数",),
    "comments": ("评论数",),
    "reposts": ("转发数",),
    "original": ("是否原创", "是否为原创微博"),
    "retweet_id": ("源微博id",),
    "user_id": ("user_id", "用户id"),
    "screen_name": ("screen_name", "用户昵称", "昵称"),
}
JSON_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "bid": ("bid",),
    "text": ("text",),
    "article_url": ("article_url",),
    "created_at": ("full_created_at", "created_at"),
    "likes": ("attitudes_count",),
    "comments": ("comments_count",),
    "reposts": ("reposts_count",),
    "retweet_id": ("retweet_id",),
    "user_id": ("user_id",),
    "screen_name": ("screen_name",),
}


def rows(opened: OpenedFile, platform: str | None) -> Iterator[ImportRow]:
    if platform and platform.strip().lower() != "weibo":
        raise ImportFormatError(f"weibo-crawler files hold Weibo posts only, not {platform!r}")
    if opened.is_json:
        return _json_rows(opened)
    return _csv_rows(opened)


def _json_rows(opened: OpenedFile) -> Iterator[ImportRow]:
    document = json_document(opened)
    if isinstance(document, dict) and isinstance(document.get("weibo"), list):
        weibos, user = document["weibo"], document.get("user") or {}
    elif isinstance(document, list):
        weibos, user = document, {}
    else:
        raise ImportFormatError('expected weibo-crawler JSON: {"user": {...}, "weibo": [...]}')
    author = _json_author(user) if isinstance(user, dict) else {}
    for number, weibo in enumerate(weibos, start=1):
        if not isinstance(weibo, dict):
            yield ImportRow(number, reason=f"a weibo must be an object, not {type(weibo).__name__}")
            continue
        retweet = weibo.get("retweet")
        parent = _id(retweet.get("id")) if isinstance(retweet, dict) else None
        yield _mapped(number, weibo, JSON_FIELDS, author, parent)


def _json_author(user: dict[str, Any]) -> dict[str, Any]:
    return {
        "uid": _id(user.get("id")),
        "name": user.get("screen_name"),
        "followers": loose_count(user.get("followers_count")),
    }


def _csv_rows(opened: OpenedFile) -> Iterator[ImportRow]:
    author = _author_from_path(opened.name)
    for line, row in csv_records(opened):
        if isinstance(row, Broken):
            yield ImportRow(line, reason=row.reason)
            continue
        original = str(first_value(row, CSV_HEADERS["original"]) or "").lower()
        parent = None
        if original in ("false", "否", "0"):
            parent = _id(first_value(row, CSV_HEADERS["retweet_id"]))
        yield _mapped(line, row, CSV_HEADERS, author, parent)


def _author_from_path(name: str | None) -> dict[str, Any]:
    """`weibo/<screen name>/<uid>.csv` -> uid and name; a bare `<uid>.csv` -> uid only."""
    if not name:
        return {}
    path = PurePath(name)
    if not path.stem.isdigit():
        return {}
    author: dict[str, Any] = {"uid": path.stem}
    if path.parent.parent.name == "weibo" and path.parent.name not in ("", path.stem):
        author["name"] = path.parent.name
    return author


def _mapped(
    line: int,
    weibo: Item,
    fields: dict[str, tuple[str, ...]],
    file_author: dict[str, Any],
    parent: str | None,
) -> ImportRow:
    try:
        return ImportRow(line, item=_item(weibo, fields, file_author, parent))
    except ValueError as exc:
        return ImportRow(line, reason=str(exc))


def _item(
    weibo: Item,
    fields: dict[str, tuple[str, ...]],
    file_author: dict[str, Any],
    parent: str | None,
) -> Item:
    def value(name: str) -> Any:
        return first_value(weibo, fields[name]) if name in fields else None

    weibo_id = mid_from_bid(_id(value("id")))
    if weibo_id is None:
        raise ValueError(f"missing the weibo id ({' / '.join(fields['id'])})")
    stamp = value("created_at")
    if stamp is None:
        raise ValueError(f"missing the time ({' / '.join(fields['created_at'])})")
    try:
        created_at, precision = parse_time(stamp)
    except ValueError as exc:
        raise ValueError(f"created_at: {exc}") from None
    parent = parent or _id(value("retweet_id"))
    author = _author(value("user_id"), value("screen_name"), file_author)
    item: Item = {
        "platform": "weibo",
        "platform_id": weibo_id,
        "text": str(value("text") or ""),
        "created_at": created_at,
        "time_precision": precision,
        "kind": "repost" if parent else "post",
        "url": value("article_url") or _weibo_url(author.get("uid"), value("bid"), weibo_id),
        "metrics": {
            "likes": loose_count(value("likes")),
            "reposts": loose_count(value("reposts")),
            "comments": loose_count(value("comments")),
        },
        "raw": weibo,
    }
    if parent:
        item["parent_platform_id"] = parent
    if author:
        item["author"] = author
    return item


_BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def mid_from_bid(weibo_id: str | None) -> str | None:
    """The numeric id of a weibo given its short `bid` (older exports put the bid in 微博id), so
    a post keeps one id whichever tool collected it. Numeric ids pass through unchanged.

    A bid is the mid in base 62, written in groups of four characters from the right, each group
    standing for seven decimal digits.
    """
    if weibo_id is None or weibo_id.isdigit() or not weibo_id.isalnum() or not weibo_id.isascii():
        return weibo_id
    groups = []
    end = len(weibo_id)
    while end > 0:
        chunk = weibo_id[max(0, end - 4) : end]
        number = 0
        for char in chunk:
            number = number * 62 + _BASE62.index(char)
        groups.append(str(number) if end - 4 <= 0 else f"{number:07d}")
        end -= 4
    return "".join(reversed(groups)).lstrip("0") or "0"


def _author(uid: Any, name: Any, file_author: dict[str, Any]) -> dict[str, Any]:
    """The row's own author fields, completed from the file's user block or path."""
    row_uid = _id(uid)
    same_person = row_uid is None or row_uid == file_author.get("uid")
    author = dict(file_author) if same_person else {}
    if row_uid:
        author["uid"] = row_uid
    if name:
        author["name"] = str(name)
    return {k: v for k, v in author.items() if v is not None}


def _weibo_url(uid: str | None, bid: Any, weibo_id: str) -> str:
    if uid and bid:
        return f"https://weibo.com/{uid}/{bid}"
    return f"https://m.weibo.cn/detail/{weibo_id}"
