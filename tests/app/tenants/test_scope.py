"""Every table is either a tenant's (by tenant_id or a foreign key to a tenant's table) or
declared the installation's: a new table can't be forgotten by export, delete or copy."""

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, select

from app.models import Base
from app.tenants.scope import INSTALLATION_TABLES, UnscopedTable, _scope_of, tenant_tables


def test_every_table_is_a_tenants_or_the_installations():
    scoped = {t.name for t in tenant_tables()}
    assert scoped | set(INSTALLATION_TABLES) == set(Base.metadata.tables)
    assert not scoped & set(INSTALLATION_TABLES)


def test_tables_come_parents_first():
    order = [t.name for t in tenant_tables()]
    assert order[0] == "tenants"
    assert order.index("posts") < order.index("mentions")
    assert order.index("alert_messages") < order.index("delivery_attempts")


def test_a_table_without_tenant_id_is_reached_through_its_foreign_key():
    by_name = {t.name: t for t in tenant_tables()}
    attempts = by_name["delivery_attempts"]
    assert attempts.via is not None
    assert attempts.via[0] == "endpoint_id"
    sql = str(select(attempts.table).where(attempts.owned_by("tnt_1")))
    assert "webhook_endpoints.tenant_id" in sql


def test_a_table_with_no_way_to_a_tenant_is_refused():
    metadata = MetaData()
    lonely = Table("lonely", metadata, Column("id", Integer, primary_key=True))
    assert _scope_of(lonely, {t.name: t for t in tenant_tables()}) is None
    orphan = Table("orphan", Base.metadata, Column("id", String(40), primary_key=True))
    try:
        with pytest.raises(UnscopedTable, match="orphan"):
            tenant_tables()
    finally:
        Base.metadata.remove(orphan)


def test_a_child_of_a_tenant_table_is_scoped_without_naming_it():
    metadata = MetaData()
    Table("watches", metadata, Column("id", String(40), primary_key=True))
    child = Table(
        "watch_notes",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("watch_id", String(40), ForeignKey("watches.id")),
    )
    found = {t.name: t for t in tenant_tables()}
    scoped = _scope_of(child, found)
    assert scoped is not None
    assert scoped.via is not None
    assert scoped.via[1].name == "watches"
