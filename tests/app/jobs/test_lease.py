"""The lease: of several schedulers on one database exactly one acts, and a dead one is replaced."""

from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from app.jobs import lease
from app.jobs.scheduler import JobSpec, LeasedScheduler

TTL = timedelta(seconds=30)


def scheduler(database, clock, ran):
    job = JobSpec("count", timedelta(seconds=10), 0, "counts runs", lambda: ran.append(1))
    return LeasedScheduler(BackgroundScheduler(), database, [job], clock, TTL)


def test_only_one_of_two_schedulers_holds_the_lease(database, clock):
    ran = []
    first, second = scheduler(database, clock, ran), scheduler(database, clock, ran)
    assert [first.renew(), second.renew()] == [True, False]
    assert first.run_if_holding(first.jobs[0]) is True
    assert second.run_if_holding(second.jobs[0]) is False
    assert ran == [1]


def test_holder_keeps_the_lease_by_renewing(database, clock):
    first, second = scheduler(database, clock, []), scheduler(database, clock, [])
    first.renew()
    for _ in range(5):
        clock.advance(seconds=10)
        assert first.renew() is True
        assert second.renew() is False


def test_standby_takes_over_when_the_holder_stops_renewing(database, clock):
    first, second = scheduler(database, clock, []), scheduler(database, clock, [])
    first.renew()
    clock.advance(seconds=29)
    assert second.renew() is False
    clock.advance(seconds=2)
    assert second.renew() is True
    assert first.renew() is False
    assert first.holds() is False


def test_holder_stops_acting_before_its_lease_runs_out(database, clock):
    first = scheduler(database, clock, [])
    first.renew()
    clock.advance(seconds=19)
    assert first.holds() is True
    clock.advance(seconds=2)
    assert first.holds() is False


def test_clean_stop_hands_the_lease_over_at_once(database, clock):
    first, second = scheduler(database, clock, []), scheduler(database, clock, [])
    first.renew()
    first.stop()
    assert second.renew() is True
    with database.session_scope(write=False) as session:
        assert lease.current(session).holder == second.holder


def test_a_failing_job_is_recorded_and_does_not_escape(database, clock):
    from app.jobs.runner import job_states, run_recorded

    def broken():
        raise RuntimeError("boom")

    assert run_recorded(database, "broken", broken, clock) is False
    state = job_states(database)["broken"]
    assert state.last_ok is False
    assert "boom" in state.last_error
    assert state.runs == 1
