from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.alerts.receiver import Receiver, running_receiver


@pytest.fixture
def settings(settings):
    settings.secret_key = "webhooks-test-key"
    settings.webhook_allow_hosts = "127.0.0.1"
    return settings


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running
