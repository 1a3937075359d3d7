"""`kolrisk collect --tenant NAME --watch ID`: one pass now; progress per platform and listing on
stderr as it goes, a summary on stdout: one line per platform (listings, items, new posts), each
failure cause once with the number of listings it stopped, then the totals. Exit 1 when the pass
cannot run, 3 when every listing failed."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any, TextIO

from app.auth import service as auth_service
from app.clock import utcnow
from app.collection.runner import NOT_TRIED, PassSummary, run_collection
from app.config import Settings
from app.db import Database, upgrade_to_head
from app.errors import AppError

EXIT_ALL_FAILED = 3


def run_collect(args: argparse.Namespace, settings: Settings) -> int:
    database = Database.from_settings(settings)
    try:
        upgrade_to_head(database)
        with database.session_scope(write=False) as session:
            tenant_id = auth_service.find_tenant(session, args.tenant).id
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
    write_summary(summary, sys.stdout)
    totals = summary.totals
    if totals["listings"] and totals["failed"] == totals["listings"]:
        sys.stderr.write("kolrisk collect: every listing failed; nothing was collected\n")
        return EXIT_ALL_FAILED
    return 0


def write_summary(summary: PassSummary, out: TextIO) -> None:
    by_platform: dict[str, list[dict[str, Any]]] = {}
    for entry in summary.listings:
        by_platform.setdefault(entry["platform"], []).append(entry)
    for platform, entries in by_platform.items():
        items = sum(e["items"] for e in entries)
        inserted = sum(e["inserted"] for e in entries)
        failed = [e for e in entries if e["failed"]]
        out.write(
            f"{platform}: {len(entries)} listings, {len(entries) - len(failed)} read, "
            f"{items} items, {inserted} new\n"
        )
        # A refusal that ended the platform's pass also stands for the listings it kept us from.
        causes = Counter(str(e["error"]).replace(NOT_TRIED, "") for e in failed)
        for cause, count in causes.most_common():
            out.write(f"  {count} failed: {cause}\n")
    totals = summary.totals
    out.write(
        f"listings={totals['listings']} items={totals['items']} inserted={totals['inserted']} "
        f"errors={totals['errors']}\n"
    )


def _progress(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
