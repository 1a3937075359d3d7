from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.alerts.receiver import Receiver, running_receiver


@pytest.fixture
def settings(settings):
    """Loopback receivers allowed, and a fixed key so no key file is written."""
    settings.secret_key = "alerting-test-key"
    settings.webhook_allow_hosts = "127.0.0.1"
    return settings


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


@pytest.fixture
def second_receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running
