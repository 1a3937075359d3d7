"""Rendering dashboard pages, and errors as pages rather than JSON."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from markupsafe import Markup

from app.errors import AppError
from app.i18n import Lang, pick_lang, template_words
from app.reports.render import environment
from app.reports.svg import LEVEL_COLOURS, sparkline_svg
from app.ui.problems import form_problems
from app.ui.session import CSRF_FIELD, KEY_COOKIE, LANG_COOKIE, csrf_token

STATIC = Path(__file__).parent / "static"
ENV = environment(Path(__file__).parent / "templates")


def sparkline(scores: list[float], level: str) -> Markup:
    """The trend in the current level's colour; nothing for a single assessment (a dot said
    nothing but "red" on every row)."""
    if len(scores) < 2:
        return Markup("")
    colour = LEVEL_COLOURS.get(level, "#777")
    return Markup(sparkline_svg(scores, colour=colour))  # numbers only (app.reports.svg)


ENV.globals["sparkline"] = sparkline
# Pages run no script at all: nothing injected into one could run either.
UI_CSP = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
LANG_COOKIE_AGE = 365 * 24 * 3600


def page(
    request: Request, template: str, lang: Lang, status_code: int = 200, **context: Any
) -> HTMLResponse:
    api_key = request.cookies.get(KEY_COOKIE)
    html = ENV.get_template(template).render(
        request=request,
        **template_words(lang),
        csrf_field=CSRF_FIELD,
        csrf=csrf_token(api_key) if api_key else "",
        signed_in=bool(api_key),
        **context,
    )
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Content-Security-Policy"] = UI_CSP
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Content-Type-Options"] = "nosniff"
    if request.query_params.get("lang") in ("zh", "en"):
        response.set_cookie(LANG_COOKIE, lang, max_age=LANG_COOKIE_AGE, samesite="lax", path="/")
    return response


def back_to(url: str) -> RedirectResponse:
    """After a form: 303, so a reload never sends it twice."""
    return RedirectResponse(url, status_code=303)


def request_lang(request: Request) -> Lang:
    return pick_lang(request.query_params.get("lang") or request.cookies.get(LANG_COOKIE))


class HtmlErrorRoute(APIRoute):
    """AppErrors (not found, bad input, refused token...) as a page with the same status."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except AppError as exc:
                request.state.failed = True  # the write session rolls back (app.deps)
                lang = request_lang(request)
                return page(
                    request, "error.html", lang, exc.status_code, message=exc.message,
                    status=exc.status_code, problems=form_problems(lang, exc.detail),
                    words=exc.words,
                )  # fmt: skip

        return guarded
