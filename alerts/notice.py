"""What a message says, independent of the channel: notices grouped into one digest."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

# Evidence links go to the platform's own post only on these hosts; any other URL in post data
# is hostile input and is left out of chat messages.
PLATFORM_HOSTS = (
    "weibo.com",
    "weibo.cn",
    "bilibili.com",
    "b23.tv",
    "douyin.com",
    "xiaohongshu.com",
    "xhslink.com",
    "zhihu.com",
    "baidu.com",
)


def platform_link(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    known = any(host == h or host.endswith("." + h) for h in PLATFORM_HOSTS)
    return url if parts.scheme in ("http", "https") and known and not parts.username else None


@dataclass(frozen=True)
class EvidenceQuote:
    quote: str
    platform: str
    author: str | None
    url: str | None
    created_at: str | None


@dataclass(frozen=True)
class Notice:
    event_id: str
    type: str  # firing, escalated, resolved, repeat, webhook_disabled, test
    cause: str
    created_at: datetime
    watch_id: str | None = None
    brand: str | None = None
    kol: str | None = None
    level: str | None = None
    decision: str | None = None
    previous_level: str | None = None
    previous_decision: str | None = None
    score: float | None = None
    previous_score: float | None = None
    reasons: tuple[str, ...] = ()
    evidence: tuple[EvidenceQuote, ...] = ()
    detail: str | None = None
    reasons_zh: tuple[str, ...] = ()
    # What a digest or an operator alert reports, as data (alerts.formats.digest words it).
    facts: dict[str, Any] = field(default_factory=dict)

    def reasons_in(self, language: str) -> tuple[str, ...]:
        """Chinese reasons for zh destinations when the event carries them, else the English."""
        return self.reasons_zh if language == "zh" and self.reasons_zh else self.reasons


@dataclass(frozen=True)
class Digest:
    """One message: its id (the webhook-id), its notices, how to lay them out."""

    message_id: str
    created_at: datetime
    notices: tuple[Notice, ...]
    language: str = "zh"
    layout: str = "detail"  # or "summary"
    base_url: str = "http://localhost:8000"
    extra: dict[str, Any] = field(default_factory=dict)

    def watch_url(self, watch_id: str) -> str:
        return f"{self.base_url.rstrip('/')}/ui/watches/{watch_id}"

    @property
    def alerts_url(self) -> str:
        return f"{self.base_url.rstrip('/')}/ui/alerts"
