"""Which budgets a request spends, spending them, and saying so in the IETF RateLimit
fields (draft-ietf-httpapi-ratelimit-headers-11):

    RateLimit-Policy: "default";q=600;w=60, "expensive";q=60;w=60
    RateLimit: "default";r=598;t=1, "expensive";r=59;t=1

Over a budget: 429 with Retry-After (seconds), and the same two fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.config import Settings
from app.db import Database
from app.errors import AppError
from app.ratelimit.gcra import Decision, Policy, decision
from app.ratelimit.store import MemoryStore, SqlStore, Store

MINUTE = 60.0
# Sign-in failures refill over a quarter of an hour.
SIGNIN_WINDOW = 15 * 60.0


class TooManyRequests(AppError):
    status_code = 429
    error = "rate_limited"
    # The budgets tried, the spent one last (for the response's RateLimit fields).
    decisions: list[Decision]


@dataclass(frozen=True)
class Budgets:
    default: Policy | None
    expensive: Policy | None
    pdf: Policy | None
    signin_name: Policy | None
    signin_address: Policy | None


def budgets_of(settings: Settings) -> Budgets:
    def per_minute(name: str, limit: int) -> Policy | None:
        on = settings.rate_limit_per_minute > 0 and limit > 0
        return Policy(name, limit, MINUTE) if on else None

    def signin(name: str, limit: int) -> Policy | None:
        return Policy(name, limit, SIGNIN_WINDOW) if limit > 0 else None

    return Budgets(
        default=per_minute("default", settings.rate_limit_per_minute),
        expensive=per_minute("expensive", settings.rate_limit_expensive_per_minute),
        pdf=per_minute("pdf", settings.rate_limit_pdf_per_minute),
        signin_name=signin("signin-name", settings.signin_failures_per_name),
        signin_address=signin("signin-address", settings.signin_failures_per_address),
    )


def is_expensive(method: str, path: str, query: Mapping[str, str]) -> bool:
    """Reads computed on demand rather than served from a stored snapshot: `as_of` replays,
    ad-hoc risk checks, and reports (every format)."""
    return (
        "as_of" in query
        or path.endswith("/report")
        or (method == "POST" and path.rstrip("/") == "/v1/risk-checks")
    )


def is_pdf(path: str, query: Mapping[str, str]) -> bool:
    return path.endswith("/report") and query.get("format") == "pdf"


class RateLimiter:
    def __init__(self, budgets: Budgets, store: Store) -> None:
        self.budgets = budgets
        self.store = store

    def policies_for(self, method: str, path: str, query: Mapping[str, str]) -> list[Policy]:
        """Tightest first, so a refused request spends nothing from the looser budgets."""
        chosen = [
            self.budgets.pdf if is_pdf(path, query) else None,
            self.budgets.expensive if is_expensive(method, path, query) else None,
            self.budgets.default,
        ]
        return [p for p in chosen if p is not None]

    def spend(self, key_id: str, policies: list[Policy], now: float) -> list[Decision]:
        """One request from each budget; raises TooManyRequests at the first that is spent
        (its decisions so far are on the exception, for the response's fields)."""
        decisions: list[Decision] = []
        for policy in policies:
            admitted, tat = self.store.take(f"key:{key_id}:{policy.name}", now, policy)
            decisions.append(decision(policy, admitted, tat, now))
            if not admitted:
                raise refused(decisions)
        return decisions

    def spend_signin(self, name: str, address: str, now: float) -> list[Decision]:
        """One attempt from the name's and the address's budgets; all admitted, or the
        first refusal last in the list."""
        decisions: list[Decision] = []
        for policy, bucket in self._signin_buckets(name, address):
            admitted, tat = self.store.take(bucket, now, policy)
            decisions.append(decision(policy, admitted, tat, now))
            if not admitted:
                break
        return decisions

    def refund_signin(self, name: str, address: str) -> None:
        """A successful sign-in does not count as a failure."""
        for policy, bucket in self._signin_buckets(name, address):
            self.store.give_back(bucket, policy)

    def _signin_buckets(self, name: str, address: str) -> list[tuple[Policy, str]]:
        named = ((self.budgets.signin_name, name), (self.budgets.signin_address, address))
        return [(policy, f"{policy.name}:{who}") for policy, who in named if policy is not None]


def refused(decisions: list[Decision]) -> TooManyRequests:
    over = decisions[-1]
    policy = over.policy
    error = TooManyRequests(
        f"too many requests with this key: the {policy.name!r} budget allows {policy.limit} "
        f"per {policy.window:.0f} s; retry in {over.retry_after} s",
        {"policy": policy.name, "limit": policy.limit, "window_seconds": int(policy.window),
         "retry_after_seconds": over.retry_after},
    )  # fmt: skip
    error.decisions = decisions
    error.headers = {"Retry-After": str(over.retry_after)}
    return error


def fields(decisions: list[Decision]) -> dict[str, str]:
    """The RateLimit-Policy and RateLimit field values for these decisions."""
    if not decisions:
        return {}
    policies = ", ".join(
        f'"{d.policy.name}";q={d.policy.limit};w={d.policy.window:.0f}' for d in decisions
    )
    limits = ", ".join(f'"{d.policy.name}";r={d.remaining};t={d.reset}' for d in decisions)
    return {"RateLimit-Policy": policies, "RateLimit": limits}


def build_limiter(settings: Settings, database: Database) -> RateLimiter:
    """In memory for SQLite (one process, no write per request); in the database otherwise,
    so several API processes share each key's budget."""
    store: Store = MemoryStore() if database.is_sqlite else SqlStore(database.engine)
    return RateLimiter(budgets_of(settings), store)
