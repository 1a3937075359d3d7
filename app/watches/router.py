from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from app.clock import as_utc
from app.deps import (
    ClockDep,
    Reader,
    ReaderCheck,
    ReadSession,
    ServicesDep,
    Writer,
    WriteSession,
)
from app.pagination import PageDep, link_next
from app.posts import export
from app.posts import service as posts_service
from app.posts.schemas import PostOut
from app.risk import service as risk_service
from app.risk.moment import ReadTime
from app.risk.reads import read_risk
from app.risk.schemas import RiskHistoryOut, RiskOut, localised
from app.schemas import Moment, Page, Platform
from app.search.query import BAD_QUERY, MAX_QUERY_CHARS, Q_HELP
from app.watches import service
from app.watches.schemas import (
    Decision,
    Level,
    Stage,
    WatchCreate,
    WatchOut,
    WatchSort,
    WatchUpdate,
)

router = APIRouter(prefix="/v1/watches", tags=["watches"])

Role = Literal["brand", "fandom", "executive", "competitor", "owned", "kol"]


@router.post("", status_code=201)
def create_watch(
    body: WatchCreate, session: WriteSession, caller: Writer, clock: ClockDep
) -> WatchOut:
    created = service.create(session, caller.tenant_id, body, caller.who, clock())
    return WatchOut.model_validate(created)


@router.get("")
def list_watches(
    request: Request,
    response: Response,
    page: PageDep,
    session: ReadSession,
    caller: Reader,
    decision: Annotated[
        list[Decision] | None, Query(description="Only these decisions (repeat for several).")
    ] = None,
    level: Annotated[list[Level] | None, Query(description="Only these levels.")] = None,
    stage: Annotated[list[Stage] | None, Query(description="Only these stages.")] = None,
    min_score: Annotated[float | None, Query(ge=0, le=100)] = None,
    max_score: Annotated[float | None, Query(ge=0, le=100)] = None,
    sort: Annotated[
        WatchSort,
        Query(
            description="created (the default), score, decision, level or stage; a leading "
            "`-` puts the highest first (`-score`: riskiest first). Decisions sort go < caution "
            "< no_go, levels low < critical, stages in the order a deal moves."
        ),
    ] = "created",
) -> list[WatchOut]:
    """A page of watches, each with its current decision, level, score and confidence (from
    its last stored assessment); the next page's address is in the `Link` header. Filters by
    decision, level and score leave out watches not assessed yet."""
    flt = service.WatchFilter(decision or (), level or (), stage or (), min_score, max_score, sort)
    shown, cursor = service.list_page(session, caller.tenant_id, page, flt)
    link_next(request, response, cursor)
    return shown


@router.get("/{watch_id}")
def get_watch(watch_id: str, session: ReadSession, caller: Reader) -> WatchOut:
    return service.current_out(session, service.get(session, caller.tenant_id, watch_id))


@router.patch("/{watch_id}")
def update_watch(
    watch_id: str, body: WatchUpdate, session: WriteSession, caller: Writer, clock: ClockDep
) -> WatchOut:
    updated = service.update(session, caller.tenant_id, watch_id, body, caller.who, clock())
    return service.current_out(session, updated)


@router.delete("/{watch_id}", status_code=204)
def delete_watch(watch_id: str, session: WriteSession, caller: Writer, clock: ClockDep) -> Response:
    service.remove(session, caller.tenant_id, watch_id, caller.who, clock())
    return Response(status_code=204)


@router.get(
    "/{watch_id}/posts",
    response_model=Page[PostOut],
    responses={**BAD_QUERY, **export.RESPONSES},
)
def list_watch_posts(
    watch_id: str,
    session: ReadSession,
    caller: Reader,
    since: Moment | None = None,
    until: Moment | None = None,
    platform: Platform | None = None,
    sentiment: Literal["negative", "neutral", "positive"] | None = None,
    entity: Role | None = None,
    q: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS, description=Q_HELP)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: str | None = None,
    format: Annotated[
        Literal["json", "csv", "xlsx"],
        Query(
            description="json (a page, the default); csv (UTF-8 with a BOM) or xlsx: every "
            "post the filters keep, as a file (limit and cursor are ignored)."
        ),
    ] = "json",
) -> Any:
    """A watch's posts, newest first. `entity` keeps posts that also name that part of the
    brand; `q` those holding the text (one-character queries too, within a watch)."""
    watch = service.get(session, caller.tenant_id, watch_id)
    flt = posts_service.PostFilter(
        since=as_utc(since) if since else None,
        until=as_utc(until) if until else None,
        platform=platform,
        sentiment=sentiment,
        entity=entity,
        limit=limit,
        cursor=cursor,
        q=q,
    )
    if format != "json":
        return export.response(session, watch, flt, format)
    items, next_cursor = posts_service.watch_posts(session, watch, flt)
    return Page[PostOut](items=items, next_cursor=next_cursor)


@router.get("/{watch_id}/risk")
async def get_watch_risk(
    watch_id: str,
    check: ReaderCheck,
    services: ServicesDep,
    as_of: Moment | None = None,
    lang: Literal["en", "zh"] = "en",
) -> RiskOut:
    """The current assessment, or with `as_of` a replay of what was known then (never stored).
    `lang=zh` words `reasons` and each `summary` in Chinese (English by default).

    A current read answers from the stored snapshot when nothing changed since it: one statement
    that never waits behind an import's write lock."""
    when = as_utc(as_of) if as_of is not None else None

    def read() -> RiskOut:  # the key check and the read in one thread (KeyCheck)
        caller = check.principal()
        database, scorer = services.database, services.scorer
        time = ReadTime(services.clock(), when, services.settings.inline_score_limit)
        risk = read_risk(
            database, caller.tenant_id, watch_id, scorer, time=time, replica=services.replica
        )
        return localised(risk, lang)

    return await run_in_threadpool(read)


@router.get("/{watch_id}/risk/history")
def get_watch_risk_history(watch_id: str, session: ReadSession, caller: Reader) -> RiskHistoryOut:
    return risk_service.history(session, service.get(session, caller.tenant_id, watch_id))


@router.get("/{watch_id}/coverage")
def get_watch_coverage(watch_id: str, session: ReadSession, caller: Reader) -> dict[str, Any]:
    """Stored posts per platform and the state of every collection query for this watch."""
    return service.coverage(session, service.get(session, caller.tenant_id, watch_id))
