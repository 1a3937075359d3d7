"""Per-destination send caps, kept under the providers' limits with some headroom
(DingTalk and WeCom 20/min, Feishu 5/s and 100/min, Slack about 1/s). A destination at its cap
is not dropped from: its waiting messages are coalesced into one when a slot frees."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

# kind -> ((window seconds, most sends in it), ...)
CAPS: dict[str, tuple[tuple[float, int], ...]] = {
    "dingtalk": ((60, 18),),
    "wecom": ((60, 18),),
    "feishu": ((1, 4), (60, 90)),
    "slack": ((1, 1),),
    "standard": (),
}
LONGEST_WINDOW = timedelta(seconds=60)


def allows(kind: str, recent_sends: Sequence[datetime], now: datetime) -> bool:
    """True when one more send now keeps every window of `kind` within its cap."""
    for window_seconds, most in CAPS.get(kind, ()):
        start = now - timedelta(seconds=window_seconds)
        if sum(1 for sent in recent_sends if sent > start) >= most:
            return False
    return True
