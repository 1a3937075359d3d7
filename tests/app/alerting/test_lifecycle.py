"""The alert state machine as a table."""

import pytest

from app.alerting.lifecycle import event_for, fingerprint, rank


@pytest.mark.parametrize(
    ("status", "old", "new", "event"),
    [
        (None, None, ("low", "go"), None),
        (None, None, ("low", "caution"), None),
        (None, None, ("medium", "caution"), "firing"),
        (None, None, ("low", "no_go"), "firing"),
        ("resolved", ("low", "go"), ("high", "no_go"), "firing"),
        ("firing", ("medium", "caution"), ("high", "caution"), "escalated"),
        ("firing", ("high", "caution"), ("high", "no_go"), "escalated"),
        ("firing", ("critical", "no_go"), ("high", "no_go"), None),
        ("firing", ("high", "no_go"), ("high", "no_go"), None),
        ("firing", ("high", "no_go"), ("low", "go"), "resolved"),
        ("firing", ("medium", "caution"), ("low", "caution"), "resolved"),
    ],
)
def test_transitions(status, old, new, event):
    old_level, old_decision = old or (None, None)
    assert event_for(status, old_level, old_decision, *new) == event


def test_fingerprint_is_per_watch_and_rule():
    assert fingerprint("w1") == fingerprint("w1")
    assert fingerprint("w1") != fingerprint("w2")
    assert fingerprint("w1", "other") != fingerprint("w1")


def test_rank_counts_no_go_as_high():
    assert rank("low", "no_go") == 2
    assert rank("critical", "go") == 3
    assert rank(None, None) == 0
