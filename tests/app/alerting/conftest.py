from __future__ import annotations

import pytest

from tests.alerts.conftest import receiver, second_receiver  # noqa: F401 (fixtures)


@pytest.fixture
def settings(settings):
    """Loopback receivers allowed, and a fixed key so no key file is written."""
    settings.secret_key = "alerting-test-key"
    settings.webhook_allow_hosts = "127.0.0.1"
    return settings
