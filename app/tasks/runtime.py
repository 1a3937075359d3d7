"""What a task needs from its process (the database, settings, scorer, clock), and the
procrastinate app built from the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.clock import Clock
from app.collection.gates import Gates
from app.collection.pace import SharedPaceGates
from app.config import Settings
from app.db import Database, normalize_database_url
from app.jobs.scheduler import JobSpec, job_table
from sentiment import Scorer

if TYPE_CHECKING:
    import procrastinate


@dataclass
class Runtime:
    database: Database
    settings: Settings
    scorer: Scorer
    clock: Clock
    gates: Gates = field(init=False)
    jobs: dict[str, JobSpec] = field(init=False)

    def __post_init__(self) -> None:
        self.gates = SharedPaceGates(self.database)
        specs = job_table(self.database, self.settings, self.scorer, self.clock)
        self.jobs = {spec.name: spec for spec in specs}


def uses_workers(settings: Settings) -> bool:
    """True when background jobs run as procrastinate tasks on `kolrisk worker` processes."""
    if settings.task_queue == "auto":
        return make_url(normalize_database_url(settings.database_url)).get_backend_name() == (
            "postgresql"
        )
    return settings.task_queue == "procrastinate"


def conninfo(database_url: str) -> str:
    """libpq's form of our SQLAlchemy URL (postgresql+psycopg://… → postgresql://…)."""
    url = make_url(normalize_database_url(database_url))
    if url.get_backend_name() != "postgresql":
        raise ValueError(
            "KOLRISK_TASK_QUEUE=procrastinate needs a PostgreSQL KOLRISK_DATABASE_URL "
            f"(this one is {url.get_backend_name()}); use `inline` on SQLite"
        )
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def build_app(settings: Settings) -> procrastinate.App:
    # Imported here: processes that never use the queue (SQLite's) skip loading procrastinate.
    import procrastinate

    from app.tasks.registry import register_tasks

    connector = procrastinate.PsycopgConnector(
        conninfo=conninfo(settings.database_url),
        min_size=1,
        max_size=max(2, settings.worker_concurrency + 2),
    )
    # The periodic deferrer catches up on ticks missed while no worker ran for up to a period
    # of the longest job, rather than procrastinate's 10 minutes; a day suits the daily prune.
    app = procrastinate.App(connector=connector, periodic_defaults={"max_delay": 86400})
    register_tasks(app)
    return app


def live_workers(session: Session) -> int:
    """Workers that sent a heartbeat within the stalled-worker limit's default (30 s)."""
    return int(
        session.scalar(
            text(
                "SELECT count(*) FROM procrastinate_workers "
                "WHERE last_heartbeat > now() - interval '30 seconds'"
            )
        )
        or 0
    )
