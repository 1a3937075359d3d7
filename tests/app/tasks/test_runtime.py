"""Which path background work takes, and the periods as cron lines (no database needed)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.config import Settings
from app.jobs.scheduler import SCHEDULES
from app.tasks.runtime import conninfo, uses_workers
from app.tasks.schedule import cron_of

PG = "postgresql+psycopg://kolrisk:pw@db:5432/kolrisk"


@pytest.mark.parametrize(
    ("url", "queue", "workers"),
    [
        ("sqlite:///var/kolrisk.db", "auto", False),  # the embedded default: all in `serve`
        (PG, "auto", True),
        ("postgresql://kolrisk@db/kolrisk", "auto", True),
        (PG, "inline", False),  # PostgreSQL may still run everything in one process
        ("sqlite:///var/kolrisk.db", "inline", False),
    ],
)
def test_the_task_queue_setting_picks_the_path(url, queue, workers):
    assert uses_workers(Settings(database_url=url, task_queue=queue)) is workers


def test_the_queue_connects_where_sqlalchemy_does():
    assert conninfo(PG) == "postgresql://kolrisk:pw@db:5432/kolrisk"
    with pytest.raises(ValueError, match="PostgreSQL"):
        conninfo("sqlite:///var/kolrisk.db")


@pytest.mark.parametrize(
    ("every", "cron"),
    [
        (timedelta(seconds=5), "* * * * * */5"),
        (timedelta(seconds=10), "* * * * * */10"),
        (timedelta(minutes=1), "*/1 * * * *"),
        (timedelta(minutes=5), "*/5 * * * *"),
        (timedelta(hours=1), "0 */1 * * *"),
        (timedelta(days=1), "15 19 * * *"),  # 03:15 in Shanghai
    ],
)
def test_periods_as_cron_lines(every, cron):
    assert cron_of(every) == cron


def test_every_scheduled_period_divides_its_unit():
    """A period that does not divide a minute, an hour or a day would drift at the wrap."""
    for schedule in SCHEDULES.values():
        seconds = int(schedule.every.total_seconds())
        unit = 60 if seconds < 60 else 3600 if seconds < 3600 else 86400
        assert unit % seconds == 0 or seconds >= 86400 or seconds % 3600 == 0
