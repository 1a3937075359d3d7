"""The alert state machine, as pure functions.

One rule for now, "risk": a watch's alert fires when its level is medium or above, or its
decision is no-go. While firing, a worse level or decision is an escalation; a milder one that
still fires only updates the alert (the next reminder shows it); falling below the threshold
resolves it.
"""

from __future__ import annotations

import hashlib

RULE = "risk"
LEVEL_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}
DECISION_RANK = {"go": 0, "caution": 1, "no_go": 2}


def fingerprint(watch_id: str, rule: str = RULE) -> str:
    return hashlib.sha256(f"{watch_id}\x1f{rule}".encode()).hexdigest()[:40]


def rank(level: str | None, decision: str | None) -> int:
    """How serious a reading is, for min_level filters: a no-go counts as at least high."""
    level_rank = LEVEL_RANK.get(level or "", 0)
    return max(level_rank, 2) if decision == "no_go" else level_rank


def is_firing(level: str, decision: str) -> bool:
    return LEVEL_RANK.get(level, 0) >= 1 or decision == "no_go"


def is_worse(old_level: str, old_decision: str, new_level: str, new_decision: str) -> bool:
    return LEVEL_RANK.get(new_level, 0) > LEVEL_RANK.get(old_level, 0) or DECISION_RANK.get(
        new_decision, 0
    ) > DECISION_RANK.get(old_decision, 0)


def event_for(
    status: str | None,
    old_level: str | None,
    old_decision: str | None,
    new_level: str,
    new_decision: str,
) -> str | None:
    """The event a new reading causes for an alert in `status` (None: no alert yet)."""
    firing_now = is_firing(new_level, new_decision)
    if status != "firing":
        return "firing" if firing_now else None
    if not firing_now:
        return "resolved"
    if is_worse(old_level or "low", old_decision or "go", new_level, new_decision):
        return "escalated"
    return None
