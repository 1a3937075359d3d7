"""Per-destination send caps, each channel's own (`caps` in alerts.registry). A destination at
its cap is not dropped from: its waiting messages are coalesced into one when a slot frees."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from alerts.registry import CHANNELS

# kind -> ((window seconds, most sends in it), ...)
CAPS: dict[str, tuple[tuple[float, int], ...]] = {c.kind: c.caps for c in CHANNELS.values()}
# How far back the sends that count against any cap reach.
LONGEST_WINDOW = timedelta(
    seconds=max((window for caps in CAPS.values() for window, _ in caps), default=0)
)


def allows(kind: str, recent_sends: Sequence[datetime], now: datetime) -> bool:
    """True when one more send now keeps every window of `kind` within its cap."""
    for window_seconds, most in CAPS.get(kind, ()):
        start = now - timedelta(seconds=window_seconds)
        if sum(1 for sent in recent_sends if sent > start) >= most:
            return False
    return True
