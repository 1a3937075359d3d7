"""`kolrisk privacy find|erase` against a SQLite file."""

from datetime import UTC, datetime

import pytest

from app import cli
from app.config import get_settings
from app.db import open_migrated
from tests.app.tenants.pairing import kol_posts, seed_pairing, store

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("KOLRISK_DATABASE_URL", url)
    get_settings.cache_clear()
    database = open_migrated(url)
    pairing = seed_pairing(database)
    author = {"uid": "u1", "name": "河粉甲", "followers": 3}
    store(database, pairing.tenant_id, kol_posts("a", 3, NOW.replace(day=1), author=author), NOW)
    other = {"uid": "u2", "name": "路人", "followers": 3}
    store(database, pairing.tenant_id, kol_posts("b", 2, NOW.replace(day=2), author=other), NOW)
    database.dispose()

    def run(*argv):
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    yield run
    get_settings.cache_clear()


def test_find_then_erase(run):
    who = ("--tenant", "acme", "--platform", "weibo", "--uid", "u1")
    code, out, _ = run("privacy", "find", *who)
    assert code == 0
    assert "posts\t3" in out.splitlines()

    code, out, _ = run("privacy", "erase", *who)
    assert code == 0
    assert "removed 3\tposts" in out.splitlines()
    assert any(line.startswith("re-evaluated wch_") for line in out.splitlines())
    assert out.splitlines()[-1].startswith("erasure era_")

    code, out, _ = run("privacy", "find", *who, "--json")
    assert code == 0
    assert '"posts": []' in out
    assert '"erasures": [' in out


def test_an_unknown_tenant_is_refused(run):
    code, _, err = run("privacy", "find", "--tenant", "acne", "--platform", "weibo", "--uid", "u1")
    assert code == 1
    assert "(tenants: acme)" in err
