"""Alert events and messages as the delivery library's notices and digests: the one place
where rows of app.models become the plain data `alerts` renders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.notice import Digest, EvidenceQuote, Notice
from app.models import AlertEvent, AlertMessage, WebhookEndpoint


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


def digest_of(
    session: Session, message: AlertMessage, endpoint: WebhookEndpoint, base_url: str
) -> Digest:
    if message.is_test:
        notices: tuple[Notice, ...] = (
            Notice(event_id=message.id, type="test", cause="test", created_at=message.created_at),
        )
    else:
        events = session.scalars(select(AlertEvent).where(AlertEvent.id.in_(message.event_ids)))
        by_id = {event.id: event for event in events}
        notices = tuple(notice_of(by_id[i]) for i in message.event_ids if i in by_id)
    return Digest(
        message_id=message.id,
        created_at=message.created_at,
        notices=notices,
        language=endpoint.language,
        layout=message.layout,
        base_url=base_url,
    )
