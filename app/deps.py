"""Request dependencies: sessions (the unit of work), the caller, settings, clock, scorer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from app.auth.keys import split_key
from app.auth.service import MALFORMED_KEY, MISSING_KEY, Principal, authenticate
from app.clock import Clock
from app.config import Settings
from app.db import Database
from app.errors import Forbidden, Unauthorized
from app.ratelimit.headers import STATE_KEY
from app.ratelimit.limiter import RateLimiter, TooManyRequests
from sentiment import Scorer


# The getters of app.state are `async def`: FastAPI runs a plain `def` dependency in its thread
# pool, and under load each hand-off to a thread (six per risk read) cost more CPU than the
# getter (the event loop waits on the GIL at every one). Dependencies that do I/O stay `def`.
async def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


async def get_replica(request: Request) -> Database:
    """The read replica, or the primary when none is configured (app.db.read_replica)."""
    replica: Database = request.app.state.replica
    return replica


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


async def get_scorer(request: Request) -> Scorer:
    scorer: Scorer = request.app.state.scorer
    return scorer


def _session(database: Database, *, write: bool) -> Iterator[Session]:
    with database.session_scope(write=write) as session:
        yield session


def read_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    yield from _session(database, write=False)


def write_session(
    request: Request, database: Annotated[Database, Depends(get_database)]
) -> Iterator[Session]:
    with database.session_scope(write=True) as session:
        yield session
        if getattr(request.state, "failed", False):
            # The dashboard answered an error as a page (app.ui.pages.HtmlErrorRoute), so the
            # exception never reached here: keep nothing of the failed request.
            session.rollback()


# scope="function": commit before the response is sent, so a failed commit is the caller's error.
ReadSession = Annotated[Session, Depends(read_session, scope="function")]
WriteSession = Annotated[Session, Depends(write_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
DatabaseDep = Annotated[Database, Depends(get_database)]
# Only for reads a lagging copy serves as well (as_of replays, dashboard lists, exports).
ReplicaDep = Annotated[Database, Depends(get_replica)]
ClockDep = Annotated[Clock, Depends(get_clock)]
ScorerDep = Annotated[Scorer, Depends(get_scorer)]


# Declares the bearer scheme in the OpenAPI document, so /docs has an "Authorize" button that
# sends the key; a missing or malformed header is our own 401 (authenticate), not FastAPI's.
BEARER = HTTPBearer(
    scheme_name="apiKey",
    bearerFormat="kr_<prefix>_<secret>",
    description="An API key: `kolrisk apikey create --tenant NAME` (or the key `kolrisk serve "
    "--demo` prints). Scopes: read, write (implies read), admin (implies all).",
    auto_error=False,
)


def _bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def count_api_call(request: Request, database: Database, tenant_id: str) -> None:
    """Per-tenant usage (app.tenants.usage): counted in memory, written now and then."""
    meter = getattr(request.app.state, "usage", None)
    now = request.app.state.clock()
    if meter is not None and meter.count(tenant_id, now):
        meter.flush(database, now)


def require_scope(scope: str) -> Callable[..., Principal]:
    def dependency(
        request: Request,
        database: Annotated[Database, Depends(get_database)],
        _declared: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
        clock: Annotated[Clock, Depends(get_clock)],
    ) -> Principal:
        return check_key(request, database, clock, scope)

    return dependency


def check_key(request: Request, database: Database, clock: Clock, scope: str) -> Principal:
    """The caller, if its key is valid, has `scope` and has budget left (I/O: a thread's work)."""
    now = clock()
    # No ORM session and no transaction: one row of columns, in autocommit (no BEGIN and
    # COMMIT round trips on every request). Never a connection returned mid-transaction:
    # the pool would roll it back, and psycopg then drops every statement prepared on it.
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        principal = authenticate(connection, _bearer_token(request), now)
    spend_budget(request, principal, now)
    request.app.state.key_usage.seen(principal.key_id, now)
    if scope not in principal.scopes:
        raise Forbidden(f"this API key lacks the {scope!r} scope")
    count_api_call(request, database, principal.tenant_id)
    return principal


@dataclass(frozen=True)
class KeyCheck:
    """A key check left to the thread that does the route's work: a route that hands one
    function to the thread pool checks the key there (`principal()`), instead of in a thread
    of its own first. Each hand-off to a thread costs about as much CPU as a current risk read
    under load (the event loop and the thread take turns at the GIL)."""

    request: Request
    scope: str

    def principal(self) -> Principal:
        state = self.request.app.state
        return check_key(self.request, state.database, state.clock, self.scope)


def defer_scope(scope: str) -> Callable[..., Awaitable[KeyCheck]]:
    async def dependency(
        request: Request,
        _declared: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
    ) -> KeyCheck:
        # What needs no database is refused here, before the route reads a body.
        token = _bearer_token(request)
        if not token:
            raise Unauthorized(MISSING_KEY)
        if split_key(token) is None:
            raise Unauthorized(MALFORMED_KEY)
        return KeyCheck(request, scope)

    return dependency


@dataclass(frozen=True)
class Services:
    """What app.state holds, as one dependency: FastAPI's work per dependency is paid on every
    request, and the busiest routes (risk reads, post writes) took five of them."""

    database: Database
    replica: Database
    settings: Settings
    clock: Clock
    scorer: Scorer


async def get_services(request: Request) -> Services:
    state = request.app.state
    return Services(state.database, state.replica, state.settings, state.clock, state.scorer)


def spend_budget(request: Request, principal: Principal, now: datetime) -> None:
    """Take this request from the key's budgets (app/ratelimit); 429 when one is spent. The
    decisions go to request.state, from where the response gets its RateLimit fields."""
    limiter: RateLimiter = request.app.state.rate_limiter
    url = request.url
    policies = limiter.policies_for(request.method, url.path, request.query_params)
    if not policies:
        return
    try:
        decisions = limiter.spend(principal.key_id, policies, now.timestamp())
    except TooManyRequests as exc:
        setattr(request.state, STATE_KEY, exc.decisions)
        raise
    setattr(request.state, STATE_KEY, decisions)


Reader = Annotated[Principal, Depends(require_scope("read"))]
Writer = Annotated[Principal, Depends(require_scope("write"))]
Admin = Annotated[Principal, Depends(require_scope("admin"))]
# The same checks, run by the route in the one thread it hands its work to (KeyCheck).
ReaderCheck = Annotated[KeyCheck, Depends(defer_scope("read"))]
WriterCheck = Annotated[KeyCheck, Depends(defer_scope("write"))]
ServicesDep = Annotated[Services, Depends(get_services)]
