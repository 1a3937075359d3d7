"""The platform pace shared through platform_pace: turns spaced by the gap, whoever asks."""

from __future__ import annotations

import threading

import pytest

from app.collection.pace import reserve_turn
from app.db import Database


@pytest.fixture
def pg(database):
    if database.is_sqlite:
        pytest.skip("the shared pace is for workers, which run on PostgreSQL")
    return database


def test_turns_are_spaced_by_the_gap(pg):
    # Gaps long enough that a slow machine's time between two calls barely shows.
    waits = [reserve_turn(pg, "weibo", 10.0) for _ in range(3)]
    assert waits[0] == 0
    assert waits[1] == pytest.approx(10.0, abs=2.0)
    assert waits[2] == pytest.approx(20.0, abs=2.0)
    assert reserve_turn(pg, "bilibili", 10.0) == 0  # another platform has its own pace


def test_processes_share_one_pace(pg):
    """Two engines stand for two worker processes; 8 concurrent requests get 8 distinct turns."""
    other = Database(pg.url)
    waits: list[float] = []
    lock = threading.Lock()

    def take(database):
        wait = reserve_turn(database, "zhihu", 10.0)
        with lock:
            waits.append(wait)

    threads = [threading.Thread(target=take, args=(d,)) for d in [pg, other] * 4]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        other.dispose()
    assert sorted(round(w / 10) for w in waits) == list(range(8))
