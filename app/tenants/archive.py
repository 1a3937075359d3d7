"""A tenant's export: a zip with manifest.json and one JSON-lines file per table.

    manifest.json          format, schema revision, tenant, row counts, secret-key fingerprint
    tables/<table>.jsonl   one row a line: {"column": value, ...}; datetimes ISO 8601 in UTC,
                           dates ISO, JSON columns as JSON

Every tenant-owned table of the schema is in it (app.tenants.scope), read in one consistent
snapshot. `import_archive` loads it into another installation in one transaction, so a failed
import leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.fernet import InvalidToken
from sqlalchemy import Connection, Date, DateTime, Integer, Table, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from app.bulk import insert_encoded, row_encoder
from app.config import Settings
from app.crypto import cipher, fernet_for, key_fingerprint
from app.db import Database, migration_status
from app.errors import Conflict, Unprocessable
from app.models import Base, Tenant
from app.tenants.registry import require_tenant
from app.tenants.scope import TenantTable, tenant_tables

FORMAT = "kolrisk-tenant-export"
FORMAT_VERSION = 1
BATCH_ROWS = 2000
# Columns holding Fernet tokens made with KOLRISK_SECRET_KEY (app.crypto): readable only by an
# installation with the same key, so an import re-encrypts them or refuses (see import_archive).
ENCRYPTED_SUFFIXES = ("_ciphertext", "_encrypted")


@dataclass
class ExportResult:
    tenant: str
    path: Path
    rows: dict[str, int] = field(default_factory=dict)


def export_tenant(database: Database, settings: Settings, name: str, out: Path) -> ExportResult:
    """Write the tenant's zip to `out` (through a temporary file, so a crash leaves no half
    file under the final name)."""
    partial = out.with_name(out.name + ".partial")
    with database.engine.connect() as connection:
        # One snapshot for every table: rows written meanwhile are wholly in or wholly out.
        if not database.is_sqlite:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            tenant = _tenant(connection, name)
            result = ExportResult(name, out)
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                for scoped in tenant_tables(connection):
                    result.rows[scoped.name] = _write_table(archive, connection, scoped, tenant.id)
                archive.writestr("manifest.json", _manifest(database, settings, tenant, result))
    os.replace(partial, out)
    return result


def _tenant(connection: Connection, name: str) -> Tenant:
    with Session(bind=connection) as session:
        tenant = require_tenant(session, name)
        session.expunge(tenant)
        return tenant


def _write_table(
    archive: zipfile.ZipFile, connection: Connection, scoped: TenantTable, tenant_id: str
) -> int:
    rows = 0
    streamed = connection.execution_options(stream_results=True, yield_per=BATCH_ROWS)
    with archive.open(f"tables/{scoped.name}.jsonl", "w", force_zip64=True) as member:
        for row in streamed.execute(scoped.rows_of(tenant_id)):
            member.write(_line(row))
            rows += 1
    return rows


def _line(row: Row[Any]) -> bytes:
    values = {name: _to_json(value) for name, value in row._mapping.items()}
    return (json.dumps(values, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _manifest(database: Database, settings: Settings, tenant: Tenant, result: ExportResult) -> str:
    revision, _head = migration_status(database)
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema_revision": revision,
        "tenant": {"id": tenant.id, "name": tenant.name},
        "exported_at": dt.datetime.now(dt.UTC).isoformat(),
        "tables": result.rows,
        "secret_key_fingerprint": key_fingerprint(settings),
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2)


@dataclass
class TenantImportResult:
    tenant: str
    rows: dict[str, int] = field(default_factory=dict)
    reencrypted: int = 0


def import_archive(
    database: Database,
    settings: Settings,
    path: Path,
    rename: str | None = None,
    source_secret_key: str | None = None,
) -> TenantImportResult:
    """Load an export into this installation as a new tenant (named `rename` if given)."""
    with zipfile.ZipFile(path) as archive:
        manifest = _read_manifest(archive, path)
        name = rename or str(manifest["tenant"]["name"])
        recrypt = _recryptor(settings, manifest, source_secret_key)
        result = TenantImportResult(name)
        with database.engine.begin() as connection:
            _refuse_existing(connection, name, str(manifest["tenant"]["id"]))
            for scoped in tenant_tables(connection):
                member = f"tables/{scoped.name}.jsonl"
                if member not in archive.namelist():
                    result.rows[scoped.name] = 0  # a table newer than the export: nothing held
                    continue
                with archive.open(member) as lines:
                    loaded = _load_table(connection, scoped.table, lines, name, recrypt)
                result.rows[scoped.name], reencrypted = loaded
                result.reencrypted += reencrypted
            _check_counts(manifest, result)
    return result


def _read_manifest(archive: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads(archive.read("manifest.json"))
    except (KeyError, json.JSONDecodeError) as exc:
        raise Unprocessable(f"{path} is not a kolrisk tenant export (no manifest.json)") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise Unprocessable(
            f"{path}: export format {manifest.get('format')} v{manifest.get('version')} is not "
            f"{FORMAT} v{FORMAT_VERSION}"
        )
    return manifest


def _refuse_existing(connection: Connection, name: str, tenant_id: str) -> None:
    tenants = Base.metadata.tables["tenants"]
    same = connection.execute(select(tenants.c.name).where(tenants.c.id == tenant_id)).first()
    if same is not None:
        # Its rows keep their ids, which this installation holds already.
        raise Conflict(
            f"this installation holds this very tenant already (as {same[0]!r}): import it "
            "elsewhere, or delete it here first"
        )
    if connection.execute(select(tenants.c.id).where(tenants.c.name == name)).first():
        raise Conflict(
            f"this installation has a tenant named {name!r} already: import under another "
            "name with --as NAME"
        )


Recrypt = Callable[[str], str] | None


def _recryptor(
    settings: Settings, manifest: dict[str, Any], source_secret_key: str | None
) -> Recrypt:
    """None when the secrets can be kept as they are; else a function re-encrypting a token
    from the source's key to ours. Refuses when the keys differ and the source's is not given:
    silently importing secrets nobody can read would only fail later, at the first delivery."""
    if manifest.get("secret_key_fingerprint") == key_fingerprint(settings):
        return None
    if source_secret_key is None:
        return _needs_key
    source, target = fernet_for(source_secret_key), cipher(settings)

    def recrypt(token: str) -> str:
        try:
            return target.encrypt(source.decrypt(token.encode())).decode()
        except InvalidToken as exc:
            raise Unprocessable(
                "the source secret key given does not decrypt the exported secrets"
            ) from exc

    return recrypt


def _needs_key(_token: str) -> str:
    raise Unprocessable(
        "the export's webhook URLs and platform credentials were encrypted with another "
        "KOLRISK_SECRET_KEY: give the source installation's key with --source-secret-key-file "
        "FILE, so they are re-encrypted with this installation's key"
    )


def _load_table(
    connection: Connection, table: Table, lines: IO[bytes], tenant_name: str, recrypt: Recrypt
) -> tuple[int, int]:
    decode = _decoder(table)
    drop_key = _generated_key(table)
    encrypted = [c.name for c in table.columns if c.name.endswith(ENCRYPTED_SUFFIXES)]
    loaded = reencrypted = 0
    for batch in _batches(lines):
        rows = []
        for raw in batch:
            row = decode(raw)
            if table.name == "tenants":
                row["name"] = tenant_name
            if drop_key:
                row.pop(drop_key, None)
            for name in encrypted:
                if recrypt is not None and row.get(name):
                    row[name] = recrypt(row[name])
                    reencrypted += 1
            rows.append(row)
        _insert(connection, table, rows)
        loaded += len(rows)
    return loaded, reencrypted


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """The ingest path's bulk insert (app.bulk: executemany on SQLite, COPY on PostgreSQL) when
    the rows hold every column; SQLAlchemy's insert, which fills defaults, when an older
    export lacks some."""
    names = list(rows[0])
    insertable = {c.name for c in table.columns} - {_generated_key(table)}
    if set(names) == insertable and all(len(row) == len(names) for row in rows):
        encode = row_encoder(connection.dialect.name, table, names)
        encoded = [encode([row[name] for name in names]) for row in rows]
        insert_encoded(Session(bind=connection), table, names, encoded)
        return
    dates = [c.name for c in table.columns if isinstance(c.type, Date)]
    for row in rows:
        for name in dates:
            if isinstance(row.get(name), str):
                row[name] = dt.date.fromisoformat(row[name])
    connection.execute(table.insert(), rows)


def _batches(lines: IO[bytes]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for line in lines:
        if line.strip():
            batch.append(json.loads(line))
        if len(batch) == BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


Decode = Callable[[dict[str, Any]], dict[str, Any]]


def _decoder(table: Table) -> Decode:
    unknown_checked: set[frozenset[str]] = set()
    # Dates stay ISO text: what SQLite stores and COPY reads (see _insert for the other path).
    converters: dict[str, Callable[[str], Any]] = {
        column.name: dt.datetime.fromisoformat
        for column in table.columns
        if isinstance(getattr(column.type, "impl", column.type), DateTime)
    }

    def decode(raw: dict[str, Any]) -> dict[str, Any]:
        keys = frozenset(raw)
        if keys not in unknown_checked:
            unknown = sorted(keys - set(table.c.keys()))
            if unknown:
                raise Unprocessable(
                    f"table {table.name}: the export has columns {unknown} this installation "
                    "does not know; upgrade kolrisk here first (`kolrisk migrate`)"
                )
            unknown_checked.add(keys)
        for name, convert in converters.items():
            if raw.get(name) is not None:
                raw[name] = convert(raw[name])
        return raw

    return decode


def _generated_key(table: Table) -> str | None:
    """An integer key the database numbers itself (mentions.id) and nothing refers to: left
    for this installation to number, since the source's numbers may be taken here."""
    keys = list(table.primary_key.columns)
    if len(keys) != 1 or not isinstance(keys[0].type, Integer) or not keys[0].autoincrement:
        return None
    referenced = any(
        fk.column.table is table for other in Base.metadata.tables.values()
        for fk in other.foreign_keys
    )  # fmt: skip
    return None if referenced else keys[0].name


def _check_counts(manifest: dict[str, Any], result: TenantImportResult) -> None:
    expected = manifest.get("tables", {})
    wrong = {
        name: (count, result.rows.get(name, 0))
        for name, count in expected.items()
        if result.rows.get(name, 0) != count
    }
    if wrong:
        raise Unprocessable(f"the export's row counts do not match what was read: {wrong}")
