"""Logging for every command: one readable line per record, or one JSON object per line
(KOLRISK_LOG_FORMAT=json), each carrying the id of the HTTP request that logged it."""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from app.config import Settings

# Set by the HTTP middleware (app.metrics.http) for the request being served. Each request is
# its own task, and sync endpoints run in threads that copy the context, so every record
# logged while serving it sees its id.
REQUEST_ID: ContextVar[str | None] = ContextVar("kolrisk_request_id", default=None)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Routine INFO chatter kept out of every command's output: APScheduler logs each job run
# twice (every 5-10 s per job), Alembic each migration step it checks. Warnings still show.
# Each command migrates first, the scheduler logs every run of every job, and httpx every
# request (the demo's loopback webhook too): said only when something goes wrong.
QUIET_LOGGERS = ("apscheduler", "alembic", "httpx", "procrastinate")
# What every LogRecord has; anything else on a record came from `extra=` and goes into JSON
# (but uvicorn's copy of each message with terminal colour codes in it).
_RECORD_FIELDS = frozenset(logging.makeLogRecord({}).__dict__) | {
    "message",
    "asctime",
    "color_message",
}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request_id (when serving one), the `extra=` fields, and
    the traceback as one string, so a line is always one record."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _RECORD_FIELDS and value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a record comes (as logging's own last resort
    does), not the stream of the moment it was made: a command run in-process, by a test,
    must not keep writing into a capture that has since been closed."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


_installed: logging.Handler | None = None


def configure_logging(settings: Settings) -> None:
    """Put one handler on the root logger in the chosen format, replacing the one an earlier
    call put there (handlers that others added, such as a test runner's, stay)."""
    global _installed
    handler = StderrHandler()
    handler.addFilter(RequestIdFilter())
    json_lines = settings.log_format == "json"
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    if _installed is not None:
        root.removeHandler(_installed)
    root.addHandler(handler)
    _installed = handler
    root.setLevel(settings.log_level.upper())
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
