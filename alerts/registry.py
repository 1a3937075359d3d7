"""The alert channels: one entry per kind says everything kolrisk knows about it.

Everything else reads this list: the sender (payload, signing, what an answer means), the send
caps (alerts.ratecap), how many alerts one message lists (app.alerting), the API's allowed
kinds and secret rules (app.webhooks), and the dashboard's channel choices and words (app.ui,
app.i18n). tests/alerts/test_registry.py checks that they agree. A new channel is an entry
here, its payload builder in alerts/formats/channels.py, and a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from alerts import signing
from alerts.formats import channels as payloads
from alerts.notice import Digest
from alerts.outcomes import DeliveryOutcome, HttpRule, ProviderCodes, classify, excerpt
from alerts.signing import Outgoing
from alerts.transport import RawResponse

Renderer = Callable[[Digest], dict[str, Any]]
# (request, the secrets that sign now, newest first, the message id, the attempt's time)
Signer = Callable[[Outgoing, tuple[str, ...], str, datetime], Outgoing]
# generated: we make a whsec_ secret and show it once; robot: the robot's own secret (SEC…),
# optional; none: the URL itself is the credential.
SecretRule = Literal["generated", "robot", "none"]


@dataclass(frozen=True)
class Channel:
    kind: str
    labels: tuple[str, str]  # (zh, en), as the dashboard names the channel
    render: Renderer
    # How many alerts one detailed message lists; more are split or summarised.
    max_events: int
    # Sends allowed per destination: ((window seconds, most sends in it), ...), kept under the
    # provider's limit with some headroom. A destination at its cap coalesces what waits.
    caps: tuple[tuple[float, int], ...] = ()
    secret: SecretRule = "none"
    sign: Signer | None = None
    # Result codes in the body of an HTTP 200; None when the HTTP status alone says it.
    codes: ProviderCodes | None = None
    http_rule: HttpRule | None = None

    def classify(self, response: RawResponse, now: datetime) -> DeliveryOutcome:
        return classify(self.kind, response, now, self.codes, self.http_rule)


def _standard_http(response: RawResponse) -> DeliveryOutcome | None:
    if response.headers.get("webhook-delivery") == "abort-message":
        return DeliveryOutcome("failed", "the receiver asked us to stop retrying this message")
    return None


def _slack_http(response: RawResponse) -> DeliveryOutcome | None:
    status = response.status_code
    if status == 404:
        return DeliveryOutcome(
            "disabled", f"HTTP 404 {excerpt(response)}: the Slack webhook is gone"
        )
    if status in (400, 403):
        return DeliveryOutcome(
            "failed", f"HTTP {status} {excerpt(response)}: Slack refused the message"
        )
    return None


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

CHANNELS: dict[str, Channel] = {
    c.kind: c
    for c in (
        Channel(
            "standard",
            ("标准 Webhook（签名）", "standard (signed)"),
            payloads.standard,
            max_events=50,
            secret="generated",
            sign=signing.sign_standard_request,
            http_rule=_standard_http,
        ),
        Channel(
            "slack",
            ("Slack", "Slack"),
            payloads.slack,
            max_events=20,
            caps=((1, 1),),  # Slack: about 1 a second
            http_rule=_slack_http,
        ),
        Channel(
            "dingtalk",
            ("钉钉", "DingTalk"),
            payloads.dingtalk,
            max_events=20,
            caps=((60, 18),),  # DingTalk: 20 a minute
            secret="robot",
            sign=signing.sign_dingtalk_request,
            codes=DINGTALK_CODES,
        ),
        Channel(
            "feishu",
            ("飞书", "Feishu / Lark"),
            payloads.feishu,
            max_events=20,
            caps=((1, 4), (60, 90)),  # Feishu: 5 a second and 100 a minute
            secret="robot",
            sign=signing.sign_feishu_request,
            codes=FEISHU_CODES,
        ),
        Channel(
            "wecom",
            ("企业微信", "WeCom"),
            payloads.wecom,
            max_events=5,
            caps=((60, 18),),  # WeCom: 20 a minute
            codes=WECOM_CODES,
        ),
    )
}
KINDS: tuple[str, ...] = tuple(CHANNELS)
