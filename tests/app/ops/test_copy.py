"""`kolrisk db copy`: a SQLite installation into an empty, migrated database (this test's
database: PostgreSQL in CI), every table, resumable, counts checked."""

import shutil
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select, text

from app.db import Database, open_migrated
from app.errors import Conflict
from app.models import Mention, Tenant
from app.ops.copy import PROGRESS_TABLE, CountMismatch, copy_database
from app.tenants.scope import installation_tables
from tests.app.ops.test_backup import counts
from tests.app.tenants.filler import fill_installation, fill_tenant, tenant_rows
from tests.app.tenants.pairing import kol_posts, seed_pairing, store

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def no_copy_left_half_done(database):
    """The progress table is no table of the schema: the test database keeps it otherwise."""
    yield
    with database.engine.begin() as connection:
        connection.execute(text(f"DROP TABLE IF EXISTS {PROGRESS_TABLE}"))


@pytest.fixture(scope="module")
def migrated_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("copy") / "migrated.db"
    open_migrated(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture
def source(migrated_file, tmp_path):
    """A SQLite installation with a row in every table and real posts besides."""
    shutil.copy(migrated_file, tmp_path / "source.db")
    database = Database(f"sqlite:///{tmp_path / 'source.db'}")
    fill_tenant(database, "made-up")
    fill_installation(database)
    pairing = seed_pairing(database, "acme")
    store(database, pairing.tenant_id, kol_posts("p", 25, NOW.replace(day=1)), NOW)
    yield database
    database.dispose()


def rows_everywhere(database: Database) -> dict[str, object]:
    with database.session_scope(write=False) as session:
        tenant_ids = list(session.scalars(select(Tenant.id).order_by(Tenant.id)))
    with database.engine.connect() as connection:
        installation = {
            table.name: [dict(row._mapping) for row in connection.execute(select(table))]
            for table in installation_tables()
        }
    return {"": installation} | {
        tenant_id: tenant_rows(database, tenant_id) for tenant_id in tenant_ids
    }


def test_every_row_arrives_as_it_was(source, database):
    result = copy_database(source.url, database.url, batch_rows=7)
    assert result.rows == counts(source)
    assert counts(database) == counts(source)
    assert rows_everywhere(database) == rows_everywhere(source)
    with database.engine.connect() as connection:
        assert not connection.dialect.has_table(connection, PROGRESS_TABLE)


def test_numbered_keys_go_on_after_the_copied_ones(source, database):
    copy_database(source.url, database.url)
    with database.session_scope() as session:
        mention = session.scalars(select(Mention).limit(1)).one()
        values = {c.name: getattr(mention, c.name) for c in Mention.__table__.columns}
        del values["id"]
        values["target"] = "another"
        new_id = session.execute(insert(Mention).values(values).returning(Mention.id)).scalar()
    with source.session_scope(write=False) as session:
        highest = max(session.scalars(select(Mention.id)))
    assert new_id > highest


def test_an_interrupted_copy_resumes_without_copying_twice(source, database):
    seen: list[str] = []

    def stop_in_posts(table, copied, total):
        seen.append(table)
        if table == "posts" and copied >= 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        copy_database(source.url, database.url, batch_rows=5, progress=stop_in_posts)
    assert 0 < counts(database)["posts"] < counts(source)["posts"]

    result = copy_database(source.url, database.url, batch_rows=5)
    assert result.resumed == ["posts"]
    assert counts(database) == counts(source)
    assert rows_everywhere(database) == rows_everywhere(source)


def test_a_half_done_copy_of_another_source_is_not_resumed(source, database, tmp_path):
    def stop(table, copied, total):
        if table == "posts":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        copy_database(source.url, database.url, batch_rows=5, progress=stop)
    other = tmp_path / "other.db"
    shutil.copy(tmp_path / "source.db", other)
    with pytest.raises(Conflict, match="half-finished copy of another source"):
        copy_database(f"sqlite:///{other}", database.url)


def test_a_target_holding_data_is_refused(source, database):
    fill_tenant(database, "already-here")
    with pytest.raises(Conflict, match="not empty"):
        copy_database(source.url, database.url)


def test_counts_that_differ_at_the_end_fail_the_copy(source, database):
    def sneak_in(table, copied, total):
        if table == "transitions":
            fill_tenant(database, "sneaked")

    with pytest.raises(CountMismatch, match="tenants"):
        copy_database(source.url, database.url, progress=sneak_in)


def test_a_schema_table_the_source_lacks_is_left_out(source, database):
    from tests.app.tenants.test_archive import a_schema_table_this_database_lacks

    with a_schema_table_this_database_lacks():
        result = copy_database(source.url, database.url)
    assert "dialect_only_things" not in result.rows
    assert counts(database) == counts(source)
