"""Who changed what: `record()` in the transaction of every change to a tenant's state."""

from app.audit.service import Actor, cli_actor, record, recording, snapshot

__all__ = ["Actor", "cli_actor", "record", "recording", "snapshot"]
