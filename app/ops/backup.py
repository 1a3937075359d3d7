"""`kolrisk backup --out FILE` and `kolrisk restore FILE`.

SQLite: SQLite's online backup API copies every page in one step inside one read transaction,
so the copy is a consistent snapshot and (the database being in WAL mode) writers go on
meanwhile. The result is a plain SQLite file, checked with `PRAGMA quick_check`.

PostgreSQL: `pg_dump --format=custom` (a consistent snapshot too; safe while the service runs)
and `pg_restore --clean --if-exists --single-transaction` (all or nothing). The client tools
must match the server's major version; the password travels in PGPASSWORD, never in argv.

A restore replaces the whole database, so it refuses a database that holds tenants unless
told `--yes`; stop every kolrisk process on it first. It migrates afterwards, so a backup made
by an older version comes back at today's schema. A SQLite backup restores into PostgreSQL too
(through `kolrisk db copy`'s path); a PostgreSQL dump does not restore into SQLite.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.engine import URL, make_url

from app.db import Database, normalize_database_url, open_migrated
from app.errors import AppError, Conflict, Unprocessable
from app.models import Tenant

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class ToolMissing(AppError):
    error = "tool_missing"


@dataclass(frozen=True)
class Done:
    path: Path
    bytes: int
    seconds: float
    kind: str  # "sqlite" or "pg_dump"


def sqlite_path(url: str) -> Path:
    parsed = make_url(normalize_database_url(url))
    if not parsed.database or parsed.database == ":memory:":
        raise Unprocessable("an in-memory SQLite database has nothing to back up or restore")
    return Path(parsed.database)


def backup(database: Database, out: Path) -> Done:
    started = time.perf_counter()
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    if database.is_sqlite:
        _sqlite_backup(sqlite_path(database.url), partial)
        kind = "sqlite"
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              f"--file={partial}", f"--dbname={_libpq(database.url)}"], database.url)  # fmt: skip
        kind = "pg_dump"
    os.replace(partial, out)
    return Done(out, out.stat().st_size, time.perf_counter() - started, kind)


def _sqlite_backup(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(target)) as copy:
        live.backup(copy)  # pages=-1: one step, one snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
    if verdict != "ok":
        target.unlink(missing_ok=True)
        raise AppError(f"the backup failed its integrity check: {verdict}")


def restore(url: str, backup_file: Path, *, replace: bool) -> Done:
    """Make the database at `url` a copy of the backup, then migrate it to the code's schema."""
    started = time.perf_counter()
    if not backup_file.is_file():
        raise Unprocessable(f"no such backup file: {backup_file}")
    kind = _kind_of(backup_file)
    target_is_sqlite = make_url(normalize_database_url(url)).get_backend_name() == "sqlite"
    if not replace:
        _refuse_if_in_use(url)
    if kind == "pg_dump":
        if target_is_sqlite:
            raise Unprocessable(
                "a PostgreSQL dump restores into PostgreSQL only; set KOLRISK_DATABASE_URL to "
                "a PostgreSQL database"
            )
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", f"--dbname={_libpq(url)}",
              str(backup_file)], url)  # fmt: skip
    elif target_is_sqlite:
        _sqlite_replace(backup_file, sqlite_path(url))
    else:
        _sqlite_into_postgres(backup_file, url, replace)
    open_migrated(url).dispose()
    return Done(backup_file, backup_file.stat().st_size, time.perf_counter() - started, kind)


def _kind_of(path: Path) -> str:
    with path.open("rb") as file:
        head = file.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "pg_dump"
    raise Unprocessable(f"{path} is neither a SQLite backup nor a pg_dump custom-format file")


def _refuse_if_in_use(url: str) -> None:
    if make_url(normalize_database_url(url)).get_backend_name() == "sqlite":
        if not sqlite_path(url).exists():
            return
    database = Database(url)
    try:
        if not inspect(database.engine).has_table("tenants"):
            return
        with database.session_scope(write=False) as session:
            names = list(session.scalars(select(Tenant.name).limit(5)))
    finally:
        database.dispose()
    if names:
        raise Conflict(
            f"the database holds tenants ({', '.join(names)}…); a restore replaces all of it. "
            "Stop every kolrisk process on it and run again with --yes"
        )


def _sqlite_replace(backup_file: Path, target: Path) -> None:
    """Copy the backup beside the target, then swap it in whole: a crash mid-way leaves the
    old database as it was, never a mix."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".restoring")
    partial.unlink(missing_ok=True)
    _sqlite_backup(backup_file, partial)
    for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm")):
        leftover.unlink(missing_ok=True)
    os.replace(partial, target)


def _sqlite_into_postgres(backup_file: Path, url: str, replace: bool) -> None:
    from app.ops.copy import copy_database, empty_tables

    target = open_migrated(url)
    try:
        if replace:
            empty_tables(target)
    finally:
        target.dispose()
    copy_database(f"sqlite:///{backup_file}", url)


def _libpq(url: str) -> str:
    """The URL as libpq reads it: no driver name, no password (that goes in PGPASSWORD)."""
    parsed: URL = make_url(normalize_database_url(url))
    return parsed.set(drivername="postgresql", password=None).render_as_string()


def _run(argv: list[str], url: str) -> None:
    tool = shutil.which(argv[0])
    if tool is None:
        raise ToolMissing(
            f"{argv[0]} is not installed: apt-get install postgresql-client (the same major "
            "version as the server)"
        )
    env = dict(os.environ)
    password = make_url(normalize_database_url(url)).password
    if password:
        env["PGPASSWORD"] = str(password)
    done = subprocess.run([tool, *argv[1:]], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise AppError(f"{argv[0]} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
