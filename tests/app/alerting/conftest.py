from __future__ import annotations

import pytest


@pytest.fixture
def settings(settings):
    settings.secret_key = "alerting-test-key"
    settings.webhook_allow_hosts = "127.0.0.1"
    return settings
