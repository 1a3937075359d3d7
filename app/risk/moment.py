"""The one vocabulary for time in a risk read (issue 22): a read happens at the clock's `now`,
reads the world as it is (`as_of` None) or as it was at `as_of` (a replay), and may score up
to `inline_limit` of the posts it finds waiting. Passed keyword-only as `time` through
app.risk.reads, service, gather and coverage; pure functions about a single datetime
(app.risk.engine, messages) keep taking that datetime."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ReadTime:
    """When a risk read happens and which moment it reads.

    now: the clock's time of the read (stamps snapshots, transitions and scores it makes).
    as_of: a replay's moment, None for a current read; also the cutoff of what was known
        (posts created or collected from as_of on are left out).
    inline_limit: how many waiting posts the read may score itself (0: none, e.g. on a
        replica, which takes no writes)."""

    now: datetime
    as_of: datetime | None = None
    inline_limit: int = 0

    @property
    def replay(self) -> bool:
        return self.as_of is not None

    @property
    def moment(self) -> datetime:
        """The moment the reading is of: as_of for a replay, now otherwise."""
        return self.as_of if self.as_of is not None else self.now
