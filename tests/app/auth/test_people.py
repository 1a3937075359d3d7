"""People: `kolrisk user create|list|disable`, argon2 passwords, dashboard session tokens."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app import cli
from app.auth import people
from app.auth.passwords import hash_password
from app.config import Settings, get_settings
from app.db import Database
from app.models import AuditEntry, User

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'people.db'}"
    monkeypatch.setenv("KOLRISK_DATABASE_URL", url)
    monkeypatch.setenv("KOLRISK_VAR_DIR", str(tmp_path))
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
    assert run("user", "disable", "王经理")[0] == 0
    assert "disabled" in run("user", "list", "--tenant", "acme")[1]
    assert [e.action for e in users(db_url)[1] if e.object_type == "user"] == ["create", "disable"]


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


@pytest.fixture
def person(database):
    with database.session_scope() as session:
        tenant = people_tenant(session)
        return people.create_user(session, tenant, "王经理", "admin", PASSWORD, NOW)


def people_tenant(session):
    from app.auth.service import get_or_create_tenant

    return get_or_create_tenant(session, "acme")


def test_passwords_are_checked_with_the_same_work_for_unknown_names(database, person):
    with database.session_scope() as session:
        assert people.check_password(session, "王经理", "wrong password!", NOW) is None
        assert people.check_password(session, "nobody", PASSWORD, NOW) is None
        signed_in = people.check_password(session, " 王经理 ", PASSWORD, NOW)
        assert signed_in is not None
        assert signed_in.last_login_at == NOW


def test_roles_are_scopes(database, person):
    assert people.person_principal(person).scopes == {"read", "write", "admin"}
    person.role = "viewer"
    principal = people.person_principal(person)
    assert principal.scopes == {"read"}
    assert principal.key_id == ""
    assert principal.actor == "王经理"
    assert principal.who.kind == "person"


def test_a_session_token_ends_at_expiry_disable_or_a_new_password(database, person, tmp_path):
    settings = Settings(database_url=database.url, secret_key="people-test", ui_session_hours=12)
    token = people.issue_session(settings, person, NOW)
    assert PASSWORD not in token
    with database.session_scope() as session:
        assert people.user_of_session(session, settings, token, NOW).id == person.id
        assert people.user_of_session(session, settings, token, NOW + timedelta(hours=12)) is None
        forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        assert people.user_of_session(session, settings, forged, NOW) is None
        other_key = settings.model_copy(update={"secret_key": "another"})
        assert people.user_of_session(session, other_key, token, NOW) is None
        session.get(User, person.id).password_hash = hash_password("a brand new password")
    with database.session_scope() as session:
        assert people.user_of_session(session, settings, token, NOW) is None
        fresh = people.issue_session(settings, session.get(User, person.id), NOW)
        people.disable_user(session, "王经理", NOW)
    with database.session_scope() as session:
        assert people.user_of_session(session, settings, fresh, NOW) is None
