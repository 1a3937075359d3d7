from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class AuditEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    at: datetime
    actor: str = Field(description="The key's name and prefix, or the person's name.")
    actor_kind: Literal["key", "person", "cli"]
    actor_id: str | None = Field(description="The key's or the person's id; null for the CLI.")
    action: str = Field(description="create, update, delete, revoke, rotate_secret, ack, …")
    object_type: str
    object_id: str
    changes: dict[str, Any] = Field(
        description='{"before": {…}, "after": {…}}: the fields that changed (the whole object '
        'on create and delete); secrets appear as "[redacted]".'
    )
