"""Alert timing (Alertmanager's defaults) and the rule that makes a watch's risk an alert."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class AlertPolicy:
    # A burst of events within this wait goes out as one message.
    group_wait: timedelta = timedelta(seconds=30)
    # After a tenant's message went out, newer events wait this long from it, so a watch
    # flapping over an evening is a message every few minutes, not one per flip.
    group_interval: timedelta = timedelta(minutes=5)
    # A still-firing, unacknowledged alert is re-notified this often, and not sooner.
    repeat_interval: timedelta = timedelta(hours=4)
    # Flips caused by a rescoring or a rules edit trickle in over minutes: they are summarised
    # once this long has passed without another one (or at the latest after bulk_max_wait).
    bulk_quiet: timedelta = timedelta(minutes=5)
    bulk_max_wait: timedelta = timedelta(minutes=30)
    # More watches than this in one group are summarised rather than listed one by one.
    storm_watches: int = 10


DEFAULT_POLICY = AlertPolicy()
