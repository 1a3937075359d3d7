"""`kolrisk tenant …` in-process against temporary SQLite files."""

import pytest

from app import cli
from app.config import get_settings
from app.db import Database
from tests.app.tenants.filler import fill_tenant, tenant_rows


@pytest.fixture
def use_db(tmp_path, monkeypatch):
    def use(name):
        url = f"sqlite:///{tmp_path / name}"
        monkeypatch.setenv("KOLRISK_DATABASE_URL", url)
        monkeypatch.setenv("KOLRISK_VAR_DIR", str(tmp_path / "var"))
        get_settings.cache_clear()
        return url

    yield use
    get_settings.cache_clear()


@pytest.fixture
def run(capsys):
    def run(*argv):
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_create_then_list_with_counts(use_db, run):
    use_db("one.db")
    assert run("tenant", "create", "acme")[0] == 0
    run("apikey", "create", "--tenant", "acme")
    code, out, _ = run("tenant", "list")
    assert code == 0
    header, row = out.strip().splitlines()
    assert header.split("\t") == ["tenant", "posts", "watches", "keys", "last_activity"]
    name, posts, watches, keys, last = row.split("\t")
    assert (name, posts, watches, keys) == ("acme", "0", "0", "1")
    assert last != "never"  # the key's creation


def test_a_second_tenant_of_the_same_name_is_refused(use_db, run):
    use_db("one.db")
    run("tenant", "create", "acme")
    code, _, err = run("tenant", "create", "acme")
    assert code == 1
    assert "exists already" in err


def test_commands_refuse_an_unknown_tenant_and_name_the_known(use_db, run):
    use_db("one.db")
    run("tenant", "create", "acme")
    for argv in (
        ("apikey", "list", "--tenant", "acne"),
        ("collect", "--tenant", "acne", "--watch", "wch_1"),
        ("tenant", "export", "acne", "--out", "x.zip"),
        ("tenant", "delete", "acne", "--yes"),
    ):
        code, _, err = run(*argv)
        assert code == 1, argv
        assert "no tenant named 'acne'" in err
        assert "(tenants: acme)" in err


def test_export_and_import_into_another_installation(use_db, run, tmp_path):
    source_url = use_db("source.db")
    run("migrate")
    source = Database(source_url)
    acme = fill_tenant(source, "acme")
    rows = tenant_rows(source, acme)
    code, out, _ = run("tenant", "export", "acme", "--out", str(tmp_path / "acme.zip"))
    assert code == 0
    assert "exported 1\tposts" in out.splitlines()

    target_url = use_db("target.db")
    code, out, _ = run("tenant", "import", str(tmp_path / "acme.zip"))
    assert code == 0, out
    assert out.splitlines()[-1].startswith("imported tenant acme")
    target = Database(target_url)
    assert tenant_rows(target, acme) == rows
    source.dispose()
    target.dispose()


def test_delete_asks_for_yes_then_says_what_it_removed(use_db, run):
    url = use_db("one.db")
    run("migrate")
    database = Database(url)
    acme = fill_tenant(database, "acme")
    code, _, err = run("tenant", "delete", "acme")
    assert code == 2
    assert "--yes" in err
    assert all(tenant_rows(database, acme).values())

    code, out, err = run("tenant", "delete", "acme", "--yes")
    assert code == 0
    assert "removed 1\tposts" in out.splitlines()
    assert "removed 1 rows from mentions" in err
    assert out.splitlines()[-1].startswith("deleted tenant acme")
    assert not any(tenant_rows(database, acme).values())
    database.dispose()
