"""`kolrisk collect --tenant NAME --watch ID`: one pass now; progress per platform and query on
stderr, a summary on stdout (one line per listing, then totals)."""

from __future__ import annotations

import argparse
import sys

from app.clock import utcnow
from app.collection.service import run_collection
from app.config import Settings
from app.db import Database, upgrade_to_head
from app.errors import AppError
from app.tenants.registry import require_tenant


def run_collect(args: argparse.Namespace, settings: Settings) -> int:
    database = Database.from_settings(settings)
    try:
        upgrade_to_head(database)
        with database.session_scope(write=False) as session:
            tenant_id = require_tenant(session, args.tenant).id
        summary = run_collection(
            database, settings, utcnow, tenant_id, args.watch, progress=_progress
        )
    except AppError as exc:
        sys.stderr.write(f"kolrisk collect: {exc.message}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted; finished pages are saved and the next pass resumes\n")
        return 130
    finally:
        database.dispose()
    for entry in summary.listings:
        outcome = entry["error"] or "ok"
        sys.stdout.write(
            f"{entry['platform']}\t{entry['query']}\titems={entry['items']}\t"
            f"new={entry['inserted']}\t{outcome}\n"
        )
    totals = summary.totals
    sys.stdout.write(
        f"listings={totals['listings']} items={totals['items']} inserted={totals['inserted']} "
        f"errors={totals['errors']}\n"
    )
    return 0


def _progress(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
