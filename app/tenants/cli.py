"""`kolrisk tenant create|list|export|import|delete`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.clock import utcnow
from app.config import Settings
from app.db import Database, open_migrated
from app.tenants import registry
from app.tenants.archive import export_tenant, import_archive
from app.tenants.removal import delete_tenant


def _database(settings: Settings) -> Database:
    return open_migrated(settings.database_url)


def cmd_create(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    with database.session_scope() as session:
        tenant = registry.create_tenant(session, args.name)
        print(f"created tenant {tenant.name} ({tenant.id}); add a key with "
              f"`kolrisk apikey create --tenant {tenant.name} --scope admin`")  # fmt: skip
    return 0


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    with database.session_scope(write=False) as session:
        rows = registry.summaries(session)
    print("\t".join(["tenant", "posts", "watches", "keys", "last_activity"]))
    for row in rows:
        last = f"{row.last_activity:%Y-%m-%d %H:%M}Z" if row.last_activity else "never"
        print("\t".join([row.name, str(row.posts), str(row.watches), str(row.keys), last]))
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    result = export_tenant(database, settings, args.name, Path(args.out))
    _table_lines(result.rows, "exported")
    print(f"wrote {result.path} ({sum(result.rows.values())} rows of tenant {result.tenant})")
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    source_key = None
    if args.source_secret_key_file:
        source_key = Path(args.source_secret_key_file).read_text().strip()
    result = import_archive(database, settings, Path(args.file), args.rename, source_key)
    _table_lines(result.rows, "imported")
    if result.reencrypted:
        print(f"re-encrypted {result.reencrypted} secrets with this installation's key")
    print(f"imported tenant {result.tenant} ({sum(result.rows.values())} rows)")
    return 0


def cmd_delete(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    if not args.yes:
        with database.session_scope(write=False) as session:
            registry.require_tenant(session, args.name)
        sys.stderr.write(
            f"kolrisk tenant delete: this removes tenant {args.name!r} and everything it "
            "holds; run again with --yes to do it\n"
        )
        return 2

    def progress(table: str, count: int) -> None:
        sys.stderr.write(f"removed {count} rows from {table}\n")

    removed = delete_tenant(database, args.name, utcnow, progress=progress)
    _table_lines(removed, "removed")
    print(f"deleted tenant {args.name} ({sum(removed.values())} rows)")
    return 0


def _table_lines(rows: dict[str, int], verb: str) -> None:
    for table, count in rows.items():
        if count:
            print(f"{verb} {count}\t{table}")


def add_commands(commands: Any) -> None:
    tenant = commands.add_parser("tenant", help="create, list, export, import and delete tenants")
    actions = tenant.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create a tenant")
    create.add_argument("name")
    create.set_defaults(handler=cmd_create)
    actions.add_parser(
        "list", help="every tenant with its posts, watches, keys and last activity"
    ).set_defaults(handler=cmd_list)
    export = actions.add_parser("export", help="write everything of a tenant to a zip")
    export.add_argument("name")
    export.add_argument("--out", required=True, help="the zip to write")
    export.set_defaults(handler=cmd_export)
    importer = actions.add_parser("import", help="load a tenant export into this installation")
    importer.add_argument("file")
    importer.add_argument("--as", dest="rename", help="import under this name instead")
    importer.add_argument(
        "--source-secret-key-file",
        help="a file holding the exporting installation's KOLRISK_SECRET_KEY, when it differs "
        "from this one's: its webhook URLs and platform credentials are re-encrypted",
    )
    importer.set_defaults(handler=cmd_import)
    remove = actions.add_parser("delete", help="remove a tenant and everything it holds")
    remove.add_argument("name")
    remove.add_argument("--yes", action="store_true", help="really delete")
    remove.set_defaults(handler=cmd_delete)
