"""Silences per watch: while one is active, the watch's alerts are recorded, not delivered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.models import AlertSilence


def is_silenced(session: Session, watch_id: str, now: datetime) -> bool:
    active = exists().where(
        AlertSilence.watch_id == watch_id,
        AlertSilence.starts_at <= now,
        AlertSilence.ends_at > now,
    )
    return bool(session.scalar(select(active)))
