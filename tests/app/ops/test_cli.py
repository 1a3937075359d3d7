"""The commands' own words: what was written, restored or copied, and the refusals."""

import pytest

from app import cli
from app.config import get_settings
from app.db import Database
from tests.app.tenants.filler import fill_tenant, tenant_rows


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    def run(url, *argv):
        monkeypatch.setenv("KOLRISK_DATABASE_URL", url)
        get_settings.cache_clear()
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    yield run
    get_settings.cache_clear()


def test_backup_restore_and_copy_from_the_command_line(run, tmp_path):
    live = f"sqlite:///{tmp_path / 'live.db'}"
    run(live, "migrate")
    database = Database(live)
    acme = fill_tenant(database, "acme")
    rows = tenant_rows(database, acme)
    database.dispose()

    code, out, _ = run(live, "backup", "--out", str(tmp_path / "live.bak"))
    assert code == 0
    assert out.startswith(f"backup (sqlite) written to {tmp_path / 'live.bak'}")

    restored = f"sqlite:///{tmp_path / 'restored.db'}"
    code, out, _ = run(restored, "restore", str(tmp_path / "live.bak"))
    assert code == 0
    assert "restored" in out
    code, _, err = run(restored, "restore", str(tmp_path / "live.bak"))
    assert code == 1
    assert "--yes" in err

    copied = f"sqlite:///{tmp_path / 'copied.db'}"
    code, out, _ = run(live, "db", "copy", "--to", copied)
    assert code == 0
    assert "copied 1\tposts" in out.splitlines()
    assert "counts agree" in out.splitlines()[-1]
    for url in (restored, copied):
        other = Database(url)
        assert tenant_rows(other, acme) == rows
        other.dispose()


def test_copy_reads_sqlite_only(run, tmp_path):
    code, _, err = run(
        "postgresql+psycopg://nobody@127.0.0.1:1/none", "db", "copy", "--to", "sqlite:///x.db"
    )
    assert code == 1
    assert "pg_dump" in err
