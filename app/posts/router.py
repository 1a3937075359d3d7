from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from app.clock import as_utc
from app.deps import Reader, ReadSession, ServicesDep, WriterCheck
from app.errors import PayloadTooLarge, Unprocessable
from app.pagination import PageDep, link_next
from app.posts import service
from app.posts.ingest import IngestLimits, InlineScoring, ingest
from app.posts.prepare import rare_collections
from app.posts.schemas import IngestResult, PostOut
from app.schemas import Moment, Platform
from app.search.query import BAD_QUERY, MAX_QUERY_CHARS, Q_HELP
from collectors import jsontext

router = APIRouter(prefix="/v1/posts", tags=["posts"])

# A write of up to this many new posts is scored as it is stored (about 60 µs a post), so the
# risk read that usually follows it scores nothing; a larger batch goes to the score queue.
INLINE_WRITE_SCORING = 200

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


async def _read_body(request: Request, max_bytes: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(f"body is over {max_bytes} bytes; split it into smaller requests")
    body = await request.body()
    if len(body) > max_bytes:
        raise PayloadTooLarge(f"body is over {max_bytes} bytes; split it into smaller requests")
    return body


def _items_of(body: bytes, max_items: int) -> list[Any]:
    try:
        with rare_collections():  # thousands of small objects, none in a cycle
            items = jsontext.loads(body)
    except jsontext.UnreadableJson as exc:
        raise Unprocessable(f"body cannot be read: {exc}") from exc
    if not isinstance(items, list):
        raise Unprocessable('body must be a JSON array of posts, e.g. [{"platform": ...}]')
    if len(items) > max_items:
        raise PayloadTooLarge(f"{len(items)} items is over the limit of {max_items} per request")
    return items


@router.post("", openapi_extra=_ARRAY_OF_POSTS)
async def ingest_posts(request: Request, check: WriterCheck, services: ServicesDep) -> IngestResult:
    """Store posts; each bad item is listed in `rejected` and the good ones are kept."""
    settings, clock, scorer, database = (
        services.settings, services.clock, services.scorer, services.database
    )  # fmt: skip
    body = await _read_body(request, settings.max_body_bytes)
    limits = IngestLimits(max_text_chars=settings.max_text_chars)
    most = min(settings.inline_score_limit, INLINE_WRITE_SCORING)
    scoring = InlineScoring(scorer, most) if most > 0 else None

    def run() -> IngestResult:  # the key check, then the body, in one thread (KeyCheck)
        caller = check.principal()
        items = _items_of(body, settings.max_items_per_request)
        with database.session_scope(write=True) as session:
            return ingest(session, caller.tenant_id, items, clock(), limits, scoring=scoring)

    return await run_in_threadpool(run)


@router.get("", responses=BAD_QUERY)
def find_posts(
    request: Request,
    response: Response,
    page: PageDep,
    session: ReadSession,
    caller: Reader,
    platform: Platform | None = None,
    platform_id: Annotated[
        str | None, Query(max_length=200, description="The platform's own id of the post.")
    ] = None,
    q: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS, description=Q_HELP)] = None,
    since: Annotated[Moment | None, Query(description="Posts created at or after this.")] = None,
    until: Annotated[Moment | None, Query(description="Posts created before this.")] = None,
) -> list[PostOut]:
    """The tenant's archived posts, newest first, narrowed by every filter given: a platform's
    post by its own id (`platform`, `platform_id`), a text query (`q`), a time window. The next
    page's address is in the `Link` header."""
    flt = service.TenantPostFilter(
        platform=platform,
        platform_id=platform_id,
        since=as_utc(since) if since else None,
        until=as_utc(until) if until else None,
        q=q,
    )
    shown, cursor = service.list_posts(session, caller.tenant_id, flt, page)
    link_next(request, response, cursor)
    return shown


@router.get("/{post_id}")
def get_post(post_id: str, session: ReadSession, caller: Reader) -> PostOut:
    """The archived post: it stays readable after the platform deletes it."""
    return service.get_post(session, caller.tenant_id, post_id)
