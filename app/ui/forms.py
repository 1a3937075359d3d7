"""Dashboard forms (POST): sign-in, creating things, analyst controls. Every form but sign-in
carries the CSRF token; each redirects (303) back to a page that shows the result."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from alerts.ssrf import Resolver, system_resolver
from app.alerting import service as alerts_service
from app.analyst import service as analyst_service
from app.analyst.schemas import AliasIn, IrrelevantIn, OverrideIn
from app.brands import service as brands_service
from app.brands.schemas import BrandCreate
from app.deps import ClockDep, DatabaseDep, SettingsDep, WriteSession
from app.errors import Conflict
from app.i18n import Lang
from app.kols import service as kols_service
from app.kols.schemas import KolCreate
from app.ui import signin
from app.ui.dashboard import setup_context
from app.ui.forms_parse import account_of, executives, field, lines, names, validated
from app.ui.pages import HtmlErrorRoute, back_to, page
from app.ui.session import KEY_COOKIE, CheckedForm, UiLang, UiWriter, check_origin
from app.watches import service as watches_service
from app.watches.schemas import WatchCreate
from app.webhooks import service as webhooks_service
from app.webhooks.schemas import WebhookCreate

router = APIRouter(prefix="/ui", include_in_schema=False, route_class=HtmlErrorRoute)


def get_ui_resolver() -> Resolver:
    """DNS for the SSRF check of a webhook URL; tests override this dependency."""
    return system_resolver


@router.post("/login")
def sign_in(
    request: Request, lang: UiLang, database: DatabaseDep, settings: SettingsDep,
    clock: ClockDep, name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    key: Annotated[str, Form(max_length=200)] = "",
) -> Response:  # fmt: skip
    """A person's name and password, or an API key. Failures are limited per name (or key
    prefix) and per client address: past the budget the form answers 429 until it refills."""
    check_origin(request)
    now = clock()
    attempt = signin.Attempt.of(name, password, key, request.client)
    limiter = request.app.state.rate_limiter
    decisions = limiter.spend_signin(attempt.who, attempt.address, now.timestamp())
    if decisions and not decisions[-1].admitted:
        return _locked_out(request, lang, decisions[-1].retry_after)
    credential = signin.check(database, settings, attempt, now)
    if credential is None:
        return page(request, "login.html", lang, status_code=401, failed=True, locked_minutes=None)
    limiter.refund_signin(attempt.who, attempt.address)
    signed_in = back_to("/ui/")
    signed_in.set_cookie(
        KEY_COOKIE, credential, httponly=True, samesite="strict", path="/ui",
        secure=request.url.scheme == "https",
    )  # fmt: skip
    return signed_in


def _locked_out(request: Request, lang: Lang, wait_seconds: int) -> Response:
    minutes = -(-wait_seconds // 60)
    response = page(
        request, "login.html", lang, status_code=429, failed=False, locked_minutes=minutes
    )
    response.headers["Retry-After"] = str(wait_seconds)
    return response


@router.post("/logout")
def sign_out(_form: CheckedForm) -> Response:
    response = back_to("/ui/login")
    response.delete_cookie(KEY_COOKIE, path="/ui", httponly=True, samesite="strict")
    return response


@router.post("/watches/{watch_id}/irrelevant")
def mark_irrelevant(
    watch_id: str, form: CheckedForm, caller: UiWriter, session: WriteSession, clock: ClockDep
) -> Response:
    data = {"post_id": field(form, "post_id"), "reason": field(form, "reason")}
    body = validated(IrrelevantIn, data)
    watch = watches_service.get(session, caller.tenant_id, watch_id)
    analyst_service.mark_irrelevant(session, watch, body.post_id, body.reason, caller.who, clock())
    return back_to(f"/ui/watches/{watch.id}?done=irrelevant")


@router.post("/watches/{watch_id}/exclude-alias")
def exclude_alias(
    watch_id: str, form: CheckedForm, caller: UiWriter, session: WriteSession, clock: ClockDep
) -> Response:
    body = validated(AliasIn, {"alias": field(form, "alias"), "reason": field(form, "reason")})
    watch = watches_service.get(session, caller.tenant_id, watch_id)
    analyst_service.exclude_alias(session, watch, body.alias, body.reason, caller.who, clock())
    return back_to(f"/ui/watches/{watch.id}?done=alias")


@router.post("/watches/{watch_id}/override")
def set_override(
    watch_id: str, form: CheckedForm, caller: UiWriter, session: WriteSession, clock: ClockDep
) -> Response:
    data = {"decision": field(form, "decision"), "rationale": field(form, "rationale")}
    body = validated(OverrideIn, data)
    watch = watches_service.get(session, caller.tenant_id, watch_id)
    analyst_service.set_override(session, watch, body.decision, body.rationale, caller.who, clock())
    return back_to(f"/ui/watches/{watch.id}?done=override")


@router.post("/watches/{watch_id}/override/revoke")
def revoke_override(
    watch_id: str, _form: CheckedForm, caller: UiWriter, session: WriteSession, clock: ClockDep
) -> Response:
    watch = watches_service.get(session, caller.tenant_id, watch_id)
    analyst_service.revoke_override(session, watch, caller.who, clock())
    return back_to(f"/ui/watches/{watch.id}?done=revoke")


@router.post("/alerts/{alert_id}/ack")
def ack_alert(
    alert_id: str, _form: CheckedForm, caller: UiWriter, session: WriteSession, clock: ClockDep
) -> Response:
    alert = alerts_service.get(session, caller.tenant_id, alert_id)
    alerts_service.ack(session, alert, caller.who, clock())
    return back_to(f"/ui/watches/{alert.watch_id}?done=ack")


def name_taken(
    request: Request, lang: UiLang, session: Session, tenant_id: str, form: FormData, what: str
) -> HTMLResponse:
    """The setup page again, what was typed kept and the conflict beside the name field."""
    session.rollback()  # the failed insert ends this transaction; read the lists afresh
    context = setup_context(session, tenant_id)
    filled = {name: value for name, value in form.items() if isinstance(value, str)}
    context["filled"][what] = filled
    context["errors"][what] = {"name": f"taken.{what}"}
    request.state.failed = True
    return page(request, "setup.html", lang, status_code=409, done=None, **context)


@router.post("/brands")
def create_brand(
    request: Request, lang: UiLang, form: CheckedForm, caller: UiWriter, session: WriteSession,
    settings: SettingsDep, clock: ClockDep,
) -> Response:  # fmt: skip
    data = {
        "name": field(form, "name"), "aliases": names(form, "aliases"),
        "fandom_names": names(form, "fandom_names"), "competitors": names(form, "competitors"),
        "executives": executives(form, "executives"),
        "owned_accounts": [account_of(cells) for cells in lines(form, "owned_accounts")],
        "tieba_bars": names(form, "tieba_bars"),
        "category_words": names(form, "category_words"), "tone": field(form, "tone") or "neutral",
    }  # fmt: skip
    if category := field(form, "category"):
        data["category"] = category
    body = validated(BrandCreate, data)
    try:
        brands_service.create(
            session, caller.tenant_id, body, settings.inline_relink_max_posts, caller.who, clock()
        )
    except Conflict:
        return name_taken(request, lang, session, caller.tenant_id, form, "brand")
    return back_to("/ui/setup?done=brand")


@router.post("/kols")
def create_kol(
    request: Request, lang: UiLang, form: CheckedForm, caller: UiWriter, session: WriteSession,
    settings: SettingsDep, clock: ClockDep,
) -> Response:  # fmt: skip
    data = {
        "name": field(form, "name"), "aliases": names(form, "aliases"),
        "accounts": [account_of(cells) for cells in lines(form, "accounts")],
        "tieba_bars": names(form, "tieba_bars"),
    }  # fmt: skip
    body = validated(KolCreate, data)
    try:
        kols_service.create(
            session, caller.tenant_id, body, settings.inline_relink_max_posts, caller.who, clock()
        )
    except Conflict:
        return name_taken(request, lang, session, caller.tenant_id, form, "kol")
    return back_to("/ui/setup?done=kol")


@router.post("/watches")
def create_watch(
    form: CheckedForm, caller: UiWriter, session: WriteSession, clock: ClockDep
) -> Response:
    data = {"brand_id": field(form, "brand_id"), "kol_id": field(form, "kol_id"),
            "stage": field(form, "stage") or "shortlisted"}  # fmt: skip
    watch = watches_service.create(
        session, caller.tenant_id, validated(WatchCreate, data), caller.who, clock()
    )
    return back_to(f"/ui/watches/{watch.id}")


@router.post("/webhooks")
def create_webhook(
    request: Request, lang: UiLang, form: CheckedForm, caller: UiWriter, session: WriteSession,
    settings: SettingsDep, clock: ClockDep, resolver: Annotated[Resolver, Depends(get_ui_resolver)],
) -> HTMLResponse:  # fmt: skip
    watch_id = field(form, "watch_id")
    data = {
        "kind": field(form, "kind"), "url": field(form, "url"),
        "secret": field(form, "secret") or None, "min_level": field(form, "min_level") or "medium",
        "watch_ids": [watch_id] if watch_id else [], "language": field(form, "language") or "zh",
        "description": field(form, "description") or None,
    }  # fmt: skip
    body = validated(WebhookCreate, data)
    endpoint, secret = webhooks_service.create(
        session, caller.tenant_id, body, settings, resolver, clock(), caller.who
    )
    # Shown here once, as the API does: the page is not a redirect target, so no URL holds it.
    return page(
        request, "webhook_created.html", lang, webhook=webhooks_service.out(endpoint), secret=secret
    )
