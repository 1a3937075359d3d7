"""Dashboard pages (GET)."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from app.analyst import service as analyst_service
from app.clock import SHANGHAI, as_utc
from app.deps import ClockDep, DatabaseDep, ReadSession, ReplicaDep, ScorerDep, SettingsDep
from app.errors import Forbidden
from app.i18n import pick_lang, template_words
from app.models.post import PLATFORMS
from app.posts import service as posts_service
from app.reports.output import report_response
from app.reports.reads import ReportRequest, build_report
from app.reports.render import report_context
from app.schemas import Day, Moment
from app.tenants.router import usage_of
from app.ui import dashboard
from app.ui.pages import STATIC, HtmlErrorRoute, page
from app.ui.session import UiLang, UiReader
from app.watches import service as watches_service

router = APIRouter(prefix="/ui", include_in_schema=False, route_class=HtmlErrorRoute)

SENTIMENTS = ("negative", "neutral", "positive")
ROLES = ("brand", "fandom", "executive", "competitor", "owned")
DONE = ("irrelevant", "alias", "override", "revoke", "ack", "brand", "kol")


@router.get("")
def ui_root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=307)


@router.get("/static/ui.css")
def stylesheet() -> FileResponse:
    return FileResponse(STATIC / "ui.css", media_type="text/css")


@router.get("/login")
def login_page(request: Request, lang: UiLang) -> HTMLResponse:
    return page(request, "login.html", lang, failed=False, locked_minutes=None)


@router.get("/")
def watches_page(
    request: Request, caller: UiReader, lang: UiLang, database: DatabaseDep,
    replica: ReplicaDep, scorer: ScorerDep, clock: ClockDep, settings: SettingsDep,
) -> HTMLResponse:  # fmt: skip
    limit = settings.inline_score_limit
    rows = dashboard.watch_rows((database, replica), caller, scorer, clock, limit)
    return page(request, "watches.html", lang, rows=rows)


def _day_start(day: dt.date | None, days_after: int = 0) -> datetime | None:
    if day is None:
        return None
    midnight = datetime.combine(day + dt.timedelta(days=days_after), dt.time(), SHANGHAI)
    return as_utc(midnight)


def post_filter(
    platform: str | None, sentiment: str | None, entity: str | None,
    since: dt.date | None, until: dt.date | None, cursor: str | None, q: str | None = None,
) -> posts_service.PostFilter:  # fmt: skip
    """Unknown choices read as "any" (a stale bookmark still opens the page)."""
    return posts_service.PostFilter(
        since=_day_start(since),
        until=_day_start(until, days_after=1),
        platform=platform if platform in PLATFORMS else None,
        sentiment=sentiment if sentiment in SENTIMENTS else None,
        entity=entity if entity in ROLES else None,
        limit=30,
        cursor=cursor or None,
        q=q if q and q.strip() else None,
    )


@router.get("/watches/{watch_id}")
def watch_page(
    request: Request, watch_id: str, caller: UiReader, lang: UiLang, database: DatabaseDep,
    scorer: ScorerDep, clock: ClockDep, settings: SettingsDep,
    platform: str | None = None, sentiment: str | None = None, entity: str | None = None,
    since: Annotated[Day | None, Query()] = None,
    until: Annotated[Day | None, Query()] = None,
    cursor: str | None = None, done: str | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:  # fmt: skip
    report = build_report(
        database, ReportRequest(caller.tenant_id, watch_id), scorer, clock,
        settings.inline_score_limit,
    )  # fmt: skip
    flt = post_filter(platform, sentiment, entity, since, until, cursor, q)
    with database.session_scope(write=False) as session:
        activity = dashboard.watch_activity(session, caller, watch_id, flt, clock(), lang)
        irrelevant, aliases, overrides = analyst_service.controls(
            session, watches_service.get(session, caller.tenant_id, watch_id)
        )
    filters = {
        "platform": flt.platform, "sentiment": flt.sentiment, "entity": flt.entity,
        "since": since, "until": until, "q": flt.q,
    }  # fmt: skip
    context = report_context(report, lang)
    for name in template_words(lang):  # the page sets its own words (the same catalogue)
        del context[name]
    return page(
        request, "watch.html", lang, **context, activity=activity,
        controls={"irrelevant": irrelevant, "aliases": aliases, "overrides": overrides},
        filters=filters, platforms=PLATFORMS, sentiments=SENTIMENTS, roles=ROLES,
        done=done if done in DONE else None, next_query=_next_query(filters, activity),
        export_query=urlencode({k: str(v) for k, v in filters.items() if v}),
    )  # fmt: skip


def _next_query(filters: dict[str, Any], activity: dashboard.WatchActivity) -> str | None:
    if not activity.next_cursor:
        return None
    kept = {k: str(v) for k, v in filters.items() if v}
    return urlencode({**kept, "cursor": activity.next_cursor})


@router.get("/watches/{watch_id}/report")
def watch_report(
    watch_id: str, caller: UiReader, database: DatabaseDep, replica: ReplicaDep,
    scorer: ScorerDep, clock: ClockDep, settings: SettingsDep, format: str = "html",
    as_of: Moment | None = None, lang: str | None = None,
) -> Response:  # fmt: skip
    """The API's report, signed in by the dashboard's cookie (links can carry no key)."""
    fmt = format if format in ("html", "md", "json", "pdf") else "html"
    request = ReportRequest(caller.tenant_id, watch_id, as_utc(as_of) if as_of else None)
    limit = settings.inline_score_limit
    report = build_report(database, request, scorer, clock, limit, replica)
    return report_response(report, fmt, pick_lang(lang), settings)


@router.get("/posts/{post_id}")
def post_page(
    request: Request, post_id: str, caller: UiReader, lang: UiLang, session: ReadSession
) -> HTMLResponse:
    post = posts_service.get_post(session, caller.tenant_id, post_id)
    return page(request, "post.html", lang, post=post)


@router.get("/usage")
def usage_page(
    request: Request, caller: UiReader, lang: UiLang, database: DatabaseDep, clock: ClockDep
) -> HTMLResponse:
    if "admin" not in caller.scopes:
        raise Forbidden("usage needs an admin key", key="usage.admin_only")
    usage = usage_of(request, database, caller.tenant_id, clock(), None, None)
    platforms = [
        p for p in PLATFORMS if p in usage.posts_by_platform or p in usage.collection_requests
    ]
    return page(request, "usage.html", lang, usage=usage, platforms=platforms)


@router.get("/setup")
def setup_page(
    request: Request, caller: UiReader, lang: UiLang, session: ReadSession,
    done: str | None = None,
) -> HTMLResponse:  # fmt: skip
    context = dashboard.setup_context(session, caller.tenant_id)
    return page(request, "setup.html", lang, done=done if done in DONE else None, **context)
