"""The one error hierarchy the API renders, as {"error": "...", "detail": ...}.

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
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

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


def error_body(error: str, message: str, detail: Any = None) -> dict[str, Any]:
    return {"error": error, "message": message, "detail": detail}


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

    async def on_http_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        error = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(
            error_body(error, str(exc.detail)), status_code=exc.status_code, headers=exc.headers
        )

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        # Answered outside the middleware that tags responses: tag this one here, so the
        # caller can quote the id that finds the logged traceback.
        request_id = getattr(request.state, "request_id", None)
        return JSONResponse(
            error_body("internal_error", "unexpected server error; it has been logged"),
            status_code=500,
            headers={"x-request-id": request_id} if request_id else None,
        )

    app.add_exception_handler(AppError, on_app_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
