"""Loopback receivers for the library's transport tests (127.0.0.1 only, never the internet)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.alerts.receiver import Receiver, running_receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


@pytest.fixture
def second_receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running
