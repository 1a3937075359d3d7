"""Log setup: JSON lines with the request id, and the routine chatter kept out."""

import json
import logging

import pytest

from app import logs
from app.config import Settings
from app.logs import JsonFormatter, configure_logging


@pytest.fixture
def logging_restored():
    """configure_logging changes the root logger for the whole process: put it back."""
    root = logging.getLogger()
    level = root.level
    quiet = {name: logging.getLogger(name).level for name in logs.QUIET_LOGGERS}
    yield
    if logs._installed is not None:
        root.removeHandler(logs._installed)
        logs._installed = None
    root.setLevel(level)
    for name, old in quiet.items():
        logging.getLogger(name).setLevel(old)


def record(message, *args, **extra):
    made = logging.makeLogRecord(
        {"name": "kolrisk.test", "levelname": "INFO", "levelno": 20, "msg": message}
    )
    made.args = args
    made.__dict__.update(extra)
    return made


def test_a_json_line_holds_the_message_its_extras_and_the_request_id():
    line = JsonFormatter().format(
        record("%d posts from %s", 3, "微博", route="/v1/x", request_id="r1")
    )
    entry = json.loads(line)
    assert entry["message"] == "3 posts from 微博"  # kept readable, not \u-escaped
    assert "微博" in line
    assert entry["level"] == "INFO"
    assert entry["logger"] == "kolrisk.test"
    assert entry["request_id"] == "r1"
    assert entry["route"] == "/v1/x"
    assert entry["time"].endswith("+00:00")


def test_a_traceback_stays_inside_its_one_line():
    try:
        raise ValueError("broken\non two lines")
    except ValueError:
        import sys

        made = record("failed", exc_info=sys.exc_info())
    line = JsonFormatter().format(made)
    assert "\n" not in line
    assert "ValueError: broken" in json.loads(line)["exception"]


def test_json_format_writes_one_object_per_line_to_stderr(logging_restored, capsys):
    configure_logging(Settings(log_format="json"))
    token = logs.REQUEST_ID.set("req-42")
    try:
        logging.getLogger("kolrisk.test").info("hello")
    finally:
        logs.REQUEST_ID.reset(token)
    lines = capsys.readouterr().err.strip().splitlines()
    assert [json.loads(line)["request_id"] for line in lines] == ["req-42"]


def test_scheduler_and_migration_info_lines_are_gone_but_warnings_stay(logging_restored):
    configure_logging(Settings())
    for name in ("apscheduler.executors.default", "apscheduler.scheduler", "alembic.runtime"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO)
        assert logging.getLogger(name).isEnabledFor(logging.WARNING)
    assert logging.getLogger("kolrisk.http").isEnabledFor(logging.INFO)


def test_configuring_twice_leaves_one_handler_of_ours(logging_restored):
    configure_logging(Settings())
    configure_logging(Settings(log_format="json"))
    ours = [h for h in logging.getLogger().handlers if isinstance(h, logs.StderrHandler)]
    assert len(ours) == 1
    assert isinstance(ours[0].formatter, JsonFormatter)


def test_a_requests_json_lines_carry_its_request_id(logging_restored, app_client, capsys):
    configure_logging(Settings(log_format="json"))
    capsys.readouterr()
    response = app_client.get("/v1/watches/wch_x/risk", headers={"X-Request-ID": "req-9"})
    entries = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    [access] = [e for e in entries if e["logger"] == "kolrisk.http"]
    assert access["request_id"] == response.headers["x-request-id"] == "req-9"
    assert (access["route"], access["status"]) == ("/v1/watches/{watch_id}/risk", 401)


def test_uvicorns_coloured_copy_of_a_message_is_left_out():
    line = JsonFormatter().format(record("started", color_message="\x1b[36mstarted\x1b[0m"))
    assert "color_message" not in json.loads(line)
