"""Signing in to the dashboard: the API key in an HttpOnly, SameSite=Strict cookie (never in a
URL), a CSRF token derived from it for every form, and the language switch."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from starlette.datastructures import FormData

from app.auth.service import Principal, authenticate
from app.db import Database
from app.deps import get_database
from app.errors import AppError, Forbidden, Unauthorized
from app.i18n import Lang, pick_lang

KEY_COOKIE = "kolrisk_ui_key"
LANG_COOKIE = "kolrisk_lang"
CSRF_FIELD = "csrf"


def csrf_token(api_key: str) -> str:
    """One token per signed-in key: keyed by the secret key, so a page leaks nothing usable."""
    return hmac.new(api_key.encode(), b"kolrisk-ui-csrf", hashlib.sha256).hexdigest()


def sign_in_redirect() -> HTTPException:
    # 303 with a Location: the browser goes to the sign-in page whatever the body says.
    return HTTPException(status_code=303, detail="sign in", headers={"Location": "/ui/login"})


def principal_of(database: Database, api_key: str | None) -> Principal | None:
    if not api_key:
        return None
    try:
        with database.session_scope(write=False) as session:
            return authenticate(session, api_key)
    except Unauthorized:
        return None


def ui_reader(request: Request, database: Annotated[Database, Depends(get_database)]) -> Principal:
    principal = principal_of(database, request.cookies.get(KEY_COOKIE))
    if principal is None:
        raise sign_in_redirect()
    if "read" not in principal.scopes:
        raise Forbidden("this API key lacks the 'read' scope")
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
        raise Forbidden("this API key lacks the 'write' scope")
    return principal


def ui_lang(request: Request) -> Lang:
    chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return pick_lang(chosen)


UiReader = Annotated[Principal, Depends(ui_reader)]
UiWriter = Annotated[Principal, Depends(ui_writer)]
UiLang = Annotated[Lang, Depends(ui_lang)]
CheckedForm = Annotated[FormData, Depends(checked_form)]
