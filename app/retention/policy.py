"""What retention keeps, as moments before which rows may go (from the retention_* settings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.config import Settings

# Audit log entries answer "who changed what" for a year at least, whatever is configured.
AUDIT_LOG_MIN_DAYS = 365


@dataclass(frozen=True)
class RetentionPolicy:
    assessments_per_watch: int
    alerts_before: datetime
    cursors_before: datetime
    # None: raw is kept forever (the default).
    post_raw_before: datetime | None
    audit_log_before: datetime
    batch_rows: int

    @classmethod
    def of(cls, settings: Settings, now: datetime) -> RetentionPolicy:
        raw_days = settings.retention_post_raw_days
        audit_days = max(settings.retention_audit_log_days, AUDIT_LOG_MIN_DAYS)
        return cls(
            assessments_per_watch=settings.retention_assessments_per_watch,
            alerts_before=now - timedelta(days=settings.retention_alert_days),
            cursors_before=now - timedelta(days=settings.retention_cursor_days),
            post_raw_before=now - timedelta(days=raw_days) if raw_days else None,
            audit_log_before=now - timedelta(days=audit_days),
            batch_rows=settings.retention_batch_rows,
        )
