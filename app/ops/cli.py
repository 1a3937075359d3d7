"""`kolrisk backup --out FILE`, `kolrisk restore FILE [--yes]`, `kolrisk db copy --to URL`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.config import Settings
from app.db import normalize_database_url, open_migrated
from app.ops.backup import backup, restore
from app.ops.copy import BATCH_ROWS, copy_database


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    database = open_migrated(settings.database_url)
    try:
        done = backup(database, Path(args.out))
    finally:
        database.dispose()
    print(f"backup ({done.kind}) written to {done.path}: {done.bytes:,} bytes in "
          f"{done.seconds:.1f} s")  # fmt: skip
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    done = restore(settings.database_url, Path(args.file), replace=args.yes)
    shown = _shown(settings.database_url)
    print(f"restored {done.path} ({done.kind}) into {shown} in {done.seconds:.1f} s")
    return 0


def cmd_copy(args: argparse.Namespace, settings: Settings) -> int:
    def progress(table: str, copied: int, total: int) -> None:
        sys.stderr.write(f"\r{table}: {copied:,} of {total:,} rows")
        if copied >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    result = copy_database(settings.database_url, args.to, args.batch, progress)
    for table in result.resumed:
        print(f"resumed {table}")
    for table, rows in result.rows.items():
        print(f"copied {rows}\t{table}")
    print(f"copy complete and counts agree: {sum(result.rows.values()):,} rows into "
          f"{_shown(args.to)}; set KOLRISK_DATABASE_URL to it to switch")  # fmt: skip
    return 0


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(normalize_database_url(url)).render_as_string(hide_password=True)


def add_commands(commands: Any) -> None:
    saving = commands.add_parser("backup", help="a consistent backup while the service runs")
    saving.add_argument("--out", required=True, help="the file to write")
    saving.set_defaults(handler=cmd_backup)
    restoring = commands.add_parser("restore", help="replace the database with a backup")
    restoring.add_argument("file")
    restoring.add_argument(
        "--yes", action="store_true", help="replace a database that holds tenants"
    )
    restoring.set_defaults(handler=cmd_restore)
    db = commands.add_parser("db", help="move an installation to another database")
    actions = db.add_subparsers(dest="action", required=True)
    copy = actions.add_parser(
        "copy", help="copy this SQLite installation into an empty database (resumable)"
    )
    copy.add_argument("--to", required=True, help="e.g. postgresql+psycopg://user@host/db")
    copy.add_argument("--batch", type=int, default=BATCH_ROWS, help="rows per transaction")
    copy.set_defaults(handler=cmd_copy)
