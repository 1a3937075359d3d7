"""POST /v1/imports: a MediaCrawler, weibo-crawler, JSONL or CSV file, stored as POST /v1/posts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from app.deps import ClockDep, SettingsDep, Writer
from app.errors import PayloadTooLarge, Unprocessable
from app.imports.runner import import_file
from app.posts.ingest import IngestLimits
from app.posts.schemas import IngestResult
from collectors.importers import FORMATS, PLATFORMS, ImportFormatError

router = APIRouter(prefix="/v1/imports", tags=["imports"])

_MULTIPART_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "format"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "format": {"type": "string", "enum": list(FORMATS)},
                        "platform": {"type": "string", "enum": list(PLATFORMS)},
                    },
                }
            }
        },
    }
}


@router.post("", openapi_extra=_MULTIPART_FORM)
async def import_posts(
    request: Request, settings: SettingsDep, caller: Writer, clock: ClockDep
) -> IngestResult:
    """Import a file; `rejected` lists each bad row by its line (or record) number in the file."""
    limit = settings.max_import_bytes
    _refuse_declared_size(request, limit)
    # Parsed here rather than by FastAPI, so the key and the declared size are checked before
    # a large upload is spooled to disk.
    async with request.form(max_files=1, max_fields=10) as form:
        upload, fmt, platform = _fields(form)
        if upload.size is not None and upload.size > limit:
            raise PayloadTooLarge(_too_large(limit))
        limits = IngestLimits(max_text_chars=settings.max_text_chars)
        database = request.app.state.database
        try:
            result = await run_in_threadpool(
                lambda: import_file(
                    database,
                    caller.tenant_id,
                    upload.file,
                    fmt,
                    platform,
                    clock,
                    limits,
                    name=upload.filename,
                )
            )
        except ImportFormatError as exc:
            raise Unprocessable(str(exc)) from exc
    return result.as_ingest_result()


def _refuse_declared_size(request: Request, limit: int) -> None:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(_too_large(limit))


def _too_large(limit: int) -> str:
    return f"the upload is over {limit} bytes; import it with `kolrisk import` instead"


def _fields(form: FormData) -> tuple[UploadFile, str, str | None]:
    upload: Any = form.get("file")
    if not isinstance(upload, UploadFile):
        raise Unprocessable("send the export as a multipart/form-data file field named 'file'")
    fmt = form.get("format")
    if fmt not in FORMATS:
        raise Unprocessable(
            f"format must be one of {', '.join(FORMATS)}; got {fmt!r}", {"formats": list(FORMATS)}
        )
    platform = form.get("platform")
    if platform is not None and not isinstance(platform, str):
        raise Unprocessable("platform must be a text field")
    return upload, str(fmt), platform or None
