from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from alerts.registry import KINDS
from app.schemas import Level, Strict

if TYPE_CHECKING:
    Kind = str
else:
    # The channel registry's kinds: pydantic checks them and the OpenAPI enum lists them.
    Kind = Literal[KINDS]
EventType = Literal[
    "firing",
    "escalated",
    "resolved",
    "repeat",
    "summary",
    "webhook_disabled",
    "weekly_digest",
    "operator",
]
Language = Literal["zh", "en"]


class WebhookCreate(Strict):
    kind: Kind
    url: str = Field(min_length=1, max_length=2000)
    # Only for robots with signing on (dingtalk, feishu: `secret="robot"` in alerts.registry):
    # the robot's own secret (SEC…). Standard webhooks get a generated whsec_ secret; Slack
    # and WeCom URLs are the credential.
    secret: str | None = Field(default=None, min_length=1, max_length=200)
    min_level: Level = "medium"
    watch_ids: list[str] = Field(default_factory=list, max_length=500)
    event_types: list[EventType] = Field(default_factory=list)
    language: Language = "zh"
    description: str | None = Field(default=None, max_length=200)
    # Operator alerts (failing credentials, lagging work, a disabled endpoint) go to the
    # tenant's admin channels, or to every channel while none is flagged.
    admin_channel: bool = False


class RotateSecret(Strict):
    # dingtalk / feishu: the robot's new secret. standard: leave out, one is generated.
    secret: str | None = Field(default=None, min_length=1, max_length=200)


class WebhookOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: Kind
    url: str = Field(description="the URL with its path and query hidden")
    min_level: Level
    watch_ids: list[str]
    event_types: list[str]
    language: Language
    description: str | None
    admin_channel: bool = False
    has_secret: bool
    previous_secret_until: datetime | None
    enabled: bool
    disabled_at: datetime | None
    disabled_reason: str | None
    failing_since: datetime | None
    last_success_at: datetime | None
    paused_until: datetime | None
    created_at: datetime
    updated_at: datetime


class WebhookWithSecret(WebhookOut):
    secret: str | None = Field(
        description="shown once: standard webhooks verify signatures with it"
    )


class AttemptOut(BaseModel):
    id: str
    message_id: str
    is_test: bool
    attempted_at: datetime
    outcome: str
    status_code: int | None
    provider_code: str | None
    latency_ms: int
    error: str | None
    response: str | None


class TestResult(BaseModel):
    message_id: str
    delivered: bool
    outcome: str
    status_code: int | None
    latency_ms: int
    error: str | None
    response: str | None
