"""Share links: created and revoked under /v1 with a key; opened under /share without one."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from app.config import Settings
from app.db import Database
from app.deps import (
    ClockDep,
    DatabaseDep,
    Reader,
    ReadSession,
    ScorerDep,
    SettingsDep,
    Writer,
    WriteSession,
)
from app.i18n import Lang
from app.models import ReportShare
from app.pagination import PageDep, link_next
from app.posts.service import to_out
from app.reports.output import report_response
from app.reports.reads import ReportRequest, build_report
from app.shares import service
from app.shares.pages import shared_post_page
from app.shares.schemas import ShareCreate, ShareOut
from app.watches import service as watches_service

router = APIRouter(prefix="/v1/watches", tags=["shares"])
public = APIRouter(prefix="/share", tags=["shares"])

Format = Literal["html", "md", "json", "pdf"]
# The token is in the address: keep it out of Referer headers, caches and search engines.
PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


@router.post("/{watch_id}/share", status_code=201)
def create_share(
    watch_id: str,
    session: WriteSession,
    caller: Writer,
    clock: ClockDep,
    settings: SettingsDep,
    body: ShareCreate | None = None,
) -> ShareOut:
    """A signed, read-only link to the watch's report for someone without a key (legal, an
    executive), valid for `expires_in_hours` (default 72, at most 2160) or until revoked."""
    watch = watches_service.get(session, caller.tenant_id, watch_id)
    hours = (body or ShareCreate()).expires_in_hours
    return service.out(settings, service.create(session, watch, hours, caller.who, clock()))


@router.get("/{watch_id}/share")
def list_shares(
    watch_id: str,
    request: Request,
    response: Response,
    page: PageDep,
    session: ReadSession,
    caller: Reader,
    settings: SettingsDep,
) -> list[ShareOut]:
    """The watch's share links, newest first, with how often each was opened; the next
    page's address is in the `Link` header."""
    watch = watches_service.get(session, caller.tenant_id, watch_id)
    shown, cursor = service.list_page(session, watch, page)
    link_next(request, response, cursor)
    return [service.out(settings, share) for share in shown]


@router.delete("/{watch_id}/share/{share_id}", status_code=204)
def revoke_share(
    watch_id: str, share_id: str, session: WriteSession, caller: Writer, clock: ClockDep
) -> Response:
    watch = watches_service.get(session, caller.tenant_id, watch_id)
    service.revoke(session, watch, share_id, caller.who, clock())
    return Response(status_code=204)


def _visitor(request: Request) -> service.Visitor:
    client = request.client.host if request.client else None
    return service.Visitor(client, request.headers.get("user-agent"))


def _opened(
    database: Database, settings: Settings, request: Request, token: str, what: str, now: datetime
) -> ReportShare:
    # Its own transaction, committed before a refusal is raised: refused uses are logged too.
    with database.session_scope() as session:
        found = service.open_share(session, settings, token, what, _visitor(request), now)
    if isinstance(found, service.ShareGone):
        raise found
    return found


@public.get(
    "/{token}",
    response_class=Response,
    responses={200: {"content": {"text/html": {}, "text/markdown": {}, "application/pdf": {}}}},
)
def open_shared_report(
    token: str,
    request: Request,
    database: DatabaseDep,
    scorer: ScorerDep,
    clock: ClockDep,
    settings: SettingsDep,
    format: Format = "html",
    lang: Lang = "zh",
) -> Response:
    """The shared report, read-only and without a key; 410 once expired or revoked."""
    share = _opened(database, settings, request, token, format, clock())
    report = build_report(
        database, ReportRequest(share.tenant_id, share.watch_id), scorer, clock,
        settings.inline_score_limit,
    )  # fmt: skip
    archive = f"{str(settings.public_base_url).rstrip('/')}/share/{token}"
    response = report_response(report, format, lang, settings, archive)
    response.headers.update(PRIVATE_HEADERS)
    return response


@public.get("/{token}/ui/posts/{post_id}", response_class=HTMLResponse)
def open_shared_post(
    token: str,
    post_id: str,
    request: Request,
    database: DatabaseDep,
    clock: ClockDep,
    settings: SettingsDep,
    lang: Lang = "zh",
) -> HTMLResponse:
    """An archived post the shared report links to (the watch's posts only)."""
    share = _opened(database, settings, request, token, "post", clock())
    with database.session_scope(write=False) as session:
        post = to_out(session, [service.shared_post(session, share, post_id)])[0]
    response = shared_post_page(post, lang)
    response.headers.update(PRIVATE_HEADERS)
    return response
