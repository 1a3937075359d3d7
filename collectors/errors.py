"""The small set of refusals every platform's signals map onto (platform-data.md §8.4).

`permanent` errors need an operator (a cookie, a provider, a solved captcha) before retrying
makes sense; transient ones are retried later with backoff.
"""

from __future__ import annotations


class CollectorError(Exception):
    kind = "error"
    permanent = False

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class LoginRequired(CollectorError):
    kind = "login_required"
    permanent = True


class LoginWall(LoginRequired):
    """The platform refused anonymous reading as a whole (its login or visitor page where data
    was expected), so every further request of the pass would meet the same wall."""


class CaptchaRequired(CollectorError):
    """Stops the platform's pass until an operator acts (platform-data.md §8.4)."""

    kind = "captcha_required"
    permanent = True


class RateLimited(CollectorError):
    kind = "rate_limited"


class Blocked(CollectorError):
    """Anti-bot or risk-control refusals, and HTML or garbage where JSON was expected."""

    kind = "blocked"


class CircuitOpen(Blocked):
    kind = "circuit_open"


class SignatureRejected(CollectorError):
    kind = "signature_rejected"
    permanent = True


class NotOnPlatform(CollectorError):
    """The user, post or thread asked for is not (or no longer) on the platform."""

    kind = "not_found"
    permanent = True


class Unsupported(CollectorError):
    """The platform has no such listing for us (RSS has no comments, Tieba no user feed)."""

    kind = "unsupported"
    permanent = True


class TransientError(CollectorError):
    """Timeouts, dropped connections and 5xx answers."""

    kind = "transient"


class Unreachable(CollectorError):
    """The host could not be reached at all (its name did not resolve, nothing listens, no
    route): no network, or a base URL pointing nowhere. Not the platform refusing us, so it
    never counts against the circuit breaker, and retrying within the pass would not help."""

    kind = "unreachable"


# Kinds that count against a platform's circuit breaker: signs we are pushing too hard.
PRESSURE_KINDS = frozenset({"rate_limited", "blocked", "transient"})


class UnreadableItem(ValueError):
    """One item of a page we cannot read (no id, no time): not a refusal. The page's other
    items are kept and this one is listed in the page's `skipped` with the reason."""
