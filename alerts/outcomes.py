"""What a response means, per channel.

Generic webhooks and Slack speak HTTP. DingTalk, Feishu and WeCom answer HTTP 200 with an
error code in the body: only code 0 is a delivery, throttle codes pause the destination, and
codes that mean our configuration is wrong stop retrying.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from alerts.transport import RawResponse

THROTTLED_STATUSES = (429, 502, 503, 504)


@dataclass(frozen=True)
class Outcome:
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

DINGTALK_CODES: ProviderCodes = {
    130101: ("retry", 600.0, "sending too fast: DingTalk throttles this robot for 10 minutes"),
    310000: ("failed", None, "keyword, sign or IP allow-list check failed: fix the robot setup"),
    300001: ("disabled", None, "the robot's access token does not exist"),
    300005: ("disabled", None, "the robot's access token does not exist"),
}
FEISHU_CODES: ProviderCodes = {
    11232: ("retry", 60.0, "Feishu throttled the bot"),
    19021: ("failed", None, "signature check failed: is the bot's secret right?"),
    19001: ("disabled", None, "the bot's webhook token is invalid"),
    19024: ("failed", None, "keyword check failed: fix the bot's security settings"),
    9499: ("failed", None, "Feishu refused the request as malformed"),
}
WECOM_CODES: ProviderCodes = {
    45009: ("retry", 60.0, "WeCom rate limit: 20 messages a minute per robot"),
    93000: ("disabled", None, "the robot's webhook key is invalid or removed"),
    40058: ("failed", None, "message too long for WeCom"),
}
PROVIDER_CODES = {"dingtalk": DINGTALK_CODES, "feishu": FEISHU_CODES, "wecom": WECOM_CODES}


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


def _http(kind: str, response: RawResponse, now: datetime) -> Outcome:
    status = response.status_code
    wait = retry_after_seconds(response.headers.get("retry-after"), now)
    if 300 <= status < 400:
        where = response.headers.get("location", "?")
        return Outcome("retry", f"HTTP {status} redirect to {where[:200]} not followed")
    if status == 410:
        return Outcome("disabled", "HTTP 410 Gone: the receiver asked us to stop")
    if status in THROTTLED_STATUSES:
        return Outcome("retry", f"HTTP {status}: throttled or unavailable", wait)
    if kind == "slack" and status in (404,):
        return Outcome("disabled", f"HTTP 404 {_excerpt(response)}: the Slack webhook is gone")
    if kind == "slack" and status in (400, 403):
        return Outcome("failed", f"HTTP {status} {_excerpt(response)}: Slack refused the message")
    if kind == "standard" and response.headers.get("webhook-delivery") == "abort-message":
        return Outcome("failed", "the receiver asked us to stop retrying this message")
    return Outcome("retry", f"HTTP {status}", wait)


def _excerpt(response: RawResponse) -> str:
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


def classify(kind: str, response: RawResponse, now: datetime) -> Outcome:
    if not 200 <= response.status_code < 300:
        return _http(kind, response, now)
    if kind not in PROVIDER_CODES:
        return Outcome("delivered")
    code = _provider_code(response.body)
    if code is None:
        return Outcome("retry", "HTTP 200 without a result code is not counted as delivered")
    if code == 0:
        return Outcome("delivered", provider_code="0")
    result, pause, meaning = PROVIDER_CODES[kind].get(
        code, ("retry", None, "unrecognised error code")
    )
    return Outcome(result, f"{kind} error {code}: {meaning}", pause, pause is not None, str(code))
