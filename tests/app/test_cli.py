"""The `kolrisk` command, run in-process against a temporary SQLite file."""

import io
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app import cli
from app.auth import service as auth_service
from app.auth.keys import split_key
from app.config import Settings, get_settings
from app.db import Database, migration_status
from app.errors import Unauthorized
from app.models import AuditEntry, User


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("KOLRISK_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


@pytest.fixture
def run(db_url, capsys, monkeypatch):
    def run(*argv, stdin=""):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def authenticate(url, key):
    database = Database(url)
    try:
        with database.session_scope(write=False) as session:
            return auth_service.authenticate(session, key, datetime.now(UTC))
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
    # It migrated an empty database, and said nothing about each step on the way.
    assert "alembic" not in result.stderr
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


def test_apikey_create_with_a_name_and_an_expiry_and_list_them(run):
    code, out, _ = run(
        "apikey", "create", "--tenant", "acme", "--name", "王经理", "--expires-in-days", "30"
    )
    assert code == 0
    assert "expires" in out
    key = out.strip().splitlines()[-1]
    _, listing, _ = run("apikey", "list", "--tenant", "acme")
    header, row = listing.strip().splitlines()
    assert "last used" in header
    prefix, name, scopes, _, expires, used, state = row.split("\t")
    assert (prefix, name, scopes, used, state) == (
        split_key(key)[0],
        "王经理",
        "write",
        "never",
        "active",
    )
    soon = datetime.now(UTC) + timedelta(days=30)
    assert expires.startswith(f"{soon:%Y-%m-%d}")


def test_an_expiry_must_be_a_day_or_more(run):
    with pytest.raises(SystemExit):
        run("apikey", "create", "--tenant", "acme", "--expires-in-days", "0")


PASSWORD = "correct horse battery"


def users(url):
    database = Database(url)
    try:
        with database.session_scope(write=False) as session:
            return list(session.scalars(select(User))), list(session.scalars(select(AuditEntry)))
    finally:
        database.dispose()


def test_user_create_list_and_disable_from_the_command_line(run, db_url):
    run("apikey", "create", "--tenant", "acme")
    code, out, err = run(
        "user", "create", "--tenant", "acme", "--name", "王经理", "--role", "analyst",
        "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert code == 0, err
    assert "王经理" in out
    (user,), entries = users(db_url)
    assert user.role == "analyst"
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    made = next(e for e in entries if e.object_type == "user")
    assert made.actor_kind == "cli"
    assert made.changes["after"]["password_hash"] == "[redacted]"
    code, out, _ = run("user", "list", "--tenant", "acme")
    assert "王经理\tanalyst" in out
    assert "active" in out
    new = "another good password"
    assert run("user", "password", "王经理", "--password-stdin", stdin=new)[0] == 0
    assert users(db_url)[0][0].password_hash != user.password_hash
    assert run("user", "disable", "王经理")[0] == 0
    assert "disabled" in run("user", "list", "--tenant", "acme")[1]
    actions = [e.action for e in users(db_url)[1] if e.object_type == "user"]
    assert actions == ["create", "set_password", "disable"]


@pytest.mark.parametrize(
    ("args", "stdin", "problem"),
    [
        (("--name", "小李", "--role", "viewer"), "short", "at least 10 characters"),
        (("--name", "kr_bot", "--role", "viewer"), PASSWORD, "may not start with kr_"),
    ],
)
def test_bad_people_are_refused_with_a_reason(run, args, stdin, problem):
    run("apikey", "create", "--tenant", "acme")
    code, _, err = run("user", "create", "--tenant", "acme", *args, "--password-stdin", stdin=stdin)
    assert code == 1
    assert problem in err


def test_names_are_unique_and_the_tenant_must_exist(run):
    assert run("user", "create", "--tenant", "nobody", "--name", "小李", "--role", "viewer",
               "--password-stdin", stdin=PASSWORD)[0] == 1  # fmt: skip
    run("apikey", "create", "--tenant", "acme")
    run("apikey", "create", "--tenant", "globex")
    first = ("--name", "小李", "--role", "viewer", "--password-stdin")
    assert run("user", "create", "--tenant", "acme", *first, stdin=PASSWORD)[0] == 0
    code, _, err = run("user", "create", "--tenant", "globex", *first, stdin=PASSWORD)
    assert code == 1
    assert "already exists" in err


def test_jobs_run_prune_reports_what_it_removed(run):
    code, out, _ = run("jobs", "run", "prune")
    assert code == 0
    assert out.startswith("prune: ok {'assessments': 0, 'delivery_attempts': 0")
    code, out, _ = run("jobs", "list")
    assert "prune" in out
    assert "every 86400s" in out
