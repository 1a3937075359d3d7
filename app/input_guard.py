"""Text no database stores, refused at the door with a 422 before any route reads it: a lone
surrogate ("\\ud800", half of a UTF-16 pair) or NUL in a JSON body, and NUL (%00) in the
address. Without this, such text reached a query or a response and failed it with a 500.

POST /v1/posts is let through (PER_ITEM_BODIES): it refuses such posts one by one and keeps
the rest (app.posts.prepare). Dashboard forms refuse NUL where they read fields.
"""

from __future__ import annotations

import re

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import error_body
from app.storable import check_json
from collectors import jsontext

# JSON escapes of a surrogate or NUL, and surrogates written as UTF-8 bytes (which Python's
# json reads from bytes). Only a body holding one of these is read here.
_SUSPECT = re.compile(rb"\\u(?:[dD][89a-fA-F]|0000)|\xed[\xa0-\xbf]")
_NUL_IN_ADDRESS = re.compile(rb"%00")
_DEEP = 100_000  # depth is not this guard's business: the JSON reader limits it

PER_ITEM_BODIES = frozenset({"/v1/posts"})


def body_problem(body: bytes) -> str | None:
    if not _SUSPECT.search(body):
        return None
    try:
        value = jsontext.loads(body.decode("utf-8", "surrogatepass"))
    except (jsontext.UnreadableJson, UnicodeDecodeError):
        return None  # not JSON: the route says so in its own words
    check = check_json([value], _DEEP)
    if check.problem:
        return f"a string in the body {check.problem}"
    if check.has_nul:
        return "a string in the body holds a NUL character (\\u0000); leave it out"
    return None


class RefuseUnstorableText:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        address = scope.get("raw_path", b"") + b"?" + scope.get("query_string", b"")
        if _NUL_IN_ADDRESS.search(address):
            message = "the address holds a NUL character (%00); leave it out"
            await _refuse("address", message, scope, receive, send)
            return
        if not _json_body(scope):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        if problem := body_problem(body):
            await _refuse("body", problem, scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


def _json_body(scope: Scope) -> bool:
    if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return False
    if scope.get("path") in PER_ITEM_BODIES:
        return False
    headers = dict(scope.get("headers") or [])
    return b"json" in headers.get(b"content-type", b"").lower()


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()  # a disconnect, when the client goes
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


async def _refuse(where: str, message: str, scope: Scope, receive: Receive, send: Send) -> None:
    body = error_body("invalid_input", message, [{"field": where, "problem": message}])
    await JSONResponse(body, status_code=422)(scope, receive, send)
