from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field, HttpUrl

from collectors.platforms import COLLECTED

# The platforms a pass can collect from (collectors.platforms), an enum in the API's schema.
if TYPE_CHECKING:
    CollectedPlatform = str
else:
    CollectedPlatform = Literal[COLLECTED]


class PlatformAccessIn(BaseModel):
    """Fields left out stay as they are; "" clears a secret or the provider."""

    enabled: bool | None = None
    cookie: str | None = Field(default=None, max_length=8000)
    provider_url: HttpUrl | Literal[""] | None = None
    provider_token: str | None = Field(default=None, max_length=4000)
    feeds: list[HttpUrl] | None = Field(default=None, max_length=200)


class PlatformAccessOut(BaseModel):
    """Secrets are never returned: only whether one is stored."""

    platform: CollectedPlatform
    enabled: bool
    has_cookie: bool
    provider_url: str | None
    has_provider_token: bool
    feeds: list[str]
    paused_reason: str | None
    paused_at: datetime | None
