"""A tenant's export holds every row of every tenant table and loads into another
installation as it was; deletion removes exactly that tenant, in batches."""

import json
import logging
import zipfile
from contextlib import contextmanager

import pytest
from sqlalchemy import Column, ForeignKey, String, Table, select, update

from app.config import Settings
from app.crypto import decrypt, encrypt
from app.db import Database, upgrade_to_head
from app.errors import Conflict, Unprocessable
from app.models import Base, Post, WebhookEndpoint
from app.tenants.archive import ENCRYPTED_SUFFIXES, export_tenant, import_archive
from app.tenants.registry import UnknownTenant
from app.tenants.removal import delete_tenant
from app.tenants.scope import tenant_tables
from tests.app.tenants.filler import NOW, fill_tenant, tenant_rows


@pytest.fixture
def settings(database, tmp_path):
    return Settings(database_url=database.url, secret_key="key-one", var_dir=tmp_path)


def sqlite_installation(tmp_path, name="other.db"):
    database = Database(f"sqlite:///{tmp_path / name}")
    upgrade_to_head(database)
    return database


def test_export_delete_import_gives_back_every_row(database, settings, tmp_path):
    acme = fill_tenant(database, "acme")
    other = fill_tenant(database, "other")
    before, others = tenant_rows(database, acme), tenant_rows(database, other)
    assert all(before.values()), "every tenant table holds a row of acme"

    result = export_tenant(database, settings, "acme", tmp_path / "acme.zip")
    assert result.rows == {name: len(rows) for name, rows in before.items()}

    removed = delete_tenant(database, "acme", lambda: NOW, batch_rows=1)
    assert removed == {name: len(rows) for name, rows in before.items()}
    assert not any(tenant_rows(database, acme).values())
    assert tenant_rows(database, other) == others

    imported = import_archive(database, settings, tmp_path / "acme.zip")
    assert imported.rows == result.rows
    assert tenant_rows(database, acme) == before


