"""The `kolrisk` command, run in-process against a temporary SQLite file."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli
from app.auth import service as auth_service
from app.auth.keys import split_key
from app.config import Settings, get_settings
from app.db import Database, migration_status
from app.errors import Unauthorized


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("KOLRISK_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


@pytest.fixture
def run(db_url, capsys):
    def run(*argv):
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def authenticate(url, key):
    database = Database(url)
    try:
        with database.session_scope(write=False) as session:
            return auth_service.authenticate(session, key)
    finally:
        database.dispose()


def create_key(run, *args):
    code, out, _ = run("apikey", "create", *args)
    assert code == 0
    return out.strip().splitlines()[-1]


def test_apikey_create_prints_a_working_key_last(run, db_url):
    code, out, _ = run("apikey", "create", "--tenant", "x", "--scope", "admin")
    assert code == 0
    key = out.strip().splitlines()[-1]
    assert split_key(key) is not None
    principal = authenticate(db_url, key)
    assert principal.scopes == {"read", "write", "admin"}


def test_apikey_create_defaults_to_write(run, db_url):
    key = create_key(run, "--tenant", "x")
    assert authenticate(db_url, key).scopes == {"read", "write"}


def test_apikey_create_with_several_scopes(run, db_url):
    key = create_key(run, "--tenant", "x", "--scope", "read", "--scope", "write")
    assert authenticate(db_url, key).scopes == {"read", "write"}


def test_apikey_create_read_scope(run, db_url):
    key = create_key(run, "--tenant", "x", "--scope", "read")
    assert authenticate(db_url, key).scopes == {"read"}


def test_keys_of_one_tenant_share_it(run, db_url):
    first = authenticate(db_url, create_key(run, "--tenant", "x"))
    second = authenticate(db_url, create_key(run, "--tenant", "x"))
    other = authenticate(db_url, create_key(run, "--tenant", "y"))
    assert first.tenant_id == second.tenant_id != other.tenant_id


def test_unknown_scope_is_refused(run):
    with pytest.raises(SystemExit) as exit_info:
        run("apikey", "create", "--tenant", "x", "--scope", "root")
    assert exit_info.value.code != 0


def test_apikey_list_shows_the_prefix(run):
    key = create_key(run, "--tenant", "x", "--scope", "read")
    other = create_key(run, "--tenant", "y")
    code, out, _ = run("apikey", "list", "--tenant", "x")
    assert code == 0
    prefix = split_key(key)[0]
    assert prefix in out
    assert "read" in out
    assert "active" in out
    assert split_key(other)[0] not in out
    # The secret itself is never listed.
    assert split_key(key)[1] not in out


def test_apikey_list_unknown_tenant_fails_with_a_message(run):
    create_key(run, "--tenant", "x")
    code, out, err = run("apikey", "list", "--tenant", "nobody")
    assert code != 0
    assert "nobody" in err


def test_apikey_revoke_makes_the_key_fail(run, db_url):
    key = create_key(run, "--tenant", "x")
    prefix = split_key(key)[0]
    code, out, _ = run("apikey", "revoke", prefix)
    assert code == 0
    assert prefix in out
    with pytest.raises(Unauthorized, match="revoked"):
        authenticate(db_url, key)
    _, listing, _ = run("apikey", "list", "--tenant", "x")
    assert "revoked" in listing


def test_revoke_leaves_other_keys_working(run, db_url):
    revoked = create_key(run, "--tenant", "x")
    kept = create_key(run, "--tenant", "x")
    run("apikey", "revoke", split_key(revoked)[0])
    assert authenticate(db_url, kept).scopes == {"read", "write"}


def test_revoke_unknown_prefix_fails_with_a_message(run):
    code, out, err = run("apikey", "revoke", "kr_deadbeef")
    assert code != 0
    assert "kr_deadbeef" in err
    assert "no API key" in err


def test_migrate_on_an_empty_database_and_twice(run, db_url):
    code, out, _ = run("migrate")
    assert code == 0
    assert "head" in out
    code, _, _ = run("migrate")
    assert code == 0
    database = Database(db_url)
    try:
        current, head = migration_status(database)
    finally:
        database.dispose()
    assert current == head is not None


def test_installed_console_script_creates_a_key(tmp_path):
    script = Path(sys.executable).parent / "kolrisk"
    assert script.exists(), script
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOLRISK_")}
    result = subprocess.run(
        [str(script), "apikey", "create", "--tenant", "demo", "--scope", "admin"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip().splitlines()[-1]
    # The default database is a SQLite file under ./var of the working directory.
    database_file = tmp_path / "var" / "kolrisk.db"
    assert database_file.exists()
    assert authenticate(f"sqlite:///{database_file}", key).scopes == {"read", "write", "admin"}


def test_demo_flag_points_a_command_at_the_demo_database(tmp_path, monkeypatch, capsys):
    """`serve --demo` serves ./var/demo.db; `apikey create --demo` must write there, not to
    ./var/kolrisk.db, or the new key answers 401 on the demo."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KOLRISK_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        assert cli.main(["apikey", "create", "--demo", "--tenant", "demo"]) == 0
    finally:
        get_settings.cache_clear()
    out = capsys.readouterr().out
    assert "var/demo.db" in out
    key = out.strip().splitlines()[-1]
    assert authenticate(f"sqlite:///{tmp_path / 'var' / 'demo.db'}", key).scopes
    assert not (tmp_path / "var" / "kolrisk.db").exists()


def test_help_gives_descriptions_defaults_exit_codes_and_databases(capsys):
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    serve_help = capsys.readouterr().out
    assert "address to listen on (default: 127.0.0.1)" in serve_help
    assert "(default: 8000)" in serve_help
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    top = capsys.readouterr().out
    assert "exit codes:" in top
    assert "3    ran, but nothing came of it" in top
    assert "./var/demo.db" in top
    assert "--demo" in top
    for command in ("import", "collect", "apikey", "jobs", "migrate", "scheduler"):
        with pytest.raises(SystemExit):
            cli.main([command, "--help"])
        text = capsys.readouterr().out
        assert "(default: None)" not in text
        assert "(default: False)" not in text


def test_commands_print_no_migration_log_lines(tmp_path):
    script = Path(sys.executable).parent / "kolrisk"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOLRISK_")}
    result = subprocess.run(
        [str(script), "apikey", "create", "--tenant", "acme"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "alembic" not in result.stdout + result.stderr
    assert "Running upgrade" not in result.stdout + result.stderr


def test_serve_links_point_where_it_listens_unless_configured():
    settings = cli.serve_settings(Settings(), cli.listen_url("0.0.0.0", 8123), demo=False)
    assert settings.public_base_url == "http://127.0.0.1:8123"
    assert cli.listen_url("::1", 9000) == "http://[::1]:9000"
    configured = Settings(public_base_url="https://risk.example.com")
    kept = cli.serve_settings(configured, "http://127.0.0.1:8000", demo=True)
    assert kept.public_base_url == "https://risk.example.com"
    assert kept.database_url == cli.DEMO_DATABASE_URL
