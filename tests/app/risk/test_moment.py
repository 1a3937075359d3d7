"""ReadTime: what a current read and a replay read, derived from now and as_of."""

from dataclasses import FrozenInstanceError
from datetime import UTC, datetime

import pytest

from app.risk.moment import ReadTime

NOW = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
THEN = datetime(2026, 2, 28, 16, 0, tzinfo=UTC)


def test_a_current_read_is_of_now_and_no_replay():
    time = ReadTime(NOW, inline_limit=50)
    assert (time.replay, time.moment, time.as_of, time.inline_limit) == (False, NOW, None, 50)


def test_a_replay_is_of_its_as_of_while_its_clock_stays_now():
    time = ReadTime(NOW, THEN)
    assert (time.replay, time.moment, time.now, time.inline_limit) == (True, THEN, NOW, 0)


def test_it_cannot_be_changed_in_flight():
    with pytest.raises(FrozenInstanceError):
        ReadTime(NOW).as_of = THEN  # type: ignore[misc]
