"""Current risk reads: concurrent readers of a changed watch share one re-evaluation."""

import threading
import time

import pytest

from app.models import Watch
from app.risk import reads
from app.risk import service as risk_service
from app.risk.moment import ReadTime
from tests.app.risk.test_router import kol_post
from tests.builders import create_watch

READERS = 4


def side_by_side(api, database, clock, monkeypatch, call):
    """READERS threads call `call` (read_risk or refresh_risk) on a watch whose KOL just got a
    post, while each evaluation is slowed so that all of them arrive during the first one.
    Returns their answers and how many evaluations ran."""
    watch_id = create_watch(api)["id"]
    api.get(f"/v1/watches/{watch_id}/risk")  # a stored reading
    api.post("/v1/posts", json=[kol_post("k1", "河粉就是一群韭菜，星河也就配这些人用，恶心")])
    with database.session_scope(write=False) as session:
        tenant_id = session.get(Watch, watch_id).tenant_id
    evaluations = []
    evaluate = risk_service.evaluate_current

    def slow_evaluate(*args, **kwargs):
        evaluations.append(1)
        time.sleep(0.3)  # long enough for every reader to arrive while it runs
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(risk_service, "evaluate_current", slow_evaluate)
    scorer = api.app.state.scorer
    answers = []

    def one():
        moment = ReadTime(clock(), None, 10_000)
        answers.append(call(database, tenant_id, watch_id, scorer, time=moment))

    threads = [threading.Thread(target=one) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers, evaluations


def test_concurrent_readers_of_a_changed_watch_share_one_evaluation(
    api, database, clock, monkeypatch
):
    answers, evaluations = side_by_side(api, database, clock, monkeypatch, reads.read_risk)

    assert len(answers) == READERS
    assert len(evaluations) == 1
    assert {a.score for a in answers} == {answers[0].score}
    assert answers[0].coverage.posts == 1


def test_processes_of_postgresql_re_evaluate_a_changed_watch_once(
    api, database, clock, monkeypatch
):
    """refresh_risk() called side by side stands for two processes (no shared memory): on
    PostgreSQL one evaluates under the watch's advisory lock, the other finds its reading."""
    if database.is_sqlite:
        pytest.skip("one process serves SQLite; the process-local single flight covers it")
    answers, evaluations = side_by_side(api, database, clock, monkeypatch, reads.refresh_risk)

    assert len(answers) == READERS
    assert len(evaluations) == 1
    assert {a.score for a in answers} == {answers[0].score}
    assert answers[0].coverage.posts == 1
    assert answers[0].pending_posts == 0


def test_an_unchanged_watch_is_read_without_a_transaction_on_postgresql(api, database):
    """In autocommit: no BEGIN and COMMIT round trips for most reads."""
    if database.is_sqlite:
        pytest.skip("SQLite reads in a read-only transaction, which costs no round trip")
    from sqlalchemy import event

    watch_id = create_watch(api)["id"]
    first = api.get(f"/v1/watches/{watch_id}/risk").json()
    modes = []

    def record(connection, _cursor, statement, *_):
        if "api_keys" not in statement:  # the key check is always in autocommit
            modes.append(connection.get_execution_options().get("isolation_level"))

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        again = api.get(f"/v1/watches/{watch_id}/risk").json()
        assert modes == ["AUTOCOMMIT", "AUTOCOMMIT"]  # the rate limit's take, the look
        api.post("/v1/posts", json=[kol_post("k9", "河粉就是一群韭菜，恶心")])
        modes.clear()
        changed = api.get(f"/v1/watches/{watch_id}/risk").json()
        # The take and the look, then the re-evaluation in one transaction.
        assert modes[:2] == ["AUTOCOMMIT", "AUTOCOMMIT"]
        assert set(modes[2:]) == {None}, modes
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    assert again == first
    assert changed["coverage"]["posts"] == first["coverage"]["posts"] + 1
