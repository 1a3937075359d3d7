from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from app.deps import ClockDep, Reader, ReadSession, SettingsDep, Writer
from app.errors import PayloadTooLarge, Unprocessable
from app.posts import service
from app.posts.ingest import IngestLimits, ingest
from app.posts.schemas import IngestResult, PostOut
from app.schemas import Platform
from collectors import jsontext

router = APIRouter(prefix="/v1/posts", tags=["posts"])

_ARRAY_OF_POSTS = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/PostIn"}}
            }
        },
    }
}


async def _read_items(request: Request, max_bytes: int, max_items: int) -> list[Any]:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(f"body is over {max_bytes} bytes; split it into smaller requests")
    body = await request.body()
    if len(body) > max_bytes:
        raise PayloadTooLarge(f"body is over {max_bytes} bytes; split it into smaller requests")
    try:
        items = jsontext.loads(body)
    except jsontext.UnreadableJson as exc:
        raise Unprocessable(f"body cannot be read: {exc}") from exc
    if not isinstance(items, list):
        raise Unprocessable('body must be a JSON array of posts, e.g. [{"platform": ...}]')
    if len(items) > max_items:
        raise PayloadTooLarge(f"{len(items)} items is over the limit of {max_items} per request")
    return items


@router.post("", openapi_extra=_ARRAY_OF_POSTS)
async def ingest_posts(
    request: Request, settings: SettingsDep, caller: Writer, clock: ClockDep
) -> IngestResult:
    """Store posts; each bad item is listed in `rejected` and the good ones are kept."""
    items = await _read_items(request, settings.max_body_bytes, settings.max_items_per_request)
    database = request.app.state.database
    limits = IngestLimits(max_text_chars=settings.max_text_chars)

    def run() -> IngestResult:
        with database.session_scope(write=True) as session:
            return ingest(session, caller.tenant_id, items, clock(), limits)

    return await run_in_threadpool(run)


@router.get("")
def find_posts(
    platform: Platform, platform_id: str, session: ReadSession, caller: Reader
) -> list[PostOut]:
    """Our archived copy of a platform's post, found by the platform's own id."""
    return service.find_by_platform_id(session, caller.tenant_id, platform, platform_id)


@router.get("/{post_id}")
def get_post(post_id: str, session: ReadSession, caller: Reader) -> PostOut:
    """The archived post: it stays readable after the platform deletes it."""
    return service.get_post(session, caller.tenant_id, post_id)
