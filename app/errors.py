"""The one error hierarchy the API renders, as ErrorBody: {"error", "message", "detail"}.

* AppError (500: only for failures we name; anything unnamed is a logged 500 too)
  + BadRequest (400)
  + Unauthorized (401)
  + Forbidden (403)
  + NotFound (404)
  + Conflict (409)
  + PayloadTooLarge (413)
  + Unprocessable (422)
  + TooManyRequests (429, in app.ratelimit.limiter)
  + ServiceUnavailable (503)

`detail` has one shape: an object whose `fields` lists each field to fix (empty when the
problem is not one field's), beside any context the error names (the existing watch's id...).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.bodies import declared_type
from app.schemas import describe_validation_errors

log = logging.getLogger(__name__)


class AppError(Exception):
    status_code = 500
    error = "internal_error"

    def __init__(
        self, message: str, detail: Any = None, *, key: str | None = None, **params: object
    ) -> None:
        """`key` and `params` word the message through app.i18n for the dashboard (errors a
        form can meet); the API answers with `message`, in English."""
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.words = (key, params) if key else None
        # Response headers the error needs (Retry-After on a 429).
        self.headers: dict[str, str] = {}


class BadRequest(AppError):
    status_code = 400
    error = "bad_request"


class Unauthorized(AppError):
    status_code = 401
    error = "unauthorized"


class Forbidden(AppError):
    status_code = 403
    error = "forbidden"


class NotFound(AppError):
    status_code = 404
    error = "not_found"


class Conflict(AppError):
    status_code = 409
    error = "conflict"


class PayloadTooLarge(AppError):
    status_code = 413
    error = "payload_too_large"


class Unprocessable(AppError):
    status_code = 422
    error = "invalid_input"


class ServiceUnavailable(AppError):
    status_code = 503
    error = "unavailable"


class FieldProblem(BaseModel):
    field: str = Field(description='where the problem is, e.g. "executives.0.name" or "body"')
    problem: str = Field(description="what is wrong with it and what to send instead")


class ErrorDetail(BaseModel):
    """Always an object; `fields` is always there. Other keys name context (e.g. `watch_id` of
    the existing watch on a 409, `watches` that still use a brand)."""

    model_config = ConfigDict(extra="allow")

    fields: list[FieldProblem] = Field(default_factory=list)


class ErrorBody(BaseModel):
    """Every error the API answers (4xx and 5xx) has this body."""

    error: str = Field(
        description="a stable code: bad_request, unauthorized, forbidden, not_found, "
        "method_not_allowed, conflict, payload_too_large, invalid_input, rate_limited, "
        "unavailable, internal_error"
    )
    message: str = Field(description="what went wrong and what to do, in English")
    detail: ErrorDetail


def error_detail(detail: Any) -> dict[str, Any]:
    """Any AppError detail in the one shape: a list is field problems, a dict is context."""
    if detail is None:
        return {"fields": []}
    if isinstance(detail, list):
        return {"fields": detail}
    if isinstance(detail, dict):
        return {"fields": [], **detail}
    return {"fields": [], "value": detail}


def error_body(error: str, message: str, detail: Any = None) -> dict[str, Any]:
    return {"error": error, "message": message, "detail": error_detail(detail)}


# What any /v1 route may answer besides its own success: declared once here and added to every
# /v1 operation of the OpenAPI document (app.main), so routes added later are documented too.
ERROR_RESPONSES: dict[int, str] = {
    400: "The body could not be parsed as the content type it names.",
    401: "No API key, or one that is invalid (unknown or revoked): send "
    "`Authorization: Bearer <key>`.",
    403: "The key lacks the scope this operation needs (read, write or admin).",
    404: "No such object in your tenant (another tenant's ids are 404 too).",
    409: "It conflicts with what exists (a name taken, a pairing already watched, an object "
    "still in use); `detail` names the existing object.",
    410: "It existed and is gone for good: erased on request, or a share link revoked or expired.",
    413: "The body is over the size limits; split it.",
    422: "Invalid input: `detail.fields` lists each field and what to fix.",
    429: "Too many requests for this key: wait the seconds in `Retry-After`.",
}
ERROR_HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}},
    429: {
        "Retry-After": {
            "schema": {"type": "integer", "minimum": 0},
            "description": "seconds until a request will be taken again",
        }
    },
}


def document_errors(document: dict[str, Any]) -> None:
    """Every /v1 and /share operation answers its errors with ErrorBody, in OpenAPI as on the
    wire (a share link's visitor has no key, so no 401 or 403 there)."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (FieldProblem, ErrorDetail, ErrorBody):
        schemas[model.__name__] = model.model_json_schema(ref_template=REF)
        schemas[model.__name__].pop("$defs", None)
    body = {"application/json": {"schema": {"$ref": REF.format(model="ErrorBody")}}}
    for path, operations in document.get("paths", {}).items():
        statuses = _error_statuses(path)
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status in statuses:
                description = ERROR_RESPONSES[status]
                response = {"description": description, "content": body}
                if status in ERROR_HEADERS:
                    response["headers"] = ERROR_HEADERS[status]
                responses[str(status)] = response
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)


