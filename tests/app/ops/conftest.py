"""A second, empty database beside the test one: the target of restores and copies."""

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, make_url, text

from app.db import Database


@pytest.fixture
def scratch_url(database: Database, tmp_path) -> Iterator[str]:
    """SQLite: a file of its own. PostgreSQL: `<test database>_scratch`, made empty (no schema)
    for each test and dropped after."""
    if database.is_sqlite:
        yield f"sqlite:///{tmp_path / 'scratch.db'}"
        return
    parsed = make_url(database.url)
    name = f"{parsed.database}_scratch"
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
