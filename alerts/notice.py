"""What a message says, independent of the channel: notices grouped into one digest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from app.models import AlertEvent

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


def _evidence(items: Sequence[dict[str, Any]]) -> tuple[EvidenceQuote, ...]:
    return tuple(
        EvidenceQuote(
            quote=str(item.get("quote") or ""),
            platform=str(item.get("platform") or ""),
            author=item.get("author"),
            url=item.get("url"),
            created_at=item.get("created_at"),
        )
        for item in items
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def notice_of(event: AlertEvent) -> Notice:
    payload = event.payload or {}
    return Notice(
        event_id=event.id,
        type=event.type,
        cause=event.cause,
        created_at=event.created_at,
        watch_id=event.watch_id,
        brand=payload.get("brand"),
        kol=payload.get("kol"),
        level=event.level,
        decision=event.decision,
        previous_level=event.previous_level,
        previous_decision=event.previous_decision,
        score=_number(payload.get("score")),
        previous_score=_number(payload.get("previous_score")),
        reasons=tuple(str(r) for r in payload.get("reasons") or ()),
        reasons_zh=tuple(str(r) for r in payload.get("reasons_zh") or ()),
        evidence=_evidence(payload.get("evidence") or ()),
        detail=payload.get("detail"),
        facts=dict(payload.get("facts") or {}),
    )
