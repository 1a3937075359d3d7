"""Adds the RateLimit fields of the budgets a request spent to its response, whatever the
route returned (a model, a Response, an error)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.ratelimit.gcra import Decision
from app.ratelimit.limiter import fields

# Where the request's decisions wait for the response (request.state, i.e. scope["state"]).
STATE_KEY = "rate_limit_decisions"


class RateLimitHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Made here, so every copy of the scope further in shares this one dict.
        state = scope.setdefault("state", {})

        async def send_with_fields(message: Message) -> None:
            decisions: list[Decision] | None = state.get(STATE_KEY)
            if message["type"] == "http.response.start" and decisions:
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [
                    (name.lower().encode(), value.encode())
                    for name, value in fields(decisions).items()
                    if name.lower().encode() not in present
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_fields)
