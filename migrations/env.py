from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from app.db import create_db_engine
from app.models import Base
from app.models.search import kept_out_of_metadata

config = context.config
target_metadata = Base.metadata


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        include_object=kept_out_of_metadata,
        # SQLite cannot ALTER most things in place; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        # A transaction per migration: one that builds indexes CONCURRENTLY commits what came
        # before it (alembic's autocommit_block), so each must stand on its own.
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    given = config.attributes.get("connection")
    if given is not None:
        run(given)
        return
    engine = create_db_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run `kolrisk migrate`")
run_online()
