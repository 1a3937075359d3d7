"""`kolrisk privacy find|erase --tenant NAME --platform P --uid UID`."""

from __future__ import annotations

import argparse
from typing import Any

from app.audit import cli_actor
from app.clock import utcnow
from app.config import Settings
from app.db import Database, open_migrated
from app.models.post import PLATFORMS
from app.privacy import requests
from app.privacy.service import DataSubject
from app.tenants.registry import require_tenant
from sentiment import get_scorer


def _author(args: argparse.Namespace, settings: Settings) -> tuple[Database, DataSubject]:
    database = open_migrated(settings.database_url)
    with database.session_scope(write=False) as session:
        tenant_id = require_tenant(session, args.tenant).id
    return database, DataSubject(tenant_id, args.platform, args.uid)


def cmd_find(args: argparse.Namespace, settings: Settings) -> int:
    database, author = _author(args, settings)
    found = requests.find(database, author, cli_actor(author.tenant_id), utcnow)
    if args.json:
        print(found.model_dump_json(indent=2))
        return 0
    print(f"author {author.platform}:{author.uid} in tenant {args.tenant}")
    print(f"posts\t{len(found.posts)}")
    for post in found.posts:
        print(
            f"  {post.id}\t{post.created_at:%Y-%m-%d %H:%M}Z\t{post.platform_id}\t{post.url or ''}"
        )
    print(f"mentions\t{len(found.mentions)}")
    print(f"accounts\t{len(found.accounts)}")
    for account in found.accounts:
        print(f"  {account.role}\t{account.entity}\t{account.person or ''}\t{account.handle or ''}")
    print(f"quoted in\t{len(found.evidence)}")
    for quoted in found.evidence:
        print(f"  {quoted.kind}\t{quoted.id}\twatch {quoted.watch_id}\t{quoted.at:%Y-%m-%d %H:%M}Z")
    for erasure in found.erasures:
        print(f"erased before\t{erasure.id}\t{erasure.requested_at:%Y-%m-%d %H:%M}Z")
    return 0


def cmd_erase(args: argparse.Namespace, settings: Settings) -> int:
    database, author = _author(args, settings)
    actor = cli_actor(author.tenant_id)
    done = requests.erase(
        database, author, actor, get_scorer(), utcnow, settings.inline_score_limit
    )
    for kind, count in done.removed.items():
        print(f"removed {count}\t{kind}")
    for watch in done.watches:
        print(f"re-evaluated {watch.watch_id}\t{watch.decision}\t{watch.level}\t{watch.score:.0f}")
    print(f"erasure {done.id} done for {author.platform}:{author.uid} in tenant {args.tenant}")
    return 0


def add_commands(commands: Any) -> None:
    privacy = commands.add_parser("privacy", help="personal-data requests (PIPL): find, erase")
    actions = privacy.add_subparsers(dest="action", required=True)
    for name, handler, text in (
        ("find", cmd_find, "list what the tenant holds about one author"),
        ("erase", cmd_erase, "erase one author's posts and personal data"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("--tenant", required=True)
        action.add_argument("--platform", required=True, choices=PLATFORMS)
        action.add_argument("--uid", required=True)
        if name == "find":
            action.add_argument("--json", action="store_true", help="everything, as JSON")
        action.set_defaults(handler=handler)
