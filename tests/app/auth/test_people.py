"""People: argon2 passwords, roles, and dashboard session tokens (the commands are in
tests/app/test_cli.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.auth import people
from app.auth.passwords import hash_password
from app.auth.service import get_or_create_tenant
from app.config import Settings
from app.models import User

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


@pytest.fixture
def person(database):
    with database.session_scope() as session:
        tenant = get_or_create_tenant(session, "acme")
        return people.create_user(session, tenant, "王经理", "admin", PASSWORD, NOW)


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
