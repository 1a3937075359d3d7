"""A watch's filtered posts as a file: CSV (UTF-8 with a BOM, so Excel opens Chinese text) or
XLSX (openpyxl's write-only mode, which streams rows to disk).

Posts are read a page at a time and written to a spooled temporary file (memory up to a few
megabytes, disk beyond), which the response then streams: memory stays bounded whatever the
watch holds. Post text is hostile: a cell starting like a formula (=, +, -, @) is kept as text
(a leading apostrophe in CSV, a string cell in XLSX), never run by the spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import IO, Any, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy.orm import Session
from starlette.responses import Response, StreamingResponse

from app.clock import SHANGHAI
from app.models import Watch
from app.posts.schemas import PostOut
from app.posts.service import PostFilter, watch_posts

ExportFormat = Literal["csv", "xlsx"]
PAGE = 500
# Rows past this are left out and the response says so (X-Kolrisk-Export-Truncated).
MAX_ROWS = 200_000
SPOOL_BYTES = 4 * 1024 * 1024
CHUNK_BYTES = 64 * 1024
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
COLUMNS = (
    "id", "platform", "platform_id", "url", "kind", "created_at", "author_uid", "author_name",
    "author_followers", "text", "likes", "reposts", "comments", "views", "sentiment",
    "polarity", "mentions", "cues", "removed",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 cannot hold these; openpyxl refuses a cell holding one.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def row_of(post: PostOut) -> list[Any]:
    """One post as the file's row, in COLUMNS order; times in Asia/Shanghai."""
    score = post.sentiment
    return [
        post.id, post.platform, post.platform_id, post.url or "", post.kind,
        post.created_at.astimezone(SHANGHAI).isoformat(), post.author.uid or "",
        post.author.name or "", post.author.followers, post.text, post.metrics.likes,
        post.metrics.reposts, post.metrics.comments, post.metrics.views,
        score.label if score else "", round(score.polarity, 3) if score else None,
        " ".join(sorted({f"{m.role}:{m.target}" for m in post.mentions})),
        " ".join(post.cues), (post.tombstone or {}).get("reason") or "",
    ]  # fmt: skip


def posts_of(session: Session, watch: Watch, flt: PostFilter) -> Iterator[PostOut]:
    """Every post the filter keeps, page after page, up to MAX_ROWS + 1 (to tell truncation)."""
    flt = replace(flt, limit=PAGE, cursor=None)
    given = 0
    while True:
        posts, cursor = watch_posts(session, watch, flt)
        for post in posts:
            yield post
            given += 1
            if given > MAX_ROWS:
                return
        if cursor is None:
            return
        flt = replace(flt, cursor=cursor)


def _text_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(rows: Iterator[list[Any]], out: IO[bytes]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_text_cell(v) for v in row])
    text.flush()
    text.detach()  # leave `out` open for the response


def write_xlsx(rows: Iterator[list[Any]], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet("posts")
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    workbook.save(out)


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, _XML_ILLEGAL.sub("", value))
    cell.data_type = "s"  # text even when it starts with "=": never a formula
    return cell


WRITERS: dict[str, Callable[[Iterator[list[Any]], IO[bytes]], None]] = {
    "csv": write_csv,
    "xlsx": write_xlsx,
}


def export(
    session: Session, watch: Watch, flt: PostFilter, kind: ExportFormat
) -> tuple[IO[bytes], bool]:
    """The file, rewound, and whether rows were left out past MAX_ROWS."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    counted = [0]

    def rows() -> Iterator[list[Any]]:
        for post in posts_of(session, watch, flt):
            counted[0] += 1
            if counted[0] > MAX_ROWS:
                return
            yield row_of(post)

    WRITERS[kind](rows(), out)
    out.seek(0)
    return out, counted[0] > MAX_ROWS


RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A page of posts (format=json), or every filtered post as a file "
        "(format=csv or xlsx, sent as an attachment).",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            MEDIA_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


def response(session: Session, watch: Watch, flt: PostFilter, kind: ExportFormat) -> Response:
    """The file as a streamed attachment; a header says when rows were left out."""
    out, truncated = export(session, watch, flt, kind)
    headers = {"Content-Disposition": f'attachment; filename="watch-{watch.id}-posts.{kind}"'}
    if truncated:
        headers["X-Kolrisk-Export-Truncated"] = f"only the newest {MAX_ROWS} posts"
    return StreamingResponse(chunks(out), media_type=MEDIA_TYPES[kind], headers=headers)


def chunks(out: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := out.read(CHUNK_BYTES):
            yield chunk
    finally:
        out.close()
