"""What a response means, for any channel; what differs per channel (its provider codes, its
own reading of an HTTP status) comes from the channel's entry in alerts.registry.

Generic webhooks and Slack speak HTTP. DingTalk, Feishu and WeCom answer HTTP 200 with an
error code in the body: only code 0 is a delivery, throttle codes pause the destination, and
codes that mean our configuration is wrong stop retrying.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from alerts.transport import RawResponse

THROTTLED_STATUSES = (429, 502, 503, 504)


@dataclass(frozen=True)
class DeliveryOutcome:
    result: str  # delivered | retry | failed | disabled
    reason: str = ""
    wait_seconds: float | None = None  # the receiver's own hint (Retry-After, a throttle)
    pause_endpoint: bool = False  # the throttle covers every message to this destination
    provider_code: str | None = None

    @property
    def delivered(self) -> bool:
        return self.result == "delivered"


# code -> (result, pause seconds, what it means)
ProviderCodes = dict[int, tuple[str, float | None, str]]
# A channel's own reading of a non-2xx answer the generic rules left open; None: no opinion.
HttpRule = Callable[[RawResponse], DeliveryOutcome | None]


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Retry-After as delta seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((moment - now).total_seconds(), 0.0) if moment.tzinfo else None


def _http(response: RawResponse, now: datetime, rule: HttpRule | None) -> DeliveryOutcome:
    status = response.status_code
    wait = retry_after_seconds(response.headers.get("retry-after"), now)
    if 300 <= status < 400:
        where = response.headers.get("location", "?")
        return DeliveryOutcome("retry", f"HTTP {status} redirect to {where[:200]} not followed")
    if status == 410:
        return DeliveryOutcome("disabled", "HTTP 410 Gone: the receiver asked us to stop")
    if status in THROTTLED_STATUSES:
        return DeliveryOutcome("retry", f"HTTP {status}: throttled or unavailable", wait)
    ruled = rule(response) if rule else None
    return ruled or DeliveryOutcome("retry", f"HTTP {status}", wait)


def excerpt(response: RawResponse) -> str:
    """The start of an answer, for a reason a person reads."""
    return response.body[:100].decode(errors="replace")


def _provider_code(body: bytes) -> int | None:
    try:
        parsed: Any = json.loads(body)
    except ValueError:
        return None
    if not isinstance(parsed, dict):
        return None
    for key in ("errcode", "code", "StatusCode"):
        value = parsed.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def classify(
    kind: str,
    response: RawResponse,
    now: datetime,
    codes: ProviderCodes | None = None,
    rule: HttpRule | None = None,
) -> DeliveryOutcome:
    """The outcome of one answer; `codes` for channels whose HTTP 200 carries a result code."""
    if not 200 <= response.status_code < 300:
        return _http(response, now, rule)
    if codes is None:
        return DeliveryOutcome("delivered")
    code = _provider_code(response.body)
    if code is None:
        return DeliveryOutcome(
            "retry", "HTTP 200 without a result code is not counted as delivered"
        )
    if code == 0:
        return DeliveryOutcome("delivered", provider_code="0")
    result, pause, meaning = codes.get(code, ("retry", None, "unrecognised error code"))
    reason = f"{kind} error {code}: {meaning}"
    return DeliveryOutcome(result, reason, pause, pause is not None, str(code))
