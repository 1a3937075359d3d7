"""The platform list (collectors.platforms) against the library's consumers: the adapters, what
each can read, the importers' names, and the recorded responses each collected platform has."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectors.base import Adapter
from collectors.importers import PLATFORMS as IMPORT_PLATFORMS
from collectors.importers.base import CONTRACT_PLATFORMS, contract_platform
from collectors.platforms import ALIASES, BY_NAME, COLLECTED, NAMES, PLATFORMS, reads
from collectors.registry import ADAPTERS

TESTS = Path(__file__).resolve().parent


def overrides(adapter: type[Adapter], method: str) -> bool:
    return getattr(adapter, method) is not getattr(Adapter, method)


def test_names_are_unique_lowercase_codes_and_aliases_name_no_platform():
    assert len(set(NAMES)) == len(NAMES)
    assert all(name.isascii() and name.islower() and name.isidentifier() for name in NAMES)
    assert not set(ALIASES) & set(NAMES)
    assert set(ALIASES.values()) <= set(NAMES)


def test_every_collected_platform_has_an_adapter_and_nothing_else_does():
    assert tuple(ADAPTERS) == COLLECTED
    assert all(ADAPTERS[name].platform == name for name in COLLECTED)


@pytest.mark.parametrize("name", COLLECTED)
def test_what_a_platform_reads_is_what_its_adapter_serves(name: str):
    adapter = ADAPTERS[name]
    assert reads(name, "search") == overrides(adapter, "search")
    assert reads(name, "bars") == overrides(adapter, "forum")
    assert reads(name, "comments") == overrides(adapter, "comments")
    lists_users = bool(adapter.user_feeds) and overrides(adapter, "user_posts")
    assert (reads(name, "timeline") or reads(name, "feeds")) == lists_users


@pytest.mark.parametrize("name", COLLECTED)
def test_a_collected_platform_is_reached_somewhere_and_has_recorded_responses(name: str):
    platform = BY_NAME[name]
    assert (platform.base_url is None) == reads(name, "feeds")  # feeds carry their own URLs
    assert (TESTS / "fixtures" / name).is_dir()
    assert (TESTS / f"test_{name}.py").is_file()
    assert (TESTS.parent / "app" / "collection" / f"test_pass_{name}.py").is_file()


def test_importers_accept_every_platform_and_its_aliases():
    assert CONTRACT_PLATFORMS == NAMES
    assert set(NAMES) <= set(IMPORT_PLATFORMS)
    for platform in PLATFORMS:
        assert contract_platform(platform.name.upper()) == platform.name
        assert all(contract_platform(alias) == platform.name for alias in platform.aliases)
