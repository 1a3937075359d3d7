"""The one door every auditable act of the tenant features goes through: personal-data
requests, share links (created, revoked, opened) and tenant deletion.

Each act is written to the audit log (app.audit) in the session of its own transaction, so the
entry commits or rolls back with it, and as a JSON line to the `kolrisk.audit` logger. A
tenant's deletion has no session left to write in (its audit entries go with it): the log line
is its only record.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.audit import Actor, record

log = logging.getLogger("kolrisk.audit")


def audit(
    session: Session | None,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str,
    *,
    at: datetime,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record that `actor` did `action` (erase, open, …) to an object (an author, a share)."""
    entry = {
        "tenant_id": actor.tenant_id,
        "actor": actor.name,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "at": at.isoformat(),
        "detail": detail or {},
    }
    log.info("audit %s", json.dumps(entry, ensure_ascii=False, sort_keys=True, default=str))
    if session is not None:
        record(session, actor, action, object_type, object_id, after=detail or {}, at=at)