def test_the_zip_is_one_jsonl_file_per_table_and_a_manifest(database, settings, tmp_path):
    fill_tenant(database, "acme")
    export_tenant(database, settings, "acme", tmp_path / "acme.zip")
    with zipfile.ZipFile(tmp_path / "acme.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
        post = json.loads(archive.read("tables/posts.jsonl").splitlines()[0])
    assert manifest["tenant"]["name"] == "acme"
    assert manifest["format"] == "kolrisk-tenant-export"
    assert names == {"manifest.json"} | {f"tables/{t.name}.jsonl" for t in tenant_tables()}
    assert post["created_at"] == "2026-11-20T08:00:00+00:00"
    assert not (tmp_path / "acme.zip.partial").exists()


def test_an_export_from_sqlite_loads_into_this_database(database, settings, tmp_path):
    source = sqlite_installation(tmp_path)
    acme = fill_tenant(source, "acme")
    source_settings = settings.model_copy(update={"database_url": source.url})
    export_tenant(source, source_settings, "acme", tmp_path / "acme.zip")
    import_archive(database, settings, tmp_path / "acme.zip", rename="acme-copy")
    copied = tenant_rows(database, acme)
    original = tenant_rows(source, acme)
    assert copied.pop("tenants")[0]["name"] == "acme-copy"
    original.pop("tenants")
    assert copied == original
    source.dispose()


def test_importing_a_tenant_that_exists_is_refused_and_leaves_nothing(database, settings, tmp_path):
    fill_tenant(database, "acme")
    export_tenant(database, settings, "acme", tmp_path / "acme.zip")
    with pytest.raises(Conflict, match="holds this very tenant already"):
        import_archive(database, settings, tmp_path / "acme.zip", rename="acme-2")
    delete_tenant(database, "acme", lambda: NOW)
    fill_tenant(database, "globex")
    with pytest.raises(Conflict, match="--as NAME"):
        import_archive(database, settings, tmp_path / "acme.zip", rename="globex")
    assert import_archive(database, settings, tmp_path / "acme.zip").tenant == "acme"


def test_a_different_secret_key_needs_the_source_key(database, settings, tmp_path):
    acme = fill_tenant(database, "acme")
    token = encrypt(settings, "https://hooks.example/acme")
    with database.engine.begin() as connection:
        for scoped in tenant_tables():
            for column in scoped.table.columns:
                if column.name.endswith(ENCRYPTED_SUFFIXES):
                    connection.execute(update(scoped.table).values({column.name: token}))
    export_tenant(database, settings, "acme", tmp_path / "acme.zip")
    delete_tenant(database, "acme", lambda: NOW)
    elsewhere = settings.model_copy(update={"secret_key": "key-two"})

    with pytest.raises(Unprocessable, match="--source-secret-key-file"):
        import_archive(database, elsewhere, tmp_path / "acme.zip")
    assert not any(tenant_rows(database, acme).values())

    result = import_archive(database, elsewhere, tmp_path / "acme.zip", source_secret_key="key-one")
    assert result.reencrypted >= 1
    with database.session_scope(write=False) as session:
        stored = session.scalar(select(WebhookEndpoint.url_ciphertext))
    assert decrypt(elsewhere, stored) == "https://hooks.example/acme"


def test_deleting_an_unknown_tenant_names_the_known_ones(database):
    fill_tenant(database, "acme")
    with pytest.raises(UnknownTenant, match=r"\(tenants: acme\)"):
        delete_tenant(database, "acne", lambda: NOW)


def test_a_deletion_is_audited_with_what_it_removed(database, caplog):
    fill_tenant(database, "acme")
    caplog.set_level(logging.INFO, logger="kolrisk.audit")
    removed = delete_tenant(database, "acme", lambda: NOW)
    (line,) = [r.getMessage() for r in caplog.records if r.name == "kolrisk.audit"]
    entry = json.loads(line.removeprefix("audit "))
    assert (entry["action"], entry["object_type"], entry["object_id"]) == (
        "delete",
        "tenant",
        "acme",
    )
    assert entry["actor"].startswith("kolrisk CLI")
    assert entry["detail"]["removed"] == removed


def test_deletion_goes_in_batches_and_counts_them(database):
    acme = fill_tenant(database, "acme")
    with database.session_scope() as session:
        first = session.scalar(select(Post))
        for index in range(4):
            session.add(
                Post(**{c.name: getattr(first, c.name) for c in Post.__table__.columns}
                     | {"id": f"pst_{index}", "platform_id": f"p{index}"})
            )  # fmt: skip
    removed = delete_tenant(database, "acme", lambda: NOW, batch_rows=2)
    assert removed["posts"] == 5
    assert not any(tenant_rows(database, acme).values())


def rewrite_table(path, table, change):
    """The export at `path` with every row of one table passed through `change`."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    member = f"tables/{table}.jsonl"
    rows = [change(json.loads(line)) for line in members[member].splitlines()]
    members[member] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_an_older_export_without_a_column_gets_its_default(database, settings, tmp_path):
    acme = fill_tenant(database, "acme")
    export_tenant(database, settings, "acme", tmp_path / "acme.zip")
    delete_tenant(database, "acme", lambda: NOW)
    rewrite_table(tmp_path / "acme.zip", "webhook_endpoints",
                  lambda row: {k: v for k, v in row.items() if k != "language"})  # fmt: skip
    import_archive(database, settings, tmp_path / "acme.zip")
    (endpoint,) = tenant_rows(database, acme)["webhook_endpoints"]
    assert endpoint["language"] == "zh"


def test_an_export_with_columns_unknown_here_is_refused(database, settings, tmp_path):
    acme = fill_tenant(database, "acme")
    export_tenant(database, settings, "acme", tmp_path / "acme.zip")
    delete_tenant(database, "acme", lambda: NOW)
    rewrite_table(tmp_path / "acme.zip", "posts", lambda row: row | {"mood": "sunny"})
    with pytest.raises(Unprocessable, match=r"columns \['mood'\].*kolrisk migrate"):
        import_archive(database, settings, tmp_path / "acme.zip")
    assert not any(tenant_rows(database, acme).values())


@contextmanager
def a_schema_table_this_database_lacks():
    """A tenant table of the schema that this database's migrations did not create."""
    extra = Table(
        "dialect_only_things",
        Base.metadata,
        Column("id", String(40), primary_key=True),
        Column("tenant_id", String(40), ForeignKey("tenants.id"), nullable=False),
    )
    try:
        yield
    finally:
        Base.metadata.remove(extra)


def test_a_table_this_database_lacks_is_left_out(database, settings, tmp_path):
    acme = fill_tenant(database, "acme")
    rows = tenant_rows(database, acme)
    with a_schema_table_this_database_lacks():
        result = export_tenant(database, settings, "acme", tmp_path / "acme.zip")
        assert "dialect_only_things" not in result.rows
        delete_tenant(database, "acme", lambda: NOW)
        import_archive(database, settings, tmp_path / "acme.zip")
    assert tenant_rows(database, acme) == rows