def _error_statuses(path: str) -> tuple[int, ...]:
    if path.startswith("/v1/"):
        return tuple(ERROR_RESPONSES)
    if path.startswith("/share/"):
        return (404, 410, 422, 429)
    return ()


REF = "#/components/schemas/{model}"
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path: Starlette's own 405 names only the first
    route's, and GET /v1/brands/{id} and PATCH /v1/brands/{id} are two routes."""
    routes = request.app.router.routes
    return [
        method
        for method in METHODS
        if any(r.matches({**request.scope, "method": method})[0] is Match.FULL for r in routes)
    ]


def body_problem(request: Request, errors: Any) -> str | None:
    """When the body as a whole is not the JSON a route takes, say so and name the header the
    client sent (pydantic's "Input should be a valid dictionary" names neither)."""
    for error in errors:
        location = tuple(error.get("loc", ()))
        if error.get("type") == "json_invalid":
            reason = (error.get("ctx") or {}).get("error", "JSON decode error")
            sent = declared_type(request.scope)
            how = f" (it was sent as Content-Type: {sent}, and read as JSON)" if sent else ""
            return f"the body is not valid JSON: {reason}{how}; send one JSON document"
        if location == ("body",) and error.get("type") != "missing":
            sent = request.headers.get("content-type") or "(none)"
            if not sent.startswith("application/json"):
                return (
                    f"the body must be JSON, sent with Content-Type: application/json; this "
                    f"request said Content-Type: {sent}"
                )
    return None


def install_error_handlers(app: FastAPI) -> None:
    async def on_app_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AppError)
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else {}
        headers.update(exc.headers)
        body = error_body(exc.error, exc.message, jsonable_encoder(exc.detail))
        return JSONResponse(body, status_code=exc.status_code, headers=headers)

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        detail = describe_validation_errors(exc.errors())
        message = body_problem(request, exc.errors()) or "; ".join(
            f"{d['field']}: {d['problem']}" for d in detail
        )
        return JSONResponse(error_body("invalid_input", message, detail), status_code=422)

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        error = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, "http_error"
        )
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return JSONResponse(
            error_body(error, str(exc.detail)), status_code=exc.status_code, headers=headers
        )

    app.add_exception_handler(AppError, on_app_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_middleware(UnexpectedErrors)


INTERNAL_ERROR = error_body("internal_error", "unexpected server error; it has been logged")


class UnexpectedErrors:
    """Anything unnamed becomes a logged 500 with the usual body, and the exception stops here.

    Starlette's own handler for Exception re-raises after answering (so servers can log it),
    and uvicorn then closes the connection: the client's next request on that keep-alive
    connection was reset. Nothing is re-raised here, so the connection stays usable. It sits
    inside RequestTelemetry (app.metrics.http), which tags this answer with the request id
    that finds the logged traceback, and counts it as a 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:  # half a response is out: only closing the connection can end it
                raise
            await JSONResponse(INTERNAL_ERROR, status_code=500)(scope, receive, send)
