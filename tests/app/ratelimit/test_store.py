"""Both stores apply the same step atomically; the table is shared by every process."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from app.ratelimit.gcra import Policy
from app.ratelimit.store import MemoryStore, SqlStore

POLICY = Policy("default", 30, 60.0)


@pytest.fixture(params=["memory", "table"])
def store(request, database):
    return MemoryStore() if request.param == "memory" else SqlStore(database.engine)


def test_a_burst_then_refusals_and_a_refund(store):
    results = [store.take("key:k1:default", 1000.0, POLICY)[0] for _ in range(32)]
    assert results == [True] * 30 + [False] * 2
    admitted, tat = store.take("key:k2:default", 1000.0, POLICY)
    assert admitted
    assert tat == pytest.approx(1002.0)
    store.give_back("key:k1:default", POLICY)
    assert store.take("key:k1:default", 1000.0, POLICY)[0]
    assert not store.take("key:k1:default", 1000.0, POLICY)[0]


def test_a_refusal_reports_the_buckets_state_unchanged(store):
    for _ in range(30):
        store.take("b", 1000.0, POLICY)
    admitted, tat = store.take("b", 1000.0, POLICY)
    assert not admitted
    assert tat == pytest.approx(1060.0)


def test_concurrent_takes_never_admit_more_than_the_budget(store):
    def spend(_):
        return sum(store.take("shared", 1000.0, POLICY)[0] for _ in range(10))

    with ThreadPoolExecutor(max_workers=6) as pool:
        admitted = sum(pool.map(spend, range(6)))
    assert admitted == 30


def test_the_table_store_is_seen_by_another_connection_pool(database):
    from app.db import Database

    first, second = SqlStore(database.engine), Database(database.url)
    try:
        for _ in range(30):
            assert first.take("key:k:default", 1000.0, POLICY)[0]
        assert not SqlStore(second.engine).take("key:k:default", 1000.0, POLICY)[0]
    finally:
        second.dispose()


def test_the_table_forgets_buckets_that_are_full_again(database):
    store = SqlStore(database.engine)
    store.take("spent", 1000.0, POLICY)
    store.take("resting", 900.0, POLICY)
    store.prune(1000.0)
    with database.engine.connect() as connection:
        left = connection.exec_driver_sql("SELECT bucket FROM rate_limit_buckets").scalars().all()
    assert left == ["spent"]
