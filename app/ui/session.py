"""Signing in to the dashboard: a person's session token (app.auth.people) or an API key in an
HttpOnly, SameSite=Strict cookie (never in a URL), a CSRF token derived from it for every
form, and the language switch."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from starlette.datastructures import FormData

from app.auth.people import is_session_token, person_principal, user_of_session
from app.auth.service import Principal, authenticate
from app.clock import Clock
from app.config import Settings
from app.db import Database
from app.deps import get_clock, get_database, get_settings_dep
from app.errors import AppError, Forbidden, Unauthorized
from app.i18n import Lang, pick_lang

KEY_COOKIE = "kolrisk_ui_key"
LANG_COOKIE = "kolrisk_lang"
CSRF_FIELD = "csrf"


def csrf_token(credential: str) -> str:
    """One token per sign-in, keyed by the cookie's secret value: a page leaks nothing usable."""
    return hmac.new(credential.encode(), b"kolrisk-ui-csrf", hashlib.sha256).hexdigest()


def sign_in_redirect() -> HTTPException:
    # 303 with a Location: the browser goes to the sign-in page whatever the body says.
    return HTTPException(status_code=303, detail="sign in", headers={"Location": "/ui/login"})


def principal_of(
    database: Database, settings: Settings, credential: str | None, now: datetime
) -> Principal | None:
    """Who the cookie signs in: a person (session token) or an API key; None when neither."""
    if not credential:
        return None
    with database.session_scope(write=False) as session:
        if is_session_token(credential):
            user = user_of_session(session, settings, credential, now)
            return person_principal(user) if user is not None else None
        try:
            return authenticate(session, credential, now)
        except Unauthorized:
            return None


def ui_reader(
    request: Request,
    database: Annotated[Database, Depends(get_database)],
    settings: Annotated[Settings, Depends(get_settings_dep)],
    clock: Annotated[Clock, Depends(get_clock)],
) -> Principal:
    principal = principal_of(database, settings, request.cookies.get(KEY_COOKIE), clock())
    if principal is None:
        raise sign_in_redirect()
    if "read" not in principal.scopes:
        raise Forbidden("you may not read this tenant's data (no 'read' scope)")
    return principal


def check_origin(request: Request) -> None:
    """Refuse a form posted from another site (a second line behind SameSite and the token)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin and origin != "null" and urlsplit(origin).netloc != request.url.netloc:
        raise Forbidden("form posted from another site")


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token matches the signed-in key's."""
    check_origin(request)
    form = await request.form()
    api_key = request.cookies.get(KEY_COOKIE)
    sent = form.get(CSRF_FIELD)
    if not api_key or not isinstance(sent, str):
        raise CsrfRefused(
            "missing CSRF token: reload the page and send the form again", key="err.csrf"
        )
    if not hmac.compare_digest(sent, csrf_token(api_key)):
        raise CsrfRefused("bad CSRF token: reload the page and send the form again", key="err.csrf")
    return form


class CsrfRefused(AppError):
    status_code = 403
    error = "csrf_refused"


def ui_writer(
    principal: Annotated[Principal, Depends(ui_reader)],
) -> Principal:
    if "write" not in principal.scopes:
        raise Forbidden("your role may only read: changes need an analyst or admin")
    return principal


def ui_admin(
    principal: Annotated[Principal, Depends(ui_reader)],
) -> Principal:
    if "admin" not in principal.scopes:
        raise Forbidden("this page is for admins")
    return principal


def ui_lang(request: Request) -> Lang:
    chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return pick_lang(chosen)


UiReader = Annotated[Principal, Depends(ui_reader)]
UiWriter = Annotated[Principal, Depends(ui_writer)]
UiAdmin = Annotated[Principal, Depends(ui_admin)]
UiLang = Annotated[Lang, Depends(ui_lang)]
CheckedForm = Annotated[FormData, Depends(checked_form)]
