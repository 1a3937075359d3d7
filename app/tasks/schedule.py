"""The task queues' names, and periods as cron lines for procrastinate's periodic tasks."""

from __future__ import annotations

from datetime import timedelta

# Queues, so a deployment may give slow work (collection) workers of its own (--queues).
PERIODIC, SCORING, COLLECTION, DELIVERY, DERIVED = (
    "periodic", "scoring", "collection", "delivery", "derived",
)  # fmt: skip
QUEUES = (PERIODIC, SCORING, COLLECTION, DELIVERY, DERIVED)
# Daily jobs (the retention prune) run at 03:15 in Asia/Shanghai, when few people read.
DAILY_AT_UTC = "15 19"


def cron_of(every: timedelta) -> str:
    """A cron line firing every `every`: whole seconds below a minute (procrastinate reads a
    sixth column as seconds), whole minutes below an hour, whole hours below a day, else daily.
    A period must divide its unit evenly (10 s, 5 min, 1 h) to be kept exactly."""
    seconds = int(every.total_seconds())
    if seconds < 60:
        return f"* * * * * */{max(1, seconds)}"
    if seconds < 3600:
        return f"*/{seconds // 60} * * * *"
    if seconds < 86400:
        return f"0 */{seconds // 3600} * * *"
    return f"{DAILY_AT_UTC} * * *"
