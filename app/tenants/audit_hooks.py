"""The one door every auditable act of the tenant features goes through: personal-data
requests, share links (created, revoked, opened) and tenant deletion.

Today it writes a structured line to the `kolrisk.audit` log. When the audit log table lands
(GET /v1/audit-log), point `audit()` at it: the callers already pass the session of the
transaction the act happens in, so the audit row commits (or rolls back) with the act itself.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

log = logging.getLogger("kolrisk.audit")


def audit(
    session: Session | None,
    action: str,
    *,
    tenant_id: str | None,
    actor: str,
    target: str,
    at: datetime,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record that `actor` did `action` (e.g. "privacy.erase", "share.create") to `target`.

    `session` is None only where no transaction of the tenant is left to join (a tenant's
    deletion is recorded after its rows are gone)."""
    del session  # the audit table will be written through it
    entry = {
        "action": action,
        "tenant_id": tenant_id,
        "actor": actor,
        "target": target,
        "at": at.isoformat(),
        "detail": detail or {},
    }
    log.info("audit %s", json.dumps(entry, ensure_ascii=False, sort_keys=True, default=str))
