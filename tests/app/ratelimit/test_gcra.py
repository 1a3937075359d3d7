"""The budget arithmetic: a burst of `limit`, then one request per `window / limit`."""

import pytest

from app.ratelimit.gcra import Policy, decision, take

MINUTE = Policy("default", 6, 60.0)  # one request every 10 s once the burst is spent


def spend(policy, times, now=1000.0, tat=None):
    admitted = []
    for _ in range(times):
        new_tat = take(tat, now, policy)
        admitted.append(new_tat is not None)
        tat = new_tat if new_tat is not None else tat
    return admitted, tat


def test_a_full_budget_allows_a_burst_of_limit_then_refuses():
    admitted, tat = spend(MINUTE, 8)
    assert admitted == [True] * 6 + [False] * 2
    assert tat == pytest.approx(1060.0)


def test_it_refills_one_request_per_interval():
    _, tat = spend(MINUTE, 6)
    assert take(tat, 1009.9, MINUTE) is None
    assert take(tat, 1010.0, MINUTE) == pytest.approx(1070.0)
    assert spend(MINUTE, 6, now=1060.0, tat=tat)[0] == [True] * 6


@pytest.mark.parametrize(
    ("spent", "admitted", "remaining", "reset", "retry_after"),
    [
        (1, True, 5, 10, 0),
        (5, True, 1, 50, 0),
        (6, True, 0, 60, 0),
        (6, False, 0, 60, 10),
    ],
)
def test_what_the_client_is_told(spent, admitted, remaining, reset, retry_after):
    _, tat = spend(MINUTE, spent)
    told = decision(MINUTE, admitted, tat, 1000.0)
    assert (told.remaining, told.reset, told.retry_after) == (remaining, reset, retry_after)


def test_a_refusal_waits_only_for_the_next_slot_not_the_whole_window():
    _, tat = spend(MINUTE, 6)
    told = decision(MINUTE, False, tat, 1004.0)
    assert told.retry_after == 6
    assert told.reset == 56
