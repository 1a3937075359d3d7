"""A dispatcher process killed with SIGKILL mid-send: the message goes out again with the same
webhook-id (receivers de-duplicate on it) and nothing is lost. Complements the in-process crash
test in test_dispatcher.py with a real process death."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from alerts.signing import new_secret
from app.alerting.dispatcher import deliver_due
from app.models import AlertMessage, DeliveryAttempt
from tests.app.alerting.builders import add_endpoint, add_message, add_tenant, loopback_config

ROOT = Path(__file__).parents[3]
# The child sends with the test's frozen time, so the claim it leaves behind is comparable.
CHILD = """
import sys
from datetime import datetime
from app.alerting.dispatcher import deliver_due
from app.config import Settings
from app.db import Database
from tests.app.alerting.builders import loopback_config

url, now = sys.argv[1], datetime.fromisoformat(sys.argv[2])
settings = Settings(
    database_url=url, secret_key="alerting-test-key", webhook_allow_hosts="127.0.0.1"
)
deliver_due(Database(url), settings, lambda: now, loopback_config(settings))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_mid_send_resends_the_same_id_and_loses_nothing(
    database, settings, clock, receiver
):
    tenant = add_tenant(database)
    endpoint = add_endpoint(database, settings, tenant, receiver.url, secret=new_secret())
    msg = add_message(database, endpoint, tenant, clock(), ["测评老王"])
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, database.url, clock().isoformat()],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    # The receiver holds the request (it has the alert) and the sender dies before any answer.
    receiver.on_request = lambda _: os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=60) == -signal.SIGKILL
    receiver.on_request = None
    assert [r.headers["webhook-id"] for r in receiver.requests] == [msg]
    with database.session_scope(write=False) as session:
        assert session.scalars(select(DeliveryAttempt)).first() is None  # never recorded
    config = loopback_config(settings)
    assert deliver_due(database, settings, clock, config) == 0  # the dead process's claim holds
    clock.advance(minutes=2, seconds=1)
    assert deliver_due(database, settings, clock, config) == 1
    assert [r.headers["webhook-id"] for r in receiver.requests] == [msg, msg]
    with database.session_scope(write=False) as session:
        assert session.get(AlertMessage, msg).status == "delivered"
        assert len(list(session.scalars(select(DeliveryAttempt)))) == 1
