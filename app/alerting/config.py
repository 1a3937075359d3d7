"""Everything a dispatcher needs besides the database, built once from Settings; tests inject
a resolver, an inner transport and a seeded random source here instead of patching code."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

import httpx

from alerts.ssrf import AllowList, Resolver, system_resolver
from app.config import Settings

DEFAULT_BASE_URL = "http://localhost:8000"


@dataclass
class DeliveryConfig:
    allow: AllowList = field(default_factory=AllowList)
    base_url: str = DEFAULT_BASE_URL
    resolver: Resolver = system_resolver
    inner_transport: httpx.BaseTransport | None = None
    rng: random.Random = field(default_factory=random.Random)
    timeout_seconds: float = 15.0
    # Longer than one attempt can take, so a live dispatcher never loses its claim mid-send.
    claim: timedelta = timedelta(minutes=2)
    disable_after: timedelta = timedelta(days=5)
    # A rotated-out secret keeps signing alongside the new one for this long.
    rotation_overlap: timedelta = timedelta(hours=24)

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: object) -> DeliveryConfig:
        base_url = settings.public_base_url or DEFAULT_BASE_URL
        config = cls(allow=AllowList.parse(settings.webhook_allow_hosts), base_url=base_url)
        for name, value in overrides.items():
            setattr(config, name, value)
        return config
