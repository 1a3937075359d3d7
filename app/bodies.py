"""Request bodies under /v1 are JSON whatever Content-Type the client declared.

`curl -d '{...}'` sends `application/x-www-form-urlencoded`, and a body FastAPI does not take
for JSON fails as "Input should be a valid dictionary", which says nothing of the header. No
/v1 route reads a form (uploads to /v1/imports are multipart, left alone), so a body declared
as a form, as plain text or not at all is read as the JSON it almost always is; the declared
type is kept for error messages (app.errors names it when the body is not JSON after all).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

API_PREFIX = "/v1/"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# Types a JSON body is commonly sent under by mistake (curl -d, fetch with a string body).
READ_AS_JSON = frozenset({"", "application/x-www-form-urlencoded", "text/plain"})
DECLARED_TYPE = "declared_content_type"


class JsonBodies:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in BODY_METHODS
            and scope["path"].startswith(API_PREFIX)
        ):
            scope = _as_json(scope)
        await self.app(scope, receive, send)


def _as_json(scope: Scope) -> Scope:
    headers = [(k, v) for k, v in scope["headers"] if k != b"content-type"]
    declared = next((v for k, v in scope["headers"] if k == b"content-type"), b"").decode("latin-1")
    if declared.split(";")[0].strip().lower() not in READ_AS_JSON:
        return scope
    state = {**scope.get("state", {}), DECLARED_TYPE: declared or "(none)"}
    return {**scope, "headers": [*headers, (b"content-type", b"application/json")], "state": state}


def declared_type(scope: Scope) -> str | None:
    """The Content-Type the client sent, when it was replaced by application/json."""
    value = scope.get("state", {}).get(DECLARED_TYPE)
    return str(value) if value else None
